//! The lifecycle operations of the conformance corpus (`tests/conformance/lifecycle/`) through
//! the browser build's exported functions: each case's `input` is the one object the function
//! takes.

use super::Case;
use wasm_bindgen::JsValue;

/// Runs a lifecycle op; `None` when `op` is not one.
pub fn run(case: &Case, op: &str) -> Option<Result<JsValue, JsValue>> {
    let input = || case.object("input");
    let arg = |key: &str| case.argument(key).unwrap_or(JsValue::UNDEFINED);
    Some(match op {
        "renewal_prep" => tenure_wasm::renewal_prep(input()),
        "win_back_plan" => tenure_wasm::win_back_plan(input()),
        "touch_cadence" => tenure_wasm::touch_cadence(input()),
        "onboarding_plan" => tenure_wasm::onboarding_plan(input()),
        "engagement_level" => tenure_wasm::engagement_level(input()),
        "churn_taxonomy" => Ok(tenure_wasm::churn_taxonomy()),
        "classify_churn" => tenure_wasm::classify_churn(arg("event"), case.argument("taxonomy")),
        "churn_reason_analysis" => {
            tenure_wasm::churn_reason_analysis(arg("events"), case.argument("taxonomy"))
        }
        "surprise_churn" => case
            .model()
            .and_then(|model| tenure_wasm::surprise_churn(&model, input())),
        "save_outcomes" => tenure_wasm::save_outcomes(input()),
        _ => return None,
    })
}
