//! Health scoring for Python: `tenure._tenure.Model` (wrapped by `tenure.HealthModel`), the
//! segmented model (wrapped by `tenure.SegmentedModel`), `tenure.HealthScore`, batch scoring
//! (`batch.rs`: NumPy columns, Arrow streams, account records) and the functions that use a
//! model's tiers (blends, roll-ups, trends).

mod batch;

use crate::de::{input, number_input, PyDe};
use crate::errors::{to_pyerr, CoreError, CoreResult};
use crate::html;
use crate::ser::to_py;
use batch::{
    arrow_out, holders_from_arrow, holders_from_tuples, month_option, numpy_out, score_holders,
    STATUS_KEYS,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use pyo3_arrow::input::AnyRecordBatch;
use pyo3_arrow::PyTable;
use std::sync::Arc;
use tenure::{
    deserialize_model, Account, BatchScores, Error, HealthModel, HumanAssessment, NaiveDate,
    ProductScore, RollupMethod, ScorePoint, Scorer, SegmentedScorer, TrendOptions,
};

/// A validated, compiled health model (wrapped by `tenure.HealthModel`).
#[pyclass(name = "Model", module = "tenure._tenure", frozen)]
pub struct Model {
    pub(crate) scorer: Scorer,
    model: Arc<HealthModel>,
}

impl Model {
    fn new(model: HealthModel) -> CoreResult<Model> {
        let scorer = Scorer::new(model)?;
        let model = Arc::new(scorer.model().clone());
        Ok(Model { scorer, model })
    }

    fn wrap(&self, score: tenure::HealthScore) -> HealthScore {
        HealthScore {
            score,
            route: None,
            model: Some(self.model.clone()),
        }
    }

    /// The batch result as `(table_or_arrays, errors, explanations)`.
    fn batch_result<'py>(
        &self,
        py: Python<'py>,
        scores: BatchScores,
        explanations: Option<Vec<tenure::HealthScore>>,
        arrow: bool,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let errors = PyList::empty(py);
        for e in &scores.errors {
            errors.append((e.row, to_py(py, &e.error)?))?;
        }
        let explanations = match explanations {
            None => py.None().into_bound(py),
            Some(list) => PyList::new(
                py,
                list.into_iter()
                    .map(|s| Bound::new(py, self.wrap(s)))
                    .collect::<PyResult<Vec<_>>>()?,
            )?
            .into_any(),
        };
        let out = if arrow {
            let batch = arrow_out(scores, &self.tier_keys())
                .map_err(|e| PyValueError::new_err(e.to_string()))?;
            let schema = batch.schema();
            Bound::new(py, PyTable::try_new(vec![batch], schema)?)?.into_any()
        } else {
            numpy_out(py, scores)?.into_any()
        };
        PyTuple::new(py, [out, errors.into_any(), explanations])
    }

    fn tier_keys(&self) -> Vec<String> {
        self.model.tiers.iter().map(|t| t.key.clone()).collect()
    }
}

#[pymethods]
impl Model {
    /// The built-in model.
    #[staticmethod]
    fn builtin() -> CoreResult<Model> {
        Model::new(HealthModel::builtin())
    }

    /// Parses and validates a model from JSON text.
    #[staticmethod]
    fn from_json(text: &str) -> CoreResult<Model> {
        Model::new(HealthModel::from_json(text)?)
    }

    /// Reads and validates a model from Python data (dicts, lists, numbers, strings).
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyAny>) -> CoreResult<Model> {
        Model::new(deserialize_model(PyDe::numbers(data))?)
    }

    /// The model as pretty-printed JSON.
    fn to_json(&self) -> String {
        self.model.to_json()
    }

    /// The model as Python data.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, self.model.as_ref())
    }

    #[getter]
    fn id(&self) -> &str {
        &self.model.id
    }

    #[getter]
    fn version(&self) -> &str {
        &self.model.version
    }

    #[getter]
    fn label(&self) -> Option<&str> {
        self.model.label.as_deref()
    }

    #[getter]
    fn input_keys(&self) -> Vec<String> {
        self.scorer.input_keys().to_vec()
    }

    #[getter(tier_keys)]
    fn py_tier_keys(&self) -> Vec<String> {
        self.tier_keys()
    }

    /// Scores one account (a dict with `inputs` and optional `id`, `attributes`, `as_of`).
    fn score(&self, account: &Bound<'_, PyAny>) -> CoreResult<HealthScore> {
        let account: Account = number_input(account, "")?;
        Ok(self.wrap(self.scorer.score(&account)?))
    }

    /// Scores normalised columns (see `tenure._frames`).
    #[pyo3(signature = (columns, month, explain, arrow))]
    fn score_columns<'py>(
        &self,
        py: Python<'py>,
        columns: &Bound<'py, PyList>,
        month: Option<i64>,
        explain: bool,
        arrow: bool,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let options = month_option(month)?;
        let holders = holders_from_tuples(columns)?;
        let (scores, explanations) = score_holders(py, &self.scorer, &holders, options, explain)?;
        drop(holders);
        self.batch_result(py, scores, explanations, arrow)
    }

    /// Scores any object with `__arrow_c_stream__` or `__arrow_c_array__` (a pyarrow Table or
    /// RecordBatch, a polars DataFrame, ...); the result is an Arrow table.
    #[pyo3(signature = (data, month, explain))]
    fn score_arrow<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
        month: Option<i64>,
        explain: bool,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let options = month_option(month)?;
        let input: AnyRecordBatch = data.extract()?;
        let table = input.into_table()?;
        let (batches, schema) = table.into_inner();
        let holders: batch::Holders<'_> = py
            .detach(|| holders_from_arrow(&schema, &batches))
            .map_err(CoreError)?
            .into_iter()
            .map(|(key, h)| (key, h.into()))
            .collect();
        let (scores, explanations) = score_holders(py, &self.scorer, &holders, options, explain)?;
        drop(holders);
        drop(batches);
        self.batch_result(py, scores, explanations, true)
    }

    /// Scores a sequence of account dicts through the batch path.
    #[pyo3(signature = (accounts, month, explain, arrow))]
    fn score_records<'py>(
        &self,
        py: Python<'py>,
        accounts: &Bound<'py, PyAny>,
        month: Option<i64>,
        explain: bool,
        arrow: bool,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let options = month_option(month)?;
        let mut parsed: Vec<Account> = Vec::new();
        for (row, item) in accounts.try_iter()?.enumerate() {
            parsed.push(number_input(&item?, &format!("[{row}]"))?);
        }
        let scorer = &self.scorer;
        let (scores, explanations) = py
            .detach(|| -> Result<_, Error> {
                let scores = scorer.score_records(&parsed, options)?;
                let explanations = if explain {
                    let as_of = options
                        .month
                        .and_then(|m| NaiveDate::from_ymd_opt(2000, m, 1));
                    Some(
                        parsed
                            .iter()
                            .map(|a| scorer.score(&Account { as_of, ..a.clone() }))
                            .collect::<Result<Vec<_>, Error>>()?,
                    )
                } else {
                    None
                };
                Ok((scores, explanations))
            })
            .map_err(CoreError)?;
        self.batch_result(py, scores, explanations, arrow)
    }

    fn __repr__(&self) -> String {
        format!(
            "<tenure model {:?} version {:?}: {} dimensions, {} inputs>",
            self.model.id,
            self.model.version,
            self.model.dimensions.len(),
            self.scorer.input_keys().len()
        )
    }
}

/// A health score with its explanation.
#[pyclass(name = "HealthScore", module = "tenure", frozen)]
pub struct HealthScore {
    score: tenure::HealthScore,
    /// For scores of a segmented model: the index of the route taken (`None`: the default).
    route: Option<Option<usize>>,
    /// The model, for labels in the HTML rendering.
    model: Option<Arc<HealthModel>>,
}

#[pymethods]
impl HealthScore {
    /// Account id, when given.
    #[getter]
    fn account(&self) -> Option<&str> {
        self.score.account.as_deref()
    }

    /// Id of the model used.
    #[getter]
    fn model(&self) -> &str {
        &self.score.model
    }

    /// `scored`, `insufficient_data` or `failed`.
    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.score.status)
    }

    /// Composite 0-100 rounded to 0.1, `None` unless scored.
    #[getter]
    fn composite(&self) -> Option<f64> {
        self.score.composite
    }

    /// Key of the tier, `None` unless scored.
    #[getter]
    fn tier(&self) -> Option<&str> {
        self.score.tier.as_ref().map(|t| t.key.as_str())
    }

    /// Human-readable name of the tier.
    #[getter]
    fn tier_label(&self) -> Option<&str> {
        self.score.tier.as_ref().and_then(|t| t.label.as_deref())
    }

    /// Display colour of the tier.
    #[getter]
    fn tier_colour(&self) -> Option<&str> {
        self.score.tier.as_ref().and_then(|t| t.colour.as_deref())
    }

    /// Share (0-1) of the model's weight whose inputs were observed.
    #[getter]
    fn coverage(&self) -> f64 {
        self.score.coverage
    }

    /// Per dimension and signal: input, band, points, effective weight, contribution.
    #[getter]
    fn dimensions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.score.dimensions)
    }

    /// The next tier up and the points needed, when scored below the top tier.
    #[getter]
    fn next_tier<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.score.next_tier)
    }

    /// The dimension whose improvement would lift the composite most.
    #[getter]
    fn top_lift(&self) -> Option<&str> {
        self.score.top_lift.as_deref()
    }

    /// Inputs that were present but unusable (treated as missing).
    #[getter]
    fn issues<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.score.issues)
    }

    /// The error that stopped scoring when the status is `failed` (a `tenure.InputError`).
    #[getter]
    fn error<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyAny>> {
        self.score
            .error
            .as_ref()
            .map(|e| to_pyerr(py, e).into_value(py).into_bound(py).into_any())
    }

    /// For a segmented model's score: index of the route taken, `None` for the default model.
    #[getter]
    fn route(&self) -> Option<usize> {
        self.route.flatten()
    }

    /// The score in the core's serde form (the JSON shape), as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let body = to_py(py, &self.score)?;
        match self.route {
            None => Ok(body),
            Some(route) => {
                let out = PyDict::new(py);
                out.set_item("route", route)?;
                out.update(body.cast::<pyo3::types::PyMapping>()?)?;
                Ok(out.into_any())
            }
        }
    }

    fn __repr__(&self) -> String {
        html::repr(&self.score)
    }

    fn _repr_html_(&self) -> String {
        html::render(&self.score, self.model.as_deref())
    }
}

/// Several health models and the routes that choose one per account.
#[pyclass(name = "SegmentedModel", module = "tenure._tenure", frozen)]
pub struct SegmentedModel {
    set: tenure::SegmentedModel,
    scorer: SegmentedScorer,
    models: Vec<Arc<HealthModel>>,
}

impl SegmentedModel {
    fn new(set: tenure::SegmentedModel) -> CoreResult<SegmentedModel> {
        let scorer = set.scorer()?;
        let models = set.models.iter().cloned().map(Arc::new).collect();
        Ok(SegmentedModel {
            set,
            scorer,
            models,
        })
    }
}

#[pymethods]
impl SegmentedModel {
    /// Parses and validates a model set from JSON text.
    #[staticmethod]
    fn from_json(text: &str) -> CoreResult<SegmentedModel> {
        SegmentedModel::new(tenure::SegmentedModel::from_json(text)?)
    }

    /// Reads and validates a model set from Python data.
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyAny>) -> CoreResult<SegmentedModel> {
        SegmentedModel::new(tenure::SegmentedModel::from_deserializer(PyDe::numbers(
            data,
        ))?)
    }

    /// Reads and validates a model set from a JSON file.
    #[staticmethod]
    fn from_file(path: std::path::PathBuf) -> PyResult<SegmentedModel> {
        let text = std::fs::read_to_string(&path)?;
        Ok(SegmentedModel::from_json(&text)?)
    }

    /// Identifier of the set.
    #[getter]
    fn id(&self) -> &str {
        &self.set.id
    }

    /// Ids of the models of the set.
    #[getter]
    fn model_ids(&self) -> Vec<String> {
        self.set.models.iter().map(|m| m.id.clone()).collect()
    }

    /// Scores an account with the model its attributes choose; `route` tells which route.
    fn score(&self, account: &Bound<'_, PyAny>) -> CoreResult<HealthScore> {
        let account: Account = number_input(account, "")?;
        let scored = self.scorer.score(&account)?;
        let model = self
            .models
            .iter()
            .find(|m| m.id == scored.score.model)
            .cloned();
        Ok(HealthScore {
            score: scored.score,
            route: Some(scored.route),
            model,
        })
    }

    /// The model set as Python data.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.set)
    }

    /// The model set as JSON text.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string_pretty(&self.set).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    fn __repr__(&self) -> String {
        format!(
            "<tenure segmented model {:?}: models {:?}, {} routes, default {:?}>",
            self.set.id,
            self.model_ids(),
            self.set.routes.len(),
            self.set.default_model
        )
    }
}

/// Blends a computed score with a human assessment valid on `as_of`.
#[pyfunction]
fn blend_human_score<'py>(
    py: Python<'py>,
    model: &Model,
    computed: f64,
    human: &Bound<'py, PyAny>,
    as_of: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let human: Option<HumanAssessment> = if human.is_none() {
        None
    } else {
        Some(input(human, "human")?)
    };
    let as_of: NaiveDate = input(as_of, "as_of")?;
    let blended = tenure::blend_human_score(model.scorer.tiers(), computed, human.as_ref(), as_of)
        .map_err(CoreError)?;
    to_py(py, &blended)
}

/// Rolls product scores up into one account score.
#[pyfunction]
fn roll_up_products<'py>(
    py: Python<'py>,
    model: &Model,
    products: &Bound<'py, PyAny>,
    method: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let products: Vec<ProductScore> = input(products, "products")?;
    let method: RollupMethod = if method.is_none() {
        RollupMethod::default()
    } else {
        input(method, "method")?
    };
    let rolled =
        tenure::roll_up_products(model.scorer.tiers(), &products, method).map_err(CoreError)?;
    to_py(py, &rolled)
}

/// Analyses a score history as of a day.
#[pyfunction]
fn score_trend<'py>(
    py: Python<'py>,
    model: &Model,
    history: &Bound<'py, PyAny>,
    as_of: &Bound<'py, PyAny>,
    options: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let history: Vec<ScorePoint> = input(history, "history")?;
    let as_of: NaiveDate = input(as_of, "as_of")?;
    let options: TrendOptions = input(options, "options")?;
    let trend =
        tenure::score_trend(&history, as_of, model.scorer.tiers(), options).map_err(CoreError)?;
    to_py(py, &trend)
}

/// Registers the health classes and functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Model>()?;
    m.add_class::<HealthScore>()?;
    m.add_class::<SegmentedModel>()?;
    m.add_function(wrap_pyfunction!(blend_human_score, m)?)?;
    m.add_function(wrap_pyfunction!(roll_up_products, m)?)?;
    m.add_function(wrap_pyfunction!(score_trend, m)?)?;
    m.add("BUILTIN_MODEL_JSON", tenure::BUILTIN_MODEL_JSON)?;
    m.add("STATUS_KEYS", STATUS_KEYS.to_vec())?;
    Ok(())
}
