// The lifecycle operations of the conformance corpus (tests/conformance/lifecycle/) through the
// JavaScript API (the Node.js binding, and the same calls in the browser build): each case's
// `input` is the one object the function takes.

import { model } from './ops_health.mjs'

export const renewal_prep = (ctx) => ctx.tenure.renewalPrep(ctx.input)
export const win_back_plan = (ctx) => ctx.tenure.winBackPlan(ctx.input)
export const touch_cadence = (ctx) => ctx.tenure.touchCadence(ctx.input)
export const onboarding_plan = (ctx) => ctx.tenure.onboardingPlan(ctx.input)
export const engagement_level = (ctx) => ctx.tenure.engagementLevel(ctx.input)
export const churn_taxonomy = (ctx) => ctx.tenure.churnTaxonomy()
export const classify_churn = (ctx) => ctx.tenure.classifyChurn(ctx.get('event'), ctx.get('taxonomy'))
export const churn_reason_analysis = (ctx) => ctx.tenure.churnReasonAnalysis(ctx.get('events'), ctx.get('taxonomy'))
/** The tiers come from the case's health model. */
export const surprise_churn = (ctx) => ctx.tenure.surpriseChurn(model(ctx), ctx.input)
export const save_outcomes = (ctx) => ctx.tenure.saveOutcomes(ctx.input)
