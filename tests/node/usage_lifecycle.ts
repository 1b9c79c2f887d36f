// Typical use of the lifecycle functions, type-checked with `tsc --strict` (see tsconfig.json).
import {
  HealthModel,
  churnReasonAnalysis,
  churnReasonAnalysisAsync,
  churnTaxonomy,
  classifyChurn,
  engagementLevel,
  onboardingPlan,
  renewalPrep,
  saveOutcomes,
  surpriseChurn,
  surpriseChurnAsync,
  touchCadence,
  winBackPlan,
} from '../../crates/node'
import type {
  ChurnReasonAnalysis,
  EngagementLevel,
  RedAlertReason,
  RenewalPlan,
  SaveResult,
  SurpriseChurn,
  TouchState,
} from '../../crates/node'

const plan: RenewalPlan = renewalPrep({ renewalDate: '2026-12-31', asOf: new Date(), completed: ['internal_review'], healthTier: 'at_risk' })
const reasons: RedAlertReason[] = plan.redAlertReasons
const next: string | null = plan.nextStep
const winBack = winBackPlan({ churnDate: '2026-01-01', asOf: '2026-02-01', sent: [7] })
const rate: number = winBack.successRate.maxPct
const cadence = touchCadence({ arr: '120000.50', asOf: '2026-03-20', lastTouches: { sync: '2026-03-01' } })
const state: TouchState | undefined = cadence.touches[0]?.state
const onboarding = onboardingPlan({ startDate: '2026-03-01', asOf: '2026-03-05', segment: 'smb', completed: [{ milestone: 'admin_trained' }] })
const ttfv: 'met' | 'missed' | 'pending' | 'overdue' = onboarding.timeToFirstValue.status
const level: EngagementLevel = engagementLevel({ activeDaysPerWeek: 3, lastActiveOn: null, asOf: '2026-06-01' }).level
const taxonomy = churnTaxonomy()
const event = { account: 'a', date: '2026-03-14', category: 'value', arr: 1000 }
const play: string | undefined = classifyChurn(event).savePlay?.key
const analysis: ChurnReasonAnalysis = churnReasonAnalysis([event], taxonomy)
const share: number | null = analysis.preventableArr.ratio
const model = HealthModel.builtin()
const surprise: SurpriseChurn = surpriseChurn(model, { events: [event], histories: [{ account: 'a', history: [{ date: '2025-12-01', score: 70 }] }] })
const result: SaveResult | undefined = saveOutcomes({ attempts: [{ account: 'a', attemptedOn: '2026-01-01' }], asOf: '2026-04-01' }).outcomes[0]?.result
async function later(): Promise<number | null> {
  const a = await churnReasonAnalysisAsync([event])
  const s = await surpriseChurnAsync(model, { events: [event] })
  return a.preventableCount.ratio ?? s.share.ratio
}
export { reasons, next, rate, state, ttfv, level, play, share, surprise, result, later }
