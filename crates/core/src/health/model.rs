//! Health models as data: dimensions, signals, bands, tiers and the missing-data policy.
//!
//! A [`HealthModel`] is plain serde data; [`HealthModel::from_json`] parses and validates it, and
//! [`HealthModel::validate`] checks one built in code. A model that validates can always be scored.

use crate::error::{from_json_error, Error, ErrorCode, ErrorFamily, Result};
use crate::shared::json::parse_json;
use crate::shared::keys::{check_key, duplicate_key};
use crate::shared::score_scale::{validate_tiers, Tier};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

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
    /// Free-text note (e.g. where inside a seed's "0-3" a value lands).
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

/// The kinds of signal. In JSON, an object with a `type` field (`numeric`, `count`, `ratio`,
/// `categorical`, `boolean`) and the fields of that kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "KindFields", into = "KindFields")]
pub enum SignalKind {
    /// A real number scored by bands (e.g. DAU/MAU ratio).
    Numeric {
        /// Input key (defaults to the signal key).
        input: Option<String>,
        /// Ascending bands covering the accepted range without gap or overlap.
        bands: Vec<Band>,
    },
    /// A non-negative whole number scored by bands (e.g. support tickets in 30 days).
    Count {
        /// Input key (defaults to the signal key).
        input: Option<String>,
        /// Ascending bands covering the accepted range without gap or overlap.
        bands: Vec<Band>,
    },
    /// The ratio of two inputs scored by bands (e.g. goals achieved / goals defined).
    Ratio {
        /// Input key of the numerator.
        numerator: String,
        /// Input key of the denominator; a zero denominator makes the signal missing.
        denominator: String,
        /// Ascending bands covering the accepted range without gap or overlap.
        bands: Vec<Band>,
    },
    /// A text value looked up in a table (e.g. login trend up / flat / down).
    Categorical {
        /// Input key (defaults to the signal key).
        input: Option<String>,
        /// The accepted values and their points.
        categories: Vec<Category>,
    },
    /// A yes/no value (e.g. champion identified).
    Boolean {
        /// Input key (defaults to the signal key).
        input: Option<String>,
        /// Points when true.
        true_points: f64,
        /// Points when false.
        false_points: f64,
    },
}

/// The `type` tag of a signal kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum KindType {
    Numeric,
    Count,
    Ratio,
    Categorical,
    Boolean,
}

/// The JSON form of a [`SignalKind`]: a plain struct, so that errors inside it keep their exact
/// path (a tagged enum would buffer its content and lose it).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KindFields {
    #[serde(rename = "type")]
    kind: KindType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    input: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    numerator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    denominator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    bands: Option<Vec<Band>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    categories: Option<Vec<Category>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    true_points: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    false_points: Option<f64>,
}

impl TryFrom<KindFields> for SignalKind {
    type Error = String;

    fn try_from(f: KindFields) -> std::result::Result<Self, String> {
        let name = match f.kind {
            KindType::Numeric => "numeric",
            KindType::Count => "count",
            KindType::Ratio => "ratio",
            KindType::Categorical => "categorical",
            KindType::Boolean => "boolean",
        };
        let allowed: &[&str] = match f.kind {
            KindType::Numeric | KindType::Count => &["input", "bands"],
            KindType::Ratio => &["numerator", "denominator", "bands"],
            KindType::Categorical => &["input", "categories"],
            KindType::Boolean => &["input", "true_points", "false_points"],
        };
        let present = [
            ("input", f.input.is_some()),
            ("numerator", f.numerator.is_some()),
            ("denominator", f.denominator.is_some()),
            ("bands", f.bands.is_some()),
            ("categories", f.categories.is_some()),
            ("true_points", f.true_points.is_some()),
            ("false_points", f.false_points.is_some()),
        ];
        if let Some((field, _)) = present.iter().find(|(k, p)| *p && !allowed.contains(k)) {
            return Err(format!(
                "unknown field `{field}` for a {name} signal, expected one of {allowed:?}"
            ));
        }
        let missing = |field: &str| format!("missing field `{field}` for a {name} signal");
        Ok(match f.kind {
            KindType::Numeric => SignalKind::Numeric {
                input: f.input,
                bands: f.bands.ok_or_else(|| missing("bands"))?,
            },
            KindType::Count => SignalKind::Count {
                input: f.input,
                bands: f.bands.ok_or_else(|| missing("bands"))?,
            },
            KindType::Ratio => SignalKind::Ratio {
                numerator: f.numerator.ok_or_else(|| missing("numerator"))?,
                denominator: f.denominator.ok_or_else(|| missing("denominator"))?,
                bands: f.bands.ok_or_else(|| missing("bands"))?,
            },
            KindType::Categorical => SignalKind::Categorical {
                input: f.input,
                categories: f.categories.ok_or_else(|| missing("categories"))?,
            },
            KindType::Boolean => SignalKind::Boolean {
                input: f.input,
                true_points: f.true_points.ok_or_else(|| missing("true_points"))?,
                false_points: f.false_points.ok_or_else(|| missing("false_points"))?,
            },
        })
    }
}

impl From<SignalKind> for KindFields {
    fn from(kind: SignalKind) -> Self {
        let empty = KindFields {
            kind: KindType::Numeric,
            input: None,
            numerator: None,
            denominator: None,
            bands: None,
            categories: None,
            true_points: None,
            false_points: None,
        };
        match kind {
            SignalKind::Numeric { input, bands } => KindFields {
                input,
                bands: Some(bands),
                ..empty
            },
            SignalKind::Count { input, bands } => KindFields {
                kind: KindType::Count,
                input,
                bands: Some(bands),
                ..empty
            },
            SignalKind::Ratio {
                numerator,
                denominator,
                bands,
            } => KindFields {
                kind: KindType::Ratio,
                numerator: Some(numerator),
                denominator: Some(denominator),
                bands: Some(bands),
                ..empty
            },
            SignalKind::Categorical { input, categories } => KindFields {
                kind: KindType::Categorical,
                input,
                categories: Some(categories),
                ..empty
            },
            SignalKind::Boolean {
                input,
                true_points,
                false_points,
            } => KindFields {
                kind: KindType::Boolean,
                input,
                true_points: Some(true_points),
                false_points: Some(false_points),
                ..empty
            },
        }
    }
}

/// One accepted value of a categorical signal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// The value, compared exactly (case-sensitive).
    pub value: String,
    /// Its points (0-10).
    pub points: f64,
}

/// A band of a numeric, count or ratio signal: an interval and the points it gives.
///
/// Inside a band with two finite bounds and `points: [a, b]`, the points move linearly from `a` at
/// `from` to `b` at `to`. An unbounded band (`from` or `to` omitted) gives constant points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Lower bound; omitted means minus infinity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<f64>,
    /// Upper bound; omitted means plus infinity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<f64>,
    /// Whether `from` itself is in the band (default true).
    #[serde(default = "yes")]
    pub from_inclusive: bool,
    /// Whether `to` itself is in the band (default false).
    #[serde(default)]
    pub to_inclusive: bool,
    /// Constant points, or `[at_from, at_to]` interpolated linearly.
    pub points: BandPoints,
    /// Human-readable name (e.g. `"<20%"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

fn yes() -> bool {
    true
}

/// Points of a band: constant, or linear from the lower to the upper bound.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum BandPoints {
    /// The same points everywhere in the band.
    Constant(f64),
    /// Points at `from` and at `to`, interpolated linearly in between.
    Linear([f64; 2]),
}

impl BandPoints {
    /// Points at the lower and upper end.
    pub fn ends(self) -> (f64, f64) {
        match self {
            BandPoints::Constant(p) => (p, p),
            BandPoints::Linear([a, b]) => (a, b),
        }
    }
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

/// How an input is read, to detect two signals reading one input in incompatible ways.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum InputShape {
    Number,
    Text,
    Bool,
}

impl SignalKind {
    pub(crate) fn input_shape(&self) -> InputShape {
        match self {
            SignalKind::Numeric { .. } | SignalKind::Count { .. } | SignalKind::Ratio { .. } => {
                InputShape::Number
            }
            SignalKind::Categorical { .. } => InputShape::Text,
            SignalKind::Boolean { .. } => InputShape::Bool,
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

    /// Checks every rule of the model format; the first violation is returned.
    pub fn validate(&self) -> Result<()> {
        check_key(&self.id, "id", ErrorCode::ModelInvalidKey, "")?;
        if self.dimensions.is_empty() {
            return Err(Error::new(
                ErrorCode::ModelEmpty,
                "dimensions",
                "a model needs at least one dimension",
            ));
        }
        let mut dimension_keys = BTreeSet::new();
        let mut signal_keys = BTreeSet::new();
        let mut input_shapes: Vec<(&str, InputShape, String)> = Vec::new();
        for (d, dimension) in self.dimensions.iter().enumerate() {
            let path = format!("dimensions[{d}]");
            check_key(
                &dimension.key,
                &format!("{path}.key"),
                ErrorCode::ModelInvalidKey,
                "",
            )?;
            if !dimension_keys.insert(dimension.key.as_str()) {
                return Err(duplicate_key(&format!("{path}.key"), &dimension.key));
            }
            check_weight(dimension.weight, &format!("{path}.weight"))?;
            if dimension.signals.is_empty() {
                return Err(Error::new(
                    ErrorCode::ModelEmpty,
                    format!("{path}.signals"),
                    "a dimension needs at least one signal",
                ));
            }
            for (s, signal) in dimension.signals.iter().enumerate() {
                let spath = format!("{path}.signals[{s}]");
                check_key(
                    &signal.key,
                    &format!("{spath}.key"),
                    ErrorCode::ModelInvalidKey,
                    "",
                )?;
                if !signal_keys.insert(signal.key.as_str()) {
                    return Err(duplicate_key(&format!("{spath}.key"), &signal.key));
                }
                validate_signal(signal, &spath)?;
                let shape = signal.kind.input_shape();
                for input in signal.inputs() {
                    match input_shapes.iter().find(|(k, _, _)| *k == input) {
                        Some((_, other, _)) if *other != shape => {
                            return Err(Error::new(
                                ErrorCode::ModelInputConflict,
                                format!("{spath}.kind"),
                                format!(
                                    "input `{input}` is read as another type by a different signal"
                                ),
                            )
                            .with_value(input));
                        }
                        Some(_) => {}
                        None => input_shapes.push((input, shape, spath.clone())),
                    }
                }
            }
        }
        validate_tiers(&self.tiers)?;
        if !(0.0..=1.0).contains(&self.min_coverage) {
            return Err(Error::new(
                ErrorCode::ModelCoverageOutOfRange,
                "min_coverage",
                "min_coverage must be between 0 and 1",
            )
            .with_number(self.min_coverage));
        }
        Ok(())
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

pub(crate) fn check_weight(weight: f64, path: &str) -> Result<()> {
    if weight.is_finite() && weight > 0.0 {
        Ok(())
    } else {
        Err(Error::new(
            ErrorCode::ModelWeightNotPositive,
            path,
            "weights must be positive and finite",
        )
        .with_number(weight))
    }
}

fn check_points(points: f64, path: &str) -> Result<()> {
    if points.is_finite() && (0.0..=MAX_POINTS).contains(&points) {
        Ok(())
    } else {
        Err(Error::new(
            ErrorCode::ModelPointsOutOfRange,
            path,
            "points must be between 0 and 10",
        )
        .with_number(points))
    }
}

fn validate_signal(signal: &Signal, path: &str) -> Result<()> {
    check_weight(signal.weight, &format!("{path}.weight"))?;
    check_points(signal.neutral_points, &format!("{path}.neutral_points"))?;
    let kpath = format!("{path}.kind");
    match &signal.kind {
        SignalKind::Numeric { input, bands } | SignalKind::Count { input, bands } => {
            if let Some(input) = input {
                check_key(
                    input,
                    &format!("{kpath}.input"),
                    ErrorCode::ModelInvalidKey,
                    "",
                )?;
            }
            validate_bands(bands, &format!("{kpath}.bands"))?;
        }
        SignalKind::Ratio {
            numerator,
            denominator,
            bands,
        } => {
            check_key(
                numerator,
                &format!("{kpath}.numerator"),
                ErrorCode::ModelInvalidKey,
                "",
            )?;
            check_key(
                denominator,
                &format!("{kpath}.denominator"),
                ErrorCode::ModelInvalidKey,
                "",
            )?;
            if numerator == denominator {
                return Err(Error::new(
                    ErrorCode::ModelInputConflict,
                    format!("{kpath}.denominator"),
                    "numerator and denominator must be different inputs",
                )
                .with_value(denominator.as_str()));
            }
            validate_bands(bands, &format!("{kpath}.bands"))?;
        }
        SignalKind::Categorical { input, categories } => {
            if let Some(input) = input {
                check_key(
                    input,
                    &format!("{kpath}.input"),
                    ErrorCode::ModelInvalidKey,
                    "",
                )?;
            }
            if categories.is_empty() {
                return Err(Error::new(
                    ErrorCode::ModelEmpty,
                    format!("{kpath}.categories"),
                    "a categorical signal needs at least one category",
                ));
            }
            let mut seen = BTreeSet::new();
            for (c, category) in categories.iter().enumerate() {
                let cpath = format!("{kpath}.categories[{c}]");
                if !seen.insert(category.value.as_str()) {
                    return Err(duplicate_key(&format!("{cpath}.value"), &category.value));
                }
                check_points(category.points, &format!("{cpath}.points"))?;
            }
            if signal.direction != Direction::Unordered {
                return Err(Error::new(
                    ErrorCode::ModelDirectionNotApplicable,
                    format!("{path}.direction"),
                    "categorical signals have no order; leave direction unset",
                ));
            }
        }
        SignalKind::Boolean {
            input,
            true_points,
            false_points,
        } => {
            if let Some(input) = input {
                check_key(
                    input,
                    &format!("{kpath}.input"),
                    ErrorCode::ModelInvalidKey,
                    "",
                )?;
            }
            check_points(*true_points, &format!("{kpath}.true_points"))?;
            check_points(*false_points, &format!("{kpath}.false_points"))?;
            let violated = match signal.direction {
                Direction::Unordered => false,
                Direction::HigherIsBetter => true_points < false_points,
                Direction::LowerIsBetter => true_points > false_points,
            };
            if violated {
                return Err(Error::new(
                    ErrorCode::ModelDirectionViolated,
                    format!("{kpath}.true_points"),
                    "true must not score against the declared direction",
                )
                .with_number(*true_points));
            }
        }
    }
    if let Some(bands) = signal.bands() {
        check_band_direction(bands, signal.direction, &format!("{kpath}.bands"))?;
    }
    if let Some(seasonal) = &signal.seasonal {
        let spath = format!("{path}.seasonal.monthly_factors");
        if matches!(
            signal.kind,
            SignalKind::Categorical { .. } | SignalKind::Boolean { .. }
        ) {
            return Err(Error::new(
                ErrorCode::ModelSeasonalInvalid,
                format!("{path}.seasonal"),
                "seasonal baselines apply to numeric, count and ratio signals only",
            ));
        }
        if seasonal.monthly_factors.len() != 12 {
            return Err(Error::new(
                ErrorCode::ModelSeasonalInvalid,
                spath,
                "a seasonal baseline needs exactly 12 monthly factors",
            )
            .with_value(seasonal.monthly_factors.len()));
        }
        for (m, factor) in seasonal.monthly_factors.iter().enumerate() {
            if !(factor.is_finite() && *factor > 0.0) {
                return Err(Error::new(
                    ErrorCode::ModelSeasonalInvalid,
                    format!("{spath}[{m}]"),
                    "seasonal factors must be positive and finite",
                )
                .with_number(*factor));
            }
        }
    }
    Ok(())
}

fn validate_bands(bands: &[Band], path: &str) -> Result<()> {
    if bands.is_empty() {
        return Err(Error::new(
            ErrorCode::ModelEmpty,
            path,
            "at least one band is needed",
        ));
    }
    let last = bands.len() - 1;
    for (b, band) in bands.iter().enumerate() {
        let bpath = format!("{path}[{b}]");
        let (a, z) = band.points.ends();
        check_points(a, &format!("{bpath}.points"))?;
        check_points(z, &format!("{bpath}.points"))?;
        for (bound, name) in [(band.from, "from"), (band.to, "to")] {
            if let Some(v) = bound {
                if !v.is_finite() {
                    return Err(Error::new(
                        ErrorCode::ModelBandInvalid,
                        format!("{bpath}.{name}"),
                        "band bounds must be finite; omit the bound for an open end",
                    )
                    .with_number(v));
                }
            }
        }
        if band.from.is_none() && b != 0 {
            return Err(Error::new(
                ErrorCode::ModelBandOrder,
                format!("{bpath}.from"),
                "only the first band may be unbounded below",
            ));
        }
        if band.to.is_none() && b != last {
            return Err(Error::new(
                ErrorCode::ModelBandOrder,
                format!("{bpath}.to"),
                "only the last band may be unbounded above",
            ));
        }
        match (band.from, band.to) {
            (Some(lo), Some(hi)) => {
                if lo > hi {
                    return Err(Error::new(
                        ErrorCode::ModelBandInvalid,
                        format!("{bpath}.to"),
                        "a band's `to` must not be below its `from`",
                    )
                    .with_number(hi));
                }
                if lo == hi && !(band.from_inclusive && band.to_inclusive) {
                    return Err(Error::new(
                        ErrorCode::ModelBandInvalid,
                        format!("{bpath}.to"),
                        "a single-value band must include both bounds",
                    )
                    .with_number(hi));
                }
                if lo == hi && a != z {
                    return Err(Error::new(
                        ErrorCode::ModelBandInvalid,
                        format!("{bpath}.points"),
                        "a single-value band gives constant points",
                    ));
                }
            }
            _ => {
                if a != z {
                    return Err(Error::new(
                        ErrorCode::ModelBandUnboundedSlope,
                        format!("{bpath}.points"),
                        "an unbounded band gives constant points",
                    ));
                }
            }
        }
    }
    for (b, pair) in bands.windows(2).enumerate() {
        let [left, right] = pair else { continue };
        let (Some(hi), Some(lo)) = (left.to, right.from) else {
            continue;
        };
        let rpath = format!("{path}[{}].from", b + 1);
        if lo < hi {
            let code = match left.from {
                Some(prev_lo) if lo < prev_lo => ErrorCode::ModelBandOrder,
                _ => ErrorCode::ModelBandOverlap,
            };
            return Err(
                Error::new(code, rpath, "bands overlap or are out of order").with_number(lo)
            );
        }
        if lo > hi {
            return Err(Error::new(
                ErrorCode::ModelBandGap,
                rpath,
                format!("values between {hi} and {lo} are in no band"),
            )
            .with_number(lo));
        }
        match (left.to_inclusive, right.from_inclusive) {
            (true, true) => {
                return Err(Error::new(
                    ErrorCode::ModelBandOverlap,
                    rpath,
                    format!("{lo} is in two bands; make one bound exclusive"),
                )
                .with_number(lo))
            }
            (false, false) => {
                return Err(Error::new(
                    ErrorCode::ModelBandGap,
                    rpath,
                    format!("{lo} is in no band; make one bound inclusive"),
                )
                .with_number(lo))
            }
            _ => {}
        }
    }
    Ok(())
}

fn check_band_direction(bands: &[Band], direction: Direction, path: &str) -> Result<()> {
    let sign = match direction {
        Direction::Unordered => return Ok(()),
        Direction::HigherIsBetter => 1.0,
        Direction::LowerIsBetter => -1.0,
    };
    let mut previous_end: Option<f64> = None;
    for (b, band) in bands.iter().enumerate() {
        let (a, z) = band.points.ends();
        let rising_inside = sign * (z - a) >= 0.0;
        let rising_across = previous_end.is_none_or(|p| sign * (a - p) >= 0.0);
        if !(rising_inside && rising_across) {
            return Err(Error::new(
                ErrorCode::ModelDirectionViolated,
                format!("{path}[{b}].points"),
                "points move against the declared direction",
            ));
        }
        previous_end = Some(z);
    }
    Ok(())
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
