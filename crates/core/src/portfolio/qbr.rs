//! "QBR prep for [account]": agenda, data summary, checklist and recommendations.

use super::context::{latest_response, view_of, AccountView, Prepared};
use super::expansion::expansion_of;
use super::risk::risk_of;
use super::{Contact, ContactRole, GoalStatus, Portfolio, PortfolioAccount};
use crate::error::Result;
use crate::lifecycle::{touch_cadence, TouchCadence, TouchCadenceInput, TouchKind};
use crate::shared::score_history::TrendDirection;
use chrono::{Days, NaiveDate};
use serde::Serialize;

/// One section of the QBR agenda.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AgendaItem {
    /// Section of the 60-minute QBR structure.
    pub section: &'static str,
    /// Minutes.
    pub minutes: u32,
    /// What to cover, from the account's data.
    pub points: Vec<String>,
}

/// Status of a checklist item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChecklistStatus {
    /// Ready from the data.
    Ready,
    /// Needs attention before the QBR.
    Attention,
    /// To do by the CSM.
    Todo,
}

/// One item of the QBR prep checklist.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChecklistItem {
    /// The checklist item.
    pub item: &'static str,
    /// Status.
    pub status: ChecklistStatus,
    /// Details from the data.
    pub note: String,
}

/// "QBR prep for [account]": the agenda with the account's data, the data summary, the prep
/// checklist and the recommendations.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QbrPrep {
    /// Account id.
    pub account: String,
    /// Display name.
    pub name: String,
    /// The day of the answer.
    pub as_of: NaiveDate,
    /// Last QBR held.
    pub last_qbr: Option<NaiveDate>,
    /// When the next QBR is due by the touch cadence of the account's tier (`null` for a tier
    /// without QBRs).
    pub next_qbr_due: Option<NaiveDate>,
    /// Send the pre-read agenda by this day (5 days before the QBR).
    pub pre_read_due: Option<NaiveDate>,
    /// Current score, tier and trend.
    pub score: Option<f64>,
    /// Tier key.
    pub tier: Option<String>,
    /// 30-day trend.
    pub trend: Option<TrendDirection>,
    /// Score change over 30 days.
    pub score_change: Option<f64>,
    /// Latest NPS response.
    pub nps: Option<f64>,
    /// Latest CSAT response.
    pub csat: Option<f64>,
    /// Open support tickets.
    pub open_tickets: Option<u32>,
    /// Goals achieved / goals.
    pub goals_achieved: crate::lifecycle::Share<u64>,
    /// The 60-minute agenda.
    pub agenda: Vec<AgendaItem>,
    /// The prep checklist.
    pub checklist: Vec<ChecklistItem>,
    /// The recommendations to bring (expansion, risks).
    pub recommendations: Vec<String>,
    /// Who should attend from the customer.
    pub attendees: Vec<Contact>,
    /// Roles to invite that the account has no contact for.
    pub missing_roles: Vec<ContactRole>,
}

/// The touch cadence of the account; the QBRs held count as QBR touches.
pub(super) fn cadence_of(view: &AccountView<'_>, as_of: NaiveDate) -> Result<TouchCadence> {
    let mut last_touches = view.account.last_touches.clone();
    let held = view
        .account
        .qbrs
        .iter()
        .filter(|d| **d <= as_of)
        .max()
        .copied();
    last_touches.qbr = last_touches.qbr.max(held);
    touch_cadence(&TouchCadenceInput {
        arr: view.account.arr,
        as_of,
        last_touches,
        since: view.account.customer_since,
        segment: Some(view.segment),
        thresholds: Default::default(),
    })
    .map_err(|e| e.within(&format!("accounts[{}].last_touches", view.index)))
}

pub(super) fn next_due(cadence: &TouchCadence, touch: TouchKind) -> Option<NaiveDate> {
    cadence
        .touches
        .iter()
        .find(|t| t.touch == touch)
        .and_then(|t| t.next_due)
}

const KEY_ROLES: [ContactRole; 3] = [
    ContactRole::Champion,
    ContactRole::ExecSponsor,
    ContactRole::TechnicalLead,
];

/// The key roles (champion, executive sponsor, technical lead) without a contact.
pub(super) fn missing_roles(account: &PortfolioAccount) -> Vec<ContactRole> {
    KEY_ROLES
        .into_iter()
        .filter(|r| !account.contacts.iter().any(|c| c.role == *r))
        .collect()
}

/// Runs "QBR prep for [account]".
pub fn qbr_prep(portfolio: &Portfolio, account: &str, as_of: NaiveDate) -> Result<QbrPrep> {
    Prepared::once(portfolio, |p| p.qbr_prep(account, as_of))
}

impl Prepared<'_> {
    /// [`qbr_prep`] on the compiled model and rules.
    pub(crate) fn qbr_prep(&self, account: &str, as_of: NaiveDate) -> Result<QbrPrep> {
        let Prepared { portfolio, engines } = *self;
        let view = view_of(engines, portfolio, account, as_of)?;
        let a = view.account;
        let cadence = cadence_of(&view, as_of)?;
        let due = next_due(&cadence, TouchKind::Qbr);
        let next_qbr_due = due.map(|d| d.max(as_of));
        let last_qbr = a
            .qbrs
            .iter()
            .filter(|d| **d <= as_of)
            .max()
            .copied()
            .or(a.last_touches.qbr);
        let risk = risk_of(&view, engines, as_of);
        let expansion = expansion_of(&view, engines, as_of);
        let (trend, delta) = view
            .trend
            .as_ref()
            .map_or((None, None), |t| (t.direction, t.delta));
        let achieved = a
            .goals
            .iter()
            .filter(|g| g.status == GoalStatus::Achieved)
            .count() as u64;
        let goals = crate::lifecycle::Share::of_counts(achieved, a.goals.len() as u64);
        let nps = latest_response(&a.nps, as_of).map(|r| r.score);
        let csat = latest_response(&a.csat, as_of).map(|r| r.score);
        let score_line = match (view.score.composite, view.tier()) {
            (Some(s), Some(t)) => format!("Health score {s} ({t}), trend {}", trend_word(trend)),
            _ => "Health score: too little data".to_string(),
        };
        let mut value_points = vec![score_line.clone()];
        for g in &a.goals {
            value_points.push(format!("Goal \"{}\": {}", g.objective, goal_word(g.status)));
        }
        let mut strategic =
            vec!["\"Where is the business heading in the next 12 months?\"".to_string()];
        for p in expansion.plays.iter().take(2).filter(|_| expansion.ready) {
            strategic.push(format!("Expansion: {}", p.label));
        }
        let missing_roles = missing_roles(a);
        if !missing_roles.is_empty() {
            strategic.push("Ask to be introduced to the missing stakeholders".to_string());
        }
        let agenda = vec![
        AgendaItem {
            section: "Business context",
            minutes: 10,
            points: vec!["The customer shares business updates, priorities, challenges (listen; no slides first)".into()],
        },
        AgendaItem {
            section: "Value delivered",
            minutes: 15,
            points: value_points,
        },
        AgendaItem {
            section: "Roadmap and innovation",
            minutes: 10,
            points: vec!["Roadmap aligned to their priorities; early access and beta opportunities".into()],
        },
        AgendaItem {
            section: "Success plan review",
            minutes: 15,
            points: vec![
                format!(
                    "Score the goals: {} of {} achieved",
                    goals.numerator, goals.denominator
                ),
                "Set next quarter's objectives with owners and dates".into(),
            ],
        },
        AgendaItem {
            section: "Strategic discussion",
            minutes: 10,
            points: strategic,
        },
    ];
        let tickets = a.open_tickets.unwrap_or(0);
        let checklist = vec![
            ChecklistItem {
                item: "Pull 90-day usage data and create dashboard",
                status: if a.signals.is_empty() {
                    ChecklistStatus::Todo
                } else {
                    ChecklistStatus::Ready
                },
                note: format!("{} signals on record", a.signals.len()),
            },
            ChecklistItem {
                item: "Calculate ROI / value delivered",
                status: if achieved > 0 {
                    ChecklistStatus::Ready
                } else {
                    ChecklistStatus::Todo
                },
                note: format!("{achieved} goals achieved"),
            },
            ChecklistItem {
                item: "Review health score trend",
                status: if trend == Some(TrendDirection::Down) {
                    ChecklistStatus::Attention
                } else {
                    ChecklistStatus::Ready
                },
                note: score_line,
            },
            ChecklistItem {
                item: "Check open support tickets — resolve before QBR",
                status: if tickets > 0 {
                    ChecklistStatus::Attention
                } else {
                    ChecklistStatus::Ready
                },
                note: format!("{tickets} open"),
            },
            ChecklistItem {
                item: "Review success plan — score each goal",
                status: if a.goals.is_empty() {
                    ChecklistStatus::Todo
                } else {
                    ChecklistStatus::Ready
                },
                note: format!("{} goals", a.goals.len()),
            },
            ChecklistItem {
                item: "Prepare 1-2 expansion recommendations with ROI projections",
                status: if expansion.ready && !expansion.plays.is_empty() {
                    ChecklistStatus::Ready
                } else {
                    ChecklistStatus::Todo
                },
                note: format!("{} expansion signals", expansion.plays.len()),
            },
            ChecklistItem {
                item: "Identify who should attend",
                status: if missing_roles.is_empty() {
                    ChecklistStatus::Ready
                } else {
                    ChecklistStatus::Attention
                },
                note: format!(
                    "{} contacts, {} key roles missing",
                    a.contacts.len(),
                    missing_roles.len()
                ),
            },
            ChecklistItem {
                item: "Send pre-read agenda 5 days before",
                status: ChecklistStatus::Todo,
                note: next_qbr_due
                    .and_then(|d| d.checked_sub_days(Days::new(5)))
                    .map_or_else(|| "no QBR due".to_string(), |d| format!("by {d}")),
            },
        ];
        let mut recommendations: Vec<String> = Vec::new();
        if expansion.ready {
            recommendations.extend(expansion.plays.iter().take(2).map(|p| p.message.clone()));
        }
        recommendations.extend(risk.indicators.iter().map(|i| i.message.clone()));
        let mut attendees: Vec<Contact> = a
            .contacts
            .iter()
            .filter(|c| c.role != ContactRole::User)
            .cloned()
            .collect();
        attendees.sort_by(|x, y| x.role.cmp(&y.role).then(x.name.cmp(&y.name)));
        Ok(QbrPrep {
            account: a.id.clone(),
            name: a.display_name().to_string(),
            as_of,
            last_qbr,
            next_qbr_due,
            pre_read_due: next_qbr_due.and_then(|d| d.checked_sub_days(Days::new(5))),
            score: view.score.composite,
            tier: view.tier().map(str::to_string),
            trend,
            score_change: delta,
            nps,
            csat,
            open_tickets: a.open_tickets,
            goals_achieved: goals,
            agenda,
            checklist,
            recommendations,
            attendees,
            missing_roles,
        })
    }
}

pub(super) fn trend_word(trend: Option<TrendDirection>) -> &'static str {
    match trend {
        Some(TrendDirection::Up) => "up",
        Some(TrendDirection::Flat) => "flat",
        Some(TrendDirection::Down) => "down",
        None => "unknown",
    }
}

pub(super) fn goal_word(status: GoalStatus) -> &'static str {
    match status {
        GoalStatus::NotStarted => "not started",
        GoalStatus::InProgress => "in progress",
        GoalStatus::Achieved => "achieved",
        GoalStatus::Missed => "missed",
    }
}
