"""The lifecycle functions through the Python API: Python dates and Decimals in, dicts out,
DataFrames for the tables, typed errors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
import polars as pl
import pytest

import tenure

EVENTS = [
    {"account": "a1", "date": date(2026, 1, 5), "category": "product", "sub_reason": "bugs", "arr": Decimal("20000.10")},
    {"account": "a2", "date": date(2026, 2, 7), "category": "strategic", "arr": 10000},
]


def test_renewal_with_python_dates():
    plan = tenure.renewal_prep(date(2026, 12, 31), date(2027, 1, 1))
    assert plan["phase"] == "passed"
    assert plan["red_alert_reasons"] == ["renewal_passed_unsigned"]
    assert plan["steps"][0]["due"] == "2026-10-02"


def test_decimal_arr_stays_exact():
    analysis = tenure.churn_reason_analysis(EVENTS)
    assert analysis["arr"] == "30000.10"
    assert analysis["categories"][0]["arr"] == "20000.10"
    assert analysis["top_category"] == "product"


def test_churn_reason_frame_pandas_and_polars():
    frame = tenure.churn_reason_frame(EVENTS)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame["category"]) == ["product", "value", "relationship", "financial", "competition", "strategic"]
    assert frame.loc[0, "arr"] == Decimal("20000.10")
    assert frame.loc[0, "count_share"] == 0.5
    polars = tenure.churn_reason_frame(EVENTS, library="polars")
    assert isinstance(polars, pl.DataFrame)
    assert polars["count"].to_list() == [1, 0, 0, 0, 0, 1]


def test_surprise_and_save_frames():
    model = tenure.HealthModel.builtin()
    frame = tenure.surprise_churn_frame(
        model,
        EVENTS,
        [{"account": "a1", "history": [{"date": date(2025, 9, 1), "score": 81}]}],
    )
    assert list(frame["class"]) == ["surprise", "unknown"]
    assert frame.loc[0, "reference_date"] == date(2025, 10, 7)
    saves = tenure.save_outcomes_frame(
        [{"account": "s", "attempted_on": date(2026, 1, 1), "play": "champion_left"}], date(2026, 4, 1)
    )
    assert list(saves["result"]) == ["saved"]
    assert saves.loc[0, "decided_on"] == date(2026, 4, 1)
    with pytest.raises(ValueError):
        tenure.save_outcomes_frame([], date(2026, 4, 1), library="duckdb")


def test_typed_errors():
    with pytest.raises(tenure.InputError) as info:
        tenure.classify_churn({"account": "a", "date": "2026-01-01", "category": "pricing", "arr": 1})
    assert info.value.code == "input.unknown_churn_category"
    assert info.value.path == "category"
    assert isinstance(info.value, ValueError)
    with pytest.raises(tenure.InputError) as info:
        tenure.win_back_plan("+262142-12-30", "+262142-12-31")
    assert info.value.code == "input.date_out_of_range"


def test_taxonomy_and_onboarding_keys():
    taxonomy = tenure.churn_taxonomy()
    assert [c["key"] for c in taxonomy["categories"]][0] == "product"
    assert "product_gap" in tenure.CHURN_TAXONOMY_JSON
    plan = tenure.onboarding_plan(date(2026, 3, 1), date(2026, 3, 5), "smb", completed=["account_provisioned"])
    assert plan["milestones"][0]["status"] == "done"
    assert plan["time_to_first_value"]["status"] == "overdue"
    level = tenure.engagement_level(3.5, date(2026, 5, 30), date(2026, 6, 1))
    assert level["level"] == "regular"
    cadence = tenure.touch_cadence(Decimal("100000"), date(2026, 3, 20), {"sync": date(2026, 3, 1)})
    assert cadence["segment"] == "enterprise" and cadence["overdue"] == ["sync"]


def test_dataframes_are_read_by_column():
    frame = pd.DataFrame(EVENTS)
    frame["date"] = pd.to_datetime(frame["date"])
    from_rows = tenure.churn_reason_analysis(EVENTS)
    assert tenure.churn_reason_analysis(frame) == from_rows
    assert tenure.churn_reason_analysis(pl.from_pandas(frame.astype({"arr": str}))) == from_rows
    scores = pd.DataFrame({"account": ["a1"], "date": [date(2025, 9, 1)], "score": [81.0]})
    model = tenure.HealthModel.builtin()
    result = tenure.surprise_churn(model, frame, scores)
    assert [a["class"] for a in result["accounts"]] == ["surprise", "unknown"]
    with pytest.raises(tenure.InputError) as info:
        tenure.churn_reason_analysis(frame.drop(columns=["arr"]))
    assert info.value.path == "events.arr"
    bad = frame.assign(date=["2026-01-05", "2026-02-30"])
    with pytest.raises(tenure.InputError) as info:
        tenure.churn_reason_analysis(bad)
    assert info.value.path == "events.date[1]" and info.value.code == "input.parse"
