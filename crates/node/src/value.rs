//! JavaScript values in and out, by the rules of the shared value layer ([`tenure_interop`]).
//!
//! **Keys**, by the one key rule of both JavaScript bindings ([`tenure_interop::casing`]): either
//! spelling in (`asOf` or `as_of`), camelCase out (`nextTier`), the keys below the user-data maps
//! (`inputs`, `attributes`, `columns`, ...) and a portfolio's account `signals` as given. Values
//! are never changed: enum values stay as the core spells them (`"insufficient_data"`), and
//! error paths keep the core's (snake_case) names.
//!
//! **Values in.** A JS value is encoded in JS by the `flatten` helper ([`crate::js`]: a few typed
//! arrays instead of several N-API calls per value) and decoded here into a
//! [`tenure_interop::Value`], the serde `Deserializer` the core's readers take. Numbers keep
//! every bit (including NaN and ±Infinity, which JSON cannot carry); a `Date` becomes its UTC
//! calendar day (`"YYYY-MM-DD"`); a property whose value is `undefined` is absent; functions,
//! symbols, BigInts and values nested more than 64 deep fail with `input.parse` (or
//! `model.parse`) at their path.
//!
//! **Values out.** A result is written as JSON text by the shared layer
//! ([`tenure_interop::to_js_json`]) and read by `JSON.parse`: one N-API call, not one per
//! property.

use crate::js;
use napi::bindgen_prelude::{Env, Object, ToNapiValue, TypeName, Unknown};
use napi::{sys, JsValue, ValueType};
use tenure_interop::{utc_day, Case, KeyRule, Value};

/// Reads a JS value, converting object keys camelCase → snake_case by `rule`.
pub fn read(value: Unknown<'_>, rule: KeyRule) -> napi::Result<Value> {
    let env = Env::from_raw(value.value().env);
    let flat = js::flatten(&env, value)?;
    let mut decoder = Decoder {
        kinds: &flat.kinds,
        numbers: &flat.numbers,
        refs: &flat.refs,
        strings: &flat.strings,
    };
    Ok(decoder.value(rule))
}

/// Reads the encoding of `js::flatten` back into a value, front to back.
struct Decoder<'a> {
    kinds: &'a [u8],
    numbers: &'a [f64],
    refs: &'a [i32],
    strings: &'a [String],
}

impl Decoder<'_> {
    fn number(&mut self) -> f64 {
        let (first, rest) = self.numbers.split_first().unwrap_or((&f64::NAN, &[]));
        self.numbers = rest;
        *first
    }

    fn string(&mut self) -> String {
        let (first, rest) = self.refs.split_first().unwrap_or((&-1, &[]));
        self.refs = rest;
        usize::try_from(*first)
            .ok()
            .and_then(|i| self.strings.get(i))
            .cloned()
            .unwrap_or_default()
    }

    /// A count of items that follow, never more than there are kinds left to read.
    fn count(&mut self) -> usize {
        let n = self.number();
        if n >= 0.0 {
            (n as usize).min(self.kinds.len())
        } else {
            0
        }
    }

    fn value(&mut self, rule: KeyRule) -> Value {
        let Some((&kind, rest)) = self.kinds.split_first() else {
            return Value::Null;
        };
        self.kinds = rest;
        match kind {
            js::KIND_FALSE => Value::Bool(false),
            js::KIND_TRUE => Value::Bool(true),
            js::KIND_NUMBER => Value::Number(self.number()),
            js::KIND_STRING => Value::Text(self.string()),
            js::KIND_DATE => match utc_day(self.number()) {
                Some(day) => Value::Text(day),
                None => Value::Unsupported("an invalid Date".into()),
            },
            js::KIND_ARRAY => {
                let len = self.count();
                let item = rule.item();
                Value::List((0..len).map(|_| self.value(item)).collect())
            }
            js::KIND_OBJECT => {
                let len = self.count();
                let mut entries = Vec::with_capacity(len);
                for _ in 0..len {
                    let (key, below) = rule.owned_entry(self.string(), Case::Snake);
                    entries.push((key, self.value(below)));
                }
                Value::Map(entries)
            }
            js::KIND_UNSUPPORTED => Value::Unsupported(self.string()),
            _ => Value::Null,
        }
    }
}

/// The object behind an `Unknown` whose type was checked to be `object`.
pub fn as_object(value: Unknown<'_>) -> Object<'_> {
    Object::from_raw(value.value().env, value.raw())
}

/// A result for JavaScript: JSON text (camelCase keys, in the order the core declares them)
/// that `JSON.parse` turns into plain objects when it is returned.
pub struct Js(String);

impl Js {
    /// A core result, keys by the core's rule.
    pub fn of<T: serde::Serialize + ?Sized>(result: &T) -> napi::Result<Js> {
        Js::with_keys(result, KeyRule::data())
    }

    /// Any serialisable value, keys by `rule`.
    pub fn with_keys<T: serde::Serialize + ?Sized>(value: &T, rule: KeyRule) -> napi::Result<Js> {
        tenure_interop::to_js_json(value, rule)
            .map(Js)
            .map_err(|e| napi::Error::from_reason(e.to_string()))
    }

    /// The value in `env`.
    pub fn write(self, env: &Env) -> napi::Result<Unknown<'_>> {
        js::parse(env, self.0)
    }
}

impl ToNapiValue for Js {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        val.write(&Env::from_raw(env)).map(|v| v.raw())
    }
}

impl TypeName for Js {
    fn type_name() -> &'static str {
        "Object"
    }

    fn value_type() -> ValueType {
        ValueType::Object
    }
}
