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
import * as health from './ops_health.mjs'
import * as rules from './ops_rules.mjs'
import * as lifecycle from './ops_lifecycle.mjs'
import * as revenue from './ops_revenue.mjs'
import * as cohort from './ops_cohort.mjs'
import * as survival from './ops_survival.mjs'
import * as portfolio from './ops_portfolio.mjs'

const require = createRequire(import.meta.url)
const tenure = require('../../crates/node')
const { HealthModel } = tenure

const VARIANTS = ['json', 'object', 'camel']

/**
 * Every operation of the corpus, by the name a case's `op` gives. Adding an operation to the
 * corpus adds one line here (and its function in the area's `ops_*.mjs`). Each operation takes
 * the case context of `contextOf` and returns the output, or throws what the binding throws.
 */
const OPERATIONS = Object.freeze({
  validate_model: health.validate_model,
  validate_model_set: health.validate_model_set,
  score: health.score,
  score_segmented: health.score_segmented,
  score_batch: health.score_batch,
  blend: health.blend,
  roll_up: health.roll_up,
  trend: health.trend,
  validate_rules: rules.validate_rules,
  evaluate_rules: rules.evaluate_rules,
  evaluate_rules_batch: rules.evaluate_rules_batch,
  summarize_rules_batch: rules.summarize_rules_batch,
  summarize_rules_columns: rules.summarize_rules_columns,
  renewal_prep: lifecycle.renewal_prep,
  win_back_plan: lifecycle.win_back_plan,
  touch_cadence: lifecycle.touch_cadence,
  onboarding_plan: lifecycle.onboarding_plan,
  engagement_level: lifecycle.engagement_level,
  churn_taxonomy: lifecycle.churn_taxonomy,
  classify_churn: lifecycle.classify_churn,
  churn_reason_analysis: lifecycle.churn_reason_analysis,
  surprise_churn: lifecycle.surprise_churn,
  save_outcomes: lifecycle.save_outcomes,
  customer_months: revenue.customer_months,
  mrr_movements: revenue.mrr_movements,
  movement_detail: revenue.movement_detail,
  retention_metrics: revenue.retention_metrics,
  merge_movements: revenue.merge_movements,
  cohort_table: cohort.cohort_table,
  merge_cohort_counts: cohort.merge_cohort_counts,
  kaplan_meier: survival.kaplan_meier,
  validate_portfolio: portfolio.validate_portfolio,
  command: portfolio.command,
})

/**
 * The uniform context an operation gets: the tenure module, the case, its `input` as in the
 * corpus (`raw`) and as the variant passes it (`input`: snake_case as given, or camelCase keys
 * with Dates), `get(key)` a field of `input` in the variant's spelling, the file's `models`
 * and `portfolios`, and the variant.
 */
function contextOf(testCase, doc, variant) {
  const raw = testCase.input ?? null
  const input = variant === 'camel' ? datesAsDateObjects(camelKeys(raw)) : raw
  return {
    tenure,
    case: testCase,
    raw,
    input,
    get: (key) => input?.[variant === 'camel' ? camelCase(key) : key],
    models: doc?.models,
    portfolios: doc?.portfolios,
    variant,
  }
}

/** Runs one case; returns its output. Throws what the binding throws (an unknown op too). */
function runCase(testCase, variant, doc) {
  const op = testCase.op
  const operation = typeof op === 'string' && Object.hasOwn(OPERATIONS, op) ? OPERATIONS[op] : undefined
  if (operation === undefined) throw new Error(`unknown op ${op}`)
  return operation(contextOf(testCase, doc, variant))
}

/** Problems of one case in one variant; empty when it passes. */
function check(testCase, variant, doc) {
  const hasExpect = 'expect' in testCase
  const hasError = 'error' in testCase
  if (hasExpect === hasError) return ['a case needs exactly one of `expect` and `error`']
  let actual
  try {
    actual = runCase(testCase, variant, doc)
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
        const problems = check(testCase, variant, doc)
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
