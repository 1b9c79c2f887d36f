// Seeded synthetic accounts for the built-in model, as columns and as account objects.
// Shared by the Node.js tests and benches/node_health.mjs.

/** mulberry32: a small seeded generator, so the data is the same on every run. */
export function seeded(seed) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return { unit: next, below: (n) => Math.floor(next() * n) }
}

const TRENDS = ['down', 'flat', 'up']
const PAYMENT = ['current', 'late', 'delinquent']

/** Input key → how its values are drawn; about `missing` of each input is missing. */
const NUMBERS = {
  dau_mau_ratio: (r) => r.unit() * 0.8,
  features_adopted: (r) => r.below(20),
  features_available: () => 20,
  core_actions_weekly: (r) => r.below(80),
  support_tickets_30d: (r) => r.below(12),
  contacts_count: (r) => r.below(12),
  goals_achieved: (r) => r.below(3),
  goals_defined: () => 3,
  expansion_signals: (r) => r.below(4),
}
const BOOLEANS = ['community_active', 'champion_identified', 'exec_sponsor', 'roi_documented']
const TEXTS = { usage_trend: TRENDS, login_trend: TRENDS, payment_status: PAYMENT }

/**
 * `n` accounts: `columns` (numbers as Float64Array with NaN, texts as arrays of strings/null,
 * booleans as arrays of booleans/null), `dictionary` (the same with texts as {codes,
 * categories} and booleans as Float64Array 0/1) and `accounts()` (account objects).
 */
export function portfolio(n, { seed = 42, missing = 0.03 } = {}) {
  const r = seeded(seed)
  const columns = {}
  const dictionary = {}
  for (const [key, draw] of Object.entries(NUMBERS)) {
    const v = new Float64Array(n)
    for (let i = 0; i < n; i++) v[i] = r.unit() < missing ? NaN : draw(r)
    columns[key] = v
    dictionary[key] = v
  }
  for (const key of BOOLEANS) {
    const v = new Array(n)
    const f = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      v[i] = r.unit() < missing ? null : r.below(2) === 1
      f[i] = v[i] === null ? NaN : Number(v[i])
    }
    columns[key] = v
    dictionary[key] = f
  }
  for (const [key, categories] of Object.entries(TEXTS)) {
    const codes = new Int32Array(n)
    const v = new Array(n)
    for (let i = 0; i < n; i++) {
      codes[i] = r.unit() < missing ? -1 : r.below(categories.length)
      v[i] = codes[i] < 0 ? null : categories[codes[i]]
    }
    columns[key] = v
    dictionary[key] = { codes, categories }
  }
  const accounts = () =>
    Array.from({ length: n }, (_, i) => {
      const inputs = {}
      for (const [key, v] of Object.entries(columns)) {
        const x = v[i]
        if (x !== null && !(typeof x === 'number' && Number.isNaN(x))) inputs[key] = x
      }
      return { id: `acct-${i}`, inputs }
    })
  return { n, columns, dictionary, accounts }
}
