//! Scores accounts (JSON on standard input, the core's snake_case format: one account or an array
//! of accounts) with the built-in model, natively with the Rust core, and prints the health
//! score(s) as JSON.
//!
//! The page test (tests/web/calculator.test.mjs) uses it for the expected answer, computed
//! without WebAssembly:
//!
//! ```text
//! echo '{"inputs": {"dau_mau_ratio": 0.3}}' | cargo run -q -p tenure-wasm --example score_builtin
//! ```

use std::io::Read;

fn main() {
    let mut text = String::new();
    let result = std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| e.to_string())
        .and_then(|_| {
            let scorer =
                tenure::Scorer::new(tenure::HealthModel::builtin()).map_err(|e| e.to_string())?;
            let score =
                |account: &tenure::Account| scorer.score(account).map_err(|e| e.to_string());
            if text.trim_start().starts_with('[') {
                let accounts: Vec<tenure::Account> =
                    tenure::deserialize_input(&mut serde_json::Deserializer::from_str(&text))
                        .map_err(|e| e.to_string())?;
                let scores = accounts.iter().map(score).collect::<Result<Vec<_>, _>>()?;
                serde_json::to_string(&scores).map_err(|e| e.to_string())
            } else {
                let account = tenure::Account::from_json(&text).map_err(|e| e.to_string())?;
                serde_json::to_string(&score(&account)?).map_err(|e| e.to_string())
            }
        });
    match result {
        Ok(json) => println!("{json}"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
