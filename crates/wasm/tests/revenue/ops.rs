//! Revenue operations of the conformance corpus, through the browser API.

use super::{get, Case};
use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};

/// The revenue ops.
pub const OPS: [&str; 5] = [
    "customer_months",
    "mrr_movements",
    "movement_detail",
    "merge_movements",
    "retention_metrics",
];

fn with_path_prefix(error: JsValue, prefix: &str) -> JsValue {
    let path = get(&error, "path").as_string().unwrap_or_default();
    let _ = js_sys::Reflect::set(
        &error,
        &"path".into(),
        &JsValue::from_str(&format!("{prefix}.{path}")),
    );
    error
}

/// Runs one revenue op of a case.
pub fn run(case: &Case<'_>, op: &str) -> Result<JsValue, JsValue> {
    let input = case.object("input");
    match op {
        "customer_months" => tenure_wasm::customer_months(input),
        "mrr_movements" => tenure_wasm::mrr_movements(input),
        "movement_detail" => {
            let rows = tenure_wasm::movement_detail(input)?;
            let out = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&out, &"rows".into(), &rows);
            Ok(out.into())
        }
        "retention_metrics" => tenure_wasm::retention_metrics(input),
        "merge_movements" => {
            let partials: Array = get(&input, "partials").dyn_into().unwrap_or_default();
            let computed = Array::new();
            for (i, p) in partials.iter().enumerate() {
                let m = tenure_wasm::mrr_movements(p)
                    .map_err(|e| with_path_prefix(e, &format!("partials[{i}]")))?;
                computed.push(&m);
            }
            tenure_wasm::merge_movements(computed.into())
        }
        other => Err(JsValue::from_str(&format!("unknown revenue op {other:?}"))),
    }
}
