//! Core errors as thrown JavaScript `Error`s with `code`, `path` and `value` properties.

use crate::value::{set, to_js};
use tenure::Error;
use tenure_interop::KeyRule;
use wasm_bindgen::JsValue;

/// A core error as a JavaScript `Error` whose `message` is the core's text, with `code` (the
/// stable code, e.g. `"model.band_gap"`), `path` (the offending item in the core's snake_case
/// terms) and, when there is one, `value` (the offending value).
pub(crate) fn error_to_js(error: &Error) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    set(&js, "code", &JsValue::from_str(error.code().as_str()));
    set(&js, "path", &JsValue::from_str(error.path()));
    if let Some(value) = error.value() {
        set(&js, "value", &to_js(value, KeyRule::as_given()));
    }
    js.into()
}

/// Converts a core error for `map_err`.
pub(crate) fn throw(error: Error) -> JsValue {
    error_to_js(&error)
}
