//! "Save play for [account]": the intervention plan for an at-risk account.

use super::context::{view_of, Prepared};
use super::risk::{risk_of, ChurnRisk, RiskLevel};
use super::Portfolio;
use crate::error::Result;
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

/// One step of a save play.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InterventionStep {
    /// Act by this day.
    pub due: NaiveDate,
    /// What to do.
    pub action: String,
    /// Who: `csm`, `csm_manager`, `executive`.
    pub owner: &'static str,
}

/// "Save play for [account]": the intervention plan for an at-risk account.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SavePlayPlan {
    /// Account id.
    pub account: String,
    /// The day of the answer.
    pub as_of: NaiveDate,
    /// ARR at risk.
    pub arr: Decimal,
    /// The churn-risk assessment the plan answers.
    pub risk: ChurnRisk,
    /// Whether a save play is needed (risk high or critical).
    pub needed: bool,
    /// Hours to the first contact: 24 when critical, 48 when high (the health-tier playbooks),
    /// 168 otherwise.
    pub respond_within_hours: u32,
    /// The steps, by due day.
    pub steps: Vec<InterventionStep>,
}

/// Runs "Save play for [account]".
pub fn save_play(portfolio: &Portfolio, account: &str, as_of: NaiveDate) -> Result<SavePlayPlan> {
    Prepared::once(portfolio, |p| p.save_play(account, as_of))
}

impl Prepared<'_> {
    /// [`save_play`] on the compiled model and rules.
    pub(crate) fn save_play(&self, account: &str, as_of: NaiveDate) -> Result<SavePlayPlan> {
        let Prepared { portfolio, engines } = *self;
        let view = view_of(engines, portfolio, account, as_of)?;
        let risk = risk_of(&view, engines, as_of);
        let hours: u32 = match risk.level {
            RiskLevel::Critical => 24,
            RiskLevel::High => 48,
            _ => 168,
        };
        let day = |n: u64| as_of.checked_add_days(Days::new(n)).unwrap_or(as_of);
        let first = day(u64::from(hours / 24));
        let mut steps = vec![InterventionStep {
            due: first,
            action: if risk.level == RiskLevel::Critical {
                "Save call with the champion and the executive sponsor; root cause and recovery plan"
                .into()
            } else {
                "Personal outreach (call, not email): confirm the risk and its cause".into()
            },
            owner: "csm",
        }];
        for i in &risk.indicators {
            if i.category.as_deref() == Some("health_tier") {
                continue;
            }
            steps.push(InterventionStep {
                due: first,
                action: i.message.clone(),
                owner: "csm",
            });
        }
        for (n, play) in risk.save_plays.iter().enumerate() {
            for (k, step) in play.steps.iter().enumerate() {
                steps.push(InterventionStep {
                    due: day(u64::from(hours / 24) + 7 * (n as u64) + 2 * (k as u64)),
                    action: format!("{}: {}", play.label, step),
                    owner: if k == 0 { "csm" } else { "csm_manager" },
                });
            }
        }
        if risk.level >= RiskLevel::High {
            steps.push(InterventionStep {
                due: day(7),
                action: "Executive sponsor check-in: exec-to-exec on the recovery plan".into(),
                owner: "executive",
            });
            steps.push(InterventionStep {
                due: day(30),
                action: "Review the save: re-score the account; saved, lost or still at risk"
                    .into(),
                owner: "csm_manager",
            });
        }
        steps.sort_by_key(|s| s.due);
        Ok(SavePlayPlan {
            account: view.account.id.clone(),
            as_of,
            arr: view.account.arr,
            needed: risk.level >= RiskLevel::High,
            respond_within_hours: hours,
            steps,
            risk,
        })
    }
}
