//! The survival operation of the conformance corpus (Kaplan-Meier), through the browser API.
//! The curves come back as `Float64Array`s and are read into plain arrays to match.

use super::{get, Case};
use js_sys::{Array, Float64Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// A corpus number column ("NaN", "Infinity", "-Infinity" stand for those) as a Float64Array.
fn numbers(values: &JsValue) -> JsValue {
    let values: Array = values.clone().dyn_into().unwrap_or_default();
    let out: Vec<f64> = values
        .iter()
        .map(|v| match v.as_string().as_deref() {
            Some("Infinity") => f64::INFINITY,
            Some("-Infinity") => f64::NEG_INFINITY,
            Some(_) => f64::NAN,
            None => v.as_f64().unwrap_or(f64::NAN),
        })
        .collect();
    Float64Array::from(&out[..]).into()
}

/// A fit with its curve's typed arrays as plain arrays (and a check that they are typed).
fn plain_fit(fit: &JsValue) -> Result<JsValue, JsValue> {
    let curve = get(fit, "curve");
    let plain = Object::new();
    for key in Object::keys(curve.unchecked_ref::<Object>()).iter() {
        let column = Reflect::get(&curve, &key).unwrap_or(JsValue::UNDEFINED);
        let Some(typed) = column.dyn_ref::<Float64Array>() else {
            return Err(JsValue::from_str(&format!(
                "curve column {key:?} is not a Float64Array"
            )));
        };
        let array: Array = typed.to_vec().into_iter().map(JsValue::from_f64).collect();
        let _ = Reflect::set(&plain, &key, &array);
    }
    let out = Object::assign(&Object::new(), fit.unchecked_ref::<Object>());
    let _ = Reflect::set(&out, &"curve".into(), &plain);
    Ok(out.into())
}

pub fn kaplan_meier(case: &Case<'_>) -> Result<JsValue, JsValue> {
    let input = case.object("input");
    let data = Object::new();
    let _ = Reflect::set(
        &data,
        &"duration".into(),
        &numbers(&get(&input, "duration")),
    );
    let _ = Reflect::set(&data, &"event".into(), &get(&input, "event"));
    for key in ["entry", "group"] {
        let v = get(&input, key);
        if !v.is_undefined() {
            let v = if key == "entry" { numbers(&v) } else { v };
            let _ = Reflect::set(&data, &key.into(), &v);
        }
    }
    let options = get(&input, "options");
    let result =
        tenure_wasm::kaplan_meier(data.into(), (!options.is_undefined()).then_some(options))?;
    let out = Object::new();
    let _ = Reflect::set(
        &out,
        &"overall".into(),
        &plain_fit(&get(&result, "overall"))?,
    );
    let groups: Array = get(&result, "groups").dyn_into().unwrap_or_default();
    let plain = Array::new();
    for g in groups.iter() {
        plain.push(&plain_fit(&g)?);
    }
    let _ = Reflect::set(&out, &"groups".into(), &plain);
    Ok(out.into())
}
