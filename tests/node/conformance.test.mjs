// Runs every case of the shared conformance corpus (tests/conformance/**/*.json) through the
// JavaScript API, the way tests/conformance.rs runs it through the Rust core.
//
// Each case runs in three spellings:
//   json   — models through `fromJson(JSON.stringify(model))`, inputs as in the corpus
//            (snake_case keys, ISO date strings), number columns as Float64Array;
//   object — models through `fromObject(model)`, inputs as in the corpus, number columns as
//            plain arrays of numbers and nulls;
//   camel  — models and inputs with every key converted to camelCase by the binding's rule and
//            every ISO day as a `Date`, number columns as Float64Array.
// Expectations are converted to camelCase keys by the same rule as the binding's results.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { camelCase, camelKeys, datesAsDateObjects } from './keys.mjs'
import { corpusFiles, loadCorpusFile, match } from './corpus.mjs'
import { REVENUE_OPS, runRevenue } from './ops_revenue.mjs'
import { RULE_OPS, runRulesCase } from './ops_rules.mjs'
import { LIFECYCLE_OPS, runLifecycle } from './ops_lifecycle.mjs'
import { SURVIVAL_OPS, runSurvival } from './ops_survival.mjs'
import { PORTFOLIO_OPS, runPortfolio } from './ops_portfolio.mjs'

const require = createRequire(import.meta.url)
const tenure = require('../../crates/node')
const { HealthModel, SegmentedModel } = tenure

const VARIANTS = ['json', 'object', 'camel']

const builtinJson = HealthModel.builtin().toJson()

function modelOf(testCase, models) {
  const spec = testCase.model
  if (spec === undefined || spec === 'builtin') return 'builtin'
  if (typeof spec === 'string') return models?.[spec] ?? null
  return spec
}

function loadModel(spec, variant) {
  if (spec === 'builtin') {
    return variant === 'json' ? HealthModel.fromJson(builtinJson) : HealthModel.builtin()
  }
  if (variant === 'json') return HealthModel.fromJson(JSON.stringify(spec))
  if (variant === 'object') return HealthModel.fromObject(spec)
  return HealthModel.fromObject(camelKeys(spec))
}

function loadModelSet(spec, variant) {
  if (variant === 'json') return SegmentedModel.fromJson(JSON.stringify(spec))
  if (variant === 'object') return SegmentedModel.fromObject(spec)
  return SegmentedModel.fromObject(camelKeys(spec))
}

/** The input as the variant passes it: snake_case as given, or camelCase keys with Dates. */
function inputFor(input, variant) {
  return variant === 'camel' ? datesAsDateObjects(camelKeys(input)) : input
}

/** A corpus column (README: "Batch columns") as a JS column. */
function jsColumn(values, variant) {
  const infinity = (v) => v === 'Infinity' || v === '-Infinity'
  if (values.some((v) => typeof v === 'string' && !infinity(v))) return values.slice()
  if (values.some((v) => typeof v === 'boolean')) return values.slice()
  const numbers = values.map((v) => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v))
  if (variant === 'object') return numbers
  return Float64Array.from(numbers, (v) => (v === null ? NaN : v))
}

function runBatch(model, input, variant) {
  const columns = Object.fromEntries(
    Object.entries(input.columns ?? {}).map(([k, v]) => [k, jsColumn(v, variant)]),
  )
  const options = input.month === undefined ? undefined : { month: input.month }
  const result = model.scoreBatch(columns, options)
  const rows = Array.from(result.composite, (composite, i) => ({
    status: result.status[i],
    composite: Number.isNaN(composite) ? null : composite,
    tier: result.tier[i],
    coverage: result.coverage[i],
  }))
  return { rows, errors: result.errors }
}

/** Runs one case; returns its output. Throws what the binding throws. */
function runCase(testCase, models, variant, doc) {
  if (PORTFOLIO_OPS.has(testCase.op)) return runPortfolio(tenure, testCase, doc?.portfolios, variant)
  const raw = testCase.input ?? null
  const input = inputFor(raw, variant)
  const get = (key) => input?.[variant === 'camel' ? camelCase(key) : key]
  if (REVENUE_OPS.has(testCase.op)) return runRevenue(tenure, testCase.op, input, get)
  if (RULE_OPS.has(testCase.op)) return runRulesCase(testCase, models, variant, input)
  if (SURVIVAL_OPS.has(testCase.op)) return runSurvival(tenure, testCase.op, input, get)
  switch (testCase.op) {
    case 'validate_model':
      loadModel(modelOf(testCase, models), variant)
      return { valid: true }
    case 'validate_model_set':
      loadModelSet(testCase.model_set ?? null, variant)
      return { valid: true }
    case 'score':
      return loadModel(modelOf(testCase, models), variant).score(input)
    case 'score_segmented':
      return loadModelSet(testCase.model_set ?? null, variant).score(input)
    case 'score_batch':
      return runBatch(loadModel(modelOf(testCase, models), variant), raw, variant)
    case 'blend': {
      const model = loadModel(modelOf(testCase, models), variant)
      const computed = typeof raw.computed === 'number' ? raw.computed : NaN
      return tenure.blendHumanScore(model, computed, get('human'), get('as_of'))
    }
    case 'roll_up': {
      const model = loadModel(modelOf(testCase, models), variant)
      return tenure.rollUpProducts(model, get('products'), get('method'))
    }
    case 'trend': {
      const model = loadModel(modelOf(testCase, models), variant)
      return tenure.scoreTrend(model, get('history'), get('as_of'), get('options'))
    }
    default:
      if (LIFECYCLE_OPS.has(testCase.op)) {
        return runLifecycle(tenure, testCase.op, input, get, () => loadModel(modelOf(testCase, models), variant))
      }
      throw new Error(`unknown op ${testCase.op}`)
  }
}

/** Problems of one case in one variant; empty when it passes. */
function check(testCase, models, variant, doc) {
  const hasExpect = 'expect' in testCase
  const hasError = 'error' in testCase
  if (hasExpect === hasError) return ['a case needs exactly one of `expect` and `error`']
  let actual
  try {
    actual = runCase(testCase, models, variant, doc)
  } catch (error) {
    if (typeof error?.code !== 'string' || !error.code.includes('.')) {
      return [`threw something that is not a tenure error: ${error?.stack ?? error}`]
    }
    if (hasExpect) return [`unexpected error ${error.code} at ${error.path}: ${error.message}`]
    const got = { code: error.code, path: error.path }
    if ('value' in error) got.value = error.value
    return match(testCase.error, got, 'error')
  }
  if (hasError) return [`expected error ${JSON.stringify(testCase.error)}, got ${JSON.stringify(actual)}`]
  return match(camelKeys(testCase.expect), actual)
}

const files = corpusFiles().map(loadCorpusFile)
const counts = { files: 0, run: Object.fromEntries(VARIANTS.map((v) => [v, 0])) }

for (const { name, doc } of files) {
  const cases = doc.cases ?? []
  counts.files += cases.length
  for (const variant of VARIANTS) {
    test(`${name} (${cases.length} cases, ${variant})`, () => {
      const failures = []
      for (const testCase of cases) {
        counts.run[variant] += 1
        const problems = check(testCase, doc.models, variant, doc)
        if (problems.length > 0) failures.push(`${testCase.name}:\n    ${problems.join('\n    ')}`)
      }
      assert.equal(failures.length, 0, `${failures.length} failing case(s):\n${failures.join('\n')}`)
    })
  }
}

test('every case of every corpus file ran in every spelling', () => {
  assert.ok(files.length > 0, 'no corpus files')
  const inFiles = files.reduce((n, f) => n + (f.doc.cases ?? []).length, 0)
  assert.ok(inFiles >= 150, `only ${inFiles} cases in the corpus`)
  assert.equal(counts.files, inFiles)
  for (const variant of VARIANTS) assert.equal(counts.run[variant], inFiles, `${variant} ran ${counts.run[variant]} of ${inFiles}`)
  const names = files.flatMap((f) => (f.doc.cases ?? []).map((c) => c.name))
  assert.equal(new Set(names).size, names.length, 'case names are not unique')
  console.log(`conformance: ${inFiles} cases in ${files.length} files, each run in ${VARIANTS.length} spellings`)
})

test('the matcher rejects what the corpus README says it must', () => {
  assert.deepEqual(match({ a: 1, b: null }, { a: 1 }), [])
  assert.deepEqual(match({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x', c: 2 }], d: 3 }), [])
  assert.equal(match({ a: 0.1 + 0.2 }, { a: 0.3 }).length, 1)
  assert.equal(match({ a: 1 }, {}).length, 1)
  assert.equal(match({ a: [1, 2] }, { a: [1] }).length, 1)
  assert.equal(match({ a: 'x' }, { a: 'y' }).length, 1)
  assert.equal(match({ a: null }, { a: 0 }).length, 1)
  assert.equal(match({ a: 1 }, { a: '1' }).length, 1)
  assert.equal(match({ a: { b: 1 } }, { a: [1] }).length, 1)
  // A wrong expectation on a real case fails.
  const model = HealthModel.builtin()
  const score = model.score({ inputs: { dau_mau_ratio: 0.3 } })
  assert.equal(match(camelKeys({ coverage: 0.12, next_tier: null }), score).length, 0)
  assert.equal(match(camelKeys({ coverage: 0.13 }), score).length, 1)
})
