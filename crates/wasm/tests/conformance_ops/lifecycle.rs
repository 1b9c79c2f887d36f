//! The lifecycle operations of the conformance corpus (`tests/conformance/lifecycle/`) through
//! the browser build's exported functions: each case's `input` is the one object the function
//! takes.

use super::{health, Case};
use wasm_bindgen::JsValue;

pub fn renewal_prep(case: &Case<'_>) -> Result<JsValue, JsValue> {
    tenure_wasm::renewal_prep(case.object("input"))
}

pub fn win_back_plan(case: &Case<'_>) -> Result<JsValue, JsValue> {
    tenure_wasm::win_back_plan(case.object("input"))
}

pub fn touch_cadence(case: &Case<'_>) -> Result<JsValue, JsValue> {
    tenure_wasm::touch_cadence(case.object("input"))
}

pub fn onboarding_plan(case: &Case<'_>) -> Result<JsValue, JsValue> {
    tenure_wasm::onboarding_plan(case.object("input"))
}

pub fn engagement_level(case: &Case<'_>) -> Result<JsValue, JsValue> {
    tenure_wasm::engagement_level(case.object("input"))
}

pub fn churn_taxonomy(_case: &Case<'_>) -> Result<JsValue, JsValue> {
    Ok(tenure_wasm::churn_taxonomy())
}

pub fn classify_churn(case: &Case<'_>) -> Result<JsValue, JsValue> {
    tenure_wasm::classify_churn(
        case.argument("event").unwrap_or(JsValue::UNDEFINED),
        case.argument("taxonomy"),
    )
}

pub fn churn_reason_analysis(case: &Case<'_>) -> Result<JsValue, JsValue> {
    tenure_wasm::churn_reason_analysis(
        case.argument("events").unwrap_or(JsValue::UNDEFINED),
        case.argument("taxonomy"),
    )
}

/// The tiers come from the case's health model.
pub fn surprise_churn(case: &Case<'_>) -> Result<JsValue, JsValue> {
    health::model(case).and_then(|model| tenure_wasm::surprise_churn(&model, case.object("input")))
}

pub fn save_outcomes(case: &Case<'_>) -> Result<JsValue, JsValue> {
    tenure_wasm::save_outcomes(case.object("input"))
}
