"""Revenue math through the Python API: DataFrame flavours, the columnar path against the
row-wise one, a pandas re-statement of the movement rules, the dbt mrr-playbook agreement,
merging partial results, retention metrics and typed errors."""

from __future__ import annotations

import csv
import decimal
import importlib.util
import random
from pathlib import Path
from typing import Any, Dict, List

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import tenure

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "data" / "mrr_playbook_expected.csv"


def playbook_seed() -> Path:
    """The playbook's seed, bundled with the tests (tests/data/mrr-playbook/, MIT, unchanged)."""
    return REPO / "tests" / "data" / "mrr-playbook" / "subscription_periods.csv"


def random_rows(seed: int, customers: int = 40, months: int = 14) -> List[Dict[str, Any]]:
    rng = random.Random(seed)
    rows = []
    for c in range(customers):
        for m in range(months):
            if rng.random() < 0.45:
                cents = rng.choice([0, 0, 1, 25, 49, 99])
                rows.append({"customer_id": c * 7 + 3, "month": f"{2023 + (m + 4) // 12}-{(m + 4) % 12 + 1:02d}",
                             "mrr": rng.choice([0, 10, 20, 35, 50]) + cents / 100})
    return rows


def snapshots_of(rows: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [{"customer": str(r["customer_id"]), "month": r["month"], "mrr": repr(r["mrr"])} for r in rows]


def test_flavours_agree_with_snapshots():
    rows = random_rows(1)
    expected = tenure.mrr_movements_from_snapshots(snapshots_of(rows), frame="dict")
    frame = pd.DataFrame(rows)
    flavours = {
        "pandas": frame,
        "pandas-datetime": frame.assign(month=pd.to_datetime(frame["month"] + "-01")),
        "pandas-period": frame.assign(month=pd.PeriodIndex(frame["month"], freq="M")),
        "polars": pl.DataFrame(rows),
        "polars-date": pl.DataFrame(rows).with_columns(pl.col("month").str.to_date("%Y-%m")),
        "arrow": pa.Table.from_pylist(rows),
        "numpy": {
            "customer_id": np.array([r["customer_id"] for r in rows], dtype=np.int64),
            "month": np.array([r["month"] for r in rows], dtype="datetime64[M]"),
            "mrr": np.array([r["mrr"] for r in rows]),
        },
        "lists-text-ids": {
            "customer_id": [f"c{r['customer_id']}" for r in rows],
            "month": [r["month"] for r in rows],
            "mrr": [r["mrr"] for r in rows],
        },
    }
    for name, data in flavours.items():
        got = tenure.mrr_movements(data, frame="dict")
        assert got["months"] == expected["months"], name


def test_unsorted_rows_give_the_same_movements():
    rows = random_rows(2)
    shuffled = rows[:]
    random.Random(5).shuffle(shuffled)
    a = tenure.mrr_movements(pd.DataFrame(rows), frame="dict")
    b = tenure.mrr_movements(pd.DataFrame(shuffled), frame="dict")
    assert a == b


def pandas_movements(frame: pd.DataFrame) -> pd.DataFrame:
    """The default conventions written the way a data scientist would in pandas: a full
    customer x month grid, lag of MRR, categories from the previous and current MRR."""
    f = frame.copy()
    f["m"] = pd.PeriodIndex(f["month"], freq="M").astype("int64")
    f["cents"] = (f["mrr"].map(lambda x: decimal.Decimal(repr(x))) * 100).map(
        lambda d: int(d.quantize(decimal.Decimal(1), rounding=decimal.ROUND_HALF_UP))
    )
    months = range(f["m"].min(), f["m"].max() + 1)
    grid = pd.MultiIndex.from_product([sorted(f["customer_id"].unique()), months], names=["customer_id", "m"])
    g = f.set_index(["customer_id", "m"])["cents"].reindex(grid, fill_value=0).reset_index()
    g["prev"] = g.groupby("customer_id")["cents"].shift(1, fill_value=0)
    g["seen_before"] = g.groupby("customer_id")["prev"].cumsum() > 0
    cur, prev = g["cents"], g["prev"]
    out = pd.DataFrame({"m": g["m"]})
    out["new"] = np.where((prev == 0) & (cur > 0) & ~g["seen_before"], cur, 0)
    out["reactivation"] = np.where((prev == 0) & (cur > 0) & g["seen_before"], cur, 0)
    out["expansion"] = np.where((prev > 0) & (cur > prev), cur - prev, 0)
    out["contraction"] = np.where((prev > 0) & (cur > 0) & (cur < prev), prev - cur, 0)
    out["churn"] = np.where((prev > 0) & (cur == 0), prev, 0)
    out["ending_mrr"] = cur
    return out.groupby("m").sum().reset_index()


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_pandas_restatement_agrees(seed):
    frame = pd.DataFrame(random_rows(seed))
    ours = tenure.mrr_movements(frame, money="decimal")
    ref = pandas_movements(frame)
    assert len(ours) == len(ref)
    for field in ["new", "reactivation", "expansion", "contraction", "churn", "ending_mrr"]:
        got = [int(v * 100) for v in ours[field]]
        assert got == ref[field].tolist(), field


def test_frames_and_identity():
    frame = pd.DataFrame(random_rows(6))
    df = tenure.mrr_movements(frame)
    assert list(df.columns[:8]) == ["month", "starting_mrr", "new", "expansion", "contraction", "churn", "reactivation", "ending_mrr"]
    assert str(df["month"].dtype).startswith("datetime64")
    exact = tenure.mrr_movements(frame, money="decimal")
    for _, row in exact.iterrows():
        assert row.starting_mrr + row.new + row.expansion + row.reactivation - row.contraction - row.churn == row.ending_mrr
    polars_df = tenure.mrr_movements(frame, frame="polars")
    assert polars_df.height == len(df)
    assert polars_df["month"].dtype == pl.Date
    assert polars_df["new"].to_list() == df["new"].tolist()


def test_segments_give_one_row_per_segment_and_month():
    frame = pd.DataFrame(random_rows(7))
    frame["plan"] = np.where(frame["customer_id"] % 2 == 0, "pro", "basic")
    df = tenure.mrr_movements(frame, segment="plan")
    assert sorted(df["segment"].unique()) == ["basic", "pro"]
    total = tenure.mrr_movements(frame)
    summed = df.groupby("month")["new"].sum().reset_index(drop=True)
    assert np.allclose(summed, total["new"])


def test_playbook_fixture_is_rederived_and_matched():
    spec = importlib.util.spec_from_file_location("derive_mrr_playbook", REPO / "tests" / "data" / "derive_mrr_playbook.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    derived = module.derive(str(playbook_seed()))
    fixture = pd.read_csv(FIXTURE, keep_default_na=False)
    assert derived.astype(str).values.tolist() == fixture.astype(str).values.tolist()
    periods = [
        {"customer": r["customer_id"], "start": r["start_date"], "end": r["end_date"] or None, "amount": r["monthly_amount"]}
        for r in csv.DictReader(playbook_seed().open())
    ]
    names = {"new": "new", "expansion": "upgrade", "contraction": "downgrade", "churn": "churn", "reactivation": "reactivation"}
    for convention in ["dbt_mrr_playbook", "default"]:
        detail = tenure.movement_detail({"periods": periods, "options": {"convention": convention}})
        ours = {(d["customer"], d["month"]): names[d["movement"]] for d in detail if d["month"] >= "2018-01"}
        for row in fixture.itertuples():
            key = (str(row.customer_id), row.date_month[:7])
            assert ours.get(key, "") == row.change_category, (convention, key)
        covered = {(str(r.customer_id), r.date_month[:7]) for r in fixture.itertuples()}
        assert set(ours) <= covered


def test_periods_from_a_dataframe():
    periods = pd.DataFrame({
        "customer": ["a", "a", "b"],
        "start": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-02-01"]),
        "end": pd.to_datetime(["2024-03-01", None, "2024-03-01"]),
        "amount": [1200.0, 120.0, 30.0],
        "interval": ["annual", "monthly", "weekly"],
    })
    got = tenure.mrr_movements_from_periods(periods, as_of="2024-04", frame="dict")
    march = got["months"][2]
    assert (march["month"], march["starting_mrr"], march["expansion"], march["churn"]) == ("2024-03", "230.00", "20.00", "130.00")


def test_merge_of_partitions_equals_whole():
    rows = random_rows(8)
    frame = pd.DataFrame(rows)
    whole = tenure.mrr_movements(frame, frame="dict")
    parts = [tenure.mrr_movements(frame[frame["customer_id"] % 3 == k], frame="dict") for k in range(3)]
    assert tenure.merge_movements(parts) == whole
    assert tenure.merge_movements(parts[::-1]) == whole


def test_retention_metrics_columns_and_rows_agree():
    rows = random_rows(9)
    by_columns = tenure.retention_metrics(pd.DataFrame(rows), from_month="2023-08", through="2023-11")
    by_rows = tenure.retention_metrics({"snapshots": snapshots_of(rows)}, from_month="2023-08", through="2023-11")
    assert by_columns["total"] == by_rows["total"]
    nrr = by_rows["total"]["nrr"]
    assert nrr["value"] == float(round(decimal.Decimal(nrr["numerator"]) / decimal.Decimal(nrr["denominator"]), 10))
    assert by_rows["total"]["grr"]["value"] <= 1


def test_errors_are_typed():
    with pytest.raises(tenure.InputError) as e:
        tenure.mrr_movements({"customer_id": [1, 1], "month": ["2024-01", "2024-01"], "mrr": [1.0, 2.0]})
    assert (e.value.code, e.value.path) == ("input.duplicate_customer_month", "month[1]")
    with pytest.raises(tenure.InputError) as e:
        tenure.mrr_movements({"customer_id": [1], "month": ["2024-01"], "mrr": [-1.0]})
    assert (e.value.code, e.value.path) == ("input.negative_amount", "mrr[0]")
    with pytest.raises(ValueError):
        tenure.mrr_movements({"customer_id": [1], "month": ["2024-13"], "mrr": [1.0]})
    with pytest.raises(tenure.InputError) as e:
        tenure.mrr_movements(pd.DataFrame({"customer_id": [1]}))
    assert e.value.code == "input.parse"
    with pytest.raises(tenure.InputError) as e:
        tenure.mrr_movements_from_periods([{"customer": "a", "start": "2024-01-01", "amount": "1"}])
    assert (e.value.code, e.value.path) == ("input.as_of_required", "periods[0].end")
    with pytest.raises(tenure.InputError) as e:
        tenure.mrr_movements({"customer_id": [1], "month": ["2024-01"], "mrr": [1.0]}, convention="stripe")
    assert e.value.code == "input.parse"
