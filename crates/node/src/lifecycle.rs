//! Lifecycle timelines and the churn taxonomy: one function per core function. Inputs are one
//! plain object (camelCase or snake_case keys, `Date`s or ISO days, ARR as a number or a
//! decimal string); results are plain objects with camelCase keys (ARR as decimal strings,
//! days as `YYYY-MM-DD`). The analyses over many events also come as `...Async`, computed on
//! the libuv thread pool.

use crate::health::HealthModel;
use crate::input::{input, optional};
use crate::thrown::OrThrow;
use crate::value::Js;
use napi::bindgen_prelude::{AsyncTask, Env, Task, Unknown};
use napi_derive::napi;
use std::sync::Arc;
use tenure::{ChurnEvent, ChurnTaxonomy, Scorer, SurpriseChurnInput};

/// The taxonomy given (validated) or the seed's.
fn taxonomy(env: &Env, value: Option<Unknown<'_>>) -> napi::Result<ChurnTaxonomy> {
    let custom: Option<ChurnTaxonomy> = optional(env, value, "taxonomy")?;
    ChurnTaxonomy::or_seed(custom).or_throw(env)
}

/// The renewal prep timeline on `asOf`: each step of the seed's Day -90 ... Day -7 sequence
/// with its due day and status, the current, next and overdue steps, and the red alert.
#[napi(
    catch_unwind,
    ts_args_type = "input: RenewalInput",
    ts_return_type = "RenewalPlan"
)]
pub fn renewal_prep(env: &Env, input_value: Unknown) -> napi::Result<Js> {
    let data: tenure::RenewalInput = input(env, input_value, "")?;
    Js::of(&tenure::renewal_prep(&data).or_throw(env)?)
}

/// The win-back plan on `asOf`: bucket by days since churn, approach, success band and the
/// emails of days 7, 30 and 90.
#[napi(
    catch_unwind,
    ts_args_type = "input: WinBackInput",
    ts_return_type = "WinBackPlan"
)]
pub fn win_back_plan(env: &Env, input_value: Unknown) -> napi::Result<Js> {
    let data: tenure::WinBackInput = input(env, input_value, "")?;
    Js::of(&tenure::win_back_plan(&data).or_throw(env)?)
}

/// The touch cadence on `asOf`: the ARR tier and, per touch type, the next due day and days
/// overdue.
#[napi(
    catch_unwind,
    ts_args_type = "input: TouchCadenceInput",
    ts_return_type = "TouchCadence"
)]
pub fn touch_cadence(env: &Env, input_value: Unknown) -> napi::Result<Js> {
    let data: tenure::TouchCadenceInput = input(env, input_value, "")?;
    Js::of(&tenure::touch_cadence(&data).or_throw(env)?)
}

/// The onboarding plan on `asOf`: milestone status and time-to-first-value against the
/// segment's target.
#[napi(
    catch_unwind,
    ts_args_type = "input: OnboardingInput",
    ts_return_type = "OnboardingPlan"
)]
pub fn onboarding_plan(env: &Env, input_value: Unknown) -> napi::Result<Js> {
    let data: tenure::OnboardingInput = input(env, input_value, "")?;
    Js::of(&tenure::onboarding_plan(&data).or_throw(env)?)
}

/// The engagement level (Power User ... Ghost) from activity facts.
#[napi(
    catch_unwind,
    ts_args_type = "input: ActivityFacts",
    ts_return_type = "EngagementAssessment"
)]
pub fn engagement_level(env: &Env, input_value: Unknown) -> napi::Result<Js> {
    let data: tenure::ActivityFacts = input(env, input_value, "")?;
    Js::of(&tenure::engagement_level(&data).or_throw(env)?)
}

/// The seed's churn taxonomy: six categories, sub-reasons, preventability, save plays.
#[napi(catch_unwind, ts_return_type = "ChurnTaxonomy")]
pub fn churn_taxonomy() -> napi::Result<Js> {
    Js::of(&ChurnTaxonomy::seed())
}

/// Places a churn event in the taxonomy (the seed's unless given).
#[napi(
    catch_unwind,
    ts_args_type = "event: ChurnEvent, taxonomy?: ChurnTaxonomy | null",
    ts_return_type = "ClassifiedChurn"
)]
pub fn classify_churn(
    env: &Env,
    event: Unknown,
    taxonomy_value: Option<Unknown>,
) -> napi::Result<Js> {
    let taxonomy = taxonomy(env, taxonomy_value)?;
    let event: ChurnEvent = input(env, event, "event")?;
    Js::of(&tenure::classify_churn(&taxonomy, &event).or_throw(env)?)
}

/// Churn-reason analysis: count and ARR per category, preventable share, month-over-month
/// trend.
#[napi(
    catch_unwind,
    ts_args_type = "events: ChurnEvent[], taxonomy?: ChurnTaxonomy | null",
    ts_return_type = "ChurnReasonAnalysis"
)]
pub fn churn_reason_analysis(
    env: &Env,
    events: Unknown,
    taxonomy_value: Option<Unknown>,
) -> napi::Result<Js> {
    let taxonomy = taxonomy(env, taxonomy_value)?;
    let events: Vec<ChurnEvent> = input(env, events, "events")?;
    Js::of(&tenure::churn_reason_analysis(&taxonomy, &events).or_throw(env)?)
}

/// A lifecycle analysis computed off the event loop.
pub enum LifecycleJob {
    /// `churnReasonAnalysisAsync`.
    Reasons(ChurnTaxonomy, Vec<ChurnEvent>),
    /// `surpriseChurnAsync`.
    Surprise(Arc<Scorer>, SurpriseChurnInput),
}

/// The task of the `...Async` functions.
pub struct LifecycleTask(LifecycleJob);

impl Task for LifecycleTask {
    type Output = tenure::Result<Js>;
    type JsValue = Js;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        // The core does not panic; should it ever, the promise rejects instead of aborting.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match &self.0 {
            LifecycleJob::Reasons(taxonomy, events) => {
                tenure::churn_reason_analysis(taxonomy, events).map(|r| Js::of(&r))
            }
            LifecycleJob::Surprise(scorer, data) => {
                tenure::surprise_churn(scorer.tiers(), data).map(|r| Js::of(&r))
            }
        }))
        .map_err(|_| napi::Error::from_reason("tenure: internal error in a lifecycle analysis"))?
        .map_or_else(|e| Ok(Err(e)), |js| js.map(Ok))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Js> {
        output.or_throw(&env)
    }
}

/// `churnReasonAnalysis` computed on the libuv thread pool (the events are read on the calling
/// thread).
#[napi(
    catch_unwind,
    ts_args_type = "events: ChurnEvent[], taxonomy?: ChurnTaxonomy | null",
    ts_return_type = "Promise<ChurnReasonAnalysis>"
)]
pub fn churn_reason_analysis_async(
    env: &Env,
    events: Unknown,
    taxonomy_value: Option<Unknown>,
) -> napi::Result<AsyncTask<LifecycleTask>> {
    let taxonomy = taxonomy(env, taxonomy_value)?;
    let events: Vec<ChurnEvent> = input(env, events, "events")?;
    Ok(AsyncTask::new(LifecycleTask(LifecycleJob::Reasons(
        taxonomy, events,
    ))))
}

/// The surprise-churn share, with the tiers of `model`: churned accounts whose tier 90 days
/// before churn was Healthy or Thriving.
#[napi(
    catch_unwind,
    ts_args_type = "model: HealthModel, input: SurpriseChurnInput",
    ts_return_type = "SurpriseChurn"
)]
pub fn surprise_churn(env: &Env, model: &HealthModel, input_value: Unknown) -> napi::Result<Js> {
    let data: SurpriseChurnInput = input(env, input_value, "")?;
    Js::of(&tenure::surprise_churn(model.scorer.tiers(), &data).or_throw(env)?)
}

/// `surpriseChurn` computed on the libuv thread pool.
#[napi(
    catch_unwind,
    ts_args_type = "model: HealthModel, input: SurpriseChurnInput",
    ts_return_type = "Promise<SurpriseChurn>"
)]
pub fn surprise_churn_async(
    env: &Env,
    model: &HealthModel,
    input_value: Unknown,
) -> napi::Result<AsyncTask<LifecycleTask>> {
    let data: SurpriseChurnInput = input(env, input_value, "")?;
    Ok(AsyncTask::new(LifecycleTask(LifecycleJob::Surprise(
        Arc::clone(&model.scorer),
        data,
    ))))
}

/// Save outcomes on `asOf`: saved only when still active `windowDays` (90) after the attempt.
#[napi(
    catch_unwind,
    ts_args_type = "input: SaveOutcomesInput",
    ts_return_type = "SaveOutcomes"
)]
pub fn save_outcomes(env: &Env, input_value: Unknown) -> napi::Result<Js> {
    let data: tenure::SaveOutcomesInput = input(env, input_value, "")?;
    Js::of(&tenure::save_outcomes(&data).or_throw(env)?)
}
