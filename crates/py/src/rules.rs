//! Lifecycle rules for Python: `tenure._tenure.RuleEngine`, wrapped by `tenure.RuleSet`.
//!
//! Facts come in as Python data (dicts, lists, numbers, strings, `datetime.date`) through the
//! serde deserializer over Python objects; evaluations go out as dicts. Batches are read under
//! the GIL and evaluated with it released.

use crate::de::PyDe;
use crate::errors::{CoreError, CoreResult};
use crate::ser::to_py;
use numpy::{PyArray1, PyArrayMethods};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use std::sync::Arc;
use tenure::{
    deserialize_fact_columns, deserialize_facts, deserialize_input, deserialize_rules,
    AccountFacts, Error, ErrorCode, FactColumn, NaiveDate,
};

/// A validated, compiled rule set (wrapped by `tenure.RuleSet`).
#[pyclass(name = "RuleEngine", module = "tenure._tenure", frozen)]
pub struct RuleEngine {
    engine: Arc<tenure::RuleEngine>,
}

fn engine(set: tenure::RuleSet) -> CoreResult<RuleEngine> {
    Ok(RuleEngine {
        engine: Arc::new(tenure::RuleEngine::new(set)?),
    })
}

fn as_of(obj: Option<&Bound<'_, PyAny>>) -> CoreResult<Option<NaiveDate>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => deserialize_input(PyDe::new(o))
            .map(Some)
            .map_err(|e| CoreError(e.within("as_of"))),
    }
}

fn facts(obj: &Bound<'_, PyAny>, at: &str) -> CoreResult<AccountFacts> {
    deserialize_facts(PyDe::numbers(obj)).map_err(|e| CoreError(e.within(at)))
}

fn accounts(list: &Bound<'_, PyList>) -> CoreResult<Vec<AccountFacts>> {
    list.iter()
        .enumerate()
        .map(|(i, item)| facts(&item, &format!("[{i}]")))
        .collect()
}

#[pymethods]
impl RuleEngine {
    /// The default rule pack.
    #[staticmethod]
    fn builtin() -> RuleEngine {
        RuleEngine {
            engine: Arc::new(tenure::RuleEngine::builtin()),
        }
    }

    /// Parses and validates a rule set from JSON text.
    #[staticmethod]
    fn from_json(text: &str) -> CoreResult<RuleEngine> {
        engine(tenure::RuleSet::from_json(text)?)
    }

    /// Reads and validates a rule set from Python data.
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyAny>) -> CoreResult<RuleEngine> {
        engine(deserialize_rules(PyDe::numbers(data))?)
    }

    /// The rule set as pretty-printed JSON.
    fn to_json(&self) -> String {
        self.engine.rule_set().to_json()
    }

    /// The rule set as Python data.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, self.engine.rule_set())
    }

    #[getter]
    fn id(&self) -> &str {
        &self.engine.rule_set().id
    }

    #[getter]
    fn version(&self) -> Option<&str> {
        self.engine.rule_set().version.as_deref()
    }

    #[getter]
    fn rule_keys(&self) -> Vec<String> {
        self.engine
            .rule_set()
            .rules
            .iter()
            .map(|r| r.key.clone())
            .collect()
    }

    #[getter]
    fn plays(&self) -> Vec<String> {
        self.engine.plays().to_vec()
    }

    /// Fact keys read by the rules and the kind each is read as.
    fn fact_kinds<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.engine.facts())
    }

    #[getter]
    fn conditions(&self) -> usize {
        self.engine.conditions()
    }

    #[getter]
    fn max_steps(&self) -> u64 {
        self.engine.max_steps()
    }

    /// Evaluates one account's facts, with explanations.
    #[pyo3(signature = (facts, as_of=None))]
    fn evaluate<'py>(
        &self,
        py: Python<'py>,
        facts: &Bound<'py, PyAny>,
        as_of: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let day = self::as_of(as_of)?;
        let facts = self::facts(facts, "")?;
        let evaluation = self.engine.evaluate(&facts, day).map_err(CoreError)?;
        to_py(py, &evaluation)
    }

    /// The plays proposed for one account (no explanations).
    #[pyo3(signature = (facts, as_of=None))]
    fn summarize(
        &self,
        facts: &Bound<'_, PyAny>,
        as_of: Option<&Bound<'_, PyAny>>,
    ) -> CoreResult<Vec<String>> {
        let day = self::as_of(as_of)?;
        let facts = self::facts(facts, "")?;
        Ok(self.engine.summarize(&facts, day)?.plays)
    }

    /// Evaluates many accounts (a list of fact dicts) with the GIL released: explained
    /// (`{"evaluations", "errors"}`) or the summary (`{"rows": [{"plays"}], "errors"}`).
    #[pyo3(signature = (accounts, as_of=None, explain=true))]
    fn evaluate_batch<'py>(
        &self,
        py: Python<'py>,
        accounts: &Bound<'py, PyList>,
        as_of: Option<&Bound<'py, PyAny>>,
        explain: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let day = self::as_of(as_of)?;
        let accounts = self::accounts(accounts)?;
        let engine = self.engine.clone();
        if explain {
            let batch = py.detach(move || engine.evaluate_batch(&accounts, day));
            to_py(py, &batch)
        } else {
            let batch = py.detach(move || engine.summarize_batch(&accounts, day));
            to_py(py, &batch)
        }
    }

    /// The summary of many accounts given as fact columns (a dict: fact key -> NumPy array or
    /// list), with the GIL released. Contiguous `float64` arrays are read as numbers (NaN is
    /// missing), `bool` arrays as booleans; other columns as Python values. `last_fired` maps
    /// plays to a list of days (or `None`) per account. Returns `{"rows": [{"plays"}], "errors"}`.
    #[pyo3(signature = (columns, as_of=None, last_fired=None))]
    fn summarize_columns<'py>(
        &self,
        py: Python<'py>,
        columns: &Bound<'py, PyDict>,
        as_of: Option<&Bound<'py, PyAny>>,
        last_fired: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let day = self::as_of(as_of)?;
        let mut typed = Vec::new();
        let rest = PyDict::new(py);
        for (key, value) in columns.iter() {
            let key: String = key.extract().map_err(|_| {
                CoreError(Error::new(
                    ErrorCode::InputParse,
                    "columns",
                    "column names are strings",
                ))
            })?;
            if let Ok(array) = value.cast::<PyArray1<f64>>() {
                typed.push((
                    key,
                    FactColumn::Numbers(array.readonly().as_array().to_vec()),
                ));
            } else if let Ok(array) = value.cast::<PyArray1<bool>>() {
                let bools = array
                    .readonly()
                    .as_array()
                    .iter()
                    .map(|&b| Some(b))
                    .collect();
                typed.push((key, FactColumn::Bools(bools)));
            } else {
                rest.set_item(key, value)?;
            }
        }
        let parts = PyDict::new(py);
        parts.set_item("columns", rest)?;
        if let Some(fired) = last_fired.filter(|f| !f.is_none()) {
            parts.set_item("last_fired", fired)?;
        }
        let table = deserialize_fact_columns(PyDe::numbers(parts.as_any()))
            .and_then(|t| t.with_columns(typed))
            .map_err(CoreError)?;
        let engine = self.engine.clone();
        let batch = py
            .detach(move || engine.summarize_columns(&table, day))
            .map_err(CoreError)?;
        to_py(py, &batch)
    }

    fn __repr__(&self) -> String {
        let set = self.engine.rule_set();
        format!(
            "RuleSet(id={:?}, rules={}, plays={})",
            set.id,
            set.rules.len(),
            self.engine.plays().len()
        )
    }
}

/// Registers the rule engine and the default pack's JSON.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<RuleEngine>()?;
    m.add("DEFAULT_RULES_JSON", tenure::DEFAULT_RULES_JSON)?;
    Ok(())
}
