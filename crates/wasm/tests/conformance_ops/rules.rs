//! The lifecycle-rule operations of the conformance corpus in the browser (`RuleSet`), in the
//! three variants of the corpus runner: rule sets as snake_case objects, as camelCase objects
//! (facts with `Date`s; the keys of `facts` and `last_fired` are user data), as JSON text.

use super::{camelize, get, stringify, Case, Variant};
use js_sys::{Object, Reflect};
use tenure_wasm::RuleSet;
use wasm_bindgen::JsValue;

fn rule_set(case: &Case<'_>) -> Result<RuleSet, JsValue> {
    let spec = case.field("rules");
    let named = spec.as_string();
    if spec.is_undefined() || named.as_deref() == Some("builtin") {
        return if case.variant == Variant::JsonText {
            RuleSet::from_json(tenure::DEFAULT_RULES_JSON.into())
        } else {
            Ok(RuleSet::builtin())
        };
    }
    let value = match named {
        Some(name) => get(case.models, &name),
        None => spec,
    };
    match case.variant {
        Variant::SnakeObjects => RuleSet::from_object(value),
        Variant::CamelObjects => RuleSet::from_object(camelize(&value, true)),
        Variant::JsonText => RuleSet::from_json(stringify(&value).into()),
    }
}

/// An empty options object and a setter for it.
fn options() -> (Object, impl Fn(&Object, &str, &JsValue)) {
    let set = |out: &Object, k: &str, v: &JsValue| {
        let _ = Reflect::set(out, &JsValue::from_str(k), v);
    };
    (Object::new(), set)
}

pub fn validate_rules(case: &Case<'_>) -> Result<JsValue, JsValue> {
    let rules = rule_set(case)?;
    let (out, set) = options();
    set(&out, "valid", &JsValue::TRUE);
    set(
        &out,
        "rules",
        &JsValue::from_f64(rules.rule_keys().len() as f64),
    );
    set(
        &out,
        "conditions",
        &JsValue::from_f64(f64::from(rules.conditions())),
    );
    Ok(out.into())
}

pub fn evaluate_rules(case: &Case<'_>) -> Result<JsValue, JsValue> {
    rule_set(case)?.evaluate(case.object("input"), None)
}

/// `evaluateBatch` over the input's accounts (`explain` for the full evaluations).
fn batch(case: &Case<'_>, explain: bool) -> Result<JsValue, JsValue> {
    let rules = rule_set(case)?;
    let (out, set) = options();
    set(&out, "explain", &JsValue::from_bool(explain));
    if let Some(as_of) = case.argument("as_of") {
        set(&out, "asOf", &as_of);
    }
    let accounts = case.argument("accounts").unwrap_or(JsValue::UNDEFINED);
    rules.evaluate_batch(accounts, Some(out.into()))
}

pub fn evaluate_rules_batch(case: &Case<'_>) -> Result<JsValue, JsValue> {
    batch(case, true)
}

pub fn summarize_rules_batch(case: &Case<'_>) -> Result<JsValue, JsValue> {
    batch(case, false)
}

pub fn summarize_rules_columns(case: &Case<'_>) -> Result<JsValue, JsValue> {
    let rules = rule_set(case)?;
    let (out, set) = options();
    let input = case.object("input");
    let pick = |a: &str, b: &str| {
        let v = get(&input, a);
        if v.is_undefined() {
            get(&input, b)
        } else {
            v
        }
    };
    let as_of = pick("asOf", "as_of");
    if !as_of.is_undefined() {
        set(&out, "asOf", &as_of);
    }
    let fired = pick("lastFired", "last_fired");
    if !fired.is_undefined() {
        set(&out, "lastFired", &fired);
    }
    rules.summarize_columns(pick("columns", "columns"), Some(out.into()))
}
