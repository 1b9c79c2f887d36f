//! Kaplan-Meier survival in the browser: the same function, argument shapes and results as the
//! Node.js binding (curves as `Float64Array`s).

use crate::input::{input, optional};
use crate::thrown::throw;
use crate::value::set;
use js_sys::{Array, Float64Array, Object};
use tenure::{KaplanMeierFit, KaplanMeierOptions, SurvivalColumns};
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
    let options: Option<KaplanMeierOptions> = optional(options, "options")?;
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
