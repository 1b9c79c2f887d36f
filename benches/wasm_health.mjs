// Batch scoring of synthetic accounts with the WebAssembly build of tenure vs a plain JavaScript
// implementation of the built-in model (crates/core/src/health/builtin_model.json), in the same run.
// Checks that both give the same composite, coverage, tier and status for every row, then prints
// both timings and their ratio.
//
//   node benches/wasm_health.mjs [rows=1000000] [pkg dir=crates/wasm/pkg/web]
//
// Build the package first: bash scripts/build-wasm.sh
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const rows = Number(process.argv[2] ?? 1_000_000);
const pkgDir = path.resolve(process.argv[3] ?? path.join(root, "crates/wasm/pkg/web"));
const { initSync, HealthModel } = await import(pathToFileURL(path.join(pkgDir, "tenure_wasm.js")).href);
initSync({ module: readFileSync(path.join(pkgDir, "tenure_wasm_bg.wasm")) });

// ---------------------------------------------------------------------------------------------
// The plain JavaScript implementation: the model JSON compiled to closures, the documented
// arithmetic (crate docs, "Arithmetic, rounding and determinism") in the documented order:
// signals of a dimension summed in the order of their keys, then dimensions in key order.

function roundScore(raw) {
  // round_ties_even(raw × 10) / 10
  const y = raw * 10;
  const f = Math.floor(y);
  const d = y - f;
  const r = d > 0.5 ? f + 1 : d < 0.5 ? f : f % 2 === 0 ? f : f + 1;
  return r / 10;
}

function compileBands(bands) {
  return bands.map((b) => {
    const [a, z] = Array.isArray(b.points) ? b.points : [b.points, b.points];
    const lo = b.from ?? -Infinity;
    const hi = b.to ?? Infinity;
    const constant = a === z;
    return {
      lo, hi, loInc: b.from_inclusive ?? true, hiInc: b.to_inclusive ?? false, a,
      slope: constant ? 0 : (z - a) / (hi - lo), origin: constant ? 0 : lo,
    };
  });
}

function banded(bands, x) {
  for (const b of bands) {
    if ((x > b.lo || (b.loInc && x === b.lo)) && (x < b.hi || (b.hiInc && x === b.hi))) {
      return b.a + b.slope * (x - b.origin);
    }
  }
  return NaN;
}

/** Points of one signal for every row (NaN when missing or unusable), one loop per kind. */
function signalPoints(signal, cols, n, out) {
  const k = signal.kind;
  const key = k.input ?? signal.key;
  switch (k.type) {
    case "numeric": {
      const bands = compileBands(k.bands), v = cols[key];
      for (let i = 0; i < n; i++) { const x = v[i]; out[i] = Number.isFinite(x) ? banded(bands, x) : NaN; }
      return;
    }
    case "count": {
      const bands = compileBands(k.bands), v = cols[key];
      for (let i = 0; i < n; i++) {
        const x = v[i];
        out[i] = Number.isFinite(x) && x >= 0 && Number.isInteger(x) ? banded(bands, x) : NaN;
      }
      return;
    }
    case "ratio": {
      const bands = compileBands(k.bands), num = cols[k.numerator], den = cols[k.denominator];
      for (let i = 0; i < n; i++) {
        const a = num[i], b = den[i];
        out[i] = Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? banded(bands, a / b) : NaN;
      }
      return;
    }
    case "categorical": {
      const table = new Map(k.categories.map((c) => [c.value, c.points])), v = cols[key];
      for (let i = 0; i < n; i++) { const p = table.get(v[i]); out[i] = p === undefined ? NaN : p; }
      return;
    }
    case "boolean": {
      const v = cols[key];
      for (let i = 0; i < n; i++) { const b = v[i]; out[i] = b === true ? k.true_points : b === false ? k.false_points : NaN; }
      return;
    }
    default:
      throw new Error(`signal kind ${k.type}`);
  }
}

const byKey = (a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

function compileModel(model) {
  let totalShare = 0;
  const dimensions = [...model.dimensions].sort(byKey).map((d) => {
    const weighted = d.combine === "weighted";
    if (d.combine !== "weighted" && (d.combine ?? "mean") !== "mean") throw new Error("min/max not implemented");
    const ordered = [...d.signals].sort(byKey);
    let weightSum = 0;
    for (const s of ordered) weightSum += weighted ? s.weight ?? 1 : 1;
    const signals = ordered.map((s) => {
      if ((s.missing ?? "exclude") !== "exclude" || s.seasonal) throw new Error("policy not implemented");
      const weight = weighted ? s.weight ?? 1 : 1;
      const share = d.weight * (weight / weightSum);
      totalShare += share;
      return { signal: s, weight, share };
    });
    return { weight: d.weight, signals };
  });
  const tiers = model.tiers.map((t) => ({ key: t.key, min: t.min })).sort((a, b) => b.min - a.min);
  return { dimensions, tiers, totalShare, minCoverage: model.min_coverage ?? 0 };
}

/** Scores columns column by column (each loop over all rows), as a vectorised JS would. */
function scoreColumnsJs(compiled, cols, n) {
  const num = new Float64Array(n), den = new Float64Array(n), covered = new Float64Array(n);
  const observed = new Uint8Array(n), dn = new Float64Array(n), dd = new Float64Array(n);
  const points = new Float64Array(n);
  for (const d of compiled.dimensions) {
    dn.fill(0); dd.fill(0);
    for (const s of d.signals) {
      signalPoints(s.signal, cols, n, points);
      const { weight, share } = s;
      for (let i = 0; i < n; i++) {
        const p = points[i];
        if (p === p) { covered[i] += share; observed[i] = 1; dn[i] += weight * p; dd[i] += weight; }
      }
    }
    const w = d.weight;
    for (let i = 0; i < n; i++) if (dd[i] > 0) { num[i] += w * (dn[i] / dd[i]); den[i] += w; }
  }
  const composite = new Float64Array(n), coverage = new Float64Array(n);
  const tier = new Array(n), status = new Array(n);
  const tiers = compiled.tiers, lowest = tiers[tiers.length - 1].key;
  for (let i = 0; i < n; i++) {
    const cov = covered[i] / compiled.totalShare;
    coverage[i] = cov;
    if (!observed[i] || den[i] === 0 || cov < compiled.minCoverage) {
      composite[i] = NaN; tier[i] = null; status[i] = "insufficient_data";
    } else {
      const c = roundScore((num[i] / den[i]) * 10);
      composite[i] = c;
      let t = lowest;
      for (const x of tiers) if (c >= x.min) { t = x.key; break; }
      tier[i] = t; status[i] = "scored";
    }
  }
  return { composite, coverage, tier, status, errors: [] };
}

// ---------------------------------------------------------------------------------------------
// Synthetic accounts (deterministic), as columns: Float64Array numbers (NaN = missing), arrays of
// strings and of booleans (null = missing).

function mulberry32(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function synthetic(n) {
  const rnd = mulberry32(3);
  const num = (f, missing = 0.04) => Float64Array.from({ length: n }, () => (rnd() < missing ? NaN : f()));
  const int = (hi) => () => Math.floor(rnd() * (hi + 1));
  const pick = (values, missing = 0.04) => Array.from({ length: n }, () => (rnd() < missing ? null : values[Math.floor(rnd() * values.length)]));
  const bool = (pTrue, missing = 0.04) => Array.from({ length: n }, () => (rnd() < missing ? null : rnd() < pTrue));
  return {
    dau_mau_ratio: num(() => rnd()),
    features_adopted: num(int(20)),
    features_available: num(() => 1 + Math.floor(rnd() * 20)),
    core_actions_weekly: num(int(80)),
    usage_trend: pick(["down", "flat", "up"]),
    login_trend: pick(["down", "flat", "up"]),
    support_tickets_30d: num(int(15)),
    community_active: bool(0.3),
    champion_identified: bool(0.6),
    exec_sponsor: bool(0.3),
    contacts_count: num(int(12)),
    goals_achieved: num(int(5)),
    goals_defined: num(int(5)),
    roi_documented: bool(0.4),
    payment_status: pick(["current", "current", "current", "late", "delinquent"]),
    expansion_signals: num(int(4), 0.1),
  };
}

// ---------------------------------------------------------------------------------------------

function time(label, f, runs = 3) {
  const times = [];
  let result;
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    result = f();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { result, ms: times[Math.floor(runs / 2)] };
}

function compare(a, b, n) {
  let mismatches = 0;
  for (let i = 0; i < n; i++) {
    const same = Object.is(a.composite[i], b.composite[i]) && Object.is(a.coverage[i], b.coverage[i])
      && a.tier[i] === b.tier[i] && a.status[i] === b.status[i];
    if (!same && mismatches++ < 5) {
      console.error(`row ${i}: wasm ${a.composite[i]} ${a.coverage[i]} ${a.tier[i]} ${a.status[i]}; js ${b.composite[i]} ${b.coverage[i]} ${b.tier[i]} ${b.status[i]}`);
    }
  }
  return mismatches;
}

const model = HealthModel.builtin();
const spec = JSON.parse(readFileSync(path.join(root, "crates/core/src/health/builtin_model.json"), "utf8"));
const compiled = compileModel(spec);
const cols = synthetic(rows);

// Warm-up (JIT, wasm tiering) on a slice.
const warm = Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, v.slice(0, 20_000)]));
for (let r = 0; r < 3; r++) { model.scoreBatch(warm); scoreColumnsJs(compiled, warm, 20_000); }

const wasm = time("wasm", () => model.scoreBatch(cols));
const js = time("js", () => scoreColumnsJs(compiled, cols, rows));
// The same batch with text columns dictionary-encoded and yes/no columns as 0/1 numbers (what
// a columnar source such as Arrow gives): no per-row re-encoding in JavaScript.
const encoded = Object.fromEntries(Object.entries(cols).map(([k, v]) => {
  if (v instanceof Float64Array) return [k, v];
  if (typeof v.find((x) => x !== null) === "boolean") return [k, Float64Array.from(v, (x) => (x === null ? NaN : x ? 1 : 0))];
  const categories = [...new Set(v.filter((x) => x !== null))];
  return [k, { codes: Int32Array.from(v, (x) => (x === null ? -1 : categories.indexOf(x))), categories }];
}));
const wasmEncoded = time("wasm-encoded", () => model.scoreBatch(encoded));

const mismatches = compare(wasm.result, js.result, rows) + compare(wasmEncoded.result, js.result, rows);
const scored = wasm.result.status.filter((s) => s === "scored").length;
console.log(`rows: ${rows} (${scored} scored, ${rows - scored} insufficient data); built-in model, ${Object.keys(cols).length} columns`);
console.log(`agreement: ${mismatches === 0 ? "all rows identical (composite, coverage, tier, status)" : `${mismatches} rows differ`}`);
const rate = (ms) => `${(rows / ms / 1000).toFixed(2)} M rows/s`;
console.log(`wasm (scoreBatch, typed + plain-array columns): ${wasm.ms.toFixed(1)} ms  (${rate(wasm.ms)})`);
console.log(`wasm (scoreBatch, dictionary-encoded columns): ${wasmEncoded.ms.toFixed(1)} ms  (${rate(wasmEncoded.ms)})`);
console.log(`plain JavaScript:                            ${js.ms.toFixed(1)} ms  (${rate(js.ms)})`);
console.log(`ratio JS / wasm: ${(js.ms / wasm.ms).toFixed(2)}x (plain-array columns), ${(js.ms / wasmEncoded.ms).toFixed(2)}x (encoded columns)  [> 1: wasm faster]`);
if (mismatches !== 0) process.exit(1);
