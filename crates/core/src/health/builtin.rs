//! The built-in default model, kept as JSON data beside the code.

use super::model::HealthModel;

/// The JSON text of the built-in model.
pub const BUILTIN_MODEL_JSON: &str = include_str!("builtin_model.json");

impl HealthModel {
    /// The built-in five-dimension model: Product Usage 30, Engagement 20, Relationship 15,
    /// Outcomes 20, Financial 15; tiers Thriving >= 80, Healthy >= 60, At-Risk >= 40,
    /// Critical >= 0.
    ///
    /// Every choice the model makes where the industry's practice leaves room is written in the
    /// `note` of the item it concerns.
    ///
    /// ```
    /// let model = tenure::HealthModel::builtin();
    /// let keys: Vec<_> = model.tiers.iter().map(|t| t.key.as_str()).collect();
    /// assert_eq!(keys, ["thriving", "healthy", "at_risk", "critical"]);
    /// ```
    pub fn builtin() -> HealthModel {
        builtin_model()
    }
}

fn builtin_model() -> HealthModel {
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
