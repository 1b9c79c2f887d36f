//! The default rule pack over 100k synthetic accounts (seeded), one core.
//!
//! Target: at least 1M account evaluations/s. Run with `cargo bench -p tenure --bench
//! rules_pack`; criterion prints the throughput in elements (accounts) per second for the
//! summary mode (plays only) per account (`summarize_batch`, facts in one map per account) and
//! over fact columns (`summarize_columns`, the same portfolio as one column per fact), and the
//! explained mode (every rule's condition tree, messages). The columnar path is checked to give
//! the same plays as the per-account path before it is timed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stdout,
    missing_docs
)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Instant;
use tenure::{
    AccountFacts, FactColumn, FactColumns, FactKind, FactValue, NaiveDate, RuleEngine, SeriesPoint,
};

#[path = "seeded.rs"]
mod seeded;
use seeded::Seeded;

const AS_OF: (i32, u32, u32) = (2026, 3, 1);

fn day(offset: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(AS_OF.0, AS_OF.1, AS_OF.2).unwrap() + chrono::Duration::days(offset)
}

/// A realistic account: about 30 facts, a 12-point health history and a 6-month usage series;
/// a few percent of accounts are onboarding, most facts are present.
fn account(rng: &mut Seeded, i: usize) -> AccountFacts {
    let mut a = AccountFacts::new(format!("acct-{i}"));
    let health = 20.0 + rng.unit() * 80.0;
    a = a.with("health_score", (health * 10.0).round() / 10.0);
    let history: Vec<SeriesPoint> = (0..12)
        .map(|k| SeriesPoint {
            date: day(-7 * (11 - k)),
            value: (health + (rng.unit() - 0.5) * 30.0).clamp(0.0, 100.0),
        })
        .collect();
    a = a.with("health_history", FactValue::Series(history));
    let usage: Vec<SeriesPoint> = (0..6)
        .map(|k| SeriesPoint {
            date: day(-30 * (6 - k)),
            value: 500.0 + rng.unit() * 1000.0,
        })
        .collect();
    a = a.with("monthly_usage", FactValue::Series(usage));
    a = a.with("last_login_at", day(-(rng.below(60) as i64)));
    a = a.with("nps_score", rng.below(11) as f64);
    let licensed = 10.0 + rng.below(200) as f64;
    a = a.with("seats_licensed", licensed);
    a = a.with("seats_used", (licensed * (0.4 + rng.unit() * 0.6)).round());
    a = a.with("features_available", 20.0);
    a = a.with("features_adopted", rng.below(21) as f64);
    for flag in [
        "champion_job_change",
        "competitor_evaluation",
        "procurement_delayed",
        "renewal_legal_questions",
        "new_department_interest",
        "champion_promoted",
        "api_access_requested",
        "exec_sponsor",
    ] {
        a = a.with(flag, rng.chance(0.05));
    }
    for count in [
        "support_tickets_30d",
        "support_tickets_prior_30d",
        "billing_page_visits_30d",
        "plan_upgrades_30d",
        "data_export_requests_30d",
        "seats_removed_30d",
        "usage_limit_hits_30d",
        "higher_tier_feature_requests_30d",
    ] {
        a = a.with(
            count,
            if rng.chance(0.8) {
                0.0
            } else {
                rng.below(8) as f64
            },
        );
    }
    a = a.with("renewal_date", day(rng.below(365) as i64));
    if rng.chance(0.1) {
        a = a.with("growth_announced_on", day(-(rng.below(90) as i64)));
    }
    if rng.chance(0.08) {
        a = a
            .with("onboarding_started_on", day(-(rng.below(90) as i64)))
            .with("kickoff_scheduled_on", day(-(rng.below(20) as i64)))
            .with("users_active", rng.below(50) as f64)
            .with("users_licensed", 50.0)
            .with("integration_failed", rng.chance(0.1))
            .with("champion_left", rng.chance(0.03));
        if rng.chance(0.7) {
            a = a.with("first_login_at", day(-(rng.below(5) as i64)));
        }
    }
    if rng.chance(0.3) {
        a = a.fired("at_risk_intervention_plan", day(-(rng.below(40) as i64)));
    }
    a
}

fn portfolio(n: usize) -> Vec<AccountFacts> {
    let mut rng = Seeded(42);
    (0..n).map(|i| account(&mut rng, i)).collect()
}

/// The portfolio as fact columns: one typed column per fact the rules read, `last_fired` as one
/// day column per play.
fn columns(engine: &RuleEngine, accounts: &[AccountFacts]) -> FactColumns {
    let columns = engine.facts().into_iter().map(|(key, kind)| {
        let get = |a: &AccountFacts| a.facts.get(&key).cloned();
        let column = match kind {
            FactKind::Number => FactColumn::Numbers(
                accounts
                    .iter()
                    .map(|a| match get(a) {
                        Some(FactValue::Number(n)) => n,
                        _ => f64::NAN,
                    })
                    .collect(),
            ),
            FactKind::Bool => FactColumn::Bools(
                accounts
                    .iter()
                    .map(|a| match get(a) {
                        Some(FactValue::Bool(b)) => Some(b),
                        _ => None,
                    })
                    .collect(),
            ),
            FactKind::Date => FactColumn::Dates(
                accounts
                    .iter()
                    .map(|a| match get(a) {
                        Some(FactValue::Date(d)) => Some(d),
                        _ => None,
                    })
                    .collect(),
            ),
            FactKind::Series => FactColumn::Series(
                accounts
                    .iter()
                    .map(|a| match get(a) {
                        Some(FactValue::Series(p)) => Some(p),
                        _ => None,
                    })
                    .collect(),
            ),
            _ => FactColumn::Values(
                accounts
                    .iter()
                    .map(|a| get(a).unwrap_or(FactValue::Null))
                    .collect(),
            ),
        };
        (key, column)
    });
    let mut fired: BTreeMap<String, Vec<Option<NaiveDate>>> = BTreeMap::new();
    for play in engine.plays() {
        if accounts.iter().any(|a| a.last_fired.contains_key(play)) {
            fired.insert(
                play.clone(),
                accounts
                    .iter()
                    .map(|a| a.last_fired.get(play).copied())
                    .collect(),
            );
        }
    }
    FactColumns::new(columns)
        .unwrap()
        .with_last_fired(fired)
        .unwrap()
}

/// Accounts per second of one run of `f` over `n` accounts (best of `runs`).
fn rate(n: usize, runs: usize, mut f: impl FnMut()) -> f64 {
    let mut best = f64::INFINITY;
    for _ in 0..runs {
        let start = Instant::now();
        f();
        best = best.min(start.elapsed().as_secs_f64());
    }
    n as f64 / best
}

fn bench(c: &mut Criterion) {
    // `TENURE_RULES_ACCOUNTS` / `TENURE_RULES_RUNS` shrink the run (e.g. under
    // `valgrind --tool=callgrind`, whose instruction counts are repeatable on a busy machine).
    let env = |k: &str, d: usize| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    let n_accounts = env("TENURE_RULES_ACCOUNTS", 100_000);
    let runs = env("TENURE_RULES_RUNS", 5);
    let engine = RuleEngine::builtin();
    let accounts = portfolio(n_accounts);
    let as_of = Some(day(0));
    let plays = engine.summarize_batch(&accounts, as_of);
    let fired: usize = plays.plays.len();
    println!(
        "default pack: {} rules, {} conditions; {n_accounts} accounts, {fired} plays proposed ({:.2} per account)",
        engine.rule_set().rules.len(),
        engine.conditions(),
        fired as f64 / n_accounts as f64
    );
    let table = columns(&engine, &accounts);
    let by_columns = engine.summarize_columns(&table, as_of).unwrap();
    assert_eq!(
        by_columns, plays,
        "the columnar path gives the per-account plays"
    );
    // Both paths in the same run, best of `runs` (criterion's figures follow).
    let per_account = rate(n_accounts, runs, || {
        black_box(engine.summarize_batch(black_box(&accounts), as_of));
    });
    let columnar = rate(n_accounts, runs, || {
        black_box(engine.summarize_columns(black_box(&table), as_of).unwrap());
    });
    println!(
        "summary per account: {:.0} accounts/s; columnar: {:.0} accounts/s ({:.2}x)",
        per_account,
        columnar,
        columnar / per_account
    );
    let mut group = c.benchmark_group("rules_pack");
    group.throughput(Throughput::Elements(n_accounts as u64));
    group.sample_size(10);
    group.bench_function("summary_100k", |b| {
        b.iter(|| black_box(engine.summarize_batch(black_box(&accounts), as_of)))
    });
    group.bench_function("columns_100k", |b| {
        b.iter(|| black_box(engine.summarize_columns(black_box(&table), as_of).unwrap()))
    });
    group.bench_function("explained_100k", |b| {
        b.iter(|| black_box(engine.evaluate_batch(black_box(&accounts), as_of)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
