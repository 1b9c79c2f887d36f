//! The rule engine: a compiled rule set that evaluates accounts.

use super::binding::{bind, FactRef};
use super::columns::FactColumns;
use super::compile::compile;
use super::compiled::{fact_table, Compiled, FactKind, Node};
use super::eval::BoundFacts;
use super::facts::AccountFacts;
use super::model::RuleSet;
use super::outcome::{
    ConditionTrace, PlayAction, RuleEvaluation, RuleOutcome, RuleStatus, Suppression,
    SuppressionReason, Truth,
};
use super::ranking::{due_at, rank, Decision};
use crate::error::{Error, ErrorCode, Result};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// A validated, compiled rule set, ready to evaluate accounts.
///
/// ```
/// use tenure::{AccountFacts, NaiveDate, RuleEngine};
/// let engine = RuleEngine::builtin();
/// let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
/// let facts = AccountFacts::new("acme")
///     .with("health_score", 35.0)                // critical tier
///     .with("last_login_at", day(1, 20))         // 40 days before as_of
///     .with("nps_score", 5.0);
/// let result = engine.evaluate(&facts, Some(day(3, 1))).unwrap();
/// let plays: Vec<&str> = result.actions.iter().map(|a| a.play.as_str()).collect();
/// assert_eq!(plays, ["critical_save_call", "detractor_outreach", "reengage_inactive"]);
/// assert_eq!(result.actions[0].due_at.unwrap().to_string(), "2026-03-02 00:00:00");
/// # Ok::<(), tenure::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct RuleEngine {
    set: RuleSet,
    compiled: Compiled,
    max_steps: u64,
}

/// The plays proposed for one account (the summary mode: no explanations, no messages).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AccountPlays {
    /// The account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// Play keys, in the order of [`RuleEvaluation::actions`].
    pub plays: Vec<String>,
}

/// An account of a batch that could not be evaluated.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleBatchError {
    /// Position of the account in the batch.
    pub index: usize,
    /// The error (`input.missing_as_of`, `input.date_order`, ...).
    pub error: Error,
}

/// Explained evaluations of a batch.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleBatch {
    /// One evaluation per account (`None` where the account has an error).
    pub evaluations: Vec<Option<RuleEvaluation>>,
    /// The accounts that could not be evaluated.
    pub errors: Vec<RuleBatchError>,
}

/// Plays of a batch (the summary mode), stored flat: the plays of account `i` are
/// `plays[offsets[i]..offsets[i + 1]]`, indices into `play_keys`.
#[derive(Clone, Debug, PartialEq)]
pub struct PlayBatch {
    /// Every play key of the rule set, sorted.
    pub play_keys: Vec<String>,
    /// `accounts + 1` offsets into `plays`.
    pub offsets: Vec<usize>,
    /// Play indices.
    pub plays: Vec<u32>,
    /// The accounts that could not be evaluated (they have no plays).
    pub errors: Vec<RuleBatchError>,
}

impl PlayBatch {
    /// Number of accounts.
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Whether the batch has no accounts.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The play keys of account `i`, in rank order.
    pub fn plays_of(&self, i: usize) -> impl Iterator<Item = &str> + '_ {
        let start = self.offsets.get(i).copied().unwrap_or(0);
        let end = self.offsets.get(i + 1).copied().unwrap_or(start);
        self.plays
            .get(start..end)
            .unwrap_or(&[])
            .iter()
            .filter_map(|&p| self.play_keys.get(p as usize).map(String::as_str))
    }
}

impl Serialize for PlayBatch {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Row<'a> {
            plays: Vec<&'a str>,
        }
        #[derive(Serialize)]
        struct Out<'a> {
            rows: Vec<Row<'a>>,
            errors: &'a [RuleBatchError],
        }
        Out {
            rows: (0..self.len())
                .map(|i| Row {
                    plays: self.plays_of(i).collect(),
                })
                .collect(),
            errors: &self.errors,
        }
        .serialize(serializer)
    }
}

/// Reusable buffers of one evaluation thread.
struct Scratch<'a> {
    slots: Vec<Option<FactRef<'a>>>,
    matched: Vec<bool>,
    holder: Vec<usize>,
}

impl<'a> Scratch<'a> {
    fn new() -> Scratch<'a> {
        Scratch {
            slots: Vec::new(),
            matched: Vec::new(),
            holder: Vec::new(),
        }
    }
}

impl RuleEngine {
    /// Validates and compiles a rule set.
    pub fn new(set: RuleSet) -> Result<RuleEngine> {
        let compiled = compile(&set)?;
        let max_steps = compiled.rules.iter().map(|r| node_bound(&r.node)).sum();
        Ok(RuleEngine {
            set,
            compiled,
            max_steps,
        })
    }

    /// The default rule pack ([`RuleSet::builtin`]), compiled.
    pub fn builtin() -> RuleEngine {
        // The pack is checked by a test; should it ever fail to compile, the engine is empty
        // and evaluations propose nothing rather than panicking.
        RuleEngine::new(RuleSet::builtin()).unwrap_or_else(|_| RuleEngine {
            set: RuleSet {
                id: "tenure.rules.invalid".into(),
                version: None,
                label: None,
                note: None,
                tiers: None,
                limits: None,
                rules: Vec::new(),
            },
            compiled: Compiled {
                slots: Vec::new(),
                prefixes: Vec::new(),
                kinds: Vec::new(),
                plays: Vec::new(),
                rules: Vec::new(),
                order: Vec::new(),
                tiers: Vec::new(),
                nodes: 0,
            },
            max_steps: 0,
        })
    }

    /// The rule set.
    pub fn rule_set(&self) -> &RuleSet {
        &self.set
    }

    /// Every fact key the rules read, with the kind they read it as, sorted by key.
    pub fn facts(&self) -> Vec<(String, FactKind)> {
        fact_table(&self.compiled)
    }

    /// Every play key, sorted.
    pub fn plays(&self) -> &[String] {
        &self.compiled.plays
    }

    /// Number of condition nodes over all rules.
    pub fn conditions(&self) -> usize {
        self.compiled.nodes
    }

    /// The most units of work one evaluation can take (each condition node is one unit, plus
    /// one per `in` value, per `sustained` period and per pair of points a `dropped` window can
    /// hold); evaluation is linear in the rule set's size.
    pub fn max_steps(&self) -> u64 {
        self.max_steps
    }

    fn as_of(facts: &AccountFacts, as_of: Option<NaiveDate>) -> Result<NaiveDate> {
        as_of.or(facts.as_of).ok_or_else(|| {
            Error::new(
                ErrorCode::InputMissingAsOf,
                "as_of",
                "rules are evaluated as of a day: give `as_of`",
            )
        })
    }

    /// Evaluates the rules for one account as of a day (`as_of`, else the facts' own `as_of`),
    /// with the full explanation.
    pub fn evaluate(
        &self,
        facts: &AccountFacts,
        as_of: Option<NaiveDate>,
    ) -> Result<RuleEvaluation> {
        let mut steps = 0;
        let mut scratch = Scratch::new();
        self.explain(facts, as_of, &mut scratch, &mut steps)
    }

    /// Like [`RuleEngine::evaluate`], also returning the units of work done (never more than
    /// [`RuleEngine::max_steps`]).
    pub fn evaluate_counting(
        &self,
        facts: &AccountFacts,
        as_of: Option<NaiveDate>,
    ) -> Result<(RuleEvaluation, u64)> {
        let mut steps = 0;
        let mut scratch = Scratch::new();
        let out = self.explain(facts, as_of, &mut scratch, &mut steps)?;
        Ok((out, steps))
    }

    fn explain<'a>(
        &self,
        facts: &'a AccountFacts,
        as_of: Option<NaiveDate>,
        scratch: &mut Scratch<'a>,
        steps: &mut u64,
    ) -> Result<RuleEvaluation> {
        let as_of = Self::as_of(facts, as_of)?;
        let c = &self.compiled;
        bind(&c.slots, &c.prefixes, &facts.facts, &mut scratch.slots);
        check_bound(&c.slots, &scratch.slots)?;
        let ctx = BoundFacts {
            as_of,
            keys: &c.slots,
            slots: &scratch.slots,
            tiers: &c.tiers,
        };
        let mut traces: Vec<Option<ConditionTrace>> = Vec::with_capacity(c.rules.len());
        scratch.matched.clear();
        for rule in &c.rules {
            if rule.enabled {
                let trace = ctx.trace(&rule.node, steps);
                scratch.matched.push(trace.result == Truth::Held);
                traces.push(Some(trace));
            } else {
                scratch.matched.push(false);
                traces.push(None);
            }
        }
        let mut status: Vec<RuleStatus> = c
            .rules
            .iter()
            .zip(&traces)
            .map(|(rule, trace)| match trace {
                None if !rule.enabled => RuleStatus::Disabled,
                Some(t) if t.result == Truth::Unknown => RuleStatus::Unknown,
                _ => RuleStatus::NotMet,
            })
            .collect();
        let mut actions = Vec::new();
        let mut suppressed = Vec::new();
        let account = facts.account.as_deref();
        rank(
            c,
            &scratch.matched,
            last_fired_of(c, &facts.last_fired),
            as_of,
            &mut scratch.holder,
            |index, rule, decision| {
                let play = c.plays.get(rule.play).cloned().unwrap_or_default();
                if let Some(s) = status.get_mut(index) {
                    *s = if decision == Decision::Fire {
                        RuleStatus::Fired
                    } else {
                        RuleStatus::Suppressed
                    };
                }
                match decision {
                    Decision::Fire => actions.push(PlayAction {
                        play,
                        rule: rule.key.clone(),
                        label: rule.label.clone(),
                        category: rule.category.clone(),
                        source: rule.source.clone(),
                        priority: rule.priority,
                        severity: rule.severity,
                        strength: rule.strength,
                        due_within_hours: rule.due_within_hours,
                        due_at: due_at(as_of, rule.due_within_hours),
                        message: ctx.render(&rule.message, account),
                    }),
                    Decision::Duplicate(by) => suppressed.push(Suppression {
                        rule: rule.key.clone(),
                        play,
                        reason: SuppressionReason::DuplicatePlay,
                        by_rule: c.rules.get(by).map(|r| r.key.clone()),
                        last_fired: None,
                        until: None,
                    }),
                    Decision::Cooldown(last, until) => suppressed.push(Suppression {
                        rule: rule.key.clone(),
                        play,
                        reason: SuppressionReason::Cooldown,
                        by_rule: None,
                        last_fired: Some(last),
                        until,
                    }),
                }
            },
        );
        let rules = c
            .rules
            .iter()
            .zip(traces)
            .zip(status.iter_mut())
            .map(|((rule, condition), status)| RuleOutcome {
                rule: rule.key.clone(),
                status: *status,
                matched: condition.as_ref().is_some_and(|t| t.result == Truth::Held),
                condition,
            })
            .collect();
        Ok(RuleEvaluation {
            account: facts.account.clone(),
            as_of,
            rule_set: self.set.id.clone(),
            actions,
            suppressed,
            rules,
        })
    }

    /// Appends the indices of the plays proposed for an account to `out` (rank order).
    fn plays_into<'a>(
        &self,
        facts: &'a AccountFacts,
        as_of: Option<NaiveDate>,
        scratch: &mut Scratch<'a>,
        out: &mut Vec<u32>,
        steps: &mut u64,
    ) -> Result<()> {
        let as_of = Self::as_of(facts, as_of)?;
        let c = &self.compiled;
        bind(&c.slots, &c.prefixes, &facts.facts, &mut scratch.slots);
        check_bound(&c.slots, &scratch.slots)?;
        let ctx = BoundFacts {
            as_of,
            keys: &c.slots,
            slots: &scratch.slots,
            tiers: &c.tiers,
        };
        scratch.matched.clear();
        scratch.matched.extend(
            c.rules
                .iter()
                .map(|r| r.enabled && ctx.truth(&r.node, steps) == Truth::Held),
        );
        rank(
            c,
            &scratch.matched,
            last_fired_of(c, &facts.last_fired),
            as_of,
            &mut scratch.holder,
            |_, rule, decision| {
                if decision == Decision::Fire {
                    out.push(rule.play as u32);
                }
            },
        );
        Ok(())
    }

    /// The plays proposed for one account, without explanations (the fast path).
    pub fn summarize(
        &self,
        facts: &AccountFacts,
        as_of: Option<NaiveDate>,
    ) -> Result<AccountPlays> {
        let mut scratch = Scratch::new();
        let mut out = Vec::new();
        let mut steps = 0;
        self.plays_into(facts, as_of, &mut scratch, &mut out, &mut steps)?;
        Ok(AccountPlays {
            account: facts.account.clone(),
            plays: out
                .iter()
                .filter_map(|&p| self.compiled.plays.get(p as usize).cloned())
                .collect(),
        })
    }

    /// Explained evaluations of many accounts (`as_of` for all, else each account's own).
    pub fn evaluate_batch(&self, accounts: &[AccountFacts], as_of: Option<NaiveDate>) -> RuleBatch {
        let mut scratch = Scratch::new();
        let mut evaluations = Vec::with_capacity(accounts.len());
        let mut errors = Vec::new();
        for (index, facts) in accounts.iter().enumerate() {
            let mut steps = 0;
            match self.explain(facts, as_of, &mut scratch, &mut steps) {
                Ok(e) => evaluations.push(Some(e)),
                Err(error) => {
                    evaluations.push(None);
                    errors.push(RuleBatchError { index, error });
                }
            }
        }
        RuleBatch {
            evaluations,
            errors,
        }
    }

    /// The plays of many accounts (the summary mode; no per-account allocation beyond the
    /// result).
    pub fn summarize_batch(
        &self,
        accounts: &[AccountFacts],
        as_of: Option<NaiveDate>,
    ) -> PlayBatch {
        let mut scratch = Scratch::new();
        let mut offsets = Vec::with_capacity(accounts.len() + 1);
        let mut plays = Vec::with_capacity(accounts.len());
        let mut errors = Vec::new();
        offsets.push(0);
        let mut steps = 0;
        for (index, facts) in accounts.iter().enumerate() {
            let before = plays.len();
            if let Err(error) = self.plays_into(facts, as_of, &mut scratch, &mut plays, &mut steps)
            {
                plays.truncate(before);
                errors.push(RuleBatchError { index, error });
            }
            offsets.push(plays.len());
        }
        PlayBatch {
            play_keys: self.compiled.plays.clone(),
            offsets,
            plays,
            errors,
        }
    }
}

impl RuleEngine {
    /// The plays of a batch of accounts given as fact columns (the columnar summary mode),
    /// as of one day (`input.missing_as_of` without it): the same plays, account by account, as [`RuleEngine::summarize`] on
    /// each row's facts and `last_fired` days. The columns are bound
    /// to the rules' facts once for the batch: an account's facts are read by position, with no
    /// lookup by key and no allocation beyond the result.
    ///
    /// A column of a kind the rules do not read the fact as is an `input.column_kind` error
    /// (at `columns.<fact>`); columns no rule reads are ignored. A row whose series is out of
    /// order or not finite is listed in [`PlayBatch::errors`] and has no plays.
    pub fn summarize_columns(
        &self,
        columns: &FactColumns,
        as_of: Option<NaiveDate>,
    ) -> Result<PlayBatch> {
        let as_of = Self::as_of(&AccountFacts::default(), as_of)?;
        let c = &self.compiled;
        let bound = columns.bind(&c.slots, &c.kinds)?;
        let fired = columns.bind_last_fired(&c.plays);
        let rows = columns.len();
        let mut slots: Vec<Option<FactRef<'_>>> = Vec::with_capacity(bound.len());
        let mut matched: Vec<bool> = Vec::with_capacity(c.rules.len());
        let mut holder = Vec::with_capacity(c.plays.len());
        let mut offsets = Vec::with_capacity(rows + 1);
        let mut plays = Vec::with_capacity(rows);
        let mut errors = Vec::new();
        let mut steps = 0;
        offsets.push(0);
        for row in 0..rows {
            slots.clear();
            slots.extend(bound.iter().map(|col| col.and_then(|col| col.get(row))));
            if let Err(error) = check_bound(&c.slots, &slots) {
                errors.push(RuleBatchError { index: row, error });
                offsets.push(plays.len());
                continue;
            }
            let ctx = BoundFacts {
                as_of,
                keys: &c.slots,
                slots: &slots,
                tiers: &c.tiers,
            };
            matched.clear();
            matched.extend(
                c.rules
                    .iter()
                    .map(|r| r.enabled && ctx.truth(&r.node, &mut steps) == Truth::Held),
            );
            rank(
                c,
                &matched,
                |play| {
                    fired
                        .get(play)
                        .copied()
                        .flatten()
                        .and_then(|days| days.get(row).copied().flatten())
                },
                as_of,
                &mut holder,
                |_, rule, decision| {
                    if decision == Decision::Fire {
                        plays.push(rule.play as u32);
                    }
                },
            );
            offsets.push(plays.len());
        }
        Ok(PlayBatch {
            play_keys: c.plays.clone(),
            offsets,
            plays,
            errors,
        })
    }
}

/// The day each play (by index) last fired, from an account's `last_fired`.
fn last_fired_of<'a>(
    c: &'a Compiled,
    last_fired: &'a BTreeMap<String, NaiveDate>,
) -> impl Fn(usize) -> Option<NaiveDate> + 'a {
    move |play| {
        if last_fired.is_empty() {
            return None;
        }
        c.plays.get(play).and_then(|p| last_fired.get(p)).copied()
    }
}

/// Checks the series the rules read (the facts were just bound, so this touches no new memory).
fn check_bound(keys: &[String], slots: &[Option<FactRef<'_>>]) -> Result<()> {
    for (key, value) in keys.iter().zip(slots) {
        if let Some(FactRef::Series(points)) = value {
            super::facts::check_series(key, points)?;
        }
    }
    Ok(())
}

/// Most units of work of a node (see [`RuleEngine::max_steps`]).
fn node_bound(node: &Node) -> u64 {
    match node {
        Node::All(items) | Node::Any(items) => 1 + items.iter().map(node_bound).sum::<u64>(),
        Node::Not(inner) => 1 + node_bound(inner),
        Node::In { values, .. } => 1 + values.len() as u64,
        Node::Sustained { periods, .. } => 1 + u64::from(*periods),
        Node::Dropped { within_days, .. } => {
            // Strictly increasing dates: at most within_days + 1 points in the window.
            let n = u64::from(*within_days) + 1;
            1 + n * (n - 1) / 2
        }
        _ => 1,
    }
}
