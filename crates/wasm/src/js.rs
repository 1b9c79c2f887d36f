//! Values in and out: JavaScript values to core types (through serde-wasm-bindgen and the key
//! rule of [`crate::keys`]), core results to plain JavaScript objects, core errors to thrown
//! `Error`s.

use crate::keys::{is_user_data_map, to_camel, SnakeKeys};
use js_sys::{Array, Object, Reflect};
use serde::Serialize;
use tenure::{Error, ErrorCode};
use wasm_bindgen::{JsCast, JsValue};

/// A core error as a JavaScript `Error` (name `TenureError`) with `code`, `path`, `value`
/// (`null` when the error has none) and `family` (`"model"` or `"input"`) properties.
pub(crate) fn error_to_js(error: &Error) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    js.set_name("TenureError");
    let value = error.value().map_or(JsValue::NULL, plain_to_js);
    let family = match error.code().family() {
        tenure::ErrorFamily::Model => "model",
        _ => "input",
    };
    set(&js, "code", &JsValue::from_str(error.code().as_str()));
    set(&js, "path", &JsValue::from_str(error.path()));
    set(&js, "value", &value);
    set(&js, "family", &JsValue::from_str(family));
    js.into()
}

/// Throws a core error.
pub(crate) fn throw(error: Error) -> JsValue {
    error_to_js(&error)
}

/// An `input.parse` error of the binding's own checks (e.g. a batch column of the wrong type).
pub(crate) fn parse_error(path: &str, message: &str) -> JsValue {
    error_to_js(&Error::new(ErrorCode::InputParse, path, message))
}

/// Sets a property of a fresh object (cannot fail on plain objects).
pub(crate) fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Reflect.set only fails on frozen objects or throwing setters; ours are fresh plain objects.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// Reads an input (account, history, options...) from a JavaScript value with the core's
/// `deserialize_input`; keys may be camelCase or snake_case.
pub(crate) fn input_from_js<T: serde::de::DeserializeOwned>(value: JsValue) -> Result<T, JsValue> {
    tenure::deserialize_input(SnakeKeys::new(serde_wasm_bindgen::Deserializer::from(value)))
        .map_err(throw)
}

/// Reads and validates a health model from a JavaScript object.
pub(crate) fn model_from_js(value: JsValue) -> Result<tenure::HealthModel, JsValue> {
    tenure::deserialize_model(SnakeKeys::new(serde_wasm_bindgen::Deserializer::from(value)))
        .map_err(throw)
}

/// A JSON value of the JavaScript value (keys converted to snake_case), for the core functions
/// that take JSON. Non-finite numbers become `null`, as in JSON text.
pub(crate) fn json_from_js(value: JsValue) -> Result<serde_json::Value, JsValue> {
    serde::Deserialize::deserialize(SnakeKeys::new(serde_wasm_bindgen::Deserializer::from(value)))
        .map_err(|e: serde_wasm_bindgen::Error| {
            error_to_js(&Error::new(ErrorCode::ModelParse, "", e.to_string()))
        })
}

/// A core result as a plain JavaScript object with camelCase keys.
pub(crate) fn result_to_js<T: Serialize>(result: &T) -> JsValue {
    camelize(&plain_to_js(result), true)
}

/// A serialisable value as plain JavaScript data (objects, arrays, numbers, strings, booleans,
/// `null`), keys as they are.
pub(crate) fn plain_to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    // The core's result types are plain data with string keys and numbers within the safe
    // integer range: serialising them cannot fail. Should it ever, the error is returned as
    // the value rather than panicking.
    value
        .serialize(&serializer)
        .unwrap_or_else(|e| JsValue::from_str(&e.to_string()))
}

/// Copies plain data with object keys converted to camelCase, except below the user-data maps.
fn camelize(value: &JsValue, rename: bool) -> JsValue {
    if let Some(array) = value.dyn_ref::<Array>() {
        return array.iter().map(|item| camelize(&item, rename)).collect::<Array>().into();
    }
    if !value.is_object() || value.is_function() {
        return value.clone();
    }
    let out = Object::new();
    for entry in Object::entries(value.unchecked_ref::<Object>()).iter() {
        let entry: Array = entry.unchecked_into();
        let key = entry.get(0).as_string().unwrap_or_default();
        let item = entry.get(1);
        let (name, inner) = if rename {
            (to_camel(&key), !is_user_data_map(&key))
        } else {
            (key, false)
        };
        set(&out, &name, &camelize(&item, inner));
    }
    out.into()
}
