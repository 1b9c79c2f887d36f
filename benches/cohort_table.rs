//! The cohort table over 10M seeded synthetic customer-month rows, one core.
//!
//! The data: 700,000 customers; each starts in one of months 0-59 (from 2020-01), stays a
//! random number of months (mean about 15), skips a month with probability 1/33 and changes
//! price now and then; rows sorted by customer then month. Benchmarks: the cohort counts and
//! table on built customer-months (monthly and quarterly cohorts), the columnar entry plus the
//! table, and merging the counts of 8 partitions. Run with
//! `cargo bench -p tenure --bench cohort_table`.
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
    cohort_counts, cohort_table, CohortOptions, CohortPeriod, CustomerColumn, CustomerMonthColumns,
    CustomerMonths, MonthColumn, MonthlyOptions, MrrColumn,
};

#[path = "seeded.rs"]
mod seeded;
use seeded::Seeded;

struct Rows {
    customer: Vec<i64>,
    month: Vec<i64>,
    mrr: Vec<f64>,
}

fn synthetic(target: usize, seed: u64) -> Rows {
    let mut rng = Seeded(seed);
    let mut rows = Rows {
        customer: Vec::with_capacity(target),
        month: Vec::with_capacity(target),
        mrr: Vec::with_capacity(target),
    };
    let mut c = 0_i64;
    while rows.customer.len() < target {
        let start = rng.below(60) as i64;
        let stay = (1 + rng.below(15) + rng.below(15)) as i64;
        let mut cents = [2900_i64, 4900, 9900, 19900][rng.below(4) as usize];
        for k in 0..stay.min(60 - start) {
            if rng.below(33) == 0 {
                continue;
            }
            if rng.below(25) == 0 {
                cents += if rng.below(2) == 0 { 1000 } else { -1000 };
                cents = cents.max(900);
            }
            rows.customer.push(c);
            rows.month.push(600 + start + k);
            rows.mrr.push(cents as f64 / 100.0);
            if rows.customer.len() == target {
                break;
            }
        }
        c += 1;
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
    let rows = synthetic(10_000_000, 7);
    let months = build(&rows);
    let n = rows.customer.len() as u64;
    println!("{} rows, {} customers", n, months.customer_count());
    let mut group = c.benchmark_group("cohort_table_10M");
    group.sample_size(10);
    group.throughput(Throughput::Elements(n));
    let monthly = CohortOptions::default();
    let quarterly = CohortOptions {
        period: CohortPeriod::Quarter,
        ..CohortOptions::default()
    };
    group.bench_function("table (monthly, built customer-months)", |b| {
        b.iter(|| black_box(cohort_table(&months, &monthly).unwrap()))
    });
    group.bench_function("table (quarterly, built customer-months)", |b| {
        b.iter(|| black_box(cohort_table(&months, &quarterly).unwrap()))
    });
    group.bench_function("columns in + table (monthly)", |b| {
        b.iter(|| black_box(cohort_table(&build(&rows), &monthly).unwrap()))
    });
    // Eight partitions of the customers, counted apart and merged.
    let parts: Vec<CustomerMonths> = (0..8)
        .map(|p| {
            let keep: Vec<usize> = (0..rows.customer.len())
                .filter(|&i| rows.customer[i] % 8 == p)
                .collect();
            build(&Rows {
                customer: keep.iter().map(|&i| rows.customer[i]).collect(),
                month: keep.iter().map(|&i| rows.month[i]).collect(),
                mrr: keep.iter().map(|&i| rows.mrr[i]).collect(),
            })
        })
        .collect();
    let counts: Vec<_> = parts
        .iter()
        .map(|p| cohort_counts(p, &monthly).unwrap())
        .collect();
    let whole = cohort_table(&months, &monthly).unwrap();
    let mut merged = counts[0].clone();
    for part in &counts[1..] {
        merged.merge(part).unwrap();
    }
    assert_eq!(
        merged.table().unwrap(),
        whole,
        "merged partitions differ from the whole"
    );
    group.bench_function("merge 8 partitions' counts + table", |b| {
        b.iter(|| {
            let mut m = counts[0].clone();
            for part in &counts[1..] {
                m.merge(part).unwrap();
            }
            black_box(m.table().unwrap())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
