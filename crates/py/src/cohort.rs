//! Cohort tables for Python: customer-month columns in (read by `columns.rs`, as for the
//! revenue functions), the core's table out as Python data, mergeable partial counts, and the
//! table's notebook heatmap (rendered in `html.rs`, beside the health score's). The DataFrames
//! are made in `tenure/_cohort.py`.

use crate::columns::CustomerMonthData;
use crate::de::{input, PyDe};
use crate::errors::{CoreError, CoreResult};
use crate::html;
use crate::ser::to_py;
use pyo3::prelude::*;
use tenure::{deserialize_input, CohortOptions};

/// Partial cohort counts (exact integers) that merge.
#[pyclass(name = "CohortCounts", module = "tenure._tenure")]
pub struct CohortCounts {
    counts: tenure::CohortCounts,
}

#[pymethods]
impl CohortCounts {
    /// Adds the counts of another partition of the customers.
    fn merge(&mut self, other: &CohortCounts) -> CoreResult<()> {
        self.counts.merge(&other.counts)?;
        Ok(())
    }

    /// The cohort table of the counts, as Python data.
    fn table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let table = self.counts.table().map_err(CoreError)?;
        to_py(py, &table)
    }

    /// The counts in their serde form (money as strings of minor units).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.counts)
    }

    /// Counts from their serde form.
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyAny>) -> CoreResult<CohortCounts> {
        Ok(CohortCounts {
            counts: deserialize_input(PyDe::new(data))?,
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "<tenure cohort counts: {} cohorts, last month {}>",
            self.counts.cohorts.len(),
            self.counts
                .last_month
                .map_or_else(|| "none".to_string(), |m| m.to_string())
        )
    }
}

fn counts_of(
    py: Python<'_>,
    columns: &CustomerMonthData<'_>,
    options: &Bound<'_, PyAny>,
) -> PyResult<tenure::CohortCounts> {
    let options: CohortOptions = input(options, "options")?;
    Ok(columns.with_columns(py, |c| tenure::cohort_counts_from_columns(c, &options))?)
}

/// Cohort counts from customer-month columns (read as for the revenue functions: see
/// [`CustomerMonthData::new`]); `options` is a dict of `CohortOptions`.
#[pyfunction]
#[pyo3(signature = (customer, month, month_units, mrr, mrr_kind, options))]
pub fn cohort_counts_columns<'py>(
    py: Python<'py>,
    customer: &Bound<'py, PyAny>,
    month: &Bound<'py, PyAny>,
    month_units: i64,
    mrr: &Bound<'py, PyAny>,
    mrr_kind: &str,
    options: &Bound<'py, PyAny>,
) -> PyResult<CohortCounts> {
    let columns = CustomerMonthData::new(
        customer,
        month,
        month_units,
        mrr,
        mrr_kind,
        &py.None().into_bound(py),
    )?;
    Ok(CohortCounts {
        counts: counts_of(py, &columns, options)?,
    })
}

/// The cohort table of columns (as [`cohort_counts_columns`]), as Python data.
#[pyfunction]
#[pyo3(signature = (customer, month, month_units, mrr, mrr_kind, options))]
pub fn cohort_table_columns<'py>(
    py: Python<'py>,
    customer: &Bound<'py, PyAny>,
    month: &Bound<'py, PyAny>,
    month_units: i64,
    mrr: &Bound<'py, PyAny>,
    mrr_kind: &str,
    options: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let columns = CustomerMonthData::new(
        customer,
        month,
        month_units,
        mrr,
        mrr_kind,
        &py.None().into_bound(py),
    )?;
    let counts = counts_of(py, &columns, options)?;
    let table = counts.table().map_err(CoreError)?;
    to_py(py, &table)
}

/// The notebook heatmap of a cohort table given in its Python form (the core's serde shape).
#[pyfunction]
pub fn cohort_table_html(table: &Bound<'_, PyAny>) -> CoreResult<String> {
    let table: html::HeatmapTable = input(table, "")?;
    Ok(html::cohort_heatmap(&table))
}

/// Registers the cohort functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<CohortCounts>()?;
    m.add_function(wrap_pyfunction!(cohort_counts_columns, m)?)?;
    m.add_function(wrap_pyfunction!(cohort_table_columns, m)?)?;
    m.add_function(wrap_pyfunction!(cohort_table_html, m)?)?;
    Ok(())
}
