//! Lifecycle-rule operations. A case's `rules` is `"builtin"` (the default pack, also when
//! absent), the name of an entry of the file's `models`, or an inline rule set.

use super::{err_json, read, to_value, Case};
use serde_json::{json, Value};
use tenure::{AccountFacts, NaiveDate, RuleEngine, RuleSet};

fn engine(case: &Case) -> Result<RuleEngine, Value> {
    let set = match case.case.get("rules") {
        None => RuleSet::builtin(),
        Some(Value::String(name)) if name == "builtin" => RuleSet::builtin(),
        Some(Value::String(name)) => {
            RuleSet::from_value(case.models.get(name).unwrap_or(&Value::Null)).map_err(err_json)?
        }
        Some(inline) => RuleSet::from_value(inline).map_err(err_json)?,
    };
    RuleEngine::new(set).map_err(err_json)
}

fn as_of(value: Option<Value>) -> Result<Option<NaiveDate>, Value> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(v) => Ok(Some(read(&v)?)),
    }
}

fn accounts(case: &Case) -> Result<(Vec<AccountFacts>, Option<NaiveDate>), Value> {
    let list = case
        .field("accounts")
        .as_array()
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
    Ok((accounts, as_of(case.input.get("as_of").cloned())?))
}

pub fn validate_rules(case: &Case) -> Result<Value, Value> {
    let engine = engine(case)?;
    let rules = engine.rule_set().rules.len();
    Ok(json!({"valid": true, "rules": rules, "conditions": engine.conditions()}))
}

pub fn evaluate_rules(case: &Case) -> Result<Value, Value> {
    let engine = engine(case)?;
    let facts: AccountFacts = read(&case.input)?;
    Ok(to_value(engine.evaluate(&facts, None).map_err(err_json)?))
}

pub fn evaluate_rules_batch(case: &Case) -> Result<Value, Value> {
    let engine = engine(case)?;
    let (accounts, as_of) = accounts(case)?;
    Ok(to_value(engine.evaluate_batch(&accounts, as_of)))
}

pub fn summarize_rules_batch(case: &Case) -> Result<Value, Value> {
    let engine = engine(case)?;
    let (accounts, as_of) = accounts(case)?;
    Ok(to_value(engine.summarize_batch(&accounts, as_of)))
}

pub fn summarize_rules_columns(case: &Case) -> Result<Value, Value> {
    let engine = engine(case)?;
    let mut parts = case.input.as_object().cloned().unwrap_or_default();
    let as_of = as_of(parts.remove("as_of"))?;
    let columns = tenure::deserialize_fact_columns(Value::Object(parts)).map_err(err_json)?;
    let batch = engine
        .summarize_columns(&columns, as_of)
        .map_err(err_json)?;
    Ok(to_value(batch))
}
