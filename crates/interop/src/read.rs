//! The readers of JavaScript inputs: each kind of input takes the same route in both bindings,
//! from a [`Value`] (read with the key rule) straight to the core's serde readers.
//!
//! Objects given to `fromObject` (health models, model sets, rule sets) are read from the value
//! tree, not through JSON text: numbers JSON cannot hold (±Infinity, NaN) reach validation, which
//! names them (`model.weight_not_positive`, value `"inf"`), as they do in Python and Rust.

use crate::value::Value;
use tenure::ErrorCode;

/// Reads an input (an account, a history, products, options, a day, ...); failures are
/// `input.parse` errors with the path of the offending item under `path` (`human.expires_on`).
pub fn input<T: serde::de::DeserializeOwned>(value: Value, path: &str) -> tenure::Result<T> {
    tenure::deserialize_input(value).map_err(|e| e.within(path))
}

/// Reads and validates a health model from a plain object.
pub fn health_model(value: Value) -> tenure::Result<tenure::HealthModel> {
    tenure::deserialize_model(value)
}

/// Reads and validates a set of segment models from a plain object.
pub fn segmented_model(value: Value) -> tenure::Result<tenure::SegmentedModel> {
    tenure::SegmentedModel::from_deserializer(value)
}

/// Reads a rule set from a plain object (validated when compiled).
pub fn rule_set(value: Value) -> tenure::Result<tenure::RuleSet> {
    tenure::deserialize_rules(value)
}

/// The error for a `fromJson` argument that is not a string (`code`: `model.parse`,
/// `rules.parse`, `input.parse`, after what the text would have held).
pub fn not_text(code: ErrorCode) -> tenure::Error {
    tenure::Error::new(code, "", "expected JSON text (a string)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny_model(weight: f64) -> Value {
        let signal = Value::Map(vec![
            ("key".into(), Value::Text("active".into())),
            (
                "kind".into(),
                Value::Map(vec![
                    ("type".into(), Value::Text("boolean".into())),
                    ("true_points".into(), Value::Number(10.0)),
                    ("false_points".into(), Value::Number(0.0)),
                ]),
            ),
        ]);
        let tier = |key: &str, min: f64| {
            Value::Map(vec![
                ("key".into(), Value::Text(key.into())),
                ("min".into(), Value::Number(min)),
            ])
        };
        Value::Map(vec![
            ("id".into(), Value::Text("tiny".into())),
            (
                "dimensions".into(),
                Value::List(vec![Value::Map(vec![
                    ("key".into(), Value::Text("usage".into())),
                    ("weight".into(), Value::Number(weight)),
                    ("signals".into(), Value::List(vec![signal])),
                ])]),
            ),
            (
                "tiers".into(),
                Value::List(vec![tier("good", 50.0), tier("bad", 0.0)]),
            ),
        ])
    }

    #[test]
    fn models_from_objects_are_validated() {
        assert!(health_model(tiny_model(1.0)).is_ok());
        let error = health_model(tiny_model(f64::INFINITY)).err();
        assert_eq!(
            error.map(|e| (e.code().as_str(), e.path().to_string())),
            Some(("model.weight_not_positive", "dimensions[0].weight".into()))
        );
    }

    #[test]
    fn inputs_fail_at_their_path() {
        let error = input::<tenure::NaiveDate>(Value::Text("2026-13-01".into()), "as_of").err();
        assert_eq!(error.map(|e| e.path().to_string()), Some("as_of".into()));
    }
}
