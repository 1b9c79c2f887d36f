//! Values in and out: JavaScript values to core types (through [`JsData`], with the core's key
//! rule), core results to plain JavaScript objects with camelCase keys, core errors to thrown
//! `Error`s.

use crate::value::JsData;
use js_sys::{Array, Object, Reflect};
use serde::Serialize;
use tenure::casing::{camel_case, is_user_data_map};
use tenure::{Error, ErrorCode};
use wasm_bindgen::{JsCast, JsValue};

/// A core error as a JavaScript `Error` whose `message` is the core's text, with `code` (the
/// stable code, e.g. `"model.band_gap"`), `path` (the offending item in the core's snake_case
/// terms) and, when there is one, `value` (the offending value).
pub(crate) fn error_to_js(error: &Error) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    set(&js, "code", &JsValue::from_str(error.code().as_str()));
    set(&js, "path", &JsValue::from_str(error.path()));
    if let Some(value) = error.value() {
        set(&js, "value", &plain_to_js(value));
    }
    js.into()
}

/// Converts a core error for `map_err`.
pub(crate) fn throw(error: Error) -> JsValue {
    error_to_js(&error)
}

/// An `input.parse` error of the binding's own checks (e.g. a batch column of the wrong type).
pub(crate) fn parse_error(path: &str, message: &str) -> Error {
    Error::new(ErrorCode::InputParse, path, message)
}

/// Sets a property of an object the binding created.
pub(crate) fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Reflect.set only fails on frozen objects or throwing setters; ours are fresh plain objects.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// Reads an input (an account, a history, options...) with the core's `deserialize_input`; keys
/// may be camelCase or snake_case. Errors are `input.parse` with the offending item's path
/// under `path` (e.g. `human.expires_on`).
pub(crate) fn input<T: serde::de::DeserializeOwned>(
    value: &JsValue,
    path: &str,
) -> Result<T, JsValue> {
    tenure::deserialize_input(JsData::read(value)).map_err(|e| throw(e.within(path)))
}

/// The JSON text of a JavaScript model object (keys converted to snake_case), for the core's
/// model readers: a model object is read exactly as its JSON text would be. A number JSON cannot
/// hold (NaN, ±Infinity) is a `model.parse` error at its path.
pub(crate) fn model_text(value: &JsValue) -> Result<String, JsValue> {
    let data = JsData::read(value);
    if let Some((path, x)) = data.non_finite("") {
        let error = Error::new(
            ErrorCode::ModelParse,
            path,
            "a model holds finite numbers only",
        );
        return Err(throw(error.with_number(x)));
    }
    serde_json::to_string(&data)
        .map_err(|e| throw(Error::new(ErrorCode::ModelParse, "", e.to_string())))
}

/// JSON text given as a JavaScript string (`model.parse` for anything else).
pub(crate) fn text(value: &JsValue) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| {
        throw(Error::new(
            ErrorCode::ModelParse,
            "",
            "expected JSON text (a string)",
        ))
    })
}

/// A core result as a plain JavaScript object with camelCase keys.
pub(crate) fn result_to_js<T: Serialize>(result: &T) -> JsValue {
    camelize(&plain_to_js(result), true)
}

/// A serialisable value as plain JavaScript data (objects, arrays, numbers, strings, booleans,
/// `null`), keys as they are: through JSON text, which keeps the core's field order and every
/// float exact, and which `JSON.parse` reads natively.
pub(crate) fn plain_to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    // The core's result types are plain data with string keys: serialising them cannot fail,
    // nor can parsing the text. Should either ever, the message is returned rather than panicking.
    serde_json::to_string(value)
        .map_err(|e| JsValue::from_str(&e.to_string()))
        .and_then(|text| js_sys::JSON::parse(&text))
        .unwrap_or_else(|e| e)
}

/// Copies plain data with object keys converted to camelCase, except below the user-data maps.
fn camelize(value: &JsValue, rename: bool) -> JsValue {
    if let Some(array) = value.dyn_ref::<Array>() {
        return array
            .iter()
            .map(|item| camelize(&item, rename))
            .collect::<Array>()
            .into();
    }
    if !value.is_object() {
        return value.clone();
    }
    let out = Object::new();
    for entry in Object::entries(value.unchecked_ref::<Object>()).iter() {
        let entry: Array = entry.unchecked_into();
        let key = entry.get(0).as_string().unwrap_or_default();
        let inner = rename && !is_user_data_map(&key);
        let name = if rename {
            camel_case(&key)
        } else {
            key.as_str().into()
        };
        set(&out, &name, &camelize(&entry.get(1), inner));
    }
    out.into()
}
