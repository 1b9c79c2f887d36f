//! The default rule pack, kept as JSON data beside the code.

use super::model::RuleSet;
use crate::shared::score_scale::Tier;

/// The JSON text of the default rule pack: onboarding risk signals, early-warning indicators,
/// health-tier playbooks, intervention triggers, adoption nudges, expansion signals and NPS
/// actions (see the module docs).
pub const DEFAULT_RULES_JSON: &str = include_str!("default_rules.json");

pub(crate) fn builtin() -> RuleSet {
    // The embedded text is checked by the test `default_pack_is_valid`; if it were ever broken,
    // an empty set would be returned rather than a panic (and compiling it fails loudly).
    RuleSet::from_json(DEFAULT_RULES_JSON).unwrap_or_else(|_| RuleSet {
        id: "tenure.rules.invalid".to_string(),
        version: None,
        label: None,
        note: None,
        tiers: None,
        limits: None,
        rules: Vec::new(),
    })
}

/// The tier scale of a rule set that gives none: the built-in health model's four tiers
/// (Thriving from 80, green; Healthy from 60, yellow; At-Risk from 40, orange; Critical, red).
pub(crate) fn default_tiers() -> Vec<Tier> {
    let tier = |key: &str, label: &str, colour: &str, min: f64| Tier {
        key: key.to_string(),
        label: Some(label.to_string()),
        colour: Some(colour.to_string()),
        min,
    };
    vec![
        tier("thriving", "Thriving", "green", 80.0),
        tier("healthy", "Healthy", "yellow", 60.0),
        tier("at_risk", "At-Risk", "orange", 40.0),
        tier("critical", "Critical", "red", 0.0),
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn default_tiers_are_the_builtin_models() {
        assert_eq!(super::default_tiers(), crate::HealthModel::builtin().tiers);
    }

    #[test]
    fn default_pack_is_valid() {
        let set = super::RuleSet::from_json(super::DEFAULT_RULES_JSON);
        assert!(set.is_ok(), "{set:?}");
        let engine = crate::RuleEngine::new(super::builtin());
        assert!(engine.is_ok(), "{engine:?}");
    }
}
