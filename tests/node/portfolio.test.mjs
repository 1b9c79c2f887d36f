// The Portfolio class through the Node.js API: plain objects in (camelCase or snake_case keys,
// Dates or ISO days, amounts as numbers or decimal strings), every command once, plain
// camelCase objects out, the async review off the event loop, typed errors.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const tenure = require('../../crates/node')
const { Portfolio } = tenure

const day = (iso) => new Date(`${iso}T00:00:00Z`)
const AS_OF = day('2026-01-05')

function data() {
  return {
    currency: 'USD',
    accounts: [
      {
        id: 'acme',
        name: 'Acme Corp',
        arr: '120000.10',
        segment: 'enterprise',
        csm: 'dana',
        customerSince: day('2024-03-01'),
        renewal: { date: day('2026-03-01') },
        signals: {
          dau_mau_ratio: 0.45,
          login_trend: 'up',
          usage_trend: 'up',
          payment_status: 'current',
          champion_identified: true,
          exec_sponsor: true,
          contacts_count: 4,
          goals_achieved: 3,
          goals_defined: 3,
        },
        scoreHistory: [{ date: '2025-12-01', score: 72.5 }],
        subscriptions: [{ start: day('2024-03-01'), amount: '10000.00' }],
        onboarding: { startDate: day('2025-12-01') },
        contacts: [{ name: 'Ann', role: 'champion' }],
        nps: [{ date: '2025-12-10', score: 9 }],
      },
      {
        id: 'globex',
        arr: 30000,
        csm: 'lee',
        signals: { dau_mau_ratio: 0.1, usage_trend: 'down', payment_status: 'late' },
        subscriptions: [{ start: '2025-01-01', amount: '2500' }],
      },
      {
        id: 'initech',
        arr: '4800.50',
        segment: 'smb',
        subscriptions: [{ start: '2025-02-01', end: '2025-11-15', amount: 400 }],
        churn: { date: day('2025-11-15'), category: 'value', arr: '4800.50' },
      },
    ],
  }
}

const portfolio = new Portfolio(data())

test('construction from an object (either spelling) and from JSON text', () => {
  assert.equal(portfolio.length, 3)
  assert.deepEqual(portfolio.accountIds, ['acme', 'globex', 'initech'])
  const again = Portfolio.fromJson(portfolio.toJson())
  assert.deepEqual(again.toObject(), portfolio.toObject())
  const snake = JSON.parse(portfolio.toJson())
  assert.deepEqual(new Portfolio(snake).toObject(), portfolio.toObject())
  assert.equal(new Portfolio({ accounts: [] }).length, 0)
})

test('amounts stay exact, days come out as ISO text, camelCase keys out', () => {
  const [acme, , initech] = portfolio.toObject().accounts
  assert.equal(acme.arr, '120000.10')
  assert.equal(acme.customerSince, '2024-03-01')
  assert.equal(acme.subscriptions[0].amount, '10000.00')
  assert.equal(acme.scoreHistory[0].score, 72.5)
  assert.equal(initech.churn.arr, '4800.50')
  // Signal keys are the model's input keys: kept as given.
  assert.ok('dau_mau_ratio' in acme.signals)
})

test('the commands are listed', () => {
  assert.deepEqual(Portfolio.commands(), [
    'score', 'onboarding_plan', 'qbr_prep', 'churn_risk', 'expansion_opportunities',
    'win_back_plan', 'renewal_prep', 'portfolio_review', 'cohort_analysis', 'success_plan',
    'save_play', 'nrr_report',
  ])
})

const ACCOUNT_METHODS = [
  ['score', 'acme'],
  ['onboardingPlan', 'acme'],
  ['qbrPrep', 'acme'],
  ['churnRisk', 'globex'],
  ['expansionOpportunities', 'acme'],
  ['winBackPlan', 'initech'],
  ['renewalPrep', 'acme'],
  ['successPlan', 'acme'],
  ['savePlay', 'globex'],
]

test('every account command, by method and by name', () => {
  for (const [method, account] of ACCOUNT_METHODS) {
    const out = portfolio[method](account, AS_OF)
    assert.equal(typeof out, 'object', method)
    assert.ok(Object.keys(out).length > 0, method)
    assert.ok(!JSON.stringify(out).includes('"_'), `${method}: snake_case keys out`)
    const command = method.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
    assert.deepEqual(portfolio.run({ command, account, asOf: '2026-01-05' }), out, method)
    assert.deepEqual(portfolio.run({ command: command.replace(/_/g, '-'), account, as_of: AS_OF }), out, method)
  }
})

test('the portfolio commands, with options', async () => {
  const review = portfolio.portfolioReview(AS_OF)
  assert.ok(Object.keys(review).length > 0)
  assert.deepEqual(portfolio.run({ command: 'portfolio_review', asOf: AS_OF }), review)
  assert.deepEqual(portfolio.portfolioReview(AS_OF, { top: 1 }), portfolio.run({ command: 'portfolio_review', asOf: AS_OF, options: { top: 1 } }))
  assert.deepEqual(await portfolio.portfolioReviewAsync(AS_OF), review)
  assert.deepEqual(await portfolio.portfolioReviewAsync('2026-01-05', { top: 1 }), portfolio.portfolioReview(AS_OF, { top: 1 }))
  const cohorts = portfolio.cohortAnalysis(AS_OF, { period: 'quarter' })
  assert.deepEqual(cohorts, portfolio.run({ command: 'cohort_analysis', asOf: AS_OF, options: { period: 'quarter' } }))
  assert.equal(typeof portfolio.cohortAnalysis(AS_OF), 'object')
  const nrr = portfolio.nrrReport(AS_OF, { from: '2025-01', through: day('2025-12-01') })
  assert.deepEqual(nrr, portfolio.run({ command: 'nrr_report', asOf: AS_OF, options: { from: '2025-01', through: '2025-12' } }))
  assert.equal(typeof portfolio.nrrReport(AS_OF, null), 'object')
})

const coded = (code, path, value) => (e) => {
  assert.ok(e instanceof Error)
  assert.equal(e.code, code)
  if (path !== undefined) assert.equal(e.path, path)
  if (value !== undefined) assert.deepEqual(e.value, value)
  return true
}

test('errors carry code, path and value', async () => {
  assert.throws(() => portfolio.churnRisk('hooli', AS_OF), coded('input.unknown_account', 'account', 'hooli'))
  assert.throws(() => portfolio.run({ command: 'forecast', account: 'acme', asOf: AS_OF }), coded('input.unknown_command', 'command', 'forecast'))
  assert.throws(() => portfolio.run({ command: 'qbr_prep', asOf: AS_OF }), coded('input.missing_record', 'account'))
  assert.throws(() => portfolio.score('acme', '2026-13-01'), coded('input.parse', 'as_of'))
  assert.throws(() => portfolio.score('acme', new Date(NaN)), coded('input.parse', 'as_of'))
  assert.throws(() => portfolio.score(42, AS_OF), coded('input.parse', 'account'))
  assert.throws(() => portfolio.portfolioReview(AS_OF, { tops: 3 }), coded('input.parse'))
  assert.throws(() => portfolio.run({ command: 'score', account: 'acme' }), coded('input.parse'))
  assert.throws(() => new Portfolio({ accounts: [{ id: 'a', arr: 1 }, { id: 'a', arr: 2 }] }), coded('input.duplicate_key', 'accounts[1].id', 'a'))
  assert.throws(() => new Portfolio({ accounts: [{ id: 'a', arr: 'lots' }] }), coded('input.parse', 'accounts[0].arr'))
  assert.throws(() => new Portfolio({ accounts: [{ id: 'a', arr: 1, colour: 'red' }] }), coded('input.parse'))
  assert.throws(() => new Portfolio({ accounts: [{ id: 'a', arr: -5 }] }), coded('input.negative_amount', 'accounts[0].arr'))
  assert.throws(() => new Portfolio(null), coded('input.parse'))
  assert.throws(() => Portfolio.fromJson('{'), coded('input.parse'))
  assert.throws(() => Portfolio.fromJson(42), coded('input.parse'))
  // The day and options are read on the calling thread: a bad one throws there.
  assert.throws(() => portfolio.portfolioReviewAsync('2026-13-01'), coded('input.parse', 'as_of'))
})

test('the async review does not block the event loop', async () => {
  const accounts = Array.from({ length: 20000 }, (_, i) => ({
    id: `a${i}`,
    arr: 1000 + ((i * 37) % 90000),
    csm: `csm${i % 40}`,
    renewal: { date: `2026-${String(1 + (i % 12)).padStart(2, '0')}-15` },
    signals: { dau_mau_ratio: (i % 80) / 100, usage_trend: ['down', 'flat', 'up'][i % 3], payment_status: i % 7 ? 'current' : 'late' },
  }))
  const big = new Portfolio({ accounts })
  const start = performance.now()
  const want = big.portfolioReview(AS_OF)
  const alone = performance.now() - start
  let ticks = 0
  const timer = setInterval(() => (ticks += 1), 1)
  const got = await big.portfolioReviewAsync(AS_OF)
  clearInterval(timer)
  assert.deepEqual(got, want)
  if (alone > 50) assert.ok(ticks > 0, `no timer tick during a ${alone.toFixed(0)} ms review`)
})
