//! Onboarding plan: the milestones of the first 90 days and the time-to-first-value targets by
//! segment.

use super::{after_as_of, days_between, duplicate, shift_days, CustomerSegment, Share};
use crate::error::{Error, ErrorCode, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

const MINUTES_PER_DAY: i64 = 1440;

/// One milestone of an onboarding template.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnboardingMilestone {
    /// Stable key, unique in the template.
    pub key: String,
    /// What is to be done.
    pub label: String,
    /// Target day, counted from the start date (day 0).
    pub target_day: u32,
}

/// One phase of an onboarding template.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnboardingPhase {
    /// Stable key.
    pub key: String,
    /// Display name.
    pub label: String,
    /// First day of the phase.
    pub start_day: u32,
    /// Last day of the phase (inclusive).
    pub end_day: u32,
    /// Its milestones.
    pub milestones: Vec<OnboardingMilestone>,
}

/// Onboarding phases and milestones with target days. [`OnboardingTemplate::seed`] is the
/// built-in 90-day plan; a custom template can be given instead.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnboardingTemplate {
    /// Phases in order.
    pub phases: Vec<OnboardingPhase>,
}

fn milestone(key: &str, label: &str, target_day: u32) -> OnboardingMilestone {
    OnboardingMilestone {
        key: key.to_string(),
        label: label.to_string(),
        target_day,
    }
}

fn phase(
    key: &str,
    label: &str,
    days: (u32, u32),
    milestones: Vec<OnboardingMilestone>,
) -> OnboardingPhase {
    OnboardingPhase {
        key: key.to_string(),
        label: label.to_string(),
        start_day: days.0,
        end_day: days.1,
        milestones,
    }
}

impl OnboardingTemplate {
    /// The built-in plan: Week 1 Technical Setup (target day 7), Week 2-3 Core Adoption (day
    /// 21), Week 4-6 Expansion Adoption (day 42; the 30-day check-in on day 30), Week 7-12
    /// Optimization (day 84; the 90-day review on day 90).
    pub fn seed() -> OnboardingTemplate {
        OnboardingTemplate {
            phases: vec![
                phase(
                    "technical_setup",
                    "Week 1: Technical Setup",
                    (0, 7),
                    vec![
                        milestone(
                            "account_provisioned",
                            "Account provisioned and configured",
                            7,
                        ),
                        milestone("integrations_connected", "Integration(s) connected", 7),
                        milestone("admin_trained", "Admin trained on core settings", 7),
                        milestone(
                            "success_plan_created",
                            "Success plan created (goals, timeline, stakeholders)",
                            7,
                        ),
                        milestone(
                            "kickoff_completed",
                            "Kickoff call completed — attendees: champion + exec sponsor",
                            7,
                        ),
                    ],
                ),
                phase(
                    "core_adoption",
                    "Week 2-3: Core Adoption",
                    (8, 21),
                    vec![
                        milestone(
                            "primary_use_case_configured",
                            "Primary use case configured",
                            21,
                        ),
                        milestone("first_5_users_activated", "First 5 users activated", 21),
                        milestone("core_workflow_running", "Core workflow running", 21),
                        milestone(
                            "quick_win_shared",
                            "Quick win documented and shared with sponsor",
                            21,
                        ),
                    ],
                ),
                phase(
                    "expansion_adoption",
                    "Week 4-6: Expansion Adoption",
                    (22, 42),
                    vec![
                        milestone(
                            "second_use_case_configured",
                            "Second use case identified and configured",
                            42,
                        ),
                        milestone(
                            "licensed_users_80pct_active",
                            "80% of licensed users active",
                            42,
                        ),
                        milestone(
                            "self_service_resources_shared",
                            "Self-service resources shared (docs, videos, community)",
                            42,
                        ),
                        milestone(
                            "day_30_check_in",
                            "30-day check-in: review progress vs success plan",
                            30,
                        ),
                    ],
                ),
                phase(
                    "optimization",
                    "Week 7-12: Optimization",
                    (43, 90),
                    vec![
                        milestone(
                            "advanced_features_introduced",
                            "Advanced features introduced",
                            84,
                        ),
                        milestone(
                            "workflow_optimization_session",
                            "Workflow optimization session",
                            84,
                        ),
                        milestone("roi_first_draft", "ROI calculation (first draft)", 84),
                        milestone(
                            "day_90_review",
                            "90-day review: success plan scorecard, next quarter goals",
                            90,
                        ),
                    ],
                ),
            ],
        }
    }

    fn validate(&self, at: &str) -> Result<()> {
        if self.phases.is_empty() {
            return Err(Error::new(
                ErrorCode::InputEmpty,
                format!("{at}.phases"),
                "a template needs at least one phase",
            ));
        }
        let mut keys: Vec<&str> = Vec::new();
        for (p, ph) in self.phases.iter().enumerate() {
            if ph.end_day < ph.start_day {
                return Err(Error::new(
                    ErrorCode::InputDateOrder,
                    format!("{at}.phases[{p}].end_day"),
                    "a phase ends on or after the day it starts",
                )
                .with_value(ph.end_day));
            }
            if self.phases.iter().take(p).any(|o| o.key == ph.key) {
                return Err(duplicate(&format!("{at}.phases[{p}].key"), &ph.key));
            }
            for (m, ms) in ph.milestones.iter().enumerate() {
                if keys.contains(&ms.key.as_str()) {
                    return Err(duplicate(
                        &format!("{at}.phases[{p}].milestones[{m}].key"),
                        &ms.key,
                    ));
                }
                keys.push(&ms.key);
            }
        }
        Ok(())
    }
}

impl CustomerSegment {
    /// The segment's time-to-first-value target, in minutes (Enterprise 30 days, Mid-Market 14
    /// days, SMB 24 hours, Self-serve 10 minutes).
    pub fn ttfv_target_minutes(self) -> i64 {
        match self {
            CustomerSegment::Enterprise => 30 * MINUTES_PER_DAY,
            CustomerSegment::MidMarket => 14 * MINUTES_PER_DAY,
            CustomerSegment::Smb => MINUTES_PER_DAY,
            CustomerSegment::SelfServe => 10,
        }
    }

    fn ttfv_label(self) -> &'static str {
        match self {
            CustomerSegment::Enterprise => "30 days",
            CustomerSegment::MidMarket => "14 days",
            CustomerSegment::Smb => "24 hours",
            CustomerSegment::SelfServe => "10 minutes",
        }
    }

    /// The segment's "aha moment": the first value an account of the segment should reach.
    pub fn aha_moment(self) -> &'static str {
        match self {
            CustomerSegment::Enterprise => "First workflow automated + team adopted",
            CustomerSegment::MidMarket => "Core use case live + 3 users active",
            CustomerSegment::Smb => "First value-generating action completed",
            CustomerSegment::SelfServe => "Core action completed",
        }
    }
}

/// A milestone given as done.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompletedMilestone {
    /// Milestone key.
    pub milestone: String,
    /// Day it was done, if known (not after `as_of`).
    #[serde(default)]
    pub on: Option<NaiveDate>,
}

/// The facts [`onboarding_plan`] needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnboardingInput {
    /// Onboarding start (contract start or kickoff): day 0.
    pub start_date: NaiveDate,
    /// The day of the answer.
    pub as_of: NaiveDate,
    /// The segment, for the time-to-first-value target.
    pub segment: CustomerSegment,
    /// Milestones done.
    #[serde(default)]
    pub completed: Vec<CompletedMilestone>,
    /// Day of the first value (the segment's aha moment), if reached.
    #[serde(default)]
    pub first_value_on: Option<NaiveDate>,
    /// Minutes from start to first value, when measured more finely than days (self-serve's
    /// 10-minute target); takes precedence over `first_value_on`.
    #[serde(default)]
    pub first_value_minutes: Option<u64>,
    /// A milestone not done whose target day is at most this many days away is `at_risk`
    /// (default 3).
    #[serde(default = "default_at_risk_days")]
    pub at_risk_days: u32,
    /// A custom template (default: the built-in plan).
    #[serde(default)]
    pub template: Option<OnboardingTemplate>,
}

fn default_at_risk_days() -> u32 {
    3
}

impl Default for OnboardingInput {
    fn default() -> Self {
        OnboardingInput {
            start_date: NaiveDate::default(),
            as_of: NaiveDate::default(),
            segment: CustomerSegment::MidMarket,
            completed: Vec::new(),
            first_value_on: None,
            first_value_minutes: None,
            at_risk_days: default_at_risk_days(),
            template: None,
        }
    }
}

/// Status of a milestone (or, for a phase, of its worst milestone).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneState {
    /// Not done; its target is more than `at_risk_days` away.
    OnTrack,
    /// Not done; its target is at most `at_risk_days` away (the target day included).
    AtRisk,
    /// Not done and its target day has passed.
    Overdue,
    /// Done.
    Done,
}

/// One milestone with its target and status.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MilestoneStatus {
    /// Milestone key.
    pub key: String,
    /// What is to be done.
    pub label: String,
    /// Key of its phase.
    pub phase: String,
    /// Target day.
    pub target_day: u32,
    /// start date + target day.
    pub target_date: NaiveDate,
    /// `target_date - as_of` (negative once passed).
    pub days_until_target: i64,
    /// Status on `as_of`.
    pub status: MilestoneState,
    /// Day it was done, when given.
    pub completed_on: Option<NaiveDate>,
    /// Done after its target date (`null` unless done with a day).
    pub late: Option<bool>,
}

/// One phase with its progress.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PhaseStatus {
    /// Phase key.
    pub key: String,
    /// Display name.
    pub label: String,
    /// First day.
    pub start_day: u32,
    /// Last day (inclusive).
    pub end_day: u32,
    /// `done` when every milestone is done, else the worst state of its open milestones
    /// (overdue, then at risk, then on track).
    pub status: MilestoneState,
    /// Milestones done / milestones.
    pub progress: Share<u64>,
}

/// Time-to-first-value against the segment's target.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimeToFirstValue {
    /// The segment.
    pub segment: CustomerSegment,
    /// The segment's aha moment.
    pub aha_moment: String,
    /// Target in minutes.
    pub target_minutes: i64,
    /// The target as text ("30 days", "24 hours", "10 minutes").
    pub target_label: String,
    /// Last day on which first value still meets the target (day resolution).
    pub target_date: NaiveDate,
    /// Minutes from start to first value (days × 1440 when only the day is known).
    pub elapsed_minutes: Option<i64>,
    /// Whole days from start to first value, when the day is given.
    pub elapsed_days: Option<i64>,
    /// Met, missed, pending or overdue.
    pub status: TtfvStatus,
}

/// Time-to-first-value status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TtfvStatus {
    /// First value reached within the target.
    Met,
    /// First value reached after the target.
    Missed,
    /// Not reached; the target can still be met.
    Pending,
    /// Not reached and the target has passed.
    Overdue,
}

/// An onboarding plan on `as_of`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OnboardingPlan {
    /// Day 0.
    pub start_date: NaiveDate,
    /// The day of the answer.
    pub as_of: NaiveDate,
    /// `as_of - start_date`.
    pub day: i64,
    /// The phase whose days hold `day` (`null` before day 0 or after the last phase).
    pub current_phase: Option<String>,
    /// Phases in order.
    pub phases: Vec<PhaseStatus>,
    /// Every milestone, in template order.
    pub milestones: Vec<MilestoneStatus>,
    /// Milestones done / milestones.
    pub progress: Share<u64>,
    /// Keys of the overdue milestones.
    pub overdue: Vec<String>,
    /// Keys of the milestones at risk.
    pub at_risk: Vec<String>,
    /// Time-to-first-value.
    pub time_to_first_value: TimeToFirstValue,
}

/// The onboarding plan on `as_of`: each milestone's target date (start + target day) and
/// status — done; overdue once its target day has passed; at risk when its target day is at
/// most `at_risk_days` (3) away; otherwise on track — the phases' progress, and
/// time-to-first-value against the segment's target.
///
/// ```
/// use tenure::{onboarding_plan, CompletedMilestone, MilestoneState, NaiveDate,
///              OnboardingInput, CustomerSegment, TtfvStatus};
/// let day = |s: &str| s.parse::<NaiveDate>().unwrap();
/// let plan = onboarding_plan(&OnboardingInput {
///     start_date: day("2026-03-01"),
///     as_of: day("2026-03-05"),                       // day 4: week-1 targets 3 days away
///     segment: CustomerSegment::MidMarket,
///     completed: vec![CompletedMilestone { milestone: "account_provisioned".into(), on: None }],
///     ..OnboardingInput::default()
/// })?;
/// assert_eq!(plan.milestones[0].status, MilestoneState::Done);
/// assert_eq!(plan.milestones[1].status, MilestoneState::AtRisk);
/// assert_eq!(plan.time_to_first_value.status, TtfvStatus::Pending);
/// # Ok::<(), tenure::Error>(())
/// ```
pub fn onboarding_plan(input: &OnboardingInput) -> Result<OnboardingPlan> {
    let seed;
    let template = match &input.template {
        Some(t) => {
            t.validate("template")?;
            t
        }
        None => {
            seed = OnboardingTemplate::seed();
            &seed
        }
    };
    let known = |key: &str| {
        template
            .phases
            .iter()
            .flat_map(|p| &p.milestones)
            .any(|m| m.key == key)
    };
    for (i, c) in input.completed.iter().enumerate() {
        let path = format!("completed[{i}].milestone");
        if !known(&c.milestone) {
            return Err(Error::new(
                ErrorCode::InputUnknownStep,
                path,
                format!("`{}` is not a milestone of the plan", c.milestone),
            )
            .with_value(c.milestone.as_str()));
        }
        if input
            .completed
            .iter()
            .take(i)
            .any(|o| o.milestone == c.milestone)
        {
            return Err(duplicate(&path, &c.milestone));
        }
        if let Some(on) = c.on.filter(|d| *d > input.as_of) {
            return Err(after_as_of(
                &format!("completed[{i}].on"),
                on,
                "the completion",
            ));
        }
    }
    let day = days_between(input.start_date, input.as_of);
    let at_risk_days = i64::from(input.at_risk_days);
    let mut milestones = Vec::new();
    let mut phases = Vec::new();
    for ph in &template.phases {
        let mut done = 0u64;
        let mut worst = MilestoneState::OnTrack;
        for m in &ph.milestones {
            let target_date = shift_days(input.start_date, i64::from(m.target_day), "start_date")?;
            let until = days_between(input.as_of, target_date);
            let completion = input.completed.iter().find(|c| c.milestone == m.key);
            let status = match completion {
                Some(_) => MilestoneState::Done,
                None if until < 0 => MilestoneState::Overdue,
                None if until <= at_risk_days => MilestoneState::AtRisk,
                None => MilestoneState::OnTrack,
            };
            if status == MilestoneState::Done {
                done += 1;
            } else if status > worst {
                worst = status;
            }
            let completed_on = completion.and_then(|c| c.on);
            milestones.push(MilestoneStatus {
                key: m.key.clone(),
                label: m.label.clone(),
                phase: ph.key.clone(),
                target_day: m.target_day,
                target_date,
                days_until_target: until,
                status,
                completed_on,
                late: completed_on.map(|on| on > target_date),
            });
        }
        let total = ph.milestones.len() as u64;
        phases.push(PhaseStatus {
            key: ph.key.clone(),
            label: ph.label.clone(),
            start_day: ph.start_day,
            end_day: ph.end_day,
            status: if done == total {
                MilestoneState::Done
            } else {
                worst
            },
            progress: Share::of_counts(done, total),
        });
    }
    let current_phase = template
        .phases
        .iter()
        .find(|p| (i64::from(p.start_day)..=i64::from(p.end_day)).contains(&day))
        .map(|p| p.key.clone());
    let done_total = milestones
        .iter()
        .filter(|m| m.status == MilestoneState::Done)
        .count() as u64;
    let keys_with = |state: MilestoneState| -> Vec<String> {
        milestones
            .iter()
            .filter(|m| m.status == state)
            .map(|m| m.key.clone())
            .collect()
    };
    Ok(OnboardingPlan {
        start_date: input.start_date,
        as_of: input.as_of,
        day,
        current_phase,
        progress: Share::of_counts(done_total, milestones.len() as u64),
        overdue: keys_with(MilestoneState::Overdue),
        at_risk: keys_with(MilestoneState::AtRisk),
        time_to_first_value: time_to_first_value(input, day)?,
        phases,
        milestones,
    })
}

/// Time-to-first-value: met when the elapsed minutes (days × 1440 when only the day is known,
/// so first value on the start day is 0 minutes) are within the target; without first value,
/// overdue once `day × 1440` exceeds the target.
fn time_to_first_value(input: &OnboardingInput, day: i64) -> Result<TimeToFirstValue> {
    let segment = input.segment;
    let target = segment.ttfv_target_minutes();
    let target_date = shift_days(input.start_date, target / MINUTES_PER_DAY, "start_date")?;
    let elapsed_days = match input.first_value_on {
        Some(on) if on > input.as_of => {
            return Err(after_as_of("first_value_on", on, "first value"))
        }
        Some(on) if on < input.start_date => {
            return Err(Error::new(
                ErrorCode::InputDateOrder,
                "first_value_on",
                "first value is before the start date",
            )
            .with_value(on.to_string()))
        }
        Some(on) => Some(days_between(input.start_date, on)),
        None => None,
    };
    let elapsed_minutes = match input.first_value_minutes {
        Some(m) => Some(i64::try_from(m).map_err(|_| {
            Error::new(
                ErrorCode::InputOutOfRange,
                "first_value_minutes",
                "too many minutes",
            )
            .with_value(m)
        })?),
        None => elapsed_days.map(|d| d * MINUTES_PER_DAY),
    };
    let status = match elapsed_minutes {
        Some(m) if m <= target => TtfvStatus::Met,
        Some(_) => TtfvStatus::Missed,
        None if day * MINUTES_PER_DAY > target => TtfvStatus::Overdue,
        None => TtfvStatus::Pending,
    };
    Ok(TimeToFirstValue {
        segment,
        aha_moment: segment.aha_moment().to_string(),
        target_minutes: target,
        target_label: segment.ttfv_label().to_string(),
        target_date,
        elapsed_minutes,
        elapsed_days,
        status,
    })
}
