//! The portfolio operations of the conformance corpus (`tests/conformance/portfolio/`) through
//! the browser build's `Portfolio` class. `validate_portfolio` builds the case's portfolio (a
//! name from the file's `portfolios`, or inline); `command` runs the case's `input` on it:
//! - snake_case objects: `new Portfolio(data)`, and the command's own method
//!   (`churnRisk(account, asOf)`, `nrrReport(asOf, options)`) when the request fits one;
//! - camelCase objects: the portfolio and the request with camelCase keys (an account's
//!   `signals` keys kept as given, as the binding keeps them) and ISO days as `Date`s, `run`;
//! - JSON text: `Portfolio.fromJson`, `run`.

use super::{camel_key, convert, get, stringify, Case, Variant};
use js_sys::{Object, Reflect};
use tenure_wasm::Portfolio;
use wasm_bindgen::{JsCast, JsValue};

const ACCOUNT_COMMANDS: [&str; 9] = [
    "score",
    "onboarding_plan",
    "qbr_prep",
    "churn_risk",
    "expansion_opportunities",
    "win_back_plan",
    "renewal_prep",
    "success_plan",
    "save_play",
];

fn keys(value: &JsValue) -> Vec<String> {
    if !value.is_object() {
        return Vec::new();
    }
    Object::keys(value.unchecked_ref::<Object>())
        .iter()
        .filter_map(|k| k.as_string())
        .collect()
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// Whether the keys below `key` are user data (kept as given).
fn user_data(key: &str) -> bool {
    [
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
    .contains(&key)
}

/// An object with camelCase keys, values converted (with dates), `keep(key)` values kept.
fn camel_object(value: &JsValue, keep: &dyn Fn(&str) -> bool) -> JsValue {
    if !value.is_object() || js_sys::Array::is_array(value) {
        return convert(value, true, true);
    }
    let out = Object::new();
    for key in keys(value) {
        let v = get(value, &key);
        let v = if key == "accounts" && js_sys::Array::is_array(&v) {
            v.unchecked_ref::<js_sys::Array>()
                .iter()
                .map(|account| camel_object(&account, &|k| k == "signals" || user_data(k)))
                .collect::<js_sys::Array>()
                .into()
        } else {
            convert(&v, !keep(&key), true)
        };
        set(&out, &camel_key(&key), &v);
    }
    out.into()
}

fn load(case: &Case<'_>) -> Result<Portfolio, JsValue> {
    let spec = case.field("portfolio");
    let data = match spec.as_string() {
        Some(name) => {
            let found = get(case.portfolios, &name);
            if found.is_undefined() {
                return Err(JsValue::from_str(&format!("no portfolio named {name}")));
            }
            found
        }
        None => spec,
    };
    match case.variant {
        Variant::SnakeObjects => Portfolio::new(data),
        Variant::CamelObjects => Portfolio::new(camel_object(&data, &user_data)),
        Variant::JsonText => Portfolio::from_json(stringify(&data).into()),
    }
}

/// The command's own method, when the request fits one (snake_case variant).
fn by_method(portfolio: &Portfolio, request: &JsValue) -> Option<Result<JsValue, JsValue>> {
    let known = ["command", "account", "as_of", "options"];
    if !request.is_object() || keys(request).iter().any(|k| !known.contains(&k.as_str())) {
        return None;
    }
    let command = get(request, "command").as_string()?;
    let (account, as_of) = (get(request, "account"), get(request, "as_of"));
    let options = get(request, "options");
    if ACCOUNT_COMMANDS.contains(&command.as_str()) {
        if account.is_undefined() || !(options.is_undefined() || options.is_null()) {
            return None;
        }
        return Some(match command.as_str() {
            "score" => portfolio.score(account, as_of),
            "onboarding_plan" => portfolio.onboarding_plan(account, as_of),
            "qbr_prep" => portfolio.qbr_prep(account, as_of),
            "churn_risk" => portfolio.churn_risk(account, as_of),
            "expansion_opportunities" => portfolio.expansion_opportunities(account, as_of),
            "win_back_plan" => portfolio.win_back_plan(account, as_of),
            "renewal_prep" => portfolio.renewal_prep(account, as_of),
            "success_plan" => portfolio.success_plan(account, as_of),
            _ => portfolio.save_play(account, as_of),
        });
    }
    let options = (!options.is_undefined()).then_some(options);
    match command.as_str() {
        "portfolio_review" => Some(portfolio.portfolio_review(as_of, options)),
        "cohort_analysis" => Some(portfolio.cohort_analysis(as_of, options)),
        "nrr_report" => Some(portfolio.nrr_report(as_of, options)),
        _ => None,
    }
}

pub fn validate_portfolio(case: &Case<'_>) -> Result<JsValue, JsValue> {
    let portfolio = load(case)?;
    let out = Object::new();
    set(&out, "valid", &JsValue::TRUE);
    set(&out, "accounts", &JsValue::from(portfolio.length()));
    Ok(out.into())
}

/// Runs the case's request on its portfolio as the variant passes it.
pub fn command(case: &Case<'_>) -> Result<JsValue, JsValue> {
    let portfolio = load(case)?;
    let request = case.field("input");
    if case.variant == Variant::SnakeObjects {
        if let Some(result) = by_method(&portfolio, &request) {
            return result;
        }
    }
    portfolio.run(case.object("input"))
}
