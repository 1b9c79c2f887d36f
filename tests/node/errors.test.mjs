// Errors cross the boundary as JS `Error`s with `code`, `path` and `value`; nothing panics.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const tenure = require('../../crates/node')
const { HealthModel, SegmentedModel } = tenure

const model = HealthModel.builtin()

/** Asserts `fn` throws a tenure error with these properties (`value` checked when given). */
function throwsTenure(fn, expected) {
  let thrown
  try {
    fn()
  } catch (error) {
    thrown = error
  }
  assert.ok(thrown instanceof Error, `expected an Error, got ${thrown}`)
  assert.equal(thrown.code, expected.code, thrown.message)
  assert.equal(thrown.path, expected.path, thrown.message)
  if ('value' in expected) assert.deepEqual(thrown.value, expected.value)
  else if (expected.noValue) assert.ok(!('value' in thrown))
  assert.ok(thrown.message.startsWith(`${expected.code}: `), thrown.message)
  return thrown
}

const tiny = {
  id: 'tiny',
  minCoverage: 0,
  dimensions: [
    {
      key: 'usage',
      weight: 1,
      signals: [
        {
          key: 'active',
          kind: { type: 'numeric', bands: [{ from: 0, to: 10, toInclusive: true, points: [0, 10] }] },
        },
        { key: 'sponsor', kind: { type: 'boolean', truePoints: 10, falsePoints: 0 } },
      ],
    },
  ],
  tiers: [
    { key: 'good', min: 50 },
    { key: 'bad', min: 0 },
  ],
}

test('models: JSON text, objects in either spelling, and their errors', () => {
  const m = HealthModel.fromObject(tiny)
  assert.equal(m.id, 'tiny')
  assert.deepEqual(m.inputKeys, ['active', 'sponsor'])
  const again = HealthModel.fromJson(m.toJson())
  assert.equal(again.toJson(), m.toJson())
  assert.ok(m.toJson().includes('"to_inclusive": true'), 'toJson is the snake_case file format')
  assert.equal(HealthModel.fromObject(JSON.parse(m.toJson())).toJson(), m.toJson())

  throwsTenure(() => HealthModel.fromJson('{"id": "m", "dimensions": [], "tiers": []}'), {
    code: 'model.empty',
    path: 'dimensions',
  })
  throwsTenure(() => HealthModel.fromJson('{"id": '), { code: 'model.parse', path: 'id' })
  throwsTenure(() => HealthModel.fromJson(42), { code: 'model.parse', path: '' })
  throwsTenure(() => HealthModel.fromObject({ ...tiny, colour: 'red' }), {
    code: 'model.unknown_field',
    path: 'colour',
    value: 'colour',
  })
  // Unknown camelCase keys are reported in the snake_case spelling the rule gives them.
  throwsTenure(() => HealthModel.fromObject({ ...tiny, maxCoverage: 1 }), {
    code: 'model.unknown_field',
    path: 'max_coverage',
    value: 'max_coverage',
  })
  const gap = structuredClone(tiny)
  gap.dimensions[0].signals[0].kind.bands = [
    { from: 0, to: 5, points: 0 },
    { from: 6, to: 10, points: 10 },
  ]
  throwsTenure(() => HealthModel.fromObject(gap), {
    code: 'model.band_gap',
    path: 'dimensions[0].signals[0].kind.bands[1].from',
    value: 6,
  })
  // A model object is read as its JSON text would be (in the browser too): a non-finite
  // number is rejected at its path, not turned into null.
  const infinite = structuredClone(tiny)
  infinite.dimensions[0].weight = Infinity
  throwsTenure(() => HealthModel.fromObject(infinite), {
    code: 'model.parse',
    path: 'dimensions[0].weight',
    value: 'inf',
  })
  throwsTenure(() => HealthModel.fromObject({ ...tiny, id: () => 1 }), { code: 'model.parse', path: 'id' })
  throwsTenure(() => HealthModel.fromObject(null), { code: 'model.parse', path: '' })
  // Both spellings of one key in one object: a duplicate.
  throwsTenure(() => HealthModel.fromObject({ ...tiny, min_coverage: 0.5 }), {
    code: 'model.duplicate_key',
    path: '',
    value: 'min_coverage',
  })
})

test('model sets', () => {
  const set = {
    id: 'by-segment',
    models: [tiny, { ...tiny, id: 'big' }],
    routes: [{ attribute: 'segment', oneOf: ['enterprise'], model: 'big' }],
    defaultModel: 'tiny',
  }
  const s = SegmentedModel.fromObject(set)
  assert.equal(s.id, 'by-segment')
  const score = s.score({ inputs: { active: 5 }, attributes: { segment: 'enterprise' } })
  assert.equal(score.route, 0)
  assert.equal(score.model, 'big')
  assert.equal(s.score({ inputs: { active: 5 } }).route, null)
  throwsTenure(() => SegmentedModel.fromObject({ ...set, defaultModel: 'nope' }), {
    code: 'model.unknown_reference',
    path: 'default_model',
    value: 'nope',
  })
  throwsTenure(() => SegmentedModel.fromObject({ ...set, models: [{ ...tiny, tiers: [] }] }), {
    code: 'model.empty',
    path: 'models[0].tiers',
  })
  throwsTenure(() => SegmentedModel.fromJson('[]'), { code: 'model.parse', path: '' })
  // Non-finite numbers are rejected at their path, as with HealthModel.fromObject.
  const infinite = structuredClone(tiny)
  infinite.dimensions[0].weight = -Infinity
  throwsTenure(() => SegmentedModel.fromObject({ ...set, models: [infinite] }), {
    code: 'model.parse',
    path: 'models[0].dimensions[0].weight',
    value: '-inf',
  })
})

test('accounts: input errors with the path of the offending item', () => {
  const m = HealthModel.fromObject(tiny)
  throwsTenure(() => m.score({ inputs: { active: 5, logins: 3 } }), {
    code: 'input.unknown_signal',
    path: 'inputs.logins',
    value: 'logins',
  })
  throwsTenure(() => m.score({ inputs: { active: { value: 5 } } }), { code: 'input.parse', path: 'inputs.active' })
  throwsTenure(() => m.score({ inputs: {}, asOf: '2026-02-30' }), { code: 'input.parse', path: 'as_of' })
  throwsTenure(() => m.score({ inputs: {}, asOf: new Date('nonsense') }), { code: 'input.parse', path: 'as_of' })
  throwsTenure(() => m.score({ inputs: {}, colour: 'red' }), { code: 'input.parse', path: 'colour' })
  throwsTenure(() => m.score({ inputs: { active: 10n } }), { code: 'input.parse', path: 'inputs.active' })
  throwsTenure(() => m.score({ inputs: { active: Symbol('x') } }), { code: 'input.parse', path: 'inputs.active' })
  throwsTenure(() => m.score('acme'), { code: 'input.parse', path: '' })
  throwsTenure(() => m.score(), { code: 'input.parse', path: '' })
  // undefined properties are absent; user keys inside `inputs` are never renamed.
  assert.equal(m.score({ id: undefined, inputs: { active: 5 }, asOf: undefined }).composite, 50)
  throwsTenure(() => m.score({ inputs: { activeUsers: 1 } }), {
    code: 'input.unknown_signal',
    path: 'inputs.activeUsers',
    value: 'activeUsers',
  })
  // A required signal without a value fails the score, not the call.
  const strict = structuredClone(tiny)
  strict.dimensions[0].signals[1].missing = 'fail'
  const failed = HealthModel.fromObject(strict).score({ id: 'a', inputs: { active: 5 } })
  assert.equal(failed.status, 'failed')
  assert.deepEqual(
    { code: failed.error.code, path: failed.error.path },
    { code: 'input.missing_required', path: 'inputs.sponsor' },
  )
})

test('dates: ISO strings and Date objects (UTC day) are the same', () => {
  const human = { score: 40, weight: 0.25, assessedOn: '2026-11-01', expiresOn: '2026-12-01' }
  const asString = tenure.blendHumanScore(model, 80, human, '2026-11-15')
  const asDate = tenure.blendHumanScore(
    model,
    80,
    { ...human, assessedOn: new Date(Date.UTC(2026, 10, 1)), expiresOn: new Date('2026-12-01T23:59:59Z') },
    new Date('2026-11-15T12:00:00Z'),
  )
  assert.deepEqual(asDate, asString)
  assert.equal(asString.composite, 70)
  assert.equal(asString.humanStatus, 'applied')
  const snake = tenure.blendHumanScore(
    model,
    80,
    { score: 40, weight: 0.25, assessed_on: '2026-11-01', expires_on: '2026-12-01' },
    '2026-11-15',
  )
  assert.deepEqual(snake, asString)
})

test('blends, roll-ups and trends: errors carry code, path and value', () => {
  const human = { score: 40, weight: 0.25, assessedOn: '2026-11-01', expiresOn: '2026-12-01' }
  throwsTenure(() => tenure.blendHumanScore(model, 120, null, '2026-11-15'), {
    code: 'input.out_of_range',
    path: 'computed',
    value: 120,
  })
  throwsTenure(() => tenure.blendHumanScore(model, '80', null, '2026-11-15'), { code: 'input.parse', path: 'computed' })
  throwsTenure(() => tenure.blendHumanScore(model, 80, { ...human, expiresOn: 'soon' }, '2026-11-15'), {
    code: 'input.parse',
    path: 'human.expires_on',
  })
  throwsTenure(() => tenure.blendHumanScore(model, 80, { ...human, expiresOn: '2026-10-01' }, '2026-11-15'), {
    code: 'input.date_order',
    path: 'human.expires_on',
    value: '2026-10-01',
  })
  throwsTenure(() => tenure.blendHumanScore(model, 80, human), { code: 'input.parse', path: 'as_of' })
  assert.equal(tenure.blendHumanScore(model, 80, undefined, '2026-11-15').humanStatus, 'absent')

  throwsTenure(() => tenure.rollUpProducts(model, []), { code: 'input.empty', path: 'products' })
  throwsTenure(() => tenure.rollUpProducts(model, [{ product: 'a', score: 50, arr: -5 }]), {
    code: 'input.out_of_range',
    path: 'products[0].arr',
    value: '-5',
  })
  throwsTenure(() => tenure.rollUpProducts(model, [{ product: 'a', score: 50, arr: 1 }], 'median'), {
    code: 'input.parse',
    path: 'method',
  })
  const rolled = tenure.rollUpProducts(model, [{ product: 'a', score: 50, arr: '10.10' }], 'min')
  assert.equal(rolled.totalArr, '10.10')

  const history = [
    { date: '2026-11-01', score: 75 },
    { date: '2026-11-05', score: 55 },
  ]
  const trend = tenure.scoreTrend(model, history, '2026-11-05', { windowDays: 3, dropThresholdPct: 30 })
  assert.equal(trend.dropped, false)
  assert.equal(trend.largestDrop.pct, 26.7)
  assert.deepEqual(tenure.scoreTrend(model, history, '2026-11-05', { window_days: 3, drop_threshold_pct: 30 }), trend)
  throwsTenure(() => tenure.scoreTrend(model, history, '2026-11-05', { tolerance: -1 }), {
    code: 'input.out_of_range',
    path: 'options.tolerance',
    value: -1,
  })
  throwsTenure(() => tenure.scoreTrend(model, history, '2026-11-05', { windowDays: -1 }), {
    code: 'input.parse',
    path: 'options.window_days',
  })
  throwsTenure(() => tenure.scoreTrend(model, history, '2026-11-05', { windowSize: 3 }), {
    code: 'input.parse',
    path: 'options.window_size',
  })
  throwsTenure(() => tenure.scoreTrend(model, [history[1], history[0]], '2026-11-05'), {
    code: 'input.date_order',
    path: 'history[1].date',
    value: '2026-11-01',
  })
  assert.throws(() => tenure.scoreTrend({}, history, '2026-11-05'))
})

test('batches: column and option errors', () => {
  throwsTenure(() => model.scoreBatch({ dau_mau_ratio: [0.1, 0.2], login_trend: ['up'] }), {
    code: 'input.column_length',
    path: 'columns.login_trend',
    value: 1,
  })
  throwsTenure(() => model.scoreBatch({ dau_mau_ratio: [0.1, 'x'] }), {
    code: 'input.parse',
    path: 'columns.dau_mau_ratio[1]',
    value: 'x',
  })
  throwsTenure(() => model.scoreBatch({ dau_mau_ratio: new Int32Array(2) }), {
    code: 'input.parse',
    path: 'columns.dau_mau_ratio',
  })
  throwsTenure(() => model.scoreBatch({ login_trend: { codes: [0], categories: ['up'] } }), {
    code: 'input.parse',
    path: 'columns.login_trend.codes',
  })
  throwsTenure(() => model.scoreBatch({ login_trend: { codes: new Int32Array(1), categories: [1] } }), {
    code: 'input.parse',
    path: 'columns.login_trend.categories[0]',
  })
  throwsTenure(() => model.scoreBatch({ dau_mau_ratio: 0.5 }), { code: 'input.parse', path: 'columns.dau_mau_ratio' })
  throwsTenure(() => model.scoreBatch('columns'), { code: 'input.parse', path: '' })
  throwsTenure(() => model.scoreBatch({ nope: [1] }), { code: 'input.unknown_signal', path: 'columns.nope', value: 'nope' })
  throwsTenure(() => model.scoreBatch([{ inputs: {} }, { inputs: { nope: 1 } }]), {
    code: 'input.unknown_signal',
    path: '[1].inputs.nope',
    value: 'nope',
  })
  throwsTenure(() => model.scoreBatch([{ inputs: {} }, { inputs: [] }]), { code: 'input.parse', path: '[1].inputs' })
  throwsTenure(() => model.scoreBatch({}, { month: 0 }), { code: 'input.out_of_range', path: 'month', value: 0 })
  throwsTenure(() => model.scoreBatch({}, { month: 2.5 }), { code: 'input.parse', path: 'month' })
  throwsTenure(() => model.scoreBatch({}, { asOf: '2026-01-01' }), { code: 'input.parse', path: 'as_of' })
  assert.equal(model.scoreBatch({ dau_mau_ratio: [0.5] }, null).composite.length, 1)
})

test('cyclic and deeply nested values fail cleanly', () => {
  const account = { inputs: {} }
  account.inputs.x = account.inputs
  assert.throws(
    () => model.score(account),
    (e) => e.code === 'input.parse' && e.path.startsWith('inputs.x'),
  )
  const history = []
  history.push(history)
  throwsTenure(() => tenure.scoreTrend(model, history, '2026-01-01'), { code: 'input.parse', path: 'history[0][0]' })
  let deep = 0.5
  for (let i = 0; i < 10_000; i++) deep = [deep]
  throwsTenure(() => tenure.rollUpProducts(model, deep), { code: 'input.parse', path: 'products[0][0]' })
})

test('classes are built by their factories only', () => {
  assert.throws(() => new HealthModel())
  assert.throws(() => model.score.call({}, { inputs: {} }))
})
