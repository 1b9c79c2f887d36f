//! The one key rule of the JavaScript API.
//!
//! On the way in, object keys are converted from camelCase to snake_case (`asOf` → `as_of`;
//! keys that are already snake_case are unchanged); on the way out, from snake_case to camelCase
//! (`next_tier` → `nextTier`). The keys of the user-data maps `inputs`, `attributes` and
//! `columns` (input keys and attribute names chosen by the user) are never converted, nor is
//! anything below them.
//!
//! The way in is a serde [`Deserializer`] adapter ([`SnakeKeys`]) around any deserializer (here
//! serde-wasm-bindgen's), so that the core's `deserialize_input` / `deserialize_model` read
//! JavaScript values directly, with error paths in the core's (snake_case) terms. It also reads
//! every struct as a map, so that unknown fields reach the core's `deny_unknown_fields` checks
//! (serde-wasm-bindgen looks struct fields up by name and would silently skip unknown ones).

use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, Visitor};
use std::fmt;

/// Keys whose values are user data: their own keys are kept as given.
const USER_DATA_MAPS: [&str; 3] = ["inputs", "attributes", "columns"];

/// Whether the value of `key` is a user-data map.
pub(crate) fn is_user_data_map(key: &str) -> bool {
    USER_DATA_MAPS.contains(&key)
}

/// `asOf` → `as_of`: every ASCII uppercase letter becomes `_` and its lowercase.
pub(crate) fn to_snake(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `next_tier` → `nextTier`: every `_` followed by an ASCII lowercase letter becomes that
/// letter in uppercase; other characters are kept.
pub(crate) fn to_camel(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut chars = key.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&n) if c == '_' && n.is_ascii_lowercase() => {
                out.push(n.to_ascii_uppercase());
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// A deserializer whose map keys are converted to snake_case (when `rename`).
pub(crate) struct SnakeKeys<D> {
    inner: D,
    rename: bool,
}

impl<D> SnakeKeys<D> {
    /// Wraps a deserializer; keys are converted except below the user-data maps.
    pub(crate) fn new(inner: D) -> Self {
        SnakeKeys {
            inner,
            rename: true,
        }
    }
}

struct Wrap<V> {
    inner: V,
    rename: bool,
}

macro_rules! forward_deserialize {
    ($($method:ident),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
                self.inner.$method(Wrap { inner: visitor, rename: self.rename })
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for SnakeKeys<D> {
    type Error = D::Error;

    forward_deserialize!(
        deserialize_any,
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_str,
        deserialize_string,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_option,
        deserialize_unit,
        deserialize_seq,
        deserialize_map,
        deserialize_identifier,
        deserialize_ignored_any,
    );

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_unit_struct(name, self.wrap(visitor))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_newtype_struct(name, self.wrap(visitor))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_tuple(len, self.wrap(visitor))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_tuple_struct(name, len, self.wrap(visitor))
    }

    /// Structs are read as maps: every key is seen, so unknown fields are reported.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_map(self.wrap(visitor))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_enum(name, variants, self.wrap(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

impl<D> SnakeKeys<D> {
    fn wrap<V>(&self, visitor: V) -> Wrap<V> {
        Wrap {
            inner: visitor,
            rename: self.rename,
        }
    }
}

macro_rules! forward_visit {
    ($($method:ident($ty:ty)),* $(,)?) => {
        $(
            fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
                self.inner.$method(v)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    forward_visit!(
        visit_bool(bool),
        visit_i8(i8),
        visit_i16(i16),
        visit_i32(i32),
        visit_i64(i64),
        visit_i128(i128),
        visit_u8(u8),
        visit_u16(u16),
        visit_u32(u32),
        visit_u64(u64),
        visit_u128(u128),
        visit_f32(f32),
        visit_f64(f64),
        visit_char(char),
        visit_str(&str),
        visit_borrowed_str(&'de str),
        visit_string(String),
        visit_bytes(&[u8]),
        visit_borrowed_bytes(&'de [u8]),
        visit_byte_buf(Vec<u8>),
    );

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_unit()
    }

    fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<V::Value, D2::Error> {
        self.inner.visit_some(SnakeKeys {
            inner: d,
            rename: self.rename,
        })
    }

    fn visit_newtype_struct<D2: Deserializer<'de>>(self, d: D2) -> Result<V::Value, D2::Error> {
        self.inner.visit_newtype_struct(SnakeKeys {
            inner: d,
            rename: self.rename,
        })
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.inner.visit_seq(Wrap {
            inner: seq,
            rename: self.rename,
        })
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.inner.visit_map(MapWrap {
            inner: map,
            rename: self.rename,
            value_renamed: self.rename,
        })
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.inner.visit_enum(Wrap {
            inner: data,
            rename: self.rename,
        })
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Wrap<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.inner.deserialize(SnakeKeys {
            inner: d,
            rename: self.rename,
        })
    }
}

impl<'de, A: de::SeqAccess<'de>> de::SeqAccess<'de> for Wrap<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.inner.next_element_seed(Wrap {
            inner: seed,
            rename: self.rename,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

struct MapWrap<A> {
    inner: A,
    rename: bool,
    /// Whether the keys inside the value of the current key are converted.
    value_renamed: bool,
}

impl<'de, A: de::MapAccess<'de>> de::MapAccess<'de> for MapWrap<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let Some(key) = self.inner.next_key::<String>()? else {
            return Ok(None);
        };
        let key = if self.rename { to_snake(&key) } else { key };
        self.value_renamed = self.rename && !is_user_data_map(&key);
        let key: de::value::StringDeserializer<A::Error> = key.into_deserializer();
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.inner.next_value_seed(Wrap {
            inner: seed,
            rename: self.value_renamed,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, A: de::EnumAccess<'de>> de::EnumAccess<'de> for Wrap<A> {
    type Error = A::Error;
    type Variant = Wrap<A::Variant>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self::Variant), A::Error> {
        let rename = self.rename;
        self.inner
            .variant_seed(seed)
            .map(|(value, variant)| (value, Wrap { inner: variant, rename }))
    }
}

impl<'de, A: de::VariantAccess<'de>> de::VariantAccess<'de> for Wrap<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.inner.unit_variant()
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, A::Error> {
        self.inner.newtype_variant_seed(Wrap {
            inner: seed,
            rename: self.rename,
        })
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.inner.tuple_variant(
            len,
            Wrap {
                inner: visitor,
                rename: self.rename,
            },
        )
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.inner.struct_variant(
            fields,
            Wrap {
                inner: visitor,
                rename: self.rename,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_convert_both_ways() {
        assert_eq!(to_snake("asOf"), "as_of");
        assert_eq!(to_snake("dropThresholdPct"), "drop_threshold_pct");
        assert_eq!(to_snake("as_of"), "as_of");
        assert_eq!(to_camel("next_tier"), "nextTier");
        assert_eq!(to_camel("drop_threshold_pct"), "dropThresholdPct");
        assert_eq!(to_camel("support_tickets_30d"), "supportTickets_30d");
        assert_eq!(to_camel("composite"), "composite");
    }

    #[test]
    fn user_data_maps_keep_their_keys() {
        let value = serde_json::json!({
            "asOf": "2026-11-01",
            "inputs": {"dauMau": 1, "nested": {"keepMe": 2}},
            "human": {"expiresOn": "2026-12-01"}
        });
        let out: serde_json::Value =
            serde::Deserialize::deserialize(SnakeKeys::new(value)).unwrap_or_default();
        assert_eq!(
            out,
            serde_json::json!({
                "as_of": "2026-11-01",
                "inputs": {"dauMau": 1, "nested": {"keepMe": 2}},
                "human": {"expires_on": "2026-12-01"}
            })
        );
    }
}
