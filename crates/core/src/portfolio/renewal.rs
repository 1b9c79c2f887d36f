//! "Renewal prep for [account]": the renewal timeline, the risk assessment and a talk track.

use super::context::{missing, view_of, AccountView, Prepared};
use super::expansion::{expansion_of, ExpansionOpportunities, ExpansionPlay};
use super::risk::{risk_of, ChurnRisk, RiskLevel};
use super::{GoalStatus, Portfolio};
use crate::error::Result;
use crate::lifecycle::{renewal_prep, RenewalInput, RenewalPlan};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// "Renewal prep for [account]": the renewal timeline, the risk assessment and a talk track.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RenewalReport {
    /// Account id.
    pub account: String,
    /// ARR up for renewal.
    pub arr: Decimal,
    /// The renewal timeline.
    pub plan: RenewalPlan,
    /// The churn-risk assessment.
    pub risk: ChurnRisk,
    /// Open expansion plays to bring to the renewal (for ready accounts).
    pub expansion: Vec<ExpansionPlay>,
    /// What to say, in order.
    pub talk_track: Vec<String>,
}

fn talk_track(
    view: &AccountView<'_>,
    risk: &ChurnRisk,
    expansion: &ExpansionOpportunities,
) -> Vec<String> {
    let mut lines = Vec::new();
    let achieved: Vec<&str> = view
        .account
        .goals
        .iter()
        .filter(|g| g.status == GoalStatus::Achieved)
        .map(|g| g.objective.as_str())
        .collect();
    if achieved.is_empty() {
        lines.push("Open with their business priorities for the next 12 months.".to_string());
    } else {
        lines.push(format!(
            "Recap the value delivered: {}.",
            achieved.join("; ")
        ));
    }
    match risk.level {
        RiskLevel::Critical | RiskLevel::High => {
            lines.push("Acknowledge the open issues before talking terms; present the recovery plan with owners and dates.".into());
            lines.push(
                "Bring the executive sponsor in: align exec-to-exec on the value still to prove."
                    .into(),
            );
            if let Some(play) = risk.save_plays.first() {
                lines.push(format!("Run the save play \"{}\".", play.label));
            }
            lines.push(
                "Never discount without getting something back (multi-year, case study, referral)."
                    .into(),
            );
        }
        RiskLevel::Medium => {
            lines.push(
                "Name the risks you see and agree the next quarter's goals before the renewal."
                    .into(),
            );
        }
        RiskLevel::Low => {
            lines.push(
                "Propose a multi-year renewal at the current rate before price increases.".into(),
            );
        }
    }
    if expansion.ready {
        if let Some(play) = expansion.plays.first() {
            lines.push(format!("Bundle the expansion: {}", play.message));
        }
    }
    lines.push("Confirm the decision process, signatories and procurement timeline.".into());
    lines
}

/// Runs "Renewal prep for [account]" (`input.missing_record` without a renewal).
pub fn renewal_prep_for(
    portfolio: &Portfolio,
    account: &str,
    as_of: NaiveDate,
) -> Result<RenewalReport> {
    Prepared::once(portfolio, |p| p.renewal_prep_for(account, as_of))
}

impl Prepared<'_> {
    /// [`renewal_prep_for`] on the compiled model and rules.
    pub(crate) fn renewal_prep_for(
        &self,
        account: &str,
        as_of: NaiveDate,
    ) -> Result<RenewalReport> {
        let Prepared { portfolio, engines } = *self;
        let view = view_of(engines, portfolio, account, as_of)?;
        let renewal = view
            .account
            .renewal
            .as_ref()
            .ok_or_else(|| missing(&view, "renewal", "the account has no renewal date"))?;
        let plan = renewal_prep(&RenewalInput {
            renewal_date: renewal.date,
            as_of,
            completed: renewal.completed.clone(),
            signed: renewal.signed,
            health_tier: view.tier().map(str::to_string),
            options: Default::default(),
        })
        .map_err(|e| e.within(&format!("accounts[{}].renewal", view.index)))?;
        let risk = risk_of(&view, engines, as_of);
        let expansion = expansion_of(&view, engines, as_of);
        let talk_track = talk_track(&view, &risk, &expansion);
        Ok(RenewalReport {
            account: view.account.id.clone(),
            arr: view.account.arr,
            plan,
            expansion: if expansion.ready {
                expansion.plays.clone()
            } else {
                Vec::new()
            },
            risk,
            talk_track,
        })
    }
}
