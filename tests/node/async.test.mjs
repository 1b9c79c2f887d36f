// scoreBatchAsync scores off the event loop: timers keep firing while a large batch is scored.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { portfolio } from './portfolio.mjs'

const require = createRequire(import.meta.url)
const { HealthModel } = require('../../crates/node')

test('the event loop stays responsive while 1M rows are scored asynchronously', async () => {
  const model = HealthModel.builtin()
  const data = portfolio(1_000_000)
  let ticks = 0
  let settled = false
  const timer = setInterval(() => {
    ticks += 1
  }, 1)
  try {
    const pending = model.scoreBatchAsync(data.dictionary)
    assert.ok(pending instanceof Promise)
    // Nothing has run yet: the call returned before any scoring result could be delivered.
    const atCall = ticks
    // A timer fires (and a macrotask runs) while the scoring is still in flight.
    const firstTick = new Promise((resolve) => {
      const check = setInterval(() => {
        if (ticks > atCall) {
          clearInterval(check)
          resolve(settled)
        }
      }, 1)
    })
    pending.then(() => {
      settled = true
    })
    const settledAtFirstTick = await firstTick
    const result = await pending
    assert.equal(settledAtFirstTick, false, 'a timer fired before the batch promise settled')
    assert.ok(ticks > atCall)
    assert.equal(result.composite.length, 1_000_000)
    // The same numbers as the synchronous call.
    const sync = model.scoreBatch(data.dictionary)
    for (let i = 0; i < sync.composite.length; i++) {
      if (!Object.is(sync.composite[i], result.composite[i])) assert.fail(`row ${i} differs`)
    }
    assert.deepEqual(result.tier, sync.tier)
    assert.deepEqual(result.status, sync.status)
  } finally {
    clearInterval(timer)
  }
})

test('scoreBatchAsync rejects with the same typed errors as scoreBatch', async () => {
  const model = HealthModel.builtin()
  await assert.rejects(model.scoreBatchAsync({ nope: new Float64Array(2) }), {
    code: 'input.unknown_signal',
    path: 'columns.nope',
    value: 'nope',
  })
  await assert.rejects(model.scoreBatchAsync({ dau_mau_ratio: [0.1] }, { month: 13 }), {
    code: 'input.out_of_range',
    path: 'month',
    value: 13,
  })
  // Errors found while reading the input are thrown by the call itself.
  assert.throws(() => model.scoreBatchAsync({ dau_mau_ratio: [0.1, 'x'] }), {
    code: 'input.parse',
    path: 'columns.dau_mau_ratio[1]',
  })
})

test('concurrent async batches all settle with their own results', async () => {
  const model = HealthModel.builtin()
  const batches = [1, 2, 3, 4].map((seed) => portfolio(20_000, { seed }))
  const results = await Promise.all(batches.map((b) => model.scoreBatchAsync(b.columns)))
  results.forEach((r, i) => assert.deepEqual(r.status, model.scoreBatch(batches[i].columns).status))
})
