//! JavaScript values in and out, with one rule for key spelling.
//!
//! **Keys**, by the core's JavaScript key rule ([`tenure::casing`], shared with the browser
//! binding). The core's data uses snake_case keys (`as_of`, `expires_on`, `next_tier`). On the
//! way in, every object key is converted camelCase → snake_case (`asOf` → `as_of`; a key that is
//! already snake_case is unchanged), so both spellings are accepted. On the way out, every key is
//! converted snake_case → camelCase (`next_tier` → `nextTier`). In both directions the keys
//! below the user-data maps (`inputs`, `attributes`, `columns`) are left as they are. Values are
//! never changed: enum values stay as the core spells them (`"insufficient_data"`), and error
//! paths keep the core's (snake_case) names.
//!
//! **Values in.** A JS value is encoded in JS by the `flatten` helper ([`crate::js`]: a few typed
//! arrays instead of several N-API calls per value), decoded here into a [`Tree`], which is a
//! serde `Deserializer`, and handed to the core's `deserialize_input` / `deserialize_model`.
//! Numbers keep every bit (including NaN and ±Infinity, which JSON cannot carry); a `Date`
//! becomes its UTC calendar day (`"YYYY-MM-DD"`); a property whose value is `undefined` is
//! absent; functions, symbols, BigInts and values nested more than 64 deep fail with
//! `input.parse` (or `model.parse`) at their path.
//!
//! **Values out.** Results are serialised with serde (through JSON text, which keeps the
//! core's field order), then written as plain JS objects, arrays, strings, numbers, booleans
//! and `null`.

use crate::js;
use napi::bindgen_prelude::{Env, Object, ToNapiValue, Unknown};
use napi::{sys, JsValue};
use serde::de::{self, IntoDeserializer, Unexpected, Visitor};
use serde::forward_to_deserialize_any;
use std::borrow::Cow;
use tenure::casing::{camel_case, is_user_data_map, snake_case};

/// A JavaScript value read into Rust.
#[derive(Clone, Debug, PartialEq)]
pub enum Tree {
    /// `null` or `undefined`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number, every bit kept.
    Number(f64),
    /// A string (also a `Date`, as `YYYY-MM-DD`).
    String(String),
    /// An array or typed array.
    Array(Vec<Tree>),
    /// An object's enumerable string-keyed properties, keys already converted.
    Object(Vec<(String, Tree)>),
    /// A value no input can hold (function, symbol, BigInt, invalid `Date`, too deep a
    /// nesting): fails with serde's "invalid type" message at its path.
    Unsupported(String),
}

/// Reads a JS value. `rename` converts object keys camelCase → snake_case (see the module docs).
pub fn read(value: Unknown<'_>, rename: bool) -> napi::Result<Tree> {
    let env = Env::from_raw(value.value().env);
    let flat = js::flatten(&env, value)?;
    let mut decoder = Decoder {
        kinds: &flat.kinds,
        numbers: &flat.numbers,
        refs: &flat.refs,
        strings: &flat.strings,
    };
    Ok(decoder.tree(rename))
}

/// Reads the encoding of `js::flatten` back into a tree, front to back.
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

    fn tree(&mut self, rename: bool) -> Tree {
        let Some((&kind, rest)) = self.kinds.split_first() else {
            return Tree::Null;
        };
        self.kinds = rest;
        match kind {
            1 => Tree::Bool(false),
            2 => Tree::Bool(true),
            3 => Tree::Number(self.number()),
            4 => Tree::String(self.string()),
            5 => match utc_day(self.number()) {
                Some(day) => Tree::String(day),
                None => Tree::Unsupported("an invalid Date".into()),
            },
            6 => {
                let len = self.count();
                Tree::Array((0..len).map(|_| self.tree(rename)).collect())
            }
            7 => {
                let len = self.count();
                let mut entries = Vec::with_capacity(len);
                for _ in 0..len {
                    let key = self.string();
                    let (key, inner) = if rename {
                        let snake = snake_case(&key).into_owned();
                        let inner = !(is_user_data_map(&key) || is_user_data_map(&snake));
                        (snake, inner)
                    } else {
                        (key, false)
                    };
                    entries.push((key, self.tree(inner)));
                }
                Tree::Object(entries)
            }
            8 => Tree::Unsupported(self.string()),
            _ => Tree::Null,
        }
    }
}

/// The object behind an `Unknown` whose type was checked to be `object`.
pub fn as_object(value: Unknown<'_>) -> Object<'_> {
    Object::from_raw(value.value().env, value.raw())
}

/// The UTC calendar day of a JS time value (milliseconds since 1970-01-01T00:00:00Z).
fn utc_day(millis: f64) -> Option<String> {
    if !millis.is_finite() {
        return None;
    }
    let days = (millis / 86_400_000.0).floor();
    // 719_163 is the day number of 1970-01-01 counted from 0001-01-01 (day 1).
    let from_ce = i32::try_from(days as i64 + 719_163).ok()?;
    tenure::NaiveDate::from_num_days_from_ce_opt(from_ce).map(|d| d.to_string())
}

type DeError = de::value::Error;

impl Tree {
    fn visit_number<'de, V: Visitor<'de>>(x: f64, visitor: V) -> Result<V::Value, DeError> {
        // Whole numbers go as integers, as JSON numbers do, so that integer fields (`u32`)
        // accept them; the conversions are exact in the ranges tested.
        let whole = x.is_finite() && x == x.trunc() && !(x == 0.0 && x.is_sign_negative());
        if whole && (0.0..18_446_744_073_709_551_616.0).contains(&x) {
            visitor.visit_u64(x as u64)
        } else if whole && (-9_223_372_036_854_775_808.0..0.0).contains(&x) {
            visitor.visit_i64(x as i64)
        } else {
            visitor.visit_f64(x)
        }
    }
}

impl<'de> de::Deserializer<'de> for Tree {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Tree::Null => visitor.visit_unit(),
            Tree::Bool(b) => visitor.visit_bool(b),
            Tree::Number(x) => Tree::visit_number(x, visitor),
            Tree::String(s) => visitor.visit_string(s),
            Tree::Array(items) => {
                let mut seq = de::value::SeqDeserializer::new(items.into_iter());
                let value = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            Tree::Object(entries) => {
                let mut map = de::value::MapDeserializer::new(entries.into_iter());
                let value = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(value)
            }
            Tree::Unsupported(what) => {
                Err(de::Error::invalid_type(Unexpected::Other(&what), &visitor))
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Tree::Null => visitor.visit_none(),
            other => visitor.visit_some(other),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match self {
            Tree::String(s) => visitor.visit_enum(s.into_deserializer()),
            Tree::Object(entries) if entries.len() == 1 => {
                let map = de::value::MapDeserializer::new(entries.into_iter());
                visitor.visit_enum(de::value::MapAccessDeserializer::new(map))
            }
            other => other.deserialize_any(visitor),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

impl IntoDeserializer<'_, DeError> for Tree {
    type Deserializer = Tree;

    fn into_deserializer(self) -> Tree {
        self
    }
}

impl<'de> de::Deserialize<'de> for Tree {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Tree, D::Error> {
        deserializer.deserialize_any(TreeVisitor)
    }
}

/// Builds a [`Tree`] from any serde data, keeping the order of object keys.
struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Tree;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Tree, E> {
        Ok(Tree::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Tree, E> {
        Ok(Tree::Number(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Tree, E> {
        Ok(Tree::Number(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Tree, E> {
        Ok(Tree::Number(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Tree, E> {
        Ok(Tree::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Tree, E> {
        Ok(Tree::String(v))
    }
    fn visit_unit<E>(self) -> Result<Tree, E> {
        Ok(Tree::Null)
    }
    fn visit_none<E>(self) -> Result<Tree, E> {
        Ok(Tree::Null)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Tree, D::Error> {
        d.deserialize_any(TreeVisitor)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Tree::Array(items))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Tree::Object(entries))
    }
}

impl From<&serde_json::Value> for Tree {
    fn from(value: &serde_json::Value) -> Tree {
        <Tree as de::Deserialize>::deserialize(value).unwrap_or(Tree::Null)
    }
}

/// A result for JavaScript, written with camelCase keys in the order the core declares them.
pub struct Js(pub Tree);

impl Js {
    /// Serialises a core result (through JSON text, which keeps the fields in declaration
    /// order and every float exact).
    pub fn of<T: serde::Serialize>(value: &T) -> napi::Result<Js> {
        serde_json::to_string(value)
            .and_then(|text| serde_json::from_str(&text))
            .map(Js)
            .map_err(|e| napi::Error::from_reason(e.to_string()))
    }
}

impl ToNapiValue for Js {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        write(&Env::from_raw(env), &val.0, true).map(|v| v.raw())
    }
}

/// Writes a tree as a JS value; `rename` converts keys snake_case → camelCase.
///
/// The tree goes out as JSON text read by `JSON.parse` (one call, instead of an N-API call per
/// property). That is exact: serde_json writes the shortest text that reads back as the same
/// double, and `JSON.parse` reads it correctly rounded. The core's results hold no NaN or
/// infinity (non-finite values are reported as strings).
pub fn write<'env>(env: &'env Env, value: &Tree, rename: bool) -> napi::Result<Unknown<'env>> {
    let text = serde_json::to_string(&Renamed {
        tree: value,
        rename,
    })
    .map_err(|e| napi::Error::from_reason(e.to_string()))?;
    js::parse(env, text)
}

/// A tree serialised with its keys converted snake_case → camelCase (when `rename` is set),
/// except below the user-data maps.
struct Renamed<'a> {
    tree: &'a Tree,
    rename: bool,
}

impl serde::Serialize for Renamed<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self.tree {
            Tree::Null | Tree::Unsupported(_) => serializer.serialize_unit(),
            Tree::Bool(b) => serializer.serialize_bool(*b),
            Tree::Number(x) => serializer.serialize_f64(*x),
            Tree::String(s) => serializer.serialize_str(s),
            Tree::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for tree in items {
                    seq.serialize_element(&Renamed {
                        tree,
                        rename: self.rename,
                    })?;
                }
                seq.end()
            }
            Tree::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, tree) in entries {
                    let (key, rename) = if self.rename {
                        (camel_case(key), !is_user_data_map(key))
                    } else {
                        (Cow::Borrowed(key.as_str()), false)
                    };
                    map.serialize_entry(&key, &Renamed { tree, rename })?;
                }
                map.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_days() {
        assert_eq!(utc_day(0.0).as_deref(), Some("1970-01-01"));
        assert_eq!(utc_day(-1.0).as_deref(), Some("1969-12-31"));
        assert_eq!(utc_day(1_794_700_800_000.0).as_deref(), Some("2026-11-15"));
        assert_eq!(utc_day(f64::NAN), None);
    }

    #[test]
    fn numbers_keep_their_bits() {
        let big: f64 = serde::Deserialize::deserialize(Tree::Number(1e300)).unwrap_or(0.0);
        assert_eq!(big, 1e300);
        let days: u32 = serde::Deserialize::deserialize(Tree::Number(30.0)).unwrap_or(0);
        assert_eq!(days, 30);
        let neg_zero: f64 = serde::Deserialize::deserialize(Tree::Number(-0.0)).unwrap_or(1.0);
        assert!(neg_zero == 0.0 && neg_zero.is_sign_negative());
    }
}
