//! The lifecycle-rule operations of the conformance corpus (`validate_rules`, `evaluate_rules`,
//! `evaluate_rules_batch`, `summarize_rules_batch`, `summarize_rules_columns`), run against the Rust core.
//!
//! A case's `rules` is `"builtin"` (the default pack), the name of an entry of the file's
//! `models`, or an inline rule set.

use serde_json::{json, Value};
use tenure::{AccountFacts, NaiveDate, RuleEngine, RuleSet};

fn err_json(e: tenure::Error) -> Value {
    json!({"error": {"code": e.code().as_str(), "path": e.path(), "value": e.value()}})
}

fn rule_set(case: &Value, models: &Value) -> Result<RuleSet, Value> {
    match case.get("rules") {
        None => Ok(RuleSet::builtin()),
        Some(Value::String(name)) if name == "builtin" => Ok(RuleSet::builtin()),
        Some(Value::String(name)) => {
            RuleSet::from_value(models.get(name).unwrap_or(&Value::Null)).map_err(err_json)
        }
        Some(inline) => RuleSet::from_value(inline).map_err(err_json),
    }
}

fn facts(value: &Value) -> Result<AccountFacts, Value> {
    tenure::deserialize_input(value.clone()).map_err(err_json)
}

fn accounts(input: &Value) -> Result<(Vec<AccountFacts>, Option<NaiveDate>), Value> {
    let list = input
        .get("accounts")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let accounts = list
        .iter()
        .enumerate()
        .map(|(i, v)| {
            tenure::deserialize_input(v.clone())
                .map_err(|e| err_json(e.within(&format!("accounts[{i}]"))))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let as_of = match input.get("as_of") {
        None | Some(Value::Null) => None,
        Some(v) => Some(tenure::deserialize_input(v.clone()).map_err(err_json)?),
    };
    Ok((accounts, as_of))
}

/// Runs a rules operation; `None` if `op` is not one.
pub fn run(op: &str, case: &Value, models: &Value) -> Option<Result<Value, Value>> {
    let input = case.get("input").cloned().unwrap_or(Value::Null);
    let out = match op {
        "validate_rules" => (|| {
            let set = rule_set(case, models)?;
            let engine = RuleEngine::new(set).map_err(err_json)?;
            Ok(
                json!({"valid": true, "rules": engine.rule_set().rules.len(), "conditions": engine.conditions()}),
            )
        })(),
        "evaluate_rules" => (|| {
            let engine = RuleEngine::new(rule_set(case, models)?).map_err(err_json)?;
            let facts = facts(&input)?;
            let evaluation = engine.evaluate(&facts, None).map_err(err_json)?;
            Ok(serde_json::to_value(evaluation).unwrap_or(Value::Null))
        })(),
        "evaluate_rules_batch" => (|| {
            let engine = RuleEngine::new(rule_set(case, models)?).map_err(err_json)?;
            let (accounts, as_of) = accounts(&input)?;
            Ok(
                serde_json::to_value(engine.evaluate_batch(&accounts, as_of))
                    .unwrap_or(Value::Null),
            )
        })(),
        "summarize_rules_batch" => (|| {
            let engine = RuleEngine::new(rule_set(case, models)?).map_err(err_json)?;
            let (accounts, as_of) = accounts(&input)?;
            Ok(
                serde_json::to_value(engine.summarize_batch(&accounts, as_of))
                    .unwrap_or(Value::Null),
            )
        })(),
        "summarize_rules_columns" => (|| {
            let engine = RuleEngine::new(rule_set(case, models)?).map_err(err_json)?;
            let mut parts = input.as_object().cloned().unwrap_or_default();
            let as_of = match parts.remove("as_of") {
                None | Some(Value::Null) => None,
                Some(v) => Some(tenure::deserialize_input(v).map_err(err_json)?),
            };
            let columns =
                tenure::deserialize_fact_columns(Value::Object(parts)).map_err(err_json)?;
            let batch = engine
                .summarize_columns(&columns, as_of)
                .map_err(err_json)?;
            Ok(serde_json::to_value(batch).unwrap_or(Value::Null))
        })(),
        _ => return None,
    };
    Some(out)
}

#[test]
fn rules_corpus_size() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance/rules");
    let mut cases = 0;
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let doc: Value = serde_json::from_str(&text).unwrap();
        cases += doc["cases"].as_array().map_or(0, Vec::len);
    }
    assert!(
        cases >= 100,
        "the rules corpus has {cases} cases, fewer than 100"
    );
}
