//! "Onboarding plan for [account]": the 90-day plan and the onboarding risks that fired.

use super::context::{missing, segment_key, view_of, AccountView, Indicator, Prepared};
use super::Portfolio;
use crate::error::Result;
use crate::lifecycle::{onboarding_plan, OnboardingInput, OnboardingPlan};
use chrono::NaiveDate;
use serde::Serialize;

/// "Onboarding plan for [account]": the 90-day plan on `as_of` and the onboarding risk signals
/// that fired.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OnboardingReport {
    /// Account id.
    pub account: String,
    /// Segment key (the time-to-first-value target follows it).
    pub segment: &'static str,
    /// The plan.
    pub plan: OnboardingPlan,
    /// Onboarding risk signals of the rule pack that fired.
    pub risks: Vec<Indicator>,
}

/// The account's onboarding plan on `as_of`, if it has an onboarding.
pub(super) fn onboarding_of(
    view: &AccountView<'_>,
    as_of: NaiveDate,
) -> Result<Option<OnboardingPlan>> {
    let Some(record) = &view.account.onboarding else {
        return Ok(None);
    };
    onboarding_plan(&OnboardingInput {
        start_date: record.start_date,
        as_of,
        segment: view.segment,
        completed: record.completed.clone(),
        first_value_on: record.first_value_on,
        ..OnboardingInput::default()
    })
    .map(Some)
    .map_err(|e| e.within(&format!("accounts[{}].onboarding", view.index)))
}

/// Runs "Onboarding plan for [account]" (`input.missing_record` without an onboarding).
pub fn onboarding_plan_for(
    portfolio: &Portfolio,
    account: &str,
    as_of: NaiveDate,
) -> Result<OnboardingReport> {
    Prepared::once(portfolio, |p| p.onboarding_plan_for(account, as_of))
}

impl Prepared<'_> {
    /// [`onboarding_plan_for`] on the compiled model and rules.
    pub(crate) fn onboarding_plan_for(
        &self,
        account: &str,
        as_of: NaiveDate,
    ) -> Result<OnboardingReport> {
        let Prepared { portfolio, engines } = *self;
        let view = view_of(engines, portfolio, account, as_of)?;
        let plan = onboarding_of(&view, as_of)?
            .ok_or_else(|| missing(&view, "onboarding", "the account has no onboarding"))?;
        Ok(OnboardingReport {
            account: view.account.id.clone(),
            segment: segment_key(view.segment),
            risks: view
                .actions_in("onboarding_risk")
                .map(Indicator::of)
                .collect(),
            plan,
        })
    }
}
