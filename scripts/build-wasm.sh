#!/usr/bin/env bash
# Builds the WebAssembly packages of tenure from crates/wasm, two packages in two flavours:
#   crates/wasm/pkg/web, pkg/bundler            `tenure-wasm`: health scoring (models, segment
#                                               models, batches, blends, roll-ups, trends), the
#                                               package a frontend loads to score accounts
#   crates/wasm/pkg/full/web, pkg/full/bundler  `tenure-wasm-full`: everything (cargo feature
#                                               `full`): also lifecycle rules, timelines and
#                                               churn, MRR movements, cohorts, Kaplan-Meier
# `web` is an ES module for browsers (`--target web`; `await init()` first), `bundler` is for
# webpack, Vite, Rollup (`--target bundler`); each is made by wasm-bindgen and shrunk with
# wasm-opt -Oz. Needs the tools that
# scripts/test-wasm.sh installs (wasm32 target, wasm-bindgen-cli, npm tools in tests/web).
# Honours CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir=$(cargo metadata --format-version 1 --no-deps |
  node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).target_directory))')
wasm="$target_dir/wasm32-unknown-unknown/wasm-release/tenure_wasm.wasm"
wasm_opt="tests/web/node_modules/.bin/wasm-opt"

# build_package FEATURES PKG_DIR NAME DESCRIPTION
build_package() {
  local features="$1" pkg_dir="$2" name="$3" description="$4"
  cargo build -p tenure-wasm --target wasm32-unknown-unknown --profile wasm-release \
    ${features:+--features "$features"}
  for target in web bundler; do
    out="$pkg_dir/$target"
    rm -rf "$out"
    wasm-bindgen --target "$target" --out-dir "$out" "$wasm"
    # The features rustc enables by default for wasm32-unknown-unknown.
    "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "$out/tenure_wasm_bg.wasm" -o "$out/tenure_wasm_bg.wasm"
    cp crates/wasm/README.md "$out/README.md"
    TARGET="$target" OUT="$out" NAME="$name" DESCRIPTION="$description" node --input-type=module -e '
      import { readFileSync, writeFileSync } from "node:fs";
      const toml = readFileSync("Cargo.toml", "utf8");
      const version = /\[workspace\.package\][^[]*?version\s*=\s*"([^"]+)"/.exec(toml)[1];
      const web = process.env.TARGET === "web";
      const pkg = {
        name: process.env.NAME,
        version,
        description: process.env.DESCRIPTION,
        license: "Apache-2.0",
        type: "module",
        main: "tenure_wasm.js",
        module: "tenure_wasm.js",
        types: "tenure_wasm.d.ts",
        files: ["tenure_wasm_bg.wasm", "tenure_wasm.js", "tenure_wasm.d.ts", "tenure_wasm_bg.wasm.d.ts", "snippets/", "README.md"],
        sideEffects: web ? ["./snippets/*"] : ["./tenure_wasm.js", "./snippets/*"],
      };
      if (!web) pkg.files.push("tenure_wasm_bg.js");
      writeFileSync(`${process.env.OUT}/package.json`, JSON.stringify(pkg, null, 2) + "\n");
    '
    echo "built $out"
  done
}

build_package "" crates/wasm/pkg tenure-wasm \
  "Customer-success health scores in the browser: WebAssembly build of tenure"
build_package full crates/wasm/pkg/full tenure-wasm-full \
  "Customer-success engine in the browser: health scores, lifecycle rules, timelines, churn, MRR movements, cohorts and survival (WebAssembly build of tenure)"
