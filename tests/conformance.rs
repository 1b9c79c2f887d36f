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

mod conformance_ops;

use conformance_ops::{cohort, health, lifecycle, portfolio, revenue, rules, survival};
use conformance_ops::{Case, Operation};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use tenure::ErrorCode;

/// Every operation of the corpus, by the name a case's `op` gives. Adding an operation to the
/// corpus adds one line here (and its function in the area's module of `conformance_ops`).
const OPERATIONS: &[(&str, Operation)] = &[
    ("validate_model", health::validate_model),
    ("validate_model_set", health::validate_model_set),
    ("score", health::score),
    ("score_segmented", health::score_segmented),
    ("score_batch", health::score_batch),
    ("blend", health::blend),
    ("roll_up", health::roll_up),
    ("trend", health::trend),
    ("validate_rules", rules::validate_rules),
    ("evaluate_rules", rules::evaluate_rules),
    ("evaluate_rules_batch", rules::evaluate_rules_batch),
    ("summarize_rules_batch", rules::summarize_rules_batch),
    ("summarize_rules_columns", rules::summarize_rules_columns),
    ("renewal_prep", lifecycle::renewal_prep),
    ("win_back_plan", lifecycle::win_back_plan),
    ("touch_cadence", lifecycle::touch_cadence),
    ("onboarding_plan", lifecycle::onboarding_plan),
    ("engagement_level", lifecycle::engagement_level),
    ("churn_taxonomy", lifecycle::churn_taxonomy),
    ("classify_churn", lifecycle::classify_churn),
    ("churn_reason_analysis", lifecycle::churn_reason_analysis),
    ("surprise_churn", lifecycle::surprise_churn),
    ("save_outcomes", lifecycle::save_outcomes),
    ("customer_months", revenue::customer_months),
    ("mrr_movements", revenue::mrr_movements_of),
    ("movement_detail", revenue::movement_detail_of),
    ("retention_metrics", revenue::retention_metrics),
    ("merge_movements", revenue::merge_movements),
    ("cohort_table", cohort::cohort_table),
    ("merge_cohort_counts", cohort::merge_cohort_counts),
    ("kaplan_meier", survival::kaplan_meier),
    ("validate_portfolio", portfolio::validate_portfolio),
    ("command", portfolio::command),
];

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

/// Runs one case and returns its output (or `{"error": ...}`) as JSON.
fn run_case(case: &Value, models: &Value, portfolios: &Value) -> Value {
    let op = case.get("op").and_then(Value::as_str).unwrap_or("");
    let Some((_, operation)) = OPERATIONS.iter().find(|(name, _)| *name == op) else {
        return json!({"error": {"code": "corpus.unknown_op", "op": op}});
    };
    let case = Case {
        case,
        input: case.get("input").cloned().unwrap_or(Value::Null),
        models,
        portfolios,
    };
    operation(&case).unwrap_or_else(|error| error)
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
            let actual = run_case(case, &models, &portfolios);
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

#[test]
fn rules_corpus_size() {
    let dir = corpus_dir().join("rules");
    let mut cases = 0;
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let doc: Value = serde_json::from_str(&text).unwrap();
        cases += doc["cases"].as_array().map_or(0, Vec::len);
    }
    assert!(
        cases >= 100,
        "the rules corpus has {cases} cases, fewer than 100"
    );
}
