//! Account facts: what the rules read.

use super::model::parse_date;
use crate::error::{join_path, Error, ErrorCode, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::collections::BTreeMap;

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
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct AccountFacts {
    /// Account identifier (reported back).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The day the rules are evaluated on (an explicit argument takes precedence).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<NaiveDate>,
    /// The facts, by key. Facts no rule reads are ignored.
    pub facts: BTreeMap<String, FactValue>,
    /// The day each play last fired for the account, for cooldowns.
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
        let value: Value = serde_json::from_str(text)
            .map_err(|e| Error::new(ErrorCode::InputParse, "", e.to_string()))?;
        AccountFacts::from_value(&value)
    }

    /// Reads facts from a JSON value: `{"account", "as_of", "facts", "last_fired"}` (all
    /// optional; any other field is an `input.parse` error, as is a value of the wrong shape,
    /// with its path). Dates are exactly `YYYY-MM-DD`.
    pub fn from_value(value: &Value) -> Result<AccountFacts> {
        let map = object(value, "")?;
        let mut out = AccountFacts::default();
        for (key, v) in map {
            match key.as_str() {
                "account" => {
                    out.account = match v {
                        Value::Null => None,
                        Value::String(s) => Some(s.clone()),
                        other => return Err(parse_error("account", "a string", other)),
                    }
                }
                "as_of" => out.as_of = optional_day(v, "as_of")?,
                "facts" => {
                    for (fact, fv) in object(v, "facts")? {
                        let at = join_path("facts", fact);
                        out.facts.insert(fact.clone(), fact_value(fv, &at)?);
                    }
                }
                "last_fired" => {
                    for (play, day) in object(v, "last_fired")? {
                        let at = join_path("last_fired", play);
                        if let Some(d) = optional_day(day, &at)? {
                            out.last_fired.insert(play.clone(), d);
                        }
                    }
                }
                other => {
                    return Err(Error::new(
                        ErrorCode::InputParse,
                        other,
                        format!(
                            "unknown field `{other}`, expected one of account, as_of, facts, last_fired"
                        ),
                    )
                    .with_value(other))
                }
            }
        }
        Ok(out)
    }

    /// Checks the series: dates strictly increasing (`input.date_order`) and finite values
    /// (`input.out_of_range`). Evaluation runs this check on the series the rules read (facts
    /// no rule reads are ignored).
    pub fn check(&self) -> Result<()> {
        for (key, value) in &self.facts {
            if let FactValue::Series(points) = value {
                check_series(key, points)?;
            }
        }
        Ok(())
    }
}

/// Dates strictly increasing and values finite (see [`AccountFacts::check`]).
pub(crate) fn check_series(key: &str, points: &[SeriesPoint]) -> Result<()> {
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
    Ok(())
}

impl<'de> Deserialize<'de> for FactValue {
    /// Reads one fact from any serde data, as the facts of [`AccountFacts::from_value`] are read.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::{DeserializeSeed, Error as _};
        let value = super::parse::BoundedValue { depth: 0 }.deserialize(deserializer)?;
        fact_value(&value, "").map_err(|e| D::Error::custom(e.to_string()))
    }
}

impl<'de> Deserialize<'de> for AccountFacts {
    /// Reads facts from any serde data, as [`AccountFacts::from_value`] does (the bindings use
    /// [`deserialize_facts`], which keeps the typed error).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::{DeserializeSeed, Error as _};
        let value = super::parse::BoundedValue { depth: 0 }.deserialize(deserializer)?;
        AccountFacts::from_value(&value).map_err(|e| D::Error::custom(e.to_string()))
    }
}

fn parse_error(path: &str, expected: &str, got: &Value) -> Error {
    Error::new(
        ErrorCode::InputParse,
        path,
        format!(
            "expected {expected}, found {}",
            super::parse::type_name(got)
        ),
    )
}

fn object<'a>(value: &'a Value, path: &str) -> Result<&'a serde_json::Map<String, Value>> {
    value
        .as_object()
        .ok_or_else(|| parse_error(path, "an object", value))
}

pub(crate) fn optional_day(value: &Value, path: &str) -> Result<Option<NaiveDate>> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => parse_date(s).map(Some).ok_or_else(|| {
            Error::new(ErrorCode::InputParse, path, "expected a date YYYY-MM-DD")
                .with_value(s.as_str())
        }),
        other => Err(parse_error(path, "a date YYYY-MM-DD", other)),
    }
}

pub(crate) fn fact_value(value: &Value, path: &str) -> Result<FactValue> {
    Ok(match value {
        Value::Null => FactValue::Null,
        Value::Bool(b) => FactValue::Bool(*b),
        Value::Number(n) => FactValue::Number(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => FactValue::from(s.as_str()),
        Value::Array(points) => FactValue::Series(
            points
                .iter()
                .enumerate()
                .map(|(i, p)| series_point(p, &format!("{path}[{i}]")))
                .collect::<Result<Vec<_>>>()?,
        ),
        Value::Object(_) => {
            return Err(parse_error(
                path,
                "a number, a text, a boolean, a date, null or a series of {date, value} points",
                value,
            ))
        }
    })
}

fn series_point(value: &Value, path: &str) -> Result<SeriesPoint> {
    let map = object(value, path)?;
    if let Some(k) = map.keys().find(|k| !matches!(k.as_str(), "date" | "value")) {
        return Err(Error::new(
            ErrorCode::InputParse,
            join_path(path, k),
            format!("unknown field `{k}`, expected date and value"),
        )
        .with_value(k.as_str()));
    }
    let date = match map.get("date") {
        Some(d) => optional_day(d, &join_path(path, "date"))?,
        None => None,
    }
    .ok_or_else(|| {
        Error::new(
            ErrorCode::InputParse,
            join_path(path, "date"),
            "missing field `date`",
        )
    })?;
    let value = match map.get("value") {
        Some(Value::Number(n)) => n.as_f64().unwrap_or(f64::NAN),
        Some(other) => return Err(parse_error(&join_path(path, "value"), "a number", other)),
        None => {
            return Err(Error::new(
                ErrorCode::InputParse,
                join_path(path, "value"),
                "missing field `value`",
            ))
        }
    };
    Ok(SeriesPoint { date, value })
}

/// Reads one account's facts from any serde deserializer (a Python object or a JavaScript value
/// in the bindings); `input.parse` errors with the path of the offending item. Data nested
/// deeper than [`super::MAX_JSON_DEPTH`] is refused.
pub fn deserialize_facts<'de, D>(deserializer: D) -> Result<AccountFacts>
where
    D: Deserializer<'de>,
    D::Error: std::fmt::Display,
{
    AccountFacts::from_value(&super::parse::bounded_value(
        deserializer,
        ErrorCode::InputParse,
    )?)
}

/// Reads a list of accounts' facts (see [`deserialize_facts`]); paths start with `[i]`.
pub fn deserialize_fact_list<'de, D>(deserializer: D) -> Result<Vec<AccountFacts>>
where
    D: Deserializer<'de>,
    D::Error: std::fmt::Display,
{
    let value = super::parse::bounded_value(deserializer, ErrorCode::InputParse)?;
    let items = value
        .as_array()
        .ok_or_else(|| parse_error("", "an array of fact sets", &value))?;
    items
        .iter()
        .enumerate()
        .map(|(i, v)| AccountFacts::from_value(v).map_err(|e| e.within(&format!("[{i}]"))))
        .collect()
}
