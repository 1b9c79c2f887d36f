#!/usr/bin/env bash
# Node.js binding: installs the npm packages (from crates/node/package-lock.json), builds the
# native addon in release mode, checks the Rust glue (rustfmt, clippy) and the TypeScript
# declarations, then runs tests/node with `node --test` (the shared conformance corpus, async,
# batch and error tests). Safe to run again: the npm install is skipped while the lockfile is
# unchanged.
#
# Honours CARGO_TARGET_DIR when it is set (cargo's default target/ otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# Node.js 18 or later (N-API 6 and `node --test`).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "-- installing Node.js (apt)"
    apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
  fi
fi
if ! command -v node >/dev/null 2>&1; then
  echo "Node.js 18 or later is needed (https://nodejs.org)" >&2
  exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 18 ]; then
  echo "Node.js 18 or later is needed (found $(node --version))" >&2
  exit 1
fi

cd "$root/crates/node"
stamp=node_modules/.tenure-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  # The versions of package-lock.json, which is left as it is (`--no-save`). Not `npm ci`: npm
  # 10-11 on Node 20 leaves the foreign-platform optional packages of @napi-rs/cli's
  # dependencies out of the lockfile, which `npm ci` then rejects as out of sync.
  echo "-- npm install (crates/node, from package-lock.json)"
  npm install --no-save --no-audit --no-fund
  cp package-lock.json "$stamp"
fi

echo "-- Rust glue: rustfmt, clippy"
cargo fmt -p tenure-node -- --check
cargo clippy -p tenure-node -- -D warnings

echo "-- napi build --release"
npx napi build --platform --release

echo "-- TypeScript declarations (tsc --noEmit --strict)"
node_modules/.bin/tsc -p "$root/tests/node/tsconfig.json" --noEmit --strict

echo "-- node --test tests/node"
cd "$root"
node --test tests/node/*.test.mjs
