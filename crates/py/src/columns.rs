//! Customer-month columns from Python, read one way for every function that takes them (MRR
//! movements, retention metrics, cohort tables): customer ids by the core's id rule, months as
//! month indices, days or timestamps, MRR as doubles, minor units or exact decimals, and an
//! optional segment per row. The arrays are borrowed without copying and the core runs with the
//! GIL released.

use crate::de::input;
use crate::errors::{CoreError, CoreResult};
use numpy::{PyReadonlyArray1, PyUntypedArrayMethods};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use tenure::{
    CustomerColumn, CustomerIdColumn, CustomerMonthColumns, Decimal, MonthColumn, MrrColumn,
};

/// Customer ids: an int64 array borrowed as it is, or ids read by the core's rule.
enum Customers<'py> {
    Integers(PyReadonlyArray1<'py, i64>),
    Read(CustomerIdColumn),
}

enum Amounts<'py> {
    Floats(PyReadonlyArray1<'py, f64>),
    MinorUnits(PyReadonlyArray1<'py, i64>),
    Decimals(Vec<Decimal>),
}

/// Customer-month columns held for the duration of a call.
pub struct CustomerMonthData<'py> {
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

/// The core's customer id rule, as in every runtime: an int64 array is integer ids; a float64
/// array is whole numbers within ±2^53 (anything else, NaN included, is an `input.parse` error
/// at `customer[i]`); any other sequence of Python values is integer ids when every value is an
/// integer, otherwise text ids, a number standing for its decimal text.
fn customers<'py>(customer: &Bound<'py, PyAny>) -> PyResult<Customers<'py>> {
    if let Ok(a) = customer.extract::<PyReadonlyArray1<'py, i64>>() {
        contiguous(&a, "customer")?;
        return Ok(Customers::Integers(a));
    }
    if let Ok(a) = customer.extract::<PyReadonlyArray1<'py, f64>>() {
        let ids = CustomerIdColumn::from_numbers(a.as_slice()?).map_err(CoreError)?;
        return Ok(Customers::Read(ids));
    }
    let values: Vec<serde_json::Value> = input(customer, "customer")?;
    Ok(Customers::Read(
        CustomerIdColumn::from_values(values).map_err(CoreError)?,
    ))
}

fn amounts<'py>(mrr: &Bound<'py, PyAny>, mrr_kind: &str) -> PyResult<Amounts<'py>> {
    match mrr_kind {
        "float" => {
            let a: PyReadonlyArray1<'py, f64> = mrr.extract()?;
            contiguous(&a, "mrr")?;
            Ok(Amounts::Floats(a))
        }
        "minor" => {
            let a: PyReadonlyArray1<'py, i64> = mrr.extract()?;
            contiguous(&a, "mrr")?;
            Ok(Amounts::MinorUnits(a))
        }
        "decimal" => {
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
            Ok(Amounts::Decimals(out))
        }
        other => Err(PyTypeError::new_err(format!(
            "mrr_kind is \"float\", \"minor\" or \"decimal\", not {other:?}"
        ))),
    }
}

impl<'py> CustomerMonthData<'py> {
    /// Reads the columns: `customer` (see [`customers`]), `month` an int64 array of month
    /// indices (months since 1970-01, `month_units` 0), of days (`month_units` 1) or of
    /// timestamps with `month_units` units a day, `mrr` a float64 array (`mrr_kind="float"`), an
    /// int64 array of minor units (`"minor"`) or a list of decimal strings (`"decimal"`),
    /// `segment` a list of str/None or None.
    pub fn new(
        customer: &Bound<'py, PyAny>,
        month: &Bound<'py, PyAny>,
        month_units: i64,
        mrr: &Bound<'py, PyAny>,
        mrr_kind: &str,
        segment: &Bound<'py, PyAny>,
    ) -> PyResult<Self> {
        let customers = customers(customer)?;
        let months: PyReadonlyArray1<'py, i64> = month.extract()?;
        contiguous(&months, "month")?;
        let amounts = amounts(mrr, mrr_kind)?;
        let segments = if segment.is_none() {
            None
        } else {
            Some(segment.extract::<Vec<Option<String>>>()?)
        };
        Ok(CustomerMonthData {
            customers,
            months,
            month_units,
            amounts,
            segments,
        })
    }

    /// Runs `f` over the columns with the GIL released.
    pub fn with_columns<T: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(CustomerMonthColumns<'_>) -> tenure::Result<T> + Send,
    ) -> CoreResult<T> {
        let texts: Vec<&str> = match &self.customers {
            Customers::Read(CustomerIdColumn::Texts(v)) => v.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        };
        let customer = match &self.customers {
            Customers::Integers(a) => CustomerColumn::Integers(a.as_slice().unwrap_or(&[])),
            Customers::Read(CustomerIdColumn::Integers(v)) => CustomerColumn::Integers(v),
            Customers::Read(CustomerIdColumn::Texts(_)) => CustomerColumn::Texts(&texts),
        };
        let segments: Option<Vec<Option<&str>>> = self
            .segments
            .as_ref()
            .map(|v| v.iter().map(Option::as_deref).collect());
        let raw_months = self.months.as_slice().unwrap_or(&[]);
        let month = match self.month_units {
            0 => MonthColumn::Indices(raw_months),
            1 => MonthColumn::Days(raw_months),
            units => MonthColumn::Timestamps {
                values: raw_months,
                units_per_day: units,
            },
        };
        let mrr = match &self.amounts {
            Amounts::Floats(a) => MrrColumn::Floats(a.as_slice().unwrap_or(&[])),
            Amounts::MinorUnits(a) => MrrColumn::MinorUnits(a.as_slice().unwrap_or(&[])),
            Amounts::Decimals(v) => MrrColumn::Decimals(v),
        };
        py.detach(|| {
            f(CustomerMonthColumns {
                customer,
                month,
                mrr,
                segment: segments.as_deref(),
            })
        })
        .map_err(CoreError)
    }
}
