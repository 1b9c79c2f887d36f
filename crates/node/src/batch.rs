//! Batch inputs and results: JS columns (or account objects) in, typed arrays out.

use crate::convert::{as_object, read, write, Tree};
use crate::error::{input, js_error, OrThrow};
use crate::js;
use napi::bindgen_prelude::{
    Env, Float64Array, Float64ArraySlice, FromNapiValue, Int32ArraySlice, JsObjectValue, Object,
    Task, ToNapiValue, TypeName, Uint8ArraySlice, Unknown,
};
use napi::{sys, JsValue, ValueType};
use serde::Deserialize;
use std::sync::Arc;
use tenure::{Account, Batch, BatchOptions, BatchScores, Column, ErrorCode, ScoreStatus, Scorer};

/// One column as read from JS; typed arrays are borrowed, not copied.
pub enum JsColumn<'env> {
    /// A `Float64Array` (NaN = missing).
    Float64(Float64ArraySlice<'env>),
    /// An array of booleans and nulls.
    Bools(Vec<Option<bool>>),
    /// `{codes: Int32Array, categories: string[]}` (a negative code = missing); also an array
    /// of strings and nulls, encoded so.
    Codes(Int32ArraySlice<'env>, Vec<String>),
}

/// One column owned by Rust, for scoring off the JS thread.
pub enum OwnedColumn {
    /// Numbers (NaN = missing).
    Numbers(Vec<f64>),
    /// Yes/no values.
    Bools(Vec<Option<bool>>),
    /// Dictionary-encoded text.
    Codes(Vec<i32>, Vec<String>),
}

/// A column the core can read.
pub trait AsColumn {
    /// The column as the core's `Column`.
    fn column(&self) -> Column<'_>;
}

impl AsColumn for JsColumn<'_> {
    fn column(&self) -> Column<'_> {
        match self {
            JsColumn::Float64(v) => Column::Numbers(v),
            JsColumn::Bools(v) => Column::Bools(v),
            JsColumn::Codes(codes, categories) => Column::Codes { codes, categories },
        }
    }
}

impl JsColumn<'_> {
    fn into_owned(self) -> OwnedColumn {
        match self {
            JsColumn::Float64(v) => OwnedColumn::Numbers(v.to_vec()),
            JsColumn::Bools(v) => OwnedColumn::Bools(v),
            JsColumn::Codes(codes, categories) => OwnedColumn::Codes(codes.to_vec(), categories),
        }
    }
}

impl AsColumn for OwnedColumn {
    fn column(&self) -> Column<'_> {
        match self {
            OwnedColumn::Numbers(v) => Column::Numbers(v),
            OwnedColumn::Bools(v) => Column::Bools(v),
            OwnedColumn::Codes(codes, categories) => Column::Codes { codes, categories },
        }
    }
}

/// A batch as given: columns by input key, or account objects.
pub enum BatchInput<C> {
    /// `{key: column}`.
    Columns(Vec<(String, C)>),
    /// `[account, ...]`, scored with the core's `score_records`.
    Records(Vec<Account>),
}

/// The batch options object.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct OptionsIn {
    /// Calendar month 1-12 for seasonal baselines.
    #[serde(default)]
    month: Option<u32>,
}

/// Reads `options` (`{month}`; `undefined`/`null` for none).
pub fn options(env: &Env, options: Option<Unknown<'_>>) -> napi::Result<BatchOptions> {
    let given: Option<OptionsIn> = match options {
        Some(value) => input(env, value, "")?,
        None => None,
    };
    Ok(BatchOptions {
        month: given.unwrap_or_default().month,
    })
}

fn parse_error(path: String, message: &str) -> tenure::Error {
    tenure::Error::new(ErrorCode::InputParse, path, message)
}

/// Reads a batch: an array is a list of accounts, an object maps input keys to columns.
pub fn read_input<'env>(
    env: &'env Env,
    value: Unknown<'env>,
) -> napi::Result<BatchInput<JsColumn<'env>>> {
    if value.get_type()? != ValueType::Object {
        return Err(js_error(
            env,
            &parse_error(
                String::new(),
                "a batch is an object of columns or an array of accounts",
            ),
        ));
    }
    if value.is_array()? {
        return Ok(BatchInput::Records(input(env, value, "")?));
    }
    let object = as_object(value);
    let mut columns = Vec::new();
    for key in Object::keys(&object)? {
        let item = object.get_named_property::<Unknown>(&key)?;
        let column = read_column(env, item, &key)?.or_throw(env)?;
        columns.push((key, column));
    }
    Ok(BatchInput::Columns(columns))
}

fn read_column<'env>(
    env: &'env Env,
    value: Unknown<'env>,
    key: &str,
) -> napi::Result<Result<JsColumn<'env>, tenure::Error>> {
    let path = format!("columns.{key}");
    if value.get_type()? != ValueType::Object {
        return Ok(Err(parse_error(
            path,
            "a column is a Float64Array, an array, or {codes: Int32Array, categories: string[]}",
        )));
    }
    if value.is_typedarray()? {
        return Ok(float64(value)
            .ok_or_else(|| parse_error(path, "a typed-array column must be a Float64Array")));
    }
    if !value.is_array()? {
        return dictionary(value, &path);
    }
    let encoded = js::column(env, value)?;
    if let Some(i) = encoded.bad {
        let error = parse_error(
            format!("{path}[{i}]"),
            "a column holds numbers, booleans or strings (one kind per column) and nulls",
        );
        let item = as_object(value).get_element::<Unknown>(i)?;
        return Ok(Err(
            match serde_json::Value::deserialize(read(item, false)?) {
                Ok(value) => error.with_value(value),
                Err(_) => error,
            },
        ));
    }
    Ok(match encoded.kind {
        0 => float64(encoded.data).ok_or_else(|| parse_error(path, "unreadable column")),
        1 => {
            // SAFETY: the `column` helper returns a Uint8Array for kind 1.
            let flags = unsafe { encoded.data.cast::<Uint8ArraySlice>() }?;
            Ok(JsColumn::Bools(
                flags
                    .iter()
                    .map(|&f| match f {
                        0 => Some(false),
                        1 => Some(true),
                        _ => None,
                    })
                    .collect(),
            ))
        }
        _ => return dictionary(encoded.data, &path),
    })
}

/// A `Float64Array`, borrowed; `None` for any other value.
fn float64(value: Unknown<'_>) -> Option<JsColumn<'_>> {
    // SAFETY: `from_napi_value` checks that the value is a Float64Array.
    let slice = unsafe { Float64ArraySlice::from_napi_value(value.value().env, value.raw()) };
    slice.ok().map(JsColumn::Float64)
}

/// `{codes: Int32Array, categories: string[]}`, the codes borrowed.
fn dictionary<'env>(
    value: Unknown<'env>,
    path: &str,
) -> napi::Result<Result<JsColumn<'env>, tenure::Error>> {
    let object = as_object(value);
    let codes = object.get_named_property::<Unknown>("codes")?;
    let categories = object.get_named_property::<Unknown>("categories")?;
    let codes = if codes.get_type()? == ValueType::Object && codes.is_typedarray()? {
        // SAFETY: a typed array; `from_napi_value` checks that it holds i32.
        unsafe { Int32ArraySlice::from_napi_value(codes.value().env, codes.raw()) }.ok()
    } else {
        None
    };
    let Some(codes) = codes else {
        return Ok(Err(parse_error(
            format!("{path}.codes"),
            "a dictionary column is {codes: Int32Array, categories: string[]}",
        )));
    };
    let categories: Result<Vec<String>, tenure::Error> =
        tenure::deserialize_input(read(categories, false)?)
            .map_err(|e| e.within(&format!("{path}.categories")));
    Ok(categories.map(|categories| JsColumn::Codes(codes, categories)))
}

impl BatchInput<JsColumn<'_>> {
    /// Copies the columns out of JS memory.
    pub fn into_owned(self) -> BatchInput<OwnedColumn> {
        match self {
            BatchInput::Columns(columns) => BatchInput::Columns(
                columns
                    .into_iter()
                    .map(|(k, c)| (k, c.into_owned()))
                    .collect(),
            ),
            BatchInput::Records(records) => BatchInput::Records(records),
        }
    }
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
}

/// Batch scores for JS: `composite` and `coverage` as `Float64Array`s (NaN composite when not
/// scored), `tier` as tier keys or `null`, `status` as strings, `errors` as objects.
pub struct BatchOutput {
    /// The core's scores.
    pub scores: BatchScores,
    /// Tier keys in model order (what `scores.tier` indexes).
    pub tiers: Vec<String>,
}

impl BatchOutput {
    /// Scores with the tier keys of `scorer`'s model.
    pub fn new(scores: BatchScores, scorer: &Scorer) -> BatchOutput {
        BatchOutput {
            scores,
            tiers: scorer.model().tiers.iter().map(|t| t.key.clone()).collect(),
        }
    }

    fn write(self, env: &Env) -> napi::Result<Object<'_>> {
        let BatchOutput { scores, tiers } = self;
        let tier = js::expand(env, scores.tier, tiers)?;
        // Statuses as codes into the names met so far (there are three).
        let mut names: Vec<(ScoreStatus, String)> = Vec::new();
        let mut codes = Vec::with_capacity(scores.status.len());
        for s in &scores.status {
            let code = match names.iter().position(|(k, _)| k == s) {
                Some(code) => code,
                None => {
                    let name = serde_json::to_value(s).ok();
                    let name = name.as_ref().and_then(|v| v.as_str()).unwrap_or("failed");
                    names.push((*s, name.to_string()));
                    names.len() - 1
                }
            };
            codes.push(i32::try_from(code).unwrap_or(-1));
        }
        let status = js::expand(env, codes, names.into_iter().map(|(_, n)| n).collect())?;
        let errors = scores
            .errors
            .iter()
            .map(|e| {
                let mut row = vec![
                    ("row".to_string(), Tree::Number(e.row as f64)),
                    (
                        "code".to_string(),
                        Tree::String(e.error.code().as_str().into()),
                    ),
                    ("path".to_string(), Tree::String(e.error.path().into())),
                ];
                if let Some(value) = e.error.value() {
                    row.push(("value".to_string(), value.into()));
                }
                row.push((
                    "message".to_string(),
                    Tree::String(e.error.message().into()),
                ));
                Tree::Object(row)
            })
            .collect();
        let mut out = Object::new(env)?;
        out.set("composite", Float64Array::new(scores.composite))?;
        out.set("coverage", Float64Array::new(scores.coverage))?;
        out.set("tier", tier)?;
        out.set("status", status)?;
        out.set("errors", write(env, &Tree::Array(errors), false)?)?;
        Ok(out)
    }
}

impl ToNapiValue for BatchOutput {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        val.write(&Env::from_raw(env)).map(|o| o.raw())
    }
}

impl TypeName for BatchOutput {
    fn type_name() -> &'static str {
        "BatchResult"
    }

    fn value_type() -> ValueType {
        ValueType::Object
    }
}

/// Scores a batch on the libuv thread pool; the columns were copied out of JS memory first.
pub struct ScoreBatchTask {
    /// The compiled model.
    pub scorer: Arc<Scorer>,
    /// The batch.
    pub input: BatchInput<OwnedColumn>,
    /// The options.
    pub options: BatchOptions,
}

impl Task for ScoreBatchTask {
    type Output = tenure::Result<BatchScores>;
    type JsValue = BatchOutput;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        // The core does not panic; should it ever, the promise rejects instead of aborting.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.input.score(&self.scorer, self.options)
        }))
        .map_err(|_| napi::Error::from_reason("tenure: internal error while scoring the batch"))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<BatchOutput> {
        let scores = output.or_throw(&env)?;
        Ok(BatchOutput::new(scores, &self.scorer))
    }
}
