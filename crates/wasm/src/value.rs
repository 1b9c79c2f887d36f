//! JavaScript input values as serde data.
//!
//! A JavaScript value is first copied into [`JsData`] — applying the core's key rule
//! ([`tenure::casing`]: camelCase keys to snake_case, except inside `inputs`, `attributes` and
//! `columns`), dropping `undefined` object entries (as `JSON.stringify` does), keeping every bit
//! of numbers (NaN and the infinities too), reading a `Date` as its UTC day (`YYYY-MM-DD`) and a
//! typed array as an array — and then handed to the core's `deserialize_input` /
//! `deserialize_model` as a serde [`Deserializer`]. Its errors are plain messages, so the core
//! classifies them (`unknown field`, `missing field`, ...) exactly as it does JSON text. The
//! same reading as the Node.js binding's.

use js_sys::{Array, Object};
use serde::de::value::{Error, MapAccessDeserializer, MapDeserializer, SeqDeserializer};
use serde::de::{Deserializer, IntoDeserializer, Unexpected, Visitor};
use tenure::casing::{is_user_data_map, snake_case};
use wasm_bindgen::{JsCast, JsValue};

/// How deep a value may nest (a cyclic object would nest forever).
const MAX_DEPTH: usize = 64;

/// Plain data read from a JavaScript value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum JsData {
    /// `null` (or `undefined` outside an object).
    Null,
    /// A boolean.
    Bool(bool),
    /// A number, including NaN and the infinities.
    Number(f64),
    /// A string.
    Text(String),
    /// An array.
    List(Vec<JsData>),
    /// An object: its own enumerable string-keyed entries, in order.
    Map(Vec<(String, JsData)>),
    /// A value no input can hold (a function, a symbol, a BigInt, an invalid `Date`): fails
    /// with serde's "invalid type" message, at its path.
    Unsupported(&'static str),
}

impl JsData {
    /// Reads a JavaScript value; object keys are converted to snake_case except below the
    /// user-data maps (`inputs`, `attributes`, `columns`).
    pub(crate) fn read(value: &JsValue) -> JsData {
        Self::read_keys(value, true)
    }

    /// Reads a JavaScript value; `rename` converts object keys camelCase → snake_case.
    pub(crate) fn read_keys(value: &JsValue, rename: bool) -> JsData {
        Self::read_at(value, rename, 0)
    }

    fn read_at(value: &JsValue, rename: bool, depth: usize) -> JsData {
        if let Some(x) = value.as_f64() {
            return JsData::Number(x);
        }
        if let Some(s) = value.as_string() {
            return JsData::Text(s);
        }
        if let Some(b) = value.as_bool() {
            return JsData::Bool(b);
        }
        if value.is_null() || value.is_undefined() {
            return JsData::Null;
        }
        if !value.is_object() {
            return JsData::Unsupported(if value.is_bigint() {
                "a BigInt"
            } else if value.is_symbol() {
                "a symbol"
            } else {
                "a function"
            });
        }
        if let Some(date) = value.dyn_ref::<js_sys::Date>() {
            return utc_day(date.get_time())
                .map_or(JsData::Unsupported("an invalid Date"), JsData::Text);
        }
        if depth >= MAX_DEPTH {
            return JsData::Unsupported("a value nested too deeply (a cycle?)");
        }
        let depth = depth + 1;
        if let Some(array) = value.dyn_ref::<Array>() {
            return JsData::List(
                array
                    .iter()
                    .map(|item| Self::read_at(&item, rename, depth))
                    .collect(),
            );
        }
        if js_sys::ArrayBuffer::is_view(value) && !value.is_instance_of::<js_sys::DataView>() {
            return JsData::List(
                Array::from(value)
                    .iter()
                    .map(|item| Self::read_at(&item, rename, depth))
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
            let key = if rename {
                snake_case(&key).into_owned()
            } else {
                key
            };
            let data = Self::read_at(&item, rename && !is_user_data_map(&key), depth);
            entries.push((key, data));
        }
        JsData::Map(entries)
    }
}

impl JsData {
    /// The path and value of the first number JSON cannot hold (NaN, ±Infinity), if any.
    pub(crate) fn non_finite(&self, path: &str) -> Option<(String, f64)> {
        match self {
            JsData::Number(x) if !x.is_finite() => Some((path.to_string(), *x)),
            JsData::List(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, item)| item.non_finite(&format!("{path}[{i}]"))),
            JsData::Map(entries) => entries.iter().find_map(|(key, item)| {
                item.non_finite(&if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                })
            }),
            _ => None,
        }
    }
}

/// The UTC calendar day of a JavaScript time value (milliseconds since 1970-01-01T00:00:00Z).
fn utc_day(millis: f64) -> Option<String> {
    if !millis.is_finite() {
        return None;
    }
    let days = (millis / 86_400_000.0).floor();
    // 719_163 is the day number of 1970-01-01 counted from 0001-01-01 (day 1).
    let from_ce = i32::try_from(days as i64 + 719_163).ok()?;
    tenure::NaiveDate::from_num_days_from_ce_opt(from_ce).map(|d| d.to_string())
}

/// A JavaScript number as serde sees it: whole numbers as integers, as JSON numbers are, so
/// that integer fields (`window_days`) accept them (not -0, which only a double holds); every
/// other number as a double. The conversions are exact in the ranges tested.
enum Number {
    Unsigned(u64),
    Signed(i64),
    Double(f64),
}

fn number(x: f64) -> Number {
    let whole = x.is_finite() && x == x.trunc() && !(x == 0.0 && x.is_sign_negative());
    if whole && (0.0..18_446_744_073_709_551_616.0).contains(&x) {
        Number::Unsigned(x as u64)
    } else if whole && (-9_223_372_036_854_775_808.0..0.0).contains(&x) {
        Number::Signed(x as i64)
    } else {
        Number::Double(x)
    }
}

/// As JSON: whole numbers as integers, NaN, infinities and unsupported values as `null`
/// (JSON has none).
impl serde::Serialize for JsData {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            JsData::Null | JsData::Unsupported(_) => serializer.serialize_unit(),
            JsData::Bool(b) => serializer.serialize_bool(*b),
            JsData::Number(x) => match number(*x) {
                Number::Unsigned(u) => serializer.serialize_u64(u),
                Number::Signed(i) => serializer.serialize_i64(i),
                Number::Double(x) => serializer.serialize_f64(x),
            },
            JsData::Text(s) => serializer.serialize_str(s),
            JsData::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            JsData::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserializer<'de> for JsData {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            JsData::Null => visitor.visit_unit(),
            JsData::Bool(b) => visitor.visit_bool(b),
            JsData::Number(x) => match number(x) {
                Number::Unsigned(u) => visitor.visit_u64(u),
                Number::Signed(i) => visitor.visit_i64(i),
                Number::Double(x) => visitor.visit_f64(x),
            },
            JsData::Text(s) => visitor.visit_string(s),
            JsData::List(items) => {
                let mut seq = SeqDeserializer::new(items.into_iter());
                let value = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            JsData::Map(entries) => {
                let mut map = MapDeserializer::new(entries.into_iter());
                let value = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(value)
            }
            JsData::Unsupported(what) => Err(serde::de::Error::invalid_type(
                Unexpected::Other(what),
                &visitor,
            )),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            JsData::Null => visitor.visit_none(),
            other => visitor.visit_some(other),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    /// `"variant"` for unit variants, `{"variant": ...}` for the others (as serde_json).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self {
            JsData::Text(s) => visitor.visit_enum(s.into_deserializer()),
            JsData::Map(entries) if entries.len() == 1 => visitor.visit_enum(
                MapAccessDeserializer::new(MapDeserializer::new(entries.into_iter())),
            ),
            other => other.deserialize_any(visitor),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

impl<'de> IntoDeserializer<'de, Error> for JsData {
    type Deserializer = JsData;

    fn into_deserializer(self) -> JsData {
        self
    }
}
