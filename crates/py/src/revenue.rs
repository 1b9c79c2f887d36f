//! Revenue math for Python: customer-month MRR, MRR movements, movement detail, retention
//! metrics and merging of partial movements. Row inputs (periods, snapshots) arrive as Python
//! data through the serde deserializer; customer-month columns arrive as NumPy arrays and are
//! read without copying, with the GIL released.

use crate::de::PyDe;
use crate::errors::{CoreError, CoreResult};
use crate::ser::to_py;
use numpy::{PyReadonlyArray1, PyUntypedArrayMethods};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use tenure::{
    deserialize_input, movement_detail, mrr_movements, retention_metrics, CustomerColumn,
    CustomerMonthColumns, CustomerMonths, Decimal, MetricsRequest, Month, MonthColumn,
    MonthlyOptions, MrrColumn, MrrMovements, RevenueInput,
};

fn input<T: serde::de::DeserializeOwned>(obj: &Bound<'_, PyAny>, at: &str) -> CoreResult<T> {
    deserialize_input(PyDe(obj)).map_err(|e| CoreError(e.within(at)))
}

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

enum Customers<'py> {
    Integers(PyReadonlyArray1<'py, i64>),
    Texts(Vec<String>),
}

enum Amounts<'py> {
    Floats(PyReadonlyArray1<'py, f64>),
    MinorUnits(PyReadonlyArray1<'py, i64>),
    Decimals(Vec<Decimal>),
}

/// Customer-month columns held for the duration of a call.
struct ColumnData<'py> {
    customers: Customers<'py>,
    months: PyReadonlyArray1<'py, i64>,
    /// 0: month indices; 1: days; otherwise timestamps with this many units a day.
    month_units: i64,
    amounts: Amounts<'py>,
    segments: Option<Vec<Option<String>>>,
}

fn contiguous<T: numpy::Element>(a: &PyReadonlyArray1<'_, T>, name: &str) -> PyResult<()> {
    if a.is_contiguous() {
        Ok(())
    } else {
        Err(PyTypeError::new_err(format!(
            "column `{name}` must be a contiguous array"
        )))
    }
}

impl<'py> ColumnData<'py> {
    fn new(
        customer: &Bound<'py, PyAny>,
        month: &Bound<'py, PyAny>,
        month_units: i64,
        mrr: &Bound<'py, PyAny>,
        mrr_kind: &str,
        segment: &Bound<'py, PyAny>,
    ) -> PyResult<Self> {
        let customers = match customer.extract::<PyReadonlyArray1<'py, i64>>() {
            Ok(a) => {
                contiguous(&a, "customer")?;
                Customers::Integers(a)
            }
            Err(_) => Customers::Texts(customer.extract::<Vec<String>>().map_err(|_| {
                PyTypeError::new_err("customer ids must be an int64 array or a list of str")
            })?),
        };
        let months: PyReadonlyArray1<'py, i64> = month.extract()?;
        contiguous(&months, "month")?;
        let amounts = match mrr_kind {
            "float" => {
                let a: PyReadonlyArray1<'py, f64> = mrr.extract()?;
                contiguous(&a, "mrr")?;
                Amounts::Floats(a)
            }
            "minor" => {
                let a: PyReadonlyArray1<'py, i64> = mrr.extract()?;
                contiguous(&a, "mrr")?;
                Amounts::MinorUnits(a)
            }
            _ => {
                let texts: Vec<String> = mrr.extract()?;
                let mut out = Vec::with_capacity(texts.len());
                for (i, t) in texts.iter().enumerate() {
                    out.push(t.parse::<Decimal>().map_err(|_| {
                        CoreError(
                            tenure::Error::new(
                                tenure::ErrorCode::InputParse,
                                format!("mrr[{i}]"),
                                "not a decimal amount",
                            )
                            .with_value(t.as_str()),
                        )
                    })?);
                }
                Amounts::Decimals(out)
            }
        };
        let segments = if segment.is_none() {
            None
        } else {
            Some(segment.extract::<Vec<Option<String>>>()?)
        };
        Ok(ColumnData {
            customers,
            months,
            month_units,
            amounts,
            segments,
        })
    }

    fn with_customer_months<T: Send>(
        &self,
        py: Python<'_>,
        options: &MonthlyOptions,
        f: impl FnOnce(&CustomerMonths) -> tenure::Result<T> + Send,
    ) -> CoreResult<T> {
        let texts: Vec<&str> = match &self.customers {
            Customers::Texts(v) => v.iter().map(String::as_str).collect(),
            Customers::Integers(_) => Vec::new(),
        };
        let segments: Option<Vec<Option<&str>>> = self
            .segments
            .as_ref()
            .map(|v| v.iter().map(Option::as_deref).collect());
        let customers = match &self.customers {
            Customers::Integers(a) => Some(a.as_slice().unwrap_or(&[])),
            Customers::Texts(_) => None,
        };
        let raw_months = self.months.as_slice().unwrap_or(&[]);
        let month = match self.month_units {
            0 => MonthColumn::Indices(raw_months),
            1 => MonthColumn::Days(raw_months),
            units => MonthColumn::Timestamps {
                values: raw_months,
                units_per_day: units,
            },
        };
        let amounts = match &self.amounts {
            Amounts::Floats(a) => MrrColumn::Floats(a.as_slice().unwrap_or(&[])),
            Amounts::MinorUnits(a) => MrrColumn::MinorUnits(a.as_slice().unwrap_or(&[])),
            Amounts::Decimals(v) => MrrColumn::Decimals(v),
        };
        py.detach(|| {
            let customer = match customers {
                Some(ids) => CustomerColumn::Integers(ids),
                None => CustomerColumn::Texts(&texts),
            };
            let cm = CustomerMonths::from_columns(
                CustomerMonthColumns {
                    customer,
                    month,
                    mrr: amounts,
                    segment: segments.as_deref(),
                },
                options,
            )?;
            f(&cm)
        })
        .map_err(CoreError)
    }
}

/// MRR movements of customer-month columns: `customer` an int64 array or a list of str,
/// `month` an int64 array of month indices (months since 1970-01, `month_units` 0), of days
/// (`month_units` 1) or of timestamps with `month_units` units a day, `mrr` a float64 array
/// (`mrr_kind="float"`), an int64 array of minor units (`"minor"`) or a list of decimal
/// strings (`"decimal"`), `segment` a list of str/None or None; `options` a dict of
/// `MonthlyOptions`.
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
    let columns = ColumnData::new(customer, month, month_units, mrr, mrr_kind, segment)?;
    let movements = columns.with_customer_months(py, &options, mrr_movements)?;
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
    let columns = ColumnData::new(customer, month, month_units, mrr, mrr_kind, segment)?;
    let report =
        columns.with_customer_months(py, &options, |cm| retention_metrics(cm, from, through))?;
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
