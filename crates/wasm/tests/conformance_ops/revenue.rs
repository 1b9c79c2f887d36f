//! Revenue operations of the conformance corpus, through the browser API.

use super::{get, Case};
use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};

fn with_path_prefix(error: JsValue, prefix: &str) -> JsValue {
    let path = get(&error, "path").as_string().unwrap_or_default();
    let _ = js_sys::Reflect::set(
        &error,
        &"path".into(),
        &JsValue::from_str(&format!("{prefix}.{path}")),
    );
    error
}

pub fn customer_months(case: &Case<'_>) -> Result<JsValue, JsValue> {
    tenure_wasm::customer_months(case.object("input"))
}

pub fn mrr_movements(case: &Case<'_>) -> Result<JsValue, JsValue> {
    tenure_wasm::mrr_movements(case.object("input"))
}

pub fn movement_detail(case: &Case<'_>) -> Result<JsValue, JsValue> {
    let rows = tenure_wasm::movement_detail(case.object("input"))?;
    let out = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&out, &"rows".into(), &rows);
    Ok(out.into())
}

pub fn retention_metrics(case: &Case<'_>) -> Result<JsValue, JsValue> {
    tenure_wasm::retention_metrics(case.object("input"))
}

/// Each partial through `mrr_movements` (its errors' paths under `partials[i]`), then merged.
pub fn merge_movements(case: &Case<'_>) -> Result<JsValue, JsValue> {
    let input = case.object("input");
    let partials: Array = get(&input, "partials").dyn_into().unwrap_or_default();
    let computed = Array::new();
    for (i, p) in partials.iter().enumerate() {
        let m = tenure_wasm::mrr_movements(p)
            .map_err(|e| with_path_prefix(e, &format!("partials[{i}]")))?;
        computed.push(&m);
    }
    tenure_wasm::merge_movements(computed.into())
}
