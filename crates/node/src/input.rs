//! Reading the arguments of a call: JS values into core inputs by the shared readers
//! ([`tenure_interop::read`]), parse errors thrown with the path of the offending item.

use crate::thrown::{js_error, OrThrow};
use crate::value::read;
use napi::bindgen_prelude::{Env, Unknown};
use napi::ValueType;
use serde::de::DeserializeOwned;
use tenure::ErrorCode;
use tenure_interop::KeyRule;

/// Reads a JS value as a core input type; parse errors are `input.parse` with the path of the
/// offending item under `path` (e.g. `human.expires_on`).
pub fn input<T: DeserializeOwned>(env: &Env, value: Unknown<'_>, path: &str) -> napi::Result<T> {
    tenure_interop::read::input(read(value, KeyRule::data())?, path).or_throw(env)
}

/// Reads an optional argument: absent, `undefined` and `null` are `None`.
pub fn optional<T: DeserializeOwned>(
    env: &Env,
    value: Option<Unknown<'_>>,
    path: &str,
) -> napi::Result<Option<T>> {
    match value {
        Some(value) => input(env, value, path),
        None => Ok(None),
    }
}

/// Reads JSON text given as a JS string; anything else fails with `code` (`model.parse`,
/// `rules.parse`, `input.parse`).
pub fn json_text(env: &Env, text: Unknown<'_>, code: ErrorCode) -> napi::Result<String> {
    if text.get_type()? == ValueType::String {
        // SAFETY: checked to be a string just above.
        Ok(unsafe { text.cast::<String>() }?)
    } else {
        Err(js_error(env, &tenure_interop::read::not_text(code)))
    }
}
