//! Batch health scoring with the built-in model: 1M accounts, one core.
//!
//! Target: at least 20M accounts/s. Run with `cargo bench -p tenure --bench health_batch`;
//! criterion prints the throughput in elements (accounts) per second.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stdout,
    missing_docs
)]

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::hint::black_box;
use tenure::{Batch, BatchOptions, Column, HealthModel, Scorer};

#[path = "seeded.rs"]
mod seeded;
use seeded::Seeded;

/// Columns of `n` synthetic accounts; about 3% of each input is missing.
struct Portfolio {
    numbers: Vec<(&'static str, Vec<f64>)>,
    codes: Vec<(&'static str, Vec<i32>, Vec<String>)>,
}

fn portfolio(n: usize) -> Portfolio {
    let mut rng = Seeded(42);
    let mut column = |f: &mut dyn FnMut(&mut Seeded) -> f64| -> Vec<f64> {
        (0..n)
            .map(|_| {
                if rng.unit() < 0.03 {
                    f64::NAN
                } else {
                    f(&mut rng)
                }
            })
            .collect()
    };
    let numbers = vec![
        ("dau_mau_ratio", column(&mut |r| r.unit() * 0.8)),
        ("features_adopted", column(&mut |r| r.below(20) as f64)),
        ("features_available", column(&mut |_| 20.0)),
        ("core_actions_weekly", column(&mut |r| r.below(80) as f64)),
        ("support_tickets_30d", column(&mut |r| r.below(12) as f64)),
        ("community_active", column(&mut |r| r.below(2) as f64)),
        ("champion_identified", column(&mut |r| r.below(2) as f64)),
        ("exec_sponsor", column(&mut |r| r.below(2) as f64)),
        ("contacts_count", column(&mut |r| r.below(12) as f64)),
        ("goals_achieved", column(&mut |r| r.below(3) as f64)),
        ("goals_defined", column(&mut |_| 3.0)),
        ("roi_documented", column(&mut |r| r.below(2) as f64)),
        ("expansion_signals", column(&mut |r| r.below(4) as f64)),
    ];
    let trend = vec!["down".to_string(), "flat".to_string(), "up".to_string()];
    let payment = vec![
        "current".to_string(),
        "late".to_string(),
        "delinquent".to_string(),
    ];
    let mut codes = |k: u64| -> Vec<i32> {
        (0..n)
            .map(|_| {
                if rng.unit() < 0.03 {
                    -1
                } else {
                    rng.below(k) as i32
                }
            })
            .collect()
    };
    let codes = vec![
        ("usage_trend", codes(3), trend.clone()),
        ("login_trend", codes(3), trend),
        ("payment_status", codes(3), payment),
    ];
    Portfolio { numbers, codes }
}

fn bench(c: &mut Criterion) {
    let scorer = match Scorer::new(HealthModel::builtin()) {
        Ok(s) => s,
        Err(e) => panic!("built-in model: {e}"),
    };
    let n = 1_000_000;
    let data = portfolio(n);
    let mut batch = Batch::new();
    for (key, values) in &data.numbers {
        batch.insert(key, Column::Numbers(values)).ok();
    }
    for (key, codes, categories) in &data.codes {
        batch.insert(key, Column::Codes { codes, categories }).ok();
    }
    let mut group = c.benchmark_group("health_batch");
    group.throughput(Throughput::Elements(n as u64));
    group.sample_size(20);
    group.bench_function("builtin_model_1m_accounts", |b| {
        b.iter_batched(
            || (),
            |_| black_box(scorer.score_batch(black_box(&batch), BatchOptions::default())),
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
