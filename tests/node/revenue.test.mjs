// Revenue math through the Node.js API: typed-array columns against row-wise snapshots, the
// async variants, typed monthly series, merging, and typed errors.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const tenure = require('../../crates/node')

/** Seeded rows: customer ids, month indices (since 1970-01), MRR with cents. */
function rows(seed, customers = 40, months = 14) {
  let state = seed
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state / 2147483648
  }
  const out = []
  const base = (2023 - 1970) * 12 + 4
  for (let c = 0; c < customers; c++) {
    for (let m = 0; m < months; m++) {
      if (next() < 0.45) {
        const cents = [0, 1, 25, 49, 99][Math.floor(next() * 5)]
        out.push({ customer: c * 7 + 3, month: base + m, mrr: [0, 10, 20, 35, 50][Math.floor(next() * 5)] + cents / 100 })
      }
    }
  }
  return out
}

const monthText = (index) => `${Math.floor(index / 12) + 1970}-${String((index % 12) + 1).padStart(2, '0')}`

function snapshots(list) {
  return list.map((r) => ({ customer: String(r.customer), month: monthText(r.month), mrr: String(r.mrr) }))
}

function columns(list) {
  return {
    customer: Float64Array.from(list, (r) => r.customer),
    month: Int32Array.from(list, (r) => r.month),
    mrr: Float64Array.from(list, (r) => r.mrr),
  }
}

test('typed-array columns agree with row-wise snapshots, sorted or not', () => {
  const list = rows(1)
  const expected = tenure.mrrMovements({ snapshots: snapshots(list) })
  assert.deepEqual(tenure.mrrMovementsColumns(columns(list)).months, expected.months)
  const reversed = list.slice().reverse()
  assert.deepEqual(tenure.mrrMovementsColumns(columns(reversed)).months, expected.months)
  const asStrings = { customer: list.map((r) => `c${r.customer}`), month: list.map((r) => monthText(r.month)), mrr: list.map((r) => r.mrr) }
  assert.deepEqual(tenure.mrrMovementsColumns(asStrings).months, expected.months)
})

test('async variants resolve to the same movements', async () => {
  const list = rows(2)
  const sync = tenure.mrrMovementsColumns(columns(list), { convention: 'dbt_mrr_playbook' })
  assert.deepEqual(await tenure.mrrMovementsColumnsAsync(columns(list), { convention: 'dbt_mrr_playbook' }), sync)
  assert.deepEqual(await tenure.mrrMovementsAsync({ snapshots: snapshots(list), options: { convention: 'dbt_mrr_playbook' } }), sync)
  await assert.rejects(tenure.mrrMovementsAsync({ periods: [{ customer: 'a', start: '2024-01-01', amount: '1' }] }), (e) => e.code === 'input.as_of_required' && e.path === 'periods[0].end')
})

test('monthly series are Float64Arrays matching the exact result', () => {
  const movements = tenure.mrrMovementsColumns(columns(rows(3)))
  const series = tenure.movementSeries(movements)
  assert.ok(series.endingMrr instanceof Float64Array)
  assert.equal(series.months.length, movements.months.length)
  movements.months.forEach((m, i) => {
    assert.equal(series.months[i], m.month)
    assert.equal(series.endingMrr[i], Number(m.endingMrr))
    assert.equal(series.churnedCustomers[i], m.churnedCustomers)
  })
  assert.equal(tenure.movementSeries(movements, 'no-such-segment'), null)
})

test('partitions merge into the whole', () => {
  const list = rows(4)
  const whole = tenure.mrrMovementsColumns(columns(list))
  const parts = [0, 1, 2].map((k) => tenure.mrrMovementsColumns(columns(list.filter((r) => r.customer % 3 === k))))
  assert.deepEqual(tenure.mergeMovements(parts), whole)
  assert.deepEqual(tenure.mergeMovements(parts.slice().reverse()), whole)
})

test('column errors carry code and path', () => {
  assert.throws(() => tenure.mrrMovementsColumns({ customer: Float64Array.of(1, 1), month: Int32Array.of(600, 600), mrr: Float64Array.of(1, 2) }),
    (e) => e.code === 'input.duplicate_customer_month' && e.path === 'month[1]')
  assert.throws(() => tenure.mrrMovementsColumns({ customer: Float64Array.of(1.5), month: Int32Array.of(600), mrr: Float64Array.of(1) }),
    (e) => e.code === 'input.parse' && e.path === 'customer[0]')
  assert.throws(() => tenure.mrrMovementsColumns({ customer: Float64Array.of(1), month: Int32Array.of(600), mrr: Float64Array.of(-1) }),
    (e) => e.code === 'input.negative_amount' && e.path === 'mrr[0]')
  assert.throws(() => tenure.mrrMovementsColumns({ customer: Float64Array.of(1, 2), month: Int32Array.of(600), mrr: Float64Array.of(1, 1) }),
    (e) => e.code === 'input.column_length' && e.path === 'month')
  assert.throws(() => tenure.retentionMetrics({ data: {}, from: '2024-03', through: '2024-02' }), (e) => e.code === 'input.date_order')
})

test('exchange-rate currency codes are kept as given', () => {
  const out = tenure.customerMonths({
    periods: [{ customer: 'a', start: '2024-01-01', end: '2024-02-01', amount: '10', currency: 'EUR' }],
    options: { exchangeRates: { currency: 'USD', rates: { EUR: '1.1' } } },
  })
  assert.equal(out.rows[0].mrr, '11.00')
})
