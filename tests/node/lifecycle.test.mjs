// The lifecycle functions through the Node.js API: Dates in, plain camelCase objects out, the
// async analyses off the event loop, typed errors.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const tenure = require('../../crates/node')

const events = [
  { account: 'a1', date: new Date('2026-01-05T00:00:00Z'), category: 'product', subReason: 'bugs', arr: '20000.10' },
  { account: 'a2', date: '2026-02-07', category: 'strategic', arr: 10000 },
]

test('renewal prep takes Dates and answers in camelCase', () => {
  const plan = tenure.renewalPrep({ renewalDate: new Date('2026-12-31T00:00:00Z'), asOf: new Date('2027-01-01T00:00:00Z') })
  assert.equal(plan.phase, 'passed')
  assert.deepEqual(plan.redAlertReasons, ['renewal_passed_unsigned'])
  assert.equal(plan.steps[0].due, '2026-10-02')
  assert.equal(plan.steps[0].customerFacing, false)
})

test('async analyses give the same answer as the sync ones', async () => {
  const sync = tenure.churnReasonAnalysis(events)
  assert.deepEqual(await tenure.churnReasonAnalysisAsync(events), sync)
  assert.equal(sync.arr, '30000.10')
  assert.equal(sync.topCategory, 'product')
  const model = tenure.HealthModel.builtin()
  const input = { events, histories: [{ account: 'a1', history: [{ date: '2025-09-01', score: 81 }] }] }
  const surprise = tenure.surpriseChurn(model, input)
  assert.deepEqual(await tenure.surpriseChurnAsync(model, input), surprise)
  assert.deepEqual(surprise.accounts.map((a) => a.class), ['surprise', 'unknown'])
})

test('errors carry code, path and value; async errors reject', async () => {
  assert.throws(
    () => tenure.classifyChurn({ account: 'a', date: '2026-01-01', category: 'pricing', arr: 1 }),
    (e) => e instanceof Error && e.code === 'input.unknown_churn_category' && e.path === 'category' && e.value === 'pricing',
  )
  assert.throws(() => tenure.winBackPlan({ churnDate: '+262142-12-30', asOf: '+262142-12-31' }), (e) => e.code === 'input.date_out_of_range')
  await assert.rejects(
    tenure.surpriseChurnAsync(tenure.HealthModel.builtin(), { events: [{ account: 'a', date: '-262143-02-01', arr: 1 }] }),
    (e) => e.code === 'input.date_out_of_range' && e.path === 'events[0].date',
  )
  assert.throws(() => tenure.churnReasonAnalysisAsync([{ account: 'a', date: 'x', category: 'value', arr: 1 }]), (e) => e.code === 'input.parse')
})
