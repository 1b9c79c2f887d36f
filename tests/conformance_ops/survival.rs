//! Survival operations: Kaplan-Meier curves with censoring, late entry and groups.

use super::{err_json, numbers, parse_error, to_value, Case};
use serde_json::Value;
use tenure::{survival_analysis, KaplanMeierOptions};

pub fn kaplan_meier(case: &Case) -> Result<Value, Value> {
    let durations = numbers(&case.field("duration"));
    let events: Vec<bool> = case
        .field("event")
        .as_array()
        .map(|a| a.iter().map(|v| v.as_bool().unwrap_or(false)).collect())
        .unwrap_or_default();
    let entries = case.input.get("entry").map(numbers);
    let groups: Option<Vec<Option<String>>> = case.input.get("group").map(|g| {
        g.as_array()
            .map(|a| a.iter().map(|v| v.as_str().map(String::from)).collect())
            .unwrap_or_default()
    });
    let options: KaplanMeierOptions = match case.input.get("options") {
        None => KaplanMeierOptions::default(),
        Some(o) => serde_json::from_value(o.clone()).map_err(parse_error)?,
    };
    let analysis = survival_analysis(
        &durations,
        &events,
        entries.as_deref(),
        groups.as_deref(),
        &options,
    );
    Ok(to_value(analysis.map_err(err_json)?))
}
