// Batch scoring: every way of giving a batch gives the same scores as scoring each account.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { portfolio } from './portfolio.mjs'

const require = createRequire(import.meta.url)
const { HealthModel } = require('../../crates/node')

const model = HealthModel.builtin()
const data = portfolio(3000, { seed: 7, missing: 0.2 })

/** Asserts two batch results are identical, row by row (NaN equals NaN). */
function assertSameBatch(actual, expected, label) {
  assert.ok(actual.composite instanceof Float64Array, `${label}: composite is a Float64Array`)
  assert.ok(actual.coverage instanceof Float64Array, `${label}: coverage is a Float64Array`)
  assert.equal(actual.composite.length, expected.composite.length, label)
  for (let i = 0; i < expected.composite.length; i++) {
    assert.ok(Object.is(actual.composite[i], expected.composite[i]), `${label}: composite[${i}]`)
    assert.ok(Object.is(actual.coverage[i], expected.coverage[i]), `${label}: coverage[${i}]`)
  }
  assert.deepEqual(actual.tier, expected.tier, `${label}: tier`)
  assert.deepEqual(actual.status, expected.status, `${label}: status`)
  assert.deepEqual(actual.errors, expected.errors, `${label}: errors`)
}

/** The batch result built from scoring every account on its own. */
function oneByOne(accounts) {
  const scores = accounts.map((a) => model.score(a))
  return {
    composite: Float64Array.from(scores, (s) => s.composite ?? NaN),
    coverage: Float64Array.from(scores, (s) => s.coverage),
    tier: scores.map((s) => s.tier?.key ?? null),
    status: scores.map((s) => s.status),
    errors: [],
  }
}

test('typed-array columns, plain arrays, dictionaries and account objects agree with one-by-one scoring', async () => {
  const accounts = data.accounts()
  const expected = oneByOne(accounts)
  const statuses = new Set(expected.status)
  assert.ok(statuses.has('scored') && statuses.has('insufficient_data'), 'the data covers both statuses')
  assertSameBatch(model.scoreBatch(data.columns), expected, 'columns')
  assertSameBatch(model.scoreBatch(data.dictionary), expected, 'dictionary columns')
  const plain = Object.fromEntries(
    Object.entries(data.columns).map(([k, v]) => [
      k,
      v instanceof Float64Array ? Array.from(v, (x) => (Number.isNaN(x) ? null : x)) : v,
    ]),
  )
  assertSameBatch(model.scoreBatch(plain), expected, 'plain arrays')
  assertSameBatch(model.scoreBatch(accounts), expected, 'account objects')
  assertSameBatch(await model.scoreBatchAsync(data.columns), expected, 'async columns')
  assertSameBatch(await model.scoreBatchAsync(data.dictionary, { month: 3 }), expected, 'async dictionary')
  assertSameBatch(await model.scoreBatchAsync(accounts), expected, 'async account objects')
})

test('batch rows with a missing required signal are reported in errors, as score() reports them', () => {
  const spec = JSON.parse(model.toJson())
  spec.id = 'strict'
  spec.dimensions[4].signals[0].missing = 'fail' // payment_status is required
  const strict = HealthModel.fromObject(spec)
  const accounts = data.accounts().slice(0, 200)
  const batch = strict.scoreBatch(accounts)
  const one = accounts.map((a) => strict.score(a))
  const failed = one.flatMap((s, i) => (s.status === 'failed' ? [i] : []))
  assert.ok(failed.length > 0)
  assert.deepEqual(batch.errors.map((e) => e.row), failed)
  for (const e of batch.errors) {
    assert.equal(e.code, 'input.missing_required')
    assert.equal(e.path, `columns.payment_status[${e.row}]`)
    assert.equal(typeof e.message, 'string')
    assert.equal(one[e.row].error.code, 'input.missing_required')
    assert.equal(batch.status[e.row], 'failed')
    assert.ok(Number.isNaN(batch.composite[e.row]))
    assert.equal(batch.tier[e.row], null)
  }
})

test('an empty batch and a batch without columns', () => {
  for (const input of [{}, [], { dau_mau_ratio: new Float64Array(0) }]) {
    const r = model.scoreBatch(input)
    assert.equal(r.composite.length, 0)
    assert.deepEqual(r.tier, [])
    assert.deepEqual(r.status, [])
    assert.deepEqual(r.errors, [])
  }
})

test('numbers keep every bit: Infinity is an unusable input, NaN a missing one', () => {
  const inf = model.score({ inputs: { dau_mau_ratio: Infinity, login_trend: 'up' } })
  assert.deepEqual(inf.issues.map((i) => i.kind), ['not_finite'])
  const nan = model.score({ inputs: { dau_mau_ratio: NaN, login_trend: 'up' } })
  assert.deepEqual(nan.issues, [])
  assert.equal(nan.coverage, inf.coverage)
  const batch = model.scoreBatch({ dau_mau_ratio: new Float64Array([Infinity, NaN, 0.3]) })
  assert.equal(batch.coverage[0], 0)
  assert.equal(batch.coverage[1], 0)
  assert.ok(batch.coverage[2] > 0)
})

test('typed-array views are read from their own offset', () => {
  const buffer = new Float64Array([9, 9, 0.1, 0.5, 9])
  const view = buffer.subarray(2, 4)
  const a = model.scoreBatch({ dau_mau_ratio: view, login_trend: ['up', 'down'] })
  const b = model.scoreBatch({ dau_mau_ratio: new Float64Array([0.1, 0.5]), login_trend: ['up', 'down'] })
  assert.deepEqual(Array.from(a.coverage), Array.from(b.coverage))
  assert.deepEqual(a.status, b.status)
})
