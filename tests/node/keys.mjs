// The binding's key rule, for the tests: results use camelCase keys (snake_case → camelCase:
// an underscore followed by a lowercase letter becomes that letter in capitals), except inside
// `inputs`, `attributes`, `columns`, `rates`, `facts` and `last_fired` (and the portfolio review's
// `by_segment`, `engagement_levels`, `avg_ttfv_days_by_segment`), whose keys are user data.

export const USER_DATA_KEYS = new Set([
  'inputs', 'attributes', 'columns', 'rates', 'facts', 'last_fired',
  // the portfolio review's maps keyed by segment and engagement level
  'by_segment', 'engagement_levels', 'avg_ttfv_days_by_segment',
])

export const camelCase = (key) => key.replace(/_([a-z])/g, (_, c) => c.toUpperCase())

/** A copy of `value` with every object key converted by the binding's rule. */
export function camelKeys(value, rename = true) {
  if (Array.isArray(value)) return value.map((v) => camelKeys(v, rename))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        rename ? camelCase(k) : k,
        camelKeys(v, rename && !USER_DATA_KEYS.has(k)),
      ]),
    )
  }
  return value
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/

/** A copy of `value` with every ISO day string that is a valid date replaced by a `Date`. */
export function datesAsDateObjects(value) {
  if (Array.isArray(value)) return value.map(datesAsDateObjects)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, datesAsDateObjects(v)]))
  }
  if (typeof value === 'string' && ISO_DAY.test(value)) {
    const date = new Date(`${value}T00:00:00Z`)
    if (!Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value) return date
  }
  return value
}
