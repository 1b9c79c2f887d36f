//! Python binding of tenure: the native module `tenure._tenure`.
//!
//! This crate only translates: Python objects in (through a serde deserializer over Python
//! objects, NumPy arrays or Arrow streams), one call into the core, Python objects out (through a
//! serde serializer, NumPy arrays or an Arrow table). The Python package `tenure` (in `python/`)
//! wraps it with the DataFrame flavours, the exception classes and the type stubs.

mod cohort;
mod columns;
mod de;
mod errors;
mod health;
mod html;
mod lifecycle;
mod portfolio;
mod revenue;
mod rules;
mod ser;
mod survival;

use pyo3::prelude::*;
use tenure::ErrorCode;

/// The native module: one registration per area (health, rules, lifecycle, revenue, cohort,
/// survival, portfolio).
#[pymodule]
#[pyo3(name = "_tenure")]
fn tenure_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    health::register(m)?;
    rules::register(m)?;
    lifecycle::register(m)?;
    revenue::register(m)?;
    cohort::register(m)?;
    survival::register(m)?;
    portfolio::register(m)?;
    m.add(
        "ERROR_CODES",
        ErrorCode::ALL
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>(),
    )?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
