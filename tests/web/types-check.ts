// Compiled with `tsc --noEmit --strict` by scripts/test-wasm.sh: the generated declarations of
// the web package (classes, functions and the data types) are valid, and typical use type-checks.
import init, {
  HealthModel, SegmentedModel, blendHumanScore, rollUpProducts, scoreTrend,
  type Account, type BatchResult, type HealthScore, type TenureError,
} from "../../crates/wasm/pkg/web/tenure_wasm.js";

export async function example(modelSetText: string): Promise<number | null> {
  await init();
  const model: HealthModel = HealthModel.builtin();
  const account: Account = {
    id: "acme",
    inputs: { dau_mau_ratio: 0.3, login_trend: "flat", champion_identified: true, goals_defined: null },
    asOf: new Date(Date.UTC(2026, 10, 15)),
  };
  const score: HealthScore = model.score(account);
  const points: (number | null)[] = score.dimensions.flatMap((d) => d.signals.map((s) => s.points));
  const keys: string[] = model.inputKeys;
  const batch: BatchResult = model.scoreBatch(
    { dau_mau_ratio: new Float64Array([0.1, 0.5]), login_trend: ["down", null], usage_trend: { codes: new Int32Array([0, -1]), categories: ["up"] } },
    { month: 11 },
  );
  const again: BatchResult = await model.scoreBatchAsync([account]);
  const blended = blendHumanScore(model, 80, { score: 40, weight: 0.25, assessedOn: "2026-11-01", expiresOn: "2026-11-30" }, "2026-11-15");
  const rolled = rollUpProducts(model, [{ product: "core", score: 90, arr: "75000" }], "mean");
  const trend = scoreTrend(model, [{ date: "2026-11-01", score: 75 }], "2026-11-05", { dropWindowDays: 7 });
  const set = SegmentedModel.fromJson(modelSetText);
  const route: number | null = set.score(account).route;
  try {
    HealthModel.fromJson("{}");
  } catch (e) {
    const error = e as TenureError;
    console.log(error.code, error.path, error.value);
  }
  console.log(points, keys, batch.composite[0], again.tier, blended.humanStatus, rolled.totalArr, trend.largestDrop?.pct, route);
  return score.composite;
}

// The full package's Portfolio class (cargo feature `portfolio`).
import initFull, { Portfolio, type CommandResult, type PortfolioData } from "../../crates/wasm/pkg/full/web/tenure_wasm.js";

export async function portfolioExample(): Promise<CommandResult> {
  await initFull();
  const data: PortfolioData = {
    accounts: [
      { id: "acme", arr: "120000", segment: "enterprise", renewal: { date: new Date(Date.UTC(2026, 2, 1)) }, signals: { dau_mau_ratio: 0.45 } },
      { id: "globex", arr: 30000, churn: { date: "2025-11-15", category: "value" } },
    ],
  };
  const portfolio = new Portfolio(data);
  const ids: string[] = portfolio.accountIds;
  const count: number = portfolio.length;
  const risk: CommandResult = portfolio.churnRisk("acme", "2026-01-05");
  const nrr = portfolio.nrrReport("2026-01-05", { from: "2025-01", through: "2025-12" });
  const winBack = portfolio.run({ command: "win_back_plan", account: "globex", asOf: "2026-01-05" });
  const copy: PortfolioData = Portfolio.fromJson(portfolio.toJson()).toObject();
  console.log(ids, count, risk, nrr, winBack, copy);
  return portfolio.portfolioReview(new Date(), { top: 5 });
}
