//! Revenue math for Python: customer-month MRR, MRR movements, movement detail, retention
//! metrics and merging of partial movements. Row inputs (periods, snapshots) arrive as Python
//! data through the serde deserializer; customer-month columns arrive as NumPy arrays and are
//! read without copying, with the GIL released.

use crate::columns::CustomerMonthData;
use crate::de::input;
use crate::errors::CoreError;
use crate::ser::to_py;
use pyo3::prelude::*;
use tenure::{
    movement_detail, mrr_movements, retention_metrics, CustomerMonths, MetricsRequest, Month,
    MonthlyOptions, MrrMovements, RevenueInput,
};

/// The normalised customer-month MRR of a revenue input (periods or snapshots), as a dict.
#[pyfunction]
fn revenue_customer_months<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let data: RevenueInput = input(data, "")?;
    let cm = py.detach(|| data.customer_months()).map_err(CoreError)?;
    to_py(py, &cm)
}

/// The MRR movements of a revenue input (periods or snapshots), as a dict.
#[pyfunction]
fn revenue_movements<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let data: RevenueInput = input(data, "")?;
    let movements = py
        .detach(|| mrr_movements(&data.customer_months()?))
        .map_err(CoreError)?;
    to_py(py, &movements)
}

/// The per customer-month movements of a revenue input, as a list of dicts.
#[pyfunction]
fn revenue_movement_detail<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let data: RevenueInput = input(data, "")?;
    let detail = py
        .detach(|| movement_detail(&data.customer_months()?))
        .map_err(CoreError)?;
    to_py(py, &detail)
}

/// Retention metrics of a request `{data, from, through}`, as a dict.
#[pyfunction]
fn revenue_retention_metrics<'py>(
    py: Python<'py>,
    request: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let request: MetricsRequest = input(request, "")?;
    let report = py.detach(|| request.run()).map_err(CoreError)?;
    to_py(py, &report)
}

/// Merges partial movements (dicts as returned by the movement functions), left to right.
#[pyfunction]
fn revenue_merge_movements<'py>(
    py: Python<'py>,
    partials: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let partials: Vec<MrrMovements> = input(partials, "partials")?;
    let mut merged: Option<MrrMovements> = None;
    for p in &partials {
        merged = Some(match merged {
            None => p.clone(),
            Some(acc) => acc.merge(p).map_err(CoreError)?,
        });
    }
    to_py(py, &merged)
}

/// MRR movements of customer-month columns (see [`CustomerMonthData::new`]); `options` is a
/// dict of `MonthlyOptions`.
#[pyfunction]
#[pyo3(signature = (customer, month, month_units, mrr, mrr_kind, segment, options))]
#[allow(clippy::too_many_arguments)]
fn revenue_movements_columns<'py>(
    py: Python<'py>,
    customer: &Bound<'py, PyAny>,
    month: &Bound<'py, PyAny>,
    month_units: i64,
    mrr: &Bound<'py, PyAny>,
    mrr_kind: &str,
    segment: &Bound<'py, PyAny>,
    options: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let options: MonthlyOptions = input(options, "options")?;
    let columns = CustomerMonthData::new(customer, month, month_units, mrr, mrr_kind, segment)?;
    let movements = columns.with_columns(py, |c| {
        mrr_movements(&CustomerMonths::from_columns(c, &options)?)
    })?;
    to_py(py, &movements)
}

/// Retention metrics of customer-month columns (see `revenue_movements_columns`) over
/// `from_month..=through` (month strings).
#[pyfunction]
#[pyo3(signature = (customer, month, month_units, mrr, mrr_kind, segment, options, from_month, through))]
#[allow(clippy::too_many_arguments)]
fn revenue_retention_metrics_columns<'py>(
    py: Python<'py>,
    customer: &Bound<'py, PyAny>,
    month: &Bound<'py, PyAny>,
    month_units: i64,
    mrr: &Bound<'py, PyAny>,
    mrr_kind: &str,
    segment: &Bound<'py, PyAny>,
    options: &Bound<'py, PyAny>,
    from_month: &Bound<'py, PyAny>,
    through: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let options: MonthlyOptions = input(options, "options")?;
    let from: Month = input(from_month, "from")?;
    let through: Month = if through.is_none() {
        from
    } else {
        input(through, "through")?
    };
    let columns = CustomerMonthData::new(customer, month, month_units, mrr, mrr_kind, segment)?;
    let report = columns.with_columns(py, |c| {
        retention_metrics(&CustomerMonths::from_columns(c, &options)?, from, through)
    })?;
    to_py(py, &report)
}

/// Registers the revenue functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(revenue_customer_months, m)?)?;
    m.add_function(wrap_pyfunction!(revenue_movements, m)?)?;
    m.add_function(wrap_pyfunction!(revenue_movement_detail, m)?)?;
    m.add_function(wrap_pyfunction!(revenue_retention_metrics, m)?)?;
    m.add_function(wrap_pyfunction!(revenue_merge_movements, m)?)?;
    m.add_function(wrap_pyfunction!(revenue_movements_columns, m)?)?;
    m.add_function(wrap_pyfunction!(revenue_retention_metrics_columns, m)?)?;
    Ok(())
}
