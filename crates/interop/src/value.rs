//! The value tree: a JavaScript value read into Rust, or a core result on its way out.
//!
//! **In.** Each binding reads a JavaScript value into a [`Value`] (the host-specific reading
//! stays in the binding), converting keys by a [`KeyRule`](crate::KeyRule) as it goes. A `Value`
//! is a serde [`Deserializer`](serde::Deserializer) for the core's `deserialize_input`,
//! `deserialize_model`, ...: numbers keep every bit (NaN and ±Infinity too, which JSON cannot
//! carry) and go as integers when whole ([`WholeNumber`]); `Unsupported` values (functions,
//! symbols, BigInts, invalid `Date`s, values nested too deeply) fail with serde's "invalid type"
//! message at their path. Its errors are plain messages, so the core classifies them (`unknown
//! field`, `missing field`, ...) exactly as it does those of JSON text.
//!
//! **Out.** [`Value::of`] builds a tree from any serialisable core result (the tree is a serde
//! [`Serializer`](serde::Serializer) target that keeps the fields in the order the core declares
//! them), and [`Value::to_js_json`] writes it as JSON text with its keys converted by a
//! `KeyRule`, which each binding hands to `JSON.parse` (one call, not one per property). That is
//! exact: serde_json writes the shortest text that reads back as the same double, and
//! `JSON.parse` reads it correctly rounded. The core's results hold no NaN or infinity
//! (non-finite values are reported as strings); should one appear, it is written as `null`.

use crate::casing::{Case, KeyRule};
use crate::number::WholeNumber;
use serde::de::{self, IntoDeserializer, Unexpected, Visitor};
use serde::forward_to_deserialize_any;

/// A JavaScript value read into Rust, or a result on its way to JavaScript.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null` (or `undefined` outside an object).
    Null,
    /// A boolean.
    Bool(bool),
    /// A number, every bit kept.
    Number(f64),
    /// A string (also a `Date`, as its UTC day `YYYY-MM-DD`).
    Text(String),
    /// An array or a typed array.
    List(Vec<Value>),
    /// An object's own enumerable string-keyed entries, in order (entries whose value is
    /// `undefined` are left out, as `JSON.stringify` does).
    Map(Vec<(String, Value)>),
    /// A value no input can hold, described (`"a function"`): fails with serde's "invalid type"
    /// message at its path.
    Unsupported(String),
}

/// The error of reading a [`Value`]: a plain message, classified by the core.
pub type ValueError = de::value::Error;

impl Value {
    /// A tree of any serialisable value (a core result), keys as the core spells them.
    ///
    /// ```
    /// use tenure_interop::Value;
    /// let value = Value::of(&serde_json::json!({"next_tier": {"points_needed": 2.5}}))?;
    /// assert_eq!(value.to_js_json(tenure_interop::KeyRule::data())?,
    ///            r#"{"nextTier":{"pointsNeeded":2.5}}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn of<T: serde::Serialize + ?Sized>(value: &T) -> Result<Value, serde_json::Error> {
        value.serialize(crate::serializer::ValueSerializer)
    }

    /// The tree as JSON text for `JSON.parse`, keys converted snake_case → camelCase by `rule`
    /// (the core's rule: [`KeyRule::data`]; error values and user data: [`KeyRule::as_given`]).
    pub fn to_js_json(&self, rule: KeyRule) -> Result<String, serde_json::Error> {
        serde_json::to_string(&Written { value: self, rule })
    }

    /// The path (the core's notation, `dimensions[0].weight`) and value of the first number
    /// JSON cannot hold (NaN, ±Infinity), if any.
    pub fn first_non_finite(&self, path: &str) -> Option<(String, f64)> {
        match self {
            Value::Number(x) if !x.is_finite() => Some((path.to_string(), *x)),
            Value::List(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, item)| item.first_non_finite(&format!("{path}[{i}]"))),
            Value::Map(entries) => entries.iter().find_map(|(key, item)| {
                item.first_non_finite(&if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                })
            }),
            _ => None,
        }
    }

    fn visit_number<'de, V: Visitor<'de>>(x: f64, visitor: V) -> Result<V::Value, ValueError> {
        match WholeNumber::of(x) {
            WholeNumber::Unsigned(u) => visitor.visit_u64(u),
            WholeNumber::Signed(i) => visitor.visit_i64(i),
            WholeNumber::Double(x) => visitor.visit_f64(x),
        }
    }
}

/// A tree serialised as JSON with its keys converted by a rule.
struct Written<'a> {
    value: &'a Value,
    rule: KeyRule,
}

impl serde::Serialize for Written<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self.value {
            Value::Null | Value::Unsupported(_) => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Number(x) => match WholeNumber::of(*x) {
                WholeNumber::Unsigned(u) => serializer.serialize_u64(u),
                WholeNumber::Signed(i) => serializer.serialize_i64(i),
                WholeNumber::Double(x) => serializer.serialize_f64(x),
            },
            Value::Text(s) => serializer.serialize_str(s),
            Value::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                let rule = self.rule.item();
                for value in items {
                    seq.serialize_element(&Written { value, rule })?;
                }
                seq.end()
            }
            Value::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    let (key, rule) = self.rule.entry(key, Case::Camel);
                    map.serialize_entry(&key, &Written { value, rule })?;
                }
                map.end()
            }
        }
    }
}

/// As JSON, keys as they are: whole numbers as integers, NaN, infinities and unsupported values
/// as `null` (JSON has none).
impl serde::Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Written {
            value: self,
            rule: KeyRule::as_given(),
        }
        .serialize(serializer)
    }
}

impl<'de> de::Deserializer<'de> for Value {
    type Error = ValueError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        match self {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Number(x) => Value::visit_number(x, visitor),
            Value::Text(s) => visitor.visit_string(s),
            Value::List(items) => {
                let mut seq = de::value::SeqDeserializer::new(items.into_iter());
                let value = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            Value::Map(entries) => {
                let mut map = de::value::MapDeserializer::new(entries.into_iter());
                let value = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(value)
            }
            Value::Unsupported(what) => {
                Err(de::Error::invalid_type(Unexpected::Other(&what), &visitor))
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        match self {
            Value::Null => visitor.visit_none(),
            other => visitor.visit_some(other),
        }
    }

    /// `"variant"` for unit variants, `{"variant": ...}` for the others (as serde_json).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ValueError> {
        match self {
            Value::Text(s) => visitor.visit_enum(s.into_deserializer()),
            Value::Map(entries) if entries.len() == 1 => {
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
    ) -> Result<V::Value, ValueError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

impl IntoDeserializer<'_, ValueError> for Value {
    type Deserializer = Value;

    fn into_deserializer(self) -> Value {
        self
    }
}

impl<'de> de::Deserialize<'de> for Value {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

/// Builds a [`Value`] from any serde data, keeping the order of object keys.
struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Number(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Text(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Text(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::List(items))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Value::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_bits() {
        let big: f64 = serde::Deserialize::deserialize(Value::Number(1e300)).unwrap_or(0.0);
        assert_eq!(big, 1e300);
        let days: u32 = serde::Deserialize::deserialize(Value::Number(30.0)).unwrap_or(0);
        assert_eq!(days, 30);
        let neg_zero: f64 = serde::Deserialize::deserialize(Value::Number(-0.0)).unwrap_or(1.0);
        assert!(neg_zero == 0.0 && neg_zero.is_sign_negative());
    }

    #[test]
    fn unsupported_values_fail_at_their_path() {
        let value = Value::Map(vec![("id".into(), Value::Unsupported("a function".into()))]);
        let error = tenure::deserialize_input::<tenure::Account, _>(value)
            .err()
            .map(|e| (e.code().as_str(), e.path().to_string()));
        assert_eq!(error, Some(("input.parse", "id".to_string())));
    }

    #[derive(serde::Serialize)]
    struct Result {
        next_tier: Option<f64>,
        inputs: std::collections::BTreeMap<&'static str, u32>,
        as_of: &'static str,
        n: f64,
    }

    #[test]
    fn results_keep_field_order_and_convert_keys_outside_user_data() {
        let result = Result {
            next_tier: None,
            inputs: [("dau_mau", 1)].into_iter().collect(),
            as_of: "2026-11-01",
            n: -0.0,
        };
        let text = Value::of(&result).and_then(|v| v.to_js_json(KeyRule::data()));
        assert_eq!(
            text.ok().as_deref(),
            Some(r#"{"nextTier":null,"inputs":{"dau_mau":1},"asOf":"2026-11-01","n":-0.0}"#)
        );
        let kept = Value::of(&result).and_then(|v| v.to_js_json(KeyRule::as_given()));
        assert!(kept.is_ok_and(|t| t.contains("next_tier")));
    }
}
