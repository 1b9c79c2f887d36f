//! The built-in default model, kept as JSON data beside the code.

use crate::model::HealthModel;

/// The JSON text of the built-in model (seed 003, Phase 1).
pub const BUILTIN_MODEL_JSON: &str = include_str!("builtin_model.json");

pub(crate) fn builtin_model() -> HealthModel {
    // The embedded text is checked by the test `builtin_model_is_valid`; if it were ever broken,
    // an empty model would be returned rather than a panic, and every score would fail loudly.
    HealthModel::from_json(BUILTIN_MODEL_JSON).unwrap_or_else(|_| HealthModel {
        id: "tenure.default.invalid".to_string(),
        version: String::new(),
        label: None,
        note: None,
        dimensions: Vec::new(),
        tiers: Vec::new(),
        min_coverage: 0.0,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn builtin_model_is_valid() {
        let model = crate::HealthModel::from_json(super::BUILTIN_MODEL_JSON);
        assert!(model.is_ok(), "{model:?}");
    }
}
