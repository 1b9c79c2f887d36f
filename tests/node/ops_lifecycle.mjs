// The lifecycle operations of the conformance corpus (tests/conformance/lifecycle/) through the
// JavaScript API (the Node.js binding, and the same calls in the browser build): each case's
// `input` is the one object the function takes.

export const LIFECYCLE_OPS = new Set([
  'renewal_prep',
  'win_back_plan',
  'touch_cadence',
  'onboarding_plan',
  'engagement_level',
  'churn_taxonomy',
  'classify_churn',
  'churn_reason_analysis',
  'surprise_churn',
  'save_outcomes',
])

/**
 * Runs one lifecycle case. `input` is the case's input as the variant spells it, `get(key)` a
 * field of it, `model()` the case's health model (for the tiers of surprise churn).
 */
export function runLifecycle(api, op, input, get, model) {
  switch (op) {
    case 'renewal_prep':
      return api.renewalPrep(input)
    case 'win_back_plan':
      return api.winBackPlan(input)
    case 'touch_cadence':
      return api.touchCadence(input)
    case 'onboarding_plan':
      return api.onboardingPlan(input)
    case 'engagement_level':
      return api.engagementLevel(input)
    case 'churn_taxonomy':
      return api.churnTaxonomy()
    case 'classify_churn':
      return api.classifyChurn(get('event'), get('taxonomy'))
    case 'churn_reason_analysis':
      return api.churnReasonAnalysis(get('events'), get('taxonomy'))
    case 'surprise_churn':
      return api.surpriseChurn(model(), input)
    case 'save_outcomes':
      return api.saveOutcomes(input)
    default:
      throw new Error(`unknown lifecycle op ${op}`)
  }
}
