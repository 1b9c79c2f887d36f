//! Cohort tables in the browser: the same functions, argument shapes and results as the
//! Node.js binding (customer-month MRR columns in, tables and mergeable counts as plain
//! objects out).

use crate::input::{input, optional};
use crate::thrown::throw;
use crate::value::result_to_js;
use tenure::{CohortColumns, CohortCounts, CohortOptions, ErrorCode};
use wasm_bindgen::prelude::*;

fn counts_of(data: &JsValue, options: Option<JsValue>) -> Result<CohortCounts, JsValue> {
    let columns: CohortColumns = input(data, "")?;
    let options: Option<CohortOptions> = optional(options, "options")?;
    let months = columns.customer_months().map_err(throw)?;
    tenure::cohort_counts(&months, &options.unwrap_or_default()).map_err(throw)
}

/// The cohort table of customer-month MRR columns `{customer, month, mrr}`.
#[wasm_bindgen(js_name = cohortTable, unchecked_return_type = "CohortTable")]
pub fn cohort_table(
    #[wasm_bindgen(unchecked_param_type = "CohortInput")] data: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CohortOptions | null")] options: Option<
        JsValue,
    >,
) -> Result<JsValue, JsValue> {
    let counts = counts_of(&data, options)?;
    Ok(result_to_js(&counts.table().map_err(throw)?))
}

/// The mergeable counts behind a cohort table, for one partition of the customers.
#[wasm_bindgen(js_name = cohortCounts, unchecked_return_type = "CohortCounts")]
pub fn cohort_counts(
    #[wasm_bindgen(unchecked_param_type = "CohortInput")] data: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CohortOptions | null")] options: Option<
        JsValue,
    >,
) -> Result<JsValue, JsValue> {
    Ok(result_to_js(&counts_of(&data, options)?))
}

/// The cohort table of several partitions' counts, merged in order.
#[wasm_bindgen(js_name = mergeCohortCounts, unchecked_return_type = "CohortTable")]
pub fn merge_cohort_counts(
    #[wasm_bindgen(unchecked_param_type = "CohortCounts[]")] partials: JsValue,
) -> Result<JsValue, JsValue> {
    let partials: Vec<CohortCounts> = input(&partials, "partials")?;
    let mut iter = partials.into_iter();
    let Some(mut merged) = iter.next() else {
        return Err(throw(tenure::Error::new(
            ErrorCode::InputEmpty,
            "partials",
            "no partial counts to merge",
        )));
    };
    for part in iter {
        merged.merge(&part).map_err(throw)?;
    }
    Ok(result_to_js(&merged.table().map_err(throw)?))
}
