//! A health score and its explanation: status, composite, tier, coverage, per dimension and
//! signal the input, band, points, effective weight and contribution, input issues, the next
//! tier and the dimension whose improvement would lift the score most.

use crate::error::Error;
use crate::shared::score_scale::Tier;
use serde::{Deserialize, Serialize};

/// Why an input was treated as missing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum IssueKind {
    /// The number is infinite.
    NotFinite,
    /// The value is outside every band of the signal.
    OutOfDomain,
    /// A count that is negative or not a whole number.
    NotACount,
    /// The value has the wrong type for the signal (text for a number, ...).
    WrongType,
    /// A categorical value the signal does not list.
    UnknownCategory,
    /// A ratio whose denominator is zero.
    ZeroDenominator,
}

/// An input that was present but unusable, and was therefore treated as missing.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InputIssue {
    /// What was wrong.
    pub kind: IssueKind,
    /// Path of the input, e.g. `inputs.dau_mau_ratio`.
    pub path: String,
    /// The value as given (non-finite numbers as strings).
    pub value: serde_json::Value,
}

/// Whether an account received a score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ScoreStatus {
    /// Scored.
    Scored,
    /// Coverage below the model's `min_coverage`, or no signal with data: no composite.
    InsufficientData,
    /// A required signal (missing policy `fail`) had no usable value.
    Failed,
}

/// Where a signal's points came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PointsSource {
    /// From the input.
    Observed,
    /// Missing; the signal's neutral points were used.
    Neutral,
    /// Missing; zero points were used.
    Zero,
    /// Missing; left out and the weights renormalised.
    Excluded,
    /// Missing and required: the account was not scored.
    Failed,
}

/// The explanation of one signal.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SignalExplanation {
    /// Signal key.
    pub key: String,
    /// The raw input (for a ratio, `[numerator, denominator]`); `null` when missing.
    pub input: serde_json::Value,
    /// The number looked up in the bands (after ratio and seasonal adjustment).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scored_value: Option<f64>,
    /// Index of the band (numeric, count and ratio signals) or category (categorical signals) matched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub band: Option<usize>,
    /// Label of the band or category matched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub band_label: Option<String>,
    /// Points (0-10), `null` when excluded.
    pub points: Option<f64>,
    /// Where the points came from.
    pub source: PointsSource,
    /// Share of the composite carried by this signal (0-1; 0 when excluded or not selected by min/max).
    pub effective_weight: f64,
    /// Composite points contributed: `points × effective_weight × 10`.
    pub contribution: f64,
}

/// The explanation of one dimension.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DimensionExplanation {
    /// Dimension key.
    pub key: String,
    /// Declared weight.
    pub weight: f64,
    /// Share of the composite after renormalisation (0 when the dimension has no data).
    pub effective_weight: f64,
    /// Points (0-10), `null` when no signal of the dimension had data.
    pub points: Option<f64>,
    /// Composite points contributed: `points × effective_weight × 10`.
    pub contribution: f64,
    /// Composite points gained if this dimension reached 10 points.
    pub lift: f64,
    /// The signals, in model order.
    pub signals: Vec<SignalExplanation>,
}

/// The next tier up and the composite points needed to reach it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NextTier {
    /// Tier key.
    pub key: String,
    /// Threshold of the tier.
    pub min: f64,
    /// Composite points needed (threshold minus composite, on the 0.1 grid).
    pub points_needed: f64,
}

/// A tier as reported with a score.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TierLabel {
    /// Tier key.
    pub key: String,
    /// Human-readable name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Display colour.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
}

impl From<&Tier> for TierLabel {
    fn from(t: &Tier) -> Self {
        TierLabel {
            key: t.key.clone(),
            label: t.label.clone(),
            colour: t.colour.clone(),
        }
    }
}

/// A health score with its explanation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HealthScore {
    /// Account id, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// Id of the model used.
    pub model: String,
    /// Whether a composite was computed.
    pub status: ScoreStatus,
    /// Composite 0-100, rounded to 0.1 (ties to even); `null` unless scored.
    pub composite: Option<f64>,
    /// Tier of the composite; `null` unless scored.
    pub tier: Option<TierLabel>,
    /// Share (0-1) of the model's weight whose inputs were observed.
    pub coverage: f64,
    /// Per dimension and signal: input, band, points, effective weight, contribution.
    pub dimensions: Vec<DimensionExplanation>,
    /// The next tier up, when scored below the top tier.
    pub next_tier: Option<NextTier>,
    /// The dimension whose improvement to 10 points would lift the composite most.
    pub top_lift: Option<String>,
    /// Inputs that were present but unusable (treated as missing).
    pub issues: Vec<InputIssue>,
    /// The error that stopped scoring when `status` is `failed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Error>,
}
