// Gzipped size of the WebAssembly packages (wasm + JS glue, as a browser downloads them):
// prints every file and the total of each package, and fails above its budget: `tenure-wasm`
// (pkg/web, pkg/bundler: health scoring) against the budget, `tenure-wasm-full` (pkg/full/*:
// every feature) against the full budget, a guard against growth.
//
//   node tests/web/size.mjs [budget in bytes = 250000] [full budget in bytes = 640000]
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const budget = Number(process.argv[2] ?? 250_000);
const fullBudget = Number(process.argv[3] ?? 640_000);
const files = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return files(file);
    return /\.(js|wasm)$/.test(name) ? [file] : [];
  });

let failed = false;
const packages = [
  ["web", "pkg/web", budget],
  ["bundler", "pkg/bundler", budget],
  ["full web", "pkg/full/web", fullBudget],
  ["full bundler", "pkg/full/bundler", fullBudget],
];
for (const [target, relative, limit] of packages) {
  const dir = path.join(root, "crates/wasm", relative);
  let total = 0;
  for (const file of files(dir)) {
    const raw = readFileSync(file);
    const gz = gzipSync(raw, { level: 9 }).length;
    total += gz;
    console.log(`  ${path.relative(dir, file).padEnd(48)} ${String(raw.length).padStart(8)} B  ${String(gz).padStart(7)} B gzipped`);
  }
  const ok = total <= limit;
  failed ||= !ok;
  console.log(`package ${target}: ${total} bytes gzipped (${(total / 1000).toFixed(1)} kB, ${(total / 1024).toFixed(1)} KiB) — budget ${limit}: ${ok ? "ok" : "OVER"}`);
}
process.exit(failed ? 1 : 0);
