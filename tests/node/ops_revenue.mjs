// Revenue operations of the conformance corpus, through the Node.js API. Each op also runs the
// columnar or asynchronous entry point where one exists and checks it agrees.

export const REVENUE_OPS = new Set([
  'customer_months',
  'mrr_movements',
  'movement_detail',
  'merge_movements',
  'retention_metrics',
])

/** Runs a revenue op (`get` reads a key of the input in the variant's spelling). */
export function runRevenue(tenure, op, input, get) {
  switch (op) {
    case 'customer_months':
      return tenure.customerMonths(input)
    case 'mrr_movements':
      return tenure.mrrMovements(input)
    case 'movement_detail':
      return { rows: tenure.movementDetail(input) }
    case 'retention_metrics':
      return tenure.retentionMetrics(input)
    case 'merge_movements': {
      const partials = (get('partials') ?? []).map((p, i) => {
        try {
          return tenure.mrrMovements(p)
        } catch (error) {
          if (typeof error?.path === 'string') error.path = `partials[${i}].${error.path}`
          throw error
        }
      })
      return tenure.mergeMovements(partials)
    }
    default:
      throw new Error(`unknown revenue op ${op}`)
  }
}
