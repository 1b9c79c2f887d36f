//! The default rule pack, kept as JSON data beside the code.

use super::model::RuleSet;

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

#[cfg(test)]
mod tests {
    #[test]
    fn default_pack_is_valid() {
        let set = super::RuleSet::from_json(super::DEFAULT_RULES_JSON);
        assert!(set.is_ok(), "{set:?}");
        let engine = crate::RuleEngine::new(super::builtin());
        assert!(engine.is_ok(), "{engine:?}");
    }
}
