//! Lifecycle timelines and the churn taxonomy, with the API of the Node.js binding: one
//! function per core function, each taking one plain object (camelCase or snake_case keys,
//! `Date`s or ISO days, ARR as a number or a decimal string) and returning a plain object with
//! camelCase keys.

use crate::health::HealthModel;
use crate::thrown::throw;
use crate::value::result_to_js;
use tenure::ChurnTaxonomy;
use wasm_bindgen::prelude::*;

/// Reads an input as plain JSON data first (one conversion from JavaScript for every input
/// type), then as the core's input type with the path of any offending item under `path`.
fn input<T: serde::de::DeserializeOwned>(value: &JsValue, path: &str) -> Result<T, JsValue> {
    let data: serde_json::Value = crate::input::input(value, path)?;
    tenure::deserialize_input(data).map_err(|e| throw(e.within(path)))
}

/// The taxonomy given (validated) or the seed's.
fn taxonomy(value: Option<JsValue>) -> Result<ChurnTaxonomy, JsValue> {
    let custom: Option<ChurnTaxonomy> = match value {
        Some(v) => input(&v, "taxonomy")?,
        None => None,
    };
    ChurnTaxonomy::or_seed(custom).map_err(throw)
}

/// The renewal prep timeline on `asOf`: each step of the seed's Day -90 ... Day -7 sequence
/// with its due day and status, the current, next and overdue steps, and the red alert.
#[wasm_bindgen(js_name = renewalPrep, unchecked_return_type = "RenewalPlan")]
pub fn renewal_prep(
    #[wasm_bindgen(unchecked_param_type = "RenewalInput")] data: JsValue,
) -> Result<JsValue, JsValue> {
    let data: tenure::RenewalInput = input(&data, "")?;
    Ok(result_to_js(&tenure::renewal_prep(&data).map_err(throw)?))
}

/// The win-back plan on `asOf`: bucket, approach, success band and the emails of days 7, 30, 90.
#[wasm_bindgen(js_name = winBackPlan, unchecked_return_type = "WinBackPlan")]
pub fn win_back_plan(
    #[wasm_bindgen(unchecked_param_type = "WinBackInput")] data: JsValue,
) -> Result<JsValue, JsValue> {
    let data: tenure::WinBackInput = input(&data, "")?;
    Ok(result_to_js(&tenure::win_back_plan(&data).map_err(throw)?))
}

/// The touch cadence on `asOf`: the ARR tier and, per touch type, next due day and days overdue.
#[wasm_bindgen(js_name = touchCadence, unchecked_return_type = "TouchCadence")]
pub fn touch_cadence(
    #[wasm_bindgen(unchecked_param_type = "TouchCadenceInput")] data: JsValue,
) -> Result<JsValue, JsValue> {
    let data: tenure::TouchCadenceInput = input(&data, "")?;
    Ok(result_to_js(&tenure::touch_cadence(&data).map_err(throw)?))
}

/// The onboarding plan on `asOf`: milestone status and time-to-first-value.
#[wasm_bindgen(js_name = onboardingPlan, unchecked_return_type = "OnboardingPlan")]
pub fn onboarding_plan(
    #[wasm_bindgen(unchecked_param_type = "OnboardingInput")] data: JsValue,
) -> Result<JsValue, JsValue> {
    let data: tenure::OnboardingInput = input(&data, "")?;
    Ok(result_to_js(
        &tenure::onboarding_plan(&data).map_err(throw)?,
    ))
}

/// The engagement level (Power User ... Ghost) from activity facts.
#[wasm_bindgen(js_name = engagementLevel, unchecked_return_type = "EngagementAssessment")]
pub fn engagement_level(
    #[wasm_bindgen(unchecked_param_type = "ActivityFacts")] data: JsValue,
) -> Result<JsValue, JsValue> {
    let data: tenure::ActivityFacts = input(&data, "")?;
    Ok(result_to_js(
        &tenure::engagement_level(&data).map_err(throw)?,
    ))
}

/// The seed's churn taxonomy: six categories, sub-reasons, preventability, save plays.
#[wasm_bindgen(js_name = churnTaxonomy, unchecked_return_type = "ChurnTaxonomy")]
pub fn churn_taxonomy() -> JsValue {
    result_to_js(&ChurnTaxonomy::seed())
}

/// Places a churn event in the taxonomy (the seed's unless given).
#[wasm_bindgen(js_name = classifyChurn, unchecked_return_type = "ClassifiedChurn")]
pub fn classify_churn(
    #[wasm_bindgen(unchecked_param_type = "ChurnEvent")] event: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ChurnTaxonomy | null")] taxonomy_value: Option<
        JsValue,
    >,
) -> Result<JsValue, JsValue> {
    let taxonomy = taxonomy(taxonomy_value)?;
    let event: tenure::ChurnEvent = input(&event, "event")?;
    Ok(result_to_js(
        &tenure::classify_churn(&taxonomy, &event).map_err(throw)?,
    ))
}

/// Churn-reason analysis: count and ARR per category, preventable share, month-over-month trend.
#[wasm_bindgen(js_name = churnReasonAnalysis, unchecked_return_type = "ChurnReasonAnalysis")]
pub fn churn_reason_analysis(
    #[wasm_bindgen(unchecked_param_type = "ChurnEvent[]")] events: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ChurnTaxonomy | null")] taxonomy_value: Option<
        JsValue,
    >,
) -> Result<JsValue, JsValue> {
    let taxonomy = taxonomy(taxonomy_value)?;
    let events: Vec<tenure::ChurnEvent> = input(&events, "events")?;
    Ok(result_to_js(
        &tenure::churn_reason_analysis(&taxonomy, &events).map_err(throw)?,
    ))
}

/// The surprise-churn share, with the tiers of `model`.
#[wasm_bindgen(js_name = surpriseChurn, unchecked_return_type = "SurpriseChurn")]
pub fn surprise_churn(
    model: &HealthModel,
    #[wasm_bindgen(unchecked_param_type = "SurpriseChurnInput")] data: JsValue,
) -> Result<JsValue, JsValue> {
    let data: tenure::SurpriseChurnInput = input(&data, "")?;
    Ok(result_to_js(
        &tenure::surprise_churn(model.scorer.tiers(), &data).map_err(throw)?,
    ))
}

/// Save outcomes on `asOf`: saved only when still active `windowDays` (90) after the attempt.
#[wasm_bindgen(js_name = saveOutcomes, unchecked_return_type = "SaveOutcomes")]
pub fn save_outcomes(
    #[wasm_bindgen(unchecked_param_type = "SaveOutcomesInput")] data: JsValue,
) -> Result<JsValue, JsValue> {
    let data: tenure::SaveOutcomesInput = input(&data, "")?;
    Ok(result_to_js(&tenure::save_outcomes(&data).map_err(throw)?))
}
