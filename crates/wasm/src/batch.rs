//! Batch scoring: JavaScript columns (typed arrays, plain arrays, dictionaries) or an array of
//! accounts in, columns of results out. The column rules are the Node.js binding's.

use crate::js::{input, parse_error, plain_to_js, set, throw};
use crate::value::JsData;
use js_sys::{Array, Float64Array, Int32Array, Object, Reflect};
use serde::Deserialize;
use tenure::{Account, Batch, BatchOptions, BatchScores, Column, ScoreStatus, Scorer};
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

/// A column copied into wasm memory.
enum OwnedColumn {
    Numbers(Vec<f64>),
    Bools(Vec<Option<bool>>),
    Codes(Vec<i32>, Vec<String>),
}

impl OwnedColumn {
    fn column(&self) -> Column<'_> {
        match self {
            OwnedColumn::Numbers(v) => Column::Numbers(v),
            OwnedColumn::Bools(v) => Column::Bools(v),
            OwnedColumn::Codes(codes, categories) => Column::Codes { codes, categories },
        }
    }
}

/// The batch options object.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Options {
    /// Calendar month 1-12 for seasonal baselines.
    #[serde(default)]
    month: Option<u32>,
}

/// Scores a batch given as an object of columns or an array of accounts.
pub(crate) fn score_batch(
    scorer: &Scorer,
    value: &JsValue,
    options: Option<&JsValue>,
) -> Result<JsValue, JsValue> {
    let given: Option<Options> = match options {
        Some(options) => input(options, "")?,
        None => None,
    };
    let options = BatchOptions {
        month: given.unwrap_or_default().month,
    };
    let scores = if Array::is_array(value) {
        let accounts: Vec<Account> = input(value, "")?;
        scorer.score_records(&accounts, options)
    } else if value.is_object() {
        let columns = read_columns(value.unchecked_ref()).map_err(throw)?;
        let mut batch = Batch::new();
        for (key, column) in &columns {
            batch.insert(key, column.column()).map_err(throw)?;
        }
        scorer.score_batch(&batch, options)
    } else {
        return Err(throw(parse_error(
            "",
            "a batch is an object of columns or an array of accounts",
        )));
    }
    .map_err(throw)?;
    Ok(scores_to_js(scorer, &scores))
}

fn read_columns(input: &Object) -> Result<Vec<(String, OwnedColumn)>, tenure::Error> {
    let mut columns = Vec::new();
    for entry in Object::entries(input).iter() {
        let entry: Array = entry.unchecked_into();
        let key = entry.get(0).as_string().unwrap_or_default();
        let column = read_column(&entry.get(1), &format!("columns.{key}"))?;
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
            Err(parse_error(
                path,
                "a typed-array column must hold numbers (a Float64Array)",
            ))
        };
    }
    if let Some(values) = value.dyn_ref::<Array>() {
        let encoded = encode_column(values);
        let data = encoded.get(1);
        return match encoded.get(0).as_f64().map(|k| k as i32) {
            Some(2) => Ok(OwnedColumn::Codes(
                data.unchecked_into::<Int32Array>().to_vec(),
                strings(&encoded.get(2)),
            )),
            Some(1) => Ok(OwnedColumn::Bools(
                data.unchecked_into::<js_sys::Int8Array>()
                    .to_vec()
                    .into_iter()
                    .map(|b| (b >= 0).then_some(b == 1))
                    .collect(),
            )),
            Some(0) => Ok(OwnedColumn::Numbers(
                data.unchecked_into::<Float64Array>().to_vec(),
            )),
            _ => {
                let i = data.as_f64().unwrap_or(0.0);
                let item = values.get(i as u32);
                let error = parse_error(
                    &format!("{path}[{i}]"),
                    "a column holds numbers, booleans or strings (one kind per column) and nulls",
                );
                Err(
                    match serde_json::to_value(JsData::read_keys(&item, false)) {
                        Ok(v) => error.with_value(v),
                        Err(_) => error,
                    },
                )
            }
        };
    }
    if !value.is_object() {
        return Err(parse_error(
            path,
            "a column is a Float64Array, an array, or {codes: Int32Array, categories: string[]}",
        ));
    }
    // Dictionary-encoded text: {codes: Int32Array, categories: string[]}.
    let field = |name: &str| Reflect::get(value, &JsValue::from_str(name)).unwrap_or_default();
    let Some(codes) = field("codes").dyn_into::<Int32Array>().ok() else {
        return Err(parse_error(
            &format!("{path}.codes"),
            "a dictionary column is {codes: Int32Array, categories: string[]}",
        ));
    };
    let categories: Vec<String> =
        tenure::deserialize_input(JsData::read_keys(&field("categories"), false))
            .map_err(|e| e.within(&format!("{path}.categories")))?;
    Ok(OwnedColumn::Codes(codes.to_vec(), categories))
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
    let tier_names: Array = scorer
        .model()
        .tiers
        .iter()
        .map(|t| JsValue::from_str(&t.key))
        .collect();
    let mut statuses: Vec<ScoreStatus> = Vec::new();
    let status_codes: Vec<i32> = scores
        .status
        .iter()
        .map(|s| {
            let index = statuses.iter().position(|k| k == s).unwrap_or_else(|| {
                statuses.push(*s);
                statuses.len() - 1
            });
            i32::try_from(index).unwrap_or(-1)
        })
        .collect();
    let status_names: Array = statuses.iter().map(plain_to_js).collect();
    let errors: Array = scores
        .errors
        .iter()
        .map(|e| {
            let error = Object::new();
            set(&error, "row", &JsValue::from_f64(e.row as f64));
            set(&error, "code", &JsValue::from_str(e.error.code().as_str()));
            set(&error, "path", &JsValue::from_str(e.error.path()));
            if let Some(value) = e.error.value() {
                set(&error, "value", &plain_to_js(value));
            }
            set(&error, "message", &JsValue::from_str(e.error.message()));
            JsValue::from(error)
        })
        .collect();
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
        &decode_column(&Int32Array::from(&status_codes[..]), &status_names),
    );
    set(&out, "errors", &errors);
    out.into()
}
