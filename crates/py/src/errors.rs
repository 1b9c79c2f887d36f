//! Core errors as Python exceptions: `tenure.ModelError`, `tenure.RuleError` and `tenure.InputError` (all
//! `tenure.TenureError` and `ValueError`), carrying `code`, `path`, `value` and `message`.
//!
//! The exception classes are defined in Python (`tenure/_errors.py`), where multiple inheritance
//! is natural; this module instantiates them.

use crate::ser::to_py;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;
use tenure::{Error, ErrorFamily};

static MODEL_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static INPUT_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static RULE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// A core error on its way to Python (`?` converts it into the matching exception).
pub struct CoreError(pub Error);

impl From<Error> for CoreError {
    fn from(e: Error) -> Self {
        CoreError(e)
    }
}

impl From<CoreError> for PyErr {
    fn from(e: CoreError) -> PyErr {
        Python::attach(|py| to_pyerr(py, &e.0))
    }
}

/// Result of a call that fails with a core error.
pub type CoreResult<T> = Result<T, CoreError>;

/// Builds the Python exception of a core error.
pub fn to_pyerr(py: Python<'_>, e: &Error) -> PyErr {
    let class = match e.family() {
        ErrorFamily::Model => MODEL_ERROR.import(py, "tenure._errors", "ModelError"),
        ErrorFamily::Rules => RULE_ERROR.import(py, "tenure._errors", "RuleError"),
        _ => INPUT_ERROR.import(py, "tenure._errors", "InputError"),
    };
    let build = || -> PyResult<PyErr> {
        let class = class?;
        let value = match e.value() {
            Some(v) => to_py(py, v)?,
            None => py.None().into_bound(py),
        };
        let exc = class.call1((e.message(), e.code().as_str(), e.path(), value))?;
        Ok(PyErr::from_value(exc))
    };
    build().unwrap_or_else(|err| err)
}
