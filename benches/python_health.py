"""Health scores of 1M synthetic accounts from a pandas DataFrame: tenure against
(a) a vectorised NumPy/pandas implementation of the built-in model, written the way a data
scientist would (np.select per band table, Series.map for categories, np.where for booleans,
weighted means with NaN renormalisation), and
(b) a row-wise ``DataFrame.apply`` implementation, timed on a subsample and scaled per row.

The vectorised implementation is checked against tenure first (composites within rounding,
same status), so the comparison is honest. Run:

    .venv/bin/python benches/python_health.py [--rows 1000000] [--repeat 5]

Build tenure in release mode first (``maturin develop --release -m crates/py/Cargo.toml``).
"""

from __future__ import annotations

import argparse
import json
import math
import time
from typing import Any, Callable, Dict, List, Tuple

import numpy as np
import pandas as pd

import tenure

TRENDS = ["down", "flat", "up"]
PAYMENTS = ["current", "late", "delinquent"]


def portfolio(n: int, seed: int = 42) -> pd.DataFrame:
    """`n` synthetic accounts (the same mix as benches/health_batch.rs): about 3% of each input
    missing, booleans as 0/1 floats (NaN missing), trends and payment status as categoricals."""
    rng = np.random.default_rng(seed)

    def column(values: np.ndarray) -> np.ndarray:
        values = values.astype(np.float64)
        values[rng.random(n) < 0.03] = np.nan
        return values

    def categorical(categories: List[str]) -> pd.Categorical:
        codes = rng.integers(0, len(categories), n)
        codes[rng.random(n) < 0.03] = -1
        return pd.Categorical.from_codes(codes, categories)

    return pd.DataFrame({
        "dau_mau_ratio": column(rng.random(n) * 0.8),
        "features_adopted": column(rng.integers(0, 20, n)),
        "features_available": column(np.full(n, 20)),
        "core_actions_weekly": column(rng.integers(0, 80, n)),
        "usage_trend": categorical(TRENDS),
        "login_trend": categorical(TRENDS),
        "support_tickets_30d": column(rng.integers(0, 12, n)),
        "community_active": column(rng.integers(0, 2, n)),
        "champion_identified": column(rng.integers(0, 2, n)),
        "exec_sponsor": column(rng.integers(0, 2, n)),
        "contacts_count": column(rng.integers(0, 12, n)),
        "goals_achieved": column(rng.integers(0, 3, n)),
        "goals_defined": column(np.full(n, 3)),
        "roi_documented": column(rng.integers(0, 2, n)),
        "payment_status": categorical(PAYMENTS),
        "expansion_signals": column(rng.integers(0, 4, n)),
    })


# --- (a) vectorised NumPy / pandas -----------------------------------------------------------

INF = math.inf
# (from, to, from_inclusive, to_inclusive, points at from, points at to), from the built-in model.
DAU_MAU = [(0, 0.2, True, False, 0, 3), (0.2, 0.4, True, True, 4, 6), (0.4, 1, False, True, 7, 10)]
ADOPTION = [(0, 0.25, True, False, 0, 3), (0.25, 0.5, True, False, 4, 6), (0.5, 1, True, True, 7, 10)]
CORE_ACTIONS = [(0, 5, True, False, 0, 3), (5, 20, True, False, 4, 6), (20, 50, True, False, 7, 10), (50, INF, True, False, 10, 10)]
TICKETS = [(0, 3, True, False, 8, 8), (3, 10, True, False, 6, 2), (10, INF, True, False, 1, 1)]
CONTACTS = [(0, 1, True, False, 0, 0), (1, 3, True, False, 3, 5), (3, 10, True, False, 7, 10), (10, INF, True, False, 10, 10)]
GOALS = [(0, 0, True, True, 1.5, 1.5), (0, 1, False, False, 4, 6), (1, 1, True, True, 8.5, 8.5)]
EXPANSION = [(0, 1, True, False, 4, 4), (1, 3, True, False, 7, 9), (3, INF, True, False, 10, 10)]
TREND_POINTS = {"down": 1.5, "flat": 5.0, "up": 8.5}
PAYMENT_POINTS = {"current": 6.0, "late": 2.0, "delinquent": 0.0}


def banded(x: np.ndarray, bands: List[Tuple[float, ...]]) -> np.ndarray:
    """Points by band: linear inside a band, NaN outside every band (or for NaN/inf input)."""
    conditions, choices = [], []
    for lo, hi, lo_inc, hi_inc, a, b in bands:
        above = (x >= lo) if lo_inc else (x > lo)
        below = (x <= hi) if hi_inc else (x < hi)
        conditions.append(above & below)
        choices.append(a + (b - a) * (x - lo) / (hi - lo) if a != b else np.full_like(x, a))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.select(conditions, choices, default=np.nan)


def count(x: np.ndarray) -> np.ndarray:
    """A count: non-negative and whole, else missing."""
    return np.where((x >= 0) & (x == np.floor(x)) & np.isfinite(x), x, np.nan)


def yes_no(x: np.ndarray, yes: float, no: float) -> np.ndarray:
    return np.where(x == 1, yes, np.where(x == 0, no, np.nan))


def weighted_mean(parts: List[Tuple[np.ndarray, float]]) -> Tuple[np.ndarray, np.ndarray]:
    """Mean of the parts with data, weights renormalised; also the observed share of weight."""
    num = np.zeros(len(parts[0][0]))
    den = np.zeros(len(parts[0][0]))
    for points, weight in parts:
        seen = ~np.isnan(points)
        num += np.where(seen, points * weight, 0.0)
        den += np.where(seen, weight, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / den, np.nan), den


def vectorised(df: pd.DataFrame) -> pd.DataFrame:
    """The built-in model, column by column."""
    x = {k: df[k].to_numpy() for k in df if df[k].dtype != "category"}
    with np.errstate(invalid="ignore", divide="ignore"):
        adoption = np.where(x["features_available"] != 0, x["features_adopted"] / x["features_available"], np.nan)
        goals = np.where(x["goals_defined"] != 0, x["goals_achieved"] / x["goals_defined"], np.nan)
    dimensions = {
        "product_usage": (30, [
            (banded(x["dau_mau_ratio"], DAU_MAU), 2),
            (banded(adoption, ADOPTION), 1),
            (banded(count(x["core_actions_weekly"]), CORE_ACTIONS), 1),
            (df["usage_trend"].map(TREND_POINTS).astype(float).to_numpy(), 1),
        ]),
        "engagement": (20, [
            (df["login_trend"].map(TREND_POINTS).astype(float).to_numpy(), 2),
            (banded(count(x["support_tickets_30d"]), TICKETS), 1),
            (yes_no(x["community_active"], 8, 4), 1),
        ]),
        "relationship": (15, [
            (yes_no(x["champion_identified"], 6, 1), 2),
            (yes_no(x["exec_sponsor"], 9, 3), 1),
            (banded(count(x["contacts_count"]), CONTACTS), 1),
        ]),
        "outcomes": (20, [
            (banded(goals, GOALS), 3),
            (yes_no(x["roi_documented"], 9, 3), 1),
        ]),
        "financial": (15, [
            (df["payment_status"].map(PAYMENT_POINTS).astype(float).to_numpy(), 1),
            (banded(count(x["expansion_signals"]), EXPANSION), 1),
        ]),
    }
    dimension_points = []
    coverage = np.zeros(len(df))
    total = sum(w for w, _ in dimensions.values())
    for weight, signals in dimensions.values():
        points, observed = weighted_mean(signals)
        dimension_points.append((points, weight))
        coverage += observed / sum(w for _, w in signals) * weight / total
    raw, _ = weighted_mean(dimension_points)
    composite = np.round(raw * 10, 1)
    composite = np.where(coverage >= 0.5, composite, np.nan)
    tier = np.select(
        [composite >= 80, composite >= 60, composite >= 40, composite >= 0],
        ["thriving", "healthy", "at_risk", "critical"],
        default=None,
    )
    return pd.DataFrame({
        "composite": composite,
        "tier": pd.Categorical(tier, categories=["thriving", "healthy", "at_risk", "critical"]),
        "coverage": coverage,
        "status": np.where(np.isnan(composite), "insufficient_data", "scored"),
    }, index=df.index)


# --- (b) row by row --------------------------------------------------------------------------

MODEL_DOC = json.loads(tenure.BUILTIN_MODEL_JSON)


def row_points(signal: Dict[str, Any], row: pd.Series) -> float:
    kind = signal["kind"]
    if kind["type"] == "categorical":
        value = row[signal["key"]]
        return next((c["points"] for c in kind["categories"] if c["value"] == value), math.nan)
    if kind["type"] == "boolean":
        value = row[signal["key"]]
        return kind["true_points"] if value == 1 else kind["false_points"] if value == 0 else math.nan
    if kind["type"] == "ratio":
        num, den = row[kind["numerator"]], row[kind["denominator"]]
        if math.isnan(num) or math.isnan(den) or den == 0:
            return math.nan
        value = num / den
    else:
        value = row[signal["key"]]
        if math.isnan(value) or math.isinf(value):
            return math.nan
        if kind["type"] == "count" and (value < 0 or value != math.floor(value)):
            return math.nan
    for band in kind["bands"]:
        lo, hi = band.get("from", -INF), band.get("to", INF)
        above = value >= lo if band.get("from_inclusive", True) else value > lo
        below = value <= hi if band.get("to_inclusive", False) else value < hi
        if above and below:
            points = band["points"]
            if isinstance(points, list) and points[0] != points[1]:
                return points[0] + (points[1] - points[0]) * (value - lo) / (hi - lo)
            return points[0] if isinstance(points, list) else points
    return math.nan


def score_row(row: pd.Series) -> float:
    num = den = covered = total = 0.0
    for dimension in MODEL_DOC["dimensions"]:
        d_num = d_den = d_seen = d_all = 0.0
        for signal in dimension["signals"]:
            points = row_points(signal, row)
            d_all += signal["weight"]
            if not math.isnan(points):
                d_num += signal["weight"] * points
                d_den += signal["weight"]
        total += dimension["weight"]
        if d_den > 0:
            num += dimension["weight"] * d_num / d_den
            den += dimension["weight"]
            covered += dimension["weight"] * d_den / d_all
    if den == 0 or covered / total < MODEL_DOC["min_coverage"]:
        return math.nan
    return round(num / den * 10, 1)


def row_wise(df: pd.DataFrame) -> pd.Series:
    return df.apply(score_row, axis=1)


# --- run -------------------------------------------------------------------------------------


def best_of(repeat: int, run: Callable[[], Any]) -> Tuple[float, Any]:
    best, result = math.inf, None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--apply-rows", type=int, default=20_000)
    args = parser.parse_args()

    model = tenure.HealthModel.builtin()
    df = portfolio(args.rows)
    n = len(df)
    print(f"{n:,} synthetic accounts (seed 42), 16 inputs, ~3% missing per input")

    t_tenure, ours = best_of(args.repeat, lambda: model.score_batch(df))
    t_numpy, theirs = best_of(args.repeat, lambda: vectorised(df))

    # Honest comparison: both compute the same scores.
    c1, c2 = ours["composite"].to_numpy(), theirs["composite"].to_numpy()
    same_status = (np.isnan(c1) == np.isnan(c2))
    both = ~np.isnan(c1) & ~np.isnan(c2)
    diff = np.abs(c1[both] - c2[both])
    exact = int(np.sum(c1[both] == c2[both]))
    assert same_status.mean() > 0.9999, f"status differs on {np.sum(~same_status)} rows"
    assert diff.max(initial=0.0) <= 0.1 + 1e-9, f"composites differ by up to {diff.max()}"
    print(
        f"check: vectorised == tenure on {exact:,} of {int(both.sum()):,} scored composites "
        f"(max difference {diff.max(initial=0.0):.1f}: the two round differently at .x5 ties); "
        f"status agrees on {int(same_status.sum()):,} of {n:,} rows"
    )

    sample = df.iloc[: args.apply_rows]
    t_apply, applied = best_of(1, lambda: row_wise(sample))
    a1, a2 = ours["composite"].to_numpy()[: len(sample)], applied.to_numpy()
    ok = np.isnan(a1) == np.isnan(a2)
    assert ok.mean() > 0.999 and np.nanmax(np.abs(a1 - a2)) <= 0.1 + 1e-9, "row-wise check failed"
    t_apply_scaled = t_apply / len(sample) * n

    print(
        f"(b) DataFrame.apply on {len(sample):,} rows: {t_apply:.2f} s, "
        f"{t_apply / len(sample) * 1e6:.1f} us per row, scaled to {n:,} rows below"
    )
    print()
    width = 50
    print(f"{'implementation (' + format(n, ',') + ' accounts)':<{width}}{'time':>11}{'accounts/s':>13}{'vs tenure':>11}")
    rows = [
        ("tenure  model.score_batch(pandas DataFrame)", t_tenure),
        ("(a) vectorised NumPy/pandas", t_numpy),
        ("(b) row-wise DataFrame.apply (scaled)", t_apply_scaled),
    ]
    for name, t in rows:
        ratio = "" if t is t_tenure else f"{t / t_tenure:,.1f}x"
        print(f"{name:<{width}}{t * 1000:>9.1f}ms{n / t:>13,.0f}{ratio:>11}")

    # Other flavours, for reference (conversion included).
    extras = []
    try:
        import pyarrow as pa

        table = pa.Table.from_pandas(df, preserve_index=False)
        extras.append(("tenure  pyarrow Table", lambda: model.score_batch(table)))
    except ImportError:
        pass
    try:
        import polars as pl

        frame = pl.from_pandas(df)
        extras.append(("tenure  polars DataFrame", lambda: model.score_batch(frame)))
    except ImportError:
        pass
    strings = df.astype({k: str for k in ("usage_trend", "login_trend", "payment_status")})
    strings = strings.replace({"nan": None})
    extras.append(("tenure  pandas, text as str (not categorical)", lambda: model.score_batch(strings)))
    numpy_dict = {k: df[k].to_numpy() for k in df if df[k].dtype != "category"}
    extras.append(("tenure  dict of float64 arrays (13 inputs)", lambda: model.score_batch(numpy_dict)))
    for name, run in extras:
        t, _ = best_of(args.repeat, run)
        print(f"{name:<{width}}{t * 1000:>9.1f}ms{n / t:>13,.0f}")

    print()
    print(f"ratio (a) vectorised / tenure: {t_numpy / t_tenure:.1f}x (target >= 3x)")
    print(f"ratio (b) row-wise apply / tenure: {t_apply_scaled / t_tenure:,.0f}x")


if __name__ == "__main__":
    main()
