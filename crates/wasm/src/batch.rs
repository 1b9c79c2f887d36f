//! Health batches: JavaScript columns (typed arrays, plain arrays, dictionaries) or an array of
//! accounts in, columns of results out. The typed arrays are read here; the column kinds, the
//! boolean encoding, status codes and errors are the shared layer's
//! ([`tenure_interop::batch`]), as in the Node.js binding.

use crate::input::input;
use crate::thrown::throw;
use crate::value::{read, set};
use js_sys::{Array, Float64Array, Int32Array, Object, Reflect};
use tenure::{Account, BatchScores, Scorer};
use tenure_interop::batch::{errors, BatchInput, StatusCodes};
use tenure_interop::{ColumnKind, KeyRule, OwnedColumn, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

// Two loops that run in JavaScript, because crossing into JavaScript once per element would
// cost more than the scoring: they only re-encode plain arrays (no scoring logic).
#[wasm_bindgen(inline_js = r#"
export function encodeColumn(values) {
  const n = values.length;
  let kind = null;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) { kind = typeof v; break; }
  }
  if (kind === "string") {
    const codes = new Int32Array(n), index = new Map(), categories = [];
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === null || v === undefined) { codes[i] = -1; continue; }
      if (typeof v !== "string") return [-1, i, null];
      let c = index.get(v);
      if (c === undefined) { c = categories.length; index.set(v, c); categories.push(v); }
      codes[i] = c;
    }
    return [2, codes, categories];
  }
  if (kind === "boolean") {
    const out = new Int8Array(n);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === null || v === undefined) out[i] = -1;
      else if (typeof v === "boolean") out[i] = v ? 1 : 0;
      else return [-1, i, null];
    }
    return [1, out, null];
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) out[i] = NaN;
    else if (typeof v === "number") out[i] = v;
    else return [-1, i, null];
  }
  return [0, out, null];
}
export function decodeColumn(codes, names) {
  const n = codes.length, out = new Array(n);
  for (let i = 0; i < n; i++) { const c = codes[i]; out[i] = c < 0 ? null : names[c]; }
  return out;
}
"#)]
extern "C" {
    /// `[kind, data, categories]`: kind 0 = numbers (`Float64Array`, NaN missing), 1 = booleans
    /// (`Int8Array`: 1, 0, -1 missing), 2 = texts (`Int32Array` of codes into `categories`, -1
    /// missing); -1 = a value of another kind than the first non-null one, at index `data`.
    #[wasm_bindgen(js_name = encodeColumn)]
    fn encode_column(values: &Array) -> Array;

    /// `names[code]` per code, `null` for negative codes.
    #[wasm_bindgen(js_name = decodeColumn)]
    fn decode_column(codes: &Int32Array, names: &Array) -> Array;
}

/// Scores a batch given as an object of columns or an array of accounts.
pub(crate) fn score_batch(
    scorer: &Scorer,
    value: &JsValue,
    options: Option<&JsValue>,
) -> Result<JsValue, JsValue> {
    let options = options.map_or(Value::Null, |v| read(v, KeyRule::data()));
    let options = tenure_interop::batch::batch_options(options).map_err(throw)?;
    let input = if Array::is_array(value) {
        let accounts: Vec<Account> = input(value, "")?;
        BatchInput::Records(accounts)
    } else if value.is_object() {
        BatchInput::Columns(read_columns(value.unchecked_ref()).map_err(throw)?)
    } else {
        return Err(throw(errors::not_a_batch()));
    };
    let scores = input.score(scorer, options).map_err(throw)?;
    Ok(scores_to_js(scorer, &scores))
}

fn read_columns(input: &Object) -> Result<Vec<(String, OwnedColumn)>, tenure::Error> {
    let mut columns = Vec::new();
    for entry in Object::entries(input).iter() {
        let entry: Array = entry.unchecked_into();
        let key = entry.get(0).as_string().unwrap_or_default();
        let column = read_column(&entry.get(1), &errors::column_path(&key))?;
        columns.push((key, column));
    }
    Ok(columns)
}

fn read_column(value: &JsValue, path: &str) -> Result<OwnedColumn, tenure::Error> {
    if let Some(numbers) = value.dyn_ref::<Float64Array>() {
        return Ok(OwnedColumn::Numbers(numbers.to_vec()));
    }
    if js_sys::ArrayBuffer::is_view(value) {
        return if is_number_array(value) {
            Ok(OwnedColumn::Numbers(Float64Array::new(value).to_vec()))
        } else {
            Err(errors::typed_array(path, "hold numbers (a Float64Array)"))
        };
    }
    if let Some(values) = value.dyn_ref::<Array>() {
        let encoded = encode_column(values);
        let data = encoded.get(1);
        let kind = encoded.get(0).as_f64().and_then(ColumnKind::from_code);
        return match kind {
            Some(ColumnKind::Texts) => Ok(OwnedColumn::Texts {
                codes: data.unchecked_into::<Int32Array>().to_vec(),
                categories: strings(&encoded.get(2)),
            }),
            Some(ColumnKind::Booleans) => Ok(OwnedColumn::Booleans(tenure_interop::booleans(
                &data.unchecked_into::<js_sys::Int8Array>().to_vec(),
            ))),
            Some(ColumnKind::Numbers) => Ok(OwnedColumn::Numbers(
                data.unchecked_into::<Float64Array>().to_vec(),
            )),
            None => {
                let i = data.as_f64().unwrap_or(0.0) as u32;
                let item = read(&values.get(i), KeyRule::as_given());
                Err(errors::mixed_kinds(path, i, item))
            }
        };
    }
    if !value.is_object() {
        return Err(errors::not_a_column(path));
    }
    // Dictionary-encoded text: {codes: Int32Array, categories: string[]}.
    let field = |name: &str| Reflect::get(value, &JsValue::from_str(name)).unwrap_or_default();
    let Some(codes) = field("codes").dyn_into::<Int32Array>().ok() else {
        return Err(errors::dictionary_codes(path));
    };
    let categories = read(&field("categories"), KeyRule::as_given());
    let categories = tenure_interop::batch::categories(categories, path)?;
    Ok(OwnedColumn::Texts {
        codes: codes.to_vec(),
        categories,
    })
}

/// Typed arrays that `new Float64Array(...)` converts exactly (not BigInt arrays).
fn is_number_array(value: &JsValue) -> bool {
    value.is_instance_of::<js_sys::Float32Array>()
        || value.is_instance_of::<js_sys::Int32Array>()
        || value.is_instance_of::<js_sys::Int16Array>()
        || value.is_instance_of::<js_sys::Int8Array>()
        || value.is_instance_of::<js_sys::Uint32Array>()
        || value.is_instance_of::<js_sys::Uint16Array>()
        || value.is_instance_of::<js_sys::Uint8Array>()
        || value.is_instance_of::<js_sys::Uint8ClampedArray>()
}

fn strings(values: &JsValue) -> Vec<String> {
    values
        .dyn_ref::<Array>()
        .map(|a| {
            a.iter()
                .map(|v| v.as_string().unwrap_or_default())
                .collect()
        })
        .unwrap_or_default()
}

/// `{composite, coverage, tier, status, errors}`.
fn scores_to_js(scorer: &Scorer, scores: &BatchScores) -> JsValue {
    let names =
        |names: Vec<String>| -> Array { names.iter().map(|n| JsValue::from_str(n)).collect() };
    let tier_names = names(tenure_interop::batch::tier_keys(scorer));
    let statuses = StatusCodes::of(&scores.status);
    let errors = tenure_interop::batch::row_errors_json(&scores.errors)
        .map_err(|e| JsValue::from_str(&e.to_string()))
        .and_then(|text| js_sys::JSON::parse(&text))
        .unwrap_or_else(|e| e);
    let out = Object::new();
    set(
        &out,
        "composite",
        &Float64Array::from(&scores.composite[..]),
    );
    set(&out, "coverage", &Float64Array::from(&scores.coverage[..]));
    set(
        &out,
        "tier",
        &decode_column(&Int32Array::from(&scores.tier[..]), &tier_names),
    );
    set(
        &out,
        "status",
        &decode_column(
            &Int32Array::from(&statuses.codes[..]),
            &names(statuses.names),
        ),
    );
    set(&out, "errors", &errors);
    out.into()
}
