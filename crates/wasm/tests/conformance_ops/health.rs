//! Health-scoring operations of the conformance corpus in the browser: models, model sets,
//! single and batch scores, blends, roll-ups, trends. A case's `model` is `"builtin"` (also
//! when absent), a name from the file's `models`, or an inline model.

use super::{camelize, get, stringify, Case, Variant};
use js_sys::{Array, Float64Array, Object, Reflect};
use tenure_wasm::{HealthModel, SegmentedModel};
use wasm_bindgen::{JsCast, JsValue};

/// `None` for the built-in model, else the model object of the case.
fn model_object(case: &Case<'_>) -> Option<JsValue> {
    let model = case.field("model");
    match model.as_string().as_deref() {
        None if model.is_undefined() => None,
        Some("builtin") => None,
        Some(name) => Some(get(case.models, name)),
        None => Some(model),
    }
}

/// The case's health model as the variant passes it (also the tiers of `surprise_churn`).
pub fn model(case: &Case<'_>) -> Result<HealthModel, JsValue> {
    match model_object(case) {
        None if case.variant == Variant::JsonText => {
            HealthModel::from_json(tenure::BUILTIN_MODEL_JSON.into())
        }
        None => HealthModel::builtin(),
        Some(m) => match case.variant {
            Variant::SnakeObjects => HealthModel::from_object(m),
            Variant::CamelObjects => HealthModel::from_object(camelize(&m, true)),
            Variant::JsonText => HealthModel::from_json(stringify(&m).into()),
        },
    }
}

fn model_set(case: &Case<'_>) -> Result<SegmentedModel, JsValue> {
    match case.variant {
        Variant::JsonText => SegmentedModel::from_json(stringify(&case.field("model_set")).into()),
        _ => SegmentedModel::from_object(case.object("model_set")),
    }
}

fn valid() -> JsValue {
    let out = Object::new();
    let _ = Reflect::set(&out, &"valid".into(), &JsValue::TRUE);
    out.into()
}

/// The corpus's batch columns as JavaScript columns: any string (other than "Infinity" and
/// "-Infinity") makes a text column, any boolean a boolean column, otherwise numbers with null
/// as NaN — a `Float64Array`, or a plain array of numbers in the camelCase variant.
fn js_columns(columns: &JsValue, variant: Variant) -> JsValue {
    let out = Object::new();
    if !columns.is_object() {
        return out.into();
    }
    for key in Object::keys(columns.unchecked_ref::<Object>()).iter() {
        let values: Array = get(columns, &key.as_string().unwrap_or_default()).unchecked_into();
        let infinity =
            |v: &JsValue| matches!(v.as_string().as_deref(), Some("Infinity" | "-Infinity"));
        let text = values.iter().any(|v| v.is_string() && !infinity(&v));
        let boolean = values.iter().any(|v| v.as_bool().is_some());
        let column: JsValue = if text || boolean {
            values.into()
        } else {
            let numbers: Vec<f64> = values
                .iter()
                .map(|v| match v.as_string().as_deref() {
                    Some("Infinity") => f64::INFINITY,
                    Some("-Infinity") => f64::NEG_INFINITY,
                    _ => v.as_f64().unwrap_or(f64::NAN),
                })
                .collect();
            if variant == Variant::CamelObjects {
                numbers
                    .iter()
                    .map(|x| JsValue::from_f64(*x))
                    .collect::<Array>()
                    .into()
            } else {
                Float64Array::from(&numbers[..]).into()
            }
        };
        let _ = Reflect::set(&out, &key, &column);
    }
    out.into()
}

/// Batch results (columns) as the corpus's `{rows, errors}`.
fn batch_rows(result: &JsValue) -> JsValue {
    let composite: Float64Array = get(result, "composite").unchecked_into();
    let coverage: Float64Array = get(result, "coverage").unchecked_into();
    let tier: Array = get(result, "tier").unchecked_into();
    let status: Array = get(result, "status").unchecked_into();
    let rows = Array::new();
    for i in 0..composite.length() {
        let row = Object::new();
        let c = composite.get_index(i);
        let set = |k: &str, v: &JsValue| {
            let _ = Reflect::set(&row, &JsValue::from_str(k), v);
        };
        set("status", &status.get(i));
        set(
            "composite",
            &if c.is_nan() {
                JsValue::NULL
            } else {
                JsValue::from_f64(c)
            },
        );
        set("tier", &tier.get(i));
        set("coverage", &JsValue::from_f64(coverage.get_index(i)));
        rows.push(&row);
    }
    let out = Object::new();
    let _ = Reflect::set(&out, &"rows".into(), &rows);
    let _ = Reflect::set(&out, &"errors".into(), &get(result, "errors"));
    out.into()
}

pub fn validate_model(case: &Case<'_>) -> Result<JsValue, JsValue> {
    model(case).map(|_| valid())
}

pub fn validate_model_set(case: &Case<'_>) -> Result<JsValue, JsValue> {
    model_set(case).map(|_| valid())
}

pub fn score(case: &Case<'_>) -> Result<JsValue, JsValue> {
    let input = case.object("input");
    model(case)?.score(input)
}

pub fn score_segmented(case: &Case<'_>) -> Result<JsValue, JsValue> {
    let input = case.object("input");
    model_set(case)?.score(input)
}

pub fn score_batch(case: &Case<'_>) -> Result<JsValue, JsValue> {
    let model = model(case)?;
    let raw = case.field("input");
    let options = Object::new();
    let month = get(&raw, "month");
    if !month.is_undefined() {
        let _ = Reflect::set(&options, &"month".into(), &month);
    }
    let columns = js_columns(&get(&raw, "columns"), case.variant);
    model
        .score_batch(columns, Some(options.into()))
        .map(|r| batch_rows(&r))
}

pub fn blend(case: &Case<'_>) -> Result<JsValue, JsValue> {
    tenure_wasm::blend_human_score(
        &model(case)?,
        case.argument("computed").unwrap_or(JsValue::UNDEFINED),
        case.argument("human").unwrap_or(JsValue::UNDEFINED),
        case.argument("as_of").unwrap_or(JsValue::UNDEFINED),
    )
}

pub fn roll_up(case: &Case<'_>) -> Result<JsValue, JsValue> {
    tenure_wasm::roll_up_products(
        &model(case)?,
        case.argument("products").unwrap_or(JsValue::UNDEFINED),
        case.argument("method"),
    )
}

pub fn trend(case: &Case<'_>) -> Result<JsValue, JsValue> {
    tenure_wasm::score_trend(
        &model(case)?,
        case.argument("history").unwrap_or(JsValue::UNDEFINED),
        case.argument("as_of").unwrap_or(JsValue::UNDEFINED),
        case.argument("options"),
    )
}
