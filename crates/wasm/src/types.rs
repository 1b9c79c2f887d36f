//! TypeScript declarations of the plain objects going in and out (added to the generated `.d.ts`).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** One input value: a number (NaN = missing), a string, a boolean, or null (missing). */
export type InputValue = number | string | boolean | null;

/**
 * An account to score. Keys may be camelCase or snake_case (`asOf` or `as_of`); the keys of
 * `inputs` and `attributes` are input keys and attribute names and are used as given.
 */
export interface Account {
  id?: string;
  inputs?: Record<string, InputValue | undefined>;
  attributes?: Record<string, InputValue>;
  /** ISO date `YYYY-MM-DD`; selects the month of seasonal baselines. */
  asOf?: string;
}

/** Columns of a batch, keyed by input key; all of the same length. */
export type BatchColumns = Record<
  string,
  | Float64Array
  | Float32Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array
  | (number | null)[]
  | (string | null)[]
  | (boolean | null)[]
  | { codes: Int32Array; categories: string[] }
>;

export interface BatchOptions {
  /** Calendar month 1-12 of the inputs, for seasonal baselines. */
  month?: number;
}

export type ScoreStatus = "scored" | "insufficient_data" | "failed";

export interface BatchRowError {
  row: number;
  code: string;
  path: string;
  message: string;
  value?: unknown;
}

/** Batch results, one entry per row. */
export interface BatchResult {
  /** 0-100 rounded to 0.1; NaN where not scored. */
  composite: Float64Array;
  /** Share 0-1 of the model's weight observed. */
  coverage: Float64Array;
  /** Tier key; null where not scored. */
  tier: (string | null)[];
  status: ScoreStatus[];
  errors: BatchRowError[];
}

export interface TierLabel { key: string; label?: string; colour?: string; }

export interface SignalExplanation {
  key: string;
  /** The raw input (for a ratio `[numerator, denominator]`); null when missing. */
  input: unknown;
  scoredValue?: number;
  band?: number;
  bandLabel?: string;
  points: number | null;
  source: "observed" | "neutral" | "zero" | "excluded" | "failed";
  effectiveWeight: number;
  contribution: number;
}

export interface DimensionExplanation {
  key: string;
  weight: number;
  effectiveWeight: number;
  points: number | null;
  contribution: number;
  lift: number;
  signals: SignalExplanation[];
}

export interface InputIssue {
  kind: "not_finite" | "out_of_domain" | "not_a_count" | "wrong_type" | "unknown_category" | "zero_denominator";
  path: string;
  value: unknown;
}

export interface ErrorInfo { code: string; path: string; value?: unknown; message: string; }

export interface HealthScore {
  account?: string;
  model: string;
  status: ScoreStatus;
  composite: number | null;
  tier: TierLabel | null;
  coverage: number;
  dimensions: DimensionExplanation[];
  nextTier: { key: string; min: number; pointsNeeded: number } | null;
  topLift: string | null;
  issues: InputIssue[];
  error?: ErrorInfo;
}

export interface SegmentedScore extends HealthScore {
  /** Index of the route taken; null when the default model was used. */
  route: number | null;
}

export interface HumanAssessment {
  score: number;
  weight: number;
  assessedOn: string;
  expiresOn: string;
  assessor?: string;
}

export interface BlendInput { computed: number; human?: HumanAssessment | null; asOf: string; }

export interface BlendedScore {
  composite: number;
  tier: TierLabel;
  computed: number;
  human: number | null;
  humanWeight: number;
  humanStatus: "applied" | "expired" | "not_yet_valid" | "absent";
}

export type RollupMethod = "arr_weighted" | "min" | "mean";

export interface ProductScore {
  product: string;
  score: number;
  /** ARR as an exact decimal string, or a number. */
  arr: string | number;
}

export interface RollUpInput { products: ProductScore[]; method?: RollupMethod; }

export interface RolledUpScore {
  composite: number;
  tier: TierLabel;
  method: RollupMethod;
  /** Exact decimal. */
  totalArr: string;
  products: { product: string; score: number; arr: string; weight: number }[];
  weakest: string;
}

export interface ScorePoint { date: string; score: number; }

export interface TrendOptions {
  windowDays?: number;
  tolerance?: number;
  hysteresis?: number;
  dropWindowDays?: number;
  dropThresholdPct?: number;
}

export interface TrendInput { history: ScorePoint[]; asOf: string; options?: TrendOptions; }

export type TrendDirection = "up" | "flat" | "down";

export interface ScoreTrend {
  latest: ScorePoint;
  baseline: ScorePoint | null;
  delta: number | null;
  pctChange: number | null;
  direction: TrendDirection | null;
  tier: string;
  transitions: { date: string; from: string; to: string; direction: TrendDirection; score: number }[];
  largestDrop: { from: ScorePoint; to: ScorePoint; pct: number } | null;
  dropped: boolean;
}

/**
 * A health model (the model format; see the tenure documentation). Keys may be camelCase or
 * snake_case (`minCoverage` or `min_coverage`).
 */
export interface HealthModelSpec {
  id: string;
  version?: string;
  label?: string;
  note?: string;
  dimensions: object[];
  tiers: { key: string; label?: string; colour?: string; min: number }[];
  minCoverage?: number;
  [key: string]: unknown;
}

/** A segmented model set: models, routes on account attributes, and a default model. */
export interface SegmentedModelSpec {
  id: string;
  models: HealthModelSpec[];
  routes?: object[];
  defaultModel: string;
  [key: string]: unknown;
}

/** What every function of this package throws: a core error with its stable code. */
export interface TenureError extends Error {
  name: "TenureError";
  /** Stable code, e.g. `model.band_gap` or `input.out_of_range`. */
  code: string;
  /** Path of the offending item in the core's (snake_case) terms, e.g. `human.expires_on`. */
  path: string;
  /** The offending value, or null. */
  value: unknown;
  family: "model" | "input";
}
"#;
