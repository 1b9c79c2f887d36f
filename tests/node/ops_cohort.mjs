// The cohort operations of the conformance corpus, through the Node.js API.

export function cohort_table(ctx) {
  const { options, ...data } = ctx.input
  return ctx.tenure.cohortTable(data, options)
}

/** The counts of each partial (`cohortCounts`), merged left to right. */
export function merge_cohort_counts(ctx) {
  const partials = ctx.get('partials').map((p) => {
    const { options, ...data } = p
    // Counts travel as JSON between workers.
    return JSON.parse(JSON.stringify(ctx.tenure.cohortCounts(data, options ?? ctx.get('options'))))
  })
  return ctx.tenure.mergeCohortCounts(partials)
}
