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
