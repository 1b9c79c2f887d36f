//! Writes the sample portfolio of the command-line program: `examples/data/sample_portfolio.json`
//! and the same portfolio as the CSV directory `examples/data/sample_portfolio/` (about 2,500
//! accounts with a year of history ending 2026-11-30), from a fixed seed: the same bytes on
//! every run (`crates/cli/tests/sample.rs` checks that the committed files are its output).
//!
//! ```text
//! cargo run -p tenure-cli --example generate_sample_portfolio
//! ```
#![allow(clippy::print_stderr)]

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/data");
    match tenure_cli::sample::write(&dir) {
        Ok(()) => {
            eprintln!("wrote {}", dir.join("sample_portfolio.json").display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}", e.message);
            ExitCode::FAILURE
        }
    }
}
