// The lifecycle-rule operations of the conformance corpus through the Node.js API (`RuleSet`),
// in the three spellings of conformance.test.mjs: rule sets through `fromJson` (json), through
// `fromObject` as given (object) or with camelCase keys (camel); facts as given, or with
// camelCase keys and `Date`s (camel; the keys of `facts` and `last_fired` are user data).

import { camelKeys } from './keys.mjs'

const builtinJson = new WeakMap()

/** The case's rule set (`rules`: "builtin" or absent, a name from `models`, or inline). */
function ruleSet(ctx) {
  const { RuleSet } = ctx.tenure
  const spec = ctx.case.rules ?? 'builtin'
  if (spec === 'builtin') {
    if (ctx.variant !== 'json') return RuleSet.builtin()
    if (!builtinJson.has(ctx.tenure)) builtinJson.set(ctx.tenure, RuleSet.builtin().toJson())
    return RuleSet.fromJson(builtinJson.get(ctx.tenure))
  }
  const value = typeof spec === 'string' ? (ctx.models?.[spec] ?? null) : spec
  if (ctx.variant === 'json') return RuleSet.fromJson(JSON.stringify(value))
  if (ctx.variant === 'object') return RuleSet.fromObject(value)
  return RuleSet.fromObject(camelKeys(value))
}

/** `evaluateBatch` over the input's accounts (with `explain` for the full evaluations). */
function batch(ctx, explain) {
  const rules = ruleSet(ctx)
  const { input } = ctx
  const asOf = input?.asOf ?? input?.as_of
  return rules.evaluateBatch(input?.accounts ?? [], asOf === undefined ? { explain } : { explain, asOf })
}

export function validate_rules(ctx) {
  const rules = ruleSet(ctx)
  return { valid: true, rules: rules.ruleKeys.length, conditions: rules.conditions }
}

export const evaluate_rules = (ctx) => ruleSet(ctx).evaluate(ctx.input)

export const evaluate_rules_batch = (ctx) => batch(ctx, true)

export const summarize_rules_batch = (ctx) => batch(ctx, false)

export function summarize_rules_columns(ctx) {
  const rules = ruleSet(ctx)
  const { input } = ctx
  const asOf = input?.asOf ?? input?.as_of
  const lastFired = input?.lastFired ?? input?.last_fired
  const options = {}
  if (asOf !== undefined) options.asOf = asOf
  if (lastFired !== undefined) options.lastFired = lastFired
  return rules.summarizeColumns(input?.columns ?? {}, options)
}
