//! The lifecycle functions in the core, one core: churn-reason analysis and surprise churn over
//! 200k churn events, and the per-account timelines (renewal prep, onboarding plan, touch
//! cadence, engagement level) per call. Run with `cargo bench -p tenure --bench lifecycle`;
//! criterion prints the throughput in elements (events or accounts) per second. The pandas
//! peer runs from `benches/python_lifecycle.py`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stdout,
    missing_docs
)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use tenure::{
    churn_reason_analysis, engagement_level, onboarding_plan, renewal_prep, surprise_churn,
    touch_cadence, AccountHistory, ActivityFacts, ChurnEvent, ChurnTaxonomy, Decimal, HealthModel,
    NaiveDate, OnboardingInput, RenewalInput, ScorePoint, Segment, SurpriseChurnInput, TierScale,
    TouchCadenceInput,
};

const CATEGORIES: [&str; 6] = [
    "product",
    "value",
    "relationship",
    "financial",
    "competition",
    "strategic",
];

fn day(n: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 1, 1)
        .unwrap()
        .checked_add_days(chrono::Days::new(n))
        .unwrap()
}

fn events(n: usize) -> Vec<ChurnEvent> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            ChurnEvent {
                account: format!("a{i}"),
                date: day(x % 1095),
                category: Some(CATEGORIES[(x >> 20) as usize % 6].to_string()),
                sub_reason: None,
                arr: Decimal::new((x >> 30) as i64 % 200_000 + 1_000, 0),
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let n = 200_000;
    let events = events(n);
    let taxonomy = ChurnTaxonomy::seed();
    let mut group = c.benchmark_group("lifecycle");
    group.sample_size(10);
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function("churn_reason_analysis_200k", |b| {
        b.iter(|| churn_reason_analysis(&taxonomy, black_box(&events)).unwrap())
    });
    let tiers = TierScale::new(HealthModel::builtin().tiers).unwrap();
    let histories: Vec<AccountHistory> = events
        .iter()
        .enumerate()
        .map(|(i, e)| AccountHistory {
            account: e.account.clone(),
            history: (0..4u64)
                .rev()
                .map(|k| ScorePoint {
                    date: e.date - chrono::Days::new(45 * (k + 1)),
                    score: ((i as u64 * 37 + k * 11) % 1001) as f64 / 10.0,
                })
                .collect(),
        })
        .collect();
    let input = SurpriseChurnInput {
        events: events.clone(),
        histories,
        ..SurpriseChurnInput::default()
    };
    group.bench_function("surprise_churn_200k", |b| {
        b.iter(|| surprise_churn(&tiers, black_box(&input)).unwrap())
    });
    group.throughput(Throughput::Elements(1));
    let renewal = RenewalInput {
        renewal_date: day(700),
        as_of: day(650),
        completed: vec!["internal_review".into(), "success_recap".into()],
        health_tier: Some("at_risk".into()),
        ..RenewalInput::default()
    };
    group.bench_function("renewal_prep", |b| {
        b.iter(|| renewal_prep(black_box(&renewal)).unwrap())
    });
    let onboarding = OnboardingInput {
        start_date: day(10),
        as_of: day(30),
        segment: Segment::MidMarket,
        ..OnboardingInput::default()
    };
    group.bench_function("onboarding_plan", |b| {
        b.iter(|| onboarding_plan(black_box(&onboarding)).unwrap())
    });
    let mut cadence = TouchCadenceInput {
        arr: Decimal::new(120_000, 0),
        as_of: day(100),
        ..TouchCadenceInput::default()
    };
    cadence.last_touches.sync = Some(day(80));
    group.bench_function("touch_cadence", |b| {
        b.iter(|| touch_cadence(black_box(&cadence)).unwrap())
    });
    let facts = ActivityFacts {
        active_days_per_week: 3.5,
        last_active_on: Some(day(98)),
        as_of: day(100),
        ..ActivityFacts::default()
    };
    group.bench_function("engagement_level", |b| {
        b.iter(|| engagement_level(black_box(&facts)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
