"""The Python API of lifecycle rules: RuleSet construction, evaluation forms, batches over lists
and DataFrames, errors."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import polars as pl
import pytest

import tenure

AS_OF = date(2026, 3, 1)


def test_builtin_pack():
    rules = tenure.RuleSet.builtin()
    assert rules.id == "tenure.default-rules"
    assert len(rules.rule_keys) == 34
    assert "critical_save_call" in rules.plays
    assert rules.fact_kinds["health_history"] == "series"
    assert rules.fact_kinds["last_login_at"] == "date"
    assert rules.max_steps >= rules.conditions > 34
    assert json.loads(tenure.DEFAULT_RULES_JSON)["id"] == rules.id
    assert repr(rules) == f"RuleSet(id=\"tenure.default-rules\", rules=34, plays={len(rules.plays)})"


def test_round_trip():
    rules = tenure.RuleSet.builtin()
    again = tenure.RuleSet.from_json(rules.to_json())
    assert again.to_dict() == rules.to_dict()
    assert tenure.RuleSet.from_dict(rules.to_dict()).rule_keys == rules.rule_keys


def test_evaluate_plain_facts_with_dates():
    rules = tenure.RuleSet.builtin()
    result = rules.evaluate(
        {"health_score": 45, "last_login_at": date(2026, 1, 30)}, AS_OF, account="acme"
    )
    assert result["account"] == "acme"
    assert result["as_of"] == "2026-03-01"
    assert [a["play"] for a in result["actions"]] == ["at_risk_intervention_plan", "reengage_inactive"]
    assert result["actions"][0]["due_at"] == "2026-03-03T00:00:00"
    assert "30 days" in result["actions"][1]["message"]


def test_evaluate_fact_set_and_last_fired():
    rules = tenure.RuleSet.builtin()
    fact_set = {"account": "a", "as_of": "2026-03-01", "facts": {"nps_score": 3}}
    assert rules.plays_for(fact_set) == ["detractor_outreach"]
    assert rules.plays_for(fact_set, last_fired={"detractor_outreach": date(2026, 2, 1)}) == []
    result = rules.evaluate(fact_set, last_fired={"detractor_outreach": "2026-02-01"})
    assert result["suppressed"][0]["reason"] == "cooldown"
    assert result["suppressed"][0]["until"] == "2026-05-02"


def test_missing_as_of_is_an_input_error():
    with pytest.raises(tenure.InputError) as info:
        tenure.RuleSet.builtin().evaluate({"nps_score": 3})
    assert info.value.code == "input.missing_as_of"


def test_rule_error_hierarchy():
    with pytest.raises(tenure.RuleError) as info:
        tenure.RuleSet.from_dict({"id": "x", "rules": [{"key": "Bad Key"}]})
    err = info.value
    assert isinstance(err, tenure.TenureError) and isinstance(err, ValueError)
    assert not isinstance(err, tenure.ModelError)
    assert err.code == "rules.invalid_key" or err.code == "rules.missing_field"
    with pytest.raises(tenure.RuleError) as info:
        tenure.RuleSet.from_json("{not json")
    assert info.value.code == "rules.parse"


def test_deeply_nested_host_data_is_refused():
    cond: dict = {"fact": "x", "op": ">", "value": 1}
    for _ in range(200):
        cond = {"not": cond}
    rule = {"key": "r", "label": "r", "condition": cond, "action": {"play": "p", "severity": "low", "message": "m"}}
    with pytest.raises(tenure.RuleError) as info:
        tenure.RuleSet.from_dict({"id": "x", "rules": [rule]})
    assert info.value.code == "rules.parse"


def test_batch_list_explained_and_summary():
    rules = tenure.RuleSet.builtin()
    accounts = [{"nps_score": 9}, {"account": "b", "facts": {"health_score": 30}}, {"nps_score": 5}]
    out = rules.evaluate_batch(accounts, AS_OF)
    assert [e["actions"][0]["play"] for e in out["evaluations"]] == [
        "promoter_referral_ask",
        "critical_save_call",
        "detractor_outreach",
    ]
    summary = rules.evaluate_batch(accounts, "2026-03-01", explain=False)
    assert [r["plays"] for r in summary["rows"]] == [
        ["promoter_referral_ask"],
        ["critical_save_call"],
        ["detractor_outreach"],
    ]
    assert summary["errors"] == []


def test_batch_error_rows():
    out = tenure.RuleSet.builtin().evaluate_batch([{"nps_score": 9}], None, explain=False)
    assert out["errors"][0]["index"] == 0
    assert out["errors"][0]["error"]["code"] == "input.missing_as_of"


@pytest.mark.parametrize("flavour", ["pandas", "polars"])
def test_batch_dataframe(flavour):
    rows = {
        "account": ["a", "b", "c"],
        "health_score": [35.0, 85.0, None],
        "last_login_at": [date(2026, 1, 1), date(2026, 2, 27), None],
        "champion_job_change": [False, False, True],
    }
    frame = pd.DataFrame(rows) if flavour == "pandas" else pl.DataFrame(rows)
    rules = tenure.RuleSet.builtin()
    summary = rules.evaluate_batch(frame, AS_OF, explain=False)
    assert [r["plays"] for r in summary["rows"]] == [
        ["critical_save_call", "reengage_inactive"],
        ["advocacy_ask"],
        ["replace_champion"],
    ]
    explained = rules.evaluate_batch(frame, AS_OF)
    assert [e["account"] for e in explained["evaluations"]] == ["a", "b", "c"]


def test_batch_rejects_a_string():
    with pytest.raises(TypeError):
        tenure.RuleSet.builtin().evaluate_batch("nps_score", AS_OF)


def _portfolio(n):
    """Deterministic accounts with numbers, dates, booleans, series and gaps."""
    rows = []
    for i in range(n):
        facts = {
            "health_score": None if i % 7 == 0 else float((i * 37) % 100),
            "nps_score": float(i % 11),
            "last_login_at": None if i % 5 == 0 else date(2026, 1, 1 + i % 28),
            "champion_job_change": i % 9 == 0,
            "seats_used": float(50 + i % 60),
            "seats_licensed": 100.0,
            "health_history": [
                {"date": "2026-01-15", "value": float((i * 13) % 100)},
                {"date": "2026-02-20", "value": float((i * 29) % 100)},
            ],
        }
        rows.append(facts)
    return rows


@pytest.mark.parametrize("flavour", ["pandas", "polars", "pyarrow", "numpy"])
def test_columns_give_the_plays_of_rows(flavour):
    import numpy as np
    import pyarrow as pa

    rows = _portfolio(60)
    keys = list(rows[0])
    columns = {k: [r[k] for r in rows] for k in keys}
    fired = {"detractor_outreach": [date(2026, 2, 20) if i % 2 else None for i in range(60)]}
    if flavour == "pandas":
        data = pd.DataFrame(columns)
    elif flavour == "polars":
        data = pl.DataFrame(columns)
    elif flavour == "pyarrow":
        data = pa.table(columns)
    else:
        data = {
            k: np.array([np.nan if v is None else v for v in vals], dtype=np.float64)
            if isinstance(next(v for v in vals if v is not None), float)
            else np.array(vals)
            if isinstance(vals[0], bool)
            else vals
            for k, vals in columns.items()
        }
    rules = tenure.RuleSet.builtin()
    by_rows = rules.evaluate_batch(
        [{"facts": {k: v for k, v in r.items() if v is not None},
          "last_fired": {"detractor_outreach": fired["detractor_outreach"][i]}
          if fired["detractor_outreach"][i] else {}}
         for i, r in enumerate(rows)],
        AS_OF,
        explain=False,
    )
    by_columns = rules.evaluate_batch(data, AS_OF, explain=False, last_fired=fired)
    assert by_columns == by_rows
    assert sum(len(r["plays"]) for r in by_columns["rows"]) > 60


def test_columns_errors():
    rules = tenure.RuleSet.builtin()
    with pytest.raises(tenure.InputError) as e:
        rules.evaluate_batch({"health_score": ["72"]}, AS_OF, explain=False)
    assert e.value.code == "input.column_kind"
    assert e.value.path == "columns.health_score"
    with pytest.raises(tenure.InputError) as e:
        rules.evaluate_batch({"health_score": [1.0, 2.0], "nps_score": [3.0]}, AS_OF, explain=False)
    assert e.value.code == "input.column_length"
    with pytest.raises(tenure.InputError) as e:
        rules.evaluate_batch({"nps_score": [3.0]}, None, explain=False)
    assert e.value.code == "input.missing_as_of"
