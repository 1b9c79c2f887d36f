//! Lifecycle timelines and the churn taxonomy: renewal preparation, win-back, touch cadence,
//! onboarding, engagement levels, churn reasons, surprise churn and save outcomes.
//!
//! Pure functions of their inputs: the day the answer is wanted for, `as_of`, is always an
//! input (nothing reads a clock), every input and output is a serde type, and every date
//! computation is checked, so a date near the ends of the calendar gives the typed error
//! `input.date_out_of_range` instead of a panic.
//!
//! | function | playbook | answers |
//! |---|---|---|
//! | [`renewal_prep`] | "Renewal Prep Sequence" (Day -90 ... Day -7) | each step's due day and status, the current, next and overdue steps, the red alert |
//! | [`win_back_plan`] | "Win-Back Timing", "Win-Back Email Sequence" | the bucket by days since churn, its approach and success band, the emails due, sent and upcoming |
//! | [`touch_cadence`] | "Touch Cadence by Tier" | the ARR tier, and per touch type (sync, async, QBR, executive) the next due day and days overdue |
//! | [`onboarding_plan`] | "Onboarding Milestones", "Time-to-First-Value" | each milestone's status (done, on track, at risk, overdue) and time-to-first-value against the segment's target |
//! | [`engagement_level`] | "Engagement-to-Retention Mapping" | Power User / Regular / Casual / Dormant / Ghost from activity |
//! | [`ChurnTaxonomy`], [`classify_churn`] | "Churn Reason Taxonomy", "Save Plays by Churn Reason" | the six categories, their sub-reasons, preventability and save plays |
//! | [`churn_reason_analysis`] | "Monthly Review Questions" | count and ARR per category, preventable share, month-over-month trend |
//! | [`surprise_churn`] | "Surprise churn" (a predictive health score takes it from 35% to 8%) | the share of churned accounts whose tier 90 days before churn was Healthy or Thriving |
//! | [`save_outcomes`] | "Save Plays by Churn Reason" | saved, lost or pending: a save counts only when the account is still active N days later |
//!
//! ## Day arithmetic
//!
//! Days are calendar days ([`NaiveDate`]); "day D-30" of a renewal on 2026-12-31 is
//! 2026-12-01. Differences are whole days (`as_of - date`). Month cadences (monthly,
//! quarterly, semi-annual, annual) add calendar months and clamp to the month's last day
//! (a monthly touch after 2026-01-31 is due on 2026-02-28).
//!
//! ## Shares
//!
//! Every share is reported as a [`Share`]: the exact numerator and denominator (counts, or
//! ARR as [`Decimal`]) and `ratio`, one IEEE-754 division of the two (for ARR, of the two
//! amounts converted to the nearest double by their decimal text), not rounded; `null` when the
//! denominator is zero. Money is never summed in floating point.
//!
//! ## Example
//!
//! ```
//! use tenure::{renewal_prep, NaiveDate, RenewalInput, RenewalStepStatus};
//! let day = |s: &str| s.parse::<NaiveDate>().unwrap();
//! let plan = renewal_prep(&RenewalInput {
//!     renewal_date: day("2026-12-31"),
//!     as_of: day("2026-11-20"),          // D-41: the D-45 renewal discussion is current
//!     completed: vec!["internal_review".into(), "success_recap".into()],
//!     ..RenewalInput::default()
//! })?;
//! assert_eq!(plan.days_until_renewal, 41);
//! assert_eq!(plan.current_step.as_deref(), Some("renewal_discussion"));
//! assert_eq!(plan.next_step.as_deref(), Some("contract_sent"));
//! assert_eq!(plan.overdue_steps, vec!["roi_presentation".to_string()]);
//! assert_eq!(plan.steps[0].status, RenewalStepStatus::Done);
//! assert!(!plan.red_alert);
//! # Ok::<(), tenure::Error>(())
//! ```

mod cadence;
mod churn;
mod engagement;
mod onboarding;
mod renewal;
mod winback;

/// The customer segment under its earlier name (the cadence and onboarding inputs' `segment`).
pub use cadence::CustomerSegment as Segment;
pub use cadence::{
    touch_cadence, ArrThresholds, Cadence, CustomerSegment, LastTouches, TouchCadence,
    TouchCadenceInput, TouchKind, TouchState, TouchStatus,
};
pub use churn::{
    churn_reason_analysis, classify_churn, save_outcomes, surprise_churn, AccountHistory,
    CategoryCount, CategoryMonth, CategoryTrend, ChurnCategory, ChurnEvent, ChurnMonth,
    ChurnReasonAnalysis, ChurnTaxonomy, ClassifiedChurn, PlayOutcomes, Preventability, SaveAttempt,
    SaveOutcome, SaveOutcomes, SaveOutcomesInput, SaveOutcomesOptions, SavePlay, SaveResult,
    SubReason, SubReasonCount, SurpriseAccount, SurpriseChurn, SurpriseChurnInput,
    SurpriseChurnOptions, SurpriseClass, SurprisePeriod, CHURN_TAXONOMY_JSON,
};
pub use engagement::{
    engagement_level, ActivityFacts, EngagementAssessment, EngagementLevel, EngagementOptions,
};
pub use onboarding::{
    onboarding_plan, CompletedMilestone, MilestoneState, MilestoneStatus, OnboardingInput,
    OnboardingMilestone, OnboardingPhase, OnboardingPlan, OnboardingTemplate, PhaseStatus,
    TimeToFirstValue, TtfvStatus,
};
pub use renewal::{
    renewal_prep, RedAlertReason, RenewalInput, RenewalOptions, RenewalPhase, RenewalPlan,
    RenewalStep, RenewalStepDef, RenewalStepStatus, RENEWAL_STEPS,
};
pub use winback::{
    win_back_plan, EmailStatus, SuccessBand, WinBackBucket, WinBackEmail, WinBackInput, WinBackPlan,
};

use crate::error::{Error, ErrorCode, Result};
use crate::shared::money::decimal_to_f64;
use chrono::{Days, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

/// A share: the exact numerator and denominator and their ratio (see the module docs).
///
/// ```
/// let share = tenure::Share::of_counts(1, 4);
/// assert_eq!(share.ratio, Some(0.25));
/// assert_eq!(tenure::Share::of_counts(0, 0).ratio, None);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Share<T> {
    /// What is counted (a count, or ARR).
    pub numerator: T,
    /// Out of what.
    pub denominator: T,
    /// `numerator / denominator`, one IEEE-754 division, not rounded; `null` when the
    /// denominator is zero. Always within 0..=1 for the shares this module reports.
    pub ratio: Option<f64>,
}

impl Share<u64> {
    /// A share of counts.
    pub fn of_counts(numerator: u64, denominator: u64) -> Share<u64> {
        let ratio = (denominator > 0).then(|| numerator as f64 / denominator as f64);
        Share {
            numerator,
            denominator,
            ratio,
        }
    }
}

impl Share<Decimal> {
    /// A share of two amounts.
    pub fn of_amounts(numerator: Decimal, denominator: Decimal) -> Share<Decimal> {
        let ratio = (!denominator.is_zero())
            .then(|| decimal_to_f64(numerator) / decimal_to_f64(denominator));
        Share {
            numerator,
            denominator,
            ratio,
        }
    }
}

/// `date + days` (negative: back), or `input.date_out_of_range` at `path`.
pub(crate) fn shift_days(date: NaiveDate, days: i64, path: &str) -> Result<NaiveDate> {
    shift_days_at(date, days, || path.to_string())
}

/// [`shift_days`] with the path built only on error (for loops over many items).
pub(crate) fn shift_days_at(
    date: NaiveDate,
    days: i64,
    path: impl FnOnce() -> String,
) -> Result<NaiveDate> {
    let moved = if days >= 0 {
        date.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        date.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    moved.ok_or_else(|| out_of_calendar(date, &path(), &format!("{days:+} days")))
}

/// `date + months` (calendar months, clamped to the month's last day), or
/// `input.date_out_of_range` at `path`.
pub(crate) fn shift_months(date: NaiveDate, months: u32, path: &str) -> Result<NaiveDate> {
    date.checked_add_months(Months::new(months))
        .ok_or_else(|| out_of_calendar(date, path, &format!("+{months} months")))
}

fn out_of_calendar(date: NaiveDate, path: &str, what: &str) -> Error {
    Error::new(
        ErrorCode::InputDateOutOfRange,
        path,
        format!("{date} {what} is outside the calendar"),
    )
    .with_value(date.to_string())
}

/// Whole days from `from` to `to` (negative when `to` is earlier). Cannot overflow: chrono's
/// calendar spans fewer than 2^28 days.
pub(crate) fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    to.signed_duration_since(from).num_days()
}

/// `input.out_of_range` for a negative amount of money (the path is built only on error).
pub(crate) fn check_amount<P: Into<String>>(arr: Decimal, path: impl FnOnce() -> P) -> Result<()> {
    if arr.is_sign_negative() && !arr.is_zero() {
        return Err(Error::new(
            ErrorCode::InputOutOfRange,
            path(),
            "ARR must not be negative",
        )
        .with_value(arr.to_string()));
    }
    Ok(())
}

/// Adds two amounts, or `input.out_of_range` at `path` when the sum overflows.
pub(crate) fn add_amount<P: Into<String>>(
    total: Decimal,
    arr: Decimal,
    path: impl FnOnce() -> P,
) -> Result<Decimal> {
    total.checked_add(arr).ok_or_else(|| {
        Error::new(
            ErrorCode::InputOutOfRange,
            path(),
            "the ARR total overflows",
        )
        .with_value(arr.to_string())
    })
}

/// `input.date_order` at `path`: `what` happens after `as_of`.
pub(crate) fn after_as_of(path: &str, date: NaiveDate, what: &str) -> Error {
    Error::new(
        ErrorCode::InputDateOrder,
        path,
        format!("{what} ({date}) is after as_of"),
    )
    .with_value(date.to_string())
}

/// `input.duplicate_key` at `path` for a key given twice.
pub(crate) fn duplicate(path: &str, key: &str) -> Error {
    Error::new(
        ErrorCode::InputDuplicateKey,
        path,
        format!("`{key}` is given twice"),
    )
    .with_value(key)
}

/// The calendar month of a day, as `YYYY-MM` (written by hand: chrono's formatter is large in
/// the WebAssembly build).
pub(crate) fn month_key(date: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:04}-{:02}", date.year(), date.month())
}
