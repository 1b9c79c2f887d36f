//! Scoring one account, with its explanation.

use super::model::{Band, Combine, HealthModel, MissingPolicy, SignalKind, MAX_POINTS};
use crate::error::{number_value, Error, ErrorCode, Result};
use crate::shared::json::parse_json;
use crate::shared::score_scale::{round_score, Tier, TierScale};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One input value of an account: a boolean, a number or a text (in JSON: `true`, `0.4`, `"up"`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum InputValue {
    /// A yes/no value.
    Bool(bool),
    /// A number (NaN counts as missing).
    Number(f64),
    /// A text value.
    Text(String),
}

/// Read directly from the deserializer's own type (no buffering, as `#[serde(untagged)]` would do):
/// this is on the path of every input value of every account.
impl<'de> Deserialize<'de> for InputValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct InputValueVisitor;

        impl serde::de::Visitor<'_> for InputValueVisitor {
            type Value = InputValue;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a boolean, a number or a string")
            }
            fn visit_bool<E>(self, v: bool) -> Result<InputValue, E> {
                Ok(InputValue::Bool(v))
            }
            fn visit_f64<E>(self, v: f64) -> Result<InputValue, E> {
                Ok(InputValue::Number(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<InputValue, E> {
                Ok(InputValue::Number(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<InputValue, E> {
                Ok(InputValue::Number(v as f64))
            }
            fn visit_str<E>(self, v: &str) -> Result<InputValue, E> {
                Ok(InputValue::Text(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<InputValue, E> {
                Ok(InputValue::Text(v))
            }
        }

        deserializer.deserialize_any(InputValueVisitor)
    }
}

impl From<f64> for InputValue {
    fn from(v: f64) -> Self {
        InputValue::Number(v)
    }
}
impl From<bool> for InputValue {
    fn from(v: bool) -> Self {
        InputValue::Bool(v)
    }
}
impl From<&str> for InputValue {
    fn from(v: &str) -> Self {
        InputValue::Text(v.to_string())
    }
}

/// An account to score: its signal inputs, attributes (for segment models) and `as_of` date
/// (for seasonal baselines).
///
/// ```
/// use tenure::Account;
/// let account = Account::new("acme").with("dau_mau_ratio", 0.3).with("login_trend", "up");
/// assert_eq!(account.inputs.len(), 2);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// Account identifier, echoed in the score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Input values by input key; `null` or absent means missing.
    #[serde(default)]
    pub inputs: BTreeMap<String, Option<InputValue>>,
    /// Attributes used to choose a segment model (e.g. `segment`, `arr`); `null` is absent.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, Option<InputValue>>,
    /// The date the inputs describe; selects the month of seasonal baselines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<NaiveDate>,
}

impl Account {
    /// An account with an id and no inputs.
    pub fn new(id: &str) -> Account {
        Account {
            id: Some(id.to_string()),
            ..Account::default()
        }
    }

    /// Adds an input value.
    pub fn with(mut self, key: &str, value: impl Into<InputValue>) -> Account {
        self.inputs.insert(key.to_string(), Some(value.into()));
        self
    }

    /// Adds an attribute.
    pub fn with_attribute(mut self, key: &str, value: impl Into<InputValue>) -> Account {
        self.attributes.insert(key.to_string(), Some(value.into()));
        self
    }

    /// Sets the `as_of` date.
    pub fn on(mut self, as_of: NaiveDate) -> Account {
        self.as_of = Some(as_of);
        self
    }

    /// Parses an account from JSON text.
    pub fn from_json(text: &str) -> Result<Account> {
        parse_json(text, crate::error::ErrorFamily::Input)
    }
}

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

/// A band compiled for lookups: infinite bounds stand for open ends.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CompiledBand {
    lo: f64,
    hi: f64,
    lo_inclusive: bool,
    hi_inclusive: bool,
    at_lo: f64,
    /// `(at_hi - at_lo) / (hi - lo)` for a band that interpolates, 0 for a constant band.
    slope: f64,
    /// `lo` for a band that interpolates, 0 for a constant band (so that `slope × (x - origin)`
    /// is an exact 0 for any finite `x`).
    origin: f64,
}

impl CompiledBand {
    fn new(band: &Band) -> CompiledBand {
        let (at_lo, at_hi) = band.points.ends();
        let lo = band.from.unwrap_or(f64::NEG_INFINITY);
        let hi = band.to.unwrap_or(f64::INFINITY);
        // Validation guarantees that a band with different end points has two finite bounds
        // with lo < hi, so the slope is finite.
        let constant = at_lo == at_hi;
        CompiledBand {
            lo,
            hi,
            lo_inclusive: band.from_inclusive,
            hi_inclusive: band.to_inclusive,
            at_lo,
            slope: if constant {
                0.0
            } else {
                (at_hi - at_lo) / (hi - lo)
            },
            origin: if constant { 0.0 } else { lo },
        }
    }

    #[inline(always)]
    fn contains(&self, x: f64) -> bool {
        ((x > self.lo) | (self.lo_inclusive & (x == self.lo)))
            & ((x < self.hi) | (self.hi_inclusive & (x == self.hi)))
    }

    /// Points at a finite `x`: `at_lo + slope × (x - from)`; `at_lo` exactly for a constant band.
    #[inline(always)]
    fn points(&self, x: f64) -> f64 {
        self.at_lo + self.slope * (x - self.origin)
    }
}

/// Band index and points of a finite `x`, or `None` when `x` is in no band.
pub(crate) fn band_points(bands: &[CompiledBand], x: f64) -> Option<(usize, f64)> {
    bands
        .iter()
        .position(|b| b.contains(x))
        .and_then(|i| bands.get(i).map(|b| (i, b.points(x))))
}

/// Up to four contiguous bands arranged for branch-free lookups in the batch path: the band of
/// `x` is the number of inner cut points `x` has passed, and the outer bounds decide whether
/// `x` is in any band at all.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BandTable {
    /// Inner cut points (the `from` of bands 1..); unused ones are +∞ and never passed.
    cut: [f64; 3],
    /// Whether `x == cut` already belongs to the upper band.
    cut_inclusive: [bool; 3],
    first: CompiledBand,
    last: CompiledBand,
    at_lo: [f64; 4],
    slope: [f64; 4],
    origin: [f64; 4],
}

impl BandTable {
    /// A table for at most four bands.
    pub(crate) fn new(bands: &[CompiledBand]) -> Option<BandTable> {
        let (first, last) = (*bands.first()?, *bands.last()?);
        if bands.len() > 4 {
            return None;
        }
        let mut table = BandTable {
            cut: [f64::INFINITY; 3],
            cut_inclusive: [false; 3],
            first,
            last,
            at_lo: [0.0; 4],
            slope: [0.0; 4],
            origin: [0.0; 4],
        };
        for (i, band) in bands.iter().enumerate() {
            if let (Some(a), Some(s), Some(o)) = (
                table.at_lo.get_mut(i),
                table.slope.get_mut(i),
                table.origin.get_mut(i),
            ) {
                (*a, *s, *o) = (band.at_lo, band.slope, band.origin);
            }
            if let (Some(c), Some(ci)) = (
                i.checked_sub(1).and_then(|j| table.cut.get_mut(j)),
                i.checked_sub(1)
                    .and_then(|j| table.cut_inclusive.get_mut(j)),
            ) {
                (*c, *ci) = (band.lo, band.lo_inclusive);
            }
        }
        Some(table)
    }

    /// Points of a finite `x`, NaN when `x` is in no band; the arithmetic of [`band_points`].
    #[inline(always)]
    pub(crate) fn points(&self, x: f64) -> f64 {
        let mut index = 0usize;
        for (&cut, &inclusive) in self.cut.iter().zip(&self.cut_inclusive) {
            index += usize::from((x > cut) | (inclusive & (x == cut)));
        }
        let index = index & 3;
        let (a, s, o) = (
            self.at_lo.get(index).copied().unwrap_or(f64::NAN),
            self.slope.get(index).copied().unwrap_or(0.0),
            self.origin.get(index).copied().unwrap_or(0.0),
        );
        let p = a + s * (x - o);
        let (f, l) = (&self.first, &self.last);
        let inside = ((x > f.lo) | (f.lo_inclusive & (x == f.lo)))
            & ((x < l.hi) | (l.hi_inclusive & (x == l.hi)));
        if inside {
            p
        } else {
            f64::NAN
        }
    }
}

/// Points of a finite `x`, NaN when `x` is in no band (any number of bands).
#[inline(always)]
pub(crate) fn banded(bands: &[CompiledBand], x: f64) -> f64 {
    band_points(bands, x).map_or(f64::NAN, |(_, p)| p)
}

/// Whether a finite non-negative number is whole, with two additions instead of a call to
/// `trunc`: below 2⁵², adding 2⁵² rounds to a whole number (the spacing of doubles there is 1),
/// and every double from 2⁵² up is whole.
#[inline(always)]
pub(crate) fn is_whole(x: f64) -> bool {
    const TWO_52: f64 = 4_503_599_627_370_496.0;
    x >= TWO_52 || (x + TWO_52) - TWO_52 == x
}

/// How a compiled signal reads its inputs (indices into the model's input list).
#[derive(Clone, Debug)]
pub(crate) enum Reader {
    Number {
        input: usize,
        count: bool,
        bands: Vec<CompiledBand>,
    },
    Ratio {
        numerator: usize,
        denominator: usize,
        bands: Vec<CompiledBand>,
    },
    Categorical {
        input: usize,
        categories: Vec<(String, f64)>,
    },
    Boolean {
        input: usize,
        true_points: f64,
        false_points: f64,
    },
}

/// A signal compiled for scoring.
#[derive(Clone, Debug)]
pub(crate) struct CompiledSignal {
    pub(crate) key: String,
    pub(crate) reader: Reader,
    pub(crate) labels: Vec<Option<String>>,
    /// Weight inside the dimension (1 for mean, min and max).
    pub(crate) weight: f64,
    pub(crate) policy: MissingPolicy,
    pub(crate) neutral: f64,
    pub(crate) seasonal: Option<[f64; 12]>,
    /// `dimension weight × signal weight / sum of the dimension's signal weights`, for coverage.
    pub(crate) share: f64,
    /// Position of the signal in the model, counting across dimensions.
    pub(crate) flat: usize,
}

/// A dimension compiled for scoring.
#[derive(Clone, Debug)]
pub(crate) struct CompiledDimension {
    pub(crate) key: String,
    pub(crate) weight: f64,
    pub(crate) combine: Combine,
    pub(crate) signals: Vec<CompiledSignal>,
    /// Indices of `signals` sorted by key: the order sums are taken in.
    pub(crate) signal_order: Vec<usize>,
}

/// Indices of `keys` sorted by key.
fn key_order<'a>(keys: impl Iterator<Item = &'a str>) -> Vec<usize> {
    let mut order: Vec<(usize, &str)> = keys.enumerate().collect();
    order.sort_by(|a, b| a.1.cmp(b.1));
    order.into_iter().map(|(i, _)| i).collect()
}

/// The outcome of reading one signal for one account.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Reading {
    /// Points from the input; band index (if banded) and the value looked up.
    Points {
        points: f64,
        band: Option<usize>,
        value: Option<f64>,
    },
    /// No value given.
    Absent,
    /// A value was given but could not be used.
    Unusable(IssueKind),
}

impl CompiledSignal {
    /// Reads a number-shaped signal from numbers (NaN = absent). `month` is 1-12 when known.
    #[inline(always)]
    pub(crate) fn read_number(&self, x: f64, month: Option<u32>) -> Reading {
        let Reader::Number { count, bands, .. } = &self.reader else {
            return Reading::Unusable(IssueKind::WrongType);
        };
        if x.is_nan() {
            return Reading::Absent;
        }
        if x.is_infinite() {
            return Reading::Unusable(IssueKind::NotFinite);
        }
        if *count && (x < 0.0 || !is_whole(x)) {
            return Reading::Unusable(IssueKind::NotACount);
        }
        self.lookup(bands, x, month)
    }

    #[inline(always)]
    pub(crate) fn read_ratio(
        &self,
        numerator: f64,
        denominator: f64,
        month: Option<u32>,
    ) -> Reading {
        let Reader::Ratio { bands, .. } = &self.reader else {
            return Reading::Unusable(IssueKind::WrongType);
        };
        if numerator.is_nan() || denominator.is_nan() {
            return Reading::Absent;
        }
        if numerator.is_infinite() || denominator.is_infinite() {
            return Reading::Unusable(IssueKind::NotFinite);
        }
        if denominator == 0.0 {
            return Reading::Unusable(IssueKind::ZeroDenominator);
        }
        self.lookup(bands, numerator / denominator, month)
    }

    #[inline(always)]
    fn lookup(&self, bands: &[CompiledBand], x: f64, month: Option<u32>) -> Reading {
        let value = match (self.seasonal, month) {
            (Some(factors), Some(m)) => {
                let factor = factors
                    .get((m as usize).wrapping_sub(1))
                    .copied()
                    .unwrap_or(1.0);
                x / factor
            }
            _ => x,
        };
        match band_points(bands, value) {
            Some((band, points)) => Reading::Points {
                points,
                band: Some(band),
                value: Some(value),
            },
            None => Reading::Unusable(IssueKind::OutOfDomain),
        }
    }

    /// Reads a boolean signal from a yes/no value.
    #[inline(always)]
    pub(crate) fn read_bool(&self, value: bool) -> Reading {
        match &self.reader {
            Reader::Boolean {
                true_points,
                false_points,
                ..
            } => Reading::Points {
                points: if value { *true_points } else { *false_points },
                band: None,
                value: None,
            },
            _ => Reading::Unusable(IssueKind::WrongType),
        }
    }

    /// Reads a categorical signal from text.
    pub(crate) fn read_text(&self, text: &str) -> Reading {
        match &self.reader {
            Reader::Categorical { categories, .. } => {
                match categories.iter().position(|(v, _)| v == text) {
                    Some(i) => Reading::Points {
                        points: categories.get(i).map_or(0.0, |(_, p)| *p),
                        band: Some(i),
                        value: None,
                    },
                    None => Reading::Unusable(IssueKind::UnknownCategory),
                }
            }
            _ => Reading::Unusable(IssueKind::WrongType),
        }
    }

    /// Points used for a reading after the missing-data policy, and their source.
    #[inline(always)]
    pub(crate) fn settle(&self, reading: Reading) -> (f64, PointsSource) {
        match reading {
            Reading::Points { points, .. } => (points, PointsSource::Observed),
            Reading::Absent | Reading::Unusable(_) => match self.policy {
                MissingPolicy::Exclude => (f64::NAN, PointsSource::Excluded),
                MissingPolicy::Neutral => (self.neutral, PointsSource::Neutral),
                MissingPolicy::Zero => (0.0, PointsSource::Zero),
                MissingPolicy::Fail => (f64::NAN, PointsSource::Failed),
            },
        }
    }
}

/// A validated model compiled for fast scoring of single accounts and batches.
///
/// ```
/// use tenure::{Account, HealthModel, Scorer};
/// let scorer = Scorer::new(HealthModel::builtin()).unwrap();
/// let account = Account::new("acme")
///     .with("dau_mau_ratio", 0.45)
///     .with("login_trend", "up")
///     .with("payment_status", "current");
/// let score = scorer.score(&account).unwrap();
/// // Three inputs cover 29.5% of the model's weight, below its 50% minimum.
/// assert_eq!(score.status, tenure::ScoreStatus::InsufficientData);
/// assert_eq!(score.coverage, 0.295);
/// ```
#[derive(Clone, Debug)]
pub struct Scorer {
    pub(crate) model: HealthModel,
    pub(crate) inputs: Vec<String>,
    /// How each input is read (same order as `inputs`).
    pub(crate) input_shapes: Vec<super::model::InputShape>,
    pub(crate) dimensions: Vec<CompiledDimension>,
    /// Indices of `dimensions` sorted by key: the order sums are taken in.
    pub(crate) dimension_order: Vec<usize>,
    pub(crate) tiers: TierScale,
    /// Sum of every signal's coverage share, added in model order.
    pub(crate) total_share: f64,
}

impl Scorer {
    /// Validates and compiles a model.
    pub fn new(model: HealthModel) -> Result<Scorer> {
        model.validate()?;
        let inputs: Vec<String> = model.input_keys().into_iter().map(String::from).collect();
        let index = |key: &str| inputs.iter().position(|k| k == key).unwrap_or(0);
        let mut dimensions = Vec::with_capacity(model.dimensions.len());
        let mut flat = 0;
        for dimension in &model.dimensions {
            let weighted = dimension.combine == Combine::Weighted;
            let signal_order = key_order(dimension.signals.iter().map(|s| s.key.as_str()));
            let weight_sum: f64 = signal_order
                .iter()
                .filter_map(|&i| dimension.signals.get(i))
                .map(|s| if weighted { s.weight } else { 1.0 })
                .sum();
            let mut signals = Vec::with_capacity(dimension.signals.len());
            for signal in &dimension.signals {
                let weight = if weighted { signal.weight } else { 1.0 };
                let compile = |bands: &[Band]| bands.iter().map(CompiledBand::new).collect();
                let band_labels =
                    |bands: &[Band]| bands.iter().map(|b| b.label.clone()).collect::<Vec<_>>();
                let (reader, labels) = match &signal.kind {
                    SignalKind::Numeric { bands, .. } | SignalKind::Count { bands, .. } => (
                        Reader::Number {
                            input: index(signal.inputs().first().copied().unwrap_or("")),
                            count: matches!(signal.kind, SignalKind::Count { .. }),
                            bands: compile(bands),
                        },
                        band_labels(bands),
                    ),
                    SignalKind::Ratio {
                        numerator,
                        denominator,
                        bands,
                    } => (
                        Reader::Ratio {
                            numerator: index(numerator),
                            denominator: index(denominator),
                            bands: compile(bands),
                        },
                        band_labels(bands),
                    ),
                    SignalKind::Categorical { categories, .. } => (
                        Reader::Categorical {
                            input: index(signal.inputs().first().copied().unwrap_or("")),
                            categories: categories
                                .iter()
                                .map(|c| (c.value.clone(), c.points))
                                .collect(),
                        },
                        categories.iter().map(|c| Some(c.value.clone())).collect(),
                    ),
                    SignalKind::Boolean {
                        true_points,
                        false_points,
                        ..
                    } => (
                        Reader::Boolean {
                            input: index(signal.inputs().first().copied().unwrap_or("")),
                            true_points: *true_points,
                            false_points: *false_points,
                        },
                        Vec::new(),
                    ),
                };
                let share = dimension.weight * (weight / weight_sum);
                let seasonal = signal.seasonal.as_ref().and_then(|s| {
                    let mut factors = [1.0; 12];
                    for (slot, f) in factors.iter_mut().zip(&s.monthly_factors) {
                        *slot = *f;
                    }
                    (s.monthly_factors.len() == 12).then_some(factors)
                });
                signals.push(CompiledSignal {
                    key: signal.key.clone(),
                    reader,
                    labels,
                    weight,
                    policy: signal.missing,
                    neutral: signal.neutral_points,
                    seasonal,
                    share,
                    flat,
                });
                flat += 1;
            }
            dimensions.push(CompiledDimension {
                key: dimension.key.clone(),
                weight: dimension.weight,
                combine: dimension.combine,
                signals,
                signal_order,
            });
        }
        let dimension_order = key_order(dimensions.iter().map(|d| d.key.as_str()));
        // Summed in the order coverage is summed, so that full coverage is exactly 1.
        let total_share = dimension_order
            .iter()
            .filter_map(|&d| dimensions.get(d))
            .flat_map(|d| d.signal_order.iter().filter_map(|&s| d.signals.get(s)))
            .map(|s| s.share)
            .sum();
        let tiers = TierScale::new(model.tiers.clone())?;
        let input_shapes = inputs
            .iter()
            .map(|key| {
                model
                    .dimensions
                    .iter()
                    .flat_map(|d| d.signals.iter())
                    .find(|s| s.inputs().contains(&key.as_str()))
                    .map_or(super::model::InputShape::Number, |s| s.kind.input_shape())
            })
            .collect();
        Ok(Scorer {
            model,
            inputs,
            input_shapes,
            dimensions,
            dimension_order,
            tiers,
            total_share,
        })
    }

    /// The model being scored.
    pub fn model(&self) -> &HealthModel {
        &self.model
    }

    /// The input keys the model reads, in model order.
    pub fn input_keys(&self) -> &[String] {
        &self.inputs
    }

    /// The tiers, highest first.
    pub fn tiers(&self) -> &TierScale {
        &self.tiers
    }

    /// Scores one account with its explanation.
    ///
    /// Fails only when the account names an input the model does not read
    /// (`input.unknown_signal`). Unusable values are treated as missing and listed in
    /// `issues`; a missing required signal gives `status: failed` with the error attached.
    pub fn score(&self, account: &Account) -> Result<HealthScore> {
        for key in account.inputs.keys() {
            if !self.inputs.iter().any(|k| k == key) {
                return Err(Error::new(
                    ErrorCode::InputUnknownSignal,
                    format!("inputs.{key}"),
                    format!("the model `{}` reads no input `{key}`", self.model.id),
                )
                .with_value(key.as_str()));
            }
        }
        let month = account.as_of.map(|d| d.month());
        let input = |i: usize| -> (&str, Option<&InputValue>) {
            let key = self.inputs.get(i).map_or("", String::as_str);
            (key, account.inputs.get(key).and_then(Option::as_ref))
        };
        // Read every signal first; the accumulation below is the one the batch path uses.
        let readings: Vec<Vec<(Reading, serde_json::Value, String)>> = self
            .dimensions
            .iter()
            .map(|d| {
                d.signals
                    .iter()
                    .map(|s| read_account_signal(s, &input, month))
                    .collect()
            })
            .collect();
        let mut dimension_points = vec![f64::NAN; self.dimensions.len()];
        let tally = self.accumulate(
            |d, s| {
                readings
                    .get(d)
                    .and_then(|r| r.get(s))
                    .map_or(f64::NAN, |(reading, _, _)| reading_points(*reading))
            },
            |d, points| {
                if let Some(slot) = dimension_points.get_mut(d) {
                    *slot = points;
                }
            },
        );
        let mut issues = Vec::new();
        let mut failure: Option<Error> = None;
        let mut dims: Vec<DimensionExplanation> = Vec::with_capacity(self.dimensions.len());
        for ((dimension, dim_readings), &points) in
            self.dimensions.iter().zip(readings).zip(&dimension_points)
        {
            let mut signals = Vec::with_capacity(dimension.signals.len());
            for (signal, (reading, raw, path)) in dimension.signals.iter().zip(dim_readings) {
                if let Reading::Unusable(kind) = reading {
                    issues.push(InputIssue {
                        kind,
                        path: path.clone(),
                        value: raw.clone(),
                    });
                }
                let (signal_points, source) = signal.settle(reading);
                if source == PointsSource::Failed && failure.is_none() {
                    failure = Some(
                        Error::new(
                            ErrorCode::InputMissingRequired,
                            path,
                            format!(
                                "signal `{}` is required and has no usable value",
                                signal.key
                            ),
                        )
                        .with_value(raw.clone()),
                    );
                }
                let (band, scored_value) = match reading {
                    Reading::Points { band, value, .. } => (band, value),
                    _ => (None, None),
                };
                signals.push(SignalExplanation {
                    key: signal.key.clone(),
                    input: raw,
                    scored_value,
                    band,
                    band_label: band.and_then(|b| signal.labels.get(b).cloned()).flatten(),
                    points: (!signal_points.is_nan()).then_some(signal_points),
                    source,
                    effective_weight: 0.0,
                    contribution: 0.0,
                });
            }
            dims.push(DimensionExplanation {
                key: dimension.key.clone(),
                weight: dimension.weight,
                effective_weight: 0.0,
                points: (!points.is_nan()).then_some(points),
                contribution: 0.0,
                lift: 0.0,
                signals,
            });
        }
        let coverage = tally.coverage(self);
        self.fill_weights(&mut dims, tally.den);
        let (status, composite, tier, next_tier, top_lift) = match tally.outcome(self) {
            RowOutcome::Failed(_) => (ScoreStatus::Failed, None, None, None, None),
            RowOutcome::Insufficient => (ScoreStatus::InsufficientData, None, None, None, None),
            RowOutcome::Scored(composite) => {
                let position = self.tiers.position(composite).unwrap_or(0);
                let tier = self.tiers.assign(composite);
                let next = self.tiers.above(position).map(|t| NextTier {
                    key: t.key.clone(),
                    min: t.min,
                    points_needed: round_score(t.min - composite),
                });
                let top = dims
                    .iter()
                    .filter(|d| d.points.is_some() && d.lift > 0.0)
                    .fold(None::<&DimensionExplanation>, |best, d| match best {
                        Some(b) if b.lift >= d.lift => Some(b),
                        _ => Some(d),
                    })
                    .map(|d| d.key.clone());
                (
                    ScoreStatus::Scored,
                    Some(composite),
                    Some(TierLabel::from(tier)),
                    next,
                    top,
                )
            }
        };
        Ok(HealthScore {
            account: account.id.clone(),
            model: self.model.id.clone(),
            status,
            composite,
            tier,
            coverage,
            dimensions: dims,
            next_tier,
            top_lift,
            issues,
            error: failure,
        })
    }

    /// The accumulation shared by single-account and batch scoring, with the missing-data
    /// policy applied: signals of a dimension in key order, then dimensions in key order. Sums
    /// are taken in key order rather than in the order the model lists them, so that listing
    /// order never changes a result, not even in the last bit.
    ///
    /// `read(d, s)` gives the points of signal `s` of dimension `d` (NaN when the input is
    /// missing or unusable); `on_dimension(d, points)` receives each dimension's points.
    #[inline(always)]
    pub(crate) fn accumulate(
        &self,
        mut read: impl FnMut(usize, usize) -> f64,
        mut on_dimension: impl FnMut(usize, f64),
    ) -> Tally<'_> {
        let mut tally = Tally {
            num: 0.0,
            den: 0.0,
            covered: 0.0,
            failed: None,
        };
        for &d in &self.dimension_order {
            let Some(dimension) = self.dimensions.get(d) else {
                continue;
            };
            let mut acc = DimensionAccumulator::new(dimension.combine);
            for &s in &dimension.signal_order {
                let Some(signal) = dimension.signals.get(s) else {
                    continue;
                };
                let raw = read(d, s);
                let points = if raw.is_nan() {
                    match signal.policy {
                        MissingPolicy::Exclude => f64::NAN,
                        MissingPolicy::Neutral => signal.neutral,
                        MissingPolicy::Zero => 0.0,
                        MissingPolicy::Fail => {
                            // Report the first required signal in model order.
                            if tally.failed.is_none_or(|f| signal.flat < f.flat) {
                                tally.failed = Some(signal);
                            }
                            f64::NAN
                        }
                    }
                } else {
                    tally.covered += signal.share;
                    raw
                };
                acc.add(signal.weight, points);
            }
            let points = acc.points();
            on_dimension(d, points);
            if !points.is_nan() {
                tally.num += dimension.weight * points;
                tally.den += dimension.weight;
            }
        }
        tally
    }

    /// Fills effective weights, contributions and lifts of an explanation.
    fn fill_weights(&self, dims: &mut [DimensionExplanation], composite_den: f64) {
        for (dim, compiled) in dims.iter_mut().zip(&self.dimensions) {
            let Some(points) = dim.points else { continue };
            let share = compiled.weight / composite_den;
            dim.effective_weight = share;
            dim.contribution = points * share * 10.0;
            dim.lift = (MAX_POINTS - points) * share * 10.0;
            let participating: f64 = dim
                .signals
                .iter()
                .zip(&compiled.signals)
                .filter(|(s, _)| s.points.is_some())
                .map(|(_, c)| c.weight)
                .sum();
            let selected = match compiled.combine {
                Combine::Min | Combine::Max => {
                    dim.signals.iter().position(|s| s.points == Some(points))
                }
                Combine::Mean | Combine::Weighted => None,
            };
            for (i, (signal, c)) in dim.signals.iter_mut().zip(&compiled.signals).enumerate() {
                let Some(p) = signal.points else { continue };
                signal.effective_weight = match compiled.combine {
                    Combine::Min | Combine::Max if selected == Some(i) => share,
                    Combine::Min | Combine::Max => 0.0,
                    Combine::Mean | Combine::Weighted => share * (c.weight / participating),
                };
                signal.contribution = p * signal.effective_weight * 10.0;
            }
        }
    }

    /// The tier of a 0-100 value (rounded first, as scores are).
    pub fn tier_of(&self, score: f64) -> &Tier {
        self.tiers.assign(round_score(score))
    }
}

/// Reads one signal of an account: the reading, the raw input as JSON, and the input path.
fn read_account_signal<'a>(
    signal: &CompiledSignal,
    input: &impl Fn(usize) -> (&'a str, Option<&'a InputValue>),
    month: Option<u32>,
) -> (Reading, serde_json::Value, String) {
    match &signal.reader {
        Reader::Ratio {
            numerator,
            denominator,
            ..
        } => {
            let (nk, nv) = input(*numerator);
            let (dk, dv) = input(*denominator);
            let raw = serde_json::Value::Array(vec![json_of(nv), json_of(dv)]);
            let wrong = |v: Option<&InputValue>| matches!(v, Some(v) if !matches!(v, InputValue::Number(_)));
            let reading = match (nv, dv) {
                _ if wrong(nv) || wrong(dv) => Reading::Unusable(IssueKind::WrongType),
                (Some(InputValue::Number(n)), Some(InputValue::Number(d))) => {
                    signal.read_ratio(*n, *d, month)
                }
                _ => Reading::Absent,
            };
            // Point at the denominator when it is what made the ratio unusable.
            let denominator_at_fault =
                matches!(reading, Reading::Unusable(IssueKind::ZeroDenominator))
                    || (matches!(nv, Some(InputValue::Number(_)))
                        && !matches!(dv, Some(InputValue::Number(_)) | None));
            let path = if denominator_at_fault {
                format!("inputs.{dk}")
            } else {
                format!("inputs.{nk}")
            };
            (reading, raw, path)
        }
        Reader::Number { input: i, .. }
        | Reader::Categorical { input: i, .. }
        | Reader::Boolean { input: i, .. } => {
            let (key, value) = input(*i);
            let path = format!("inputs.{key}");
            let raw = json_of(value);
            let reading = match (value, &signal.reader) {
                (None, _) => Reading::Absent,
                (Some(InputValue::Number(x)), Reader::Number { .. }) => {
                    signal.read_number(*x, month)
                }
                (Some(InputValue::Text(t)), Reader::Categorical { .. }) => signal.read_text(t),
                (Some(InputValue::Bool(b)), Reader::Boolean { .. }) => signal.read_bool(*b),
                (Some(InputValue::Number(x)), Reader::Boolean { .. }) => number_as_bool(signal, *x),
                _ => Reading::Unusable(IssueKind::WrongType),
            };
            (reading, raw, path)
        }
    }
}

/// The running sums of one account: composite numerator and denominator, observed share, and
/// the first required signal without a value.
pub(crate) struct Tally<'m> {
    pub(crate) num: f64,
    pub(crate) den: f64,
    /// Observed share; positive exactly when some input was observed (shares are positive).
    covered: f64,
    failed: Option<&'m CompiledSignal>,
}

/// What a tally comes to.
pub(crate) enum RowOutcome<'m> {
    Failed(&'m CompiledSignal),
    Insufficient,
    Scored(f64),
}

impl<'m> Tally<'m> {
    /// A tally from sums computed elsewhere (the batch path).
    #[inline(always)]
    pub(crate) fn from_parts(
        num: f64,
        den: f64,
        covered: f64,
        failed: Option<&'m CompiledSignal>,
    ) -> Self {
        Tally {
            num,
            den,
            covered,
            failed,
        }
    }

    /// Observed share of the model's weight.
    #[inline(always)]
    pub(crate) fn coverage(&self, scorer: &Scorer) -> f64 {
        self.covered / scorer.total_share
    }

    /// Failed, insufficient (no observed input, no dimension with points, or coverage below the
    /// minimum) or scored with the rounded composite.
    #[inline(always)]
    pub(crate) fn outcome(&self, scorer: &Scorer) -> RowOutcome<'m> {
        if let Some(signal) = self.failed {
            RowOutcome::Failed(signal)
        } else if self.covered == 0.0
            || self.den == 0.0
            || self.coverage(scorer) < scorer.model.min_coverage
        {
            RowOutcome::Insufficient
        } else {
            RowOutcome::Scored(round_score(self.num / self.den * 10.0))
        }
    }
}

/// Points of a reading, NaN when it has none.
#[inline(always)]
pub(crate) fn reading_points(reading: Reading) -> f64 {
    match reading {
        Reading::Points { points, .. } => points,
        Reading::Absent | Reading::Unusable(_) => f64::NAN,
    }
}

/// Numbers given for a boolean signal: 1 is true, 0 is false, NaN is missing.
#[inline(always)]
pub(crate) fn number_as_bool(signal: &CompiledSignal, x: f64) -> Reading {
    if x.is_nan() {
        Reading::Absent
    } else if x == 1.0 {
        signal.read_bool(true)
    } else if x == 0.0 {
        signal.read_bool(false)
    } else {
        Reading::Unusable(IssueKind::WrongType)
    }
}

fn json_of(value: Option<&InputValue>) -> serde_json::Value {
    match value {
        None => serde_json::Value::Null,
        Some(InputValue::Number(x)) if x.is_nan() => serde_json::Value::Null,
        Some(InputValue::Number(x)) => number_value(*x),
        Some(InputValue::Bool(b)) => serde_json::Value::Bool(*b),
        Some(InputValue::Text(t)) => serde_json::Value::String(t.clone()),
    }
}

/// Combines signal points inside a dimension, in signal order.
///
/// Mean and weighted: `Σ wᵢ·pᵢ / Σ wᵢ` over signals with points (w = 1 for mean);
/// min / max: the lowest / highest points. NaN points are skipped.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DimensionAccumulator {
    combine: Combine,
    num: f64,
    den: f64,
    extreme: f64,
}

impl DimensionAccumulator {
    #[inline(always)]
    pub(crate) fn new(combine: Combine) -> Self {
        DimensionAccumulator {
            combine,
            num: 0.0,
            den: 0.0,
            extreme: f64::NAN,
        }
    }

    #[inline(always)]
    pub(crate) fn add(&mut self, weight: f64, points: f64) {
        if points.is_nan() {
            return;
        }
        match self.combine {
            Combine::Mean | Combine::Weighted => {
                self.num += weight * points;
                self.den += weight;
            }
            Combine::Min => {
                if self.extreme.is_nan() || points < self.extreme {
                    self.extreme = points;
                }
            }
            Combine::Max => {
                if self.extreme.is_nan() || points > self.extreme {
                    self.extreme = points;
                }
            }
        }
    }

    /// The dimension's points, NaN when no signal had points.
    #[inline(always)]
    pub(crate) fn points(&self) -> f64 {
        match self.combine {
            Combine::Mean | Combine::Weighted => {
                if self.den > 0.0 {
                    self.num / self.den
                } else {
                    f64::NAN
                }
            }
            Combine::Min | Combine::Max => self.extreme,
        }
    }
}
