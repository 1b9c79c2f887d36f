//! The `Portfolio` class in a real browser (the `portfolio` feature, in the full build): plain
//! objects in (either key spelling, `Date`s or ISO days), every command once, camelCase plain
//! objects out, typed errors that never panic.
#![cfg(all(target_arch = "wasm32", feature = "portfolio"))]

use js_sys::{Array, Object, Reflect, JSON};
use tenure_wasm::Portfolio;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn js(text: &str) -> JsValue {
    JSON::parse(text).unwrap_or(JsValue::UNDEFINED)
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn stringify(value: &JsValue) -> String {
    JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

fn date(iso: &str) -> JsValue {
    js_sys::Date::new(&JsValue::from_str(&format!("{iso}T00:00:00Z"))).into()
}

const DATA: &str = r#"{"currency": "USD", "accounts": [
  {"id": "acme", "name": "Acme Corp", "arr": "120000.10", "segment": "enterprise", "csm": "dana",
   "customerSince": "2024-03-01", "renewal": {"date": "2026-03-01"},
   "signals": {"dau_mau_ratio": 0.45, "login_trend": "up", "usage_trend": "up",
     "payment_status": "current", "champion_identified": true, "exec_sponsor": true,
     "contacts_count": 4, "goals_achieved": 3, "goals_defined": 3},
   "scoreHistory": [{"date": "2025-12-01", "score": 72.5}],
   "subscriptions": [{"start": "2024-03-01", "amount": "10000.00"}],
   "onboarding": {"startDate": "2025-12-01"},
   "contacts": [{"name": "Ann", "role": "champion"}],
   "nps": [{"date": "2025-12-10", "score": 9}]},
  {"id": "globex", "arr": 30000, "csm": "lee",
   "signals": {"dau_mau_ratio": 0.1, "usage_trend": "down", "payment_status": "late"},
   "subscriptions": [{"start": "2025-01-01", "amount": "2500"}]},
  {"id": "initech", "arr": "4800.50", "segment": "smb",
   "subscriptions": [{"start": "2025-02-01", "end": "2025-11-15", "amount": 400}],
   "churn": {"date": "2025-11-15", "category": "value", "arr": "4800.50"}}
]}"#;

/// An account command's method.
type AccountCommand = fn(&Portfolio, JsValue, JsValue) -> Result<JsValue, JsValue>;

fn portfolio() -> Portfolio {
    Portfolio::new(js(DATA)).unwrap_or_else(|e| panic!("portfolio: {}", stringify(&e)))
}

fn ok(result: Result<JsValue, JsValue>, what: &str) -> JsValue {
    result.unwrap_or_else(|e| {
        panic!(
            "{what}: {} {}",
            stringify(&e),
            stringify(&get(&e, "message"))
        )
    })
}

fn assert_thrown(result: Result<JsValue, JsValue>, code: &str, path: Option<&str>) {
    let error = match result {
        Ok(v) => panic!("expected {code}, got {}", stringify(&v)),
        Err(e) => e,
    };
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "not an Error: {error:?}"
    );
    assert_eq!(get(&error, "code").as_string().as_deref(), Some(code));
    if let Some(path) = path {
        assert_eq!(get(&error, "path").as_string().as_deref(), Some(path));
    }
}

#[wasm_bindgen_test]
fn construction_round_trips_and_keeps_amounts_exact() {
    let p = portfolio();
    assert_eq!(p.length(), 3);
    assert_eq!(p.account_ids(), vec!["acme", "globex", "initech"]);
    let again = Portfolio::from_json(p.to_json().into()).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(stringify(&again.to_object()), stringify(&p.to_object()));
    let object = p.to_object();
    let acme = Array::from(&get(&object, "accounts")).get(0);
    assert_eq!(get(&acme, "arr").as_string().as_deref(), Some("120000.10"));
    assert_eq!(
        get(&acme, "customerSince").as_string().as_deref(),
        Some("2024-03-01")
    );
    // Signal keys are the model's input keys: kept as given.
    assert!(!get(&get(&acme, "signals"), "dau_mau_ratio").is_undefined());
    let commands = Array::from(&Portfolio::commands());
    assert_eq!(commands.length(), 12);
    assert_eq!(commands.get(0).as_string().as_deref(), Some("score"));
}

#[wasm_bindgen_test]
fn every_command_by_method_and_by_name() {
    let p = portfolio();
    let as_of = || date("2026-01-05");
    let s = |x: &str| JsValue::from_str(x);
    let calls: [(&str, &str, AccountCommand); 9] = [
        ("score", "acme", Portfolio::score),
        ("onboarding_plan", "acme", Portfolio::onboarding_plan),
        ("qbr_prep", "acme", Portfolio::qbr_prep),
        ("churn_risk", "globex", Portfolio::churn_risk),
        (
            "expansion_opportunities",
            "acme",
            Portfolio::expansion_opportunities,
        ),
        ("win_back_plan", "initech", Portfolio::win_back_plan),
        ("renewal_prep", "acme", Portfolio::renewal_prep),
        ("success_plan", "acme", Portfolio::success_plan),
        ("save_play", "globex", Portfolio::save_play),
    ];
    let by_method = calls.map(|(command, account, call)| {
        (command, account, ok(call(&p, s(account), as_of()), command))
    });
    for (command, account, out) in by_method {
        let text = stringify(&out);
        assert!(text.len() > 2, "{command}: {text}");
        assert!(!text.contains("\"_"), "{command}: snake_case keys out");
        let request = Object::new();
        let _ = Reflect::set(&request, &"command".into(), &s(command));
        let _ = Reflect::set(&request, &"account".into(), &s(account));
        let _ = Reflect::set(&request, &"asOf".into(), &s("2026-01-05"));
        let by_name = ok(p.run(request.into()), command);
        assert_eq!(stringify(&by_name), text, "{command}");
    }
    let review = ok(p.portfolio_review(as_of(), None), "review");
    let request = js(r#"{"command": "portfolio_review", "as_of": "2026-01-05"}"#);
    assert_eq!(
        stringify(&ok(p.run(request), "review by name")),
        stringify(&review)
    );
    let top = ok(
        p.portfolio_review(as_of(), Some(js(r#"{"top": 1}"#))),
        "review top 1",
    );
    assert!(!stringify(&top).is_empty());
    let cohorts = ok(
        p.cohort_analysis(as_of(), Some(js(r#"{"period": "quarter"}"#))),
        "cohorts",
    );
    assert!(stringify(&cohorts).len() > 2);
    let nrr = ok(
        p.nrr_report(
            as_of(),
            Some(js(r#"{"from": "2025-01", "through": "2025-12"}"#)),
        ),
        "nrr",
    );
    let request = js(
        r#"{"command": "nrr-report", "asOf": "2026-01-05", "options": {"from": "2025-01", "through": "2025-12"}}"#,
    );
    assert_eq!(
        stringify(&ok(p.run(request), "nrr by name")),
        stringify(&nrr)
    );
}

#[wasm_bindgen_test]
fn errors_are_typed_and_never_panic() {
    let p = portfolio();
    let as_of = || JsValue::from_str("2026-01-05");
    assert_thrown(
        p.churn_risk("hooli".into(), as_of()),
        "input.unknown_account",
        Some("account"),
    );
    assert_thrown(
        p.run(js(
            r#"{"command": "forecast", "account": "acme", "asOf": "2026-01-05"}"#,
        )),
        "input.unknown_command",
        Some("command"),
    );
    assert_thrown(
        p.run(js(r#"{"command": "qbr_prep", "asOf": "2026-01-05"}"#)),
        "input.missing_record",
        Some("account"),
    );
    assert_thrown(
        p.score("acme".into(), "2026-13-01".into()),
        "input.parse",
        Some("as_of"),
    );
    assert_thrown(
        p.score(JsValue::from_f64(42.0), as_of()),
        "input.parse",
        Some("account"),
    );
    assert_thrown(
        p.portfolio_review(as_of(), Some(js(r#"{"tops": 3}"#))),
        "input.parse",
        None,
    );
    let dup = js(r#"{"accounts": [{"id": "a", "arr": 1}, {"id": "a", "arr": 2}]}"#);
    assert_thrown(
        Portfolio::new(dup).map(JsValue::from),
        "input.duplicate_key",
        Some("accounts[1].id"),
    );
    let bad = js(r#"{"accounts": [{"id": "a", "arr": "lots"}]}"#);
    assert_thrown(
        Portfolio::new(bad).map(JsValue::from),
        "input.parse",
        Some("accounts[0].arr"),
    );
    for shape in [
        JsValue::NULL,
        JsValue::UNDEFINED,
        JsValue::from_f64(1.0),
        Array::new().into(),
        js("{}"),
    ] {
        assert_thrown(
            Portfolio::new(shape).map(JsValue::from),
            "input.parse",
            None,
        );
    }
    assert_thrown(
        Portfolio::from_json(JsValue::from_f64(1.0)).map(JsValue::from),
        "input.parse",
        None,
    );
    assert_thrown(
        Portfolio::from_json("{".into()).map(JsValue::from),
        "input.parse",
        None,
    );
}
