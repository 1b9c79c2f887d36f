//! The committed sample portfolio (`examples/data/sample_portfolio.json` and the CSV directory
//! `examples/data/sample_portfolio/`) is exactly what the seeded generator writes
//! (`cargo run -p tenure-cli --example generate_sample_portfolio` regenerates it).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn files(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn committed_sample_is_the_generators_output() {
    let committed: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/data");
    let fresh = std::env::temp_dir().join(format!("tenure-sample-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&fresh);
    tenure_cli::sample::write(&fresh).unwrap();

    let same = |name: &str| {
        let a = std::fs::read(committed.join(name)).unwrap();
        let b = std::fs::read(fresh.join(name)).unwrap();
        assert!(
            a == b,
            "{name} differs from the generator's output: run `cargo run -p tenure-cli --example generate_sample_portfolio`"
        );
    };
    same("sample_portfolio.json");
    let csv_files = files(&fresh.join("sample_portfolio"));
    assert_eq!(csv_files, files(&committed.join("sample_portfolio")));
    for name in &csv_files {
        same(&format!("sample_portfolio/{name}"));
    }
    let _ = std::fs::remove_dir_all(&fresh);
}

#[test]
fn sample_reads_like_a_real_book() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/data/sample_portfolio.json"),
    )
    .unwrap();
    assert!(
        text.len() < 6_500_000,
        "the sample stays small: {} bytes",
        text.len()
    );
    let portfolio = tenure::Portfolio::from_json(&text).unwrap();
    let n = portfolio.accounts.len();
    assert_eq!(n, tenure_cli::sample::ACCOUNTS);
    // About 8% of the book churns during the year; older losses are kept too (for cohorts).
    let year_start: chrono::NaiveDate = "2025-12-01".parse().unwrap();
    let churned_since = |from: Option<chrono::NaiveDate>| {
        portfolio
            .accounts
            .iter()
            .filter(|a| {
                a.churn
                    .as_ref()
                    .is_some_and(|c| from.map_or(c.date < year_start, |f| c.date >= f))
            })
            .count()
    };
    let book = n - churned_since(None);
    let in_year = churned_since(Some(year_start));
    assert!(
        (book * 5 / 100..book * 12 / 100).contains(&in_year),
        "{in_year} of {book} churned"
    );
    let csms: BTreeSet<_> = portfolio
        .accounts
        .iter()
        .filter_map(|a| a.csm.as_deref())
        .collect();
    assert!((8..=12).contains(&csms.len()));
    assert!(portfolio.accounts.iter().any(|a| a.onboarding.is_some()));
    let as_of = "2026-11-30".parse().unwrap();
    let review = tenure::portfolio_review(&portfolio, as_of, &Default::default()).unwrap();
    let tiers = &review.dashboard.health_distribution.tiers;
    assert_eq!(tiers.len(), 4);
    assert!(
        tiers.iter().all(|t| t.total.count > 0),
        "every tier has accounts"
    );
    assert!(!review.monthly.moved_down.is_empty());
    assert!(!review.monthly.moved_up.is_empty());
    assert!(review.dashboard.renewals.upcoming_30d.count > 0);
}
