//! Health models as data: dimensions, signals, bands, tiers and the missing-data policy.
//!
//! A [`HealthModel`] is plain serde data; [`HealthModel::from_json`] parses and validates it, and
//! [`HealthModel::validate`] checks one built in code. A model that validates can always be scored.

use super::signal_kind::{Band, SignalKind};
use crate::error::{from_json_error, ErrorFamily, Result};
use crate::shared::json::parse_json;
use crate::shared::score_scale::Tier;
use serde::{Deserialize, Serialize};

/// Highest points a signal or dimension can give.
pub const MAX_POINTS: f64 = 10.0;

/// A health model: weighted dimensions of signals, and the tiers of the 0-100 composite.
///
/// ```
/// use tenure::HealthModel;
/// let model = HealthModel::builtin();
/// assert_eq!(model.id, "tenure.default");
/// assert_eq!(model.dimensions.len(), 5);
/// let text = model.to_json();
/// assert_eq!(HealthModel::from_json(&text).unwrap(), model);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HealthModel {
    /// Identifier of the model, reported with every score.
    pub id: String,
    /// Version of the model (free text, e.g. `"2026-11"`).
    #[serde(default = "default_version")]
    pub version: String,
    /// Human-readable name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Free-text note (why the model is built the way it is).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The weighted dimensions, in the order they are reported and summed.
    pub dimensions: Vec<Dimension>,
    /// The tiers of the composite score; each starts at its `min` and ends at the next tier's `min`.
    pub tiers: Vec<Tier>,
    /// Share (0..=1) of the model's weight that must be observed for an account to be scored;
    /// below it the account is reported as `insufficient_data`.
    #[serde(default)]
    pub min_coverage: f64,
}

fn default_version() -> String {
    "1".to_string()
}

/// One dimension of the model (e.g. Product Usage), with its weight and signals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    /// Unique key, e.g. `product_usage`.
    pub key: String,
    /// Human-readable name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Positive weight; weights are normalised by their sum.
    pub weight: f64,
    /// How the signal points combine into the dimension's points.
    #[serde(default)]
    pub combine: Combine,
    /// The signals of the dimension, in the order they are reported and summed.
    pub signals: Vec<Signal>,
    /// Free-text note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// How signal points combine inside a dimension.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Combine {
    /// Arithmetic mean of the signals with data.
    #[default]
    Mean,
    /// The lowest signal with data.
    Min,
    /// The highest signal with data.
    Max,
    /// Mean weighted by each signal's `weight`.
    Weighted,
}

/// What to do when a signal has no usable value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingPolicy {
    /// Leave the signal out and renormalise the remaining weights (the default).
    #[default]
    Exclude,
    /// Use the signal's `neutral_points`.
    Neutral,
    /// Use 0 points.
    Zero,
    /// Do not score the account; report `input.missing_required`.
    Fail,
}

/// The declared direction of a signal, checked against its points at validation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// No order is declared.
    #[default]
    Unordered,
    /// More of the input never gives fewer points.
    HigherIsBetter,
    /// More of the input never gives more points.
    LowerIsBetter,
}

/// One signal: where its input comes from and how it becomes 0-10 points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signal {
    /// Unique key within the model, e.g. `dau_mau_ratio`; also the default input key.
    pub key: String,
    /// Human-readable name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Positive weight inside a `weighted` dimension (ignored, but still validated, otherwise).
    #[serde(default = "one")]
    pub weight: f64,
    /// The kind of signal and its scoring table.
    pub kind: SignalKind,
    /// Missing-data policy.
    #[serde(default)]
    pub missing: MissingPolicy,
    /// Points used by the `neutral` missing-data policy.
    #[serde(default = "five")]
    pub neutral_points: f64,
    /// Declared direction, checked against the points.
    #[serde(default)]
    pub direction: Direction,
    /// Seasonal baseline: the input is divided by the factor of the `as_of` month before scoring.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seasonal: Option<SeasonalBaseline>,
    /// Free-text note (e.g. where inside a "0-3 points" range a value lands).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn one() -> f64 {
    1.0
}

fn five() -> f64 {
    5.0
}

/// Expected seasonal variation of a numeric input: one factor per calendar month (January first).
///
/// A factor of 0.7 in August means "August usage is normally 70% of the usual level": an August
/// input of 0.28 is scored as 0.28 / 0.7 = 0.4.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeasonalBaseline {
    /// Twelve positive factors, January to December.
    pub monthly_factors: Vec<f64>,
}

impl Signal {
    /// The input keys the signal reads.
    pub fn inputs(&self) -> Vec<&str> {
        match &self.kind {
            SignalKind::Ratio {
                numerator,
                denominator,
                ..
            } => vec![numerator.as_str(), denominator.as_str()],
            SignalKind::Numeric { input, .. }
            | SignalKind::Count { input, .. }
            | SignalKind::Categorical { input, .. }
            | SignalKind::Boolean { input, .. } => {
                vec![input.as_deref().unwrap_or(self.key.as_str())]
            }
        }
    }

    /// The bands of a numeric, count or ratio signal.
    pub fn bands(&self) -> Option<&[Band]> {
        match &self.kind {
            SignalKind::Numeric { bands, .. }
            | SignalKind::Count { bands, .. }
            | SignalKind::Ratio { bands, .. } => Some(bands),
            SignalKind::Categorical { .. } | SignalKind::Boolean { .. } => None,
        }
    }
}

impl HealthModel {
    /// Parses a model from JSON text and validates it.
    ///
    /// ```
    /// use tenure::HealthModel;
    /// let model = HealthModel::from_json(r#"{
    ///   "id": "tiny",
    ///   "dimensions": [{"key": "usage", "weight": 1, "signals": [
    ///     {"key": "active", "kind": {"type": "boolean", "true_points": 10, "false_points": 0}}]}],
    ///   "tiers": [{"key": "good", "min": 50}, {"key": "bad", "min": 0}]
    /// }"#).unwrap();
    /// assert_eq!(model.dimensions[0].signals[0].key, "active");
    /// ```
    pub fn from_json(text: &str) -> Result<HealthModel> {
        let model = parse_json::<HealthModel>(text, ErrorFamily::Model)?;
        model.validate()?;
        Ok(model)
    }

    /// Builds a model from a JSON value and validates it.
    pub fn from_value(value: serde_json::Value) -> Result<HealthModel> {
        let model: HealthModel = serde_path_to_error::deserialize(value)
            .map_err(|e| from_json_error(e, ErrorFamily::Model))?;
        model.validate()?;
        Ok(model)
    }

    /// The model as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        // Serialising plain data with string keys cannot fail; fall back to compact output anyway.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Every input key the model reads, in model order, without repeats.
    pub fn input_keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = Vec::new();
        for signal in self.dimensions.iter().flat_map(|d| d.signals.iter()) {
            for input in signal.inputs() {
                if !keys.contains(&input) {
                    keys.push(input);
                }
            }
        }
        keys
    }
}

/// Deserialises a health model from any serde deserializer and validates it.
pub fn deserialize_model<'de, D>(deserializer: D) -> Result<HealthModel>
where
    D: serde::Deserializer<'de>,
    D::Error: std::fmt::Display,
{
    let model: HealthModel = serde_path_to_error::deserialize(deserializer)
        .map_err(|e| from_json_error(e, ErrorFamily::Model))?;
    model.validate()?;
    Ok(model)
}
