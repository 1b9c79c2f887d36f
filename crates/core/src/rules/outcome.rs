//! What an evaluation reports: each condition's truth with the facts it used, each rule's
//! status, the plays proposed and the plays suppressed.

use super::facts::{FactValue, SeriesPoint};
use super::model::{Severity, SignalStrength};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Serialize, Serializer};

/// Outcome of a condition (three-valued: a condition on a missing fact is unknown).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Truth {
    /// The condition holds.
    Held,
    /// The condition does not hold.
    Failed,
    /// The facts do not tell (see the reason).
    Unknown,
}

impl Truth {
    /// Held when `b`, else failed.
    pub(crate) fn of(b: bool) -> Truth {
        if b {
            Truth::Held
        } else {
            Truth::Failed
        }
    }

    /// The negation (unknown stays unknown).
    pub(crate) fn not(self) -> Truth {
        match self {
            Truth::Held => Truth::Failed,
            Truth::Failed => Truth::Held,
            Truth::Unknown => Truth::Unknown,
        }
    }
}

/// Why a condition is unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnknownReason {
    /// The fact (or the denominator of a ratio) is absent, null or NaN.
    MissingFact,
    /// The fact is of another kind than the condition reads (e.g. text where a date is read).
    WrongType,
    /// A ratio's denominator is 0.
    ZeroDenominator,
    /// The series has no point on or before `as_of`.
    NoPoint,
    /// The series does not reach back to the start of the window (or has too few points
    /// for `periods`).
    NoBaseline,
    /// A percentage change from a baseline of 0.
    ZeroBaseline,
    /// Too few points for `sustained`, `dropped` or `tier_crossed`.
    NotEnoughPoints,
    /// A score outside 0-100 where a tier is read.
    OutOfRange,
}

/// A value a condition measured (the number of days, the percentage change, the tier key, ...).
#[derive(Clone, Debug, PartialEq)]
pub enum Measured {
    /// A number.
    Number(f64),
    /// A text (also a tier key).
    Text(String),
    /// A boolean.
    Bool(bool),
    /// A date.
    Date(NaiveDate),
}

impl Serialize for Measured {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Measured::Number(n) => serializer.serialize_f64(*n),
            Measured::Text(t) => serializer.serialize_str(t),
            Measured::Bool(b) => serializer.serialize_bool(*b),
            Measured::Date(d) => serializer.collect_str(d),
        }
    }
}

/// How one condition of a rule came out, with the fact values it used.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConditionTrace {
    /// `all`, `any`, `not` or the test's operator.
    pub op: &'static str,
    /// Held, failed or unknown.
    pub result: Truth,
    /// The fact tested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fact: Option<String>,
    /// The measure applied (absent for the fact's own value).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure: Option<&'static str>,
    /// The fact's value (scalar facts; series are shown by `from` / `to`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fact_value: Option<FactValue>,
    /// The denominator's value, for a ratio.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denominator_value: Option<FactValue>,
    /// The value compared (days, percentage, ratio, tier key, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measured: Option<Measured>,
    /// Earlier series point used (baseline, first of the sustained points, start of the drop).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<SeriesPoint>,
    /// Later series point used (the latest point, end of the drop).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<SeriesPoint>,
    /// Why the condition is unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<UnknownReason>,
    /// Children of `all` / `any` / `not`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<ConditionTrace>,
}

/// What happened to a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleStatus {
    /// The condition held and the play was proposed.
    Fired,
    /// The condition held but the play was suppressed (another rule won it, or cooldown).
    Suppressed,
    /// The condition failed.
    NotMet,
    /// The condition is unknown (missing facts): the rule does not fire.
    Unknown,
    /// The rule is disabled.
    Disabled,
}

/// One rule's outcome, with its condition tree.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleOutcome {
    /// Rule key.
    pub rule: String,
    /// What happened.
    pub status: RuleStatus,
    /// Whether the condition held.
    pub matched: bool,
    /// The condition tree (absent for a disabled rule).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<ConditionTrace>,
}

/// A play proposed for the account.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlayAction {
    /// Play key.
    pub play: String,
    /// The rule that proposed it.
    pub rule: String,
    /// The rule's label.
    pub label: String,
    /// The rule's category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The rule's source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The rule's priority (1 = most important).
    pub priority: u32,
    /// Severity.
    pub severity: Severity,
    /// Expansion-signal strength.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strength: Option<SignalStrength>,
    /// Hours to act.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_within_hours: Option<u32>,
    /// `as_of` at 00:00 plus `due_within_hours`, as an ISO date-time without zone
    /// (`"2026-03-03T00:00:00"`): the day starts in the account's own time zone.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "iso_date_time"
    )]
    pub due_at: Option<NaiveDateTime>,
    /// The message with the facts substituted.
    pub message: String,
}

/// Why a matched rule proposed no play.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SuppressionReason {
    /// A rule ranked higher proposes the same play (one play per account).
    DuplicatePlay,
    /// The play fired less than `cooldown_days` ago.
    Cooldown,
}

/// A matched rule whose play was suppressed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Suppression {
    /// Rule key.
    pub rule: String,
    /// Play key.
    pub play: String,
    /// Why.
    pub reason: SuppressionReason,
    /// For a duplicate: the rule that holds the play.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_rule: Option<String>,
    /// For a cooldown: when the play last fired.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_fired: Option<NaiveDate>,
    /// For a cooldown: the first day the play may fire again (`last_fired + cooldown_days`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
}

/// The evaluation of a rule set for one account.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleEvaluation {
    /// The account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The day evaluated.
    pub as_of: NaiveDate,
    /// The rule set's id.
    pub rule_set: String,
    /// Plays proposed, by priority (1 first), then severity (most severe first), then rule key.
    pub actions: Vec<PlayAction>,
    /// Matched rules whose play was suppressed, in the same order.
    pub suppressed: Vec<Suppression>,
    /// Every rule, in rule-set order.
    pub rules: Vec<RuleOutcome>,
}

/// `YYYY-MM-DDTHH:MM:SS` (written here: the date and three two-digit fields).
pub(crate) fn iso_date_time<S: Serializer>(
    value: &Option<NaiveDateTime>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use chrono::Timelike;
    match value {
        None => serializer.serialize_none(),
        Some(t) => serializer.collect_str(&format_args!(
            "{}T{:02}:{:02}:{:02}",
            t.date(),
            t.hour(),
            t.minute(),
            t.second()
        )),
    }
}
