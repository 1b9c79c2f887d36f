#!/usr/bin/env bash
# Runs every test of tenure on a fresh machine: installs what is missing (Rust components,
# Python venv, npm packages, wasm tools, Chromium), then runs the Rust, Python, Node.js and
# browser suites. Safe to run again: each install step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Rust: format, lints, tests (core, conformance corpus, properties, doctests)"
rustup component add rustfmt clippy >/dev/null 2>&1 || true
cargo fmt --all -- --check
cargo clippy -p tenure --all-targets -- -D warnings
cargo test -p tenure
cargo clippy -p tenure-interop --all-targets -- -D warnings
cargo test -p tenure-interop

echo "== Rust: the tenure command-line program (crates/cli)"
cargo clippy -p tenure-cli --all-targets -- -D warnings
cargo test -p tenure-cli

for suite in python node wasm; do
  if [ -f "scripts/test-$suite.sh" ]; then
    echo "== $suite"
    bash "scripts/test-$suite.sh"
  fi
done
echo "== all tests passed"
