// Data types of the tenure Node.js binding (hand-written; the classes and functions are in the
// generated index.d.ts, which re-exports everything here).
//
// Keys: inputs are accepted in camelCase (as typed here) or in the snake_case of the JSON model
// format; results always use camelCase. Keys inside `inputs`, `attributes` and batch columns
// are your own and are never converted. String values (statuses, enum values, error paths) are
// the core's, unchanged.

/** Any JSON-like value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

/** A calendar day: an ISO `YYYY-MM-DD` string, or a `Date` (its UTC day is used). */
export type DateInput = string | Date

/** One input value of an account (NaN and null count as missing). */
export type InputValue = number | boolean | string

// ---------------------------------------------------------------------------------------------
// Errors

/** Stable error codes (the string form never changes between releases). */
export type ErrorCode =
  | 'model.parse'
  | 'model.unknown_field'
  | 'model.missing_field'
  | 'model.empty'
  | 'model.duplicate_key'
  | 'model.invalid_key'
  | 'model.weight_not_positive'
  | 'model.points_out_of_range'
  | 'model.band_invalid'
  | 'model.band_order'
  | 'model.band_gap'
  | 'model.band_overlap'
  | 'model.band_unbounded_slope'
  | 'model.direction_violated'
  | 'model.direction_not_applicable'
  | 'model.tier_uncovered'
  | 'model.tier_unreachable'
  | 'model.tier_threshold_invalid'
  | 'model.coverage_out_of_range'
  | 'model.seasonal_invalid'
  | 'model.unknown_reference'
  | 'model.route_invalid'
  | 'model.input_conflict'
  | 'input.unknown_signal'
  | 'input.missing_required'
  | 'input.column_length'
  | 'input.duplicate_key'
  | 'input.out_of_range'
  | 'input.empty'
  | 'input.date_order'
  | 'input.parse'
  // revenue
  | 'input.currency_mismatch'
  | 'input.negative_amount'
  | 'input.duplicate_customer_month'
  | 'input.as_of_required'
  | 'input.segment_conflict'
  | 'input.partial_mismatch'
  | 'rules.parse'
  | 'rules.unknown_field'
  | 'rules.missing_field'
  | 'rules.empty'
  | 'rules.duplicate_key'
  | 'rules.invalid_key'
  | 'rules.unknown_operator'
  | 'rules.unknown_measure'
  | 'rules.type_mismatch'
  | 'rules.fact_conflict'
  | 'rules.invalid_window'
  | 'rules.invalid_range'
  | 'rules.invalid_value'
  | 'rules.unknown_tier'
  | 'rules.invalid_message'
  | 'rules.limit_exceeded'
  | 'input.missing_as_of'

/** What every function of tenure throws (an `Error` with these extra properties). */
export interface TenureError extends Error {
  /** Stable code, e.g. `model.band_gap`. */
  code: ErrorCode
  /** Path of the offending item in the core's (snake_case) spelling, e.g. `dimensions[0].weight`. */
  path: string
  /** The offending value, when there is one. */
  value?: JsonValue
}

/** An error reported inside a result (a failed score, a failed batch row). */
export interface ErrorInfo {
  code: ErrorCode
  path: string
  value?: JsonValue
  message: string
}

// ---------------------------------------------------------------------------------------------
// Models

export type Combine = 'mean' | 'min' | 'max' | 'weighted'
export type MissingPolicy = 'exclude' | 'neutral' | 'zero' | 'fail'
export type Direction = 'unordered' | 'higher_is_better' | 'lower_is_better'

/** A band: `[from, to)` by default; `points` constant or `[atFrom, atTo]` interpolated. */
export interface BandSpec {
  from?: number
  to?: number
  fromInclusive?: boolean
  toInclusive?: boolean
  points: number | [number, number]
  label?: string
}

export interface CategorySpec {
  value: string
  points: number
}

export type SignalKindSpec =
  | { type: 'numeric'; input?: string; bands: BandSpec[] }
  | { type: 'count'; input?: string; bands: BandSpec[] }
  | { type: 'ratio'; numerator: string; denominator: string; bands: BandSpec[] }
  | { type: 'categorical'; input?: string; categories: CategorySpec[] }
  | { type: 'boolean'; input?: string; truePoints: number; falsePoints: number }

export interface SignalSpec {
  key: string
  label?: string
  weight?: number
  kind: SignalKindSpec
  missing?: MissingPolicy
  neutralPoints?: number
  direction?: Direction
  seasonal?: { monthlyFactors: number[] }
  note?: string
}

export interface DimensionSpec {
  key: string
  label?: string
  weight: number
  combine?: Combine
  signals: SignalSpec[]
  note?: string
}

export interface TierSpec {
  key: string
  label?: string
  colour?: string
  min: number
}

/** A health model as a plain object (see `HealthModel.fromObject`). */
export interface HealthModelSpec {
  id: string
  version?: string
  label?: string
  note?: string
  dimensions: DimensionSpec[]
  tiers: TierSpec[]
  minCoverage?: number
}

export interface SegmentRouteSpec {
  attribute: string
  equals?: InputValue
  oneOf?: InputValue[]
  atLeast?: number
  below?: number
  model: string
}

/** A segmented model set as a plain object (see `SegmentedModel.fromObject`). */
export interface SegmentedModelSpec {
  id: string
  models: HealthModelSpec[]
  routes?: SegmentRouteSpec[]
  defaultModel: string
}

// ---------------------------------------------------------------------------------------------
// Scoring one account

export interface Account {
  id?: string
  /** Input values by input key; `null`, `undefined`, NaN or absent means missing. */
  inputs?: Record<string, InputValue | null | undefined>
  /** Attributes used to choose a segment model (e.g. `segment`, `arr`). */
  attributes?: Record<string, InputValue | null | undefined>
  /** The day the inputs describe (selects the month of seasonal baselines). */
  asOf?: DateInput
}

export type ScoreStatus = 'scored' | 'insufficient_data' | 'failed'
export type PointsSource = 'observed' | 'neutral' | 'zero' | 'excluded' | 'failed'
export type IssueKind =
  | 'not_finite'
  | 'out_of_domain'
  | 'not_a_count'
  | 'wrong_type'
  | 'unknown_category'
  | 'zero_denominator'

export interface TierLabel {
  key: string
  label?: string
  colour?: string
}

export interface SignalExplanation {
  key: string
  /** The raw input (for a ratio, `[numerator, denominator]`); `null` when missing. */
  input: JsonValue
  scoredValue?: number
  band?: number
  bandLabel?: string
  points: number | null
  source: PointsSource
  effectiveWeight: number
  contribution: number
}

export interface DimensionExplanation {
  key: string
  weight: number
  effectiveWeight: number
  points: number | null
  contribution: number
  lift: number
  signals: SignalExplanation[]
}

export interface NextTier {
  key: string
  min: number
  pointsNeeded: number
}

export interface InputIssue {
  kind: IssueKind
  path: string
  value: JsonValue
}

export interface HealthScore {
  account?: string
  model: string
  status: ScoreStatus
  composite: number | null
  tier: TierLabel | null
  coverage: number
  dimensions: DimensionExplanation[]
  nextTier: NextTier | null
  topLift: string | null
  issues: InputIssue[]
  /** The error that stopped scoring when `status` is `failed`. */
  error?: ErrorInfo
}

export interface SegmentedScore extends HealthScore {
  /** Index of the route that matched; `null` when the default model was used. */
  route: number | null
}

// ---------------------------------------------------------------------------------------------
// Batches

/** Dictionary-encoded text: `categories[codes[i]]`; a negative code is missing. */
export interface DictionaryColumn {
  codes: Int32Array
  categories: readonly string[]
}

/**
 * One column: numbers as a `Float64Array` (NaN = missing; booleans as 0/1) or an array of
 * numbers/null; text as an array of strings/null or a dictionary; booleans as an array of
 * booleans/null.
 */
export type BatchColumn =
  | Float64Array
  | ReadonlyArray<number | null | undefined>
  | ReadonlyArray<string | null | undefined>
  | ReadonlyArray<boolean | null | undefined>
  | DictionaryColumn

/** Columns by input key, or an array of accounts. */
export type BatchInput = { readonly [inputKey: string]: BatchColumn } | ReadonlyArray<Account>

export interface BatchOptions {
  /** Calendar month (1-12) of the inputs, for seasonal baselines. */
  month?: number | null
}

export interface BatchRowError extends ErrorInfo {
  row: number
}

export interface BatchResult {
  /** Composite per row (0-100, rounded to 0.1); NaN when not scored. */
  composite: Float64Array
  /** Share (0-1) of the model's weight observed, per row. */
  coverage: Float64Array
  /** Tier key per row; `null` when not scored. */
  tier: (string | null)[]
  status: ScoreStatus[]
  /** Rows with a missing required signal. */
  errors: BatchRowError[]
}

// ---------------------------------------------------------------------------------------------
// Blends, roll-ups, trends

export interface HumanAssessment {
  score: number
  weight: number
  assessedOn: DateInput
  expiresOn: DateInput
  assessor?: string
}

export type HumanStatus = 'applied' | 'expired' | 'not_yet_valid' | 'absent'

export interface BlendedScore {
  composite: number
  tier: TierLabel
  computed: number
  human: number | null
  humanWeight: number
  humanStatus: HumanStatus
}

export interface ProductScore {
  product: string
  score: number
  /** ARR: a number, or a decimal string for exact amounts. */
  arr: number | string
}

export type RollupMethod = 'arr_weighted' | 'min' | 'mean'

export interface ProductShare {
  product: string
  score: number
  /** Exact decimal, as a string. */
  arr: string
  weight: number
}

export interface RolledUpScore {
  composite: number
  tier: TierLabel
  method: RollupMethod
  /** Exact decimal sum, as a string. */
  totalArr: string
  products: ProductShare[]
  weakest: string
}

export interface ScorePoint {
  date: DateInput
  score: number
}

/** A score on a day, as reported (the day as `YYYY-MM-DD`). */
export interface DatedScore {
  date: string
  score: number
}

export interface TrendOptions {
  windowDays?: number
  tolerance?: number
  hysteresis?: number
  dropWindowDays?: number
  dropThresholdPct?: number
}

export type TrendDirection = 'up' | 'flat' | 'down'

export interface TierTransition {
  date: string
  from: string
  to: string
  direction: TrendDirection
  score: number
}

export interface ScoreDrop {
  from: DatedScore
  to: DatedScore
  pct: number
}

export interface ScoreTrend {
  latest: DatedScore
  baseline: DatedScore | null
  delta: number | null
  pctChange: number | null
  direction: TrendDirection | null
  tier: string
  transitions: TierTransition[]
  largestDrop: ScoreDrop | null
  dropped: boolean
}

// ---------------------------------------------------------------------------------------------
// Revenue: MRR movements and retention metrics. Money is exact: amounts are decimal strings
// ("49.99") in and out (numbers are accepted in), with exactly `minorUnitDigits` decimals out.

/** A calendar month: `"YYYY-MM"` or a day (`"YYYY-MM-DD"`, a `Date`) in it. */
export type MonthInput = string | Date

/** An exact amount: a decimal string (or a number). */
export type MoneyInput = string | number

export type BillingInterval = 'weekly' | 'monthly' | 'quarterly' | 'semi_annual' | 'annual'

export interface SubscriptionPeriod {
  customer: string
  /** First day of the period. */
  start: DateInput
  /** First day after the period (exclusive); absent or null while it runs (needs `asOf`). */
  end?: DateInput | null
  amount: MoneyInput
  interval?: BillingInterval
  segment?: string | null
  currency?: string | null
}

export interface MrrSnapshot {
  customer: string
  month: MonthInput
  mrr: MoneyInput
  segment?: string | null
  currency?: string | null
}

export interface MrrConventionOptions {
  base?: 'default' | 'dbt_mrr_playbook'
  reactivationWindowMonths?: number | null
  churnRecognition?: 'next_month' | 'last_active_month'
  sameMonthCancel?: 'count' | 'ignore'
  activeMonth?: 'any_day' | 'first_day'
  calendarStart?: MonthInput | null
}

export type MrrConventionInput = 'default' | 'dbt_mrr_playbook' | MrrConventionOptions

export interface MrrConvention {
  reactivationWindowMonths: number | null
  churnRecognition: 'next_month' | 'last_active_month'
  sameMonthCancel: 'count' | 'ignore'
  activeMonth: 'any_day' | 'first_day'
  calendarStart: string | null
}

export interface MonthlyOptions {
  convention?: MrrConventionInput
  asOf?: MonthInput | null
  minorUnitDigits?: number
  /** `{currency: "USD", rates: {EUR: "1.1"}}` (currency codes are kept as given). */
  exchangeRates?: { currency: string; rates: { [currency: string]: MoneyInput } } | null
}

export interface RevenueInput {
  periods?: SubscriptionPeriod[]
  snapshots?: MrrSnapshot[]
  options?: MonthlyOptions
}

/** Customer-month rows as columns (one row per customer and month). */
export interface CustomerMonthColumns {
  /** Integer ids (Float64Array, Int32Array, number[]) or text ids. */
  customer: Float64Array | Int32Array | number[] | string[]
  /** Month indices since 1970-01 (Int32Array) or `"YYYY-MM"` strings. */
  month: Int32Array | MonthInput[]
  /** MRR per row (rounded to the minor unit, half away from zero). */
  mrr: Float64Array | number[]
  segment?: (string | null)[] | null
}

export interface CustomerMonthsResult {
  customers: (string | number)[]
  window: { first: string; last: string } | null
  minorUnitDigits: number
  currency: string | null
  convention: MrrConvention
  segments: string[]
  rows: { customer: string | number; month: string; mrr: string; segment: string | null }[]
}

export interface MonthMovements {
  month: string
  startingMrr: string
  new: string
  expansion: string
  contraction: string
  churn: string
  reactivation: string
  endingMrr: string
  startingCustomers: number
  newCustomers: number
  expansionCustomers: number
  contractionCustomers: number
  churnedCustomers: number
  reactivatedCustomers: number
  endingCustomers: number
}

export interface MrrMovements {
  convention: MrrConvention
  minorUnitDigits: number
  currency: string | null
  months: MonthMovements[]
  segments: { segment: string; months: MonthMovements[] }[]
}

/** Monthly movements as typed arrays (amounts as the nearest doubles). */
export interface MovementSeries {
  months: string[]
  startingMrr: Float64Array
  new: Float64Array
  expansion: Float64Array
  contraction: Float64Array
  churn: Float64Array
  reactivation: Float64Array
  endingMrr: Float64Array
  startingCustomers: Float64Array
  newCustomers: Float64Array
  expansionCustomers: Float64Array
  contractionCustomers: Float64Array
  churnedCustomers: Float64Array
  reactivatedCustomers: Float64Array
  endingCustomers: Float64Array
}

export type MovementKind = 'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation'

export interface MovementDetail {
  customer: string | number
  month: string
  previousMrr: string
  mrr: string
  movement: MovementKind
  amount: string
}

export interface RetentionRequest {
  data: RevenueInput
  from: MonthInput
  through?: MonthInput | null
}

/** An exact ratio; `value` is null when the denominator is 0. */
export interface Ratio {
  numerator: string
  denominator: string
  value: number | null
}

export interface RetentionMetrics {
  segment: string | null
  from: string
  through: string
  baseMonth: string
  startingCustomers: number
  retainedCustomers: number
  startingMrr: string
  endingMrr: string
  expansion: string
  contraction: string
  churn: string
  nrr: Ratio
  grr: Ratio
  logoRetention: Ratio
  expansionRate: Ratio
  grossMrrChurn: Ratio
  netMrrChurn: Ratio
  quickRatio: Ratio
}

export interface RetentionReport {
  total: RetentionMetrics
  segments: RetentionMetrics[]
}

// ---------------------------------------------------------------------------------------------
// Lifecycle rules (RuleSet). Keys inside `facts` and `lastFired` are your own (fact and play
// keys) and are never converted.

/** A rule value: a number, text, boolean or date (an ISO `YYYY-MM-DD` string is a date). */
export type RuleValue = number | string | boolean | Date

export type RuleSeverity = 'critical' | 'high' | 'medium' | 'low' | 'info'
export type SignalStrength = 'hot' | 'warm'
export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>='
export type RuleMeasure = 'value' | 'days_since' | 'days_until' | 'latest' | 'pct_change' | 'change' | 'tier'

/** A test on one fact. */
export interface FactTest {
  fact: string
  op: CompareOp | 'between' | 'in' | 'not_in' | 'is_missing' | 'is_present' | 'sustained' | 'tier_crossed' | 'dropped'
  measure?: RuleMeasure
  windowDays?: number
  periods?: number
  dividedBy?: string
  value?: RuleValue
  min?: RuleValue
  max?: RuleValue
  values?: RuleValue[]
  compare?: CompareOp
  direction?: 'down' | 'up'
  withinDays?: number
  into?: string
  pct?: number
}

/** A condition: `{all: [...]}`, `{any: [...]}`, `{not: ...}` or a test on a fact. */
export type RuleCondition = { all: RuleCondition[] } | { any: RuleCondition[] } | { not: RuleCondition } | FactTest

export interface RuleAction {
  play: string
  severity: RuleSeverity
  dueWithinHours?: number
  message: string
  strength?: SignalStrength
}

export interface RuleSpec {
  key: string
  label: string
  category?: string
  source?: string
  note?: string
  /** 1 = most important (default 100). */
  priority?: number
  condition: RuleCondition
  action: RuleAction
  cooldownDays?: number
  enabled?: boolean
}

export interface RuleLimits {
  maxDepth?: number
  maxConditions?: number
  maxRules?: number
  maxInValues?: number
  maxMessageChars?: number
}

/** A rule set in its JSON format (camelCase or snake_case keys). */
export interface RuleSetSpec {
  id: string
  version?: string
  label?: string
  note?: string
  tiers?: { key: string; label?: string; colour?: string; min: number }[]
  limits?: RuleLimits
  rules: RuleSpec[]
}

/** One point of a series fact. */
export interface SeriesPoint {
  date: DateInput
  value: number
}

/** A fact value: number, text, boolean, date, series, or null (missing). */
export type FactValue = number | string | boolean | Date | SeriesPoint[] | null

/** One account's facts, evaluated as of a day. */
export interface AccountFacts {
  account?: string
  asOf?: DateInput
  facts?: { [fact: string]: FactValue }
  /** The day each play last fired (cooldowns). */
  lastFired?: { [play: string]: DateInput }
}

export type Truth = 'held' | 'failed' | 'unknown'
export type UnknownReason =
  | 'missing_fact'
  | 'wrong_type'
  | 'zero_denominator'
  | 'no_point'
  | 'no_baseline'
  | 'zero_baseline'
  | 'not_enough_points'
  | 'out_of_range'

export interface DatedValue {
  date: string
  value: number
}

export interface ConditionTrace {
  op: string
  result: Truth
  fact?: string
  measure?: string
  factValue?: number | string | boolean | DatedValue[] | null
  denominatorValue?: number | string | boolean | null
  measured?: number | string | boolean
  from?: DatedValue
  to?: DatedValue
  reason?: UnknownReason
  conditions?: ConditionTrace[]
}

export type RuleStatus = 'fired' | 'suppressed' | 'not_met' | 'unknown' | 'disabled'

export interface RuleOutcome {
  rule: string
  status: RuleStatus
  matched: boolean
  condition?: ConditionTrace
}

export interface PlayAction {
  play: string
  rule: string
  label: string
  category?: string
  source?: string
  priority: number
  severity: RuleSeverity
  strength?: SignalStrength
  dueWithinHours?: number
  /** `asOf` 00:00 plus `dueWithinHours`, e.g. `2026-03-03T00:00:00` (local to the account). */
  dueAt?: string
  message: string
}

export interface Suppression {
  rule: string
  play: string
  reason: 'duplicate_play' | 'cooldown'
  byRule?: string
  lastFired?: string
  until?: string
}

export interface RuleEvaluation {
  account?: string
  asOf: string
  ruleSet: string
  actions: PlayAction[]
  suppressed: Suppression[]
  rules: RuleOutcome[]
}

export interface RuleBatchOptions {
  /** The day for every account (else each account's own `asOf`). */
  asOf?: DateInput
  /** `false`: plays only (the fast summary). Default `true`. */
  explain?: boolean
}

export interface RuleBatchError {
  index: number
  error: ErrorInfo
}

export interface RuleBatchExplained {
  evaluations: (RuleEvaluation | null)[]
  errors: RuleBatchError[]
}

export interface RuleBatchSummary {
  rows: { plays: string[] }[]
  errors: RuleBatchError[]
}

export type RuleBatchResult = RuleBatchExplained | RuleBatchSummary

export interface RuleFact {
  fact: string
  kind: 'number' | 'text' | 'bool' | 'date' | 'series' | 'any'
}

/**
 * Fact columns of `summarizeColumns`: one column per fact key (kept as given), one value per
 * account; numbers may come as a typed array (NaN is missing).
 */
export interface FactColumnsInput {
  [fact: string]: Float64Array | Float32Array | Int32Array | (FactValue | undefined)[]
}

export interface RuleColumnsOptions {
  /** The day the accounts are evaluated on (required). */
  asOf?: DateInput
  /** The day each play last fired, one per account (`null`: never), for cooldowns. */
  lastFired?: { [play: string]: (DateInput | null)[] }
}

// ---------------------------------------------------------------------------------------------
// Lifecycle timelines and the churn taxonomy

/** ARR in: a number, or a decimal string for exact amounts. */
export type AmountInput = number | string
/** A day out: `YYYY-MM-DD`. */
export type Day = string
/** A share: exact numerator and denominator, one unrounded division (`null` for 0/0). */
export interface Share<T> {
  numerator: T
  denominator: T
  ratio: number | null
}

export type RenewalStepStatus = 'upcoming' | 'current' | 'overdue' | 'done' | 'not_needed'
export type RenewalPhase = 'not_started' | 'in_progress' | 'passed' | 'signed'
export type RedAlertReason =
  | 'unsigned_final_week'
  | 'renewal_passed_unsigned'
  | 'health_at_risk'
  | 'steps_overdue'

export interface RenewalOptions {
  alertTiers?: string[]
  healthAlertDays?: number
  overdueAlertDays?: number
}

export interface RenewalInput {
  renewalDate: DateInput
  asOf: DateInput
  /** Keys of the steps done (`internal_review`, `success_recap`, `roi_presentation`,
   * `renewal_discussion`, `contract_sent`, `final_follow_up`, `unsigned_red_alert`). */
  completed?: string[]
  signed?: boolean
  healthTier?: string | null
  options?: RenewalOptions
}

export interface RenewalStep {
  key: string
  day: number
  due: Day
  action: string
  customerFacing: boolean
  status: RenewalStepStatus
}

export interface RenewalPlan {
  renewalDate: Day
  asOf: Day
  daysUntilRenewal: number
  phase: RenewalPhase
  steps: RenewalStep[]
  currentStep: string | null
  nextStep: string | null
  nextDue: Day | null
  overdueSteps: string[]
  escalate: boolean
  executiveInvolvement: boolean
  redAlert: boolean
  redAlertReasons: RedAlertReason[]
}

export type WinBackBucket = 'days_0_30' | 'days_30_90' | 'days_90_180' | 'days_180_365' | 'over_365'
export type EmailStatus = 'upcoming' | 'due' | 'overdue' | 'cancelled' | 'sent' | 'not_applicable'

export interface WinBackInput {
  churnDate: DateInput
  asOf: DateInput
  /** Days (7, 30, 90) of the emails sent. */
  sent?: number[]
  majorRelease?: boolean
}

export interface SuccessBand {
  minPct: number
  maxPct: number
  label: string
}

export interface WinBackEmail {
  number: number
  day: number
  due: Day
  subject: string
  majorReleaseOnly: boolean
  status: EmailStatus
}

export interface WinBackPlan {
  churnDate: Day
  asOf: Day
  daysSinceChurn: number
  bucket: WinBackBucket
  bucketLabel: string
  approach: string
  successRate: SuccessBand
  activeCampaign: boolean
  emails: WinBackEmail[]
  dueEmails: number[]
  nextEmail: number | null
  nextEmailDue: Day | null
}

export type Segment = 'enterprise' | 'mid_market' | 'smb' | 'self_serve'
export type TouchKind = 'sync' | 'async' | 'qbr' | 'executive'
export type Cadence =
  | 'weekly'
  | 'bi_weekly'
  | 'monthly'
  | 'quarterly'
  | 'semi_annual'
  | 'annual'
  | 'automated'
  | 'not_scheduled'
export type TouchState =
  | 'on_track'
  | 'due_today'
  | 'overdue'
  | 'never_touched'
  | 'automated'
  | 'not_scheduled'

export interface ArrThresholds {
  enterpriseMin?: AmountInput
  midMarketMin?: AmountInput
  smbMin?: AmountInput
}

export interface TouchCadenceInput {
  arr: AmountInput
  asOf: DateInput
  lastTouches?: { sync?: DateInput | null; async?: DateInput | null; qbr?: DateInput | null; executive?: DateInput | null }
  since?: DateInput | null
  segment?: Segment | null
  thresholds?: ArrThresholds
}

export interface TouchStatus {
  touch: TouchKind
  cadence: Cadence
  lastTouch: Day | null
  nextDue: Day | null
  state: TouchState
  daysUntilDue: number | null
  daysOverdue: number
}

export interface TouchCadence {
  /** Exact decimal, as a string. */
  arr: string
  segment: Segment
  segmentLabel: string
  segmentGiven: boolean
  touches: TouchStatus[]
  overdue: TouchKind[]
  nextTouch: TouchKind | null
  nextDue: Day | null
}

export type MilestoneState = 'on_track' | 'at_risk' | 'overdue' | 'done'
export type TtfvStatus = 'met' | 'missed' | 'pending' | 'overdue'

export interface OnboardingTemplate {
  phases: {
    key: string
    label: string
    startDay: number
    endDay: number
    milestones: { key: string; label: string; targetDay: number }[]
  }[]
}

export interface OnboardingInput {
  startDate: DateInput
  asOf: DateInput
  segment: Segment
  completed?: { milestone: string; on?: DateInput | null }[]
  firstValueOn?: DateInput | null
  firstValueMinutes?: number | null
  atRiskDays?: number
  template?: OnboardingTemplate | null
}

export interface MilestoneStatus {
  key: string
  label: string
  phase: string
  targetDay: number
  targetDate: Day
  daysUntilTarget: number
  status: MilestoneState
  completedOn: Day | null
  late: boolean | null
}

export interface PhaseStatus {
  key: string
  label: string
  startDay: number
  endDay: number
  status: MilestoneState
  progress: Share<number>
}

export interface TimeToFirstValue {
  segment: Segment
  ahaMoment: string
  targetMinutes: number
  targetLabel: string
  targetDate: Day
  elapsedMinutes: number | null
  elapsedDays: number | null
  status: TtfvStatus
}

export interface OnboardingPlan {
  startDate: Day
  asOf: Day
  day: number
  currentPhase: string | null
  phases: PhaseStatus[]
  milestones: MilestoneStatus[]
  progress: Share<number>
  overdue: string[]
  atRisk: string[]
  timeToFirstValue: TimeToFirstValue
}

export type EngagementLevel = 'power_user' | 'regular' | 'casual' | 'dormant' | 'ghost'

export interface ActivityFacts {
  activeDaysPerWeek: number
  lastActiveOn?: DateInput | null
  asOf: DateInput
  featuresUsed?: number | null
  createsContent?: boolean | null
  options?: {
    ghostAfterDays?: number
    powerUserDays?: number
    regularDays?: number
    casualDays?: number
    powerUserMinFeatures?: number
  }
}

export interface EngagementAssessment {
  level: EngagementLevel
  label: string
  behavior: string
  retentionPrediction: string
  action: string
  daysSinceActive: number | null
  activeDaysPerWeek: number
  reason: string
}

export type Preventability = 'yes' | 'partially' | 'sometimes' | 'rarely'

export interface SavePlay {
  key: string
  label: string
  steps: string[]
}

export interface ChurnTaxonomy {
  source?: string
  note?: string
  categories: {
    key: string
    label: string
    preventability: Preventability
    savePlay?: string | null
    subReasons: { key: string; label: string; savePlay?: string | null }[]
  }[]
  savePlays: SavePlay[]
}

export interface ChurnEvent {
  account: string
  date: DateInput
  category?: string | null
  subReason?: string | null
  arr: AmountInput
}

export interface ClassifiedChurn {
  account: string
  date: Day
  month: string
  category: string
  categoryLabel: string
  subReason: string | null
  subReasonLabel: string | null
  preventability: Preventability
  preventable: boolean
  savePlay: SavePlay | null
  arr: string
}

export interface CategoryCount {
  category: string
  label: string
  preventability: Preventability
  preventable: boolean
  count: number
  arr: string
  countShare: Share<number>
  arrShare: Share<string>
  subReasons: { subReason: string | null; label: string; count: number; arr: string }[]
}

export interface ChurnMonth {
  month: string
  count: number
  arr: string
  categories: {
    category: string
    count: number
    arr: string
    countChange: number | null
    arrChange: string | null
  }[]
}

export interface ChurnReasonAnalysis {
  count: number
  arr: string
  categories: CategoryCount[]
  preventableCount: Share<number>
  preventableArr: Share<string>
  topCategory: string | null
  months: ChurnMonth[]
  trend: {
    category: string
    latestCount: number
    previousCount: number | null
    latestArr: string
    previousArr: string | null
    direction: TrendDirection | null
  }[]
}

export interface SurpriseChurnInput {
  events: ChurnEvent[]
  histories?: { account: string; history: ScorePoint[] }[]
  options?: { lookbackDays?: number; surpriseTiers?: string[] }
}

export type SurpriseClass = 'surprise' | 'expected' | 'unknown'

export interface SurpriseChurn {
  lookbackDays: number
  accounts: {
    account: string
    churnDate: Day
    referenceDate: Day
    scoredOn: Day | null
    score: number | null
    tier: string | null
    class: SurpriseClass
    arr: string
  }[]
  surprise: number
  expected: number
  unknown: number
  share: Share<number>
  arrShare: Share<string>
  quarters: {
    quarter: string
    surprise: number
    expected: number
    unknown: number
    share: Share<number>
  }[]
}

export type SaveResult = 'pending' | 'saved' | 'lost'

export interface SaveOutcomesInput {
  attempts: {
    account: string
    attemptedOn: DateInput
    play?: string | null
    arr?: AmountInput | null
    churnedOn?: DateInput | null
  }[]
  asOf: DateInput
  options?: { windowDays?: number }
}

export interface SaveOutcomes {
  windowDays: number
  outcomes: {
    account: string
    play: string | null
    attemptedOn: Day
    decidedOn: Day
    churnedOn: Day | null
    result: SaveResult
    arr: string | null
  }[]
  saved: number
  lost: number
  pending: number
  saveRate: Share<number>
  savedArr: string
  lostArr: string
  pendingArr: string
  arrSaveRate: Share<string>
  byPlay: { play: string | null; saved: number; lost: number; pending: number; saveRate: Share<number> }[]
}

// survival

/** Survival data as columns of equal length. */
export interface SurvivalInput {
  /** Durations (>= 0). */
  duration: Float64Array | number[]
  /** Whether the event (churn) was observed. */
  event: boolean[]
  /** Late-entry times (<= duration; default all 0). */
  entry?: Float64Array | number[] | null
  /** Group per subject, for per-group curves. */
  group?: (string | null)[] | null
}

export interface KaplanMeierOptions {
  /** Confidence level of the pointwise intervals, strictly between 0 and 1 (default 0.95). */
  confidenceLevel?: number
}

/** A survival curve: one entry per time of the timeline. */
export interface SurvivalCurve {
  time: Float64Array
  atRisk: Float64Array
  entered: Float64Array
  events: Float64Array
  censored: Float64Array
  survival: Float64Array
  greenwood: Float64Array
  lower: Float64Array
  upper: Float64Array
}

export interface KaplanMeierFit {
  curve: SurvivalCurve
  /** First time with S(t) <= 0.5; null when never reached. */
  median: number | null
  subjects: number
  events: number
  censored: number
  confidenceLevel: number
}

export interface GroupSurvival extends KaplanMeierFit {
  group: string
}

export interface SurvivalAnalysis {
  overall: KaplanMeierFit
  groups: GroupSurvival[]
}

/** Customer-month MRR rows as columns. */
export interface CohortInput {
  customer: string[] | number[]
  /** "YYYY-MM" (or a date "YYYY-MM-DD"). */
  month: string[]
  /** MRR per row (numbers or decimal strings; 0 = inactive). */
  mrr: (number | string)[]
}

export interface CohortOptions {
  period?: 'month' | 'quarter'
  /** Complete through this month ("YYYY-MM") or day ("YYYY-MM-DD", or a Date). */
  asOf?: string | Date | null
  compareOffset?: number | null
}

export type CellStatus = 'complete' | 'partial' | 'unobservable'

export interface CohortCell {
  offset: number
  status: CellStatus
  customers: number | null
  revenue: string | null
  logoRetention: number | null
  revenueRetention: number | null
}

export interface CohortRow {
  cohort: string
  firstMonth: string
  customers: number
  startingMrr: string
  baseRevenue: string
  cells: CohortCell[]
}

export interface OffsetAverage {
  offset: number
  cohorts: number
  customers: number
  baseCustomers: number
  revenue: string
  baseRevenue: string
  logoWeighted: number | null
  logoUnweighted: number | null
  revenueWeighted: number | null
  revenueUnweighted: number | null
}

export interface DropOff {
  offset: number
  from: number
  to: number
  drop: number
}

export interface BestCohort {
  cohort: string
  offset: number
  logoRetention: number
  revenueRetention: number
}

export interface CohortTrend {
  offset: number
  olderCohorts: string[]
  newerCohorts: string[]
  olderLogo: number
  newerLogo: number
  olderRevenue: number
  newerRevenue: number
  newerRetainBetter: boolean
}

export interface CohortTable {
  period: 'month' | 'quarter'
  asOf?: string | null
  lastMonth: string | null
  lastPeriodPartial: boolean
  minorUnitDigits: number
  currency: string | null
  offsets: number
  cohorts: CohortRow[]
  averages: OffsetAverage[]
  compareOffset: number | null
  steepestLogoDrop: DropOff | null
  steepestRevenueDrop: DropOff | null
  bestCohort: BestCohort | null
  bestRevenueCohort: BestCohort | null
  trend: CohortTrend | null
}

/** Mergeable partial counts of a cohort table (money as strings of minor units). */
export interface CohortCounts {
  options: CohortOptions
  minorUnitDigits: number
  currency: string | null
  lastMonth: string | null
  cohorts: {
    period: number
    customers: number
    startingMrr: string
    active: number[]
    revenue: string[]
  }[]
}

// ---------------------------------------------------------------------------------------------
// Portfolio and the seed's commands

/** The names of the commands (`-` and `_` are the same when given to `run`). */
export type CommandName =
  | 'score'
  | 'onboarding_plan'
  | 'qbr_prep'
  | 'churn_risk'
  | 'expansion_opportunities'
  | 'win_back_plan'
  | 'renewal_prep'
  | 'portfolio_review'
  | 'cohort_analysis'
  | 'success_plan'
  | 'save_play'
  | 'nrr_report'

/** The next renewal of an account. */
export interface PortfolioRenewal {
  date: DateInput
  signed?: boolean
  /** Renewal-prep steps done (keys of the renewal timeline). */
  completed?: string[]
}

/** A subscription period of an account (the customer is the account). */
export interface AccountSubscription {
  start: DateInput
  /** First day after the period; absent or null while it runs. */
  end?: DateInput | null
  /** Amount per billing interval. */
  amount: AmountInput
  interval?: BillingInterval
}

/** The churn of an account. */
export interface AccountChurn {
  date: DateInput
  /** Category of the churn taxonomy (`product`, `value`, ...). */
  category?: string | null
  subReason?: string | null
  /** ARR lost (default: the account's ARR). */
  arr?: AmountInput | null
  /** Win-back emails sent (days 7, 30, 90). */
  winBackSent?: number[]
}

/** One NPS (0-10) or CSAT (1-5) response. */
export interface SurveyResponse {
  date: DateInput
  score: number
}

export type ContactRole = 'champion' | 'exec_sponsor' | 'technical_lead' | 'decision_maker' | 'user'

export interface PortfolioContact {
  name: string
  role?: ContactRole
  title?: string | null
  email?: string | null
  lastEngagedOn?: DateInput | null
}

export type OpportunityStage = 'identified' | 'conversation' | 'proposal' | 'won' | 'lost'

export interface PortfolioOpportunity {
  name: string
  arr: AmountInput
  stage?: OpportunityStage
  expectedClose?: DateInput | null
}

export type GoalStatus = 'not_started' | 'in_progress' | 'achieved' | 'missed'

export interface PortfolioGoal {
  objective: string
  metric?: string | null
  baseline?: string | null
  target?: string | null
  due?: DateInput | null
  status?: GoalStatus
}

export type UseCaseStatus = 'not_started' | 'in_progress' | 'live' | 'optimizing'

export interface PortfolioUseCase {
  name: string
  status?: UseCaseStatus
  goLiveDate?: DateInput | null
}

/** One account of a portfolio: only `id` and `arr` are required. */
export interface PortfolioAccountData {
  id: string
  name?: string | null
  /** Current ARR: an exact decimal (a number or a decimal string), at least 0. */
  arr: AmountInput
  /** Without it, from the ARR by the seed's ARR tiers. */
  segment?: Segment | null
  csm?: string | null
  customerSince?: DateInput | null
  renewal?: PortfolioRenewal | null
  /** Health-model inputs by input key (kept as given); `null` is missing. */
  signals?: { readonly [inputKey: string]: InputValue | null }
  /** Attributes that choose a segment model (kept as given). */
  attributes?: { readonly [name: string]: InputValue | null }
  /** Rule facts by fact key (kept as given). */
  facts?: { readonly [fact: string]: FactValue }
  /** The day each play last fired, for the rules' cooldowns (keys kept as given). */
  lastFired?: { readonly [play: string]: DateInput }
  /** Earlier health scores, oldest first. */
  scoreHistory?: ScorePoint[]
  subscriptions?: AccountSubscription[]
  churn?: AccountChurn | null
  nps?: SurveyResponse[]
  csat?: SurveyResponse[]
  onboarding?: {
    startDate: DateInput
    completed?: { milestone: string; on?: DateInput | null }[]
    firstValueOn?: DateInput | null
  } | null
  lastTouches?: { sync?: DateInput | null; async?: DateInput | null; qbr?: DateInput | null; executive?: DateInput | null }
  /** Days of the QBRs held. */
  qbrs?: DateInput[]
  contacts?: PortfolioContact[]
  opportunities?: PortfolioOpportunity[]
  activity?: {
    activeDaysPerWeek: number
    lastActiveOn?: DateInput | null
    featuresUsed?: number | null
    createsContent?: boolean | null
  } | null
  goals?: PortfolioGoal[]
  useCases?: PortfolioUseCase[]
  openTickets?: number | null
}

/** The data of a portfolio (`new Portfolio(data)`): camelCase or snake_case keys. */
export interface PortfolioData {
  accounts: PortfolioAccountData[]
  /** ISO code of the currency of every amount (for display). */
  currency?: string | null
  /** The health model (default: the built-in model). */
  model?: HealthModelSpec | null
  /** Segment models; take precedence over `model`. */
  modelSet?: SegmentedModelSpec | null
  /** The lifecycle rule set (default: the built-in rule pack). */
  rules?: RuleSetSpec | null
}

/** Options of the portfolio commands. */
export interface CommandOptions {
  /** First month of the NRR report (default: 12 months before `asOf`'s month). */
  from?: MonthInput | null
  /** Last month of the NRR report (default: the month before `asOf`'s month). */
  through?: MonthInput | null
  /** Cohorts by month (default) or quarter. */
  period?: 'month' | 'quarter' | null
  /** At-risk accounts the review lists (default 10). */
  top?: number | null
}

/** A command by name, as `portfolio.run` takes it. */
export interface CommandRequest {
  command: CommandName | string
  /** The account, for the account commands. */
  account?: string | null
  asOf: DateInput
  options?: CommandOptions | null
}

/**
 * The answer of a command: the serde form of the core's result type (`AccountScore`,
 * `ChurnRisk`, `PortfolioReview`, ...; see the crate documentation) with camelCase keys,
 * amounts as decimal strings and days as `YYYY-MM-DD`.
 */
export type CommandResult = { [key: string]: JsonValue }
