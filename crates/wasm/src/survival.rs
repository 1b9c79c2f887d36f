//! Kaplan-Meier survival and cohort tables in the browser: the same functions, argument shapes
//! and results as the Node.js binding (curves as `Float64Array`s, tables as plain objects).

use crate::js::{input, result_to_js, set, throw};
use js_sys::{Array, Float64Array, Object};
use tenure::{CohortColumns, CohortCounts, CohortOptions, KaplanMeierFit, KaplanMeierOptions};
use tenure::{ErrorCode, SurvivalColumns};
use wasm_bindgen::prelude::*;

fn fit_object(fit: &KaplanMeierFit) -> JsValue {
    let c = &fit.curve;
    let floats = |v: &[f64]| JsValue::from(Float64Array::from(v));
    let counts = |v: &[u64]| {
        let v: Vec<f64> = v.iter().map(|&n| n as f64).collect();
        JsValue::from(Float64Array::from(&v[..]))
    };
    let curve: JsValue = Object::new().into();
    set(&curve, "time", &floats(&c.time));
    set(&curve, "atRisk", &counts(&c.at_risk));
    set(&curve, "entered", &counts(&c.entered));
    set(&curve, "events", &counts(&c.events));
    set(&curve, "censored", &counts(&c.censored));
    set(&curve, "survival", &floats(&c.survival));
    set(&curve, "greenwood", &floats(&c.greenwood));
    set(&curve, "lower", &floats(&c.lower));
    set(&curve, "upper", &floats(&c.upper));
    let out: JsValue = Object::new().into();
    set(&out, "curve", &curve);
    set(
        &out,
        "median",
        &fit.median.map_or(JsValue::NULL, JsValue::from_f64),
    );
    set(&out, "subjects", &JsValue::from_f64(fit.subjects as f64));
    set(&out, "events", &JsValue::from_f64(fit.events as f64));
    set(&out, "censored", &JsValue::from_f64(fit.censored as f64));
    set(
        &out,
        "confidenceLevel",
        &JsValue::from_f64(fit.confidence_level),
    );
    out
}

/// Kaplan-Meier estimates of `{duration, event, entry?, group?}`: `{overall, groups}`, curves
/// as `Float64Array`s.
#[wasm_bindgen(js_name = kaplanMeier, unchecked_return_type = "SurvivalAnalysis")]
pub fn kaplan_meier(
    #[wasm_bindgen(unchecked_param_type = "SurvivalInput")] data: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "KaplanMeierOptions | null")] options: Option<
        JsValue,
    >,
) -> Result<JsValue, JsValue> {
    let columns: SurvivalColumns = input(&data, "")?;
    let options: Option<KaplanMeierOptions> = match options {
        Some(o) => input(&o, "options")?,
        None => None,
    };
    let analysis = columns
        .analyse(&options.unwrap_or_default())
        .map_err(throw)?;
    let out: JsValue = Object::new().into();
    set(&out, "overall", &fit_object(&analysis.overall));
    let groups = Array::new();
    for g in &analysis.groups {
        let o = fit_object(&g.fit);
        set(&o, "group", &JsValue::from_str(&g.group));
        groups.push(&o);
    }
    set(&out, "groups", &groups);
    Ok(out)
}

fn counts_of(data: &JsValue, options: Option<JsValue>) -> Result<CohortCounts, JsValue> {
    let columns: CohortColumns = input(data, "")?;
    let options: Option<CohortOptions> = match options {
        Some(o) => input(&o, "options")?,
        None => None,
    };
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
