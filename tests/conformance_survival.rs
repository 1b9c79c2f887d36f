//! Survival and cohort operations of the conformance corpus (`kaplan_meier`, `cohort_*`).

use serde_json::{json, Value};
use tenure::{survival_analysis, KaplanMeierOptions};

fn err_json(e: tenure::Error) -> Value {
    json!({"error": {"code": e.code().as_str(), "path": e.path(), "value": e.value()}})
}

fn parse_error(e: impl std::fmt::Display) -> Value {
    json!({"error": {"code": "input.parse", "message": e.to_string()}})
}

/// A corpus number column: numbers, `null` or `"NaN"` (NaN), `"Infinity"`, `"-Infinity"`.
fn numbers(value: &Value) -> Vec<f64> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|v| match v.as_str() {
                    Some("Infinity") => f64::INFINITY,
                    Some("-Infinity") => f64::NEG_INFINITY,
                    _ => v.as_f64().unwrap_or(f64::NAN),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Runs a survival or cohort op; `None` when the op is not one of them.
pub fn run(op: &str, input: &Value) -> Option<Result<Value, Value>> {
    match op {
        "kaplan_meier" => Some(kaplan_meier(input)),
        _ => None,
    }
}

fn kaplan_meier(input: &Value) -> Result<Value, Value> {
    let durations = numbers(&input["duration"]);
    let events: Vec<bool> = input["event"]
        .as_array()
        .map(|a| a.iter().map(|v| v.as_bool().unwrap_or(false)).collect())
        .unwrap_or_default();
    let entries = input.get("entry").map(numbers);
    let groups: Option<Vec<Option<String>>> = input.get("group").map(|g| {
        g.as_array()
            .map(|a| a.iter().map(|v| v.as_str().map(String::from)).collect())
            .unwrap_or_default()
    });
    let options: KaplanMeierOptions = match input.get("options") {
        None => KaplanMeierOptions::default(),
        Some(o) => serde_json::from_value(o.clone()).map_err(parse_error)?,
    };
    let analysis = survival_analysis(
        &durations,
        &events,
        entries.as_deref(),
        groups.as_deref(),
        &options,
    )
    .map_err(err_json)?;
    serde_json::to_value(analysis).map_err(parse_error)
}
