//! Health batches: JS columns (or account objects) in, typed arrays out. The typed arrays are
//! read here; the column kinds, the boolean encoding, status codes and errors are the shared
//! layer's ([`tenure_interop::batch`]).

use crate::input::input;
use crate::js;
use crate::thrown::{js_error, OrThrow};
use crate::value::{as_object, read};
use napi::bindgen_prelude::{
    Env, Float64Array, Float64ArraySlice, FromNapiValue, Int32ArraySlice, Int8ArraySlice,
    JsObjectValue, Object, Task, ToNapiValue, TypeName, Unknown,
};
use napi::{sys, JsValue, ValueType};
use std::sync::Arc;
use tenure::{BatchOptions, BatchScores, Column, Scorer};
use tenure_interop::batch::{errors, BatchInput, StatusCodes};
use tenure_interop::{AsColumn, ColumnKind, KeyRule, OwnedColumn, Value};

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
            JsColumn::Bools(v) => OwnedColumn::Booleans(v),
            JsColumn::Codes(codes, categories) => OwnedColumn::Texts {
                codes: codes.to_vec(),
                categories,
            },
        }
    }
}

/// Reads `options` (`{month}`; `undefined`/`null` for none).
pub fn options(env: &Env, options: Option<Unknown<'_>>) -> napi::Result<BatchOptions> {
    let value = match options {
        Some(value) => read(value, KeyRule::data())?,
        None => Value::Null,
    };
    tenure_interop::batch::batch_options(value).or_throw(env)
}

/// Reads a batch: an array is a list of accounts, an object maps input keys to columns.
pub fn read_input<'env>(
    env: &'env Env,
    value: Unknown<'env>,
) -> napi::Result<BatchInput<JsColumn<'env>>> {
    if value.get_type()? != ValueType::Object {
        return Err(js_error(env, &errors::not_a_batch()));
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
    let path = errors::column_path(key);
    if value.get_type()? != ValueType::Object {
        return Ok(Err(errors::not_a_column(&path)));
    }
    if value.is_typedarray()? {
        return Ok(float64(value).ok_or_else(|| errors::typed_array(&path, "be a Float64Array")));
    }
    if !value.is_array()? {
        return dictionary(value, &path);
    }
    let encoded = js::column(env, value)?;
    if let Some(i) = encoded.bad {
        let item = as_object(value).get_element::<Unknown>(i)?;
        return Ok(Err(errors::mixed_kinds(
            &path,
            i,
            read(item, KeyRule::as_given())?,
        )));
    }
    Ok(match encoded.kind {
        Some(ColumnKind::Numbers) => float64(encoded.data).ok_or_else(|| errors::unreadable(&path)),
        Some(ColumnKind::Booleans) => {
            // SAFETY: `from_napi_value` checks that the value is an Int8Array.
            let flags = unsafe {
                Int8ArraySlice::from_napi_value(encoded.data.value().env, encoded.data.raw())
            };
            flags
                .map(|flags| JsColumn::Bools(tenure_interop::booleans(&flags)))
                .map_err(|_| errors::unreadable(&path))
        }
        Some(ColumnKind::Texts) => return dictionary(encoded.data, &path),
        None => Err(errors::unreadable(&path)),
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
        return Ok(Err(errors::dictionary_codes(path)));
    };
    let categories =
        tenure_interop::batch::categories(read(categories, KeyRule::as_given())?, path);
    Ok(categories.map(|categories| JsColumn::Codes(codes, categories)))
}

/// Copies the columns of a batch out of JS memory, for scoring off the JS thread.
pub fn into_owned(input: BatchInput<JsColumn<'_>>) -> BatchInput<OwnedColumn> {
    input.map_columns(JsColumn::into_owned)
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
            tiers: tenure_interop::batch::tier_keys(scorer),
        }
    }

    fn write(self, env: &Env) -> napi::Result<Object<'_>> {
        let BatchOutput { scores, tiers } = self;
        let tier = js::expand(env, scores.tier, tiers)?;
        let StatusCodes { codes, names } = StatusCodes::of(&scores.status);
        let status = js::expand(env, codes, names)?;
        let errors = tenure_interop::batch::row_errors_json(&scores.errors)
            .map_err(|e| napi::Error::from_reason(e.to_string()))?;
        let mut out = Object::new(env)?;
        out.set("composite", Float64Array::new(scores.composite))?;
        out.set("coverage", Float64Array::new(scores.coverage))?;
        out.set("tier", tier)?;
        out.set("status", status)?;
        out.set("errors", js::parse(env, errors)?)?;
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
