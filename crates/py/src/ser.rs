//! A serde `Serializer` that builds Python objects from the core's result types: the same shape
//! as their JSON form (structs → dicts in field order, enums → their snake_case names, dates and
//! decimals → text), without JSON text in between. Non-finite floats become `None`, as in JSON.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use pyo3::IntoPyObjectExt;
use serde::ser::{self, Serialize};
use std::fmt;

/// A serialisation failure (a Python error while building the result).
#[derive(Debug)]
pub struct SerError(String);

impl fmt::Display for SerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SerError {}

impl ser::Error for SerError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        SerError(msg.to_string())
    }
}

fn err(e: PyErr) -> SerError {
    SerError(e.to_string())
}

/// Converts any serialisable value to a Python object.
pub fn to_py<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    value
        .serialize(PySer(py))
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.0))
}

#[derive(Clone, Copy)]
struct PySer<'py>(Python<'py>);

impl<'py> PySer<'py> {
    fn obj<T>(self, value: T) -> Result<Bound<'py, PyAny>, SerError>
    where
        T: IntoPyObject<'py>,
    {
        value.into_bound_py_any(self.0).map_err(err)
    }
}

impl<'py> ser::Serializer for PySer<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    type SerializeSeq = SeqSer<'py>;
    type SerializeTuple = SeqSer<'py>;
    type SerializeTupleStruct = SeqSer<'py>;
    type SerializeTupleVariant = VariantSer<SeqSer<'py>>;
    type SerializeMap = MapSer<'py>;
    type SerializeStruct = MapSer<'py>;
    type SerializeStructVariant = VariantSer<MapSer<'py>>;

    fn serialize_bool(self, v: bool) -> Result<Self::Ok, SerError> {
        self.obj(v)
    }
    fn serialize_i8(self, v: i8) -> Result<Self::Ok, SerError> {
        self.obj(v)
    }
    fn serialize_i16(self, v: i16) -> Result<Self::Ok, SerError> {
        self.obj(v)
    }
    fn serialize_i32(self, v: i32) -> Result<Self::Ok, SerError> {
        self.obj(v)
    }
    fn serialize_i64(self, v: i64) -> Result<Self::Ok, SerError> {
        self.obj(v)
    }
    fn serialize_i128(self, v: i128) -> Result<Self::Ok, SerError> {
        self.obj(v)
    }
    fn serialize_u8(self, v: u8) -> Result<Self::Ok, SerError> {
        self.obj(v)
    }
    fn serialize_u16(self, v: u16) -> Result<Self::Ok, SerError> {
        self.obj(v)
    }
    fn serialize_u32(self, v: u32) -> Result<Self::Ok, SerError> {
        self.obj(v)
    }
    fn serialize_u64(self, v: u64) -> Result<Self::Ok, SerError> {
        self.obj(v)
    }
    fn serialize_u128(self, v: u128) -> Result<Self::Ok, SerError> {
        self.obj(v)
    }
    fn serialize_f32(self, v: f32) -> Result<Self::Ok, SerError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<Self::Ok, SerError> {
        if v.is_finite() {
            self.obj(v)
        } else {
            Ok(self.0.None().into_bound(self.0))
        }
    }
    fn serialize_char(self, v: char) -> Result<Self::Ok, SerError> {
        self.obj(v.to_string())
    }
    fn serialize_str(self, v: &str) -> Result<Self::Ok, SerError> {
        self.obj(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Self::Ok, SerError> {
        self.obj(v.to_vec())
    }
    fn serialize_none(self) -> Result<Self::Ok, SerError> {
        Ok(self.0.None().into_bound(self.0))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok, SerError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Self::Ok, SerError> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Self::Ok, SerError> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Self::Ok, SerError> {
        self.obj(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Self::Ok, SerError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Self::Ok, SerError> {
        let dict = PyDict::new(self.0);
        dict.set_item(variant, value.serialize(self)?)
            .map_err(err)?;
        Ok(dict.into_any())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqSer<'py>, SerError> {
        Ok(SeqSer {
            ser: self,
            items: Vec::with_capacity(len.unwrap_or(0)),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqSer<'py>, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<SeqSer<'py>, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<VariantSer<SeqSer<'py>>, SerError> {
        Ok(VariantSer {
            variant,
            inner: self.serialize_seq(Some(len))?,
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<MapSer<'py>, SerError> {
        Ok(MapSer {
            ser: self,
            dict: PyDict::new(self.0),
            key: None,
        })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<MapSer<'py>, SerError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<VariantSer<MapSer<'py>>, SerError> {
        Ok(VariantSer {
            variant,
            inner: self.serialize_map(Some(len))?,
        })
    }
}

pub struct SeqSer<'py> {
    ser: PySer<'py>,
    items: Vec<Bound<'py, PyAny>>,
}

impl<'py> SeqSer<'py> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        self.items.push(value.serialize(self.ser)?);
        Ok(())
    }
    fn finish(self) -> Result<Bound<'py, PyAny>, SerError> {
        PyList::new(self.ser.0, self.items)
            .map(|l| l.into_any())
            .map_err(err)
    }
}

impl<'py> ser::SerializeSeq for SeqSer<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        self.push(value)
    }
    fn end(self) -> Result<Self::Ok, SerError> {
        self.finish()
    }
}

impl<'py> ser::SerializeTuple for SeqSer<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        self.push(value)
    }
    fn end(self) -> Result<Self::Ok, SerError> {
        self.finish()
    }
}

impl<'py> ser::SerializeTupleStruct for SeqSer<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        self.push(value)
    }
    fn end(self) -> Result<Self::Ok, SerError> {
        self.finish()
    }
}

pub struct MapSer<'py> {
    ser: PySer<'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
}

impl<'py> ser::SerializeMap for MapSer<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), SerError> {
        self.key = Some(key.serialize(self.ser)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| SerError("a map value came before its key".into()))?;
        self.dict
            .set_item(key, value.serialize(self.ser)?)
            .map_err(err)
    }
    fn end(self) -> Result<Self::Ok, SerError> {
        Ok(self.dict.into_any())
    }
}

impl<'py> ser::SerializeStruct for MapSer<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), SerError> {
        self.dict
            .set_item(key, value.serialize(self.ser)?)
            .map_err(err)
    }
    fn end(self) -> Result<Self::Ok, SerError> {
        Ok(self.dict.into_any())
    }
}

/// A tuple or struct variant: `{variant: inner}`.
pub struct VariantSer<S> {
    variant: &'static str,
    inner: S,
}

fn wrap_variant<'py>(
    py: Python<'py>,
    variant: &'static str,
    inner: Bound<'py, PyAny>,
) -> Result<Bound<'py, PyAny>, SerError> {
    let dict = PyDict::new(py);
    dict.set_item(variant, inner).map_err(err)?;
    Ok(dict.into_any())
}

impl<'py> ser::SerializeTupleVariant for VariantSer<SeqSer<'py>> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        self.inner.push(value)
    }
    fn end(self) -> Result<Self::Ok, SerError> {
        let py = self.inner.ser.0;
        let inner = self.inner.finish()?;
        wrap_variant(py, self.variant, inner)
    }
}

impl<'py> ser::SerializeStructVariant for VariantSer<MapSer<'py>> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), SerError> {
        ser::SerializeStruct::serialize_field(&mut self.inner, key, value)
    }
    fn end(self) -> Result<Self::Ok, SerError> {
        let py = self.inner.ser.0;
        wrap_variant(py, self.variant, self.inner.dict.into_any())
    }
}
