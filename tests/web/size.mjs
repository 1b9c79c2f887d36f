// Gzipped size of the WebAssembly packages (wasm + JS glue, as a browser downloads them):
// prints every file and the total of each package, and fails above the budget.
//
//   node tests/web/size.mjs [budget in bytes = 250000]
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const budget = Number(process.argv[2] ?? 250_000);
const files = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return files(file);
    return /\.(js|wasm)$/.test(name) ? [file] : [];
  });

let failed = false;
for (const target of ["web", "bundler"]) {
  const dir = path.join(root, "crates/wasm/pkg", target);
  let total = 0;
  for (const file of files(dir)) {
    const raw = readFileSync(file);
    const gz = gzipSync(raw, { level: 9 }).length;
    total += gz;
    console.log(`  ${path.relative(dir, file).padEnd(48)} ${String(raw.length).padStart(8)} B  ${String(gz).padStart(7)} B gzipped`);
  }
  const ok = total <= budget;
  failed ||= !ok;
  console.log(`package ${target}: ${total} bytes gzipped (${(total / 1000).toFixed(1)} kB, ${(total / 1024).toFixed(1)} KiB) — budget ${budget}: ${ok ? "ok" : "OVER"}`);
}
process.exit(failed ? 1 : 0);
