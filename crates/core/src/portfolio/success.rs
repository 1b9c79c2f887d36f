//! "Success plan for [account]": objectives, milestones, stakeholders and risks.

use super::context::{view_of, Prepared};
use super::onboarding::onboarding_of;
use super::qbr::{cadence_of, missing_roles, next_due};
use super::{Contact, ContactRole, GoalStatus, Portfolio, UseCase};
use crate::error::Result;
use crate::lifecycle::{MilestoneState, OnboardingPlan, TouchKind};
use crate::rules::Severity;
use chrono::{Days, NaiveDate};
use serde::Serialize;

/// The stakeholders of a success plan.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct StakeholderMap {
    /// The champion.
    pub champion: Option<Contact>,
    /// The executive sponsor.
    pub exec_sponsor: Option<Contact>,
    /// The technical lead.
    pub technical_lead: Option<Contact>,
}

/// A business objective with its status on `as_of`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SuccessPlanObjective {
    /// What the customer wants to achieve.
    pub objective: String,
    /// How it is measured.
    pub metric: Option<String>,
    /// Current state.
    pub baseline: Option<String>,
    /// Goal state.
    pub target: Option<String>,
    /// By when.
    pub timeline: Option<NaiveDate>,
    /// Status.
    pub status: GoalStatus,
    /// Not achieved and past its day.
    pub overdue: bool,
}

/// Status of a success-plan milestone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SuccessMilestoneStatus {
    /// Not reached; on track.
    Pending,
    /// Reached.
    Complete,
    /// Not reached; at risk or overdue.
    AtRisk,
}

/// One of the three success-plan milestones.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SuccessPlanMilestone {
    /// "Technical Setup Complete", "First Value Delivered", "Full Adoption".
    pub name: &'static str,
    /// Target day (from the onboarding plan), when there is an onboarding.
    pub target_date: Option<NaiveDate>,
    /// Status.
    pub status: SuccessMilestoneStatus,
}

/// A risk of the success plan with its mitigation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SuccessPlanRisk {
    /// The risk.
    pub risk: String,
    /// Mitigation: the play's message.
    pub mitigation: String,
    /// Owner: the CSM.
    pub owner: Option<String>,
}

/// "Success plan for [account]": the success-plan template filled from the account.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SuccessPlan {
    /// Account name.
    pub account: String,
    /// The day of the plan.
    pub created: NaiveDate,
    /// The CSM.
    pub owner: Option<String>,
    /// Champion, executive sponsor, technical lead.
    pub stakeholders: StakeholderMap,
    /// Key roles without a contact.
    pub missing_stakeholders: Vec<ContactRole>,
    /// Business objectives.
    pub business_objectives: Vec<SuccessPlanObjective>,
    /// Use cases.
    pub use_cases: Vec<UseCase>,
    /// The three milestones.
    pub milestones: Vec<SuccessPlanMilestone>,
    /// Risks from the rules that fired, with their mitigation.
    pub risks: Vec<SuccessPlanRisk>,
    /// Next review: the next QBR due, else 90 days out.
    pub next_review: Option<NaiveDate>,
}

fn milestone_status(
    plan: Option<&OnboardingPlan>,
    phase: &str,
    reached: bool,
) -> (Option<NaiveDate>, SuccessMilestoneStatus) {
    let Some(plan) = plan else {
        let status = if reached {
            SuccessMilestoneStatus::Complete
        } else {
            SuccessMilestoneStatus::Pending
        };
        return (None, status);
    };
    let phase_status = plan.phases.iter().find(|p| p.key == phase);
    let target = plan
        .milestones
        .iter()
        .filter(|m| m.phase == phase)
        .map(|m| m.target_date)
        .max();
    let status = match phase_status.map(|p| p.status) {
        Some(MilestoneState::Done) => SuccessMilestoneStatus::Complete,
        _ if reached => SuccessMilestoneStatus::Complete,
        Some(MilestoneState::AtRisk | MilestoneState::Overdue) => SuccessMilestoneStatus::AtRisk,
        _ => SuccessMilestoneStatus::Pending,
    };
    (target, status)
}

/// Runs "Success plan for [account]".
pub fn success_plan(portfolio: &Portfolio, account: &str, as_of: NaiveDate) -> Result<SuccessPlan> {
    Prepared::once(portfolio, |p| p.success_plan(account, as_of))
}

impl Prepared<'_> {
    /// [`success_plan`] on the compiled model and rules.
    pub(crate) fn success_plan(&self, account: &str, as_of: NaiveDate) -> Result<SuccessPlan> {
        let Prepared { portfolio, engines } = *self;
        let view = view_of(engines, portfolio, account, as_of)?;
        let a = view.account;
        let onboarding = onboarding_of(&view, as_of)?;
        let pick = |role: ContactRole| a.contacts.iter().find(|c| c.role == role).cloned();
        let stakeholders = StakeholderMap {
            champion: pick(ContactRole::Champion),
            exec_sponsor: pick(ContactRole::ExecSponsor),
            technical_lead: pick(ContactRole::TechnicalLead),
        };
        let live = a.use_cases.iter().any(|u| {
            matches!(
                u.status,
                super::UseCaseStatus::Live | super::UseCaseStatus::Optimizing
            )
        });
        let tenured = onboarding.is_none() && a.customer_since.is_some_and(|d| d <= as_of);
        let first_value = onboarding
            .as_ref()
            .map_or(tenured, |p| p.time_to_first_value.elapsed_minutes.is_some());
        let all_live = !a.use_cases.is_empty()
            && a.use_cases.iter().all(|u| {
                matches!(
                    u.status,
                    super::UseCaseStatus::Live | super::UseCaseStatus::Optimizing
                )
            });
        let plan = onboarding.as_ref();
        let (setup_date, setup) = milestone_status(plan, "technical_setup", tenured);
        let (_, value_status) = milestone_status(plan, "core_adoption", first_value || live);
        let value_date = plan.map(|p| p.time_to_first_value.target_date);
        let (adoption_date, adoption) = milestone_status(plan, "optimization", all_live);
        let milestones = vec![
            SuccessPlanMilestone {
                name: "Technical Setup Complete",
                target_date: setup_date,
                status: setup,
            },
            SuccessPlanMilestone {
                name: "First Value Delivered",
                target_date: value_date,
                status: value_status,
            },
            SuccessPlanMilestone {
                name: "Full Adoption",
                target_date: adoption_date,
                status: adoption,
            },
        ];
        let risks = view
            .rules
            .actions
            .iter()
            .filter(|x| x.category.as_deref() != Some("expansion") && x.severity != Severity::Info)
            .map(|x| SuccessPlanRisk {
                risk: x.label.clone(),
                mitigation: x.message.clone(),
                owner: a.csm.clone(),
            })
            .collect();
        let cadence = cadence_of(&view, as_of)?;
        let next_review = next_due(&cadence, TouchKind::Qbr)
            .map(|d| d.max(as_of))
            .or_else(|| as_of.checked_add_days(Days::new(90)));
        Ok(SuccessPlan {
            account: a.display_name().to_string(),
            created: as_of,
            owner: a.csm.clone(),
            missing_stakeholders: missing_roles(a),
            stakeholders,
            business_objectives: a
                .goals
                .iter()
                .map(|g| SuccessPlanObjective {
                    objective: g.objective.clone(),
                    metric: g.metric.clone(),
                    baseline: g.baseline.clone(),
                    target: g.target.clone(),
                    timeline: g.due,
                    status: g.status,
                    overdue: g.status != GoalStatus::Achieved && g.due.is_some_and(|d| d < as_of),
                })
                .collect(),
            use_cases: a.use_cases.clone(),
            milestones,
            risks,
            next_review,
        })
    }
}
