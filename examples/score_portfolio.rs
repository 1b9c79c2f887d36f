//! Scores the bundled sample portfolio (`examples/data/portfolio.json`, made by
//! `generate_portfolio`) with the built-in model and prints a table: account, score, tier and
//! top drag (the dimension whose improvement would lift the score most), then the health
//! distribution by count and ARR.
//!
//! ```text
//! cargo run --release -p tenure --example score_portfolio [path/to/portfolio.json]
//! ```
#![allow(clippy::print_stdout, clippy::print_stderr, missing_docs)]

use std::collections::BTreeMap;
use tenure::{Account, HealthModel, ScoreStatus, Scorer};

fn main() {
    if let Err(message) = run() {
        eprintln!("error: {message}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let default = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/data/portfolio.json"
    );
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| default.to_string());
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let accounts: Vec<Account> =
        tenure::deserialize_input(&mut serde_json::Deserializer::from_str(&text))
            .map_err(|e| format!("{path}: {e}"))?;
    let scorer = Scorer::new(HealthModel::builtin()).map_err(|e| e.to_string())?;

    println!(
        "{:<10} {:<24} {:<11} {:>6} {:<9} {:>5}  top drag",
        "account", "name", "segment", "score", "tier", "cov"
    );
    let mut distribution: BTreeMap<String, (usize, f64)> = BTreeMap::new();
    let mut scored = 0usize;
    for account in &accounts {
        let score = scorer.score(account).map_err(|e| e.to_string())?;
        let attribute = |key: &str| match account.attributes.get(key) {
            Some(Some(tenure::InputValue::Text(t))) => t.clone(),
            _ => String::new(),
        };
        let arr = match account.attributes.get("arr") {
            Some(Some(tenure::InputValue::Number(x))) => *x,
            _ => 0.0,
        };
        let (composite, tier) = match (&score.status, score.composite, &score.tier) {
            (ScoreStatus::Scored, Some(c), Some(t)) => {
                scored += 1;
                let label = t.label.clone().unwrap_or_else(|| t.key.clone());
                let entry = distribution.entry(label.clone()).or_insert((0, 0.0));
                entry.0 += 1;
                entry.1 += arr;
                (format!("{c:.1}"), label)
            }
            (ScoreStatus::InsufficientData, ..) => ("-".to_string(), "no data".to_string()),
            _ => ("-".to_string(), "failed".to_string()),
        };
        let drag = score
            .top_lift
            .as_ref()
            .and_then(|key| score.dimensions.iter().find(|d| &d.key == key))
            .map(|d| format!("{} (+{:.1} if maxed)", d.key, d.lift))
            .unwrap_or_default();
        println!(
            "{:<10} {:<24} {:<11} {:>6} {:<9} {:>4.0}%  {}",
            account.id.as_deref().unwrap_or(""),
            attribute("name"),
            attribute("segment"),
            composite,
            tier,
            score.coverage * 100.0,
            drag
        );
    }
    println!("\n{} accounts, {} scored", accounts.len(), scored);
    println!("{:<10} {:>6} {:>14}", "tier", "count", "ARR");
    for tier in scorer.tiers().tiers() {
        let label = tier.label.clone().unwrap_or_else(|| tier.key.clone());
        let (count, arr) = distribution.get(&label).copied().unwrap_or((0, 0.0));
        println!("{label:<10} {count:>6} {arr:>14.0}");
    }
    Ok(())
}
