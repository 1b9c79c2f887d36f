//! The rule format: rule sets, rules, actions and conditions as plain data.
//!
//! The types here are what a rule set *is*; `parse.rs` reads them from JSON (with typed
//! errors) and `compile.rs` validates them and turns them into an evaluator.

use crate::shared::score_scale::Tier;
use chrono::NaiveDate;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// A set of lifecycle rules evaluated together over one account's facts.
///
/// ```
/// let set = tenure::RuleSet::from_json(r#"{
///   "id": "inactivity",
///   "rules": [{
///     "key": "no_login_30d",
///     "label": "No login for 30 days",
///     "condition": {"fact": "last_login_at", "measure": "days_since", "op": ">=", "value": 30},
///     "action": {"play": "reengage", "severity": "high", "due_within_hours": 48,
///                "message": "No login since {last_login_at}"}
///   }]
/// }"#).unwrap();
/// assert_eq!(set.rules.len(), 1);
/// assert_eq!(set.rules[0].priority, 100);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleSet {
    /// Identifier of the rule set.
    pub id: String,
    /// Version label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Human-readable name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Free-text note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The tier scale used by the `tier` measure and `tier_crossed` (default: the tiers of the
    /// built-in health model: thriving ≥ 80, healthy ≥ 60, at_risk ≥ 40, critical ≥ 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tiers: Option<Vec<Tier>>,
    /// Tighter limits than [`RuleLimits::MAX`] (never looser).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limits: Option<RuleLimits>,
    /// The rules, in the order they are reported.
    pub rules: Vec<Rule>,
}

/// Size limits of a rule set, so that rules from an untrusted source (a web form) cannot make
/// an evaluation slow: a rule set within them evaluates in time linear in its size.
///
/// [`RuleLimits::MAX`] is always enforced; a rule set may declare tighter limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RuleLimits {
    /// Deepest nesting of conditions (a rule whose condition is a single comparison has depth 1;
    /// each `all` / `any` / `not` adds one).
    pub max_depth: u32,
    /// Conditions (every node: `all`, `any`, `not` and comparisons) over the whole set.
    pub max_conditions: u32,
    /// Rules in the set.
    pub max_rules: u32,
    /// Values of one `in` / `not_in` list.
    pub max_in_values: u32,
    /// Characters of one message template (and of labels, notes and sources).
    pub max_message_chars: u32,
}

impl RuleLimits {
    /// The hard limits, also the defaults.
    pub const MAX: RuleLimits = RuleLimits {
        max_depth: 12,
        max_conditions: 20_000,
        max_rules: 2_000,
        max_in_values: 512,
        max_message_chars: 2_000,
    };
}

impl Default for RuleLimits {
    fn default() -> Self {
        RuleLimits::MAX
    }
}

/// Longest window of `window_days`, `within_days` (except `dropped`) and date comparisons: 10 years.
pub const MAX_WINDOW_DAYS: u32 = 3_660;
/// Longest `within_days` of a `dropped` condition (its work grows with the square of the points
/// in the window): a quarter.
pub const MAX_DROP_WINDOW_DAYS: u32 = 92;
/// Most `periods` of a window or of `sustained`.
pub const MAX_PERIODS: u32 = 1_000;
/// Longest `due_within_hours`: one year.
pub const MAX_DUE_HOURS: u32 = 8_784;
/// Longest `cooldown_days`: 10 years.
pub const MAX_COOLDOWN_DAYS: u32 = 3_660;
/// Largest `priority`.
pub const MAX_PRIORITY: u32 = 1_000_000;

/// One rule: when its condition holds for an account, it proposes its action (a play).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rule {
    /// Unique key of the rule.
    pub key: String,
    /// Human-readable name.
    pub label: String,
    /// Group of the rule (`onboarding_risk`, `early_warning`, `expansion`, ...), a key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Where the rule comes from (for the default pack: the playbook table it encodes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Free-text note (choices the source leaves open).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Rank: **1 is the most important**; lower numbers are reported first and win a play
    /// shared with other rules (default 100).
    pub priority: u32,
    /// When the rule fires.
    pub condition: Condition,
    /// What it proposes.
    pub action: Action,
    /// Days after the play last fired during which it is not proposed again (0 = no cooldown).
    pub cooldown_days: u32,
    /// A disabled rule is reported but never evaluated.
    pub enabled: bool,
}

/// What a rule proposes when it fires.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Action {
    /// The play (a key); one account gets each play at most once per evaluation.
    pub play: String,
    /// How urgent the play is.
    pub severity: Severity,
    /// The play is due this many hours after the start of `as_of` (none = no due time).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_within_hours: Option<u32>,
    /// Message template: `{fact}` is replaced by the fact's value, `{days_since:fact}`,
    /// `{days_until:fact}`, `{latest:fact}` and `{tier:fact}` by that measure, `{account}` and
    /// `{as_of}` by the account and the day; `{{` and `}}` are literal braces.
    pub message: String,
    /// Strength of an expansion signal (hot / warm).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strength: Option<SignalStrength>,
}

/// Severity of a play, most severe first: critical, high, medium, low, info.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Act now.
    Critical,
    /// Act soon.
    High,
    /// Plan it.
    Medium,
    /// When convenient.
    Low,
    /// For information.
    Info,
}

impl Severity {
    /// The string form (`"critical"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Info => "info",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Severity> {
        Some(match text {
            "critical" => Severity::Critical,
            "high" => Severity::High,
            "medium" => Severity::Medium,
            "low" => Severity::Low,
            "info" => Severity::Info,
            _ => return None,
        })
    }
}

/// Strength of an expansion signal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalStrength {
    /// 🔥 Hot: act on it now.
    Hot,
    /// 🟡 Warm: a good moment to open the conversation.
    Warm,
}

/// A condition over an account's facts. In JSON: `{"all": [...]}`, `{"any": [...]}`,
/// `{"not": {...}}`, or a test `{"fact": "...", "op": "...", ...}` (see the module docs).
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    /// Holds when every condition holds (Kleene logic: fails if one fails, else unknown if one
    /// is unknown).
    All(Vec<Condition>),
    /// Holds when one condition holds (else unknown if one is unknown, else fails).
    Any(Vec<Condition>),
    /// Holds when the condition fails (unknown stays unknown).
    Not(Box<Condition>),
    /// `=`, `!=`, `<`, `<=`, `>`, `>=` between a measured fact and a value.
    Compare {
        /// What is measured.
        subject: Subject,
        /// The comparison.
        op: CompareOp,
        /// The value compared with.
        value: Literal,
    },
    /// `min <= measured <= max` (both inclusive).
    Between {
        /// What is measured.
        subject: Subject,
        /// Lower bound (inclusive).
        min: Literal,
        /// Upper bound (inclusive).
        max: Literal,
    },
    /// The measured fact is one of the values (`in`), or none of them (`not_in`).
    In {
        /// What is measured.
        subject: Subject,
        /// The values.
        values: Vec<Literal>,
        /// `not_in`.
        negated: bool,
    },
    /// The fact is absent or null (`is_missing`), or present (`is_present`). Never unknown.
    Missing {
        /// The fact.
        fact: String,
        /// `is_present`.
        negated: bool,
    },
    /// The last `periods` points of a series (on or before `as_of`) all compare true with the value.
    Sustained {
        /// A series fact.
        fact: String,
        /// The comparison each point must pass.
        compare: CompareOp,
        /// The value compared with.
        value: f64,
        /// How many points.
        periods: u32,
    },
    /// The tier of a score series moved down (or up) within the last `within_days` days,
    /// optionally into a given tier.
    TierCrossed {
        /// A series of scores (0-100).
        fact: String,
        /// Down or up.
        direction: Crossing,
        /// The window.
        within_days: u32,
        /// The tier the account must be in now.
        into: Option<String>,
    },
    /// A series (a health score) fell by at least `pct` percent between two of its points in
    /// the last `within_days` days (the largest drop, as in score trends).
    Dropped {
        /// A series fact.
        fact: String,
        /// Percentage of the earlier point.
        pct: f64,
        /// The window.
        within_days: u32,
    },
}

/// What a test measures: a fact, through a measure.
#[derive(Clone, Debug, PartialEq)]
pub struct Subject {
    /// The fact key.
    pub fact: String,
    /// The measure (default: the fact's value).
    pub measure: Measure,
}

/// How a fact becomes the value a test compares.
#[derive(Clone, Debug, PartialEq)]
pub enum Measure {
    /// The fact's own value (a number, text, boolean or date).
    Value,
    /// A number fact divided by another number fact (`"divided_by": "seats_licensed"`).
    Ratio {
        /// The denominator fact.
        denominator: String,
    },
    /// Whole days from a date fact to `as_of` (negative for a future date).
    DaysSince,
    /// Whole days from `as_of` to a date fact (negative for a past date).
    DaysUntil,
    /// The latest point of a series on or before `as_of`.
    Latest,
    /// `(latest - baseline) / baseline × 100` of a series.
    PctChange(Window),
    /// `latest - baseline` of a series.
    Change(Window),
    /// The tier key of a score (a number fact, 0-100, rounded to 0.1 like health scores).
    Tier,
}

impl Measure {
    /// The measure's name in the rule format.
    pub fn name(&self) -> &'static str {
        match self {
            Measure::Value => "value",
            Measure::Ratio { .. } => "ratio",
            Measure::DaysSince => "days_since",
            Measure::DaysUntil => "days_until",
            Measure::Latest => "latest",
            Measure::PctChange(_) => "pct_change",
            Measure::Change(_) => "change",
            Measure::Tier => "tier",
        }
    }
}

/// The baseline of a change over a series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    /// The latest point on or before `as_of - days` (`"window_days"`).
    Days(u32),
    /// The point this many points before the latest (`"periods"`: 1 = the previous point,
    /// i.e. month over month on a monthly series).
    Periods(u32),
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CompareOp {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CompareOp {
    /// The operator's symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            CompareOp::Eq => "=",
            CompareOp::Ne => "!=",
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<CompareOp> {
        Some(match text {
            "=" => CompareOp::Eq,
            "!=" => CompareOp::Ne,
            "<" => CompareOp::Lt,
            "<=" => CompareOp::Le,
            ">" => CompareOp::Gt,
            ">=" => CompareOp::Ge,
            _ => return None,
        })
    }

    /// Whether the operator orders values (`<`, `<=`, `>`, `>=`).
    pub fn is_ordering(self) -> bool {
        !matches!(self, CompareOp::Eq | CompareOp::Ne)
    }

    /// Applies the operator to an ordering of `measured` against the value.
    pub(crate) fn holds(self, ord: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::{Equal, Greater, Less};
        match self {
            CompareOp::Eq => ord == Equal,
            CompareOp::Ne => ord != Equal,
            CompareOp::Lt => ord == Less,
            CompareOp::Le => ord != Greater,
            CompareOp::Gt => ord == Greater,
            CompareOp::Ge => ord != Less,
        }
    }
}

/// Direction of a tier crossing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Crossing {
    /// Into a lower tier.
    Down,
    /// Into a higher tier.
    Up,
}

/// A value in a rule: a number, a text, a boolean or a date (in JSON, a `"YYYY-MM-DD"` string
/// is a date, in rules and in facts alike).
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// A finite number.
    Number(f64),
    /// A text.
    Text(String),
    /// A boolean.
    Bool(bool),
    /// A calendar day.
    Date(NaiveDate),
}

impl Literal {
    /// The kind of the value, as named in errors.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Literal::Number(_) => "number",
            Literal::Text(_) => "text",
            Literal::Bool(_) => "boolean",
            Literal::Date(_) => "date",
        }
    }

    pub(crate) fn to_json(&self) -> serde_json::Value {
        match self {
            Literal::Number(n) => crate::error::number_value(*n),
            Literal::Text(t) => serde_json::Value::String(t.clone()),
            Literal::Bool(b) => serde_json::Value::Bool(*b),
            Literal::Date(d) => serde_json::Value::String(d.to_string()),
        }
    }
}

impl Serialize for Literal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Literal::Number(n) => serializer.serialize_f64(*n),
            Literal::Text(t) => serializer.serialize_str(t),
            Literal::Bool(b) => serializer.serialize_bool(*b),
            Literal::Date(d) => serializer.collect_str(d),
        }
    }
}

/// A calendar day in the rule and fact formats: exactly `YYYY-MM-DD` (a valid date).
///
/// ```
/// use tenure::rules::parse_day;
/// assert!(parse_day("2026-02-28").is_some());
/// assert!(parse_day("2026-02-29").is_none());
/// assert!(parse_day("2026-3-1").is_none());
/// ```
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        b.get(range)?.iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let year = i32::try_from(digits(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(5..7)?, digits(8..10)?)
}

pub(crate) fn parse_date(text: &str) -> Option<NaiveDate> {
    parse_day(text)
}

impl Serialize for Condition {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        match self {
            Condition::All(items) => map.serialize_entry("all", items)?,
            Condition::Any(items) => map.serialize_entry("any", items)?,
            Condition::Not(item) => map.serialize_entry("not", item)?,
            Condition::Compare { subject, op, value } => {
                subject_entries(&mut map, subject)?;
                map.serialize_entry("op", op.symbol())?;
                map.serialize_entry("value", value)?;
            }
            Condition::Between { subject, min, max } => {
                subject_entries(&mut map, subject)?;
                map.serialize_entry("op", "between")?;
                map.serialize_entry("min", min)?;
                map.serialize_entry("max", max)?;
            }
            Condition::In {
                subject,
                values,
                negated,
            } => {
                subject_entries(&mut map, subject)?;
                map.serialize_entry("op", if *negated { "not_in" } else { "in" })?;
                map.serialize_entry("values", values)?;
            }
            Condition::Missing { fact, negated } => {
                map.serialize_entry("fact", fact)?;
                map.serialize_entry("op", if *negated { "is_present" } else { "is_missing" })?;
            }
            Condition::Sustained {
                fact,
                compare,
                value,
                periods,
            } => {
                map.serialize_entry("fact", fact)?;
                map.serialize_entry("op", "sustained")?;
                map.serialize_entry("compare", compare.symbol())?;
                map.serialize_entry("value", value)?;
                map.serialize_entry("periods", periods)?;
            }
            Condition::TierCrossed {
                fact,
                direction,
                within_days,
                into,
            } => {
                map.serialize_entry("fact", fact)?;
                map.serialize_entry("op", "tier_crossed")?;
                map.serialize_entry("direction", direction)?;
                map.serialize_entry("within_days", within_days)?;
                if let Some(into) = into {
                    map.serialize_entry("into", into)?;
                }
            }
            Condition::Dropped {
                fact,
                pct,
                within_days,
            } => {
                map.serialize_entry("fact", fact)?;
                map.serialize_entry("op", "dropped")?;
                map.serialize_entry("pct", pct)?;
                map.serialize_entry("within_days", within_days)?;
            }
        }
        map.end()
    }
}

fn subject_entries<M: SerializeMap>(map: &mut M, subject: &Subject) -> Result<(), M::Error> {
    map.serialize_entry("fact", &subject.fact)?;
    match &subject.measure {
        Measure::Value => {}
        Measure::Ratio { denominator } => map.serialize_entry("divided_by", denominator)?,
        Measure::PctChange(window) | Measure::Change(window) => {
            map.serialize_entry("measure", subject.measure.name())?;
            match window {
                Window::Days(d) => map.serialize_entry("window_days", d)?,
                Window::Periods(p) => map.serialize_entry("periods", p)?,
            }
        }
        other => map.serialize_entry("measure", other.name())?,
    }
    Ok(())
}
