//! The readers of JavaScript inputs: each kind of input takes the same route in both bindings,
//! from a [`Value`] (read with the key rule) straight to the core's serde readers.
//!
//! A health model or model set given to `fromObject` is read exactly as its JSON text would be:
//! the value tree is written as JSON and handed to the core's JSON reader (`from_json`), the
//! reader the bindings carry anyway, so the browser package holds one model reader, not two. A
//! number JSON cannot hold (NaN, ±Infinity) is a `model.parse` error at its path, with the
//! number as the value (`"inf"`). Rule sets are read from the tree by the core's
//! `deserialize_rules`, which reads them as JSON data.

use crate::value::Value;
use tenure::ErrorCode;

/// Reads an input (an account, a history, products, options, a day, ...); failures are
/// `input.parse` errors with the path of the offending item under `path` (`human.expires_on`).
pub fn input<T: serde::de::DeserializeOwned>(value: Value, path: &str) -> tenure::Result<T> {
    tenure::deserialize_input(value).map_err(|e| e.within(path))
}

/// The JSON text of a model object, for the core's model readers; a number JSON cannot hold
/// is a `model.parse` error at its path.
pub fn model_json(value: &Value) -> tenure::Result<String> {
    if let Some((path, x)) = value.first_non_finite("") {
        let error = tenure::Error::new(
            ErrorCode::ModelParse,
            path,
            "a model holds finite numbers only",
        );
        return Err(error.with_number(x));
    }
    serde_json::to_string(value)
        .map_err(|e| tenure::Error::new(ErrorCode::ModelParse, "", e.to_string()))
}

/// Reads and validates a health model from a plain object, as its JSON text.
pub fn health_model(value: Value) -> tenure::Result<tenure::HealthModel> {
    tenure::HealthModel::from_json(&model_json(&value)?)
}

/// Reads and validates a set of segment models from a plain object, as its JSON text.
pub fn segmented_model(value: Value) -> tenure::Result<tenure::SegmentedModel> {
    tenure::SegmentedModel::from_json(&model_json(&value)?)
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
        let error = health_model(tiny_model(0.0)).err();
        assert_eq!(
            error.map(|e| (e.code().as_str(), e.path().to_string())),
            Some(("model.weight_not_positive", "dimensions[0].weight".into()))
        );
        let error = health_model(tiny_model(f64::INFINITY)).err();
        assert_eq!(
            error.map(|e| (e.code().as_str(), e.path().to_string())),
            Some(("model.parse", "dimensions[0].weight".into()))
        );
    }

    #[test]
    fn inputs_fail_at_their_path() {
        let error = input::<tenure::NaiveDate>(Value::Text("2026-13-01".into()), "as_of").err();
        assert_eq!(error.map(|e| e.path().to_string()), Some("as_of".into()));
    }
}
