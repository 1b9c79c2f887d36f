//! JavaScript values in and out, by the rules of the shared value layer ([`tenure_interop`]).
//!
//! **In.** A JavaScript value is copied into a [`Value`], the serde `Deserializer` that the
//! core's readers take: keys by the one key rule of both JavaScript bindings
//! ([`tenure_interop::casing`]: camelCase or snake_case in, user-data maps and a portfolio's
//! account `signals` as given), `undefined` object entries dropped (as `JSON.stringify` does),
//! every bit of numbers kept (NaN and the infinities too), a `Date` read as its UTC day
//! (`YYYY-MM-DD`) and a typed array as an array. The same reading as the Node.js binding's.
//!
//! **Out.** A result is written as JSON text by the shared layer
//! ([`tenure_interop::to_js_json`]: camelCase keys, in the order the core declares them) and read
//! by `JSON.parse`, natively.

use js_sys::{Array, Object, Reflect};
use serde::Serialize;
use tenure_interop::{utc_day, Case, KeyRule, Value, MAX_DEPTH, TOO_DEEP};
use wasm_bindgen::{JsCast, JsValue};

/// Reads a JavaScript value, converting object keys camelCase → snake_case by `rule`.
pub(crate) fn read(value: &JsValue, rule: KeyRule) -> Value {
    read_at(value, rule, 0)
}

fn read_at(value: &JsValue, rule: KeyRule, depth: usize) -> Value {
    if let Some(x) = value.as_f64() {
        return Value::Number(x);
    }
    if let Some(s) = value.as_string() {
        return Value::Text(s);
    }
    if let Some(b) = value.as_bool() {
        return Value::Bool(b);
    }
    if value.is_null() || value.is_undefined() {
        return Value::Null;
    }
    if !value.is_object() {
        return Value::Unsupported(
            if value.is_bigint() {
                "a BigInt"
            } else if value.is_symbol() {
                "a symbol"
            } else {
                "a function"
            }
            .into(),
        );
    }
    if let Some(date) = value.dyn_ref::<js_sys::Date>() {
        return utc_day(date.get_time())
            .map_or(Value::Unsupported("an invalid Date".into()), Value::Text);
    }
    if depth >= MAX_DEPTH {
        return Value::Unsupported(TOO_DEEP.into());
    }
    let depth = depth + 1;
    if let Some(array) = value.dyn_ref::<Array>() {
        let item = rule.item();
        return Value::List(array.iter().map(|v| read_at(&v, item, depth)).collect());
    }
    if js_sys::ArrayBuffer::is_view(value) && !value.is_instance_of::<js_sys::DataView>() {
        let item = rule.item();
        return Value::List(
            Array::from(value)
                .iter()
                .map(|v| read_at(&v, item, depth))
                .collect(),
        );
    }
    let mut entries = Vec::new();
    for entry in Object::entries(value.unchecked_ref()).iter() {
        let entry: Array = entry.unchecked_into();
        let item = entry.get(1);
        if item.is_undefined() {
            continue;
        }
        let key = entry.get(0).as_string().unwrap_or_default();
        let (key, below) = rule.owned_entry(key, Case::Snake);
        entries.push((key, read_at(&item, below, depth)));
    }
    Value::Map(entries)
}

/// A core result as a plain JavaScript object with camelCase keys.
pub(crate) fn result_to_js<T: Serialize + ?Sized>(result: &T) -> JsValue {
    to_js(result, KeyRule::data())
}

/// Any serialisable value as plain JavaScript data (objects, arrays, numbers, strings,
/// booleans, `null`), keys by `rule`.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T, rule: KeyRule) -> JsValue {
    // The core's results are plain data with string keys: writing them cannot fail, nor can
    // parsing the text. Should either ever, the message is returned rather than panicking.
    tenure_interop::to_js_json(value, rule)
        .map_err(|e| JsValue::from_str(&e.to_string()))
        .and_then(|text| js_sys::JSON::parse(&text))
        .unwrap_or_else(|e| e)
}

/// Sets a property of an object the binding created.
pub(crate) fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Reflect.set only fails on frozen objects or throwing setters; ours are fresh plain objects.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}
