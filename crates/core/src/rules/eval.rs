//! Evaluation of a compiled rule set over one account's facts, with explanations.

use super::binding::FactRef;
use super::compiled::{
    CompiledLiteral, CompiledMeasure, CompiledSubject, FactKind, MessagePart, Node,
};
use super::facts::SeriesPoint;
use super::model::Window;
use super::outcome::{ConditionTrace, Measured, Truth, UnknownReason};
use crate::shared::score_history::largest_fall;
use crate::shared::score_scale::{round_score, Tier};
use chrono::{Days, NaiveDate};
use std::cmp::Ordering;
use std::fmt::Write as _;

/// The facts of an account bound to a compiled set's slots.
pub(crate) struct BoundFacts<'a> {
    pub(crate) as_of: NaiveDate,
    pub(crate) keys: &'a [String],
    pub(crate) slots: &'a [Option<FactRef<'a>>],
    pub(crate) tiers: &'a [Tier],
}

/// Result of a test: the truth and what it looked at.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Leaf<'a> {
    truth: Truth,
    measured: Option<MeasuredValue<'a>>,
    reason: Option<UnknownReason>,
    from: Option<SeriesPoint>,
    to: Option<SeriesPoint>,
}

/// A measured value, borrowed.
#[derive(Clone, Copy, Debug, PartialEq)]
enum MeasuredValue<'a> {
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
    value: MeasuredValue<'a>,
    from: Option<SeriesPoint>,
    to: Option<SeriesPoint>,
}

impl<'a> BoundFacts<'a> {
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

    fn measure(&self, subject: &CompiledSubject) -> Result<Measurement<'a>, UnknownReason> {
        let plain = |value| Measurement {
            value,
            from: None,
            to: None,
        };
        match subject.measure {
            CompiledMeasure::Value(kind) => {
                let fact = self.fact(subject.slot).ok_or(UnknownReason::MissingFact)?;
                let value = match (kind, fact) {
                    (FactKind::Number, FactRef::Number(n)) => MeasuredValue::Number(n),
                    (FactKind::Text, FactRef::Text(t)) => MeasuredValue::Text(t),
                    (FactKind::Bool, FactRef::Bool(b)) => MeasuredValue::Bool(b),
                    (FactKind::Date, FactRef::Date(d)) => MeasuredValue::Date(d),
                    _ => return Err(UnknownReason::WrongType),
                };
                Ok(plain(value))
            }
            CompiledMeasure::Ratio(denominator) => {
                let n = self.number(subject.slot)?;
                let d = self.number(denominator)?;
                if d == 0.0 {
                    return Err(UnknownReason::ZeroDenominator);
                }
                Ok(plain(MeasuredValue::Number(n / d)))
            }
            CompiledMeasure::DaysSince => {
                let d = self.date(subject.slot)?;
                Ok(plain(MeasuredValue::Number(
                    (self.as_of - d).num_days() as f64
                )))
            }
            CompiledMeasure::DaysUntil => {
                let d = self.date(subject.slot)?;
                Ok(plain(MeasuredValue::Number(
                    (d - self.as_of).num_days() as f64
                )))
            }
            CompiledMeasure::Latest => {
                let points = self.points(subject.slot)?;
                let latest = points.last().ok_or(UnknownReason::NoPoint)?;
                Ok(Measurement {
                    value: MeasuredValue::Number(latest.value),
                    from: None,
                    to: Some(*latest),
                })
            }
            CompiledMeasure::PctChange(window) | CompiledMeasure::Change(window) => {
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
                let value = if matches!(subject.measure, CompiledMeasure::Change(_)) {
                    latest.value - base.value
                } else {
                    if base.value == 0.0 {
                        return Err(UnknownReason::ZeroBaseline);
                    }
                    round_score((latest.value - base.value) / base.value * 100.0)
                };
                Ok(Measurement {
                    value: MeasuredValue::Number(value),
                    from: Some(base),
                    to: Some(latest),
                })
            }
            CompiledMeasure::Tier => {
                let score = self.number(subject.slot)?;
                Ok(plain(MeasuredValue::Tier(self.tier_of(score)?)))
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
                        measured: last.last().map(|p| MeasuredValue::Number(p.value)),
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
                            measured: Some(MeasuredValue::Number(0.0)),
                            reason: None,
                            from: None,
                            to: None,
                        },
                        Some((i, j, raw)) => {
                            let dropped = round_score(raw);
                            Leaf {
                                truth: Truth::of(dropped >= *pct),
                                measured: Some(MeasuredValue::Number(dropped)),
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
            measured: Some(MeasuredValue::Tier(now)),
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
    /// results as [`BoundFacts::leaf`], which the tests check).
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
    fn value(&self, subject: &CompiledSubject) -> Result<MeasuredValue<'a>, UnknownReason> {
        match subject.measure {
            CompiledMeasure::Value(kind) => {
                let fact = self.fact(subject.slot).ok_or(UnknownReason::MissingFact)?;
                match (kind, fact) {
                    (FactKind::Number, FactRef::Number(n)) => Ok(MeasuredValue::Number(n)),
                    (FactKind::Text, FactRef::Text(t)) => Ok(MeasuredValue::Text(t)),
                    (FactKind::Bool, FactRef::Bool(b)) => Ok(MeasuredValue::Bool(b)),
                    (FactKind::Date, FactRef::Date(d)) => Ok(MeasuredValue::Date(d)),
                    _ => Err(UnknownReason::WrongType),
                }
            }
            CompiledMeasure::DaysSince => Ok(MeasuredValue::Number(
                (self.as_of - self.date(subject.slot)?).num_days() as f64,
            )),
            CompiledMeasure::DaysUntil => Ok(MeasuredValue::Number(
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

    fn owned(&self, value: MeasuredValue<'_>) -> Measured {
        match value {
            MeasuredValue::Number(n) => Measured::Number(n),
            MeasuredValue::Text(t) => Measured::Text(t.to_string()),
            MeasuredValue::Bool(b) => Measured::Bool(b),
            MeasuredValue::Date(d) => Measured::Date(d),
            MeasuredValue::Tier(i) => {
                Measured::Text(self.tiers.get(i).map_or(String::new(), |t| t.key.clone()))
            }
        }
    }

    /// Renders a message template.
    pub(crate) fn render(&self, parts: &[MessagePart], account: Option<&str>) -> String {
        let mut out = String::new();
        for part in parts {
            match part {
                MessagePart::Text(t) => out.push_str(t),
                MessagePart::Account => out.push_str(account.unwrap_or("n/a")),
                MessagePart::AsOf => {
                    let _ = write!(out, "{}", self.as_of);
                }
                MessagePart::Fact(slot) => match self.fact(*slot) {
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
                MessagePart::DaysSince(slot) | MessagePart::DaysUntil(slot) => {
                    match self.date(*slot) {
                        Ok(d) => {
                            let days = if matches!(part, MessagePart::DaysSince(_)) {
                                (self.as_of - d).num_days()
                            } else {
                                (d - self.as_of).num_days()
                            };
                            let _ = write!(out, "{days}");
                        }
                        Err(_) => out.push_str("n/a"),
                    }
                }
                MessagePart::Latest(slot) => match self.points(*slot) {
                    Ok([.., last]) => push_number(&mut out, last.value),
                    _ => out.push_str("n/a"),
                },
                MessagePart::Tier(slot) => match self.number(*slot).and_then(|s| self.tier_of(s)) {
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
    fn subject(s: &CompiledSubject) -> (usize, Option<&'static str>, Option<usize>) {
        let (measure, denominator) = match s.measure {
            CompiledMeasure::Value(_) => (None, None),
            CompiledMeasure::Ratio(d) => (Some("ratio"), Some(d)),
            CompiledMeasure::DaysSince => (Some("days_since"), None),
            CompiledMeasure::DaysUntil => (Some("days_until"), None),
            CompiledMeasure::Latest => (Some("latest"), None),
            CompiledMeasure::PctChange(_) => (Some("pct_change"), None),
            CompiledMeasure::Change(_) => (Some("change"), None),
            CompiledMeasure::Tier => (Some("tier"), None),
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
fn compare(value: MeasuredValue<'_>, literal: &CompiledLiteral) -> Option<Ordering> {
    match (value, literal) {
        (MeasuredValue::Number(a), CompiledLiteral::Number(b)) => a.partial_cmp(b),
        (MeasuredValue::Date(a), CompiledLiteral::Date(b)) => Some(a.cmp(b)),
        (MeasuredValue::Text(a), CompiledLiteral::Text(b)) => Some(a.cmp(b)),
        (MeasuredValue::Bool(a), CompiledLiteral::Bool(b)) => Some(a.cmp(b)),
        (MeasuredValue::Tier(a), CompiledLiteral::Tier(b)) => Some(a.cmp(b)),
        _ => None,
    }
}
