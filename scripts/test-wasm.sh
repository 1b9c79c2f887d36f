#!/usr/bin/env bash
# The WebAssembly (browser) binding, crates/wasm: installs what is missing (the wasm32 target,
# wasm-bindgen-cli at the version crates/wasm pins, Chromium and chromedriver, Node.js, the npm
# tools of tests/web), then lints the crate, builds the packages (scripts/build-wasm.sh), checks
# their gzipped size and TypeScript declarations, and runs the conformance corpus and the API
# tests in headless Chromium (wasm-bindgen-test), the calculator page test (playwright-core) and
# a short benchmark run that checks the wasm build against a plain JavaScript implementation.
# Safe to run again: each install step is skipped when already done. Honours CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

echo "-- tools"
rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || rustup target add wasm32-unknown-unknown
wasm_bindgen_version=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' crates/wasm/Cargo.toml)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wasm_bindgen_version" ] ||
  ! command -v wasm-bindgen-test-runner >/dev/null; then
  echo "installing wasm-bindgen-cli $wasm_bindgen_version (a few minutes)"
  cargo install wasm-bindgen-cli --version "$wasm_bindgen_version"
fi
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v python3 >/dev/null || missing+=(python3)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing ${missing[*]}"
  sudo_if_needed apt-get update
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi
if [ ! -x tests/web/node_modules/.bin/wasm-opt ] || [ ! -x tests/web/node_modules/.bin/tsc ] ||
  [ ! -d tests/web/node_modules/playwright-core ]; then
  (cd tests/web && npm ci --no-audit --no-fund)
fi
export CHROMIUM="${CHROMIUM:-$(command -v chromium)}"
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"

echo "-- lints"
cargo fmt -p tenure-wasm -- --check
cargo clippy -p tenure-wasm --target wasm32-unknown-unknown --all-targets -- -D warnings
cargo clippy -p tenure-wasm --target wasm32-unknown-unknown --all-targets --all-features -- -D warnings

echo "-- build (web and bundler packages, wasm-opt -Oz)"
bash scripts/build-wasm.sh

echo "-- package size"
node tests/web/size.mjs 250000 640000

echo "-- TypeScript declarations (tsc --strict on tests/web/types-check.ts)"
tests/web/node_modules/.bin/tsc --noEmit --strict --target es2022 \
  --lib es2022,dom,esnext.disposable --module nodenext --moduleResolution nodenext \
  tests/web/types-check.ts

echo "-- conformance corpus and API tests in headless Chromium"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p tenure-wasm --target wasm32-unknown-unknown --features full -- --nocapture

echo "-- calculator page (examples/web) in headless Chromium"
rm -rf examples/web/pkg
cp -r crates/wasm/pkg/web examples/web/pkg
node --test tests/web/calculator.test.mjs

echo "-- wasm vs plain JavaScript on 100k synthetic accounts (full run: node benches/wasm_health.mjs)"
node benches/wasm_health.mjs 100000
