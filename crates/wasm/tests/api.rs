//! The JavaScript-facing API in a real browser, beyond the corpus: the key rule, errors,
//! batch column kinds, and inputs of every wrong shape (which must throw, never panic).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Float64Array, Int32Array, Object, Reflect, JSON};
use tenure_wasm::{HealthModel, SegmentedModel};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn js(text: &str) -> JsValue {
    JSON::parse(text).unwrap_or(JsValue::UNDEFINED)
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn text(value: &JsValue, key: &str) -> String {
    get(value, key).as_string().unwrap_or_default()
}

fn builtin() -> HealthModel {
    HealthModel::builtin().unwrap_or_else(|e| panic!("builtin: {e:?}"))
}

const FULL: &str = r#"{"id": "acme", "inputs": {
    "dau_mau_ratio": 0.3, "features_adopted": 6, "features_available": 10,
    "core_actions_weekly": 12, "usage_trend": "flat", "login_trend": "flat",
    "support_tickets_30d": 2, "community_active": false, "champion_identified": true,
    "exec_sponsor": false, "contacts_count": 2, "goals_achieved": 1, "goals_defined": 4,
    "roi_documented": false, "payment_status": "current", "expansion_signals": 0}}"#;

/// A thrown value is a `TenureError` with the given code (and path when given).
fn assert_thrown(result: Result<JsValue, JsValue>, code: &str, path: Option<&str>) {
    let error = match result {
        Ok(v) => panic!("expected {code}, got {:?}", JSON::stringify(&v)),
        Err(e) => e,
    };
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "not an Error: {error:?}"
    );
    assert_eq!(text(&error, "code"), code, "{error:?}");
    if let Some(path) = path {
        assert_eq!(text(&error, "path"), path, "{error:?}");
    }
    assert!(!text(&error, "message").is_empty());
}

#[wasm_bindgen_test]
fn score_returns_camel_case_keys_and_the_documented_example() {
    let score = builtin()
        .score(js(FULL))
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(get(&score, "composite").as_f64(), Some(50.4));
    assert_eq!(get(&score, "coverage").as_f64(), Some(1.0));
    assert_eq!(text(&get(&score, "tier"), "key"), "at_risk");
    assert_eq!(text(&get(&score, "tier"), "colour"), "orange");
    assert_eq!(
        get(&get(&score, "nextTier"), "pointsNeeded").as_f64(),
        Some(9.6)
    );
    assert_eq!(text(&score, "topLift"), "product_usage");
    let dimension = Array::from(&get(&score, "dimensions")).get(0);
    assert!(get(&dimension, "effectiveWeight").as_f64().is_some());
    let signal = Array::from(&get(&dimension, "signals")).get(0);
    assert_eq!(text(&signal, "bandLabel"), "20-40%");
    assert!(get(&score, "next_tier").is_undefined());
}

#[wasm_bindgen_test]
fn camel_case_input_keys_are_accepted_but_input_keys_are_kept() {
    let model = builtin();
    // `asOf` is converted; the input key `dau_mau_ratio` is used as given.
    let score = model.score(js(
        r#"{"asOf": "2026-11-01", "inputs": {"dau_mau_ratio": 0.5}}"#,
    ));
    assert!(score.is_ok(), "{score:?}");
    // An input key in camelCase is not converted: the model reads no such input.
    assert_thrown(
        model.score(js(r#"{"inputs": {"dauMauRatio": 0.5}}"#)),
        "input.unknown_signal",
        Some("inputs.dauMauRatio"),
    );
    // Unknown fields are reported, in snake_case terms.
    assert_thrown(
        model.score(js(r#"{"inputs": {}, "colourScheme": 1}"#)),
        "input.parse",
        None,
    );
}

#[wasm_bindgen_test]
fn non_finite_numbers_and_undefined_entries() {
    let model = builtin();
    let account = js(r#"{"inputs": {"dau_mau_ratio": 0.5, "contacts_count": 3}}"#);
    let inputs = get(&account, "inputs");
    let _ = Reflect::set(
        &inputs,
        &"dau_mau_ratio".into(),
        &JsValue::from_f64(f64::INFINITY),
    );
    let _ = Reflect::set(&account, &"asOf".into(), &JsValue::UNDEFINED);
    let score = model.score(account).unwrap_or_else(|e| panic!("{e:?}"));
    let issue = Array::from(&get(&score, "issues")).get(0);
    assert_eq!(text(&issue, "kind"), "not_finite");
    assert_eq!(text(&issue, "path"), "inputs.dau_mau_ratio");
}

#[wasm_bindgen_test]
fn model_errors_are_typed() {
    let error = HealthModel::from_json(r#"{"id": "m", "dimensions": [], "tiers": []}"#.into())
        .map(JsValue::from);
    assert_thrown(error, "model.empty", Some("dimensions"));
    let error = HealthModel::from_object(js(
        r#"{"id": "m", "dimensions": [{"key": "d", "weight": 1, "signals": []}], "tiers": [], "minCoverge": 1}"#,
    ))
    .map(JsValue::from);
    assert_thrown(error, "model.unknown_field", None);
    assert_thrown(
        HealthModel::from_json("{".into()).map(JsValue::from),
        "model.parse",
        None,
    );
    assert_thrown(
        HealthModel::from_json(JsValue::from_f64(1.0)).map(JsValue::from),
        "model.parse",
        Some(""),
    );
    // A model object is read as its JSON text: a number JSON cannot hold is an error at its path
    // (not JSON's `null`, which would make an open band).
    let spec = js(&builtin().to_json());
    let band = Array::from(&get(
        &get(
            &Array::from(&get(
                &Array::from(&get(&spec, "dimensions")).get(0),
                "signals",
            ))
            .get(0),
            "kind",
        ),
        "bands",
    ))
    .get(0);
    let _ = Reflect::set(&band, &"to".into(), &JsValue::from_f64(f64::NAN));
    assert_thrown(
        HealthModel::from_object(spec).map(JsValue::from),
        "model.parse",
        Some("dimensions[0].signals[0].kind.bands[0].to"),
    );
    assert_thrown(
        SegmentedModel::from_object(js(r#"{"id": "s", "models": [], "defaultModel": "x"}"#))
            .map(JsValue::from),
        "model.empty",
        Some("models"),
    );
}

#[wasm_bindgen_test]
fn model_round_trips_and_reports_its_inputs() {
    let model = builtin();
    assert_eq!(model.id(), "tenure.default");
    assert_eq!(model.input_keys().len(), 16);
    let again = HealthModel::from_json(model.to_json().into()).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(again.to_json(), model.to_json());
    let from_object =
        HealthModel::from_object(js(&model.to_json())).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(from_object.to_json(), model.to_json());
}

/// `{inputs: {}, self: <itself>}`.
fn cyclic() -> JsValue {
    let value = js(r#"{"inputs": {}}"#);
    let _ = Reflect::set(&value, &"self".into(), &value);
    value
}

#[wasm_bindgen_test]
fn wrong_shapes_throw_and_never_panic() {
    let model = builtin();
    let junk: Vec<JsValue> = vec![
        JsValue::UNDEFINED,
        JsValue::NULL,
        JsValue::from_f64(1.0),
        JsValue::from_str("acme"),
        JsValue::TRUE,
        Array::new().into(),
        js(r#"{"inputs": 5}"#),
        js(r#"{"inputs": {"dau_mau_ratio": [1, 2]}}"#),
        js(r#"{"inputs": {"dau_mau_ratio": {"a": 1}}}"#),
        js(r#"{"as_of": "yesterday"}"#),
        js(r#"{"id": 7}"#),
        js_sys::Function::new_no_args("return 1").into(),
        js_sys::Symbol::for_("x").into(),
        js_sys::BigInt::from(5u64).into(),
        Float64Array::new_with_length(3).into(),
        js_sys::Date::new(&JsValue::from_str("not a date")).into(),
        cyclic(),
    ];
    for value in &junk {
        let day = JsValue::from_str("2026-11-01");
        for result in [
            model.score(value.clone()),
            model.explain(value.clone()),
            model.score_batch(value.clone(), None),
            model.score_batch(js(r#"{"dau_mau_ratio": [0.5]}"#), Some(value.clone())),
            tenure_wasm::blend_human_score(&model, value.clone(), JsValue::NULL, day.clone()),
            tenure_wasm::blend_human_score(&model, JsValue::from(50), value.clone(), day.clone()),
            tenure_wasm::blend_human_score(&model, JsValue::from(50), JsValue::NULL, value.clone()),
            tenure_wasm::roll_up_products(&model, value.clone(), None),
            tenure_wasm::roll_up_products(&model, Array::new().into(), Some(value.clone())),
            tenure_wasm::score_trend(&model, value.clone(), day.clone(), None),
            tenure_wasm::score_trend(&model, Array::new().into(), value.clone(), None),
            tenure_wasm::score_trend(
                &model,
                Array::new().into(),
                day.clone(),
                Some(value.clone()),
            ),
            HealthModel::from_json(value.clone()).map(JsValue::from),
            HealthModel::from_object(value.clone()).map(JsValue::from),
            SegmentedModel::from_json(value.clone()).map(JsValue::from),
            SegmentedModel::from_object(value.clone()).map(JsValue::from),
        ] {
            if let Err(error) = result {
                assert!(
                    error.is_instance_of::<js_sys::Error>(),
                    "{value:?}: {error:?}"
                );
                assert!(!text(&error, "code").is_empty(), "{value:?}: {error:?}");
            }
        }
    }
    // Columns of the wrong kind, and a month out of range.
    assert_thrown(
        model.score_batch(js(r#"{"dau_mau_ratio": {"a": 1}}"#), None),
        "input.parse",
        Some("columns.dau_mau_ratio.codes"),
    );
    assert_thrown(
        model.score_batch(js(r#"{"dau_mau_ratio": 0.5}"#), None),
        "input.parse",
        Some("columns.dau_mau_ratio"),
    );
    assert_thrown(
        model.score_batch(js(r#"{"dau_mau_ratio": [0.5, "high"]}"#), None),
        "input.parse",
        Some("columns.dau_mau_ratio[1]"),
    );
    assert_thrown(
        model.score_batch(
            js(r#"{"dau_mau_ratio": [0.5]}"#),
            Some(js(r#"{"month": 13}"#)),
        ),
        "input.out_of_range",
        Some("month"),
    );
    assert_thrown(
        model.score_batch(
            js(r#"{"dau_mau_ratio": [0.5]}"#),
            Some(js(r#"{"month": 2.5}"#)),
        ),
        "input.parse",
        Some("month"),
    );
}

#[wasm_bindgen_test]
fn blends_roll_ups_and_trends() {
    let model = builtin();
    let human = js(
        r#"{"score": 40, "weight": 0.25, "assessedOn": "2026-11-01", "expiresOn": "2026-11-30"}"#,
    );
    let blended = tenure_wasm::blend_human_score(
        &model,
        JsValue::from(80),
        human.clone(),
        "2026-11-15".into(),
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(get(&blended, "composite").as_f64(), Some(70.0));
    assert_eq!(text(&blended, "humanStatus"), "applied");
    // A Date is read as its UTC day.
    let day = js_sys::Date::new(&JsValue::from_str("2026-11-15T00:00:00Z"));
    let with_date =
        tenure_wasm::blend_human_score(&model, JsValue::from(80), human.clone(), day.into())
            .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        JSON::stringify(&with_date).ok(),
        JSON::stringify(&blended).ok()
    );
    assert_thrown(
        tenure_wasm::blend_human_score(&model, JsValue::from(80), human, "15/11/2026".into()),
        "input.parse",
        Some("as_of"),
    );
    assert_thrown(
        tenure_wasm::blend_human_score(
            &model,
            JsValue::from(80),
            js(r#"{"score": 40, "weight": 0.25, "assessedOn": "2026-11-01"}"#),
            "2026-11-15".into(),
        ),
        "input.parse",
        Some("human"),
    );

    let rolled = tenure_wasm::roll_up_products(
        &model,
        js(r#"[{"product": "core", "score": 90, "arr": 75000}, {"product": "addon", "score": 50, "arr": "25000"}]"#),
        None,
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(get(&rolled, "composite").as_f64(), Some(80.0));
    assert_eq!(text(&rolled, "totalArr"), "100000");
    assert_eq!(text(&rolled, "weakest"), "addon");
    assert_eq!(text(&rolled, "method"), "arr_weighted");

    let trend = tenure_wasm::score_trend(
        &model,
        js(r#"[{"date": "2026-11-01", "score": 75}, {"date": "2026-11-05", "score": 55}]"#),
        "2026-11-05".into(),
        Some(js(r#"{"dropWindowDays": 7}"#)),
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(get(&trend, "dropped").as_bool(), Some(true));
    assert_eq!(get(&get(&trend, "largestDrop"), "pct").as_f64(), Some(26.7));
    assert_eq!(text(&get(&trend, "latest"), "date"), "2026-11-05");
}

#[wasm_bindgen_test]
async fn score_batch_async_resolves_and_rejects() {
    let model = builtin();
    let promise = model.score_batch_async(js(r#"{"dau_mau_ratio": [0.5, null]}"#), None);
    let result = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(Float64Array::from(get(&result, "coverage")).length(), 2);
    let promise = model.score_batch_async(js(r#"{"nope": [1]}"#), None);
    let error = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(|_| JsValue::NULL);
    assert_thrown(error, "input.unknown_signal", Some("columns.nope"));
}

/// Rows of a batch as JSON text, for comparing two batches.
fn batch_json(result: &JsValue) -> String {
    let composite: Vec<String> = Float64Array::from(get(result, "composite"))
        .to_vec()
        .iter()
        .map(|c| format!("{c:?}"))
        .collect();
    let rest = Array::of3(
        &get(result, "tier"),
        &get(result, "status"),
        &Array::from(&Float64Array::from(get(result, "coverage"))),
    );
    format!(
        "{composite:?} {}",
        JSON::stringify(&rest)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default()
    )
}

#[wasm_bindgen_test]
fn batch_column_kinds_and_records_agree_with_single_scores() {
    let model = builtin();
    let accounts = js(&format!(
        r#"[{FULL}, {{"inputs": {{"dau_mau_ratio": 0.9, "usage_trend": "up", "login_trend": "up",
            "champion_identified": true, "exec_sponsor": true, "contacts_count": 5,
            "goals_achieved": 3, "goals_defined": 3, "payment_status": "late"}}}},
            {{"inputs": {{"dau_mau_ratio": 0.1}}}}]"#
    ));
    let accounts = Array::from(&accounts);
    let records = model
        .score_batch(accounts.clone().into(), None)
        .unwrap_or_else(|e| panic!("{e:?}"));
    // The same accounts as columns: plain arrays, then typed and dictionary-encoded columns.
    let keys = model.input_keys();
    let plain = Object::new();
    for key in &keys {
        let column: Array = accounts
            .iter()
            .map(|a| {
                let v = get(&get(&a, "inputs"), key);
                if v.is_undefined() {
                    JsValue::NULL
                } else {
                    v
                }
            })
            .collect();
        let _ = Reflect::set(&plain, &JsValue::from_str(key), &column);
    }
    let columns = model
        .score_batch(plain.clone().into(), None)
        .unwrap_or_else(|e| panic!("{e:?}"));
    let typed = Object::new();
    for key in &keys {
        let column = get(&plain, key);
        let values = Array::from(&column);
        let converted: JsValue = if values.iter().any(|v| v.is_string()) {
            let categories: Vec<String> = values.iter().filter_map(|v| v.as_string()).collect();
            let codes: Vec<i32> = values
                .iter()
                .map(|v| {
                    v.as_string()
                        .and_then(|s| categories.iter().position(|c| *c == s))
                        .map_or(-1, |i| i as i32)
                })
                .collect();
            let encoded = Object::new();
            let names: Array = categories.iter().map(|c| JsValue::from_str(c)).collect();
            let _ = Reflect::set(&encoded, &"codes".into(), &Int32Array::from(&codes[..]));
            let _ = Reflect::set(&encoded, &"categories".into(), &names);
            encoded.into()
        } else {
            // Booleans as 1/0 numbers, everything else as Float64Array (null = NaN).
            let numbers: Vec<f64> = values
                .iter()
                .map(|v| match v.as_bool() {
                    Some(b) => f64::from(u8::from(b)),
                    None => v.as_f64().unwrap_or(f64::NAN),
                })
                .collect();
            Float64Array::from(&numbers[..]).into()
        };
        let _ = Reflect::set(&typed, &JsValue::from_str(key), &converted);
    }
    let typed = model
        .score_batch(typed.into(), Some(js(r#"{"month": 6}"#)))
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(batch_json(&records), batch_json(&columns));
    assert_eq!(batch_json(&records), batch_json(&typed));
    // And every row as scored alone.
    let composite = Float64Array::from(get(&records, "composite")).to_vec();
    for (i, account) in accounts.iter().enumerate() {
        let alone = model.score(account).unwrap_or_else(|e| panic!("{e:?}"));
        let expected = get(&alone, "composite").as_f64().unwrap_or(f64::NAN);
        assert_eq!(
            composite.get(i).map(|c| c.to_bits()),
            Some(expected.to_bits()),
            "row {i}"
        );
        let tier = Array::from(&get(&records, "tier")).get(i as u32);
        assert_eq!(
            tier.as_string(),
            get(&get(&alone, "tier"), "key").as_string(),
            "row {i}"
        );
    }
}

#[wasm_bindgen_test]
fn batch_row_errors_are_listed() {
    let model = HealthModel::from_object(js(
        r#"{"id": "req", "dimensions": [{"key": "d", "weight": 1,
        "signals": [{"key": "active", "missing": "fail",
                     "kind": {"type": "boolean", "truePoints": 10, "falsePoints": 0}}]}],
        "tiers": [{"key": "good", "min": 50}, {"key": "bad", "min": 0}]}"#,
    ))
    .unwrap_or_else(|e| panic!("{e:?}"));
    let result = model
        .score_batch(js(r#"{"active": [true, null, false]}"#), None)
        .unwrap_or_else(|e| panic!("{e:?}"));
    let errors = Array::from(&get(&result, "errors"));
    assert_eq!(errors.length(), 1);
    assert_eq!(get(&errors.get(0), "row").as_f64(), Some(1.0));
    assert_eq!(text(&errors.get(0), "code"), "input.missing_required");
    assert_eq!(text(&errors.get(0), "path"), "columns.active[1]");
    let status = Array::from(&get(&result, "status"));
    assert_eq!(status.get(1).as_string().as_deref(), Some("failed"));
    assert!(Array::from(&get(&result, "tier")).get(1).is_null());
    assert!(Float64Array::from(get(&result, "composite"))
        .get_index(1)
        .is_nan());
}
