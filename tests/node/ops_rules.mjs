// The lifecycle-rule operations of the conformance corpus through the Node.js API (`RuleSet`),
// in the three spellings of conformance.test.mjs: rule sets through `fromJson` (json), through
// `fromObject` as given (object) or with camelCase keys (camel); facts as given, or with
// camelCase keys and `Date`s (camel; the keys of `facts` and `last_fired` are user data).

import { createRequire } from 'node:module'
import { camelKeys } from './keys.mjs'

const require = createRequire(import.meta.url)
const { RuleSet } = require('../../crates/node')

export const RULE_OPS = new Set([
  'validate_rules',
  'evaluate_rules',
  'evaluate_rules_batch',
  'summarize_rules_batch',
  'summarize_rules_columns',
])

const builtinJson = RuleSet.builtin().toJson()

function loadRules(testCase, models, variant) {
  const spec = testCase.rules ?? 'builtin'
  if (spec === 'builtin') return variant === 'json' ? RuleSet.fromJson(builtinJson) : RuleSet.builtin()
  const value = typeof spec === 'string' ? (models?.[spec] ?? null) : spec
  if (variant === 'json') return RuleSet.fromJson(JSON.stringify(value))
  if (variant === 'object') return RuleSet.fromObject(value)
  return RuleSet.fromObject(camelKeys(value))
}

/** Runs a rules case; `input` is already in the variant's spelling. */
export function runRulesCase(testCase, models, variant, input) {
  const rules = loadRules(testCase, models, variant)
  switch (testCase.op) {
    case 'validate_rules':
      return { valid: true, rules: rules.ruleKeys.length, conditions: rules.conditions }
    case 'evaluate_rules':
      return rules.evaluate(input)
    case 'summarize_rules_columns': {
      const asOf = input?.asOf ?? input?.as_of
      const lastFired = input?.lastFired ?? input?.last_fired
      const options = {}
      if (asOf !== undefined) options.asOf = asOf
      if (lastFired !== undefined) options.lastFired = lastFired
      return rules.summarizeColumns(input?.columns ?? {}, options)
    }
    default: {
      const explain = testCase.op === 'evaluate_rules_batch'
      const asOf = input?.asOf ?? input?.as_of
      return rules.evaluateBatch(input?.accounts ?? [], asOf === undefined ? { explain } : { explain, asOf })
    }
  }
}
