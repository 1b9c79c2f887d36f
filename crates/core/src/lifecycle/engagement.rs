//! Engagement level: Power User, Regular, Casual, Dormant or Ghost from an account's activity,
//! each with its typical behaviour, retention prediction and action.

use super::{after_as_of, days_between};
use crate::error::{number_value, Error, ErrorCode, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Engagement level, most engaged first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EngagementLevel {
    /// Daily, multi-feature, creates content — 95%+ renewal.
    PowerUser,
    /// 3-4x/week, core features — 85-95%.
    Regular,
    /// 1-2x/week, limited features — 60-80%.
    Casual,
    /// <1x/week or inactive — 20-40%.
    Dormant,
    /// No activity 30+ days — <20%.
    Ghost,
}

impl EngagementLevel {
    /// (label, behaviour, retention prediction, action) of the level.
    fn row(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            EngagementLevel::PowerUser => (
                "Power User",
                "Daily, multi-feature, creates content",
                "95%+ renewal",
                "Advocate program, expansion",
            ),
            EngagementLevel::Regular => (
                "Regular",
                "3-4x/week, core features",
                "85-95%",
                "Feature adoption, optimization",
            ),
            EngagementLevel::Casual => (
                "Casual",
                "1-2x/week, limited features",
                "60-80%",
                "Re-engagement campaign",
            ),
            EngagementLevel::Dormant => (
                "Dormant",
                "<1x/week or inactive",
                "20-40%",
                "Urgent intervention",
            ),
            EngagementLevel::Ghost => (
                "Ghost",
                "No activity 30+ days",
                "<20%",
                "Win-back or churn prep",
            ),
        }
    }
}

/// Thresholds of [`engagement_level`] (the defaults are the levels' standard definitions).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EngagementOptions {
    /// Days without activity from which an account is a Ghost (default 30: "30+ days").
    pub ghost_after_days: u32,
    /// Active days per week from which an account is a Power User (default 5: "daily",
    /// every working day).
    pub power_user_days: f64,
    /// Active days per week from which an account is Regular (default 3: "3-4x/week").
    pub regular_days: f64,
    /// Active days per week from which an account is Casual (default 1: "1-2x/week");
    /// below it, Dormant ("<1x/week").
    pub casual_days: f64,
    /// Features used below which a daily account is Regular rather than a Power User
    /// ("multi-feature"; default 3). Applies only when `features_used` is given.
    pub power_user_min_features: u32,
}

impl Default for EngagementOptions {
    fn default() -> Self {
        EngagementOptions {
            ghost_after_days: 30,
            power_user_days: 5.0,
            regular_days: 3.0,
            casual_days: 1.0,
            power_user_min_features: 3,
        }
    }
}

/// Activity facts of an account.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityFacts {
    /// Average number of days per week with activity (0-7), e.g. over the last 4 weeks.
    pub active_days_per_week: f64,
    /// Last day with activity; `null`: never active.
    #[serde(default)]
    pub last_active_on: Option<NaiveDate>,
    /// The day of the answer.
    pub as_of: NaiveDate,
    /// Number of distinct features used, if known.
    #[serde(default)]
    pub features_used: Option<u32>,
    /// Whether the account creates content, if known.
    #[serde(default)]
    pub creates_content: Option<bool>,
    /// Thresholds.
    #[serde(default)]
    pub options: EngagementOptions,
}

/// An account's engagement level with its description and the rule that decided it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EngagementAssessment {
    /// The level.
    pub level: EngagementLevel,
    /// Display name.
    pub label: String,
    /// The typical behaviour at this level.
    pub behavior: String,
    /// The retention prediction of this level.
    pub retention_prediction: String,
    /// The action to take.
    pub action: String,
    /// `as_of - last_active_on`; `null` when never active.
    pub days_since_active: Option<i64>,
    /// The active days per week given.
    pub active_days_per_week: f64,
    /// Which rule decided, e.g. `"active_days_per_week >= 3 (regular_days)"`.
    pub reason: String,
}

/// The engagement level from activity facts, first rule that holds:
///
/// 1. **Ghost**: never active, or `as_of - last_active_on >= ghost_after_days` (30);
/// 2. **Power User**: `active_days_per_week >= power_user_days` (5), unless `features_used`
///    is given and below `power_user_min_features` (3) or `creates_content` is `false` —
///    then Regular;
/// 3. **Regular**: `>= regular_days` (3);
/// 4. **Casual**: `>= casual_days` (1);
/// 5. **Dormant**: below 1 active day per week.
///
/// ```
/// use tenure::{engagement_level, ActivityFacts, EngagementLevel, NaiveDate};
/// let day = |s: &str| s.parse::<NaiveDate>().unwrap();
/// let facts = ActivityFacts {
///     active_days_per_week: 3.0,
///     last_active_on: Some(day("2026-05-30")),
///     as_of: day("2026-06-01"),
///     ..ActivityFacts::default()
/// };
/// assert_eq!(engagement_level(&facts)?.level, EngagementLevel::Regular);
/// # Ok::<(), tenure::Error>(())
/// ```
pub fn engagement_level(facts: &ActivityFacts) -> Result<EngagementAssessment> {
    let o = &facts.options;
    let f = facts.active_days_per_week;
    if !(f.is_finite() && (0.0..=7.0).contains(&f)) {
        return Err(Error::new(
            ErrorCode::InputOutOfRange,
            "active_days_per_week",
            "active days per week are between 0 and 7",
        )
        .with_value(number_value(f)));
    }
    let thresholds = [
        ("options.casual_days", o.casual_days),
        ("options.regular_days", o.regular_days),
        ("options.power_user_days", o.power_user_days),
    ];
    let mut previous = 0.0;
    for (path, t) in thresholds {
        if !(t.is_finite() && t > previous && t <= 7.0) {
            return Err(Error::new(
                ErrorCode::InputOutOfRange,
                path,
                "thresholds rise: 0 < casual_days < regular_days < power_user_days <= 7",
            )
            .with_value(number_value(t)));
        }
        previous = t;
    }
    if let Some(last) = facts.last_active_on.filter(|d| *d > facts.as_of) {
        return Err(after_as_of("last_active_on", last, "the last activity"));
    }
    let since = facts.last_active_on.map(|d| days_between(d, facts.as_of));
    let (level, reason) = match since {
        None => (EngagementLevel::Ghost, "never active".to_string()),
        Some(d) if d >= i64::from(o.ghost_after_days) => (
            EngagementLevel::Ghost,
            format!(
                "{d} days since last activity >= {} (ghost_after_days)",
                o.ghost_after_days
            ),
        ),
        Some(_) if f >= o.power_user_days => {
            let few = facts
                .features_used
                .filter(|n| *n < o.power_user_min_features);
            match (few, facts.creates_content) {
                (Some(n), _) => (
                    EngagementLevel::Regular,
                    format!(
                        "daily, but features_used {n} < {} (power_user_min_features)",
                        o.power_user_min_features
                    ),
                ),
                (None, Some(false)) => (
                    EngagementLevel::Regular,
                    "daily, but creates no content".to_string(),
                ),
                _ => (
                    EngagementLevel::PowerUser,
                    format!(
                        "active_days_per_week {f} >= {} (power_user_days)",
                        o.power_user_days
                    ),
                ),
            }
        }
        Some(_) if f >= o.regular_days => (
            EngagementLevel::Regular,
            format!(
                "active_days_per_week {f} >= {} (regular_days)",
                o.regular_days
            ),
        ),
        Some(_) if f >= o.casual_days => (
            EngagementLevel::Casual,
            format!(
                "active_days_per_week {f} >= {} (casual_days)",
                o.casual_days
            ),
        ),
        Some(_) => (
            EngagementLevel::Dormant,
            format!("active_days_per_week {f} < {} (casual_days)", o.casual_days),
        ),
    };
    let (label, behavior, retention, action) = level.row();
    Ok(EngagementAssessment {
        level,
        label: label.to_string(),
        behavior: behavior.to_string(),
        retention_prediction: retention.to_string(),
        action: action.to_string(),
        days_since_active: since,
        active_days_per_week: f,
        reason,
    })
}
