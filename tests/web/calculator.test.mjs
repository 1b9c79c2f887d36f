// The health-score calculator page (examples/web, built on the `--target web` package) in
// headless Chromium: serves the page, types an account's values into the form, reads the score,
// tier and explanation from the page, and checks them against the answer of the Rust core run
// natively (crates/wasm/examples/score_builtin.rs, no WebAssembly involved).
//
//   node --test tests/web/calculator.test.mjs     (after scripts/build-wasm.sh; test-wasm.sh
//                                                  copies the package to examples/web/pkg)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const webDir = path.join(root, "examples/web");
const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const chromiumArgs = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
  "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

// Accounts typed into the page: every input, a partial one with an unusable value, one with too
// little data to score, and a thriving one.
const accounts = [
  {
    id: "calculator",
    inputs: {
      dau_mau_ratio: 0.3, features_adopted: 6, features_available: 10, core_actions_weekly: 12,
      usage_trend: "flat", login_trend: "flat", support_tickets_30d: 2, community_active: false,
      champion_identified: true, exec_sponsor: false, contacts_count: 2, goals_achieved: 1,
      goals_defined: 4, roi_documented: false, payment_status: "current", expansion_signals: 0,
    },
  },
  {
    id: "calculator",
    inputs: {
      dau_mau_ratio: 1.7, features_adopted: 3, features_available: 9, core_actions_weekly: 7,
      login_trend: "down", support_tickets_30d: 11, champion_identified: false,
      contacts_count: 1, goals_achieved: 0, goals_defined: 2, payment_status: "late",
    },
  },
  { id: "calculator", inputs: { dau_mau_ratio: 0.45, login_trend: "up" } },
  {
    id: "calculator",
    inputs: {
      dau_mau_ratio: 0.62, features_adopted: 14, features_available: 16, core_actions_weekly: 55,
      usage_trend: "up", login_trend: "up", support_tickets_30d: 1, community_active: true,
      champion_identified: true, exec_sponsor: true, contacts_count: 6, goals_achieved: 3,
      goals_defined: 3, roi_documented: true, payment_status: "current", expansion_signals: 2,
    },
  },
];

let server;
let browser;
let base;
let expected;

async function freePort() {
  const probe = net.createServer();
  await new Promise((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

before(async () => {
  assert.ok(existsSync(path.join(webDir, "pkg/tenure_wasm.js")), "examples/web/pkg is missing: run scripts/test-wasm.sh");
  // The expected answers, from the Rust core natively.
  const out = execFileSync("cargo", ["run", "-q", "-p", "tenure-wasm", "--example", "score_builtin"], {
    cwd: root,
    input: JSON.stringify(accounts),
    encoding: "utf8",
    stdio: ["pipe", "pipe", "inherit"],
  });
  expected = JSON.parse(out);
  assert.equal(expected.length, accounts.length);

  const port = await freePort();
  server = spawn("python3", ["-m", "http.server", "-d", webDir, String(port), "--bind", "127.0.0.1"], { stdio: "ignore" });
  base = `http://127.0.0.1:${port}/`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(base)).ok) break;
    } catch {
      if (i > 100) throw new Error("the page server did not start");
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
});

after(async () => {
  await browser?.close();
  if (server) process.kill(server.pid, "SIGTERM");
});

/** Opens the page and types the account's inputs into the form. */
async function openWith(account) {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  await page.goto(base);
  await page.waitForSelector("body[data-ready=true]");
  for (const [key, value] of Object.entries(account.inputs)) {
    const field = page.locator(`#input-${key}`);
    if (typeof value === "number") {
      await field.click();
      await field.pressSequentially(String(value));
    } else {
      await field.selectOption(String(value));
    }
  }
  return { page, problems };
}

const colourOf = (page, colour) =>
  page.evaluate((c) => {
    const probe = document.createElement("div");
    probe.style.background = c;
    document.body.append(probe);
    const value = getComputedStyle(probe).backgroundColor;
    probe.remove();
    return value;
  }, colour);

for (const [i, account] of accounts.entries()) {
  test(`calculator page gives the core's score for account ${i + 1} (${Object.keys(account.inputs).length} inputs)`, async () => {
    const want = expected[i];
    const { page, problems } = await openWith(account);
    try {
      const score = await page.locator("#score").textContent();
      const composite = await page.locator("#score").getAttribute("data-composite");
      if (want.composite === null) {
        assert.equal(want.status, "insufficient_data");
        assert.equal(score, "—");
        assert.equal(composite, "");
        assert.equal(await page.locator("#tier").getAttribute("data-tier"), "");
      } else {
        // Exactly the core's double, and its one-decimal display.
        assert.equal(Number(composite), want.composite);
        assert.equal(Number(score), want.composite);
        assert.equal(score, want.composite.toFixed(1));
        const tier = page.locator("#tier");
        assert.equal(await tier.getAttribute("data-tier"), want.tier.key);
        assert.equal(await tier.textContent(), want.tier.label);
        assert.equal(await tier.getAttribute("data-colour"), want.tier.colour);
        const shown = await tier.evaluate((el) => getComputedStyle(el).backgroundColor);
        assert.equal(shown, await colourOf(page, want.tier.colour));
      }
      assert.match(await page.locator("#status").textContent(), new RegExp(want.status.replace("_", " ")));
      // The explanation: every signal of every dimension, with the core's points.
      const rows = await page.locator("tr.signal").evaluateAll((trs) =>
        trs.map((tr) => [tr.dataset.signal, tr.dataset.points]));
      const signals = want.dimensions.flatMap((d) => d.signals);
      assert.equal(rows.length, signals.length);
      for (const [[key, points], signal] of rows.map((r, j) => [r, signals[j]])) {
        assert.equal(key, signal.key);
        assert.equal(points === "" ? null : Number(points), signal.points, `points of ${key}`);
      }
      assert.equal(await page.locator("tr.dimension").count(), want.dimensions.length);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });
}
