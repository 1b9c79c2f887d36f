//! The compiled form of a rule set: what `compile.rs` produces and evaluation reads.
//! Fact keys are resolved to slot indices, thresholds and tiers pre-resolved and message
//! templates split into parts, so that evaluation does no parsing and no lookups by name.

use super::model::{CompareOp, Severity, SignalStrength, Window};
use crate::shared::score_scale::Tier;
use chrono::NaiveDate;
use serde::Serialize;

/// The kind of value a rule set reads from a fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    /// A number.
    Number,
    /// A text.
    Text,
    /// A boolean.
    Bool,
    /// A date.
    Date,
    /// A series of dated values.
    Series,
    /// Only tested for presence (`is_missing`) or shown in messages: any value.
    Any,
}

impl FactKind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            FactKind::Number => "number",
            FactKind::Text => "text",
            FactKind::Bool => "boolean",
            FactKind::Date => "date",
            FactKind::Series => "series",
            FactKind::Any => "any value",
        }
    }
}

/// A compiled literal.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum CompiledLiteral {
    Number(f64),
    Text(Box<str>),
    Bool(bool),
    Date(NaiveDate),
    Tier(usize),
}

/// A compiled measure; slots index [`Compiled::slots`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum CompiledMeasure {
    Value(FactKind),
    Ratio(usize),
    DaysSince,
    DaysUntil,
    Latest,
    PctChange(Window),
    Change(Window),
    Tier,
}

/// A compiled subject: the fact's slot and how it is measured.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct CompiledSubject {
    pub(crate) slot: usize,
    pub(crate) measure: CompiledMeasure,
}

/// A compiled condition.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Node {
    All(Vec<Node>),
    Any(Vec<Node>),
    Not(Box<Node>),
    Compare {
        subject: CompiledSubject,
        op: CompareOp,
        value: CompiledLiteral,
    },
    Between {
        subject: CompiledSubject,
        min: CompiledLiteral,
        max: CompiledLiteral,
    },
    In {
        subject: CompiledSubject,
        values: Vec<CompiledLiteral>,
        negated: bool,
    },
    Missing {
        slot: usize,
        negated: bool,
    },
    Sustained {
        slot: usize,
        compare: CompareOp,
        value: f64,
        periods: u32,
    },
    TierCrossed {
        slot: usize,
        down: bool,
        within_days: u32,
        into: Option<usize>,
    },
    Dropped {
        slot: usize,
        pct: f64,
        within_days: u32,
    },
}

/// A part of a compiled message template: text, or a placeholder resolved to a slot.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum MessagePart {
    Text(String),
    Fact(usize),
    DaysSince(usize),
    DaysUntil(usize),
    Latest(usize),
    Tier(usize),
    Account,
    AsOf,
}

/// A compiled rule.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CompiledRule {
    pub(crate) key: String,
    pub(crate) label: String,
    pub(crate) category: Option<String>,
    pub(crate) source: Option<String>,
    pub(crate) priority: u32,
    pub(crate) severity: Severity,
    pub(crate) strength: Option<SignalStrength>,
    pub(crate) play: usize,
    pub(crate) due_within_hours: Option<u32>,
    pub(crate) cooldown_days: u32,
    pub(crate) enabled: bool,
    pub(crate) message: Vec<MessagePart>,
    pub(crate) node: Node,
}

/// Everything evaluation needs.
#[derive(Clone, Debug)]
pub(crate) struct Compiled {
    /// Fact keys read by the rules, sorted.
    pub(crate) slots: Vec<String>,
    /// Their [`key_prefix`]es.
    pub(crate) prefixes: Vec<u128>,
    pub(crate) kinds: Vec<FactKind>,
    /// Play keys, sorted.
    pub(crate) plays: Vec<String>,
    pub(crate) rules: Vec<CompiledRule>,
    /// Rule indices by priority, then severity (most severe first), then key.
    pub(crate) order: Vec<usize>,
    /// The tier scale, highest tier first.
    pub(crate) tiers: Vec<Tier>,
    /// Condition nodes over all rules.
    pub(crate) nodes: usize,
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

/// The fact keys and kinds a compiled set reads, sorted by key.
pub(crate) fn fact_table(compiled: &Compiled) -> Vec<(String, FactKind)> {
    compiled
        .slots
        .iter()
        .cloned()
        .zip(compiled.kinds.iter().copied())
        .collect()
}
