//! Evaluation of a compiled rule set over one account's facts, with explanations.

use super::compile::{Compiled, CompiledRule, FactKind, Lit, Meas, Node, Segment, Subj};
use super::facts::{FactValue, SeriesPoint};
use super::model::{Severity, SignalStrength, Window};
use crate::shared::score_history::largest_fall;
use crate::shared::score_scale::{round_score, Tier};
use chrono::{Days, NaiveDate, NaiveDateTime, TimeDelta};
use serde::{Serialize, Serializer};
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt::Write as _;

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
    fn of(b: bool) -> Truth {
        if b {
            Truth::Held
        } else {
            Truth::Failed
        }
    }
    fn not(self) -> Truth {
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

/// One fact value, borrowed from an account's facts or from a column of a batch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum FactRef<'a> {
    Null,
    Number(f64),
    Text(&'a str),
    Bool(bool),
    Date(NaiveDate),
    Series(&'a [SeriesPoint]),
}

impl<'a> FactRef<'a> {
    pub(crate) fn of(value: &'a FactValue) -> FactRef<'a> {
        match value {
            FactValue::Null => FactRef::Null,
            FactValue::Number(n) => FactRef::Number(*n),
            FactValue::Text(t) => FactRef::Text(t),
            FactValue::Bool(b) => FactRef::Bool(*b),
            FactValue::Date(d) => FactRef::Date(*d),
            FactValue::Series(p) => FactRef::Series(p),
        }
    }

    pub(crate) fn owned(self) -> FactValue {
        match self {
            FactRef::Null => FactValue::Null,
            FactRef::Number(n) => FactValue::Number(n),
            FactRef::Text(t) => FactValue::Text(t.to_string()),
            FactRef::Bool(b) => FactValue::Bool(b),
            FactRef::Date(d) => FactValue::Date(d),
            FactRef::Series(p) => FactValue::Series(p.to_vec()),
        }
    }

    fn is_missing(self) -> bool {
        match self {
            FactRef::Null => true,
            FactRef::Number(n) => n.is_nan(),
            _ => false,
        }
    }
}

/// The facts of an account bound to a compiled set's slots.
pub(crate) struct Ctx<'a> {
    pub(crate) as_of: NaiveDate,
    pub(crate) keys: &'a [String],
    pub(crate) slots: &'a [Option<FactRef<'a>>],
    pub(crate) tiers: &'a [Tier],
}

/// The first 16 bytes of a key as a big-endian number (zero-padded): comparing two prefixes
/// orders two keys as `str::cmp` does whenever the prefixes differ, without a `memcmp` call.
pub(crate) fn key_prefix(key: &str) -> u128 {
    let mut buf = [0u8; 16];
    let bytes = key.as_bytes();
    let n = bytes.len().min(16);
    if let (Some(d), Some(s)) = (buf.get_mut(..n), bytes.get(..n)) {
        d.copy_from_slice(s);
    }
    u128::from_be_bytes(buf)
}

/// Binds facts to slots (a merge of two sorted key lists; lookups when the facts are many).
/// `prefixes` are the [`key_prefix`]es of `slots`.
pub(crate) fn bind<'a>(
    slots: &[String],
    prefixes: &[u128],
    facts: &'a BTreeMap<String, FactValue>,
    out: &mut Vec<Option<FactRef<'a>>>,
) {
    out.clear();
    if facts.len() > slots.len().saturating_mul(8) {
        out.extend(slots.iter().map(|k| facts.get(k).map(FactRef::of)));
        return;
    }
    let mut it = facts.iter();
    let mut current = it.next().map(|(k, v)| (key_prefix(k), k, v));
    for (key, &prefix) in slots.iter().zip(prefixes) {
        let mut found = None;
        while let Some((p, k, v)) = current {
            let order = match p.cmp(&prefix) {
                // Equal prefixes of two keys of the same length up to 16 bytes: equal keys.
                Ordering::Equal if k.len() == key.len() && k.len() <= 16 => Ordering::Equal,
                Ordering::Equal => k.as_str().cmp(key.as_str()),
                other => other,
            };
            match order {
                Ordering::Less => {
                    current = it.next().map(|(k, v)| (key_prefix(k), k, v));
                }
                Ordering::Equal => {
                    found = Some(FactRef::of(v));
                    current = it.next().map(|(k, v)| (key_prefix(k), k, v));
                    break;
                }
                Ordering::Greater => break,
            }
        }
        out.push(found);
    }
}

/// Result of a test: the truth and what it looked at.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Leaf<'a> {
    truth: Truth,
    measured: Option<Value<'a>>,
    reason: Option<UnknownReason>,
    from: Option<SeriesPoint>,
    to: Option<SeriesPoint>,
}

/// A measured value, borrowed.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Value<'a> {
    Number(f64),
    Text(&'a str),
    Bool(bool),
    Date(NaiveDate),
    Tier(usize),
}

impl<'a> Leaf<'a> {
    fn unknown(reason: UnknownReason) -> Leaf<'a> {
        Leaf {
            truth: Truth::Unknown,
            measured: None,
            reason: Some(reason),
            from: None,
            to: None,
        }
    }
}

struct Measurement<'a> {
    value: Value<'a>,
    from: Option<SeriesPoint>,
    to: Option<SeriesPoint>,
}

impl<'a> Ctx<'a> {
    fn fact(&self, slot: usize) -> Option<FactRef<'a>> {
        self.slots
            .get(slot)
            .copied()
            .flatten()
            .filter(|v| !v.is_missing())
    }

    /// Points on or before `as_of`.
    fn points(&self, slot: usize) -> Result<&'a [SeriesPoint], UnknownReason> {
        match self.fact(slot) {
            None => Err(UnknownReason::MissingFact),
            Some(FactRef::Series(points)) => {
                let upto = points.partition_point(|p| p.date <= self.as_of);
                Ok(points.get(..upto).unwrap_or(&[]))
            }
            Some(_) => Err(UnknownReason::WrongType),
        }
    }

    fn number(&self, slot: usize) -> Result<f64, UnknownReason> {
        match self.fact(slot) {
            None => Err(UnknownReason::MissingFact),
            Some(FactRef::Number(n)) => Ok(n),
            Some(_) => Err(UnknownReason::WrongType),
        }
    }

    fn date(&self, slot: usize) -> Result<NaiveDate, UnknownReason> {
        match self.fact(slot) {
            None => Err(UnknownReason::MissingFact),
            Some(FactRef::Date(d)) => Ok(d),
            Some(_) => Err(UnknownReason::WrongType),
        }
    }

    fn tier_of(&self, score: f64) -> Result<usize, UnknownReason> {
        if !(score.is_finite() && (0.0..=100.0).contains(&score)) {
            return Err(UnknownReason::OutOfRange);
        }
        // As `TierScale::assign`: the highest tier whose minimum the rounded score reaches.
        let score = round_score(score);
        self.tiers
            .iter()
            .position(|t| score >= t.min)
            .or(self.tiers.len().checked_sub(1))
            .ok_or(UnknownReason::OutOfRange)
    }

    fn measure(&self, subject: &Subj) -> Result<Measurement<'a>, UnknownReason> {
        let plain = |value| Measurement {
            value,
            from: None,
            to: None,
        };
        match subject.measure {
            Meas::Value(kind) => {
                let fact = self.fact(subject.slot).ok_or(UnknownReason::MissingFact)?;
                let value = match (kind, fact) {
                    (FactKind::Number, FactRef::Number(n)) => Value::Number(n),
                    (FactKind::Text, FactRef::Text(t)) => Value::Text(t),
                    (FactKind::Bool, FactRef::Bool(b)) => Value::Bool(b),
                    (FactKind::Date, FactRef::Date(d)) => Value::Date(d),
                    _ => return Err(UnknownReason::WrongType),
                };
                Ok(plain(value))
            }
            Meas::Ratio(denominator) => {
                let n = self.number(subject.slot)?;
                let d = self.number(denominator)?;
                if d == 0.0 {
                    return Err(UnknownReason::ZeroDenominator);
                }
                Ok(plain(Value::Number(n / d)))
            }
            Meas::DaysSince => {
                let d = self.date(subject.slot)?;
                Ok(plain(Value::Number((self.as_of - d).num_days() as f64)))
            }
            Meas::DaysUntil => {
                let d = self.date(subject.slot)?;
                Ok(plain(Value::Number((d - self.as_of).num_days() as f64)))
            }
            Meas::Latest => {
                let points = self.points(subject.slot)?;
                let latest = points.last().ok_or(UnknownReason::NoPoint)?;
                Ok(Measurement {
                    value: Value::Number(latest.value),
                    from: None,
                    to: Some(*latest),
                })
            }
            Meas::PctChange(window) | Meas::Change(window) => {
                let points = self.points(subject.slot)?;
                let latest = *points.last().ok_or(UnknownReason::NoPoint)?;
                let base = match window {
                    Window::Days(days) => self
                        .as_of
                        .checked_sub_days(Days::new(u64::from(days)))
                        .and_then(|start| {
                            let n = points.partition_point(|p| p.date <= start);
                            n.checked_sub(1).and_then(|i| points.get(i))
                        }),
                    Window::Periods(periods) => points
                        .len()
                        .checked_sub(1 + periods as usize)
                        .and_then(|i| points.get(i)),
                }
                .copied()
                .ok_or(UnknownReason::NoBaseline)?;
                let value = if matches!(subject.measure, Meas::Change(_)) {
                    latest.value - base.value
                } else {
                    if base.value == 0.0 {
                        return Err(UnknownReason::ZeroBaseline);
                    }
                    round_score((latest.value - base.value) / base.value * 100.0)
                };
                Ok(Measurement {
                    value: Value::Number(value),
                    from: Some(base),
                    to: Some(latest),
                })
            }
            Meas::Tier => {
                let score = self.number(subject.slot)?;
                Ok(plain(Value::Tier(self.tier_of(score)?)))
            }
        }
    }

    /// Evaluates a test (not `all` / `any` / `not`). `steps` counts units of work.
    pub(crate) fn leaf(&self, node: &Node, steps: &mut u64) -> Leaf<'a> {
        *steps += 1;
        let measured = |m: Measurement<'a>, truth: Truth| Leaf {
            truth,
            measured: Some(m.value),
            reason: None,
            from: m.from,
            to: m.to,
        };
        match node {
            Node::Compare { subject, op, value } => match self.measure(subject) {
                Err(reason) => Leaf::unknown(reason),
                Ok(m) => {
                    let truth =
                        compare(m.value, value).map_or(Truth::Unknown, |o| Truth::of(op.holds(o)));
                    measured(m, truth)
                }
            },
            Node::Between { subject, min, max } => match self.measure(subject) {
                Err(reason) => Leaf::unknown(reason),
                Ok(m) => {
                    let lo = compare(m.value, min);
                    let hi = compare(m.value, max);
                    let truth = match (lo, hi) {
                        (Some(lo), Some(hi)) => {
                            Truth::of(lo != Ordering::Less && hi != Ordering::Greater)
                        }
                        _ => Truth::Unknown,
                    };
                    measured(m, truth)
                }
            },
            Node::In {
                subject,
                values,
                negated,
            } => match self.measure(subject) {
                Err(reason) => Leaf::unknown(reason),
                Ok(m) => {
                    *steps += values.len() as u64;
                    let found = values
                        .iter()
                        .any(|v| compare(m.value, v) == Some(Ordering::Equal));
                    measured(m, Truth::of(found != *negated))
                }
            },
            Node::Missing { slot, negated } => {
                let missing = self.fact(*slot).is_none();
                Leaf {
                    truth: Truth::of(missing != *negated),
                    measured: None,
                    reason: None,
                    from: None,
                    to: None,
                }
            }
            Node::Sustained {
                slot,
                compare: op,
                value,
                periods,
            } => match self.points(*slot) {
                Err(reason) => Leaf::unknown(reason),
                Ok(points) => {
                    let k = *periods as usize;
                    let Some(last) = points.len().checked_sub(k).and_then(|i| points.get(i..))
                    else {
                        return Leaf::unknown(UnknownReason::NotEnoughPoints);
                    };
                    *steps += k as u64;
                    let all = last
                        .iter()
                        .all(|p| p.value.partial_cmp(value).is_some_and(|o| op.holds(o)));
                    Leaf {
                        truth: Truth::of(all),
                        measured: last.last().map(|p| Value::Number(p.value)),
                        reason: None,
                        from: last.first().copied(),
                        to: last.last().copied(),
                    }
                }
            },
            Node::TierCrossed {
                slot,
                down,
                within_days,
                into,
            } => match self.tier_crossed(*slot, *down, *within_days, *into) {
                Ok(leaf) => leaf,
                Err(reason) => Leaf::unknown(reason),
            },
            Node::Dropped {
                slot,
                pct,
                within_days,
            } => match self.points(*slot) {
                Err(reason) => Leaf::unknown(reason),
                Ok(points) => {
                    let start = self
                        .as_of
                        .checked_sub_days(Days::new(u64::from(*within_days)));
                    let from = start.map_or(0, |s| points.partition_point(|p| p.date < s));
                    let window = points.get(from..).unwrap_or(&[]);
                    if window.len() < 2 {
                        return Leaf::unknown(UnknownReason::NotEnoughPoints);
                    }
                    let n = window.len() as u64;
                    *steps += n * (n - 1) / 2;
                    match largest_fall(window, |p| p.value) {
                        None => Leaf {
                            truth: Truth::Failed,
                            measured: Some(Value::Number(0.0)),
                            reason: None,
                            from: None,
                            to: None,
                        },
                        Some((i, j, raw)) => {
                            let dropped = round_score(raw);
                            Leaf {
                                truth: Truth::of(dropped >= *pct),
                                measured: Some(Value::Number(dropped)),
                                reason: None,
                                from: window.get(i).copied(),
                                to: window.get(j).copied(),
                            }
                        }
                    }
                }
            },
            Node::All(_) | Node::Any(_) | Node::Not(_) => Leaf::unknown(UnknownReason::WrongType),
        }
    }

    fn tier_crossed(
        &self,
        slot: usize,
        down: bool,
        within_days: u32,
        into: Option<usize>,
    ) -> Result<Leaf<'a>, UnknownReason> {
        let points = self.points(slot)?;
        let latest_index = points.len().checked_sub(1).ok_or(UnknownReason::NoPoint)?;
        let latest = *points.get(latest_index).ok_or(UnknownReason::NoPoint)?;
        let start = self
            .as_of
            .checked_sub_days(Days::new(u64::from(within_days)));
        // The reference is the last point on or before the window's start; a history that
        // starts inside the window is compared from its first point.
        let before = start.map_or(0, |s| points.partition_point(|p| p.date <= s));
        let reference_index = before.saturating_sub(1);
        if reference_index == latest_index && before == 0 {
            return Err(UnknownReason::NotEnoughPoints);
        }
        let reference = *points
            .get(reference_index)
            .ok_or(UnknownReason::NotEnoughPoints)?;
        let then = self.tier_of(reference.value)?;
        let now = self.tier_of(latest.value)?;
        // Index 0 is the highest tier: a larger index is lower.
        let crossed = if down { now > then } else { now < then };
        let held = crossed && into.is_none_or(|t| t == now);
        Ok(Leaf {
            truth: Truth::of(held),
            measured: Some(Value::Tier(now)),
            reason: None,
            from: Some(reference),
            to: Some(latest),
        })
    }

    /// The truth of a condition, short-circuiting `all` / `any` (for the summary mode).
    pub(crate) fn truth(&self, node: &Node, steps: &mut u64) -> Truth {
        match node {
            Node::All(items) => {
                *steps += 1;
                let mut out = Truth::Held;
                for item in items {
                    match self.truth(item, steps) {
                        Truth::Failed => return Truth::Failed,
                        Truth::Unknown => out = Truth::Unknown,
                        Truth::Held => {}
                    }
                }
                out
            }
            Node::Any(items) => {
                *steps += 1;
                let mut out = Truth::Failed;
                for item in items {
                    match self.truth(item, steps) {
                        Truth::Held => return Truth::Held,
                        Truth::Unknown => out = Truth::Unknown,
                        Truth::Failed => {}
                    }
                }
                out
            }
            Node::Not(inner) => {
                *steps += 1;
                self.truth(inner, steps).not()
            }
            leaf => self.leaf_truth(leaf, steps),
        }
    }

    /// The truth of a test without its explanation (the summary mode's fast path; the same
    /// results as [`Ctx::leaf`], which the tests check).
    fn leaf_truth(&self, node: &Node, steps: &mut u64) -> Truth {
        let held = |r: Option<bool>| r.map_or(Truth::Unknown, Truth::of);
        match node {
            Node::Compare { subject, op, value } => {
                *steps += 1;
                match self.value(subject) {
                    Ok(v) => held(compare(v, value).map(|o| op.holds(o))),
                    Err(_) => Truth::Unknown,
                }
            }
            Node::Between { subject, min, max } => {
                *steps += 1;
                match self.value(subject) {
                    Ok(v) => match (compare(v, min), compare(v, max)) {
                        (Some(lo), Some(hi)) => {
                            Truth::of(lo != Ordering::Less && hi != Ordering::Greater)
                        }
                        _ => Truth::Unknown,
                    },
                    Err(_) => Truth::Unknown,
                }
            }
            Node::Missing { slot, negated } => {
                *steps += 1;
                Truth::of(self.fact(*slot).is_none() != *negated)
            }
            other => self.leaf(other, steps).truth,
        }
    }

    /// The measured value alone (no series points) for the measures that need no series.
    #[inline]
    fn value(&self, subject: &Subj) -> Result<Value<'a>, UnknownReason> {
        match subject.measure {
            Meas::Value(kind) => {
                let fact = self.fact(subject.slot).ok_or(UnknownReason::MissingFact)?;
                match (kind, fact) {
                    (FactKind::Number, FactRef::Number(n)) => Ok(Value::Number(n)),
                    (FactKind::Text, FactRef::Text(t)) => Ok(Value::Text(t)),
                    (FactKind::Bool, FactRef::Bool(b)) => Ok(Value::Bool(b)),
                    (FactKind::Date, FactRef::Date(d)) => Ok(Value::Date(d)),
                    _ => Err(UnknownReason::WrongType),
                }
            }
            Meas::DaysSince => Ok(Value::Number(
                (self.as_of - self.date(subject.slot)?).num_days() as f64,
            )),
            Meas::DaysUntil => Ok(Value::Number(
                (self.date(subject.slot)? - self.as_of).num_days() as f64,
            )),
            _ => self.measure(subject).map(|m| m.value),
        }
    }

    /// The condition tree with every node's outcome (no short-circuit: every test is shown).
    pub(crate) fn trace(&self, node: &Node, steps: &mut u64) -> ConditionTrace {
        let group =
            |op: &'static str, result: Truth, conditions: Vec<ConditionTrace>| ConditionTrace {
                op,
                result,
                fact: None,
                measure: None,
                fact_value: None,
                denominator_value: None,
                measured: None,
                from: None,
                to: None,
                reason: None,
                conditions,
            };
        match node {
            Node::All(items) | Node::Any(items) => {
                *steps += 1;
                let children: Vec<ConditionTrace> =
                    items.iter().map(|c| self.trace(c, steps)).collect();
                let is_all = matches!(node, Node::All(_));
                let (decisive, default) = if is_all {
                    (Truth::Failed, Truth::Held)
                } else {
                    (Truth::Held, Truth::Failed)
                };
                let result = if children.iter().any(|c| c.result == decisive) {
                    decisive
                } else if children.iter().any(|c| c.result == Truth::Unknown) {
                    Truth::Unknown
                } else {
                    default
                };
                group(if is_all { "all" } else { "any" }, result, children)
            }
            Node::Not(inner) => {
                *steps += 1;
                let child = self.trace(inner, steps);
                group("not", child.result.not(), vec![child])
            }
            leaf_node => {
                let leaf = self.leaf(leaf_node, steps);
                let (op, slot, measure, denominator) = describe(leaf_node);
                let fact = self.slots.get(slot).copied().flatten();
                let scalar = fact.filter(|v| !matches!(v, FactRef::Series(_)));
                ConditionTrace {
                    op,
                    result: leaf.truth,
                    fact: self.keys.get(slot).cloned(),
                    measure,
                    fact_value: scalar.map(FactRef::owned),
                    denominator_value: denominator
                        .and_then(|d| self.slots.get(d).copied().flatten())
                        .map(FactRef::owned),
                    measured: leaf.measured.map(|v| self.owned(v)),
                    from: leaf.from,
                    to: leaf.to,
                    reason: leaf.reason,
                    conditions: Vec::new(),
                }
            }
        }
    }

    fn owned(&self, value: Value<'_>) -> Measured {
        match value {
            Value::Number(n) => Measured::Number(n),
            Value::Text(t) => Measured::Text(t.to_string()),
            Value::Bool(b) => Measured::Bool(b),
            Value::Date(d) => Measured::Date(d),
            Value::Tier(i) => {
                Measured::Text(self.tiers.get(i).map_or(String::new(), |t| t.key.clone()))
            }
        }
    }

    /// Renders a message template.
    pub(crate) fn render(&self, segments: &[Segment], account: Option<&str>) -> String {
        let mut out = String::new();
        for segment in segments {
            match segment {
                Segment::Text(t) => out.push_str(t),
                Segment::Account => out.push_str(account.unwrap_or("n/a")),
                Segment::AsOf => {
                    let _ = write!(out, "{}", self.as_of);
                }
                Segment::Fact(slot) => match self.fact(*slot) {
                    None => out.push_str("n/a"),
                    Some(FactRef::Number(n)) => push_number(&mut out, n),
                    Some(FactRef::Text(t)) => out.push_str(t),
                    Some(FactRef::Bool(b)) => {
                        let _ = write!(out, "{b}");
                    }
                    Some(FactRef::Date(d)) => {
                        let _ = write!(out, "{d}");
                    }
                    Some(FactRef::Series(_)) => match self.points(*slot) {
                        Ok([.., last]) => push_number(&mut out, last.value),
                        _ => out.push_str("n/a"),
                    },
                    Some(FactRef::Null) => out.push_str("n/a"),
                },
                Segment::DaysSince(slot) | Segment::DaysUntil(slot) => match self.date(*slot) {
                    Ok(d) => {
                        let days = if matches!(segment, Segment::DaysSince(_)) {
                            (self.as_of - d).num_days()
                        } else {
                            (d - self.as_of).num_days()
                        };
                        let _ = write!(out, "{days}");
                    }
                    Err(_) => out.push_str("n/a"),
                },
                Segment::Latest(slot) => match self.points(*slot) {
                    Ok([.., last]) => push_number(&mut out, last.value),
                    _ => out.push_str("n/a"),
                },
                Segment::Tier(slot) => match self.number(*slot).and_then(|s| self.tier_of(s)) {
                    Ok(i) => out.push_str(self.tiers.get(i).map_or("n/a", |t| &t.key)),
                    Err(_) => out.push_str("n/a"),
                },
            }
        }
        out
    }
}

/// Numbers in messages: shortest round-trip form, without a trailing `.0` (`30`, `0.85`).
fn push_number(out: &mut String, n: f64) {
    let _ = write!(out, "{n}");
}

/// Operator name, fact slot, measure name and ratio denominator of a test.
fn describe(node: &Node) -> (&'static str, usize, Option<&'static str>, Option<usize>) {
    fn subject(s: &Subj) -> (usize, Option<&'static str>, Option<usize>) {
        let (measure, denominator) = match s.measure {
            Meas::Value(_) => (None, None),
            Meas::Ratio(d) => (Some("ratio"), Some(d)),
            Meas::DaysSince => (Some("days_since"), None),
            Meas::DaysUntil => (Some("days_until"), None),
            Meas::Latest => (Some("latest"), None),
            Meas::PctChange(_) => (Some("pct_change"), None),
            Meas::Change(_) => (Some("change"), None),
            Meas::Tier => (Some("tier"), None),
        };
        (s.slot, measure, denominator)
    }
    match node {
        Node::Compare { subject: s, op, .. } => {
            let (slot, m, d) = subject(s);
            (op.symbol(), slot, m, d)
        }
        Node::Between { subject: s, .. } => {
            let (slot, m, d) = subject(s);
            ("between", slot, m, d)
        }
        Node::In {
            subject: s,
            negated,
            ..
        } => {
            let (slot, m, d) = subject(s);
            (if *negated { "not_in" } else { "in" }, slot, m, d)
        }
        Node::Missing { slot, negated } => (
            if *negated { "is_present" } else { "is_missing" },
            *slot,
            None,
            None,
        ),
        Node::Sustained { slot, .. } => ("sustained", *slot, None, None),
        Node::TierCrossed { slot, .. } => ("tier_crossed", *slot, None, None),
        Node::Dropped { slot, .. } => ("dropped", *slot, None, None),
        Node::All(_) => ("all", usize::MAX, None, None),
        Node::Any(_) => ("any", usize::MAX, None, None),
        Node::Not(_) => ("not", usize::MAX, None, None),
    }
}

/// Orders a measured value against a literal of the same kind (`None` across kinds).
fn compare(value: Value<'_>, literal: &Lit) -> Option<Ordering> {
    match (value, literal) {
        (Value::Number(a), Lit::Number(b)) => a.partial_cmp(b),
        (Value::Date(a), Lit::Date(b)) => Some(a.cmp(b)),
        (Value::Text(a), Lit::Text(b)) => Some(a.cmp(b)),
        (Value::Bool(a), Lit::Bool(b)) => Some(a.cmp(b)),
        (Value::Tier(a), Lit::Tier(b)) => Some(a.cmp(b)),
        _ => None,
    }
}

/// A matched rule's fate in the ranking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decision {
    Fire,
    Duplicate(usize),
    Cooldown(NaiveDate, Option<NaiveDate>),
}

/// Ranks the matched rules: in `order`, the first rule of each play holds it (the others are
/// duplicates); it fires unless the play is in its cooldown. Calls `decide(rule, decision)`
/// in rank order.
pub(crate) fn rank(
    compiled: &Compiled,
    matched: &[bool],
    last_fired: impl Fn(usize) -> Option<NaiveDate>,
    as_of: NaiveDate,
    holder: &mut Vec<usize>,
    mut decide: impl FnMut(usize, &CompiledRule, Decision),
) {
    holder.clear();
    holder.resize(compiled.plays.len(), usize::MAX);
    for &index in &compiled.order {
        let (Some(rule), Some(true)) = (compiled.rules.get(index), matched.get(index).copied())
        else {
            continue;
        };
        let Some(slot) = holder.get_mut(rule.play) else {
            continue;
        };
        if *slot != usize::MAX {
            decide(index, rule, Decision::Duplicate(*slot));
            continue;
        }
        *slot = index;
        let cooling = if rule.cooldown_days > 0 {
            last_fired(rule.play).and_then(|last| {
                let until = last.checked_add_days(Days::new(u64::from(rule.cooldown_days)));
                // Suppressed while as_of < last + cooldown (forever if that overflows).
                let suppressed = until.is_none_or(|u| as_of < u);
                suppressed.then_some(Decision::Cooldown(last, until))
            })
        } else {
            None
        };
        decide(index, rule, cooling.unwrap_or(Decision::Fire));
    }
}

/// `as_of` 00:00 plus the hours.
pub(crate) fn due_at(as_of: NaiveDate, hours: Option<u32>) -> Option<NaiveDateTime> {
    let hours = hours?;
    as_of
        .and_hms_opt(0, 0, 0)?
        .checked_add_signed(TimeDelta::try_hours(i64::from(hours))?)
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
