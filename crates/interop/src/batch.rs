//! Batch scoring from JavaScript: columns (or account objects) in, columns of results out.
//!
//! Each binding reads the columns of a batch with its host's typed arrays; what the columns
//! mean and how they are encoded between the binding's JavaScript helper and Rust is here, once:
//!
//! - **Booleans** travel as an `Int8Array` of [`BOOLEAN_TRUE`] (1), [`BOOLEAN_FALSE`] (0) and
//!   [`BOOLEAN_MISSING`] (-1), read with [`booleans`]. (What a user passes is unchanged: an array
//!   of booleans and `null`s, or numbers 0/1 in a `Float64Array`.)
//! - **Texts** travel dictionary-encoded, `{codes: Int32Array, categories}` with -1 missing.
//! - **Statuses and tiers** go out the same way, as codes into names ([`StatusCodes`],
//!   [`tier_keys`]) that the binding's helper expands into arrays of strings.

use crate::casing::KeyRule;
use crate::value::Value;
use serde::Deserialize;
use tenure::{
    Account, Batch, BatchOptions, BatchScores, Column, ErrorCode, RowError, ScoreStatus, Scorer,
};

/// `true` in a boolean column's `Int8Array`.
pub const BOOLEAN_TRUE: i8 = 1;
/// `false` in a boolean column's `Int8Array`.
pub const BOOLEAN_FALSE: i8 = 0;
/// A missing value (`null` or `undefined`) in a boolean column's `Int8Array`.
pub const BOOLEAN_MISSING: i8 = -1;

/// A boolean column from its `Int8Array` encoding (any value other than 1 and 0 is missing).
///
/// ```
/// assert_eq!(tenure_interop::booleans(&[1, 0, -1]), vec![Some(true), Some(false), None]);
/// ```
pub fn booleans(flags: &[i8]) -> Vec<Option<bool>> {
    flags
        .iter()
        .map(|&flag| match flag {
            BOOLEAN_TRUE => Some(true),
            BOOLEAN_FALSE => Some(false),
            _ => None,
        })
        .collect()
}

/// The kinds of column the JavaScript helpers encode (the first element of what they return).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    /// A `Float64Array` (NaN = missing).
    Numbers,
    /// An `Int8Array` of booleans (see [`booleans`]).
    Booleans,
    /// `{codes: Int32Array, categories: string[]}`.
    Texts,
}

impl ColumnKind {
    /// The kind for its code (0 numbers, 1 booleans, 2 texts); `None` for any other code.
    pub fn from_code(code: f64) -> Option<ColumnKind> {
        match code as i32 {
            0 if code == 0.0 => Some(ColumnKind::Numbers),
            1 if code == 1.0 => Some(ColumnKind::Booleans),
            2 if code == 2.0 => Some(ColumnKind::Texts),
            _ => None,
        }
    }
}

/// A column held by Rust (copied out of JavaScript memory), for scoring in wasm memory or off
/// the JavaScript thread.
#[derive(Clone, Debug, PartialEq)]
pub enum OwnedColumn {
    /// Numbers (NaN = missing).
    Numbers(Vec<f64>),
    /// Yes/no values.
    Booleans(Vec<Option<bool>>),
    /// Dictionary-encoded text: codes into the categories, negative = missing.
    Texts {
        /// One code per row.
        codes: Vec<i32>,
        /// The distinct texts.
        categories: Vec<String>,
    },
}

/// A column the core can read: owned, or borrowed from JavaScript memory by a binding.
pub trait AsColumn {
    /// The column as the core's `Column`.
    fn column(&self) -> Column<'_>;
}

impl AsColumn for OwnedColumn {
    fn column(&self) -> Column<'_> {
        match self {
            OwnedColumn::Numbers(v) => Column::Numbers(v),
            OwnedColumn::Booleans(v) => Column::Bools(v),
            OwnedColumn::Texts { codes, categories } => Column::Codes { codes, categories },
        }
    }
}

/// A batch as given: columns by input key, or account objects.
#[derive(Clone, Debug)]
pub enum BatchInput<C> {
    /// `{key: column}`, in the object's order.
    Columns(Vec<(String, C)>),
    /// `[account, ...]`, scored with the core's `score_records`.
    Records(Vec<Account>),
}

impl<C: AsColumn> BatchInput<C> {
    /// Scores the batch with the core.
    pub fn score(&self, scorer: &Scorer, options: BatchOptions) -> tenure::Result<BatchScores> {
        match self {
            BatchInput::Columns(columns) => {
                let mut batch = Batch::new();
                for (key, column) in columns {
                    batch.insert(key, column.column())?;
                }
                scorer.score_batch(&batch, options)
            }
            BatchInput::Records(records) => scorer.score_records(records, options),
        }
    }

    /// The same batch with every column converted (copied out of JavaScript memory).
    pub fn map_columns<D>(self, mut convert: impl FnMut(C) -> D) -> BatchInput<D> {
        match self {
            BatchInput::Columns(columns) => BatchInput::Columns(
                columns
                    .into_iter()
                    .map(|(key, column)| (key, convert(column)))
                    .collect(),
            ),
            BatchInput::Records(records) => BatchInput::Records(records),
        }
    }
}

/// The batch options object, `{month}` (`undefined` or `null` for none).
#[derive(Clone, Copy, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct OptionsInput {
    /// Calendar month 1-12 for seasonal baselines.
    #[serde(default)]
    month: Option<u32>,
}

/// Reads the batch options (`{month}`; `null` or `undefined` for none).
pub fn batch_options(value: Value) -> tenure::Result<BatchOptions> {
    let given: Option<OptionsInput> = tenure::deserialize_input(value)?;
    Ok(BatchOptions {
        month: given.unwrap_or_default().month,
    })
}

/// The errors of reading a batch, one message each, at the path of the offending item.
pub mod errors {
    use super::*;

    fn parse(path: impl Into<String>, message: &str) -> tenure::Error {
        tenure::Error::new(ErrorCode::InputParse, path, message)
    }

    /// The path of a column (`columns.dau_mau_ratio`).
    pub fn column_path(key: &str) -> String {
        format!("columns.{key}")
    }

    /// The batch is neither an object of columns nor an array of accounts.
    pub fn not_a_batch() -> tenure::Error {
        parse(
            "",
            "a batch is an object of columns or an array of accounts",
        )
    }

    /// A column is not a typed array, an array or a dictionary.
    pub fn not_a_column(path: &str) -> tenure::Error {
        parse(
            path,
            "a column is a Float64Array, an array, or {codes: Int32Array, categories: string[]}",
        )
    }

    /// A typed-array column that the binding does not read as numbers; `hint` names what it
    /// takes (`"be a Float64Array"`).
    pub fn typed_array(path: &str, hint: &str) -> tenure::Error {
        parse(path, &format!("a typed-array column must {hint}"))
    }

    /// The value at `index` of an array column is of another kind than the first (`item`).
    pub fn mixed_kinds(path: &str, index: u32, item: Value) -> tenure::Error {
        let error = parse(
            format!("{path}[{index}]"),
            "a column holds numbers, booleans or strings (one kind per column) and nulls",
        );
        match serde_json::Value::deserialize(item) {
            Ok(value) => error.with_value(value),
            Err(_) => error,
        }
    }

    /// A dictionary column without an `Int32Array` of codes.
    pub fn dictionary_codes(path: &str) -> tenure::Error {
        parse(
            format!("{path}.codes"),
            "a dictionary column is {codes: Int32Array, categories: string[]}",
        )
    }

    /// An encoded column the binding could not read back (never expected).
    pub fn unreadable(path: &str) -> tenure::Error {
        parse(path, "unreadable column")
    }
}

/// A dictionary column's categories, read from their value (an array of strings).
pub fn categories(value: Value, path: &str) -> tenure::Result<Vec<String>> {
    tenure::deserialize_input(value).map_err(|e| e.within(&format!("{path}.categories")))
}

/// The tier keys of `scorer`'s model, in model order: the names that the batch's `tier` codes
/// index.
pub fn tier_keys(scorer: &Scorer) -> Vec<String> {
    scorer.model().tiers.iter().map(|t| t.key.clone()).collect()
}

/// The statuses of a batch as codes into the names met so far (there are three), for the
/// binding's helper to expand into an array of strings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatusCodes {
    /// One code per row.
    pub codes: Vec<i32>,
    /// The status names (`"scored"`, `"insufficient_data"`, `"failed"`) the codes index.
    pub names: Vec<String>,
}

impl StatusCodes {
    /// Encodes the statuses of a batch.
    pub fn of(statuses: &[ScoreStatus]) -> StatusCodes {
        let mut seen: Vec<ScoreStatus> = Vec::new();
        let mut names = Vec::new();
        let mut codes = Vec::with_capacity(statuses.len());
        for status in statuses {
            let code = match seen.iter().position(|s| s == status) {
                Some(code) => code,
                None => {
                    seen.push(*status);
                    names.push(status_name(*status));
                    seen.len() - 1
                }
            };
            codes.push(i32::try_from(code).unwrap_or(-1));
        }
        StatusCodes { codes, names }
    }
}

/// A status as the core spells it.
fn status_name(status: ScoreStatus) -> String {
    match Value::of(&status) {
        Ok(Value::Text(name)) => name,
        _ => "failed".to_string(),
    }
}

/// The failed rows of a batch as JSON text for `JSON.parse`: `[{row, code, path, value?,
/// message}]`, the values as given.
pub fn row_errors_json(errors: &[RowError]) -> Result<String, serde_json::Error> {
    let rows = errors
        .iter()
        .map(|e| {
            let mut row = vec![
                ("row".to_string(), Value::Number(e.row as f64)),
                (
                    "code".to_string(),
                    Value::Text(e.error.code().as_str().into()),
                ),
                ("path".to_string(), Value::Text(e.error.path().into())),
            ];
            if let Some(value) = e.error.value().and_then(|v| Value::of(v).ok()) {
                row.push(("value".to_string(), value));
            }
            row.push(("message".to_string(), Value::Text(e.error.message().into())));
            Value::Map(row)
        })
        .collect();
    Value::List(rows).to_js_json(KeyRule::as_given())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_coded_in_order_of_appearance() {
        let codes = StatusCodes::of(&[
            ScoreStatus::InsufficientData,
            ScoreStatus::Scored,
            ScoreStatus::InsufficientData,
        ]);
        assert_eq!(codes.codes, vec![0, 1, 0]);
        assert_eq!(codes.names, vec!["insufficient_data", "scored"]);
    }

    #[test]
    fn owned_columns_score_like_the_core() -> tenure::Result<()> {
        let scorer = Scorer::new(tenure::HealthModel::builtin())?;
        let input: BatchInput<OwnedColumn> = BatchInput::Columns(vec![
            (
                "dau_mau_ratio".into(),
                OwnedColumn::Numbers(vec![0.45, f64::NAN]),
            ),
            (
                "champion_identified".into(),
                OwnedColumn::Booleans(booleans(&[BOOLEAN_TRUE, BOOLEAN_MISSING])),
            ),
            (
                "login_trend".into(),
                OwnedColumn::Texts {
                    codes: vec![0, -1],
                    categories: vec!["up".into()],
                },
            ),
        ]);
        let scores = input.score(&scorer, batch_options(Value::Null)?)?;
        assert_eq!(scores.len(), 2);
        assert_eq!(scores.status.len(), 2);
        Ok(())
    }

    #[test]
    fn options_are_read_with_their_errors() {
        let month = Value::Map(vec![("month".into(), Value::Number(2.5))]);
        let error = batch_options(month).err();
        assert_eq!(error.map(|e| e.path().to_string()), Some("month".into()));
        let unknown = Value::Map(vec![("as_of".into(), Value::Text("2026-01-01".into()))]);
        assert!(batch_options(unknown).is_err());
    }
}
