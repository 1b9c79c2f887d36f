//! Renewal preparation: the renewal prep sequence from Day -90 to Day -7 before a renewal.

use super::{days_between, duplicate, shift_days};
use crate::error::{Error, ErrorCode, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One step of the renewal prep sequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RenewalStepDef {
    /// Stable key of the step.
    pub key: &'static str,
    /// Day relative to the renewal date (negative: before it).
    pub day: i32,
    /// What the step involves.
    pub action: &'static str,
    /// Whether the customer sees the step (`false`: internal work).
    pub customer_facing: bool,
}

/// The built-in renewal prep sequence, in order: it starts 90 days before the renewal.
pub const RENEWAL_STEPS: [RenewalStepDef; 7] = [
    RenewalStepDef {
        key: "internal_review",
        day: -90,
        action: "Internal — CSM reviews health score, usage data, open issues",
        customer_facing: false,
    },
    RenewalStepDef {
        key: "success_recap",
        day: -75,
        action: "Success recap email — \"Here's what you've achieved this year\"",
        customer_facing: true,
    },
    RenewalStepDef {
        key: "roi_presentation",
        day: -60,
        action: "ROI presentation — document value delivered",
        customer_facing: true,
    },
    RenewalStepDef {
        key: "renewal_discussion",
        day: -45,
        action: "Renewal discussion — terms, expansion, multi-year options",
        customer_facing: true,
    },
    RenewalStepDef {
        key: "contract_sent",
        day: -30,
        action: "Contract sent — if not signed, escalate",
        customer_facing: true,
    },
    RenewalStepDef {
        key: "final_follow_up",
        day: -14,
        action: "Final follow-up — executive involvement if needed",
        customer_facing: true,
    },
    RenewalStepDef {
        key: "unsigned_red_alert",
        day: -7,
        action: "If unsigned — red alert, daily follow-up",
        customer_facing: true,
    },
];

/// Options of [`renewal_prep`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RenewalOptions {
    /// Health tiers that raise the red alert inside `health_alert_days` of the renewal
    /// (default `["at_risk", "critical"]`).
    pub alert_tiers: Vec<String>,
    /// Days before the renewal from which an alert tier raises the red alert (default 90:
    /// the whole prep sequence).
    pub health_alert_days: u32,
    /// Days before the renewal from which an overdue step raises the red alert (default 30:
    /// the "Contract sent — if not signed, escalate" step).
    pub overdue_alert_days: u32,
}

impl Default for RenewalOptions {
    fn default() -> Self {
        RenewalOptions {
            alert_tiers: vec!["at_risk".into(), "critical".into()],
            health_alert_days: 90,
            overdue_alert_days: 30,
        }
    }
}

/// The facts [`renewal_prep`] needs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenewalInput {
    /// The renewal (contract end) date: day 0 of the sequence.
    pub renewal_date: NaiveDate,
    /// The day of the answer.
    pub as_of: NaiveDate,
    /// Keys of the steps already done (see [`RENEWAL_STEPS`]).
    #[serde(default)]
    pub completed: Vec<String>,
    /// Whether the renewal contract is signed: every open step is then `not_needed` and no
    /// alert is raised.
    #[serde(default)]
    pub signed: bool,
    /// The account's current health tier key (e.g. `"at_risk"`), if known.
    #[serde(default)]
    pub health_tier: Option<String>,
    /// Alert options.
    #[serde(default)]
    pub options: RenewalOptions,
}

/// Status of one renewal step on `as_of`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RenewalStepStatus {
    /// Not due yet (`as_of` before its due day).
    Upcoming,
    /// Due and its window is open: from its due day until the next step's due day (the last
    /// step: until the renewal date, inclusive).
    Current,
    /// Not done and its window has closed (the next step is due, or the renewal has passed).
    Overdue,
    /// Given as completed.
    Done,
    /// Not done, and the contract is signed: no longer needed.
    NotNeeded,
}

/// Where the account is in the sequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RenewalPhase {
    /// Before day -90.
    NotStarted,
    /// From day -90 to the renewal date, inclusive.
    InProgress,
    /// After the renewal date, unsigned.
    Passed,
    /// The contract is signed.
    Signed,
}

/// Why the red alert is raised (only while the contract is unsigned).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RedAlertReason {
    /// The renewal is within 7 days (day -7 to day 0) and unsigned: red alert, daily
    /// follow-up.
    UnsignedFinalWeek,
    /// The renewal date has passed.
    RenewalPassedUnsigned,
    /// The health tier is one of `alert_tiers` and the renewal is within `health_alert_days`.
    HealthAtRisk,
    /// A step is overdue and the renewal is within `overdue_alert_days`.
    StepsOverdue,
}

/// One step of the sequence with its due day and status.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RenewalStep {
    /// Step key.
    pub key: String,
    /// Day relative to the renewal (e.g. -90).
    pub day: i32,
    /// Due date: renewal date + `day`.
    pub due: NaiveDate,
    /// What the step involves.
    pub action: String,
    /// Whether the customer sees the step.
    pub customer_facing: bool,
    /// Status on `as_of`.
    pub status: RenewalStepStatus,
}

/// The renewal timeline of an account on `as_of`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RenewalPlan {
    /// The renewal date.
    pub renewal_date: NaiveDate,
    /// The day of the answer.
    pub as_of: NaiveDate,
    /// `renewal_date - as_of` in days (negative once passed).
    pub days_until_renewal: i64,
    /// Where the account is in the sequence.
    pub phase: RenewalPhase,
    /// Every step, in order.
    pub steps: Vec<RenewalStep>,
    /// The step whose window contains `as_of` (done or not); `null` before day -90, after the
    /// renewal date or once signed.
    pub current_step: Option<String>,
    /// The first step not done whose due day is after `as_of`.
    pub next_step: Option<String>,
    /// Due day of `next_step`.
    pub next_due: Option<NaiveDate>,
    /// Keys of the overdue steps, in order.
    pub overdue_steps: Vec<String>,
    /// Unsigned with the renewal within 30 days: escalate ("if not signed, escalate").
    pub escalate: bool,
    /// Unsigned with the renewal within 14 days: "executive involvement if needed".
    pub executive_involvement: bool,
    /// Whether any red-alert reason holds (then: daily follow-up).
    pub red_alert: bool,
    /// The reasons, in the order of [`RedAlertReason`].
    pub red_alert_reasons: Vec<RedAlertReason>,
}

/// The renewal prep timeline on `as_of`: every step of the sequence with its due day
/// and status, the current, next and overdue steps, escalation and the red alert.
///
/// A step is `current` from its due day until the next step comes due (the last, day -7, until
/// the renewal date inclusive); a step not done when its window closes is `overdue`. The red
/// alert is raised, while the contract is unsigned, when the renewal is within 7 days or has
/// passed, when the health tier is an alert tier (default at-risk or critical) within 90 days
/// of the renewal, or when a step is overdue within 30 days of it.
///
/// ```
/// use tenure::{renewal_prep, NaiveDate, RedAlertReason, RenewalInput};
/// let day = |s: &str| s.parse::<NaiveDate>().unwrap();
/// let plan = renewal_prep(&RenewalInput {
///     renewal_date: day("2026-12-31"),
///     as_of: day("2026-12-24"),                         // exactly day -7
///     completed: ["internal_review", "success_recap", "roi_presentation",
///                 "renewal_discussion", "contract_sent", "final_follow_up"]
///         .map(String::from).to_vec(),
///     ..RenewalInput::default()
/// })?;
/// assert_eq!(plan.current_step.as_deref(), Some("unsigned_red_alert"));
/// assert_eq!(plan.red_alert_reasons, vec![RedAlertReason::UnsignedFinalWeek]);
/// # Ok::<(), tenure::Error>(())
/// ```
pub fn renewal_prep(input: &RenewalInput) -> Result<RenewalPlan> {
    for (i, key) in input.completed.iter().enumerate() {
        let path = format!("completed[{i}]");
        if !RENEWAL_STEPS.iter().any(|s| s.key == key) {
            return Err(Error::new(
                ErrorCode::InputUnknownStep,
                path,
                format!("`{key}` is not a renewal prep step"),
            )
            .with_value(key.as_str()));
        }
        if input.completed.iter().take(i).any(|k| k == key) {
            return Err(duplicate(&path, key));
        }
    }
    let as_of = input.as_of;
    let days_until = days_between(as_of, input.renewal_date);
    let dues = RENEWAL_STEPS
        .iter()
        .map(|s| shift_days(input.renewal_date, i64::from(s.day), "renewal_date"))
        .collect::<Result<Vec<_>>>()?;
    let first_due = dues.first().copied().unwrap_or(input.renewal_date);
    let phase = if input.signed {
        RenewalPhase::Signed
    } else if days_until < 0 {
        RenewalPhase::Passed
    } else if as_of < first_due {
        RenewalPhase::NotStarted
    } else {
        RenewalPhase::InProgress
    };
    // The step whose window holds as_of: the last one already due, while in progress.
    let current = match phase {
        RenewalPhase::InProgress => dues.iter().rposition(|d| *d <= as_of),
        _ => None,
    };
    let done = |key: &str| input.completed.iter().any(|k| k == key);
    let steps: Vec<RenewalStep> = RENEWAL_STEPS
        .iter()
        .zip(&dues)
        .enumerate()
        .map(|(i, (def, due))| {
            let status = if done(def.key) {
                RenewalStepStatus::Done
            } else if input.signed {
                RenewalStepStatus::NotNeeded
            } else if *due > as_of {
                RenewalStepStatus::Upcoming
            } else if current == Some(i) {
                RenewalStepStatus::Current
            } else {
                RenewalStepStatus::Overdue
            };
            RenewalStep {
                key: def.key.to_string(),
                day: def.day,
                due: *due,
                action: def.action.to_string(),
                customer_facing: def.customer_facing,
                status,
            }
        })
        .collect();
    let next = steps
        .iter()
        .find(|s| s.status == RenewalStepStatus::Upcoming);
    let overdue_steps: Vec<String> = steps
        .iter()
        .filter(|s| s.status == RenewalStepStatus::Overdue)
        .map(|s| s.key.clone())
        .collect();
    let unsigned = !input.signed;
    let within = |days: u32| (0..=i64::from(days)).contains(&days_until);
    let mut reasons = Vec::new();
    if unsigned && within(7) {
        reasons.push(RedAlertReason::UnsignedFinalWeek);
    }
    if unsigned && days_until < 0 {
        reasons.push(RedAlertReason::RenewalPassedUnsigned);
    }
    let alert_tier = input
        .health_tier
        .as_ref()
        .is_some_and(|t| input.options.alert_tiers.contains(t));
    if unsigned && alert_tier && within(input.options.health_alert_days) {
        reasons.push(RedAlertReason::HealthAtRisk);
    }
    if unsigned && !overdue_steps.is_empty() && within(input.options.overdue_alert_days) {
        reasons.push(RedAlertReason::StepsOverdue);
    }
    Ok(RenewalPlan {
        renewal_date: input.renewal_date,
        as_of,
        days_until_renewal: days_until,
        phase,
        current_step: current.and_then(|i| steps.get(i)).map(|s| s.key.clone()),
        next_step: next.map(|s| s.key.clone()),
        next_due: next.map(|s| s.due),
        overdue_steps,
        escalate: unsigned && days_until <= 30,
        executive_involvement: unsigned && days_until <= 14,
        red_alert: !reasons.is_empty(),
        red_alert_reasons: reasons,
        steps,
    })
}
