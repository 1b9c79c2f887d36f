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
