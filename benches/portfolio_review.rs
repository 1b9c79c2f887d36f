//! The portfolio review and the account commands over the bundled sample portfolio
//! (`examples/data/sample_portfolio.json`, about 2,500 accounts with a year of history), and over
//! the same accounts repeated ten times (ids suffixed) for a 25,000-account portfolio. Run with
//! `cargo bench -p tenure --bench portfolio_review`; criterion prints accounts per second.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stdout,
    missing_docs
)]

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use tenure::{portfolio_review, run_command, Command, CommandOptions, NaiveDate, Portfolio};

fn sample() -> Portfolio {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/data/sample_portfolio.json"
    );
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{path}: {e} (run the sample generator first)"));
    Portfolio::from_json(&text).expect("the sample portfolio is valid")
}

fn repeated(portfolio: &Portfolio, times: usize) -> Portfolio {
    let mut out = portfolio.clone();
    out.accounts = (0..times)
        .flat_map(|k| {
            portfolio.accounts.iter().map(move |a| {
                let mut a = a.clone();
                a.id = format!("{}-{k}", a.id);
                a
            })
        })
        .collect();
    out
}

fn bench(c: &mut Criterion) {
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let options = CommandOptions::default();
    let base = sample();
    let mut group = c.benchmark_group("portfolio_review");
    group.sample_size(10);
    for times in [1usize, 10] {
        let portfolio = repeated(&base, times);
        group.throughput(Throughput::Elements(portfolio.accounts.len() as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(portfolio.accounts.len()),
            &portfolio,
            |b, p| b.iter(|| black_box(portfolio_review(p, as_of, &options).unwrap())),
        );
    }
    group.finish();

    let mut group = c.benchmark_group("account_commands");
    group.sample_size(10);
    group.throughput(Throughput::Elements(base.accounts.len() as u64));
    for command in [
        Command::Score,
        Command::ChurnRisk,
        Command::QbrPrep,
        Command::SavePlay,
    ] {
        group.bench_function(command.name(), |b| {
            b.iter(|| {
                for a in &base.accounts {
                    black_box(run_command(&base, command, Some(&a.id), as_of, &options).ok());
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
