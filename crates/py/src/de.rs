//! A serde `Deserializer` over Python objects, so the core's `deserialize_input` and
//! `deserialize_model` read dicts, lists and scalars directly (no JSON text in between) and
//! report the same paths as for JSON.
//!
//! Mapping: `None` → null, `bool` → bool, `int` → integer (beyond 64 bits: float), `float` →
//! float (NaN stays NaN: the core treats it as missing), `str` → string, `dict`/mappings → map,
//! `list`/`tuple` → sequence, `datetime.date` → ISO string (a `datetime` → its date),
//! `decimal.Decimal` → its exact text (`str(d)`, so amounts such as ARR stay exact), NumPy
//! scalars → their Python value, pandas' `NA`/`NaT` → null.
//!
//! A `decimal.Decimal` is its float where the core asks for a number (a model's weights, a
//! score), and wherever the reader is made with [`Decimals::Numbers`]: for the inputs whose
//! untyped values the core reads as numbers, never as amounts (health signal inputs, rule
//! facts, models and rule sets), so a `Decimal` there stays a number.

use crate::errors::{CoreError, CoreResult};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use std::fmt;

/// A deserialisation failure (type mismatch, unsupported Python type, ...).
#[derive(Debug)]
pub struct DeError(String);

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError(msg.to_string())
    }
}

fn py_err(e: PyErr) -> DeError {
    DeError(e.to_string())
}

/// How a `decimal.Decimal` reads where the core takes any value.
#[derive(Clone, Copy)]
pub enum Decimals {
    /// As its exact text (amounts).
    Text,
    /// As its float (health signal inputs, rule facts, models and rule sets).
    Numbers,
}

/// Keys whose values are maps of any values that the core reads as health signal inputs or
/// rule facts (a portfolio account's `signals`, `attributes` and `facts`): inside them a
/// `decimal.Decimal` reads as its float, as it does for a single account or rule facts.
const ANY_VALUE_MAPS: [&str; 3] = ["signals", "attributes", "facts"];

/// Deserializes from one Python object.
pub struct PyDe<'a, 'py>(pub &'a Bound<'py, PyAny>, pub Decimals);

impl<'a, 'py> PyDe<'a, 'py> {
    /// A reader with decimals as their exact text.
    pub fn new(obj: &'a Bound<'py, PyAny>) -> Self {
        PyDe(obj, Decimals::Text)
    }

    /// A reader with decimals as their floats.
    pub fn numbers(obj: &'a Bound<'py, PyAny>) -> Self {
        PyDe(obj, Decimals::Numbers)
    }
}

/// Reads an input value (account, history, options, ...) from Python data, prefixing error
/// paths with `at`.
pub fn input<T: serde::de::DeserializeOwned>(obj: &Bound<'_, PyAny>, at: &str) -> CoreResult<T> {
    tenure::deserialize_input(PyDe::new(obj)).map_err(|e| CoreError(e.within(at)))
}

/// As [`input`], with decimals as their floats (see [`Decimals::Numbers`]).
pub fn number_input<T: serde::de::DeserializeOwned>(
    obj: &Bound<'_, PyAny>,
    at: &str,
) -> CoreResult<T> {
    tenure::deserialize_input(PyDe::numbers(obj)).map_err(|e| CoreError(e.within(at)))
}

static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// What a Python object is, for the deserializer.
enum Kind<'py> {
    Null,
    Bool(bool),
    Int(Bound<'py, PyAny>),
    Float(f64),
    Str(Bound<'py, PyString>),
    Map(Bound<'py, PyDict>),
    Seq(Vec<Bound<'py, PyAny>>),
    /// A value converted to text (dates).
    Text(String),
    /// A `decimal.Decimal`: its exact text.
    Decimal(String),
}

fn kind<'py>(obj: &Bound<'py, PyAny>) -> Result<Kind<'py>, DeError> {
    let py = obj.py();
    if obj.is_none() {
        return Ok(Kind::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Kind::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        return Ok(Kind::Int(obj.clone()));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Ok(Kind::Float(f.value()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Kind::Str(s.clone()));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        return Ok(Kind::Map(d.clone()));
    }
    if let Ok(l) = obj.cast::<PyList>() {
        return Ok(Kind::Seq(l.iter().collect()));
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        return Ok(Kind::Seq(t.iter().collect()));
    }
    let datetime = DATETIME
        .import(py, "datetime", "datetime")
        .map_err(py_err)?;
    if obj.is_instance(datetime.as_any()).map_err(py_err)? {
        let date = obj.call_method0("date").map_err(py_err)?;
        return text_of(&date.call_method0("isoformat").map_err(py_err)?);
    }
    let date = DATE.import(py, "datetime", "date").map_err(py_err)?;
    if obj.is_instance(date.as_any()).map_err(py_err)? {
        return text_of(&obj.call_method0("isoformat").map_err(py_err)?);
    }
    let decimal = DECIMAL.import(py, "decimal", "Decimal").map_err(py_err)?;
    if obj.is_instance(decimal.as_any()).map_err(py_err)? {
        let text = obj
            .str()
            .map_err(py_err)?
            .to_cow()
            .map_err(py_err)?
            .into_owned();
        return Ok(Kind::Decimal(text));
    }
    let ty = obj.get_type();
    let name = ty.name().map_err(py_err)?.to_string();
    let module = ty
        .getattr("__module__")
        .and_then(|m| m.extract::<String>())
        .unwrap_or_default();
    // pandas.NA and pandas.NaT are missing values.
    if module.starts_with("pandas") && (name == "NAType" || name == "NaTType") {
        return Ok(Kind::Null);
    }
    // NumPy scalars (numpy.float64 is a float subclass, the others are not): their Python value.
    if module == "numpy" && obj.hasattr("item").map_err(py_err)? {
        let item = obj.call_method0("item").map_err(py_err)?;
        if !item.get_type().is(&ty) {
            return kind(&item);
        }
    }
    // Other mappings and sequences (e.g. a pandas Series as a row): through dict / list.
    if obj.hasattr("keys").map_err(py_err)? && obj.hasattr("__getitem__").map_err(py_err)? {
        let dict = py
            .get_type::<PyDict>()
            .call1((obj,))
            .map_err(py_err)?
            .cast_into::<PyDict>()
            .map_err(|e| DeError(e.to_string()))?;
        return Ok(Kind::Map(dict));
    }
    Err(DeError(format!(
        "invalid type: Python object of type `{name}`, expected a JSON-like value"
    )))
}

fn text_of(obj: &Bound<'_, PyAny>) -> Result<Kind<'static>, DeError> {
    Ok(Kind::Text(obj.extract::<String>().map_err(py_err)?))
}

/// The number hints of the deserializer, each through [`PyDe::number`].
macro_rules! number_hints {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
                self.number(visitor)
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for PyDe<'_, '_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match kind(self.0)? {
            Kind::Null => visitor.visit_unit(),
            Kind::Bool(b) => visitor.visit_bool(b),
            Kind::Int(i) => {
                if let Ok(v) = i.extract::<i64>() {
                    visitor.visit_i64(v)
                } else if let Ok(v) = i.extract::<u64>() {
                    visitor.visit_u64(v)
                } else {
                    // Like JSON numbers too large for 64 bits: the nearest double.
                    visitor.visit_f64(i.extract::<f64>().map_err(py_err)?)
                }
            }
            Kind::Float(f) => visitor.visit_f64(f),
            Kind::Str(s) => visitor.visit_str(&s.to_cow().map_err(py_err)?),
            Kind::Text(s) => visitor.visit_string(s),
            Kind::Decimal(s) => match self.1 {
                Decimals::Text => visitor.visit_string(s),
                Decimals::Numbers => visitor.visit_f64(self.0.extract::<f64>().map_err(py_err)?),
            },
            Kind::Map(d) => visitor.visit_map(MapAccess::new(&d, self.1)?),
            Kind::Seq(items) => visitor.visit_seq(SeqAccess {
                items: items.into_iter(),
                decimals: self.1,
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match kind(self.0)? {
            Kind::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match kind(self.0)? {
            Kind::Str(s) => {
                let text: String = s.to_cow().map_err(py_err)?.into_owned();
                visitor.visit_enum(text.into_deserializer())
            }
            Kind::Map(d) if d.len() == 1 => {
                let (key, value) = d.iter().next().ok_or_else(|| DeError("empty map".into()))?;
                visitor.visit_enum(EnumAccess {
                    key,
                    value,
                    decimals: self.1,
                })
            }
            _ => self.deserialize_any(visitor),
        }
    }

    number_hints! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64
    }

    serde::forward_to_deserialize_any! {
        bool char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

impl PyDe<'_, '_> {
    /// Where the core asks for a number: a `decimal.Decimal` as its float (NaN and the
    /// infinities included, as a float would be); anything else as `deserialize_any` reads it.
    fn number<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.0.is_instance_of::<PyFloat>() || self.0.is_instance_of::<PyInt>() {
            return de::Deserializer::deserialize_any(self, visitor);
        }
        let decimal = DECIMAL
            .import(self.0.py(), "decimal", "Decimal")
            .map_err(py_err)?;
        if self.0.is_instance(decimal.as_any()).map_err(py_err)? {
            return visitor.visit_f64(self.0.extract::<f64>().map_err(py_err)?);
        }
        de::Deserializer::deserialize_any(self, visitor)
    }
}

struct MapAccess<'py> {
    items: std::vec::IntoIter<(Bound<'py, PyAny>, Bound<'py, PyAny>)>,
    value: Option<Bound<'py, PyAny>>,
    decimals: Decimals,
    /// How decimals read in the value of the current key.
    value_decimals: Decimals,
}

impl<'py> MapAccess<'py> {
    fn new(dict: &Bound<'py, PyDict>, decimals: Decimals) -> Result<Self, DeError> {
        Ok(MapAccess {
            items: dict.iter().collect::<Vec<_>>().into_iter(),
            value: None,
            decimals,
            value_decimals: decimals,
        })
    }
}

impl<'de> de::MapAccess<'de> for MapAccess<'_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        match self.items.next() {
            Some((key, value)) => {
                if !key.is_instance_of::<PyString>() {
                    return Err(DeError(format!(
                        "invalid key: `{}`, expected a string",
                        key.repr().map(|r| r.to_string()).unwrap_or_default()
                    )));
                }
                self.value_decimals = match self.decimals {
                    Decimals::Text
                        if key
                            .extract::<String>()
                            .is_ok_and(|k| ANY_VALUE_MAPS.contains(&k.as_str())) =>
                    {
                        Decimals::Numbers
                    }
                    other => other,
                };
                self.value = Some(value);
                seed.deserialize(PyDe(&key, self.decimals)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        match self.value.take() {
            Some(value) => seed.deserialize(PyDe(&value, self.value_decimals)),
            None => Err(DeError("a map value was read before its key".into())),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct SeqAccess<'py> {
    items: std::vec::IntoIter<Bound<'py, PyAny>>,
    decimals: Decimals,
}

impl<'de> de::SeqAccess<'de> for SeqAccess<'_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        match self.items.next() {
            Some(item) => seed.deserialize(PyDe(&item, self.decimals)).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct EnumAccess<'py> {
    key: Bound<'py, PyAny>,
    value: Bound<'py, PyAny>,
    decimals: Decimals,
}

impl<'de, 'py> de::EnumAccess<'de> for EnumAccess<'py> {
    type Error = DeError;
    type Variant = VariantAccess<'py>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, VariantAccess<'py>), DeError> {
        let variant = seed.deserialize(PyDe(&self.key, self.decimals))?;
        Ok((variant, VariantAccess(self.value, self.decimals)))
    }
}

struct VariantAccess<'py>(Bound<'py, PyAny>, Decimals);

impl<'de> de::VariantAccess<'de> for VariantAccess<'_> {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        de::Deserialize::deserialize(PyDe(&self.0, self.1))
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, DeError> {
        seed.deserialize(PyDe(&self.0, self.1))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_any(PyDe(&self.0, self.1), visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_any(PyDe(&self.0, self.1), visitor)
    }
}
