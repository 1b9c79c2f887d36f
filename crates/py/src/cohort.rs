//! Cohort tables for Python: NumPy columns in (customer ids, month indices, MRR), the core's
//! table out as Python data, and mergeable partial counts. DataFrames, the heatmap and the
//! column conversions are in `tenure/_cohort.py`.

use crate::de::PyDe;
use crate::errors::{CoreError, CoreResult};
use crate::ser::to_py;
use numpy::PyReadonlyArray1;
use pyo3::prelude::*;
use tenure::{
    deserialize_input, CohortOptions, CustomerColumn, CustomerMonthColumns, MonthColumn, MrrColumn,
};

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
            counts: deserialize_input(PyDe(data))?,
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

/// Customer ids: int64 array, or a list of strings.
#[derive(FromPyObject)]
pub enum Customers<'py> {
    Integers(PyReadonlyArray1<'py, i64>),
    Texts(Vec<String>),
}

fn counts_of(
    py: Python<'_>,
    customer: &Customers<'_>,
    month: &PyReadonlyArray1<'_, i64>,
    mrr: &PyReadonlyArray1<'_, f64>,
    options: &Bound<'_, PyAny>,
) -> PyResult<tenure::CohortCounts> {
    let options: CohortOptions =
        deserialize_input(PyDe(options)).map_err(|e| CoreError(e.within("options")))?;
    let months = month.as_slice()?;
    let amounts = mrr.as_slice()?;
    let texts: Vec<&str>;
    let ids = match customer {
        Customers::Integers(a) => CustomerColumn::Integers(a.as_slice()?),
        Customers::Texts(v) => {
            texts = v.iter().map(String::as_str).collect();
            CustomerColumn::Texts(&texts)
        }
    };
    let result = py.detach(|| {
        tenure::cohort_counts_from_columns(
            CustomerMonthColumns {
                customer: ids,
                month: MonthColumn::Indices(months),
                mrr: MrrColumn::Floats(amounts),
                segment: None,
            },
            &options,
        )
    });
    Ok(result.map_err(CoreError)?)
}

/// Cohort counts from columns: customer ids, month indices (months since 1970-01, NumPy's
/// `datetime64[M]`), MRR as doubles; `options` is a dict of `CohortOptions`.
#[pyfunction]
pub fn cohort_counts_columns(
    py: Python<'_>,
    customer: Customers<'_>,
    month: PyReadonlyArray1<'_, i64>,
    mrr: PyReadonlyArray1<'_, f64>,
    options: &Bound<'_, PyAny>,
) -> PyResult<CohortCounts> {
    Ok(CohortCounts {
        counts: counts_of(py, &customer, &month, &mrr, options)?,
    })
}

/// The cohort table of columns (as [`cohort_counts_columns`]), as Python data.
#[pyfunction]
pub fn cohort_table_columns<'py>(
    py: Python<'py>,
    customer: Customers<'py>,
    month: PyReadonlyArray1<'py, i64>,
    mrr: PyReadonlyArray1<'py, f64>,
    options: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let counts = counts_of(py, &customer, &month, &mrr, options)?;
    let table = counts.table().map_err(CoreError)?;
    to_py(py, &table)
}
