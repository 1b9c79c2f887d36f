// Batch health scoring in Node.js: tenure (the Rust core through the N-API binding) against a
// plain JavaScript implementation of the built-in model, on the same 1M synthetic accounts
// (seeded), in the same run. Both must give the same composites, tiers and statuses.
//
//   bash scripts/test-node.sh          # builds crates/node (release) once
//   node benches/node_health.mjs [rows] [runs]

import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import { portfolio } from '../tests/node/portfolio.mjs'

const require = createRequire(import.meta.url)
const { HealthModel } = require('../crates/node')

const ROWS = Number(process.argv[2] ?? 1_000_000)
const RUNS = Number(process.argv[3] ?? 5)

// ---------------------------------------------------------------------------------------------
// The built-in model in plain JavaScript, written straightforwardly from its JSON and the
// documented arithmetic (crates/core/src/lib.rs, "Arithmetic, rounding and determinism"):
// band points `a + s × (x - from)` with the slope computed once, weighted means summed in the
// order of the signal and dimension keys, one rounding (ties to even) of the composite.

const spec = JSON.parse(readFileSync(new URL('../crates/core/src/health/builtin_model.json', import.meta.url), 'utf8'))

function compileBand(band) {
  const [a, b] = Array.isArray(band.points) ? band.points : [band.points, band.points]
  const lo = band.from ?? -Infinity
  const hi = band.to ?? Infinity
  const constant = a === b
  return {
    lo,
    hi,
    loIn: band.from_inclusive ?? true,
    hiIn: band.to_inclusive ?? false,
    a,
    slope: constant ? 0 : (b - a) / (hi - lo),
    origin: constant ? 0 : lo,
  }
}

function bandPoints(bands, x) {
  for (const b of bands) {
    const above = x > b.lo || (b.loIn && x === b.lo)
    const below = x < b.hi || (b.hiIn && x === b.hi)
    if (above && below) return b.a + b.slope * (x - b.origin)
  }
  return NaN
}

const byKey = (a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)

function compileModel(model) {
  let totalShare = 0
  const dimensions = [...model.dimensions].sort(byKey).map((d) => {
    const weighted = d.combine === 'weighted'
    const ordered = [...d.signals].sort(byKey)
    const weightSum = ordered.reduce((s, sig) => s + (weighted ? sig.weight ?? 1 : 1), 0)
    const signals = ordered.map((sig) => {
      const weight = weighted ? sig.weight ?? 1 : 1
      const share = d.weight * (weight / weightSum)
      totalShare += share
      const k = sig.kind
      return {
        type: k.type,
        input: k.type === 'ratio' ? undefined : k.input ?? sig.key,
        numerator: k.numerator,
        denominator: k.denominator,
        bands: (k.bands ?? []).map(compileBand),
        categories: new Map((k.categories ?? []).map((c) => [c.value, c.points])),
        truePoints: k.true_points,
        falsePoints: k.false_points,
        weight,
        share,
      }
    })
    return { weight: d.weight, signals }
  })
  const tiers = [...model.tiers].sort((x, y) => y.min - x.min)
  return { dimensions, tiers, totalShare, minCoverage: model.min_coverage ?? 0 }
}

/** Points of a signal given its input `x` (and denominator `d`); NaN when missing or unusable. */
function signalPoints(s, x, d) {
  switch (s.type) {
    case 'numeric':
      return Number.isFinite(x) ? bandPoints(s.bands, x) : NaN
    case 'count':
      return Number.isFinite(x) && x >= 0 && Number.isInteger(x) ? bandPoints(s.bands, x) : NaN
    case 'ratio':
      return Number.isFinite(x) && Number.isFinite(d) && d !== 0 ? bandPoints(s.bands, x / d) : NaN
    case 'categorical':
      return typeof x === 'string' ? s.categories.get(x) ?? NaN : NaN
    case 'boolean':
      return x === true ? s.truePoints : x === false ? s.falsePoints : NaN
    default:
      return NaN
  }
}

/** Rounds to one decimal, ties to even (the core's `round_score`). */
function roundScore(raw) {
  const y = raw * 10
  let r = Math.round(y)
  if (r - y === 0.5 && r % 2 !== 0) r -= 1
  return r / 10
}

/** The result arrays for `n` rows. */
function results(n) {
  return { composite: new Float64Array(n), coverage: new Float64Array(n), tier: new Array(n), status: new Array(n) }
}

/** Composite, tier and status of row `i` from its sums (every signal's policy is `exclude`). */
function finish(model, out, i, num, den, covered) {
  const cov = covered / model.totalShare
  out.coverage[i] = cov
  if (covered === 0 || den === 0 || cov < model.minCoverage) {
    out.composite[i] = NaN
    out.tier[i] = null
    out.status[i] = 'insufficient_data'
  } else {
    const c = roundScore((num / den) * 10)
    out.composite[i] = c
    out.tier[i] = (model.tiers.find((t) => c >= t.min) ?? model.tiers[model.tiers.length - 1]).key
    out.status[i] = 'scored'
  }
}

/** Scores `n` rows given as columns (`columns[inputKey][row]`). */
function scoreColumns(model, columns, n) {
  const out = results(n)
  for (let i = 0; i < n; i++) {
    let num = 0
    let den = 0
    let covered = 0
    for (const dim of model.dimensions) {
      let dn = 0
      let dd = 0
      for (const s of dim.signals) {
        const x = columns[s.input ?? s.numerator][i]
        const d = s.denominator === undefined ? undefined : columns[s.denominator][i]
        const p = signalPoints(s, x, d)
        if (!Number.isNaN(p)) {
          covered += s.share
          dn += s.weight * p
          dd += s.weight
        }
      }
      if (dd > 0) {
        num += dim.weight * (dn / dd)
        den += dim.weight
      }
    }
    finish(model, out, i, num, den, covered)
  }
  return out
}

/** Scores account objects (`{inputs: {inputKey: value}}`). */
function scoreAccounts(model, accounts) {
  const out = results(accounts.length)
  for (let i = 0; i < accounts.length; i++) {
    const inputs = accounts[i].inputs
    let num = 0
    let den = 0
    let covered = 0
    for (const dim of model.dimensions) {
      let dn = 0
      let dd = 0
      for (const s of dim.signals) {
        const x = inputs[s.input ?? s.numerator]
        const d = s.denominator === undefined ? undefined : inputs[s.denominator]
        const p = signalPoints(s, x, d)
        if (!Number.isNaN(p)) {
          covered += s.share
          dn += s.weight * p
          dd += s.weight
        }
      }
      if (dd > 0) {
        num += dim.weight * (dn / dd)
        den += dim.weight
      }
    }
    finish(model, out, i, num, den, covered)
  }
  return out
}

// ---------------------------------------------------------------------------------------------

function timeBest(label, runs, fn) {
  let best = Infinity
  let result
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint()
    result = fn()
    const ms = Number(process.hrtime.bigint() - t0) / 1e6
    best = Math.min(best, ms)
  }
  return { label, ms: best, result }
}

function disagreements(a, b) {
  let bad = 0
  for (let i = 0; i < a.composite.length; i++) {
    if (!Object.is(a.composite[i], b.composite[i]) || a.tier[i] !== b.tier[i] || a.status[i] !== b.status[i]) bad++
  }
  return bad
}

const fmt = (t) =>
  `${t.label.padEnd(46)} ${t.ms.toFixed(1).padStart(8)} ms  ${((ROWS / t.ms) * 1e3 / 1e6).toFixed(2).padStart(6)} M accounts/s`

const data = portfolio(ROWS)
const tenure = HealthModel.builtin()
const plain = compileModel(spec)

const accounts = data.accounts()

// Warm up (JIT, allocator), then take the best of RUNS (account objects: fewer runs, they are slow).
scoreColumns(plain, data.columns, Math.min(ROWS, 10_000))
scoreAccounts(plain, accounts.slice(0, 10_000))
tenure.scoreBatch(data.columns)

const jsColumns = timeBest('plain JavaScript (columns)', RUNS, () => scoreColumns(plain, data.columns, ROWS))
const columns = timeBest('tenure scoreBatch (Float64Array + string[])', RUNS, () => tenure.scoreBatch(data.columns))
const dictionary = timeBest('tenure scoreBatch (Float64Array + dictionary)', RUNS, () => tenure.scoreBatch(data.dictionary))
const jsAccounts = timeBest('plain JavaScript (account objects)', RUNS, () => scoreAccounts(plain, accounts))
const records = timeBest('tenure scoreBatch (account objects)', Math.min(RUNS, 2), () => tenure.scoreBatch(accounts))

const checks = [columns, dictionary, jsAccounts, records].map((t) => [t.label, disagreements(t.result, jsColumns.result)])
const scored = jsColumns.result.status.filter((s) => s === 'scored').length

console.log(`tenure node bench: ${ROWS.toLocaleString('en')} synthetic accounts (seed 42, 3% of each input missing), best of ${RUNS}; node ${process.version}`)
console.log(`rows scored: ${scored.toLocaleString('en')}, insufficient data: ${(ROWS - scored).toLocaleString('en')}`)
for (const t of [jsColumns, columns, dictionary, jsAccounts, records]) console.log(fmt(t))
for (const [label, bad] of checks) console.log(`agreement with plain JavaScript (columns), ${label}: ${bad === 0 ? 'all rows identical' : `${bad} rows differ`}`)
const ratio = (js, t) => `${(js.ms / t.ms).toFixed(2)}x`
console.log(`ratio (plain JS time / tenure time): columns ${ratio(jsColumns, columns)}, dictionary columns ${ratio(jsColumns, dictionary)}, account objects ${ratio(jsAccounts, records)}`)
if (checks.some(([, bad]) => bad !== 0)) process.exit(1)
