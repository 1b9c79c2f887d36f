//! Reading the arguments of a call: JavaScript values into core inputs by the shared readers
//! ([`tenure_interop::read`]), parse errors thrown with the path of the offending item.

use crate::thrown::throw;
use crate::value::read;
use tenure::ErrorCode;
use tenure_interop::KeyRule;
use wasm_bindgen::JsValue;

/// Reads an input (an account, a history, options...) with the core's `deserialize_input`; keys
/// may be camelCase or snake_case. Errors are `input.parse` with the offending item's path
/// under `path` (e.g. `human.expires_on`).
pub(crate) fn input<T: serde::de::DeserializeOwned>(
    value: &JsValue,
    path: &str,
) -> Result<T, JsValue> {
    tenure_interop::read::input(read(value, KeyRule::data()), path).map_err(throw)
}

/// Reads an optional argument: absent, `undefined` and `null` are `None`.
pub(crate) fn optional<T: serde::de::DeserializeOwned>(
    value: Option<JsValue>,
    path: &str,
) -> Result<Option<T>, JsValue> {
    match value {
        Some(v) => input(&v, path),
        None => Ok(None),
    }
}

/// JSON text given as a JavaScript string; anything else fails with `code` (`model.parse`,
/// `rules.parse`, `input.parse`).
pub(crate) fn json_text(value: &JsValue, code: ErrorCode) -> Result<String, JsValue> {
    value
        .as_string()
        .ok_or_else(|| throw(tenure_interop::read::not_text(code)))
}
