//! An account to score: its input values, attributes and `as_of` day.

use crate::error::Result;
use crate::shared::json::parse_json;
use chrono::NaiveDate;
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
