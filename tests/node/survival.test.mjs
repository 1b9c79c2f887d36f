// Kaplan-Meier and cohort tables through the Node.js API: typed-array curves, typed errors,
// counts that merge after a JSON round trip.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const tenure = require('../../crates/node')

test('kaplanMeier returns Float64Array curves and a median', () => {
  const km = tenure.kaplanMeier({ duration: new Float64Array([1, 2, 2, 3]), event: [true, true, true, false] })
  assert.ok(km.overall.curve.survival instanceof Float64Array)
  assert.deepEqual(Array.from(km.overall.curve.survival), [1, 0.75, 0.25, 0.25])
  assert.deepEqual(Array.from(km.overall.curve.atRisk), [4, 4, 3, 1])
  assert.equal(km.overall.median, 2)
  assert.deepEqual(km.groups, [])
  const never = tenure.kaplanMeier({ duration: [1, 2], event: [false, false] }, { confidenceLevel: 0.9 })
  assert.equal(never.overall.median, null)
  assert.equal(never.overall.confidenceLevel, 0.9)
})

test('kaplanMeier errors carry code, path and value', () => {
  assert.throws(
    () => tenure.kaplanMeier({ duration: [1, -3], event: [true, true] }),
    (e) => e instanceof Error && e.code === 'input.negative_duration' && e.path === 'duration[1]' && e.value === -3,
  )
  assert.throws(() => tenure.kaplanMeier({ duration: [], event: [] }), (e) => e.code === 'input.empty')
})

test('cohort counts of two partitions merge into the table of the whole', () => {
  const rows = [
    ['a', '2024-01', 100], ['a', '2024-02', 100], ['b', '2024-01', 50], ['c', '2024-02', 80], ['c', '2024-03', 80],
  ]
  const columns = (rs) => ({ customer: rs.map((r) => r[0]), month: rs.map((r) => r[1]), mrr: rs.map((r) => r[2]) })
  const whole = tenure.cohortTable(columns(rows))
  const parts = [rows.filter((r) => r[0] === 'b'), rows.filter((r) => r[0] !== 'b')]
    .map((rs) => JSON.parse(JSON.stringify(tenure.cohortCounts(columns(rs)))))
  assert.deepEqual(tenure.mergeCohortCounts(parts), whole)
  assert.equal(whole.cohorts[0].cells[1].logoRetention, 0.5)
  assert.equal(whole.cohorts[1].cells[2].status, 'unobservable')
  assert.equal(whole.cohorts[1].cells[2].logoRetention, null)
})
