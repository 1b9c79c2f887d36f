//! The portfolio and the seed's commands for Python: `tenure._tenure.Portfolio`, wrapped by
//! `tenure.Portfolio` (`tenure/_portfolio.py`).
//!
//! A portfolio is read once (Python data through the serde deserializer over Python objects, or
//! JSON text) and validated; every command then runs in the core with the GIL released, and its
//! answer comes back as Python data (dicts in the core's field order, days and amounts as text).

use crate::de::input;
use crate::errors::{CoreError, CoreResult};
use crate::ser::to_py;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use std::sync::Arc;
use tenure::{Command, CommandOptions, CommandRequest, NaiveDate};

/// A validated portfolio of accounts (wrapped by `tenure.Portfolio`).
#[pyclass(name = "Portfolio", module = "tenure._tenure", frozen)]
pub struct Portfolio {
    portfolio: Arc<tenure::PreparedPortfolio>,
}

impl Portfolio {
    fn new(portfolio: tenure::Portfolio) -> CoreResult<Portfolio> {
        Ok(Portfolio {
            portfolio: Arc::new(tenure::PreparedPortfolio::new(portfolio)?),
        })
    }

    /// Runs one command without the GIL; its answer as Python data.
    fn answer<'py>(
        &self,
        py: Python<'py>,
        command: Command,
        account: Option<&str>,
        as_of: NaiveDate,
        options: &CommandOptions,
    ) -> PyResult<Bound<'py, PyAny>> {
        let portfolio = &self.portfolio;
        let output = py
            .detach(|| portfolio.run(command, account, as_of, options))
            .map_err(CoreError)?;
        to_py(py, &output)
    }
}

/// Reads command options (a mapping of `from`, `through`, `period`, `top`; `None`: defaults).
fn options(obj: Option<&Bound<'_, PyAny>>) -> CoreResult<CommandOptions> {
    match obj {
        None => Ok(CommandOptions::default()),
        Some(o) if o.is_none() => Ok(CommandOptions::default()),
        Some(o) => input(o, "options"),
    }
}

#[pymethods]
impl Portfolio {
    /// Reads and validates a portfolio from Python data (dicts, lists, numbers, strings,
    /// `datetime.date`; amounts as numbers, decimal text or `decimal.Decimal`).
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyAny>) -> CoreResult<Portfolio> {
        Portfolio::new(input(data, "")?)
    }

    /// Parses and validates a portfolio from JSON text.
    #[staticmethod]
    fn from_json(text: &str) -> CoreResult<Portfolio> {
        Portfolio::new(tenure::Portfolio::from_json(text)?)
    }

    /// The ids of the accounts, in portfolio order.
    #[getter]
    fn account_ids(&self) -> Vec<String> {
        self.portfolio
            .portfolio()
            .accounts
            .iter()
            .map(|a| a.id.clone())
            .collect()
    }

    /// The names of the commands, in the seed's order.
    #[staticmethod]
    fn commands() -> Vec<&'static str> {
        Command::ALL.iter().map(|c| c.name()).collect()
    }

    /// Runs a command by name (`-` and `_` are the same). `account` is needed by the account
    /// commands; `options` is a mapping of `from`, `through`, `period`, `top` (or `None`).
    #[pyo3(signature = (command, account, as_of, options))]
    fn command<'py>(
        &self,
        py: Python<'py>,
        command: &str,
        account: Option<&str>,
        as_of: &Bound<'py, PyAny>,
        options: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let command = Command::from_name(command).map_err(CoreError)?;
        let as_of: NaiveDate = input(as_of, "as_of")?;
        let options = self::options(options)?;
        self.answer(py, command, account, as_of, &options)
    }

    /// Runs a command request `{"command", "account"?, "as_of", "options"?}`.
    fn run_request<'py>(
        &self,
        py: Python<'py>,
        request: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let request: CommandRequest = input(request, "")?;
        let portfolio = &self.portfolio;
        let output = py
            .detach(|| portfolio.run_request(&request))
            .map_err(CoreError)?;
        to_py(py, &output)
    }

    /// The portfolio as Python data (the core's serde form).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, self.portfolio.portfolio())
    }

    /// The portfolio as JSON text.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(self.portfolio.portfolio())
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    fn __len__(&self) -> usize {
        self.portfolio.portfolio().accounts.len()
    }

    fn __repr__(&self) -> String {
        let ids: Vec<&str> = self
            .portfolio
            .portfolio()
            .accounts
            .iter()
            .take(3)
            .map(|a| a.id.as_str())
            .collect();
        let more = if self.portfolio.portfolio().accounts.len() > ids.len() {
            ", ..."
        } else {
            ""
        };
        let arr = self
            .portfolio
            .portfolio()
            .accounts
            .iter()
            .try_fold(tenure::Decimal::ZERO, |sum, a| sum.checked_add(a.arr))
            .map_or_else(|| "beyond range".to_string(), |d| d.to_string());
        let currency = self
            .portfolio
            .portfolio()
            .currency
            .as_deref()
            .map(|c| format!(" {c}"))
            .unwrap_or_default();
        format!(
            "<tenure portfolio: {} accounts ({}{more}), ARR {arr}{currency}>",
            self.portfolio.portfolio().accounts.len(),
            ids.join(", ")
        )
    }
}

/// Registers the portfolio class.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Portfolio>()?;
    Ok(())
}
