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
