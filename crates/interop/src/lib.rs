//! The JavaScript value layer of tenure, shared by the Node.js binding (`crates/node`, napi-rs)
//! and the browser binding (`crates/wasm`, wasm-bindgen), so that both read and write
//! JavaScript values by exactly the same rules.
//!
//! Everything here is plain Rust: no N-API, no wasm-bindgen. Each binding keeps only the glue of
//! its host — reading a JavaScript value into a [`Value`] (N-API calls and a V8-compiled helper
//! in Node.js, js-sys in the browser) and handing JSON text to `JSON.parse` — and takes the rest
//! from this crate:
//!
//! - [`Value`], the one value tree: a serde `Deserializer` for the core's readers, built from
//!   any core result by its serde `Serializer` ([`Value::of`]), written as JSON text with
//!   converted keys ([`Value::to_js_json`]);
//! - the number rules: whole numbers as integers ([`WholeNumber`]) and a `Date` as its UTC
//!   day ([`utc_day`]);
//! - the key rule ([`casing`]): camelCase or snake_case in, camelCase out, user-data maps kept
//!   as given, and a portfolio's account `signals` too ([`KeyRule::portfolio`]);
//! - the readers of each kind of input ([`read`]): accounts, options and days, health models,
//!   model sets and rule sets, the same route in both bindings;
//! - batch columns ([`batch`]): owned columns, the one boolean encoding, status and tier codes,
//!   the options and the errors of a batch.
//!
//! ```
//! use tenure_interop::{read, KeyRule, Value};
//! // A JavaScript object as a binding reads it (keys already converted by the key rule)...
//! let account = Value::Map(vec![(
//!     "inputs".into(),
//!     Value::Map(vec![("dau_mau_ratio".into(), Value::Number(0.45))]),
//! )]);
//! let account: tenure::Account = read::input(account, "")?;
//! let scorer = tenure::Scorer::new(tenure::HealthModel::builtin())?;
//! // ...and a result as JSON text for `JSON.parse`, with camelCase keys.
//! let text = tenure_interop::to_js_json(&scorer.score(&account)?, KeyRule::data());
//! assert!(text.is_ok_and(|t| t.contains("\"nextTier\"")));
//! # Ok::<(), tenure::Error>(())
//! ```
#![forbid(unsafe_code)]

pub mod batch;
pub mod casing;
mod number;
pub mod read;
mod serializer;
mod value;

pub use batch::{
    booleans, AsColumn, BatchInput, ColumnKind, OwnedColumn, StatusCodes, BOOLEAN_FALSE,
    BOOLEAN_MISSING, BOOLEAN_TRUE,
};
pub use casing::{Case, KeyRule};
pub use number::{utc_day, WholeNumber};
pub use value::{Value, ValueError};

/// How deep a JavaScript value may nest before it is refused (a cyclic object would nest
/// forever): a value below this depth is read as [`Value::Unsupported`].
pub const MAX_DEPTH: usize = 64;

/// The description of a value nested deeper than [`MAX_DEPTH`].
pub const TOO_DEEP: &str = "a value nested too deeply";

/// A core result (or any serialisable value) as JSON text for `JSON.parse`, keys converted by
/// `rule`: the one way results go out to JavaScript in both bindings.
pub fn to_js_json<T: serde::Serialize + ?Sized>(
    value: &T,
    rule: KeyRule,
) -> Result<String, serde_json::Error> {
    Value::of(value)?.to_js_json(rule)
}
