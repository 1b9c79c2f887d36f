//! Lifecycle timelines and the churn taxonomy: one native function per core function. Each
//! reads its input object (a dict built by `tenure/_lifecycle.py` from keyword arguments),
//! calls the core with the GIL released, and returns the result as Python data.

use crate::de::input;
use crate::errors::CoreError;
use crate::health::Model;
use crate::ser::to_py;
use pyo3::prelude::*;
use tenure::{
    ActivityFacts, ChurnEvent, ChurnTaxonomy, OnboardingInput, RenewalInput, SaveOutcomesInput,
    SurpriseChurnInput, TouchCadenceInput, WinBackInput,
};

/// Reads `obj` as `T`, runs `f` without the GIL, returns its result as Python data.
fn call<'py, T, R>(
    py: Python<'py>,
    obj: &Bound<'py, PyAny>,
    f: impl FnOnce(&T) -> tenure::Result<R> + Send,
) -> PyResult<Bound<'py, PyAny>>
where
    T: serde::de::DeserializeOwned + Sync,
    R: serde::Serialize + Send,
{
    let value: T = input(obj, "")?;
    let result = py.detach(|| f(&value)).map_err(CoreError)?;
    to_py(py, &result)
}

/// The taxonomy given (validated) or the seed's.
fn taxonomy(obj: &Bound<'_, PyAny>) -> PyResult<ChurnTaxonomy> {
    let custom: Option<ChurnTaxonomy> = input(obj, "taxonomy")?;
    Ok(ChurnTaxonomy::or_seed(custom).map_err(CoreError)?)
}

/// Renewal prep timeline (`RenewalInput` in, `RenewalPlan` out).
#[pyfunction]
fn renewal_prep<'py>(py: Python<'py>, data: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(py, data, |i: &RenewalInput| tenure::renewal_prep(i))
}

/// Win-back plan (`WinBackInput` in, `WinBackPlan` out).
#[pyfunction]
fn win_back_plan<'py>(py: Python<'py>, data: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(py, data, |i: &WinBackInput| tenure::win_back_plan(i))
}

/// Touch cadence by ARR tier (`TouchCadenceInput` in, `TouchCadence` out).
#[pyfunction]
fn touch_cadence<'py>(py: Python<'py>, data: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(py, data, |i: &TouchCadenceInput| tenure::touch_cadence(i))
}

/// Onboarding plan (`OnboardingInput` in, `OnboardingPlan` out).
#[pyfunction]
fn onboarding_plan<'py>(py: Python<'py>, data: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(py, data, |i: &OnboardingInput| tenure::onboarding_plan(i))
}

/// Engagement level (`ActivityFacts` in, `EngagementAssessment` out).
#[pyfunction]
fn engagement_level<'py>(py: Python<'py>, data: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(py, data, |i: &ActivityFacts| tenure::engagement_level(i))
}

/// The seed's churn taxonomy.
#[pyfunction]
fn churn_taxonomy(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    to_py(py, &ChurnTaxonomy::seed())
}

/// Classifies one churn event.
#[pyfunction]
fn classify_churn<'py>(
    py: Python<'py>,
    event: &Bound<'py, PyAny>,
    taxonomy_obj: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let taxonomy = taxonomy(taxonomy_obj)?;
    let event: ChurnEvent = input(event, "event")?;
    let churn = tenure::classify_churn(&taxonomy, &event).map_err(CoreError)?;
    to_py(py, &churn)
}

/// Churn-reason analysis over events.
#[pyfunction]
fn churn_reason_analysis<'py>(
    py: Python<'py>,
    events: &Bound<'py, PyAny>,
    taxonomy_obj: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let taxonomy = taxonomy(taxonomy_obj)?;
    let events: Vec<ChurnEvent> = input(events, "events")?;
    let analysis = py
        .detach(|| tenure::churn_reason_analysis(&taxonomy, &events))
        .map_err(CoreError)?;
    to_py(py, &analysis)
}

/// Surprise churn, with the tiers of `model`.
#[pyfunction]
fn surprise_churn<'py>(
    py: Python<'py>,
    model: &Model,
    data: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let tiers = model.scorer.tiers();
    call(py, data, |i: &SurpriseChurnInput| {
        tenure::surprise_churn(tiers, i)
    })
}

/// Save outcomes (`SaveOutcomesInput` in, `SaveOutcomes` out).
#[pyfunction]
fn save_outcomes<'py>(py: Python<'py>, data: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    call(py, data, |i: &SaveOutcomesInput| tenure::save_outcomes(i))
}

/// Adds the lifecycle functions to the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(renewal_prep, m)?)?;
    m.add_function(wrap_pyfunction!(win_back_plan, m)?)?;
    m.add_function(wrap_pyfunction!(touch_cadence, m)?)?;
    m.add_function(wrap_pyfunction!(onboarding_plan, m)?)?;
    m.add_function(wrap_pyfunction!(engagement_level, m)?)?;
    m.add_function(wrap_pyfunction!(churn_taxonomy, m)?)?;
    m.add_function(wrap_pyfunction!(classify_churn, m)?)?;
    m.add_function(wrap_pyfunction!(churn_reason_analysis, m)?)?;
    m.add_function(wrap_pyfunction!(surprise_churn, m)?)?;
    m.add_function(wrap_pyfunction!(save_outcomes, m)?)?;
    m.add_function(wrap_pyfunction!(churn_reason_analysis_columns, m)?)?;
    m.add_function(wrap_pyfunction!(surprise_churn_columns, m)?)?;
    m.add("CHURN_TAXONOMY_JSON", tenure::CHURN_TAXONOMY_JSON)?;
    Ok(())
}

/// Churn events given as columns (`account`, `date` as ISO days, `category`, `sub_reason`,
/// `arr` as decimal text), as the Python layer reads them from a pandas or polars DataFrame.
type EventColumns = (
    Vec<String>,
    Vec<String>,
    Vec<Option<String>>,
    Vec<Option<String>>,
    Vec<String>,
);

fn column_length(at: &str, column: &str, len: usize, expected: usize) -> tenure::Error {
    tenure::Error::new(
        tenure::ErrorCode::InputColumnLength,
        format!("{at}.{column}"),
        format!("column `{column}` has {len} rows, expected {expected}"),
    )
    .with_value(len)
}

fn parse_day(text: &str, at: &str, column: &str, row: usize) -> tenure::Result<tenure::NaiveDate> {
    text.parse().map_err(|_| {
        tenure::Error::new(
            tenure::ErrorCode::InputParse,
            format!("{at}.{column}[{row}]"),
            "expected a day as YYYY-MM-DD",
        )
        .with_value(text)
    })
}

/// Builds the events of the columns (translation only: each row becomes one event).
fn events_of(columns: EventColumns) -> tenure::Result<Vec<ChurnEvent>> {
    let (accounts, dates, categories, subs, arrs) = columns;
    let n = accounts.len();
    for (name, len) in [
        ("date", dates.len()),
        ("category", categories.len()),
        ("sub_reason", subs.len()),
        ("arr", arrs.len()),
    ] {
        if len != n {
            return Err(column_length("events", name, len, n));
        }
    }
    let mut out = Vec::with_capacity(n);
    for (row, ((((account, date), category), sub_reason), arr)) in accounts
        .into_iter()
        .zip(dates)
        .zip(categories)
        .zip(subs)
        .zip(arrs)
        .enumerate()
    {
        let arr = arr.parse::<tenure::Decimal>().map_err(|_| {
            tenure::Error::new(
                tenure::ErrorCode::InputParse,
                format!("events.arr[{row}]"),
                "expected an amount",
            )
            .with_value(arr.as_str())
        })?;
        out.push(ChurnEvent {
            account,
            date: parse_day(&date, "events", "date", row)?,
            category,
            sub_reason,
            arr,
        });
    }
    Ok(out)
}

/// Churn-reason analysis over events given as columns (a DataFrame).
#[pyfunction]
fn churn_reason_analysis_columns<'py>(
    py: Python<'py>,
    columns: EventColumns,
    taxonomy_obj: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let taxonomy = taxonomy(taxonomy_obj)?;
    let analysis = py
        .detach(|| {
            let events = events_of(columns)?;
            tenure::churn_reason_analysis(&taxonomy, &events)
        })
        .map_err(CoreError)?;
    to_py(py, &analysis)
}

/// Surprise churn over events and a long score history (`account`, `date`, `score` columns),
/// both given as columns (DataFrames).
#[pyfunction]
fn surprise_churn_columns<'py>(
    py: Python<'py>,
    model: &Model,
    events: EventColumns,
    history: (Vec<String>, Vec<String>, Vec<f64>),
    options: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let options: tenure::SurpriseChurnOptions = input(options, "options")?;
    let tiers = model.scorer.tiers();
    let result = py
        .detach(|| {
            let events = events_of(events)?;
            let (accounts, dates, scores) = history;
            for (name, len) in [("date", dates.len()), ("score", scores.len())] {
                if len != accounts.len() {
                    return Err(column_length("histories", name, len, accounts.len()));
                }
            }
            // Rows of one account keep their order; accounts in order of first appearance.
            let mut order: Vec<tenure::AccountHistory> = Vec::new();
            let mut index: std::collections::BTreeMap<String, usize> = Default::default();
            for (row, ((account, date), score)) in
                accounts.into_iter().zip(dates).zip(scores).enumerate()
            {
                let point = tenure::ScorePoint {
                    date: parse_day(&date, "histories", "date", row)?,
                    score,
                };
                let slot = *index.entry(account.clone()).or_insert_with(|| {
                    order.push(tenure::AccountHistory {
                        account,
                        history: Vec::new(),
                    });
                    order.len() - 1
                });
                if let Some(h) = order.get_mut(slot) {
                    h.history.push(point);
                }
            }
            let data = SurpriseChurnInput {
                events,
                histories: order,
                options,
            };
            tenure::surprise_churn(tiers, &data)
        })
        .map_err(CoreError)?;
    to_py(py, &result)
}
