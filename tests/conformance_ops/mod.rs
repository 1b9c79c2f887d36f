//! The operations of the conformance corpus, one module per area of the core, each operation a
//! function from a case to its output (or `{"error": ...}`). The one table that names them is
//! `OPERATIONS` in `tests/conformance.rs`.

pub mod cohort;
pub mod health;
pub mod lifecycle;
pub mod portfolio;
pub mod revenue;
pub mod rules;
pub mod survival;

use serde_json::{json, Value};

/// One corpus case with the named models and portfolios of its file.
pub struct Case<'a> {
    /// The case object (`op`, `model`, `rules`, `portfolio`, `input`, ...).
    pub case: &'a Value,
    /// The case's `input` (`null` when absent).
    pub input: Value,
    /// The file's `models` (models and rule sets by name).
    pub models: &'a Value,
    /// The file's `portfolios`.
    pub portfolios: &'a Value,
}

impl Case<'_> {
    /// A field of the input (`null` when absent).
    pub fn field(&self, key: &str) -> Value {
        self.input.get(key).cloned().unwrap_or(Value::Null)
    }
}

/// An operation: the output of a case, or the error object it fails with.
pub type Operation = fn(&Case) -> Result<Value, Value>;

/// A core error as the corpus spells it.
pub fn err_json(e: tenure::Error) -> Value {
    json!({"error": {"code": e.code().as_str(), "path": e.path(), "value": e.value()}})
}

/// A serde error of the runner's own reading (not the core's) as an `input.parse` error.
pub fn parse_error(e: impl std::fmt::Display) -> Value {
    json!({"error": {"code": "input.parse", "message": e.to_string()}})
}

/// A result as JSON.
pub fn to_value<T: serde::Serialize>(v: T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// Reads a value with the core's input reader (errors carry their path).
pub fn read<T: serde::de::DeserializeOwned>(value: &Value) -> Result<T, Value> {
    tenure::deserialize_input(value.clone()).map_err(err_json)
}

/// Parse errors of a nested field carry the field's path, as the bindings report them.
pub fn prefix(mut error: Value, at: &str) -> Value {
    if let Some(path) = error.pointer_mut("/error/path") {
        let inner = path.as_str().unwrap_or("").to_string();
        *path = json!(if inner.is_empty() {
            at.to_string()
        } else {
            format!("{at}.{inner}")
        });
    }
    error
}

/// A corpus number column: numbers, `null` or `"NaN"` (NaN), `"Infinity"`, `"-Infinity"`.
pub fn numbers(value: &Value) -> Vec<f64> {
    value
        .as_array()
        .map(|items| items.iter().map(number).collect())
        .unwrap_or_default()
}

/// A corpus number: `"Infinity"`, `"-Infinity"`, anything else not a number is NaN.
pub fn number(value: &Value) -> f64 {
    match value.as_str() {
        Some("Infinity") => f64::INFINITY,
        Some("-Infinity") => f64::NEG_INFINITY,
        _ => value.as_f64().unwrap_or(f64::NAN),
    }
}
