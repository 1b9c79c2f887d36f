//! # tenure
//!
//! An embeddable customer-success engine: account health scores with explanations, segment
//! models, human-score blends, multi-product roll-ups and score trends. The same core runs in
//! Rust, Python, Node.js and the browser and gives the same answer, to the last digit.
//!
//! ## Quick start
//!
//! ```
//! use tenure::{Account, HealthModel, Scorer};
//!
//! let scorer = Scorer::new(HealthModel::builtin())?;
//! let account = Account::new("acme")
//!     .with("dau_mau_ratio", 0.3)            // 20-40% band: 4 + (6 - 4) × 0.5 = 5 points
//!     .with("features_adopted", 6.0)
//!     .with("features_available", 10.0)
//!     .with("core_actions_weekly", 12.0)
//!     .with("usage_trend", "flat")
//!     .with("login_trend", "flat")
//!     .with("support_tickets_30d", 2.0)
//!     .with("community_active", false)
//!     .with("champion_identified", true)
//!     .with("exec_sponsor", false)
//!     .with("contacts_count", 2.0)
//!     .with("goals_achieved", 1.0)
//!     .with("goals_defined", 4.0)
//!     .with("roi_documented", false)
//!     .with("payment_status", "current")
//!     .with("expansion_signals", 0.0);
//! let score = scorer.score(&account)?;
//! assert_eq!(score.composite, Some(50.4));
//! assert_eq!(score.coverage, 1.0);
//! assert_eq!(score.tier.as_ref().map(|t| t.key.as_str()), Some("at_risk"));
//! assert_eq!(score.next_tier.as_ref().map(|t| t.points_needed), Some(9.6));
//! // Product Usage is at 5.5 of 10 and weighs 30%: raising it would add the most.
//! assert_eq!(score.top_lift.as_deref(), Some("product_usage"));
//! # Ok::<(), tenure::Error>(())
//! ```
//!
//! ## Where things are
//!
//! One module per domain area; every public item is also re-exported at the crate root, so
//! `tenure::Scorer`, `tenure::mrr_movements` and `tenure::RuleEngine` work without knowing the
//! folders.
//!
//! | module | what it holds |
//! |---|---|
//! | [`health`] | health models as data (schema, signal kinds, validation, the built-in model), accounts and score explanations, the compiled plan, the scorer and its batch path, segment models, human-score blends, product roll-ups, trends |
//! | [`rules`] | lifecycle rules as data: parsing, validation and compilation, evaluation of one account, batches and columns, the default rule pack |
//! | [`lifecycle`] | timelines (renewal preparation, win-back, touch cadence, onboarding, engagement level) and churn (taxonomy, reason analysis, surprise churn, save outcomes) |
//! | revenue (re-exported) | customer-month MRR from periods, snapshots or columns; MRR movements, retention metrics, cohort tables, partial results that merge |
//! | [`survival`] | Kaplan-Meier curves with censoring and late entry, by group |
//! | [`portfolio`] | a portfolio of accounts, the review dashboard and one entry point per command |
//!
//! Helpers that several areas need (the score scale and its one rounding stage, score
//! histories, key spelling, JSON parsing, money conversions) live in one internal `shared`
//! module; areas import from it and from [`Error`], never from one another's internals.
//!
//! ## Models are data
//!
//! A [`HealthModel`] is JSON (see [`HealthModel::from_json`]): dimensions with weights, signals
//! per dimension (numeric bands with linear interpolation and explicit inclusive/exclusive bounds,
//! counts, ratios of two inputs, categorical maps, booleans), how signals combine in a dimension
//! (mean, min, max, weighted), tiers, the missing-data policy of each signal and a minimum
//! coverage. [`HealthModel::validate`] rejects every inconsistent model with a typed [`Error`];
//! a model that validates can score any input without failing.
//!
//! ## Arithmetic, rounding and determinism
//!
//! Scores are `f64`, computed with `+ - × ÷` only (no `exp`, `ln`, `pow` or other platform maths),
//! in a fixed order:
//!
//! 1. signal points: constant, or `a + s × (x - from)` inside a band that runs from `a` points at
//!    `from` to `b` points at `to`, where the slope `s = (b - a) / (to - from)` is computed once
//!    when the model is compiled (a ratio signal first divides its two inputs, a seasonal
//!    signal divides its input by the month's factor);
//! 2. dimension points: `Σ wᵢ·pᵢ / Σ wᵢ` over the signals with points, summed in the order of
//!    the signal keys (wᵢ = 1 for `mean`; `min` and `max` pick one signal);
//! 3. composite: `(Σ W_d·D_d / Σ W_d) × 10` over the dimensions with points, summed in the
//!    order of the dimension keys — so the order a model lists its dimensions and signals in
//!    never changes a result, not even in the last bit;
//! 4. **the one rounding stage**: the composite is rounded to one decimal, ties to even, by
//!    [`round_score`] — `round_ties_even(x × 10) / 10`. The tier is assigned on the rounded
//!    value, the value the user sees. Blends, roll-ups and trend deltas are rounded the same way
//!    when they are produced; explanation details (points, weights, contributions) are not rounded.
//!
//! IEEE-754 makes each of these operations exact to the last bit on every platform, and Rust
//! never fuses them, so the Python, Node.js and WebAssembly builds return the same bits.
//!
//! ## Missing data
//!
//! An input that is absent, `null` or NaN is missing. An input that is present but unusable
//! (infinite, outside every band, a negative or fractional count, an unknown category, a
//! wrong type, a zero denominator) is treated as missing too and listed in
//! [`HealthScore::issues`]. The signal's [`MissingPolicy`] then applies: `exclude` (default,
//! weights renormalised), `neutral`, `zero` or `fail`. Coverage — the share of the model's
//! weight whose inputs were observed — is reported with every score; below the model's
//! `min_coverage` the account is `insufficient_data`, never silently scored.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod error;
pub mod health;
pub mod lifecycle;
pub mod portfolio;
mod revenue;
pub mod rules;
mod shared;
pub mod survival;

pub use error::{deserialize_input, Error, ErrorCode, ErrorFamily, Result};
pub use health::{
    blend_human_score, deserialize_model, roll_up_products, score_trend, Account, Band, BandPoints,
    Batch, BatchOptions, BatchScores, BlendedScore, Category, Column, Combine, Dimension,
    DimensionExplanation, Direction, Drop, HealthModel, HealthScore, HumanAssessment, HumanStatus,
    InputIssue, InputValue, IssueKind, MissingPolicy, NextTier, PointsSource, ProductScore,
    ProductShare, RolledUpScore, RollupMethod, RowError, ScoreStatus, ScoreSummary, ScoreTrend,
    Scorer, SeasonalBaseline, SegmentRoute, SegmentedModel, SegmentedScore, SegmentedScorer,
    Signal, SignalExplanation, SignalKind, TierLabel, TierTransition, TrendOptions,
    BUILTIN_MODEL_JSON, MAX_POINTS,
};
pub use revenue::{
    movement_detail, mrr_movements, retention_metrics, ActiveMonth, BillingInterval,
    ChurnRecognition, ConventionName, CustomerColumn, CustomerIds, CustomerMonthColumns,
    CustomerMonths, ExchangeRates, MetricsRequest, Month, MonthColumn, MonthMovements,
    MonthlyOptions, MovementDetail, MovementKind, MovementSeries, MrrColumn, MrrConvention,
    MrrMovements, MrrSnapshot, Ratio, RetentionMetrics, RetentionReport, RevenueInput,
    SameMonthCancel, SegmentMovements, SubscriptionPeriod, RATIO_DECIMALS, SERIES_FIELDS,
};
pub use rules::{
    deserialize_fact_columns, deserialize_fact_list, deserialize_facts, deserialize_rules,
    AccountFacts, AccountPlays, FactColumn, FactColumns, FactKind, FactValue, PlayAction,
    PlayBatch, RuleBatch, RuleEngine, RuleEvaluation, RuleSet, SeriesPoint, DEFAULT_RULES_JSON,
};
pub use shared::score_history::{ScorePoint, TrendDirection};
pub use shared::score_scale::{round_score, Tier, TierScale};

pub use lifecycle::*;
pub use portfolio::{
    portfolio_review, run_command, Command, CommandOptions, CommandOutput, CommandRequest,
    Portfolio, PortfolioAccount, PortfolioReview, PreparedPortfolio,
};
pub use survival::{
    kaplan_meier, survival_analysis, survival_analysis_subjects, GroupSurvival, KaplanMeierFit,
    KaplanMeierOptions, Subject, SurvivalAnalysis, SurvivalColumns, SurvivalCurve,
};

pub use revenue::{
    cohort_counts, cohort_counts_from_columns, cohort_table, AsOf, BestCohort, CellStatus,
    CohortCell, CohortColumns, CohortCount, CohortCounts, CohortOptions, CohortPeriod, CohortRow,
    CohortTable, CohortTrend, CustomerIdColumn, DropOff, OffsetAverage,
};

/// Re-exported so users can build dates and amounts without adding the crates themselves.
pub use chrono::NaiveDate;
/// Re-exported exact decimal type used for money.
pub use rust_decimal::Decimal;

/// The README's Rust examples, compiled and run as doctests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
