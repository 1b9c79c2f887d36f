//! Writes the bundled sample portfolio, `examples/data/portfolio.json`: 300 synthetic accounts
//! with the built-in model's inputs, a segment, an ARR and a CSM, from a fixed seed (the same
//! file on every run).
//!
//! ```text
//! cargo run -p tenure --example generate_portfolio
//! ```
//!
//! Each account has a hidden health level; its inputs are drawn around that level with noise, so
//! signals agree with each other the way real ones mostly do, and about 4% of the inputs are
//! missing (as in CRM exports).
#![allow(clippy::print_stdout, clippy::print_stderr, missing_docs)]

use serde_json::{json, Map, Value};

/// splitmix64, a small seeded generator.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// `level` moved by up to ±`spread`, kept in [0, 1].
    fn around(&mut self, level: f64, spread: f64) -> f64 {
        (level + (self.unit() * 2.0 - 1.0) * spread).clamp(0.0, 1.0)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let i = (self.next() % items.len() as u64) as usize;
        items.get(i).copied().unwrap_or("")
    }
}

const NAMES: [&str; 20] = [
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Vandelay",
    "Stark",
    "Wayne",
    "Wonka",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
    "Aperture",
    "Massive",
    "Oscorp",
    "Gringotts",
    "Duff",
    "Monarch",
    "Pied Piper",
    "Nakatomi",
];
const SUFFIXES: [&str; 15] = [
    "Labs",
    "Systems",
    "Logistics",
    "Health",
    "Retail",
    "Capital",
    "Media",
    "Foods",
    "Energy",
    "Analytics",
    "Robotics",
    "Travel",
    "Insurance",
    "Studios",
    "Networks",
];
const CSMS: [&str; 6] = [
    "Ana Ruiz",
    "Ben Okafor",
    "Chloe Martin",
    "Dev Patel",
    "Eli Novak",
    "Fay Chen",
];

/// Adds an input, except for about 4% of inputs, left missing.
fn put(inputs: &mut Map<String, Value>, rng: &mut Seeded, key: &str, value: Value) {
    if rng.unit() >= 0.04 {
        inputs.insert(key.to_string(), value);
    }
}

fn trend(rng: &mut Seeded, level: f64) -> &'static str {
    let x = rng.around(level, 0.3);
    if x < 0.35 {
        "down"
    } else if x < 0.65 {
        "flat"
    } else {
        "up"
    }
}

fn main() {
    let mut rng = Seeded(20_261_123);
    let mut accounts = Vec::new();
    for i in 0..300 {
        let level = rng.unit().powf(0.8);
        let (segment, arr) = match rng.unit() {
            x if x < 0.15 => ("enterprise", 100_000.0 + rng.unit() * 400_000.0),
            x if x < 0.45 => ("mid-market", 25_000.0 + rng.unit() * 75_000.0),
            x if x < 0.85 => ("smb", 5_000.0 + rng.unit() * 20_000.0),
            _ => ("self-serve", 500.0 + rng.unit() * 4_500.0),
        };
        let features_available = 20.0;
        let goals_defined = (1.0 + rng.unit() * 5.0).floor();
        let mut inputs = Map::new();
        let v = json!((rng.around(level, 0.25) * 0.7 * 1000.0).round() / 1000.0);
        put(&mut inputs, &mut rng, "dau_mau_ratio", v);
        let v = json!((rng.around(level, 0.3) * features_available).round());
        put(&mut inputs, &mut rng, "features_adopted", v);
        let v = json!(features_available);
        put(&mut inputs, &mut rng, "features_available", v);
        let v = json!((rng.around(level, 0.3) * 60.0).round());
        put(&mut inputs, &mut rng, "core_actions_weekly", v);
        let usage = trend(&mut rng, level);
        let v = json!(usage);
        put(&mut inputs, &mut rng, "usage_trend", v);
        let login = trend(&mut rng, level);
        let v = json!(login);
        put(&mut inputs, &mut rng, "login_trend", v);
        let v = json!(((1.0 - rng.around(level, 0.4)) * 12.0).round());
        put(&mut inputs, &mut rng, "support_tickets_30d", v);
        let v = json!(rng.around(level, 0.4) > 0.6);
        put(&mut inputs, &mut rng, "community_active", v);
        let v = json!(rng.around(level, 0.5) > 0.3);
        put(&mut inputs, &mut rng, "champion_identified", v);
        let v = json!(rng.around(level, 0.4) > 0.55);
        put(&mut inputs, &mut rng, "exec_sponsor", v);
        let v = json!((rng.around(level, 0.3) * 8.0).round());
        put(&mut inputs, &mut rng, "contacts_count", v);
        let v = json!((rng.around(level, 0.3) * goals_defined).round());
        put(&mut inputs, &mut rng, "goals_achieved", v);
        let v = json!(goals_defined);
        put(&mut inputs, &mut rng, "goals_defined", v);
        let v = json!(rng.around(level, 0.4) > 0.6);
        put(&mut inputs, &mut rng, "roi_documented", v);
        let payment = match rng.around(level, 0.3) {
            x if x < 0.12 => "delinquent",
            x if x < 0.3 => "late",
            _ => "current",
        };
        let v = json!(payment);
        put(&mut inputs, &mut rng, "payment_status", v);
        let v = json!((rng.around(level, 0.3) * 4.0 - 1.0).max(0.0).round());
        put(&mut inputs, &mut rng, "expansion_signals", v);
        let name = format!("{} {}", rng.pick(&NAMES), rng.pick(&SUFFIXES));
        accounts.push(json!({
            "id": format!("acct-{:04}", i + 1),
            "inputs": inputs,
            "attributes": {
                "name": name,
                "segment": segment,
                "arr": (arr / 100.0f64).round() * 100.0,
                "csm": rng.pick(&CSMS),
            }
        }));
    }
    let text = serde_json::to_string_pretty(&accounts).unwrap_or_default();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/data/portfolio.json"
    );
    match std::fs::write(path, text + "\n") {
        Ok(()) => println!(
            "wrote {} accounts to examples/data/portfolio.json",
            accounts.len()
        ),
        Err(e) => {
            eprintln!("cannot write {path}: {e}");
            std::process::exit(1);
        }
    }
}
