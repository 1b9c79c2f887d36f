// The survival operation of the conformance corpus (Kaplan-Meier), through the Node.js API.
// The curves come back as Float64Arrays; they are read into plain arrays to match.

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

export function kaplan_meier(ctx) {
  const { get } = ctx
  const data = { duration: numbers(get('duration')), event: get('event') }
  if (get('entry') !== undefined) data.entry = numbers(get('entry'))
  if (get('group') !== undefined) data.group = get('group')
  const result = ctx.tenure.kaplanMeier(data, get('options'))
  return { overall: plainFit(result.overall), groups: result.groups.map(plainFit) }
}
