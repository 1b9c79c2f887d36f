"""Kaplan-Meier on the IBM Telco customer-churn data (duration = tenure in months, event =
Churn == "Yes") agrees with lifelines' ``KaplanMeierFitter`` to 1e-9: survival function,
log-log ("exponential Greenwood") confidence intervals and median, overall, by contract and with
late entry."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tenure

lifelines = pytest.importorskip("lifelines")

TELCO = Path("/work/shared/data/telco/Telco-Customer-Churn.csv")
if not TELCO.exists():  # pragma: no cover - the data set lives outside the repository
    TELCO = Path(__file__).resolve().parents[3] / "shared" / "data" / "telco" / "Telco-Customer-Churn.csv"

TOLERANCE = 1e-9


@pytest.fixture(scope="module")
def telco() -> pd.DataFrame:
    if not TELCO.exists():
        pytest.skip(f"{TELCO} is not there")
    df = pd.read_csv(TELCO)
    df["churned"] = df["Churn"] == "Yes"
    return df


def fitted(durations, events, entry=None, alpha=0.05):
    kmf = lifelines.KaplanMeierFitter(alpha=alpha)
    kmf.fit(durations, event_observed=events, entry=entry)
    return kmf


def assert_agrees(ours: tenure.KaplanMeier, kmf) -> None:
    curve = ours.curve
    sf = kmf.survival_function_
    ci = kmf.confidence_interval_
    np.testing.assert_array_equal(curve["time"].to_numpy(), sf.index.to_numpy(dtype=float))
    np.testing.assert_allclose(curve["survival"].to_numpy(), sf.iloc[:, 0].to_numpy(), rtol=0, atol=TOLERANCE)
    np.testing.assert_allclose(curve["lower"].to_numpy(), ci.iloc[:, 0].to_numpy(), rtol=0, atol=TOLERANCE)
    np.testing.assert_allclose(curve["upper"].to_numpy(), ci.iloc[:, 1].to_numpy(), rtol=0, atol=TOLERANCE)
    table = kmf.event_table
    # lifelines' table counts the entrants of a time among those at risk; its estimate (and
    # ours) has them join just after that time, except at the first time.
    entrants = table["entrance"].to_numpy().copy()
    entrants[0] = 0
    np.testing.assert_array_equal(curve["at_risk"].to_numpy(), table["at_risk"].to_numpy() - entrants)
    np.testing.assert_array_equal(curve["entered"].to_numpy(), table["entrance"].to_numpy())
    np.testing.assert_array_equal(curve["events"].to_numpy(), table["observed"].to_numpy())
    np.testing.assert_array_equal(curve["censored"].to_numpy(), table["censored"].to_numpy())
    expected_median = kmf.median_survival_time_
    if np.isinf(expected_median):
        assert ours.median is None
    else:
        assert ours.median == expected_median


def test_overall_matches_lifelines(telco):
    ours = tenure.kaplan_meier(telco, duration="tenure", event="churned")
    kmf = fitted(telco["tenure"], telco["churned"])
    # Tenure 0 exists in the data (11 new customers, all censored): time 0 is on the curve.
    assert ours.curve["time"].iloc[0] == 0.0
    assert_agrees(ours, kmf)
    assert ours.subjects == len(telco)
    assert ours.events == int(telco["churned"].sum())


@pytest.mark.parametrize("contract", ["Month-to-month", "One year", "Two year"])
def test_by_contract_matches_lifelines(telco, contract):
    ours = tenure.kaplan_meier(telco, duration="tenure", event="churned", group="Contract")
    assert list(ours.groups) == sorted(telco["Contract"].unique())
    part = telco[telco["Contract"] == contract]
    assert_agrees(ours.groups[contract], fitted(part["tenure"], part["churned"]))


def test_month_to_month_median_is_reached(telco):
    ours = tenure.kaplan_meier(telco, duration="tenure", event="churned", group="Contract")
    assert ours.groups["Month-to-month"].median is not None
    assert ours.groups["Two year"].median is None


def test_late_entry_matches_lifelines(telco):
    # Customers observed only from an entry time (a third of them from half their tenure).
    df = telco.copy()
    rows = np.arange(len(df))
    df["entry"] = np.where(rows % 3 == 0, np.floor(df["tenure"] / 2), 0.0)
    ours = tenure.kaplan_meier(df, duration="tenure", event="churned", entry="entry")
    kmf = fitted(df["tenure"], df["churned"], entry=df["entry"])
    assert_agrees(ours, kmf)


@pytest.mark.parametrize("level", [0.9, 0.99, 0.8])
def test_other_confidence_levels_match_lifelines(telco, level):
    ours = tenure.kaplan_meier(telco, duration="tenure", event="churned", confidence_level=level)
    assert_agrees(ours, fitted(telco["tenure"], telco["churned"], alpha=1 - level))


def test_polars_and_records_give_the_same_bits(telco):
    pl = pytest.importorskip("polars")
    small = telco[["tenure", "churned", "Contract"]].head(500)
    a = tenure.kaplan_meier(small, duration="tenure", event="churned", group="Contract")
    b = tenure.kaplan_meier(pl.from_pandas(small), duration="tenure", event="churned",
                            group="Contract", frame="polars")
    c = tenure.kaplan_meier(small.to_dict("records"), duration="tenure", event="churned",
                            group="Contract", frame="dict")
    assert a.to_dict() == b.to_dict() == c.to_dict()
    assert type(b.curve).__name__ == "DataFrame" and type(b.curve).__module__.startswith("polars")


def test_errors_are_input_errors():
    with pytest.raises(tenure.InputError) as e:
        tenure.kaplan_meier({"tenure": [1, -2], "churned": [True, False]})
    assert e.value.code == "input.negative_duration"
    assert e.value.path == "duration[1]"
    with pytest.raises(ValueError):
        tenure.kaplan_meier({"tenure": [], "churned": []})
    with pytest.raises(tenure.InputError) as e:
        tenure.kaplan_meier({"tenure": [1], "churned": ["yes"]})
    assert e.value.code == "input.parse"
