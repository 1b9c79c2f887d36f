//! Survival and cohort operations of the conformance corpus (`kaplan_meier`, `cohort_*`).

use serde_json::{json, Value};
use tenure::{
    cohort_counts, survival_analysis, CohortColumns, CohortCounts, CohortOptions,
    KaplanMeierOptions,
};

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
        "cohort_table" => Some(cohort_table(input)),
        "merge_cohort_counts" => Some(merge_cohort_counts(input)),
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

fn cohort_options(value: Option<&Value>) -> Result<CohortOptions, Value> {
    match value {
        None => Ok(CohortOptions::default()),
        Some(o) => tenure::deserialize_input(o.clone()).map_err(err_json),
    }
}

/// The counts of one `{customer, month, mrr, options?}` object (`options` defaulting to
/// `default`).
fn counts_of(data: &Value, default: &CohortOptions) -> Result<CohortCounts, Value> {
    let mut columns = data.clone();
    let options = match columns.as_object_mut().and_then(|o| o.remove("options")) {
        Some(o) => cohort_options(Some(&o))?,
        None => *default,
    };
    let columns: CohortColumns = tenure::deserialize_input(columns).map_err(err_json)?;
    let months = columns.customer_months().map_err(err_json)?;
    cohort_counts(&months, &options).map_err(err_json)
}

fn cohort_table(input: &Value) -> Result<Value, Value> {
    let options = cohort_options(input.get("options"))?;
    let counts = counts_of(input, &options)?;
    serde_json::to_value(counts.table().map_err(err_json)?).map_err(parse_error)
}

fn merge_cohort_counts(input: &Value) -> Result<Value, Value> {
    let options = cohort_options(input.get("options"))?;
    let partials = input["partials"].as_array().cloned().unwrap_or_default();
    let mut merged: Option<CohortCounts> = None;
    for partial in &partials {
        let counts = counts_of(partial, &options)?;
        // Partial counts travel as JSON between workers: merge the serde round trip.
        let text = serde_json::to_string(&counts).map_err(parse_error)?;
        let counts: CohortCounts = serde_json::from_str(&text).map_err(parse_error)?;
        match merged.as_mut() {
            None => merged = Some(counts),
            Some(m) => m.merge(&counts).map_err(err_json)?,
        }
    }
    let merged = merged.ok_or_else(|| json!({"error": {"code": "corpus.no_partials"}}))?;
    serde_json::to_value(merged.table().map_err(err_json)?).map_err(parse_error)
}
