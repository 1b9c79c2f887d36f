//! The shared conformance corpus (`tests/conformance/**/*.json`, embedded at build time) run in
//! a real browser through the JavaScript-facing API: the exported functions and classes, with
//! inputs as JavaScript values made by `JSON.parse`, and results read back as JavaScript values.
//!
//! Every case runs three times:
//! - snake_case objects as in the corpus, number columns as `Float64Array`s;
//! - the same inputs and models with camelCase keys (except inside `inputs`, `attributes` and
//!   `columns`), dates as `Date` objects, number columns as plain arrays;
//! - models given as JSON text (`fromJson`).
//!
//! Matching follows tests/conformance/README.md: `expect` is a subset of the output (keys
//! converted to camelCase, as the API returns them), numbers compared as exact doubles.
#![cfg(target_arch = "wasm32")]

use conformance_ops::health;
#[cfg(feature = "lifecycle")]
use conformance_ops::lifecycle;
#[cfg(feature = "portfolio")]
use conformance_ops::portfolio;
#[cfg(feature = "rules")]
use conformance_ops::rules;
use conformance_ops::{camelize, get, stringify, Case, Operation, Variant};
#[cfg(feature = "revenue")]
use conformance_ops::{cohort, revenue, survival};
use js_sys::{Array, Object, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod conformance_ops;

include!(concat!(env!("OUT_DIR"), "/corpus.rs"));

/// Every operation of the corpus, by the name a case's `op` gives. Adding an operation to the
/// corpus adds one line here (and its function in the area's module of `conformance_ops`). The
/// areas beyond health scoring are features of the crate (scripts/test-wasm.sh runs the tests
/// with `full`); without its feature an area's ops are unknown and their cases fail.
const OPERATIONS: &[(&str, Operation)] = &[
    ("validate_model", health::validate_model),
    ("validate_model_set", health::validate_model_set),
    ("score", health::score),
    ("score_segmented", health::score_segmented),
    ("score_batch", health::score_batch),
    ("blend", health::blend),
    ("roll_up", health::roll_up),
    ("trend", health::trend),
    #[cfg(feature = "rules")]
    ("validate_rules", rules::validate_rules),
    #[cfg(feature = "rules")]
    ("evaluate_rules", rules::evaluate_rules),
    #[cfg(feature = "rules")]
    ("evaluate_rules_batch", rules::evaluate_rules_batch),
    #[cfg(feature = "rules")]
    ("summarize_rules_batch", rules::summarize_rules_batch),
    #[cfg(feature = "rules")]
    ("summarize_rules_columns", rules::summarize_rules_columns),
    #[cfg(feature = "lifecycle")]
    ("renewal_prep", lifecycle::renewal_prep),
    #[cfg(feature = "lifecycle")]
    ("win_back_plan", lifecycle::win_back_plan),
    #[cfg(feature = "lifecycle")]
    ("touch_cadence", lifecycle::touch_cadence),
    #[cfg(feature = "lifecycle")]
    ("onboarding_plan", lifecycle::onboarding_plan),
    #[cfg(feature = "lifecycle")]
    ("engagement_level", lifecycle::engagement_level),
    #[cfg(feature = "lifecycle")]
    ("churn_taxonomy", lifecycle::churn_taxonomy),
    #[cfg(feature = "lifecycle")]
    ("classify_churn", lifecycle::classify_churn),
    #[cfg(feature = "lifecycle")]
    ("churn_reason_analysis", lifecycle::churn_reason_analysis),
    #[cfg(feature = "lifecycle")]
    ("surprise_churn", lifecycle::surprise_churn),
    #[cfg(feature = "lifecycle")]
    ("save_outcomes", lifecycle::save_outcomes),
    #[cfg(feature = "revenue")]
    ("customer_months", revenue::customer_months),
    #[cfg(feature = "revenue")]
    ("mrr_movements", revenue::mrr_movements),
    #[cfg(feature = "revenue")]
    ("movement_detail", revenue::movement_detail),
    #[cfg(feature = "revenue")]
    ("retention_metrics", revenue::retention_metrics),
    #[cfg(feature = "revenue")]
    ("merge_movements", revenue::merge_movements),
    #[cfg(feature = "revenue")]
    ("cohort_table", cohort::cohort_table),
    #[cfg(feature = "revenue")]
    ("merge_cohort_counts", cohort::merge_cohort_counts),
    #[cfg(feature = "revenue")]
    ("kaplan_meier", survival::kaplan_meier),
    #[cfg(feature = "portfolio")]
    ("validate_portfolio", portfolio::validate_portfolio),
    #[cfg(feature = "portfolio")]
    ("command", portfolio::command),
];

fn is_plain_object(value: &JsValue) -> bool {
    value.is_object() && !Array::is_array(value)
}

/// `expected` is a subset of `actual` (README "Matching").
fn matches(expected: &JsValue, actual: &JsValue, path: &str, problems: &mut Vec<String>) {
    if Array::is_array(expected) {
        let (e, a) = (expected.unchecked_ref::<Array>(), actual.dyn_ref::<Array>());
        let Some(a) = a else {
            problems.push(format!(
                "{path}: expected an array, got {}",
                stringify(actual)
            ));
            return;
        };
        if e.length() != a.length() {
            problems.push(format!(
                "{path}: expected {} items, got {}",
                e.length(),
                a.length()
            ));
            return;
        }
        for i in 0..e.length() {
            matches(&e.get(i), &a.get(i), &format!("{path}[{i}]"), problems);
        }
    } else if is_plain_object(expected) {
        if !actual.is_object() {
            problems.push(format!(
                "{path}: expected an object, got {}",
                stringify(actual)
            ));
            return;
        }
        for key in Object::keys(expected.unchecked_ref::<Object>()).iter() {
            let key = key.as_string().unwrap_or_default();
            let (ev, av) = (get(expected, &key), get(actual, &key));
            if av.is_undefined() {
                if !ev.is_null() {
                    problems.push(format!(
                        "{path}.{key}: missing, expected {}",
                        stringify(&ev)
                    ));
                }
            } else {
                matches(&ev, &av, &format!("{path}.{key}"), problems);
            }
        }
    } else if let Some(e) = expected.as_f64() {
        // Exact IEEE-754 equality, no tolerance.
        if actual.as_f64() != Some(e) {
            problems.push(format!("{path}: expected {e:?}, got {}", stringify(actual)));
        }
    } else if expected != actual {
        problems.push(format!(
            "{path}: expected {}, got {}",
            stringify(expected),
            stringify(actual)
        ));
    }
}

/// Runs one case: its op looked up in [`OPERATIONS`] (an unknown op fails the case).
fn run(case: &Case<'_>) -> Result<JsValue, JsValue> {
    let op = case.field("op").as_string();
    match OPERATIONS
        .iter()
        .find(|(name, _)| Some(*name) == op.as_deref())
    {
        Some((_, operation)) => operation(case),
        None => Err(JsValue::from_str(&format!(
            "unknown op {:?}",
            op.as_deref()
        ))),
    }
}

/// Problems of one case in its variant; empty when it passes.
fn check(case: &Case<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    let (expect, error) = (case.field("expect"), case.field("error"));
    match (run(case), expect.is_undefined(), error.is_undefined()) {
        (Ok(actual), false, true) => matches(&camelize(&expect, true), &actual, "", &mut problems),
        (Err(thrown), false, true) => {
            problems.push(format!("unexpected error {}", describe(&thrown)))
        }
        (Err(thrown), true, false) => {
            if !thrown.is_instance_of::<js_sys::Error>() {
                problems.push(format!("thrown value is not an Error: {thrown:?}"));
            }
            matches(&error, &thrown, "error", &mut problems);
        }
        (Ok(actual), true, false) => problems.push(format!(
            "expected error {}, got {}",
            stringify(&error),
            stringify(&actual)
        )),
        _ => problems.push("a case needs exactly one of `expect` and `error`".into()),
    }
    problems
}

fn describe(thrown: &JsValue) -> String {
    format!(
        "{} {} {} {}",
        get(thrown, "code").as_string().unwrap_or_default(),
        get(thrown, "path").as_string().unwrap_or_default(),
        stringify(&get(thrown, "value")),
        get(thrown, "message")
            .as_string()
            .unwrap_or_else(|| format!("{thrown:?}")),
    )
}

/// Runs every case of every corpus file; returns (cases run, failures).
fn run_corpus(variant: Variant) -> (usize, Vec<String>) {
    let mut count = 0;
    let mut failures = Vec::new();
    for (file, text) in CORPUS {
        let doc = match JSON::parse(text) {
            Ok(doc) => doc,
            Err(e) => {
                failures.push(format!("{file}: not JSON: {e:?}"));
                continue;
            }
        };
        let models = get(&doc, "models");
        let portfolios = get(&doc, "portfolios");
        let cases: Array = get(&doc, "cases").dyn_into().unwrap_or_default();
        for case in cases.iter() {
            count += 1;
            let problems = check(&Case {
                case: &case,
                models: &models,
                portfolios: &portfolios,
                variant,
            });
            if !problems.is_empty() {
                let name = get(&case, "name").as_string().unwrap_or_default();
                failures.push(format!("{file} / {name}:\n    {}", problems.join("\n    ")));
            }
        }
    }
    (count, failures)
}

/// The number of cases in the corpus files, counted on the text with the host's JSON parser.
fn corpus_case_count() -> usize {
    CORPUS
        .iter()
        .map(|(_, text)| {
            serde_json::from_str::<serde_json::Value>(text)
                .ok()
                .and_then(|d| d.get("cases").and_then(|c| c.as_array()).map(Vec::len))
                .unwrap_or(0)
        })
        .sum()
}

fn assert_corpus(variant: Variant, label: &str) {
    let expected = corpus_case_count();
    assert!(expected >= 150, "the corpus has only {expected} cases");
    let (count, failures) = run_corpus(variant);
    assert_eq!(
        count, expected,
        "ran {count} of the corpus's {expected} cases"
    );
    assert!(
        failures.is_empty(),
        "{label}: {} of {count} case(s) failing:\n{}",
        failures.len(),
        failures.join("\n")
    );
    console_log!(
        "conformance ({label}): {count} cases from {} files, {count} passed, 0 failed",
        CORPUS.len()
    );
}

#[wasm_bindgen_test]
fn corpus_snake_case_objects() {
    assert_corpus(
        Variant::SnakeObjects,
        "snake_case objects, Float64Array columns",
    );
}

#[wasm_bindgen_test]
fn corpus_camel_case_objects() {
    assert_corpus(
        Variant::CamelObjects,
        "camelCase objects, plain-array columns",
    );
}

#[wasm_bindgen_test]
fn corpus_models_as_json_text() {
    assert_corpus(Variant::JsonText, "models as JSON text");
}
