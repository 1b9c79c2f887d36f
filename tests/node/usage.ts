// Compiled with `tsc --noEmit --strict` (tests/node/tsconfig.json): the published types describe
// real usage precisely, and reject misuse (`@ts-expect-error` lines must be errors).

import {
  HealthModel,
  SegmentedModel,
  blendHumanScore,
  rollUpProducts,
  scoreTrend,
  type Account,
  type BatchResult,
  type HealthModelSpec,
  type HealthScore,
  type TenureError,
} from '../../crates/node'

const model: HealthModel = HealthModel.builtin()
const id: string = model.id
const keys: string[] = model.inputKeys
const text: string = model.toJson()
const again: HealthModel = HealthModel.fromJson(text)

const spec: HealthModelSpec = {
  id: 'tiny',
  minCoverage: 0.5,
  dimensions: [
    {
      key: 'usage',
      weight: 1,
      combine: 'weighted',
      signals: [
        {
          key: 'active',
          weight: 2,
          missing: 'neutral',
          neutralPoints: 5,
          direction: 'higher_is_better',
          kind: { type: 'numeric', bands: [{ from: 0, to: 10, toInclusive: true, points: [0, 10] }] },
        },
        { key: 'sponsor', kind: { type: 'boolean', truePoints: 10, falsePoints: 0 } },
        { key: 'trend', kind: { type: 'categorical', categories: [{ value: 'up', points: 10 }] } },
        {
          key: 'goals',
          kind: { type: 'ratio', numerator: 'met', denominator: 'set', bands: [{ from: 0, points: 5 }] },
          seasonal: { monthlyFactors: [1, 1, 1, 1, 1, 1, 0.7, 0.7, 1, 1, 1, 1] },
        },
      ],
    },
  ],
  tiers: [
    { key: 'good', label: 'Good', colour: 'green', min: 50 },
    { key: 'bad', min: 0 },
  ],
}
const tiny = HealthModel.fromObject(spec)

const account: Account = {
  id: 'acme',
  inputs: { dau_mau_ratio: 0.3, login_trend: 'up', champion_identified: true, contacts_count: null },
  attributes: { segment: 'enterprise', arr: 120_000 },
  asOf: new Date('2026-11-15'),
}
const score: HealthScore = model.score(account)
const composite: number | null = score.composite
const tierKey: string | undefined = score.tier?.key
const needed: number | undefined = score.nextTier?.pointsNeeded
const lift: string | null = score.topLift
for (const dimension of score.dimensions) {
  const w: number = dimension.effectiveWeight
  for (const signal of dimension.signals) {
    const source: 'observed' | 'neutral' | 'zero' | 'excluded' | 'failed' = signal.source
    const points: number | null = signal.points
    const label: string | undefined = signal.bandLabel
    void [w, source, points, label]
  }
}
if (score.status === 'failed' && score.error) {
  const code: string = score.error.code
  void code
}
const explained: HealthScore = model.explain({ inputs: { dau_mau_ratio: 0.5 }, asOf: '2026-11-15' })

const batch: BatchResult = model.scoreBatch(
  {
    dau_mau_ratio: new Float64Array([0.1, NaN]),
    login_trend: ['up', null],
    payment_status: { codes: new Int32Array([0, -1]), categories: ['current'] },
    champion_identified: [true, null],
    exec_sponsor: new Float64Array([1, 0]),
    contacts_count: [3, null],
  },
  { month: 11 },
)
const first: number | undefined = batch.composite[0]
const tiers: (string | null)[] = batch.tier
const rowErrors: number[] = batch.errors.map((e) => e.row)
const fromRecords: BatchResult = model.scoreBatch([account, { inputs: {} }])
const later: Promise<BatchResult> = model.scoreBatchAsync([account], null)

const set = SegmentedModel.fromObject({
  id: 'by-size',
  models: [spec, { ...spec, id: 'big' }],
  routes: [{ attribute: 'arr', atLeast: 100_000, model: 'big' }],
  defaultModel: 'tiny',
})
const route: number | null = set.score(account).route

const blended = blendHumanScore(
  model,
  72.4,
  { score: 40, weight: 0.25, assessedOn: '2026-11-01', expiresOn: new Date('2026-12-01') },
  '2026-11-15',
)
const humanStatus: 'applied' | 'expired' | 'not_yet_valid' | 'absent' = blended.humanStatus
const rolled = rollUpProducts(model, [{ product: 'core', score: 90, arr: '75000.50' }], 'mean')
const totalArr: string = rolled.totalArr
const trend = scoreTrend(model, [{ date: '2026-11-01', score: 70 }], new Date(), { windowDays: 7, hysteresis: 1 })
const pct: number | undefined = trend.largestDrop?.pct

try {
  HealthModel.fromJson('{}')
} catch (e) {
  const error = e as TenureError
  const where: string = error.path
  const code: TenureError['code'] = error.code
  void [where, code, error.value]
}

// Misuse the types reject:
// @ts-expect-error an account is an object
model.score(42)
// @ts-expect-error input values are numbers, booleans or strings
model.score({ inputs: { dau_mau_ratio: [0.3] } })
// @ts-expect-error no such roll-up method
rollUpProducts(model, [{ product: 'core', score: 90, arr: 1 }], 'median')
// @ts-expect-error the model comes first
blendHumanScore(72.4, null, '2026-11-15')
// @ts-expect-error composites are numbers
const wrong: string = batch.composite[0]
// @ts-expect-error bands need points
HealthModel.fromObject({ ...spec, dimensions: [{ key: 'u', weight: 1, signals: [{ key: 'a', kind: { type: 'numeric', bands: [{ from: 0 }] } }] }] })

void [id, keys, again, tiny, composite, tierKey, needed, lift, explained, first, tiers, rowErrors]
void [fromRecords, later, route, humanStatus, totalArr, pct, wrong]

// Lifecycle rules
import { RuleSet, type AccountFacts, type RuleEvaluation, type RuleSetSpec } from '../../crates/node'

const rules: RuleSet = RuleSet.builtin()
const ruleSpec: RuleSetSpec = {
  id: 'custom',
  rules: [
    {
      key: 'no_login',
      label: 'No login for 30 days',
      priority: 1,
      condition: { all: [{ fact: 'last_login_at', measure: 'days_since', op: '>=', value: 30 }, { not: { fact: 'churned', op: '=', value: true } }] },
      action: { play: 'reengage', severity: 'high', dueWithinHours: 48, message: 'No login since {last_login_at}' },
      cooldownDays: 14,
    },
  ],
}
const custom: RuleSet = RuleSet.fromObject(ruleSpec)
const accountFacts: AccountFacts = { account: 'a', facts: { last_login_at: new Date(), usage: [{ date: '2026-01-01', value: 3 }] }, lastFired: { reengage: '2026-01-01' } }
const evaluation: RuleEvaluation = custom.evaluate(accountFacts, '2026-03-01')
const firstPlay: string | undefined = evaluation.actions[0]?.play
const plays: string[] = rules.summarize(accountFacts, new Date())
const pendingBatch: Promise<unknown> = rules.evaluateBatchAsync([accountFacts], { explain: false })
// @ts-expect-error severities are a closed set
const badRule: RuleSetSpec = { id: 'x', rules: [{ key: 'r', label: 'r', condition: { fact: 'x', op: '>', value: 1 }, action: { play: 'p', severity: 'urgent', message: 'm' } }] }
void [firstPlay, plays, pendingBatch, badRule, rules.plays, rules.facts()]
