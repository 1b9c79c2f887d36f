//! Lifecycle operations: timelines (renewal, win-back, touch cadence, onboarding, engagement)
//! and churn (taxonomy, classification, reason analysis, surprise churn, save outcomes). Each
//! reads its input with the core's reader (a malformed input is an `input.parse` error with its
//! path) and calls one core function.

use super::{err_json, prefix, read, to_value, Case};
use serde_json::Value;
use tenure::{
    ActivityFacts, ChurnEvent, ChurnTaxonomy, OnboardingInput, RenewalInput, SaveOutcomesInput,
    SurpriseChurnInput, TierScale, TouchCadenceInput, WinBackInput,
};

fn output<T: serde::Serialize>(result: Result<T, tenure::Error>) -> Result<Value, Value> {
    result.map(to_value).map_err(err_json)
}

fn taxonomy(case: &Case) -> Result<ChurnTaxonomy, Value> {
    let custom: Option<ChurnTaxonomy> =
        read(&case.field("taxonomy")).map_err(|e| prefix(e, "taxonomy"))?;
    ChurnTaxonomy::or_seed(custom).map_err(err_json)
}

pub fn renewal_prep(case: &Case) -> Result<Value, Value> {
    output(tenure::renewal_prep(&read::<RenewalInput>(&case.input)?))
}

pub fn win_back_plan(case: &Case) -> Result<Value, Value> {
    output(tenure::win_back_plan(&read::<WinBackInput>(&case.input)?))
}

pub fn touch_cadence(case: &Case) -> Result<Value, Value> {
    output(tenure::touch_cadence(&read::<TouchCadenceInput>(
        &case.input,
    )?))
}

pub fn onboarding_plan(case: &Case) -> Result<Value, Value> {
    output(tenure::onboarding_plan(&read::<OnboardingInput>(
        &case.input,
    )?))
}

pub fn engagement_level(case: &Case) -> Result<Value, Value> {
    output(tenure::engagement_level(&read::<ActivityFacts>(
        &case.input,
    )?))
}

pub fn churn_taxonomy(_case: &Case) -> Result<Value, Value> {
    Ok(to_value(ChurnTaxonomy::seed()))
}

pub fn classify_churn(case: &Case) -> Result<Value, Value> {
    let taxonomy = taxonomy(case)?;
    let event: ChurnEvent = read(&case.field("event")).map_err(|e| prefix(e, "event"))?;
    output(tenure::classify_churn(&taxonomy, &event))
}

pub fn churn_reason_analysis(case: &Case) -> Result<Value, Value> {
    let taxonomy = taxonomy(case)?;
    let events: Vec<ChurnEvent> = read(&case.field("events")).map_err(|e| prefix(e, "events"))?;
    output(tenure::churn_reason_analysis(&taxonomy, &events))
}

pub fn surprise_churn(case: &Case) -> Result<Value, Value> {
    let model = super::health::model(case)?;
    let tiers = TierScale::new(model.tiers).map_err(err_json)?;
    let input: SurpriseChurnInput = read(&case.input)?;
    output(tenure::surprise_churn(&tiers, &input))
}

pub fn save_outcomes(case: &Case) -> Result<Value, Value> {
    output(tenure::save_outcomes(&read::<SaveOutcomesInput>(
        &case.input,
    )?))
}
