//! Batch input and output: columns from NumPy arrays, Arrow streams or account records become a
//! core [`Batch`]; [`BatchScores`] go back as NumPy arrays or an Arrow table.
//!
//! Numbers are borrowed without copying when they already are contiguous `float64` without
//! nulls (NumPy, or an Arrow `double` column of one chunk without nulls); anything else is
//! converted once. Text becomes dictionary codes (`Column::Codes`) where it can.

use crate::errors::CoreResult;
use arrow_array::cast::AsArray;
use arrow_array::types::{Int32Type, Int8Type};
use arrow_array::{
    Array, ArrayRef, DictionaryArray, Float64Array, Int32Array, Int8Array, RecordBatch,
    StringArray, StructArray,
};
use arrow_buffer::{BooleanBuffer, NullBuffer, ScalarBuffer};
use arrow_schema::{DataType, Field, Fields, Schema};
use numpy::{PyArray1, PyArrayMethods, PyReadonlyArray1, PyUntypedArrayMethods};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use std::collections::HashMap;
use std::sync::Arc;
use tenure::{
    Account, Batch, BatchOptions, BatchScores, Column, Error, ErrorCode, InputValue, NaiveDate,
    ScoreStatus, Scorer,
};

/// Numbers of a column: borrowed from NumPy or Arrow, or owned.
pub enum Numbers<'py> {
    Numpy(PyReadonlyArray1<'py, f64>),
    Arrow(Float64Array),
    Owned(Vec<f64>),
}

/// Dictionary codes of a column: borrowed from NumPy, or owned.
pub enum Codes<'py> {
    Numpy(PyReadonlyArray1<'py, i32>),
    Owned(Vec<i32>),
}

/// One input column, holding (or borrowing) its data.
pub enum Holder<'py> {
    Numbers(Numbers<'py>),
    Codes(Codes<'py>, Vec<String>),
    Texts(Vec<Option<String>>),
    Bools(Vec<Option<bool>>),
}

impl Holder<'_> {
    /// The core column over this data.
    pub fn column(&self) -> Column<'_> {
        match self {
            Holder::Numbers(Numbers::Numpy(a)) => Column::Numbers(a.as_slice().unwrap_or(&[])),
            Holder::Numbers(Numbers::Arrow(a)) => Column::Numbers(a.values()),
            Holder::Numbers(Numbers::Owned(v)) => Column::Numbers(v),
            Holder::Codes(codes, categories) => Column::Codes {
                codes: match codes {
                    Codes::Numpy(a) => a.as_slice().unwrap_or(&[]),
                    Codes::Owned(v) => v,
                },
                categories,
            },
            Holder::Texts(v) => Column::Texts(v),
            Holder::Bools(v) => Column::Bools(v),
        }
    }
}

/// Columns by input key, in the caller's order.
pub type Holders<'py> = Vec<(String, Holder<'py>)>;

/// A column converted from Arrow (owns its data, so it can be built without the GIL).
pub enum ArrowHolder {
    Arrow(Float64Array),
    Numbers(Vec<f64>),
    Codes(Vec<i32>, Vec<String>),
    Bools(Vec<Option<bool>>),
}

impl From<ArrowHolder> for Holder<'_> {
    fn from(h: ArrowHolder) -> Self {
        match h {
            ArrowHolder::Arrow(a) => Holder::Numbers(Numbers::Arrow(a)),
            ArrowHolder::Numbers(v) => Holder::Numbers(Numbers::Owned(v)),
            ArrowHolder::Codes(codes, categories) => Holder::Codes(Codes::Owned(codes), categories),
            ArrowHolder::Bools(v) => Holder::Bools(v),
        }
    }
}

/// The core batch over the holders (fails on a repeated key or a length mismatch).
pub fn batch_of<'a>(holders: &'a [(String, Holder<'_>)]) -> Result<Batch<'a>, Error> {
    let mut batch = Batch::new();
    for (key, holder) in holders {
        batch.insert(key, holder.column())?;
    }
    Ok(batch)
}

fn parse_error(key: &str, message: String) -> Error {
    Error::new(ErrorCode::InputParse, format!("columns.{key}"), message)
}

// ---------------------------------------------------------------------------------------------
// From the Python side's normalised columns: (key, kind, data, extra) tuples.

/// Reads the `(key, kind, data, extra)` tuples prepared by `tenure._frames`:
/// `("numbers", float64 array)`, `("codes", int32 array, categories)`, `("texts", list)` and
/// `("bools", bool array, missing-mask or None)`.
pub fn holders_from_tuples<'py>(columns: &Bound<'py, PyList>) -> PyResult<Holders<'py>> {
    let mut holders = Vec::with_capacity(columns.len());
    for item in columns.iter() {
        let (key, kind, data, extra): (String, String, Bound<'py, PyAny>, Bound<'py, PyAny>) =
            item.extract()?;
        let holder = match kind.as_str() {
            "numbers" => {
                let array = data.cast::<PyArray1<f64>>()?.readonly();
                if array.is_contiguous() {
                    Holder::Numbers(Numbers::Numpy(array))
                } else {
                    Holder::Numbers(Numbers::Owned(array.as_array().to_vec()))
                }
            }
            "codes" => {
                let array = data.cast::<PyArray1<i32>>()?.readonly();
                let codes = if array.is_contiguous() {
                    Codes::Numpy(array)
                } else {
                    Codes::Owned(array.as_array().to_vec())
                };
                Holder::Codes(codes, extra.extract()?)
            }
            "texts" => {
                let values = data.cast::<PyList>()?;
                Holder::Texts(
                    values
                        .iter()
                        .map(|v| {
                            v.cast::<PyString>()
                                .ok()
                                .and_then(|s| s.to_cow().ok().map(|c| c.into_owned()))
                        })
                        .collect(),
                )
            }
            "bools" => {
                let values = data.cast::<PyArray1<bool>>()?.readonly();
                let values = values.as_array();
                let bools = if extra.is_none() {
                    values.iter().map(|&b| Some(b)).collect()
                } else {
                    let mask = extra.cast::<PyArray1<bool>>()?.readonly();
                    values
                        .iter()
                        .zip(mask.as_array().iter())
                        .map(|(&b, &missing)| (!missing).then_some(b))
                        .collect()
                };
                Holder::Bools(bools)
            }
            other => {
                return Err(PyTypeError::new_err(format!(
                    "unknown column kind `{other}` for `{key}`"
                )))
            }
        };
        holders.push((key, holder));
    }
    Ok(holders)
}

// ---------------------------------------------------------------------------------------------
// From Arrow record batches (pyarrow, polars, anything with the Arrow PyCapsule interface).

/// Converts the columns of Arrow record batches (all with the same schema).
pub fn holders_from_arrow(
    schema: &Schema,
    batches: &[RecordBatch],
) -> Result<Vec<(String, ArrowHolder)>, Error> {
    schema
        .fields()
        .iter()
        .enumerate()
        .map(|(i, field)| {
            let chunks: Vec<&ArrayRef> =
                batches.iter().filter_map(|b| b.columns().get(i)).collect();
            Ok((
                field.name().clone(),
                arrow_column(field.name(), field.data_type(), &chunks)?,
            ))
        })
        .collect()
}

fn arrow_column(
    key: &str,
    data_type: &DataType,
    chunks: &[&ArrayRef],
) -> Result<ArrowHolder, Error> {
    match data_type {
        DataType::Float64 => {
            if let [only] = chunks {
                if only.null_count() == 0 {
                    if let Some(a) = only.as_primitive_opt::<arrow_array::types::Float64Type>() {
                        return Ok(ArrowHolder::Arrow(a.clone()));
                    }
                }
            }
            numbers_of(key, chunks)
        }
        DataType::Boolean => {
            let mut values = Vec::new();
            for chunk in chunks {
                let a = chunk
                    .as_boolean_opt()
                    .ok_or_else(|| parse_error(key, "not a boolean array".into()))?;
                values.extend(a.iter());
            }
            Ok(ArrowHolder::Bools(values))
        }
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
            let mut encoder = Encoder::default();
            for chunk in chunks {
                let strings = str_values(chunk.as_ref())
                    .ok_or_else(|| parse_error(key, "not a string array".into()))?;
                encoder.codes.reserve(chunk.len());
                for s in strings {
                    let code = encoder.code(s);
                    encoder.codes.push(code);
                }
            }
            Ok(ArrowHolder::Codes(encoder.codes, encoder.categories))
        }
        DataType::Dictionary(_, values)
            if matches!(
                values.as_ref(),
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
            ) =>
        {
            let mut encoder = Encoder::default();
            for chunk in chunks {
                let dictionary = chunk
                    .as_any_dictionary_opt()
                    .ok_or_else(|| parse_error(key, "not a dictionary array".into()))?;
                let entries = str_values(dictionary.values().as_ref())
                    .ok_or_else(|| parse_error(key, "dictionary values are not strings".into()))?;
                let remap: Vec<i32> = entries.map(|s| encoder.code(s)).collect();
                let keys = dictionary.keys();
                if remap.is_empty() {
                    encoder.codes.extend(std::iter::repeat_n(-1, keys.len()));
                    continue;
                }
                let normalized = dictionary.normalized_keys();
                encoder
                    .codes
                    .extend(normalized.iter().enumerate().map(|(i, &k)| {
                        if keys.is_null(i) {
                            -1
                        } else {
                            remap.get(k).copied().unwrap_or(-1)
                        }
                    }));
            }
            Ok(ArrowHolder::Codes(encoder.codes, encoder.categories))
        }
        DataType::Null => Ok(ArrowHolder::Numbers(vec![
            f64::NAN;
            chunks
                .iter()
                .map(|c| c.len())
                .sum()
        ])),
        other if arrow_cast::can_cast_types(other, &DataType::Float64) && is_numeric(other) => {
            numbers_of(key, chunks)
        }
        other => Err(parse_error(
            key,
            format!(
                "column type {other} is not supported: use numbers, text, booleans or categories"
            ),
        )),
    }
}

fn is_numeric(data_type: &DataType) -> bool {
    data_type.is_numeric() || matches!(data_type, DataType::Dictionary(_, v) if v.is_numeric())
}

/// Numbers of any numeric Arrow type; nulls become NaN.
fn numbers_of(key: &str, chunks: &[&ArrayRef]) -> Result<ArrowHolder, Error> {
    let mut out = Vec::with_capacity(chunks.iter().map(|c| c.len()).sum());
    for chunk in chunks {
        let cast = arrow_cast::cast(chunk, &DataType::Float64)
            .map_err(|e| parse_error(key, e.to_string()))?;
        let a = cast
            .as_primitive_opt::<arrow_array::types::Float64Type>()
            .ok_or_else(|| parse_error(key, "not a number array".into()))?;
        match a.nulls() {
            None => out.extend_from_slice(a.values()),
            Some(nulls) => out.extend(a.values().iter().zip(nulls.iter()).map(|(&x, valid)| {
                if valid {
                    x
                } else {
                    f64::NAN
                }
            })),
        }
    }
    Ok(ArrowHolder::Numbers(out))
}

fn str_values<'a>(array: &'a dyn Array) -> Option<Box<dyn Iterator<Item = Option<&'a str>> + 'a>> {
    if let Some(a) = array.as_string_opt::<i32>() {
        Some(Box::new(a.iter()))
    } else if let Some(a) = array.as_string_opt::<i64>() {
        Some(Box::new(a.iter()))
    } else if let Some(a) = array.as_string_view_opt() {
        Some(Box::new(a.iter()))
    } else {
        None
    }
}

/// Dictionary-encodes text: one code per row, -1 for null.
#[derive(Default)]
struct Encoder {
    index: HashMap<String, i32>,
    categories: Vec<String>,
    codes: Vec<i32>,
}

impl Encoder {
    fn code(&mut self, text: Option<&str>) -> i32 {
        let Some(text) = text else { return -1 };
        if let Some(&code) = self.index.get(text) {
            return code;
        }
        let code = i32::try_from(self.categories.len()).unwrap_or(-1);
        self.categories.push(text.to_string());
        self.index.insert(text.to_string(), code);
        code
    }
}

// ---------------------------------------------------------------------------------------------
// Scoring and explanations.

/// The month of a batch as the core takes it; values that do not fit are reported as the core
/// reports a month outside 1-12.
pub fn month_option(month: Option<i64>) -> CoreResult<BatchOptions> {
    let month = match month {
        None => None,
        Some(m) => Some(u32::try_from(m).map_err(|_| {
            Error::new(ErrorCode::InputOutOfRange, "month", "the month is 1-12").with_value(m)
        })?),
    };
    Ok(BatchOptions { month })
}

/// The accounts of a batch's rows, for explanations: the same values the batch path reads, and
/// an `as_of` in the batch's month so that seasonal baselines apply in the same way.
pub fn row_accounts(
    batch_columns: &[(&str, Column<'_>)],
    rows: usize,
    month: Option<u32>,
) -> Vec<Account> {
    let as_of = month.and_then(|m| NaiveDate::from_ymd_opt(2000, m, 1));
    (0..rows)
        .map(|row| {
            let mut account = Account {
                as_of,
                ..Account::default()
            };
            for (key, column) in batch_columns {
                let value = match column {
                    Column::Numbers(v) => v
                        .get(row)
                        .copied()
                        .filter(|x| !x.is_nan())
                        .map(InputValue::Number),
                    Column::Bools(v) => v.get(row).copied().flatten().map(InputValue::Bool),
                    Column::Texts(v) => v.get(row).cloned().flatten().map(InputValue::Text),
                    Column::Codes { codes, categories } => codes
                        .get(row)
                        .and_then(|&c| usize::try_from(c).ok())
                        .and_then(|c| categories.get(c))
                        .map(|t| InputValue::Text(t.clone())),
                    _ => None,
                };
                account.inputs.insert((*key).to_string(), value);
            }
            account
        })
        .collect()
}

/// Scores holders (GIL released) and, on request, explains every row.
pub fn score_holders(
    py: Python<'_>,
    scorer: &Scorer,
    holders: &[(String, Holder<'_>)],
    options: BatchOptions,
    explain: bool,
) -> CoreResult<(BatchScores, Option<Vec<tenure::HealthScore>>)> {
    let batch = batch_of(holders)?;
    let columns: Vec<(&str, Column<'_>)> = holders
        .iter()
        .map(|(k, h)| (k.as_str(), h.column()))
        .collect();
    let result = py.detach(|| -> Result<_, Error> {
        let scores = scorer.score_batch(&batch, options)?;
        let explanations = if explain {
            let accounts = row_accounts(&columns, scores.len(), options.month);
            Some(
                accounts
                    .iter()
                    .map(|a| scorer.score(a))
                    .collect::<Result<Vec<_>, Error>>()?,
            )
        } else {
            None
        };
        Ok((scores, explanations))
    })?;
    Ok(result)
}

// ---------------------------------------------------------------------------------------------
// Output.

/// Status names in code order (the codes of the `status` output).
pub const STATUS_KEYS: [&str; 3] = ["scored", "insufficient_data", "failed"];

fn status_code(status: ScoreStatus) -> i8 {
    match status {
        ScoreStatus::Scored => 0,
        ScoreStatus::InsufficientData => 1,
        ScoreStatus::Failed => 2,
        _ => -1,
    }
}

/// `{composite, tier, coverage, status}` as NumPy arrays: composite (NaN unless scored), tier
/// codes into the model's tiers (-1 unless scored), coverage, status codes into [`STATUS_KEYS`].
pub fn numpy_out<'py>(py: Python<'py>, scores: BatchScores) -> PyResult<Bound<'py, PyDict>> {
    let status: Vec<i8> = scores.status.iter().map(|&s| status_code(s)).collect();
    let out = PyDict::new(py);
    out.set_item("composite", PyArray1::from_vec(py, scores.composite))?;
    out.set_item("tier", PyArray1::from_vec(py, scores.tier))?;
    out.set_item("coverage", PyArray1::from_vec(py, scores.coverage))?;
    out.set_item("status", PyArray1::from_vec(py, status))?;
    Ok(out)
}

/// The scores as one Arrow record batch: `composite` (null unless scored), `tier` and `status`
/// dictionary-encoded, `coverage`, and `error` (a struct of code, path and message; null for rows
/// that did not fail).
pub fn arrow_out(
    scores: BatchScores,
    tier_keys: &[String],
) -> Result<RecordBatch, arrow_schema::ArrowError> {
    let n = scores.len();
    let scored = NullBuffer::new(BooleanBuffer::from_iter(
        scores.composite.iter().map(|c| !c.is_nan()),
    ));
    let composite = Float64Array::new(ScalarBuffer::from(scores.composite), Some(scored));
    let tier_valid = NullBuffer::new(BooleanBuffer::from_iter(
        scores.tier.iter().map(|&t| t >= 0),
    ));
    let tier_codes: Vec<i32> = scores.tier.iter().map(|&t| t.max(0)).collect();
    let tier = DictionaryArray::<Int32Type>::try_new(
        Int32Array::new(ScalarBuffer::from(tier_codes), Some(tier_valid)),
        Arc::new(StringArray::from_iter_values(tier_keys)),
    )?;
    let coverage = Float64Array::new(ScalarBuffer::from(scores.coverage), None);
    let status_codes: Vec<i8> = scores.status.iter().map(|&s| status_code(s)).collect();
    let status_valid = NullBuffer::new(BooleanBuffer::from_iter(
        status_codes.iter().map(|&s| s >= 0),
    ));
    let status = DictionaryArray::<Int8Type>::try_new(
        Int8Array::new(
            ScalarBuffer::from(status_codes.iter().map(|&s| s.max(0)).collect::<Vec<_>>()),
            Some(status_valid),
        ),
        Arc::new(StringArray::from_iter_values(STATUS_KEYS)),
    )?;
    let error_fields = Fields::from(vec![
        Field::new("code", DataType::Utf8, true),
        Field::new("path", DataType::Utf8, true),
        Field::new("message", DataType::Utf8, true),
    ]);
    let mut code = vec![None; n];
    let mut path = vec![None; n];
    let mut message = vec![None; n];
    for e in &scores.errors {
        if let (Some(c), Some(p), Some(m)) = (
            code.get_mut(e.row),
            path.get_mut(e.row),
            message.get_mut(e.row),
        ) {
            *c = Some(e.error.code().as_str().to_string());
            *p = Some(e.error.path().to_string());
            *m = Some(e.error.message().to_string());
        }
    }
    let error_valid = NullBuffer::new(BooleanBuffer::from_iter(code.iter().map(Option::is_some)));
    let error = StructArray::try_new(
        error_fields.clone(),
        vec![
            Arc::new(StringArray::from(code)) as ArrayRef,
            Arc::new(StringArray::from(path)),
            Arc::new(StringArray::from(message)),
        ],
        Some(error_valid),
    )?;
    let dict = |key: DataType| DataType::Dictionary(Box::new(key), Box::new(DataType::Utf8));
    let schema = Schema::new(vec![
        Field::new("composite", DataType::Float64, true),
        Field::new("tier", dict(DataType::Int32), true),
        Field::new("coverage", DataType::Float64, false),
        Field::new("status", dict(DataType::Int8), true),
        Field::new("error", DataType::Struct(error_fields), true),
    ]);
    RecordBatch::try_new(
        Arc::new(schema),
        vec![
            Arc::new(composite),
            Arc::new(tier),
            Arc::new(coverage),
            Arc::new(status),
            Arc::new(error),
        ],
    )
}
