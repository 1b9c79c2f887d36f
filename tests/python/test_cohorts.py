"""Cohort tables through the Python API: DataFrame flavours, month column kinds, the heatmap,
and partial counts that merge exactly."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import tenure

ROWS = [
    ("a", "2024-01", 100.0), ("a", "2024-02", 100.0), ("a", "2024-03", 120.0),
    ("b", "2024-01", 50.0),
    ("c", "2024-02", 80.0), ("c", "2024-03", 80.0),
    ("d", "2024-03", 10.0),
]


def frame() -> pd.DataFrame:
    return pd.DataFrame(ROWS, columns=["customer_id", "month", "mrr"])


def test_pandas_matrices_mark_unobservable_cells():
    table = tenure.cohort_table(frame())
    logo = table.logo
    assert list(logo.index) == ["2024-01", "2024-02", "2024-03"]
    assert list(logo.columns) == ["0", "1", "2"]
    assert logo.loc["2024-01", "1"] == 0.5
    assert table.revenue.loc["2024-01", "2"] == 120.0 / 150.0
    # Not observable yet: NaN and status "unobservable", never 0.
    assert np.isnan(logo.loc["2024-03", "1"])
    assert table.status.loc["2024-03", "1"] == "unobservable"
    assert table.cohorts["customers"].tolist() == [2, 1, 1]
    assert table.cohorts["starting_mrr"].tolist() == ["150.00", "80.00", "10.00"]


def test_polars_and_dates():
    pl = pytest.importorskip("polars")
    df = frame()
    df["month"] = pd.to_datetime(df["month"])
    a = tenure.cohort_table(df)
    b = tenure.cohort_table(pl.from_pandas(df), frame="polars")
    c = tenure.cohort_table(
        {"customer_id": df["customer_id"].tolist(),
         "month": [dt.date(int(m[:4]), int(m[5:]), 15) for m in frame()["month"]],
         "mrr": df["mrr"].to_numpy()}, frame="dict")
    assert a.to_dict() == b.to_dict() == c.to_dict()
    assert b.logo.columns[0] == "cohort"


def test_as_of_day_makes_the_last_month_partial():
    table = tenure.cohort_table(frame(), as_of="2024-03-15")
    assert table.last_period_partial
    assert table.status.loc["2024-01", "2"] == "partial"
    table = tenure.cohort_table(frame(), as_of=dt.date(2024, 3, 31))
    assert not table.last_period_partial


def test_quarters():
    table = tenure.cohort_table(frame(), period="quarter")
    assert list(table.logo.index) == ["2024-Q1"]
    assert table.cohorts["customers"].tolist() == [4]


def test_heatmap_html():
    html = tenure.cohort_table(frame())._repr_html_()
    assert html.count("<tr>") == 4
    assert 'background:#eeeeee' in html  # unobservable cells are grey and blank
    assert "50%" in html


def test_partitions_merge_into_the_whole():
    df = frame()
    whole = tenure.cohort_table(df, frame="dict").to_dict()
    parts = [tenure.cohort_counts(part) for _, part in df.groupby(df["customer_id"].isin(["a", "d"]))]
    shipped = [tenure.CohortCounts.from_dict(p.to_dict()) for p in parts]
    assert tenure.merge_cohort_counts(shipped, frame="dict").to_dict() == whole


def test_errors():
    with pytest.raises(tenure.InputError) as e:
        tenure.cohort_table({"customer_id": ["a"], "month": ["2024-01"], "mrr": [-1.0]})
    assert e.value.code == "input.negative_amount"
    with pytest.raises(tenure.InputError) as e:
        tenure.cohort_table(frame(), compare_offset=0)
    assert e.value.code == "input.out_of_range"
    with pytest.raises(tenure.InputError):
        tenure.cohort_table(frame(), customer="account")
