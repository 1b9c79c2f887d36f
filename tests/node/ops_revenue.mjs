// Revenue operations of the conformance corpus, through the Node.js API.

export const customer_months = (ctx) => ctx.tenure.customerMonths(ctx.input)
export const mrr_movements = (ctx) => ctx.tenure.mrrMovements(ctx.input)
export const movement_detail = (ctx) => ({ rows: ctx.tenure.movementDetail(ctx.input) })
export const retention_metrics = (ctx) => ctx.tenure.retentionMetrics(ctx.input)

/** Each partial through `mrrMovements` (its errors' paths under `partials[i]`), then merged. */
export function merge_movements(ctx) {
  const partials = (ctx.get('partials') ?? []).map((p, i) => {
    try {
      return ctx.tenure.mrrMovements(p)
    } catch (error) {
      if (typeof error?.path === 'string') error.path = `partials[${i}].${error.path}`
      throw error
    }
  })
  return ctx.tenure.mergeMovements(partials)
}
