//! The kinds of signal (numeric bands, counts, ratios, categorical maps, booleans), their JSON
//! form, and how each reads its input.

use serde::{Deserialize, Serialize};

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
