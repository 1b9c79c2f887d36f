//! Account facts: what the rules read.

use super::model::parse_date;
use crate::error::{Error, ErrorCode, Result};
use chrono::NaiveDate;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// One point of a series fact.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesPoint {
    /// Day of the point.
    pub date: NaiveDate,
    /// Value on that day.
    pub value: f64,
}

/// The value of one fact. In JSON: a number, a string (a `"YYYY-MM-DD"` string is a date), a
/// boolean, `null` (missing) or a series `[{"date": "...", "value": 1.5}, ...]` (dates strictly
/// increasing).
#[derive(Clone, Debug, PartialEq)]
pub enum FactValue {
    /// Known to be missing (same as absent).
    Null,
    /// A number (NaN counts as missing).
    Number(f64),
    /// A text.
    Text(String),
    /// A boolean.
    Bool(bool),
    /// A calendar day.
    Date(NaiveDate),
    /// Dated values, oldest first.
    Series(Vec<SeriesPoint>),
}

impl FactValue {
    /// The kind of the value, as named in explanations.
    pub fn kind_name(&self) -> &'static str {
        match self {
            FactValue::Null => "null",
            FactValue::Number(_) => "number",
            FactValue::Text(_) => "text",
            FactValue::Bool(_) => "boolean",
            FactValue::Date(_) => "date",
            FactValue::Series(_) => "series",
        }
    }

    /// Whether the value counts as missing (`null` or NaN).
    pub fn is_missing(&self) -> bool {
        match self {
            FactValue::Null => true,
            FactValue::Number(n) => n.is_nan(),
            _ => false,
        }
    }
}

impl From<f64> for FactValue {
    fn from(v: f64) -> Self {
        FactValue::Number(v)
    }
}
impl From<bool> for FactValue {
    fn from(v: bool) -> Self {
        FactValue::Bool(v)
    }
}
impl From<&str> for FactValue {
    /// A `YYYY-MM-DD` text becomes a date, like in JSON.
    fn from(v: &str) -> Self {
        match parse_date(v) {
            Some(d) => FactValue::Date(d),
            None => FactValue::Text(v.to_string()),
        }
    }
}
impl From<NaiveDate> for FactValue {
    fn from(v: NaiveDate) -> Self {
        FactValue::Date(v)
    }
}
impl From<Vec<SeriesPoint>> for FactValue {
    fn from(v: Vec<SeriesPoint>) -> Self {
        FactValue::Series(v)
    }
}

impl Serialize for FactValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            FactValue::Null => serializer.serialize_none(),
            FactValue::Number(n) if n.is_finite() => serializer.serialize_f64(*n),
            FactValue::Number(n) => serializer.collect_str(n),
            FactValue::Text(t) => serializer.serialize_str(t),
            FactValue::Bool(b) => serializer.serialize_bool(*b),
            FactValue::Date(d) => serializer.collect_str(d),
            FactValue::Series(points) => points.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for FactValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FactVisitor)
    }
}

struct FactVisitor;

impl<'de> Visitor<'de> for FactVisitor {
    type Value = FactValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, a text, a boolean, a date, null or a series of {date, value} points")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<FactValue, E> {
        Ok(FactValue::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<FactValue, E> {
        Ok(FactValue::Number(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<FactValue, E> {
        Ok(FactValue::Number(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<FactValue, E> {
        Ok(FactValue::Number(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<FactValue, E> {
        Ok(FactValue::from(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<FactValue, E> {
        Ok(FactValue::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<FactValue, E> {
        Ok(FactValue::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<FactValue, D::Error> {
        d.deserialize_any(FactVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FactValue, A::Error> {
        let mut points = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(p) = seq.next_element::<SeriesPoint>()? {
            points.push(p);
        }
        Ok(FactValue::Series(points))
    }
}

/// The facts of one account, evaluated as of a day.
///
/// ```
/// let facts: tenure::AccountFacts = tenure::deserialize_input(serde_json::json!({
///     "account": "acme",
///     "as_of": "2026-03-01",
///     "facts": {"last_login_at": "2026-01-20", "nps_score": 6,
///               "health_history": [{"date": "2026-02-22", "value": 72}, {"date": "2026-03-01", "value": 55}]},
///     "last_fired": {"nps_detractor_outreach": "2025-12-01"}
/// })).unwrap();
/// assert_eq!(facts.facts.len(), 3);
/// assert!(facts.check().is_ok());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountFacts {
    /// Account identifier (reported back).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The day the rules are evaluated on (an explicit argument takes precedence).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<NaiveDate>,
    /// The facts, by key. Facts no rule reads are ignored.
    #[serde(default)]
    pub facts: BTreeMap<String, FactValue>,
    /// The day each play last fired for the account, for cooldowns.
    #[serde(default)]
    pub last_fired: BTreeMap<String, NaiveDate>,
}

impl AccountFacts {
    /// Empty facts for an account.
    pub fn new(account: impl Into<String>) -> AccountFacts {
        AccountFacts {
            account: Some(account.into()),
            ..AccountFacts::default()
        }
    }

    /// Adds a fact (builder style).
    pub fn with(mut self, key: impl Into<String>, value: impl Into<FactValue>) -> AccountFacts {
        self.facts.insert(key.into(), value.into());
        self
    }

    /// Sets `as_of` (builder style).
    pub fn on(mut self, as_of: NaiveDate) -> AccountFacts {
        self.as_of = Some(as_of);
        self
    }

    /// Records when a play last fired (builder style).
    pub fn fired(mut self, play: impl Into<String>, on: NaiveDate) -> AccountFacts {
        self.last_fired.insert(play.into(), on);
        self
    }

    /// Parses facts from JSON text.
    pub fn from_json(text: &str) -> Result<AccountFacts> {
        let facts: AccountFacts = crate::model::parse_json(text, crate::error::ErrorFamily::Input)?;
        Ok(facts)
    }

    /// Checks the series: dates strictly increasing (`input.date_order`) and finite values
    /// (`input.out_of_range`). Evaluation runs this check first.
    pub fn check(&self) -> Result<()> {
        for (key, value) in &self.facts {
            let FactValue::Series(points) = value else {
                continue;
            };
            let mut previous: Option<NaiveDate> = None;
            for (i, p) in points.iter().enumerate() {
                if !p.value.is_finite() {
                    return Err(Error::new(
                        ErrorCode::InputOutOfRange,
                        format!("facts.{key}[{i}].value"),
                        "series values must be finite",
                    )
                    .with_number(p.value));
                }
                if previous.is_some_and(|d| p.date <= d) {
                    return Err(Error::new(
                        ErrorCode::InputDateOrder,
                        format!("facts.{key}[{i}].date"),
                        "series dates must be strictly increasing",
                    )
                    .with_value(p.date.to_string()));
                }
                previous = Some(p.date);
            }
        }
        Ok(())
    }
}
