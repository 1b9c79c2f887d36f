//! Runs the shared conformance corpus (`tests/conformance/**/*.json`) against the Rust core.
//!
//! The corpus format is described in `tests/conformance/README.md`; the Python, Node.js and
//! browser test suites run the same files.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stdout,
    missing_docs
)]

#[path = "conformance_rules.rs"]
mod conformance_rules;
mod conformance_survival;
mod lifecycle_ops;
mod portfolio_ops;

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use tenure::{
    blend_human_score, roll_up_products, score_trend, Account, Batch, BatchOptions, Column,
    ErrorCode, HealthModel, HumanAssessment, ProductScore, RollupMethod, ScorePoint, Scorer,
    SegmentedModel, TrendOptions,
};

#[path = "conformance_revenue.rs"]
mod revenue_ops;

fn corpus_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            corpus_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance")
}

/// Resolves a case's model: "builtin", a name from the file's `models`, or an inline object.
fn model_value(case: &Value, models: &Value) -> Value {
    match case.get("model") {
        Some(Value::String(name)) if name == "builtin" => {
            serde_json::from_str(tenure::BUILTIN_MODEL_JSON).unwrap_or(Value::Null)
        }
        Some(Value::String(name)) => models.get(name).cloned().unwrap_or(Value::Null),
        Some(other) => other.clone(),
        None => serde_json::from_str(tenure::BUILTIN_MODEL_JSON).unwrap_or(Value::Null),
    }
}

fn err_json(e: tenure::Error) -> Value {
    json!({"error": {"code": e.code().as_str(), "path": e.path(), "value": e.value()}})
}

fn to_value<T: serde::Serialize>(v: T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn scorer_for(case: &Value, models: &Value) -> Result<Scorer, Value> {
    let model = HealthModel::from_value(model_value(case, models)).map_err(err_json)?;
    Scorer::new(model).map_err(err_json)
}

/// Runs one case and returns its output (or `{"error": ...}`) as JSON.
fn run_case(case: &Value, models: &Value) -> Value {
    let input = case.get("input").cloned().unwrap_or(Value::Null);
    let op = case.get("op").and_then(Value::as_str).unwrap_or("");
    if let Some(output) = revenue_ops::run(op, &input) {
        return output;
    }
    let result = (|| -> Result<Value, Value> {
        match op {
            "validate_model" => {
                HealthModel::from_value(model_value(case, models)).map_err(err_json)?;
                Ok(json!({"valid": true}))
            }
            "validate_model_set" => {
                let text = case
                    .get("model_set")
                    .cloned()
                    .unwrap_or(Value::Null)
                    .to_string();
                SegmentedModel::from_json(&text).map_err(err_json)?;
                Ok(json!({"valid": true}))
            }
            "score" => {
                let scorer = scorer_for(case, models)?;
                let account = Account::from_json(&input.to_string()).map_err(err_json)?;
                Ok(to_value(scorer.score(&account).map_err(err_json)?))
            }
            "score_segmented" => {
                let text = case
                    .get("model_set")
                    .cloned()
                    .unwrap_or(Value::Null)
                    .to_string();
                let set = SegmentedModel::from_json(&text).map_err(err_json)?;
                let scorer = set.scorer().map_err(err_json)?;
                let account = Account::from_json(&input.to_string()).map_err(err_json)?;
                Ok(to_value(scorer.score(&account).map_err(err_json)?))
            }
            "score_batch" => {
                let scorer = scorer_for(case, models)?;
                run_batch(&scorer, &input)
            }
            "blend" => {
                let scorer = scorer_for(case, models)?;
                let computed = input
                    .get("computed")
                    .and_then(Value::as_f64)
                    .unwrap_or(f64::NAN);
                let human: Option<HumanAssessment> = match input.get("human") {
                    None | Some(Value::Null) => None,
                    Some(h) => Some(serde_json::from_value(h.clone()).map_err(
                        |e| json!({"error": {"code": "input.parse", "message": e.to_string()}}),
                    )?),
                };
                let as_of =
                    serde_json::from_value(input.get("as_of").cloned().unwrap_or(Value::Null))
                        .map_err(
                            |e| json!({"error": {"code": "input.parse", "message": e.to_string()}}),
                        )?;
                Ok(to_value(
                    blend_human_score(scorer.tiers(), computed, human.as_ref(), as_of)
                        .map_err(err_json)?,
                ))
            }
            "roll_up" => {
                let scorer = scorer_for(case, models)?;
                let products: Vec<ProductScore> =
                    serde_json::from_value(input.get("products").cloned().unwrap_or(Value::Null))
                        .map_err(
                        |e| json!({"error": {"code": "input.parse", "message": e.to_string()}}),
                    )?;
                let method: RollupMethod = match input.get("method") {
                    None => RollupMethod::default(),
                    Some(m) => serde_json::from_value(m.clone()).map_err(
                        |e| json!({"error": {"code": "input.parse", "message": e.to_string()}}),
                    )?,
                };
                Ok(to_value(
                    roll_up_products(scorer.tiers(), &products, method).map_err(err_json)?,
                ))
            }
            "trend" => {
                let scorer = scorer_for(case, models)?;
                let history: Vec<ScorePoint> =
                    serde_json::from_value(input.get("history").cloned().unwrap_or(Value::Null))
                        .map_err(
                            |e| json!({"error": {"code": "input.parse", "message": e.to_string()}}),
                        )?;
                let as_of =
                    serde_json::from_value(input.get("as_of").cloned().unwrap_or(Value::Null))
                        .map_err(
                            |e| json!({"error": {"code": "input.parse", "message": e.to_string()}}),
                        )?;
                let options: TrendOptions = match input.get("options") {
                    None => TrendOptions::default(),
                    Some(o) => serde_json::from_value(o.clone()).map_err(
                        |e| json!({"error": {"code": "input.parse", "message": e.to_string()}}),
                    )?,
                };
                Ok(to_value(
                    score_trend(&history, as_of, scorer.tiers(), options).map_err(err_json)?,
                ))
            }
            op if lifecycle_ops::OPS.contains(&op) => lifecycle_ops::run(op, case, models),
            other => conformance_survival::run(other, &input)
                .or_else(|| conformance_rules::run(other, case, models))
                .unwrap_or_else(|| {
                    Err(json!({"error": {"code": "corpus.unknown_op", "op": other}}))
                }),
        }
    })();
    result.unwrap_or_else(|e| e)
}

/// Columns in corpus JSON: numbers/null -> Numbers (null = NaN), strings/null -> Texts,
/// booleans/null -> Bools. A column of nulls only is numbers.
enum OwnedColumn {
    Numbers(Vec<f64>),
    Texts(Vec<Option<String>>),
    Bools(Vec<Option<bool>>),
}

fn owned_column(values: &[Value]) -> OwnedColumn {
    let infinity = |v: &Value| matches!(v.as_str(), Some("Infinity" | "-Infinity"));
    if values.iter().any(|v| v.is_string() && !infinity(v)) {
        OwnedColumn::Texts(
            values
                .iter()
                .map(|v| v.as_str().map(String::from))
                .collect(),
        )
    } else if values.iter().any(Value::is_boolean) {
        OwnedColumn::Bools(values.iter().map(Value::as_bool).collect())
    } else {
        OwnedColumn::Numbers(
            values
                .iter()
                .map(|v| match v {
                    Value::String(s) if s == "Infinity" => f64::INFINITY,
                    Value::String(s) if s == "-Infinity" => f64::NEG_INFINITY,
                    other => other.as_f64().unwrap_or(f64::NAN),
                })
                .collect(),
        )
    }
}

fn run_batch(scorer: &Scorer, input: &Value) -> Result<Value, Value> {
    let empty = serde_json::Map::new();
    let columns = input
        .get("columns")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let owned: Vec<(String, OwnedColumn)> = columns
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                owned_column(v.as_array().map(Vec::as_slice).unwrap_or(&[])),
            )
        })
        .collect();
    let mut batch = Batch::new();
    for (key, column) in &owned {
        let column = match column {
            OwnedColumn::Numbers(v) => Column::Numbers(v),
            OwnedColumn::Texts(v) => Column::Texts(v),
            OwnedColumn::Bools(v) => Column::Bools(v),
        };
        batch.insert(key, column).map_err(err_json)?;
    }
    let month = input.get("month").and_then(Value::as_u64).map(|m| m as u32);
    let scores = scorer
        .score_batch(&batch, BatchOptions { month })
        .map_err(err_json)?;
    Ok(json!({
        "rows": to_value(scores.summaries(scorer.model())),
        "errors": scores.errors.iter().map(|e| json!({"row": e.row, "code": e.error.code().as_str(), "path": e.error.path()})).collect::<Vec<_>>(),
    }))
}

/// `expected` is a subset of `actual`: objects by key, arrays element-wise with equal length,
/// numbers by exact f64 equality.
fn matches(expected: &Value, actual: &Value, path: &str, problems: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                match a.get(k) {
                    Some(av) => matches(ev, av, &format!("{path}.{k}"), problems),
                    None if ev.is_null() => {}
                    None => problems.push(format!("{path}.{k}: missing, expected {ev}")),
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                problems.push(format!(
                    "{path}: expected {} items, got {}",
                    e.len(),
                    a.len()
                ));
                return;
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                matches(ev, av, &format!("{path}[{i}]"), problems);
            }
        }
        (Value::Number(e), Value::Number(a)) => {
            if e.as_f64() != a.as_f64() {
                problems.push(format!("{path}: expected {e}, got {a}"));
            }
        }
        (e, a) => {
            if e != a {
                problems.push(format!("{path}: expected {e}, got {a}"));
            }
        }
    }
}

/// Error codes named anywhere in an expectation (`{"code": ...}` objects), e.g. the
/// `input.missing_required` of a failed score or of a batch's row errors.
fn collect_codes(value: &Value, out: &mut std::collections::BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if let Some(code) = map.get("code").and_then(Value::as_str) {
                out.insert(code.to_string());
            }
            map.values().for_each(|v| collect_codes(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_codes(v, out)),
        _ => {}
    }
}

#[test]
fn conformance_corpus() {
    let mut files = Vec::new();
    corpus_files(&corpus_dir(), &mut files);
    assert!(
        !files.is_empty(),
        "no corpus files under {}",
        corpus_dir().display()
    );
    let mut failures = Vec::new();
    let mut names = std::collections::BTreeSet::new();
    let mut health_cases = 0;
    let mut codes_seen = std::collections::BTreeSet::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let doc: Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{}: not JSON: {e}", file.display()));
                continue;
            }
        };
        let models = doc.get("models").cloned().unwrap_or(Value::Null);
        let portfolios = doc.get("portfolios").cloned().unwrap_or(Value::Null);
        let cases = doc
            .get("cases")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for case in &cases {
            let name = case
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string();
            if !names.insert(name.clone()) {
                failures.push(format!("{}: duplicate case name {name}", file.display()));
            }
            if file.components().any(|c| c.as_os_str() == "health") {
                health_cases += 1;
            }
            let op = case.get("op").and_then(Value::as_str).unwrap_or("");
            let actual = if portfolio_ops::OPS.contains(&op) {
                portfolio_ops::run(op, case, &portfolios)
            } else {
                run_case(case, &models)
            };
            let mut problems = Vec::new();
            match (case.get("expect"), case.get("error")) {
                (Some(expect), None) => {
                    collect_codes(expect, &mut codes_seen);
                    if actual.get("error").is_some() && expect.get("error").is_none() {
                        problems.push(format!("unexpected error {}", actual["error"]));
                    } else {
                        matches(expect, &actual, "", &mut problems);
                    }
                }
                (None, Some(error)) => {
                    if let Some(code) = error.get("code").and_then(Value::as_str) {
                        codes_seen.insert(code.to_string());
                    }
                    match actual.get("error") {
                        Some(got) => matches(error, got, "error", &mut problems),
                        None => problems.push(format!("expected error {error}, got {actual}")),
                    }
                }
                _ => problems.push("a case needs exactly one of `expect` and `error`".into()),
            }
            if !problems.is_empty() {
                failures.push(format!(
                    "{} / {name}:\n    {}",
                    file.display(),
                    problems.join("\n    ")
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing case(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        health_cases >= 150,
        "the health corpus has {health_cases} cases, fewer than 150"
    );
    let missing: Vec<&str> = ErrorCode::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !codes_seen.contains(*c))
        .collect();
    assert!(
        missing.is_empty(),
        "error codes without a corpus case: {missing:?}"
    );
}
