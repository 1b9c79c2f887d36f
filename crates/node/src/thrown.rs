//! Core errors as thrown JavaScript `Error`s with `code`, `path` and `value` properties.

use crate::value::Js;
use napi::bindgen_prelude::Env;
use napi::{JsValue, Status};
use tenure_interop::KeyRule;

/// A core error as a JS `Error`: `message` is the core's display text; `code` the stable code
/// (`"model.band_gap"`), `path` the offending item (`"dimensions[0].signals[1].bands[2].from"`)
/// and `value` the offending value when there is one.
pub fn js_error(env: &Env, error: &tenure::Error) -> napi::Error {
    let build = || -> napi::Result<napi::Error> {
        let mut object =
            env.create_error(napi::Error::new(Status::GenericFailure, error.to_string()))?;
        object.set("code", error.code().as_str())?;
        object.set("path", error.path())?;
        if let Some(value) = error.value() {
            object.set(
                "value",
                Js::with_keys(value, KeyRule::as_given())?.write(env)?,
            )?;
        }
        Ok(napi::Error::from(object.to_unknown()))
    };
    build().unwrap_or_else(|e| e)
}

/// Converts a core result, throwing its error as [`js_error`].
pub trait OrThrow<T> {
    /// The value, or the error as a JS `Error`.
    fn or_throw(self, env: &Env) -> napi::Result<T>;
}

impl<T> OrThrow<T> for tenure::Result<T> {
    fn or_throw(self, env: &Env) -> napi::Result<T> {
        self.map_err(|e| js_error(env, &e))
    }
}
