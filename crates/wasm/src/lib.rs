//! WebAssembly (browser) binding of tenure, with the API of the Node.js binding.
//!
//! A thin translation layer over the `tenure` core: JavaScript values in (camelCase or
//! snake_case keys, by the one key rule of both JavaScript bindings in
//! [`tenure_interop::casing`]), plain JavaScript objects out (camelCase keys), core errors thrown
//! as `Error`s with `code`, `path` and `value`. Every number comes from the core; nothing is
//! computed here. What is not host glue (the value tree, key rule, number and day rules, batch
//! columns) is shared with the Node.js binding through [`tenure_interop`].
//!
//! One file per area of the core: [`health`] (with [`batch`]), `rules`, `lifecycle`, `revenue`,
//! `cohort`, `survival`, `portfolio` (each behind its cargo feature); and the glue: [`value`]
//! (values in and out), [`input`] (arguments), [`thrown`] (errors).
//!
//! No panicking path: no `unwrap`, `expect`, indexing or explicit panics (denied below); every
//! fallible step ends in a thrown JavaScript error instead.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::todo,
    clippy::unimplemented,
    clippy::unreachable
)]
#![warn(missing_docs)]

mod batch;
#[cfg(feature = "revenue")]
mod cohort;
mod health;
mod input;
#[cfg(feature = "lifecycle")]
mod lifecycle;
#[cfg(feature = "portfolio")]
mod portfolio;
#[cfg(feature = "revenue")]
mod revenue;
#[cfg(feature = "rules")]
mod rules;
#[cfg(feature = "revenue")]
mod survival;
mod thrown;
mod types;
mod value;

#[cfg(feature = "revenue")]
pub use cohort::{cohort_counts, cohort_table, merge_cohort_counts};
pub use health::{blend_human_score, roll_up_products, score_trend, HealthModel, SegmentedModel};
#[cfg(feature = "lifecycle")]
pub use lifecycle::{
    churn_reason_analysis, churn_taxonomy, classify_churn, engagement_level, onboarding_plan,
    renewal_prep, save_outcomes, surprise_churn, touch_cadence, win_back_plan,
};
#[cfg(feature = "portfolio")]
pub use portfolio::Portfolio;
#[cfg(feature = "revenue")]
pub use revenue::{
    customer_months, merge_movements, movement_detail, movement_series, mrr_movements,
    mrr_movements_columns, retention_metrics,
};
#[cfg(feature = "rules")]
pub use rules::RuleSet;
#[cfg(feature = "revenue")]
pub use survival::kaplan_meier;
