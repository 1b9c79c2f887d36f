// The Node.js API of lifecycle rules beyond the corpus: async batches off the event loop,
// camelCase spellings, typed errors, the summary mode.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { RuleSet } = require('../../crates/node')

const asOf = new Date(Date.UTC(2026, 2, 1))

test('builtin pack: metadata and facts', () => {
  const rules = RuleSet.builtin()
  assert.equal(rules.id, 'tenure.default-rules')
  assert.equal(rules.ruleKeys.length, 34)
  assert.ok(rules.plays.includes('critical_save_call'))
  const facts = rules.facts()
  assert.deepEqual(facts.find((f) => f.fact === 'health_history'), { fact: 'health_history', kind: 'series' })
  assert.deepEqual(JSON.parse(RuleSet.fromJson(rules.toJson()).toJson()), JSON.parse(rules.toJson()))
})

test('evaluate: camelCase results, fact keys kept, Date inputs', () => {
  const result = RuleSet.builtin().evaluate({
    account: 'acme',
    facts: { health_score: 45, last_login_at: new Date(Date.UTC(2026, 0, 30)) },
    lastFired: { reengage_inactive: '2026-02-20' },
  }, asOf)
  assert.equal(result.asOf, '2026-03-01')
  assert.equal(result.ruleSet, 'tenure.default-rules')
  assert.deepEqual(result.actions.map((a) => a.play), ['at_risk_intervention_plan'])
  assert.equal(result.actions[0].dueAt, '2026-03-03T00:00:00')
  assert.deepEqual(result.suppressed, [{ rule: 'trigger.no_login_30d', play: 'reengage_inactive', reason: 'cooldown', lastFired: '2026-02-20', until: '2026-03-06' }])
  const outcome = result.rules.find((r) => r.rule === 'trigger.no_login_30d')
  assert.equal(outcome.condition.factValue, '2026-01-30')
  assert.equal(outcome.condition.measured, 30)
})

test('summarize and summary batches', () => {
  const rules = RuleSet.builtin()
  assert.deepEqual(rules.summarize({ facts: { nps_score: 3 } }, '2026-03-01'), ['detractor_outreach'])
  const out = rules.evaluateBatch([{ facts: { nps_score: 9 } }, { facts: {} }], { asOf, explain: false })
  assert.deepEqual(out, { rows: [{ plays: ['promoter_referral_ask'] }, { plays: [] }], errors: [] })
})

test('evaluateBatchAsync resolves the same result as evaluateBatch', async () => {
  const rules = RuleSet.builtin()
  const accounts = Array.from({ length: 2000 }, (_, i) => ({
    account: `a${i}`,
    facts: { health_score: i % 100, nps_score: i % 11, last_login_at: i % 2 ? '2026-01-01' : '2026-02-28' },
  }))
  const pending = rules.evaluateBatchAsync(accounts, { asOf: '2026-03-01', explain: false })
  assert.ok(pending instanceof Promise)
  const [fromAsync, explained] = await Promise.all([pending, rules.evaluateBatchAsync(accounts, { asOf: '2026-03-01' })])
  assert.deepEqual(fromAsync, rules.evaluateBatch(accounts, { asOf: '2026-03-01', explain: false }))
  assert.equal(explained.evaluations.length, 2000)
  assert.deepEqual(explained.evaluations[5].actions.map((a) => a.play), fromAsync.rows[5].plays)
})

test('errors carry code, path and value', () => {
  assert.throws(() => RuleSet.fromObject({ id: 'x', rules: [{ key: 'r', label: 'r', condition: { fact: 'x', op: '~', value: 1 }, action: { play: 'p', severity: 'low', message: 'm' } }] }),
    (e) => e.code === 'rules.unknown_operator' && e.path === 'rules[0].condition.op' && e.value === '~')
  assert.throws(() => RuleSet.fromJson(42), (e) => e.code === 'rules.parse')
  assert.throws(() => RuleSet.fromJson('{'), (e) => e.code === 'rules.parse')
  assert.throws(() => RuleSet.builtin().evaluate({ facts: {} }), (e) => e.code === 'input.missing_as_of')
  assert.throws(() => RuleSet.builtin().evaluateBatch([{ facts: {} }], { asOf, colour: 1 }), (e) => e.code === 'input.parse')
  let deep = { fact: 'x', op: '>', value: 1 }
  for (let i = 0; i < 100; i++) deep = { not: deep }
  assert.throws(() => RuleSet.fromObject({ id: 'x', rules: [{ key: 'r', label: 'r', condition: deep, action: { play: 'p', severity: 'low', message: 'm' } }] }),
    (e) => e.code === 'rules.parse' || e.code === 'rules.limit_exceeded')
})

test('summarizeColumns gives the plays of evaluateBatch, from typed arrays, sync and async', async () => {
  const rules = RuleSet.builtin()
  const n = 40
  const accounts = []
  const health = new Float64Array(n)
  const nps = new Float64Array(n)
  const login = []
  const fired = []
  for (let i = 0; i < n; i++) {
    health[i] = i % 7 === 0 ? NaN : (i * 37) % 100
    nps[i] = i % 11
    login.push(i % 5 === 0 ? null : `2026-01-${String(1 + (i % 28)).padStart(2, '0')}`)
    fired.push(i % 2 ? '2026-02-20' : null)
    const facts = { nps_score: nps[i] }
    if (!Number.isNaN(health[i])) facts.health_score = health[i]
    if (login[i]) facts.last_login_at = login[i]
    accounts.push({ facts, lastFired: fired[i] ? { detractor_outreach: fired[i] } : {} })
  }
  const expected = rules.evaluateBatch(accounts, { asOf: '2026-03-01', explain: false })
  const columns = { health_score: health, nps_score: nps, last_login_at: login }
  const options = { asOf: '2026-03-01', lastFired: { detractor_outreach: fired } }
  const got = rules.summarizeColumns(columns, options)
  assert.deepStrictEqual(got, expected)
  assert.ok(got.rows.some((r) => r.plays.length > 0))
  assert.deepStrictEqual(await rules.summarizeColumnsAsync(columns, options), expected)
  assert.throws(
    () => rules.summarizeColumns({ health_score: ['72'] }, { asOf: '2026-03-01' }),
    (e) => e.code === 'input.column_kind' && e.path === 'columns.health_score',
  )
  await assert.rejects(
    rules.summarizeColumnsAsync({ nps_score: [1] }),
    (e) => e.code === 'input.missing_as_of',
  )
})
