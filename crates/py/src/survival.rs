//! Kaplan-Meier survival for Python: NumPy columns in, the core's estimate out as Python data
//! (the curve's columns as NumPy arrays). The DataFrame handling is in `tenure/_survival.py`.

use crate::errors::CoreError;
use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use tenure::{KaplanMeierFit, KaplanMeierOptions};

fn fit_dict<'py>(py: Python<'py>, fit: &KaplanMeierFit) -> PyResult<Bound<'py, PyDict>> {
    let curve = PyDict::new(py);
    let c = &fit.curve;
    curve.set_item("time", PyArray1::from_slice(py, &c.time))?;
    curve.set_item("at_risk", PyArray1::from_slice(py, &c.at_risk))?;
    curve.set_item("entered", PyArray1::from_slice(py, &c.entered))?;
    curve.set_item("events", PyArray1::from_slice(py, &c.events))?;
    curve.set_item("censored", PyArray1::from_slice(py, &c.censored))?;
    curve.set_item("survival", PyArray1::from_slice(py, &c.survival))?;
    curve.set_item("greenwood", PyArray1::from_slice(py, &c.greenwood))?;
    curve.set_item("lower", PyArray1::from_slice(py, &c.lower))?;
    curve.set_item("upper", PyArray1::from_slice(py, &c.upper))?;
    let out = PyDict::new(py);
    out.set_item("curve", curve)?;
    out.set_item("median", fit.median)?;
    out.set_item("subjects", fit.subjects)?;
    out.set_item("events", fit.events)?;
    out.set_item("censored", fit.censored)?;
    out.set_item("confidence_level", fit.confidence_level)?;
    Ok(out)
}

/// Kaplan-Meier estimates from columns: `{"overall": fit, "groups": [fit + "group"]}` where a
/// fit is `{"curve": {column: array}, "median", "subjects", "events", "censored",
/// "confidence_level"}`.
#[pyfunction]
#[pyo3(signature = (duration, event, entry, group, confidence_level))]
pub fn kaplan_meier_columns<'py>(
    py: Python<'py>,
    duration: PyReadonlyArray1<'py, f64>,
    event: PyReadonlyArray1<'py, bool>,
    entry: Option<PyReadonlyArray1<'py, f64>>,
    group: Option<Vec<Option<String>>>,
    confidence_level: f64,
) -> PyResult<Bound<'py, PyDict>> {
    let durations = duration.as_slice()?;
    let events = event.as_slice()?;
    let entries = match &entry {
        Some(e) => Some(e.as_slice()?),
        None => None,
    };
    let options = KaplanMeierOptions { confidence_level };
    let analysis = py
        .detach(|| {
            tenure::survival_analysis(durations, events, entries, group.as_deref(), &options)
        })
        .map_err(CoreError)?;
    let out = PyDict::new(py);
    out.set_item("overall", fit_dict(py, &analysis.overall)?)?;
    let groups = PyList::empty(py);
    for g in &analysis.groups {
        let d = fit_dict(py, &g.fit)?;
        d.set_item("group", &g.group)?;
        groups.append(d)?;
    }
    out.set_item("groups", groups)?;
    Ok(out)
}

/// Registers the survival functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(kaplan_meier_columns, m)?)?;
    Ok(())
}
