//! Lifecycle rules: conditions over account facts that propose plays — onboarding risks,
//! early warnings, health-tier playbooks, adoption nudges, expansion signals and NPS actions.
//!
//! A [`RuleSet`] is data (JSON). [`RuleEngine::new`] validates and compiles it;
//! [`RuleEngine::evaluate`] runs it over one account's [`AccountFacts`] as of an explicit day
//! and explains every rule; [`RuleEngine::summarize_batch`] is the fast path over many
//! accounts and [`RuleEngine::summarize_columns`] the faster one over fact columns.
//! [`RuleSet::builtin`] is the default pack of customer-success plays.
//!
//! # Rule format
//!
//! ```json
//! {
//!   "id": "my-rules", "version": "1", "label": "...",
//!   "tiers": [{"key": "thriving", "min": 80}, ...],      // optional: default the built-in tiers
//!   "limits": {"max_depth": 6},                          // optional: tighter limits
//!   "rules": [{
//!     "key": "no_login_30d",                              // unique; a-z 0-9 _ - .
//!     "label": "No login for 30 days",
//!     "category": "trigger", "source": "...", "note": "...",   // optional
//!     "priority": 16,                                     // 1 = most important; default 100
//!     "condition": {"fact": "last_login_at", "measure": "days_since", "op": ">=", "value": 30},
//!     "action": {"play": "reengage_inactive", "severity": "high", "due_within_hours": 72,
//!                "message": "No login for {days_since:last_login_at} days", "strength": "hot"},
//!     "cooldown_days": 14,                                 // default 0
//!     "enabled": true                                      // default true
//!   }]
//! }
//! ```
//!
//! Unknown fields are errors everywhere (`rules.unknown_field`). Severities: `critical`,
//! `high`, `medium`, `low`, `info`; strengths (expansion signals): `hot`, `warm`.
//!
//! # Conditions
//!
//! `{"all": [c, ...]}`, `{"any": [c, ...]}`, `{"not": c}`, or a test on a fact:
//!
//! | `op` | fields | holds when |
//! |---|---|---|
//! | `=` `!=` `<` `<=` `>` `>=` | `value` | measured `op` value (`<`... on numbers and dates) |
//! | `between` | `min`, `max` | min ≤ measured ≤ max (numbers or dates) |
//! | `in`, `not_in` | `values` | measured is (not) one of the values |
//! | `is_missing`, `is_present` | | the fact is absent / `null` / NaN (or not); never unknown |
//! | `sustained` | `compare`, `value`, `periods` | the last `periods` points of a series (on or before `as_of`) all pass `compare value` |
//! | `tier_crossed` | `direction` (`down`/`up`), `within_days`, `into`? | the tier of the latest score is lower (higher) than that of the reference score: the last one on or before `as_of - within_days` (or the first score, if the history starts inside the window); with `into`, the tier now is that tier |
//! | `dropped` | `pct`, `within_days` | the largest fall between two points dated in `[as_of - within_days, as_of]`, as a percentage of the earlier point rounded to 0.1 (the rule of score trends), is at least `pct` |
//!
//! Tests with a `value`, `min`/`max` or `values` measure their fact first (`"measure"`):
//!
//! | measure | fact | gives |
//! |---|---|---|
//! | `value` (default) | number, text, boolean or date | the fact itself (its kind is the kind of the compared value) |
//! | `divided_by: "<fact>"` | two numbers | fact / other fact (unknown if the other is 0) |
//! | `days_since` / `days_until` | date | whole days from the date to `as_of` / from `as_of` to the date |
//! | `latest` | series | the latest point on or before `as_of` |
//! | `change`, `pct_change` + `window_days` or `periods` | series | latest − baseline; `(latest − baseline) / baseline × 100` rounded to 0.1 (like score trends). The baseline is the last point on or before `as_of − window_days` (it may be the latest point itself), or the point `periods` points before the latest (`periods: 1` on a monthly series is month over month) |
//! | `tier` | number (a 0-100 score) | the tier key of the score rounded to 0.1, on the rule set's tier scale; compare with `=`, `!=`, `in`, `not_in` |
//!
//! Values: numbers, texts, booleans and dates; a `"YYYY-MM-DD"` string is a date, in rules and
//! in facts alike. Checked when the set is compiled: operand kinds (`rules.type_mismatch`), each
//! fact read as one kind across the set (`rules.fact_conflict`), windows (`rules.invalid_window`),
//! ranges (`rules.invalid_range`), tier keys (`rules.unknown_tier`), keys, messages and limits.
//!
//! # Facts
//!
//! One account: `{"account": "acme", "as_of": "2026-03-01", "facts": {key: value},
//! "last_fired": {play: "YYYY-MM-DD"}}` ([`AccountFacts`]; every field optional, `as_of` may be
//! given as an argument instead, which wins). A fact value is a number, a text, a boolean, a date
//! (`"YYYY-MM-DD"`, exactly), `null` (missing; so are NaN and absent keys) or a series
//! `[{"date", "value"}, ...]` with strictly increasing dates (`input.date_order` otherwise).
//! Facts no rule reads are ignored. [`deserialize_facts`] and [`deserialize_fact_list`] read
//! them from host data (the bindings), [`AccountFacts::from_value`] from JSON.
//!
//! # Evaluation
//!
//! Three-valued: a test on a missing fact, a fact of the wrong kind, a series without a point
//! or baseline, a zero denominator or baseline is **unknown**, with the reason
//! ([`UnknownReason`]). `all` fails if one child fails, else is unknown if one is unknown;
//! `any` holds if one child holds, else is unknown if one is; `not` keeps unknown. A rule fires
//! only when its condition holds.
//!
//! Matched rules are ranked by `priority` (1 first), then severity (critical first), then rule
//! key. **One play per account**: the first-ranked rule of each play holds it and the others are
//! suppressed (`duplicate_play`, naming the holder). **Cooldown**: the holder is suppressed
//! (`cooldown`) while `as_of < last_fired[play] + cooldown_days`. A fired play is **due** at
//! `as_of` 00:00 plus `due_within_hours` (`"2026-03-03T00:00:00"`, a local date-time of the
//! account). Messages substitute `{fact}` (numbers in shortest form, dates ISO, a series by its
//! latest value, `n/a` when missing), `{days_since:fact}`, `{days_until:fact}`,
//! `{latest:fact}`, `{tier:fact}`, `{account}` and `{as_of}`.
//!
//! # Columnar batches
//!
//! [`RuleEngine::summarize_columns`] is the summary mode over a portfolio given as
//! [`FactColumns`]: one [`FactColumn`] per fact key (numbers with NaN as missing, texts,
//! booleans, dates, series, or values of any kind) and, for cooldowns, one column of
//! `last_fired` days per play. The columns are bound to the compiled set's facts once per batch
//! (a column of a kind the rules do not read the fact as is an `input.column_kind` error,
//! columns of unequal length `input.column_length`, both at `columns.<fact>`); each account is
//! then read by position, without a lookup by key and without allocation beyond the
//! [`PlayBatch`] (play indices per row in one flat buffer, with offsets and the play keys). The
//! plays are those of [`RuleEngine::summarize`] on each row's facts (a property test checks it
//! row by row); a row with a series out of order is an error row, as in
//! [`RuleEngine::summarize_batch`]. [`FactColumns::from_value`] reads `{fact: [values]}` JSON
//! (each column takes the kind its non-null values share) and [`deserialize_fact_columns`] host
//! data. On the default pack over 100k accounts this path evaluates about 1.4M accounts/s on
//! one core against 0.5M/s for the per-account summary (`benches/rules_pack.rs`; it also does
//! about 30% fewer instructions per account, the rest of the gain being fewer cache misses).
//!
//! # Limits
//!
//! So that rules from an untrusted source (a web form) cannot hang a browser tab:
//! [`RuleLimits::MAX`] — depth 12, 20 000 conditions, 2 000 rules, 512 `in` values, 2 000
//! characters per message or label — is always enforced, while reading (an oversized set is not
//! walked in full) and again when compiling; host data nested deeper than 64 levels is refused
//! before it is read. Windows are at most [`MAX_WINDOW_DAYS`] days or [`MAX_PERIODS`] periods,
//! a `dropped` window at most [`MAX_DROP_WINDOW_DAYS`] days, `due_within_hours` at most
//! [`MAX_DUE_HOURS`], `cooldown_days` at most [`MAX_COOLDOWN_DAYS`]. A set that validates
//! evaluates in at most [`RuleEngine::max_steps`] units of work (linear in its size), plus a
//! binary search per series read.
//!
//! # The default pack
//!
//! [`RuleSet::builtin`] (`default_rules.json`, `DEFAULT_RULES_JSON`) has 34 rules; each names
//! the playbook table it encodes in `source` and notes the choices the pack made where the
//! playbook leaves them open. The facts it reads:
//!
//! | fact | kind | meaning |
//! |---|---|---|
//! | `onboarding_started_on` | date | start of onboarding (Day 0); onboarding rules apply for 90 days |
//! | `champion_left` | boolean | the champion left the company |
//! | `first_login_at` | date | first login (missing: never logged in) |
//! | `integration_failed` | boolean | an integration failed |
//! | `kickoff_scheduled_on`, `kickoff_completed_on` | date | kickoff call planned / held |
//! | `users_active`, `users_licensed` | number | activated and licensed users |
//! | `exec_sponsor` | boolean | an executive sponsor is identified (as in the health model) |
//! | `monthly_usage` | series | usage per month (core actions), one point per month |
//! | `champion_job_change` | boolean | the champion changed jobs (LinkedIn, email bounce) |
//! | `support_tickets_30d`, `support_tickets_prior_30d` | number | tickets in the last 30 days and in the 30 before |
//! | `billing_page_visits_30d`, `plan_upgrades_30d` | number | billing-page visits and upgrades, last 30 days |
//! | `competitor_evaluation` | boolean | the account evaluates a competitor |
//! | `data_export_requests_30d` | number | data exports requested, last 30 days |
//! | `procurement_delayed`, `renewal_legal_questions` | boolean | non-renewal signals |
//! | `seats_removed_30d` | number | seats removed in the last 30 days |
//! | `health_score` | number | current health score (0-100) |
//! | `health_history` | series | health scores over time |
//! | `last_login_at` | date | last login |
//! | `features_adopted`, `features_available` | number | feature breadth (as in the health model) |
//! | `adoption_nudge_started_on` | date | when the adoption nudge sequence started |
//! | `seats_used`, `seats_licensed` | number | seats in use and licensed |
//! | `usage_limit_hits_30d`, `higher_tier_feature_requests_30d` | number | expansion signals |
//! | `new_department_interest`, `champion_promoted`, `api_access_requested` | boolean | expansion signals |
//! | `growth_announced_on` | date | funding round or growth announcement |
//! | `renewal_date` | date | next renewal |
//! | `nps_score` | number | latest NPS answer (0-10) |

mod binding;
mod columns;
mod compile;
mod compiled;
mod engine;
mod eval;
mod facts;
mod model;
mod outcome;
mod pack;
mod parse;
mod ranking;
mod template;

pub(crate) use outcome::iso_date_time;

pub use columns::{deserialize_fact_columns, FactColumn, FactColumns};
pub use compiled::FactKind;
pub use engine::{AccountPlays, PlayBatch, RuleBatch, RuleBatchError, RuleEngine};
pub use facts::{deserialize_fact_list, deserialize_facts, AccountFacts, FactValue, SeriesPoint};
pub use model::{
    parse_day, Action, CompareOp, Condition, Crossing, Literal, Measure, Rule, RuleLimits, RuleSet,
    Severity, SignalStrength, Subject, Window, MAX_COOLDOWN_DAYS, MAX_DROP_WINDOW_DAYS,
    MAX_DUE_HOURS, MAX_PERIODS, MAX_PRIORITY, MAX_WINDOW_DAYS,
};
pub use outcome::{
    ConditionTrace, Measured, PlayAction, RuleEvaluation, RuleOutcome, RuleStatus, Suppression,
    SuppressionReason, Truth, UnknownReason,
};
pub use pack::DEFAULT_RULES_JSON;
pub use parse::MAX_JSON_DEPTH;

use crate::error::{Error, ErrorCode, Result};
use std::fmt;

impl RuleSet {
    /// Parses a rule set from JSON text and validates it.
    pub fn from_json(text: &str) -> Result<RuleSet> {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| Error::new(ErrorCode::RulesParse, "", e.to_string()))?;
        RuleSet::from_value(&value)
    }

    /// Reads a rule set from a JSON value and validates it.
    pub fn from_value(value: &serde_json::Value) -> Result<RuleSet> {
        let set = parse::rule_set(value)?;
        set.validate()?;
        Ok(set)
    }

    /// Checks the rule set (everything [`RuleEngine::new`] checks).
    pub fn validate(&self) -> Result<()> {
        compile::compile(self).map(|_| ())
    }

    /// The rule set as pretty-printed JSON (the format it is read from).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The default pack (see the module docs).
    pub fn builtin() -> RuleSet {
        pack::builtin()
    }
}

/// Reads and validates a rule set from any serde deserializer (a Python object or a JavaScript
/// value in the bindings). Data nested deeper than [`MAX_JSON_DEPTH`] is a `rules.parse` error.
pub fn deserialize_rules<'de, D>(deserializer: D) -> Result<RuleSet>
where
    D: serde::Deserializer<'de>,
    D::Error: fmt::Display,
{
    RuleSet::from_value(&parse::bounded_value(deserializer, ErrorCode::RulesParse)?)
}

impl<'de> serde::Deserialize<'de> for RuleSet {
    /// Reads a rule set from any serde data, as [`RuleSet::from_value`] does (a rule set inside a
    /// [`crate::Portfolio`]); the typed error becomes the deserializer's message, and
    /// [`crate::Portfolio::validate`] checks the set again with its typed error.
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        use serde::de::{DeserializeSeed, Error as _};
        let value = parse::BoundedValue { depth: 0 }.deserialize(deserializer)?;
        parse::rule_set(&value).map_err(|e| D::Error::custom(e.to_string()))
    }
}
