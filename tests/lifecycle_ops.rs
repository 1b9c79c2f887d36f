//! The lifecycle operations of the conformance corpus (`tests/conformance/lifecycle/`), run
//! through the Rust core. Each op reads its `input` with `tenure::deserialize_input` (so a
//! malformed input is an `input.parse` error with its path) and calls one core function.

use serde_json::{json, Value};
use tenure::{
    ActivityFacts, ChurnEvent, ChurnTaxonomy, HealthModel, OnboardingInput, RenewalInput,
    SaveOutcomesInput, SurpriseChurnInput, TierScale, TouchCadenceInput, WinBackInput,
};

/// The ops this module runs.
pub const OPS: [&str; 10] = [
    "renewal_prep",
    "win_back_plan",
    "touch_cadence",
    "onboarding_plan",
    "engagement_level",
    "churn_taxonomy",
    "classify_churn",
    "churn_reason_analysis",
    "surprise_churn",
    "save_outcomes",
];

fn read<T: serde::de::DeserializeOwned>(value: &Value) -> Result<T, Value> {
    tenure::deserialize_input(value.clone()).map_err(super::err_json)
}

fn field(input: &Value, key: &str) -> Value {
    input.get(key).cloned().unwrap_or(Value::Null)
}

fn taxonomy(input: &Value) -> Result<ChurnTaxonomy, Value> {
    let custom: Option<ChurnTaxonomy> =
        read(&field(input, "taxonomy")).map_err(|e| prefix(e, "taxonomy"))?;
    ChurnTaxonomy::or_seed(custom).map_err(super::err_json)
}

/// Parse errors of a nested field carry the field's path, as the bindings report them.
fn prefix(mut error: Value, at: &str) -> Value {
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

/// Runs one lifecycle case.
pub fn run(op: &str, case: &Value, models: &Value) -> Result<Value, Value> {
    let input = case.get("input").cloned().unwrap_or(Value::Null);
    let out = |v: Result<Value, tenure::Error>| v.map_err(super::err_json);
    use super::to_value as value;
    match op {
        "renewal_prep" => out(tenure::renewal_prep(&read::<RenewalInput>(&input)?).map(value)),
        "win_back_plan" => out(tenure::win_back_plan(&read::<WinBackInput>(&input)?).map(value)),
        "touch_cadence" => {
            out(tenure::touch_cadence(&read::<TouchCadenceInput>(&input)?).map(value))
        }
        "onboarding_plan" => {
            out(tenure::onboarding_plan(&read::<OnboardingInput>(&input)?).map(value))
        }
        "engagement_level" => {
            out(tenure::engagement_level(&read::<ActivityFacts>(&input)?).map(value))
        }
        "churn_taxonomy" => Ok(value(ChurnTaxonomy::seed())),
        "classify_churn" => {
            let taxonomy = taxonomy(&input)?;
            let event: ChurnEvent =
                read(&field(&input, "event")).map_err(|e| prefix(e, "event"))?;
            out(tenure::classify_churn(&taxonomy, &event).map(value))
        }
        "churn_reason_analysis" => {
            let taxonomy = taxonomy(&input)?;
            let events: Vec<ChurnEvent> =
                read(&field(&input, "events")).map_err(|e| prefix(e, "events"))?;
            out(tenure::churn_reason_analysis(&taxonomy, &events).map(value))
        }
        "surprise_churn" => {
            let model = HealthModel::from_value(super::model_value(case, models))
                .map_err(super::err_json)?;
            let tiers = TierScale::new(model.tiers).map_err(super::err_json)?;
            let input: SurpriseChurnInput = read(&input)?;
            out(tenure::surprise_churn(&tiers, &input).map(value))
        }
        "save_outcomes" => {
            out(tenure::save_outcomes(&read::<SaveOutcomesInput>(&input)?).map(value))
        }
        other => Err(json!({"error": {"code": "corpus.unknown_op", "op": other}})),
    }
}
