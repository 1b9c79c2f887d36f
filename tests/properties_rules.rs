//! Property tests of the lifecycle rule engine (proptest): arbitrary rule sets (generated
//! condition trees, including ones too deep or too large for the limits) and arbitrary fact
//! sets never make reading, validation or evaluation panic, and a rule set that validates
//! evaluates within its step bound (steps are counted; no clock).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use proptest::prelude::*;
use serde_json::{json, Value};
use tenure::{AccountFacts, NaiveDate, RuleEngine, RuleSet};

const FACTS: [&str; 6] = ["a", "d", "s", "h", "t", "Bad Key"];
const OPS: [&str; 16] = [
    "=",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "between",
    "in",
    "not_in",
    "is_missing",
    "is_present",
    "sustained",
    "tier_crossed",
    "dropped",
    "~",
    "all",
];
const MEASURES: [&str; 8] = [
    "value",
    "days_since",
    "days_until",
    "latest",
    "pct_change",
    "change",
    "tier",
    "weeks",
];

fn literal() -> BoxedStrategy<Value> {
    prop_oneof![
        (-1000.0..1000.0f64).prop_map(|x| json!(x)),
        (0u32..100).prop_map(|x| json!(x)),
        any::<bool>().prop_map(|b| json!(b)),
        prop_oneof![
            Just("gold"),
            Just("at_risk"),
            Just("critical"),
            Just("2026-02-01"),
            Just("x{")
        ]
        .prop_map(|s| json!(s)),
        Just(Value::Null),
    ]
    .boxed()
}

fn cmp() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["=", "!=", "<", "<=", ">", ">="])
}

/// A well-typed test: each fact is read as one kind (a number, d date, s text, h series,
/// t score), so most generated sets validate.
fn typed_test() -> BoxedStrategy<Value> {
    prop_oneof![
        (cmp(), -10.0..10.0f64).prop_map(|(op, v)| json!({"fact": "a", "op": op, "value": v})),
        (-10.0..10.0f64, 0.0..5.0f64).prop_map(|(lo, w)| json!({"fact": "a", "op": "between", "min": lo, "max": lo + w})),
        prop::collection::vec(-3i32..3, 1..5).prop_map(|v| json!({"fact": "a", "op": "in", "values": v})),
        (cmp(), -400i32..400).prop_map(|(op, v)| json!({"fact": "d", "measure": "days_since", "op": op, "value": v})),
        (cmp(), -400i32..400).prop_map(|(op, v)| json!({"fact": "d", "measure": "days_until", "op": op, "value": v})),
        (-200i64..200).prop_map(|o| json!({"fact": "d", "op": "<", "value": day(o)})),
        prop::collection::vec(prop_oneof![Just("gold"), Just("silver")], 1..3).prop_map(|v| json!({"fact": "s", "op": "not_in", "values": v})),
        prop_oneof![Just("gold"), Just("silver")].prop_map(|v| json!({"fact": "s", "op": "=", "value": v})),
        (cmp(), 0.0..120.0f64).prop_map(|(op, v)| json!({"fact": "h", "measure": "latest", "op": op, "value": v})),
        (cmp(), -50.0..50.0f64, 1u32..90).prop_map(|(op, v, w)| json!({"fact": "h", "measure": "pct_change", "window_days": w, "op": op, "value": v})),
        (cmp(), -50.0..50.0f64, 1u32..5).prop_map(|(op, v, p)| json!({"fact": "h", "measure": "change", "periods": p, "op": op, "value": v})),
        (cmp(), 0.0..100.0f64, 1u32..6).prop_map(|(op, v, p)| json!({"fact": "h", "op": "sustained", "compare": op, "value": v, "periods": p})),
        (any::<bool>(), 1u32..120, prop::option::of(prop_oneof![Just("at_risk"), Just("critical")])).prop_map(|(down, w, into)| {
            let mut t = json!({"fact": "h", "op": "tier_crossed", "direction": if down { "down" } else { "up" }, "within_days": w});
            if let Some(into) = into { t["into"] = json!(into); }
            t
        }),
        (1.0..100.0f64, 1u32..=92).prop_map(|(pct, w)| json!({"fact": "h", "op": "dropped", "pct": pct, "within_days": w})),
        prop_oneof![Just("thriving"), Just("at_risk")].prop_map(|v| json!({"fact": "t", "measure": "tier", "op": "=", "value": v})),
        prop::sample::select(FACTS.to_vec()).prop_map(|f| json!({"fact": f, "op": "is_missing"})),
    ]
    .boxed()
}

/// A test on a fact, with fields that may or may not fit its operator.
fn test_node() -> BoxedStrategy<Value> {
    prop_oneof![12 => typed_test(), 1 => random_test()].boxed()
}

fn random_test() -> BoxedStrategy<Value> {
    (
        prop::sample::select(FACTS.to_vec()),
        prop::sample::select(OPS.to_vec()),
        prop::option::of(prop::sample::select(MEASURES.to_vec())),
        prop::option::of(0u32..400),
        prop::option::of(0u32..5),
        literal(),
        literal(),
        prop::collection::vec(literal(), 0..4),
        prop::option::of(prop_oneof![Just("down"), Just("up"), Just("left")]),
        prop::option::of(0.0..120.0f64),
    )
        .prop_map(
            |(fact, op, measure, window, periods, value, max, values, direction, pct)| {
                let mut t = serde_json::Map::new();
                t.insert("fact".into(), json!(fact));
                t.insert("op".into(), json!(op));
                if let Some(m) = measure {
                    t.insert("measure".into(), json!(m));
                }
                match op {
                    "between" => {
                        t.insert("min".into(), value);
                        t.insert("max".into(), max);
                    }
                    "in" | "not_in" => {
                        t.insert("values".into(), Value::Array(values));
                    }
                    "sustained" => {
                        t.remove("measure");
                        t.insert("compare".into(), json!(">"));
                        t.insert("value".into(), value);
                        t.insert("periods".into(), json!(periods.unwrap_or(2)));
                    }
                    "tier_crossed" => {
                        t.remove("measure");
                        t.insert("direction".into(), json!(direction.unwrap_or("down")));
                        t.insert("within_days".into(), json!(window.unwrap_or(30)));
                    }
                    "dropped" => {
                        t.remove("measure");
                        t.insert("pct".into(), json!(pct.unwrap_or(20.0)));
                        t.insert("within_days".into(), json!(window.unwrap_or(7)));
                    }
                    "is_missing" | "is_present" => {
                        t.remove("measure");
                    }
                    _ => {
                        t.insert("value".into(), value);
                        if matches!(measure, Some("pct_change" | "change")) {
                            if let Some(w) = window {
                                t.insert("window_days".into(), json!(w));
                            } else {
                                t.insert("periods".into(), json!(periods.unwrap_or(1)));
                            }
                        }
                    }
                }
                Value::Object(t)
            },
        )
        .boxed()
}

/// Condition trees up to 16 levels deep (the hard limit is 12) and up to a few hundred nodes.
fn condition() -> impl Strategy<Value = Value> {
    test_node().prop_recursive(14, 300, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..5).prop_map(|v| json!({ "all": v })),
            prop::collection::vec(inner.clone(), 1..5).prop_map(|v| json!({ "any": v })),
            inner.prop_map(|c| json!({ "not": c })),
        ]
    })
}

fn rule_set() -> impl Strategy<Value = Value> {
    (
        prop::collection::vec(
            (
                condition(),
                0u32..5,
                prop_oneof![4 => Just("critical"), 4 => Just("high"), 4 => Just("low"), 1 => Just("urgent")],
                prop_oneof![Just("call"), Just("email"), Just("visit")],
                0u32..40,
                prop_oneof![6 => Just("m {a} {days_since:d} {tier:t}"), 6 => Just("{latest:h} {account}"), 1 => Just("bad {")],
            ),
            1..6,
        ),
        prop::option::of(3u32..10),
    )
        .prop_map(|(rules, max_depth)| {
            let rules: Vec<Value> = rules
                .into_iter()
                .enumerate()
                .map(|(i, (condition, priority, severity, play, cooldown, message))| {
                    json!({
                        "key": format!("r{i}"), "label": "rule", "priority": priority,
                        "condition": condition, "cooldown_days": cooldown,
                        "action": {"play": play, "severity": severity, "due_within_hours": 24, "message": message}
                    })
                })
                .collect();
            let mut set = json!({"id": "generated", "rules": rules});
            if let Some(d) = max_depth {
                set["limits"] = json!({"max_depth": d});
            }
            set
        })
}

fn day(offset: i64) -> String {
    (NaiveDate::from_ymd_opt(2026, 3, 1).unwrap() + chrono::Duration::days(offset)).to_string()
}

fn fact_value() -> BoxedStrategy<Value> {
    prop_oneof![
        (-500.0..500.0f64).prop_map(|x| json!(x)),
        any::<bool>().prop_map(|b| json!(b)),
        (-400i64..400).prop_map(|d| json!(day(d))),
        Just(json!("gold")),
        Just(Value::Null),
        series(),
    ]
    .boxed()
}

/// A series with strictly increasing dates (some after as_of), scores mostly within 0-100.
fn series() -> BoxedStrategy<Value> {
    prop::collection::vec((1i64..20, -10.0..110.0f64), 0..40)
        .prop_map(|steps| {
            let mut offset = -300;
            Value::Array(
                steps
                    .into_iter()
                    .map(|(gap, v)| {
                        offset += gap;
                        json!({"date": day(offset), "value": v})
                    })
                    .collect(),
            )
        })
        .boxed()
}

fn facts() -> impl Strategy<Value = Value> {
    (
        prop::collection::btree_map(prop::sample::select(FACTS.to_vec()), fact_value(), 0..6),
        (
            prop::option::of(-50.0..50.0f64),
            prop::option::of(-400i64..400),
            prop::option::of(series()),
            prop::option::of(0.0..100.0f64),
        ),
        prop::collection::btree_map(
            prop_oneof![Just("call"), Just("email")],
            (-60i64..60).prop_map(day),
            0..2,
        ),
    )
        .prop_map(|(mut facts, (a, d, h, t), last)| {
            // Mostly facts of the kind the rules read; sometimes of any kind (above).
            if let Some(a) = a {
                facts.insert("a", json!(a));
            }
            if let Some(d) = d {
                facts.insert("d", json!(day(d)));
            }
            if let Some(h) = h {
                facts.insert("h", h);
            }
            if let Some(t) = t {
                facts.insert("t", json!(t));
            }
            json!({"account": "a", "as_of": "2026-03-01", "facts": facts, "last_fired": last})
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Reading and validating never panics; a valid set evaluates any facts within its bound,
    /// the summary agrees with the explained evaluation, and evaluation is deterministic.
    #[test]
    fn rule_sets_and_facts_never_panic(set in rule_set(), facts in prop::collection::vec(facts(), 1..4)) {
        let Ok(parsed) = RuleSet::from_value(&set) else { return Ok(()); };
        let engine = RuleEngine::new(parsed).unwrap();
        prop_assert!(engine.max_steps() <= 20_000 * 4_300);
        let accounts: Vec<AccountFacts> = facts.iter().map(|f| tenure::deserialize_input(f.clone()).unwrap()).collect();
        for account in &accounts {
            let (evaluation, steps) = engine.evaluate_counting(account, None).unwrap();
            prop_assert!(steps <= engine.max_steps(), "{steps} > {}", engine.max_steps());
            let plays: Vec<&str> = evaluation.actions.iter().map(|a| a.play.as_str()).collect();
            let summary = engine.summarize(account, None).unwrap();
            prop_assert_eq!(plays.clone(), summary.plays.iter().map(String::as_str).collect::<Vec<_>>());
            // One play per account.
            let mut unique = plays.clone();
            unique.sort_unstable();
            unique.dedup();
            prop_assert_eq!(unique.len(), plays.len());
            prop_assert_eq!(engine.evaluate(account, None).unwrap(), evaluation);
        }
        let batch = engine.summarize_batch(&accounts, None);
        prop_assert_eq!(batch.len(), accounts.len());
    }

    /// A set that validates also validates after a round trip through its JSON form.
    #[test]
    fn valid_sets_round_trip(set in rule_set()) {
        if let Ok(parsed) = RuleSet::from_value(&set) {
            let again = RuleSet::from_json(&parsed.to_json()).unwrap();
            prop_assert_eq!(again, parsed);
        }
    }
}

/// Deep or huge host data is refused with a typed error, not a stack overflow.
#[test]
fn deep_and_large_sets_are_rejected() {
    let mut cond = json!({"fact": "a", "op": ">", "value": 1});
    for _ in 0..1_000 {
        cond = json!({"not": cond});
    }
    let set = json!({"id": "deep", "rules": [{"key": "r", "label": "r", "condition": cond,
        "action": {"play": "p", "severity": "low", "message": "m"}}]});
    let err = RuleSet::from_value(&set).unwrap_err();
    assert_eq!(err.code().as_str(), "rules.limit_exceeded");
    let err = tenure::deserialize_rules(set).unwrap_err();
    assert_eq!(err.code().as_str(), "rules.parse");
    // 2 001 rules.
    let rule = json!({"key": "r", "label": "r", "condition": {"fact": "a", "op": ">", "value": 1},
        "action": {"play": "p", "severity": "low", "message": "m"}});
    let rules: Vec<Value> = (0..2_001).map(|_| rule.clone()).collect();
    let err = RuleSet::from_value(&json!({"id": "big", "rules": rules})).unwrap_err();
    assert_eq!(err.code().as_str(), "rules.limit_exceeded");
    // 20 001 conditions.
    let wide: Vec<Value> = (0..20_001)
        .map(|_| json!({"fact": "a", "op": ">", "value": 1}))
        .collect();
    let set = json!({"id": "wide", "rules": [{"key": "r", "label": "r", "condition": {"any": wide},
        "action": {"play": "p", "severity": "low", "message": "m"}}]});
    assert_eq!(
        RuleSet::from_value(&set).unwrap_err().code().as_str(),
        "rules.limit_exceeded"
    );
}

/// The largest rule set within the limits stays within its bound on the densest facts.
#[test]
fn worst_case_within_limits_is_bounded() {
    // 2 000 rules, each `any` of 9 `dropped` tests over a 92-day window: 20 000 conditions.
    let dropped = json!({"fact": "h", "op": "dropped", "pct": 20, "within_days": 92});
    let rule = |i: usize| {
        json!({"key": format!("r{i}"), "label": "r", "condition": {"any": vec![dropped.clone(); 9]},
        "action": {"play": format!("p{i}"), "severity": "low", "message": "m"}})
    };
    let set = json!({"id": "worst", "rules": (0..2_000).map(rule).collect::<Vec<_>>()});
    let engine = RuleEngine::new(RuleSet::from_value(&set).unwrap()).unwrap();
    assert_eq!(engine.conditions(), 20_000);
    let points: Vec<Value> = (0..93)
        .map(|i| json!({"date": day(i - 92), "value": 100.0 - i as f64 * 0.5}))
        .collect();
    let facts: AccountFacts =
        tenure::deserialize_input(json!({"as_of": "2026-03-01", "facts": {"h": points}})).unwrap();
    let (evaluation, steps) = engine.evaluate_counting(&facts, None).unwrap();
    assert!(steps <= engine.max_steps());
    assert_eq!(evaluation.actions.len(), 2_000);
}

/// The generator is not vacuous: a fair share of the generated rule sets validate (and are
/// then evaluated above), and the others fail with `rules.*` (or tier) errors.
#[test]
fn generated_sets_are_often_valid() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = rule_set();
    let mut valid = 0;
    for _ in 0..300 {
        let set = strategy.new_tree(&mut runner).unwrap().current();
        match RuleSet::from_value(&set) {
            Ok(_) => valid += 1,
            Err(e) => assert!(e.code().as_str().starts_with("rules."), "{e}"),
        }
    }
    assert!(
        valid >= 60,
        "only {valid} of 300 generated rule sets are valid"
    );
}

/// The accounts' facts as JSON columns (`null` where an account lacks the fact), and as
/// columns of values of any kind.
fn to_columns(facts: &[Value]) -> (Value, tenure::FactColumns) {
    let mut keys: Vec<&str> = FACTS.to_vec();
    keys.push("unread");
    let mut json_columns = serde_json::Map::new();
    let mut any_columns = Vec::new();
    for key in keys {
        let values: Vec<Value> = facts
            .iter()
            .map(|f| f["facts"].get(key).cloned().unwrap_or(Value::Null))
            .collect();
        let parsed: Vec<tenure::FactValue> = values
            .iter()
            .map(|v| {
                let one: AccountFacts =
                    tenure::deserialize_input(json!({"facts": {"x": v}})).unwrap();
                one.facts.get("x").cloned().unwrap()
            })
            .collect();
        any_columns.push((key.to_string(), tenure::FactColumn::Values(parsed)));
        json_columns.insert(key.to_string(), Value::Array(values));
    }
    (
        Value::Object(json_columns),
        tenure::FactColumns::new(any_columns).unwrap(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// The columnar summary gives, row by row, the plays (and the row errors) of the
    /// per-account summary, cooldowns included; typed columns either agree too or are refused as a whole with
    /// `input.column_kind`.
    #[test]
    fn columns_agree_with_accounts(set in rule_set(), facts in prop::collection::vec(facts(), 0..12)) {
        let Ok(parsed) = RuleSet::from_value(&set) else { return Ok(()); };
        let engine = RuleEngine::new(parsed).unwrap();
        let as_of = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let accounts: Vec<AccountFacts> = facts
            .iter()
            .map(|f| tenure::deserialize_input(f.clone()).unwrap())
            .collect();
        let fired: Vec<(String, Vec<Option<NaiveDate>>)> = ["call", "email", "visit"]
            .iter()
            .map(|p| (p.to_string(), accounts.iter().map(|a| a.last_fired.get(*p).copied()).collect()))
            .collect();
        let expected = engine.summarize_batch(&accounts, Some(as_of));
        let (json_columns, any_columns) = to_columns(&facts);
        let any_columns = any_columns.with_last_fired(fired.clone()).unwrap();
        let from_any = engine.summarize_columns(&any_columns, Some(as_of)).unwrap();
        prop_assert_eq!(&from_any, &expected);
        for (i, account) in accounts.iter().enumerate() {
            let one = engine.summarize(account, Some(as_of));
            let row: Vec<&str> = from_any.plays_of(i).collect();
            match one {
                Ok(plays) => prop_assert_eq!(plays.plays.iter().map(String::as_str).collect::<Vec<_>>(), row),
                Err(e) => {
                    prop_assert!(row.is_empty());
                    prop_assert!(from_any.errors.iter().any(|b| b.index == i && b.error == e));
                }
            }
        }
        let typed = tenure::FactColumns::from_value(&json_columns).unwrap().with_last_fired(fired).unwrap();
        prop_assert_eq!(typed.len(), accounts.len());
        match engine.summarize_columns(&typed, Some(as_of)) {
            Ok(batch) => prop_assert_eq!(batch, expected),
            Err(e) => {
                prop_assert_eq!(e.code(), tenure::ErrorCode::InputColumnKind);
                let key = e.path().strip_prefix("columns.").unwrap().to_string();
                let kind = engine.facts().into_iter().find(|(k, _)| *k == key).unwrap().1;
                prop_assert!(kind != tenure::FactKind::Any);
            }
        }
    }
}

/// Columns of different lengths and columns of the wrong kind are typed errors with paths.
#[test]
fn bad_columns_are_typed_errors() {
    use tenure::{ErrorCode, FactColumn, FactColumns};
    let err = FactColumns::new([
        ("a".to_string(), FactColumn::Numbers(vec![1.0, 2.0])),
        ("b".to_string(), FactColumn::Bools(vec![None])),
    ])
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InputColumnLength);
    assert_eq!(err.path(), "columns.b");
    let engine = RuleEngine::builtin();
    let columns = FactColumns::new([(
        "health_score".to_string(),
        FactColumn::Texts(vec![Some("72".into())]),
    )])
    .unwrap();
    let err = engine
        .summarize_columns(&columns, NaiveDate::from_ymd_opt(2026, 3, 1))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InputColumnKind);
    assert_eq!(err.path(), "columns.health_score");
    let err = FactColumns::from_value(&json!({"nps_score": 3})).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InputParse);
    assert_eq!(err.path(), "columns.nps_score");
}
