//! MRR movements over 10M seeded synthetic customer-month rows, one core.
//!
//! The data: 500,000 customers; each starts in one of months 0-35 (from 2021-01), stays 1-40
//! months with a monthly MRR of 10-500 (whole units plus 0, 49 or 99 cents), changes plan with
//! probability 1/8 a month and pauses a month with probability 1/40, about 10M rows in all,
//! sorted by customer then month (as a `GROUP BY customer ORDER BY month` export is).
//!
//! Benchmarks: the columnar entry (f64 MRR → minor units, sortedness check, CSR build) plus
//! the movements; the movements alone on built customer-months; and the entry on the same rows
//! shuffled (the sort path). Run with `cargo bench -p tenure --bench revenue_movements`.
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
    mrr_movements, CustomerColumn, CustomerMonthColumns, CustomerMonths, Month, MonthColumn,
    MonthlyOptions, MrrColumn,
};

#[path = "seeded.rs"]
mod seeded;
use seeded::Seeded;

struct Rows {
    customer: Vec<i64>,
    month: Vec<i64>,
    mrr: Vec<f64>,
}

fn synthetic(customers: i64, seed: u64) -> Rows {
    let mut rng = Seeded(seed);
    let base = i64::from(Month::new(2021, 1).unwrap().index());
    let mut rows = Rows {
        customer: Vec::new(),
        month: Vec::new(),
        mrr: Vec::new(),
    };
    let cents = [0.0, 0.49, 0.99];
    for c in 0..customers {
        let start = rng.below(36) as i64;
        let months = 1 + rng.below(40) as i64;
        let mut mrr = (10 + rng.below(491)) as f64 + cents[rng.below(3) as usize];
        for k in 0..months {
            if rng.below(40) == 0 {
                continue; // a paused month
            }
            if rng.below(8) == 0 {
                mrr = (10 + rng.below(491)) as f64 + cents[rng.below(3) as usize];
            }
            rows.customer.push(c);
            rows.month.push(base + start + k);
            rows.mrr.push(mrr);
        }
    }
    rows
}

fn build(rows: &Rows) -> CustomerMonths {
    CustomerMonths::from_columns(
        CustomerMonthColumns {
            customer: CustomerColumn::Integers(&rows.customer),
            month: MonthColumn::Indices(&rows.month),
            mrr: MrrColumn::Floats(&rows.mrr),
            segment: None,
        },
        &MonthlyOptions::default(),
    )
    .unwrap()
}

fn bench(c: &mut Criterion) {
    let rows = synthetic(500_000, 42);
    let n = rows.customer.len();
    println!("revenue_movements: {n} customer-month rows");
    let mut group = c.benchmark_group("revenue_movements");
    group.sample_size(10);
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function("columns_to_movements_sorted", |b| {
        b.iter(|| mrr_movements(&build(black_box(&rows))).unwrap())
    });
    group.bench_function("columns_entry_only_sorted", |b| {
        b.iter(|| build(black_box(&rows)))
    });
    let built = build(&rows);
    group.bench_function("movements_only", |b| {
        b.iter(|| mrr_movements(black_box(&built)).unwrap())
    });
    // The same rows shuffled: the entry sorts them.
    let mut order: Vec<usize> = (0..n).collect();
    let mut rng = Seeded(7);
    for i in (1..n).rev() {
        order.swap(i, rng.below(i as u64 + 1) as usize);
    }
    let shuffled = Rows {
        customer: order.iter().map(|&i| rows.customer[i]).collect(),
        month: order.iter().map(|&i| rows.month[i]).collect(),
        mrr: order.iter().map(|&i| rows.mrr[i]).collect(),
    };
    group.bench_function("columns_to_movements_shuffled", |b| {
        b.iter(|| mrr_movements(&build(black_box(&shuffled))).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
