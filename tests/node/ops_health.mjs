// The health-scoring operations of the conformance corpus through the JavaScript API: models,
// model sets, single and batch scores, blends, roll-ups, trends. A case's `model` is
// `"builtin"` (also when absent), a name from the file's `models`, or an inline model; the
// spellings (conformance.test.mjs) read it through `fromJson` (json), `fromObject` as given
// (object) or with camelCase keys (camel).

import { camelKeys } from './keys.mjs'

const builtinJson = new WeakMap()

function modelSpec(ctx) {
  const spec = ctx.case.model
  if (spec === undefined || spec === 'builtin') return 'builtin'
  if (typeof spec === 'string') return ctx.models?.[spec] ?? null
  return spec
}

/** The case's health model in the case's spelling (also the tiers of `surprise_churn`). */
export function model(ctx) {
  const { HealthModel } = ctx.tenure
  const spec = modelSpec(ctx)
  if (spec === 'builtin') {
    if (ctx.variant !== 'json') return HealthModel.builtin()
    if (!builtinJson.has(ctx.tenure)) builtinJson.set(ctx.tenure, HealthModel.builtin().toJson())
    return HealthModel.fromJson(builtinJson.get(ctx.tenure))
  }
  if (ctx.variant === 'json') return HealthModel.fromJson(JSON.stringify(spec))
  if (ctx.variant === 'object') return HealthModel.fromObject(spec)
  return HealthModel.fromObject(camelKeys(spec))
}

function modelSet(ctx) {
  const { SegmentedModel } = ctx.tenure
  const spec = ctx.case.model_set ?? null
  if (ctx.variant === 'json') return SegmentedModel.fromJson(JSON.stringify(spec))
  if (ctx.variant === 'object') return SegmentedModel.fromObject(spec)
  return SegmentedModel.fromObject(camelKeys(spec))
}

/** A corpus column (README: "Batch columns") as a JS column. */
function jsColumn(values, variant) {
  const infinity = (v) => v === 'Infinity' || v === '-Infinity'
  if (values.some((v) => typeof v === 'string' && !infinity(v))) return values.slice()
  if (values.some((v) => typeof v === 'boolean')) return values.slice()
  const numbers = values.map((v) => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v))
  if (variant === 'object') return numbers
  return Float64Array.from(numbers, (v) => (v === null ? NaN : v))
}

export function validate_model(ctx) {
  model(ctx)
  return { valid: true }
}

export function validate_model_set(ctx) {
  modelSet(ctx)
  return { valid: true }
}

export const score = (ctx) => model(ctx).score(ctx.input)

export const score_segmented = (ctx) => modelSet(ctx).score(ctx.input)

export function score_batch(ctx) {
  const scorer = model(ctx)
  const { raw, variant } = ctx
  const columns = Object.fromEntries(
    Object.entries(raw.columns ?? {}).map(([k, v]) => [k, jsColumn(v, variant)]),
  )
  const options = raw.month === undefined ? undefined : { month: raw.month }
  const result = scorer.scoreBatch(columns, options)
  const rows = Array.from(result.composite, (composite, i) => ({
    status: result.status[i],
    composite: Number.isNaN(composite) ? null : composite,
    tier: result.tier[i],
    coverage: result.coverage[i],
  }))
  return { rows, errors: result.errors }
}

export function blend(ctx) {
  const m = model(ctx)
  const computed = typeof ctx.raw.computed === 'number' ? ctx.raw.computed : NaN
  return ctx.tenure.blendHumanScore(m, computed, ctx.get('human'), ctx.get('as_of'))
}

export function roll_up(ctx) {
  const m = model(ctx)
  return ctx.tenure.rollUpProducts(m, ctx.get('products'), ctx.get('method'))
}

export function trend(ctx) {
  const m = model(ctx)
  return ctx.tenure.scoreTrend(m, ctx.get('history'), ctx.get('as_of'), ctx.get('options'))
}
