//! Node.js binding of tenure (N-API, via napi-rs).
//!
//! The glue is thin: JS values are read into the shared value tree ([`tenure_interop::Value`], a
//! serde deserializer) and handed to the core, results are written as JSON text by the shared
//! layer and read back by `JSON.parse`, and core errors are thrown as JS `Error`s carrying
//! `code`, `path` and `value`. Keys follow the one rule of both JavaScript bindings (either
//! spelling in, camelCase out, user-data maps untouched; see [`value`]). Batch columns stay typed
//! arrays end to end ([`batch`]); the element-wise loops of translation that would otherwise cost
//! N-API calls per element run in V8 ([`js`]).
//!
//! One file per area of the core: [`health`] (with [`batch`]), [`rules`], [`lifecycle`],
//! [`revenue`], [`cohort`], [`survival`], [`portfolio`]; and the glue: [`value`] (values in and
//! out), [`input`] (arguments), [`thrown`] (errors), [`js`] (the V8 helpers).

mod batch;
mod cohort;
mod health;
mod input;
mod js;
mod lifecycle;
mod portfolio;
mod revenue;
mod rules;
mod survival;
mod thrown;
mod value;

pub use health::{blend_human_score, roll_up_products, score_trend, HealthModel, SegmentedModel};
