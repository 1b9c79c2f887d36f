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

const spec = JSON.parse(readFileSync(new URL('../crates/core/src/builtin_model.json', import.meta.url), 'utf8'))

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
        input: k.input ?? sig.key,
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

/** Points of one signal for row `i` (NaN when missing or unusable); `read(key, i)` gives a value. */
function signalPoints(s, read, i) {
  switch (s.type) {
    case 'numeric': {
      const x = read(s.input, i)
      return Number.isFinite(x) ? bandPoints(s.bands, x) : NaN
    }
    case 'count': {
      const x = read(s.input, i)
      return Number.isFinite(x) && x >= 0 && Number.isInteger(x) ? bandPoints(s.bands, x) : NaN
    }
    case 'ratio': {
      const n = read(s.numerator, i)
      const d = read(s.denominator, i)
      return Number.isFinite(n) && Number.isFinite(d) && d !== 0 ? bandPoints(s.bands, n / d) : NaN
    }
    case 'categorical': {
      const v = read(s.input, i)
      return typeof v === 'string' ? s.categories.get(v) ?? NaN : NaN
    }
    case 'boolean': {
      const v = read(s.input, i)
      return v === true ? s.truePoints : v === false ? s.falsePoints : NaN
    }
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

/** Scores `n` rows with the compiled model (every signal's policy is `exclude`). */
function scorePlainJs(model, read, n) {
  const composite = new Float64Array(n)
  const coverage = new Float64Array(n)
  const tier = new Array(n)
  const status = new Array(n)
  for (let i = 0; i < n; i++) {
    let num = 0
    let den = 0
    let covered = 0
    let observed = false
    for (const d of model.dimensions) {
      let dn = 0
      let dd = 0
      for (const s of d.signals) {
        const p = signalPoints(s, read, i)
        if (!Number.isNaN(p)) {
          covered += s.share
          observed = true
          dn += s.weight * p
          dd += s.weight
        }
      }
      if (dd > 0) {
        num += d.weight * (dn / dd)
        den += d.weight
      }
    }
    const cov = covered / model.totalShare
    coverage[i] = cov
    if (!observed || den === 0 || cov < model.minCoverage) {
      composite[i] = NaN
      tier[i] = null
      status[i] = 'insufficient_data'
    } else {
      const c = roundScore((num / den) * 10)
      composite[i] = c
      tier[i] = (model.tiers.find((t) => c >= t.min) ?? model.tiers[model.tiers.length - 1]).key
      status[i] = 'scored'
    }
  }
  return { composite, coverage, tier, status }
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
const fromColumns = (key, i) => data.columns[key][i]
const fromAccounts = (key, i) => accounts[i].inputs[key]

// Warm up (JIT, allocator), then take the best of RUNS (account objects: fewer runs, they are slow).
scorePlainJs(plain, fromColumns, Math.min(ROWS, 10_000))
scorePlainJs(plain, fromAccounts, Math.min(ROWS, 10_000))
tenure.scoreBatch(data.columns)

const jsColumns = timeBest('plain JavaScript (columns)', RUNS, () => scorePlainJs(plain, fromColumns, ROWS))
const columns = timeBest('tenure scoreBatch (Float64Array + string[])', RUNS, () => tenure.scoreBatch(data.columns))
const dictionary = timeBest('tenure scoreBatch (Float64Array + dictionary)', RUNS, () => tenure.scoreBatch(data.dictionary))
const jsAccounts = timeBest('plain JavaScript (account objects)', RUNS, () => scorePlainJs(plain, fromAccounts, ROWS))
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
