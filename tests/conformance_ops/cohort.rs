//! Cohort operations: the cohort table of customer-month columns, and the table of merged
//! partial counts.

use super::{err_json, parse_error, read, to_value, Case};
use serde_json::{json, Value};
use tenure::{cohort_counts, CohortColumns, CohortCounts, CohortOptions};

fn options(value: Option<&Value>) -> Result<CohortOptions, Value> {
    match value {
        None => Ok(CohortOptions::default()),
        Some(o) => read(o),
    }
}

/// The counts of one `{customer, month, mrr, options?}` object (`options` defaulting to
/// `default`).
fn counts_of(data: &Value, default: &CohortOptions) -> Result<CohortCounts, Value> {
    let mut columns = data.clone();
    let options = match columns.as_object_mut().and_then(|o| o.remove("options")) {
        Some(o) => options(Some(&o))?,
        None => *default,
    };
    let columns: CohortColumns = read(&columns)?;
    let months = columns.customer_months().map_err(err_json)?;
    cohort_counts(&months, &options).map_err(err_json)
}

pub fn cohort_table(case: &Case) -> Result<Value, Value> {
    let options = options(case.input.get("options"))?;
    let counts = counts_of(&case.input, &options)?;
    Ok(to_value(counts.table().map_err(err_json)?))
}

pub fn merge_cohort_counts(case: &Case) -> Result<Value, Value> {
    let options = options(case.input.get("options"))?;
    let partials = case
        .field("partials")
        .as_array()
        .cloned()
        .unwrap_or_default();
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
    Ok(to_value(merged.table().map_err(err_json)?))
}
