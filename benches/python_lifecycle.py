"""Churn-reason analysis and surprise churn over synthetic churn events: tenure against a pandas
implementation written the way a data scientist would (groupby for count and ARR per category,
a month x category pivot with diff for the month-over-month trend, merge_asof for the tier 90
days before churn). Both are checked to agree before they are timed. Run:

    .venv/bin/python benches/python_lifecycle.py [--events 200000] [--repeat 3]

Build tenure in release mode first (``maturin develop --release -m crates/py/Cargo.toml``).
tenure's time includes reading the events from Python dicts; pandas starts from a DataFrame.
"""

from __future__ import annotations

import argparse
import time
from datetime import date, timedelta
from typing import Any, Callable, Dict, List, Tuple

import numpy as np
import pandas as pd

import tenure

CATEGORIES = {
    "product": ["missing_feature", "poor_ux", "bugs", "performance"],
    "value": ["roi_not_realized", "wrong_use_case", "over_sold"],
    "relationship": ["champion_left", "poor_cs_experience", "trust_broken"],
    "financial": ["budget_cuts", "m_and_a", "bankruptcy", "price_too_high"],
    "competition": ["switched_to_competitor", "built_in_house"],
    "strategic": ["business_pivot", "division_shut_down", "deprioritized"],
}
PREVENTABLE = {"product", "value", "relationship", "competition"}


def events(n: int, seed: int = 7) -> Tuple[List[Dict[str, Any]], pd.DataFrame]:
    rng = np.random.default_rng(seed)
    keys = list(CATEGORIES)
    cats = rng.integers(0, len(keys), n)
    days = rng.integers(0, 3 * 365, n)
    arr = rng.integers(1_000, 200_000, n)
    start = date(2023, 1, 1)
    records = []
    for i in range(n):
        cat = keys[cats[i]]
        subs = CATEGORIES[cat]
        records.append(
            {
                "account": f"a{i}",
                "date": (start + timedelta(days=int(days[i]))).isoformat(),
                "category": cat,
                "sub_reason": subs[i % len(subs)],
                "arr": int(arr[i]),
            }
        )
    frame = pd.DataFrame(records)
    frame["date"] = pd.to_datetime(frame["date"])
    return records, frame


def pandas_reasons(df: pd.DataFrame) -> Dict[str, Any]:
    by = df.groupby("category").agg(count=("account", "size"), arr=("arr", "sum"))
    total_n, total_arr = len(df), df["arr"].sum()
    by["count_share"] = by["count"] / total_n
    by["arr_share"] = by["arr"] / total_arr
    prevent = df["category"].isin(PREVENTABLE)
    months = df["date"].dt.to_period("M")
    pivot = df.pivot_table(index=months, columns="category", values="arr", aggfunc=["size", "sum"], fill_value=0)
    full = pd.period_range(months.min(), months.max(), freq="M")
    pivot = pivot.reindex(full, fill_value=0)
    change = pivot.diff()
    return {
        "by": by,
        "preventable_count": prevent.sum() / total_n,
        "preventable_arr": df.loc[prevent, "arr"].sum() / total_arr,
        "months": pivot,
        "change": change,
    }


def histories(records: List[Dict[str, Any]], seed: int = 11) -> Tuple[List[Dict[str, Any]], pd.DataFrame]:
    rng = np.random.default_rng(seed)
    out = []
    rows = []
    for e in records:
        churn = date.fromisoformat(e["date"])
        points = []
        for k in range(4):  # a score every 45 days before churn
            day = churn - timedelta(days=45 * (k + 1) + int(rng.integers(0, 10)))
            points.append({"date": day.isoformat(), "score": float(rng.integers(0, 1001)) / 10})
        points.reverse()
        out.append({"account": e["account"], "history": points})
        rows.extend({"account": e["account"], "date": p["date"], "score": p["score"]} for p in points)
    frame = pd.DataFrame(rows)
    frame["date"] = pd.to_datetime(frame["date"])
    return out, frame


def pandas_surprise(churn: pd.DataFrame, scores: pd.DataFrame) -> Dict[str, Any]:
    ref = churn[["account", "date", "arr"]].copy()
    ref["reference"] = ref["date"] - pd.Timedelta(days=90)
    left = ref.sort_values("reference")
    right = scores.sort_values("date")
    merged = pd.merge_asof(left, right, left_on="reference", right_on="date", by="account", direction="backward")
    rounded = np.round(merged["score"] * 10) / 10
    tier = np.select([rounded >= 80, rounded >= 60, rounded >= 40], ["thriving", "healthy", "at_risk"], "critical")
    known = merged["score"].notna()
    surprise = known & np.isin(tier, ["thriving", "healthy"])
    return {"surprise": int(surprise.sum()), "known": int(known.sum())}


def best(fn: Callable[[], Any], repeat: int) -> Tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    records, frame = events(args.events)
    model = tenure.HealthModel.builtin()

    t_ours, ours = best(lambda: tenure.churn_reason_analysis(records), args.repeat)
    t_pd, theirs = best(lambda: pandas_reasons(frame), args.repeat)
    for c in ours["categories"]:
        assert c["count"] == int(theirs["by"].loc[c["category"], "count"]), c["category"]
        assert int(c["arr"]) == int(theirs["by"].loc[c["category"], "arr"]), c["category"]
    assert len(ours["months"]) == len(theirs["months"])
    assert abs(ours["preventable_count"]["ratio"] - theirs["preventable_count"]) < 1e-12
    t_frame, framed = best(lambda: tenure.churn_reason_analysis(frame), args.repeat)
    assert framed["categories"] == ours["categories"] and framed["months"] == ours["months"]
    print(f"churn-reason analysis, {args.events} events: results agree")
    print(f"  tenure (from Python dicts): {t_ours * 1000:8.1f} ms")
    print(f"  tenure (from the DataFrame): {t_frame * 1000:7.1f} ms")
    print(f"  pandas (from a DataFrame):  {t_pd * 1000:8.1f} ms")
    print(f"  ratio pandas / tenure: {t_pd / t_ours:.2f}x (dicts), {t_pd / t_frame:.2f}x (DataFrame)  [> 1: tenure faster]")

    hist, scores = histories(records)
    t_ours, ours = best(lambda: tenure.surprise_churn(model, records, hist), args.repeat)
    t_pd, theirs = best(lambda: pandas_surprise(frame, scores), args.repeat)
    assert ours["surprise"] == theirs["surprise"] and ours["surprise"] + ours["expected"] == theirs["known"]
    t_frame, framed = best(lambda: tenure.surprise_churn(model, frame, scores), args.repeat)
    assert framed["surprise"] == ours["surprise"] and framed["share"] == ours["share"]
    print(f"surprise churn, {args.events} accounts x 4 scores: results agree "
          f"({ours['surprise']} surprise of {theirs['known']} known)")
    print(f"  tenure (from Python dicts): {t_ours * 1000:8.1f} ms")
    print(f"  tenure (from DataFrames):   {t_frame * 1000:8.1f} ms")
    print(f"  pandas (merge_asof):        {t_pd * 1000:8.1f} ms")
    print(f"  ratio pandas / tenure: {t_pd / t_ours:.2f}x (dicts), {t_pd / t_frame:.2f}x (DataFrames)  [> 1: tenure faster]")


if __name__ == "__main__":
    main()
