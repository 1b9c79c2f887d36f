// Survival and cohort operations of the conformance corpus, through the Node.js API.
// Kaplan-Meier curves come back as Float64Arrays; they are read into plain arrays to match.

export const SURVIVAL_OPS = new Set(['kaplan_meier', 'cohort_table', 'merge_cohort_counts'])

const SPECIAL = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity }

/** A corpus number column as a Float64Array ("NaN", "Infinity" stand for those numbers). */
const numbers = (values) => Float64Array.from(values, (v) => (typeof v === 'string' ? SPECIAL[v] : v ?? NaN))

function plainFit(fit) {
  const curve = Object.fromEntries(
    Object.entries(fit.curve).map(([k, v]) => {
      if (!(v instanceof Float64Array)) throw new Error(`curve column ${k} is not a Float64Array`)
      return [k, Array.from(v)]
    }),
  )
  return { ...fit, curve }
}

/** Runs a survival/cohort op (`get` reads a key of the input in the variant's spelling). */
export function runSurvival(tenure, op, input, get) {
  switch (op) {
    case 'kaplan_meier': {
      const data = { duration: numbers(get('duration')), event: get('event') }
      if (get('entry') !== undefined) data.entry = numbers(get('entry'))
      if (get('group') !== undefined) data.group = get('group')
      const result = tenure.kaplanMeier(data, get('options'))
      return { overall: plainFit(result.overall), groups: result.groups.map(plainFit) }
    }
    case 'cohort_table': {
      const { options, ...data } = input
      return tenure.cohortTable(data, options)
    }
    case 'merge_cohort_counts': {
      const partials = get('partials').map((p) => {
        const { options, ...data } = p
        // Counts travel as JSON between workers.
        return JSON.parse(JSON.stringify(tenure.cohortCounts(data, options ?? get('options'))))
      })
      return tenure.mergeCohortCounts(partials)
    }
    default:
      throw new Error(`unknown survival op ${op}`)
  }
}
