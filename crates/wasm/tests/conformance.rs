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

use js_sys::{Array, Float64Array, Object, Reflect, JSON};
use tenure_wasm::{HealthModel, SegmentedModel};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

// The rule engine is the `rules` feature; scripts/test-wasm.sh runs the tests with it.
#[cfg(feature = "rules")]
#[path = "corpus/rules.rs"]
mod conformance_rules;

include!(concat!(env!("OUT_DIR"), "/corpus.rs"));

#[cfg(feature = "lifecycle")]
mod lifecycle_ops;
#[cfg(feature = "portfolio")]
#[path = "portfolio/ops.rs"]
mod portfolio_ops;
#[cfg(feature = "revenue")]
#[path = "revenue/ops.rs"]
mod revenue_ops;
#[cfg(feature = "revenue")]
#[path = "survival/ops.rs"]
mod survival_ops;

/// The lifecycle ops (built with the `lifecycle` feature, as scripts/test-wasm.sh does).
#[cfg(feature = "lifecycle")]
fn lifecycle_op(case: &Case, op: &str) -> Option<Result<JsValue, JsValue>> {
    lifecycle_ops::run(case, op)
}

/// Without the `lifecycle` feature the lifecycle ops are unknown (their cases fail).
#[cfg(not(feature = "lifecycle"))]
fn lifecycle_op(_case: &Case, _op: &str) -> Option<Result<JsValue, JsValue>> {
    None
}

#[derive(Clone, Copy, PartialEq)]
enum Variant {
    SnakeObjects,
    CamelObjects,
    JsonText,
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn is_plain_object(value: &JsValue) -> bool {
    value.is_object() && !Array::is_array(value)
}

fn stringify(value: &JsValue) -> String {
    JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

/// snake_case → camelCase (written here independently of the binding's own rule).
fn camel_key(key: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in key.chars() {
        if c == '_' && !upper {
            upper = true;
            continue;
        }
        if upper && c.is_ascii_lowercase() {
            out.push(c.to_ascii_uppercase());
        } else {
            if upper {
                out.push('_');
            }
            out.push(c);
        }
        upper = false;
    }
    if upper {
        out.push('_');
    }
    out
}

/// A deep copy with object keys in camelCase, except below `inputs`, `attributes`, `columns`,
/// `rates`, `facts` and `last_fired`.
fn camelize(value: &JsValue, rename: bool) -> JsValue {
    convert(value, rename, false)
}

/// A valid ISO day as a `Date` at UTC midnight.
fn as_date(value: &JsValue) -> Option<JsValue> {
    let text = value.as_string()?;
    let bytes = text.as_bytes();
    let iso = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !iso {
        return None;
    }
    let date = js_sys::Date::new(&JsValue::from_str(&format!("{text}T00:00:00Z")));
    if date.get_time().is_nan() {
        return None; // "2026-13-01": not a day (toISOString would throw)
    }
    let same = date
        .to_iso_string()
        .as_string()
        .is_some_and(|s| s.starts_with(&text));
    same.then(|| date.into())
}

/// [`camelize`], with every ISO day string replaced by a `Date` when `dates`.
fn convert(value: &JsValue, rename: bool, dates: bool) -> JsValue {
    if let Some(array) = value.dyn_ref::<Array>() {
        return array
            .iter()
            .map(|v| convert(&v, rename, dates))
            .collect::<Array>()
            .into();
    }
    if dates {
        if let Some(date) = as_date(value) {
            return date;
        }
    }
    if !value.is_object() {
        return value.clone();
    }
    let out = Object::new();
    for key in Object::keys(value.unchecked_ref::<Object>()).iter() {
        let name = key.as_string().unwrap_or_default();
        let inner = rename
            && ![
                "inputs",
                "attributes",
                "columns",
                "rates",
                "facts",
                "last_fired",
                "by_segment",
                "engagement_levels",
                "avg_ttfv_days_by_segment",
            ]
            .contains(&name.as_str());
        let new_name = if rename {
            camel_key(&name)
        } else {
            name.clone()
        };
        let _ = Reflect::set(
            &out,
            &JsValue::from_str(&new_name),
            &convert(&get(value, &name), inner, dates),
        );
    }
    out.into()
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

/// The corpus's batch columns as JavaScript columns: any string (other than "Infinity" and
/// "-Infinity") makes a text column, any boolean a boolean column, otherwise numbers with null
/// as NaN — a `Float64Array`, or a plain array of numbers in the camelCase variant.
fn js_columns(columns: &JsValue, variant: Variant) -> JsValue {
    let out = Object::new();
    if !columns.is_object() {
        return out.into();
    }
    for key in Object::keys(columns.unchecked_ref::<Object>()).iter() {
        let values: Array = get(columns, &key.as_string().unwrap_or_default()).unchecked_into();
        let infinity =
            |v: &JsValue| matches!(v.as_string().as_deref(), Some("Infinity" | "-Infinity"));
        let text = values.iter().any(|v| v.is_string() && !infinity(&v));
        let boolean = values.iter().any(|v| v.as_bool().is_some());
        let column: JsValue = if text || boolean {
            values.into()
        } else {
            let numbers: Vec<f64> = values
                .iter()
                .map(|v| match v.as_string().as_deref() {
                    Some("Infinity") => f64::INFINITY,
                    Some("-Infinity") => f64::NEG_INFINITY,
                    _ => v.as_f64().unwrap_or(f64::NAN),
                })
                .collect();
            if variant == Variant::CamelObjects {
                numbers
                    .iter()
                    .map(|x| JsValue::from_f64(*x))
                    .collect::<Array>()
                    .into()
            } else {
                Float64Array::from(&numbers[..]).into()
            }
        };
        let _ = Reflect::set(&out, &key, &column);
    }
    out.into()
}

/// Batch results (columns) as the corpus's `{rows, errors}`.
fn batch_rows(result: &JsValue) -> JsValue {
    let composite: Float64Array = get(result, "composite").unchecked_into();
    let coverage: Float64Array = get(result, "coverage").unchecked_into();
    let tier: Array = get(result, "tier").unchecked_into();
    let status: Array = get(result, "status").unchecked_into();
    let rows = Array::new();
    for i in 0..composite.length() {
        let row = Object::new();
        let c = composite.get_index(i);
        let set = |k: &str, v: &JsValue| {
            let _ = Reflect::set(&row, &JsValue::from_str(k), v);
        };
        set("status", &status.get(i));
        set(
            "composite",
            &if c.is_nan() {
                JsValue::NULL
            } else {
                JsValue::from_f64(c)
            },
        );
        set("tier", &tier.get(i));
        set("coverage", &JsValue::from_f64(coverage.get_index(i)));
        rows.push(&row);
    }
    let out = Object::new();
    let _ = Reflect::set(&out, &"rows".into(), &rows);
    let _ = Reflect::set(&out, &"errors".into(), &get(result, "errors"));
    out.into()
}

struct Case<'a> {
    case: &'a JsValue,
    models: &'a JsValue,
    /// The file's `portfolios` (named portfolios the cases refer to).
    #[cfg_attr(not(feature = "portfolio"), allow(dead_code))]
    portfolios: &'a JsValue,
    variant: Variant,
}

impl Case<'_> {
    fn field(&self, key: &str) -> JsValue {
        get(self.case, key)
    }

    /// A field of the case as the variant passes it: as parsed, or camelCase with dates.
    fn object(&self, key: &str) -> JsValue {
        let value = self.field(key);
        if self.variant == Variant::CamelObjects {
            convert(&value, true, true)
        } else {
            value
        }
    }

    /// A field of the case's input as the variant passes it (`None` when absent).
    fn argument(&self, key: &str) -> Option<JsValue> {
        let value = get(&self.field("input"), key);
        if value.is_undefined() {
            None
        } else if self.variant == Variant::CamelObjects {
            Some(convert(&value, true, true))
        } else {
            Some(value)
        }
    }

    /// `None` for the built-in model, else the model object of the case.
    fn model_object(&self) -> Option<JsValue> {
        let model = self.field("model");
        match model.as_string().as_deref() {
            None if model.is_undefined() => None,
            Some("builtin") => None,
            Some(name) => Some(get(self.models, name)),
            None => Some(model),
        }
    }

    fn model(&self) -> Result<HealthModel, JsValue> {
        match self.model_object() {
            None if self.variant == Variant::JsonText => {
                HealthModel::from_json(tenure::BUILTIN_MODEL_JSON.into())
            }
            None => HealthModel::builtin(),
            Some(m) => match self.variant {
                Variant::SnakeObjects => HealthModel::from_object(m),
                Variant::CamelObjects => HealthModel::from_object(camelize(&m, true)),
                Variant::JsonText => HealthModel::from_json(stringify(&m).into()),
            },
        }
    }

    fn model_set(&self) -> Result<SegmentedModel, JsValue> {
        match self.variant {
            Variant::JsonText => {
                SegmentedModel::from_json(stringify(&self.field("model_set")).into())
            }
            _ => SegmentedModel::from_object(self.object("model_set")),
        }
    }

    fn run(&self) -> Result<JsValue, JsValue> {
        let valid = || -> JsValue {
            let out = Object::new();
            let _ = Reflect::set(&out, &"valid".into(), &JsValue::TRUE);
            out.into()
        };
        let input = self.object("input");
        match self.field("op").as_string().as_deref() {
            Some("validate_model") => self.model().map(|_| valid()),
            Some("validate_model_set") => self.model_set().map(|_| valid()),
            Some("score") => self.model()?.score(input),
            Some("score_segmented") => self.model_set()?.score(input),
            Some("score_batch") => {
                let model = self.model()?;
                let raw = self.field("input");
                let options = Object::new();
                let month = get(&raw, "month");
                if !month.is_undefined() {
                    let _ = Reflect::set(&options, &"month".into(), &month);
                }
                let columns = js_columns(&get(&raw, "columns"), self.variant);
                model
                    .score_batch(columns, Some(options.into()))
                    .map(|r| batch_rows(&r))
            }
            Some("blend") => tenure_wasm::blend_human_score(
                &self.model()?,
                self.argument("computed").unwrap_or(JsValue::UNDEFINED),
                self.argument("human").unwrap_or(JsValue::UNDEFINED),
                self.argument("as_of").unwrap_or(JsValue::UNDEFINED),
            ),
            Some("roll_up") => tenure_wasm::roll_up_products(
                &self.model()?,
                self.argument("products").unwrap_or(JsValue::UNDEFINED),
                self.argument("method"),
            ),
            Some("trend") => tenure_wasm::score_trend(
                &self.model()?,
                self.argument("history").unwrap_or(JsValue::UNDEFINED),
                self.argument("as_of").unwrap_or(JsValue::UNDEFINED),
                self.argument("options"),
            ),
            #[cfg(feature = "revenue")]
            Some(op) if revenue_ops::OPS.contains(&op) => revenue_ops::run(self, op),
            #[cfg(feature = "revenue")]
            Some(op) if survival_ops::OPS.contains(&op) => survival_ops::run(self, op),
            #[cfg(feature = "rules")]
            Some(op) if conformance_rules::is_rule_op(op) => conformance_rules::run(self, op),
            #[cfg(feature = "portfolio")]
            Some(op) if portfolio_ops::OPS.contains(&op) => portfolio_ops::run(self, op),
            other => match other.and_then(|op| lifecycle_op(self, op)) {
                Some(result) => result,
                None => Err(JsValue::from_str(&format!("unknown op {other:?}"))),
            },
        }
    }

    fn check(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let (expect, error) = (self.field("expect"), self.field("error"));
        match (self.run(), expect.is_undefined(), error.is_undefined()) {
            (Ok(actual), false, true) => {
                matches(&camelize(&expect, true), &actual, "", &mut problems)
            }
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
            let problems = Case {
                case: &case,
                models: &models,
                portfolios: &portfolios,
                variant,
            }
            .check();
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
