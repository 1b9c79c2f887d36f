//! Property tests of the health engine (proptest).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use proptest::prelude::*;
use tenure::{
    Account, Batch, BatchOptions, Column, Direction, HealthModel, InputValue, ScoreStatus, Scorer,
    SignalKind,
};

/// Values for every input of the built-in model; `None` = missing.
#[derive(Clone, Debug)]
struct Inputs {
    numbers: Vec<(&'static str, Option<f64>)>,
    texts: Vec<(&'static str, Option<&'static str>)>,
    bools: Vec<(&'static str, Option<bool>)>,
}

fn maybe<T: std::fmt::Debug + Clone + 'static>(
    s: impl Strategy<Value = T> + 'static,
) -> BoxedStrategy<Option<T>> {
    prop_oneof![1 => Just(None), 6 => s.prop_map(Some)].boxed()
}

fn builtin_inputs() -> impl Strategy<Value = Inputs> {
    let trend = || maybe(prop_oneof![Just("down"), Just("flat"), Just("up")]);
    (
        (
            maybe(0.0..=1.0f64),
            maybe(0u32..=20),
            maybe(1u32..=20),
            maybe(0u32..=80),
            maybe(0u32..=15),
            maybe(0u32..=12),
            maybe(0u32..=6),
            maybe(1u32..=6),
            maybe(0u32..=5),
        ),
        (
            trend(),
            trend(),
            maybe(prop_oneof![
                Just("current"),
                Just("late"),
                Just("delinquent")
            ]),
        ),
        (
            maybe(any::<bool>()),
            maybe(any::<bool>()),
            maybe(any::<bool>()),
            maybe(any::<bool>()),
        ),
    )
        .prop_map(
            |(
                (dau, fa, fv, core, tickets, contacts, ga, gd, exp),
                (ut, lt, pay),
                (ca, ch, ex, roi),
            )| {
                Inputs {
                    numbers: vec![
                        ("dau_mau_ratio", dau),
                        ("features_adopted", fa.map(f64::from)),
                        (
                            "features_available",
                            fv.map(|v| f64::from(v.max(fa.unwrap_or(0)))),
                        ),
                        ("core_actions_weekly", core.map(f64::from)),
                        ("support_tickets_30d", tickets.map(f64::from)),
                        ("contacts_count", contacts.map(f64::from)),
                        (
                            "goals_achieved",
                            ga.map(|g| f64::from(g.min(gd.unwrap_or(6)))),
                        ),
                        ("goals_defined", gd.map(f64::from)),
                        ("expansion_signals", exp.map(f64::from)),
                    ],
                    texts: vec![
                        ("usage_trend", ut),
                        ("login_trend", lt),
                        ("payment_status", pay),
                    ],
                    bools: vec![
                        ("community_active", ca),
                        ("champion_identified", ch),
                        ("exec_sponsor", ex),
                        ("roi_documented", roi),
                    ],
                }
            },
        )
}

fn account(inputs: &Inputs) -> Account {
    let mut account = Account::new("p");
    for (k, v) in &inputs.numbers {
        if let Some(v) = v {
            account = account.with(k, *v);
        }
    }
    for (k, v) in &inputs.texts {
        if let Some(v) = v {
            account = account.with(k, *v);
        }
    }
    for (k, v) in &inputs.bools {
        if let Some(v) = v {
            account = account.with(k, *v);
        }
    }
    account
}

fn scorer() -> Scorer {
    Scorer::new(HealthModel::builtin()).unwrap()
}

/// The built-in model with every dimension and every signal list reversed.
fn reversed(model: &HealthModel) -> HealthModel {
    let mut m = model.clone();
    m.dimensions.reverse();
    for d in &mut m.dimensions {
        d.signals.reverse();
    }
    m.tiers.reverse();
    m
}

/// A random model: 1-4 dimensions of 1-4 numeric signals with random bands and weights.
fn random_model() -> impl Strategy<Value = HealthModel> {
    let band_cuts = prop::collection::vec(0.01f64..10.0, 1..4);
    let signal = (
        band_cuts,
        prop::collection::vec(0.0f64..=10.0, 8),
        0.1f64..5.0,
        0u8..4,
    );
    let dimension = (prop::collection::vec(signal, 1..4), 0.5f64..50.0, 0u8..4);
    prop::collection::vec(dimension, 1..4).prop_map(|dims| {
        let mut dimensions = Vec::new();
        for (d, (signals, weight, combine)) in dims.into_iter().enumerate() {
            let mut sigs = Vec::new();
            for (s, (cuts, points, w, policy)) in signals.into_iter().enumerate() {
                let mut edges = vec![0.0];
                let mut acc = 0.0;
                for c in cuts {
                    acc += c;
                    edges.push(acc);
                }
                let mut sorted = points.clone();
                sorted.sort_by(f64::total_cmp);
                let bands: Vec<serde_json::Value> = edges
                    .windows(2)
                    .enumerate()
                    .map(|(i, e)| {
                        serde_json::json!({"from": e[0], "to": e[1], "points": [sorted[i * 2], sorted[i * 2 + 1]]})
                    })
                    .collect();
                let missing = ["exclude", "neutral", "zero", "exclude"][policy as usize];
                sigs.push(serde_json::json!({
                    "key": format!("s{d}_{s}"), "weight": w, "direction": "higher_is_better",
                    "missing": missing,
                    "kind": {"type": "numeric", "bands": bands}
                }));
            }
            let combine = ["mean", "min", "max", "weighted"][combine as usize];
            dimensions.push(serde_json::json!({"key": format!("d{d}"), "weight": weight, "combine": combine, "signals": sigs}));
        }
        HealthModel::from_value(serde_json::json!({
            "id": "random", "dimensions": dimensions,
            "tiers": [{"key": "high", "min": 70}, {"key": "mid", "min": 35.5}, {"key": "low", "min": 0}]
        }))
        .unwrap()
    })
}

/// Inputs for a random model: one value per signal in 0..12 (some outside the bands), some missing.
fn random_values(model: &HealthModel, seed: &[Option<f64>]) -> Account {
    let mut account = Account::new("r");
    let keys = model.input_keys();
    for (k, v) in keys.iter().zip(seed.iter().cycle()) {
        if let Some(v) = v {
            account = account.with(k, *v);
        }
    }
    account
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn composite_is_within_0_and_100(inputs in builtin_inputs()) {
        let score = scorer().score(&account(&inputs)).unwrap();
        if let Some(c) = score.composite {
            prop_assert!((0.0..=100.0).contains(&c));
        }
        prop_assert!((0.0..=1.0).contains(&score.coverage));
    }

    #[test]
    fn random_models_stay_within_0_and_100(model in random_model(), values in prop::collection::vec(maybe(-1.0f64..12.0), 1..8)) {
        let scorer = Scorer::new(model.clone()).unwrap();
        let score = scorer.score(&random_values(&model, &values)).unwrap();
        if let Some(c) = score.composite {
            prop_assert!((0.0..=100.0).contains(&c));
        }
    }

    #[test]
    fn higher_is_better_signals_never_lower_the_score(model in random_model(), values in prop::collection::vec(0.0f64..12.0, 1..8), bump in 0.0f64..5.0, pick in 0usize..16) {
        let scorer = Scorer::new(model.clone()).unwrap();
        let keys = model.input_keys();
        let before = random_values(&model, &values.iter().map(|v| Some(*v)).collect::<Vec<_>>());
        let key = keys[pick % keys.len()];
        let Some(Some(InputValue::Number(x))) = before.inputs.get(key).cloned() else { return Ok(()) };
        let low = scorer.score(&before).unwrap();
        let after = before.clone().with(key, x + bump);
        let high = scorer.score(&after).unwrap();
        // Only compare when the input stays inside the bands (else it becomes missing).
        if high.issues.is_empty() && low.issues.is_empty() {
            prop_assert!(high.composite.unwrap() >= low.composite.unwrap(),
                "{key}: {x} -> {}: {:?} < {:?}", x + bump, high.composite, low.composite);
        }
    }

    #[test]
    fn builtin_is_monotone_in_its_ordered_signals(inputs in builtin_inputs(), pick in 0usize..64) {
        let scorer = scorer();
        let model = scorer.model();
        let ordered: Vec<_> = model.dimensions.iter().flat_map(|d| d.signals.iter())
            .filter(|s| s.direction == Direction::HigherIsBetter && matches!(s.kind, SignalKind::Numeric { .. } | SignalKind::Count { .. }))
            .collect();
        let signal = ordered[pick % ordered.len()];
        let base = account(&inputs);
        let key = signal.inputs()[0];
        let x = match base.inputs.get(key) { Some(Some(InputValue::Number(x))) => *x, _ => 0.0 };
        let step = if matches!(signal.kind, SignalKind::Count { .. }) { 1.0 } else { 0.01 };
        let lo = scorer.score(&base.clone().with(key, x)).unwrap();
        let hi = scorer.score(&base.clone().with(key, x + step)).unwrap();
        if let (Some(a), Some(b)) = (lo.composite, hi.composite) {
            if hi.issues.is_empty() {
                prop_assert!(b >= a, "{key} {x}: {b} < {a}");
            }
        }
    }

    #[test]
    fn listing_order_does_not_matter(inputs in builtin_inputs()) {
        let a = scorer();
        let b = Scorer::new(reversed(a.model())).unwrap();
        let account = account(&inputs);
        let (sa, sb) = (a.score(&account).unwrap(), b.score(&account).unwrap());
        prop_assert_eq!(sa.composite, sb.composite);
        prop_assert_eq!(sa.coverage, sb.coverage);
        prop_assert_eq!(sa.tier, sb.tier);
    }

    #[test]
    fn random_model_order_does_not_matter(model in random_model(), values in prop::collection::vec(maybe(0.0f64..12.0), 1..8)) {
        let a = Scorer::new(model.clone()).unwrap();
        let b = Scorer::new(reversed(&model)).unwrap();
        let account = random_values(&model, &values);
        let (sa, sb) = (a.score(&account).unwrap(), b.score(&account).unwrap());
        prop_assert_eq!(sa.composite, sb.composite);
        prop_assert_eq!(sa.coverage, sb.coverage);
    }

    #[test]
    fn models_survive_a_json_round_trip(model in random_model()) {
        let text = model.to_json();
        prop_assert_eq!(HealthModel::from_json(&text).unwrap(), model);
    }

    #[test]
    fn renormalisation_equals_scoring_the_reduced_model(model in random_model(), values in prop::collection::vec(0.0f64..12.0, 1..8), drop in 0usize..16) {
        // Excluding one missing signal must equal scoring the model without it.
        let mut full = model.clone();
        for d in &mut full.dimensions {
            for s in &mut d.signals {
                s.missing = tenure::MissingPolicy::Exclude;
            }
        }
        let keys: Vec<String> = full.input_keys().into_iter().map(String::from).collect();
        let dropped = keys[drop % keys.len()].clone();
        let mut reduced = full.clone();
        for d in &mut reduced.dimensions {
            d.signals.retain(|s| s.key != dropped);
        }
        reduced.dimensions.retain(|d| !d.signals.is_empty());
        prop_assume!(!reduced.dimensions.is_empty());
        let mut account = random_values(&full, &values.iter().map(|v| Some(*v)).collect::<Vec<_>>());
        account.inputs.remove(&dropped);
        let with_gap = Scorer::new(full).unwrap().score(&account).unwrap();
        let without = Scorer::new(reduced).unwrap().score(&account).unwrap();
        prop_assert_eq!(with_gap.composite, without.composite);
        prop_assert_eq!(&with_gap.tier, &without.tier);
    }

    #[test]
    fn batch_equals_single_scores(rows in prop::collection::vec(builtin_inputs(), 1..40)) {
        let scorer = scorer();
        let accounts: Vec<Account> = rows.iter().map(account).collect();
        let batch_from_records = scorer.score_records(&accounts, BatchOptions::default()).unwrap();
        // The same rows as typed columns.
        let numbers: Vec<(&str, Vec<f64>)> = rows[0].numbers.iter().enumerate().map(|(i, (k, _))| {
            (*k, rows.iter().map(|r| r.numbers[i].1.unwrap_or(f64::NAN)).collect())
        }).collect();
        let texts: Vec<(&str, Vec<Option<String>>)> = rows[0].texts.iter().enumerate().map(|(i, (k, _))| {
            (*k, rows.iter().map(|r| r.texts[i].1.map(String::from)).collect())
        }).collect();
        let bools: Vec<(&str, Vec<Option<bool>>)> = rows[0].bools.iter().enumerate().map(|(i, (k, _))| {
            (*k, rows.iter().map(|r| r.bools[i].1).collect())
        }).collect();
        let mut batch = Batch::new();
        for (k, v) in &numbers { batch.insert(k, Column::Numbers(v)).unwrap(); }
        for (k, v) in &texts { batch.insert(k, Column::Texts(v)).unwrap(); }
        for (k, v) in &bools { batch.insert(k, Column::Bools(v)).unwrap(); }
        let batch = scorer.score_batch(&batch, BatchOptions::default()).unwrap();
        for (i, account) in accounts.iter().enumerate() {
            let single = scorer.score(account).unwrap();
            for scores in [&batch, &batch_from_records] {
                prop_assert_eq!(scores.status[i], single.status);
                prop_assert_eq!(scores.coverage[i].to_bits(), single.coverage.to_bits());
                match single.composite {
                    Some(c) => prop_assert_eq!(scores.composite[i].to_bits(), c.to_bits()),
                    None => prop_assert!(scores.composite[i].is_nan()),
                }
            }
            if single.status == ScoreStatus::Scored {
                let tier = &scorer.model().tiers[batch.tier[i] as usize];
                prop_assert_eq!(&tier.key, &single.tier.as_ref().unwrap().key);
            }
        }
    }
}
