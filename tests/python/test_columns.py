"""One rule for the columns every area reads: customer ids (the core's id rule, the same in
Node.js and the browser), months and exact decimals, whichever function takes them."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

import tenure

MODEL = tenure.HealthModel.builtin()
MONTHS = ["2024-01", "2024-02", "2024-02", "2024-03"]
MRR = [10.0, 15.0, 5.0, 15.0]


def rows(ids):
    return {"customer_id": ids, "month": MONTHS, "mrr": MRR}


def results(data):
    return (
        tenure.mrr_movements(data, frame="dict"),
        tenure.retention_metrics(data, from_month="2024-02", through="2024-03"),
        tenure.cohort_table(data, frame="dict").to_dict(),
        tenure.cohort_counts(data).to_dict(),
    )


@pytest.mark.parametrize(
    "ids",
    [
        np.array([1.0, 1.0, 2.0, 1.0]),
        [1.0, 1.0, 2.0, 1.0],
        pd.Series([1.0, 1.0, 2.0, 1.0]),
    ],
    ids=["float64 array", "list of floats", "pandas float column"],
)
def test_whole_float_ids_are_the_integer_ids_in_revenue_and_cohorts(ids):
    assert results(rows(ids)) == results(rows(np.array([1, 1, 2, 1])))
    frame = pd.DataFrame(rows(ids))
    assert results(frame) == results(rows([1, 1, 2, 1]))


@pytest.mark.parametrize("bad", [1.5, float("nan")])
@pytest.mark.parametrize(
    "call",
    [
        lambda d: tenure.mrr_movements(d, frame="dict"),
        lambda d: tenure.retention_metrics(d, from_month="2024-02"),
        lambda d: tenure.cohort_table(d, frame="dict"),
        lambda d: tenure.cohort_counts(d),
    ],
    ids=["mrr_movements", "retention_metrics", "cohort_table", "cohort_counts"],
)
def test_other_float_ids_are_the_same_error_everywhere(call, bad):
    with pytest.raises(tenure.InputError) as info:
        call(rows(np.array([1.0, bad, 2.0, 1.0])))
    assert (info.value.code, info.value.path) == ("input.parse", "customer[1]")


def test_mixed_ids_are_text_with_numbers_as_their_text_everywhere():
    mixed = results(rows(["a", 7, "b", "a"]))
    assert mixed == results(rows(["a", "7", "b", "a"]))
    with pytest.raises(tenure.InputError) as info:
        tenure.cohort_table(rows(["a", None, "b", "a"]))
    assert (info.value.code, info.value.path) == ("input.parse", "customer[1]")


def test_month_rule_is_shared():
    days = rows([1, 1, 2, 1]) | {"month": pd.to_datetime(["2024-01-15", "2024-02-01", "2024-02-29", "2024-03-31"])}
    assert results(days) == results(rows([1, 1, 2, 1]))
    with pytest.raises(tenure.InputError) as info:
        tenure.cohort_table(rows([1, 1, 2, 1]) | {"month": ["2024-01", None, "2024-02", "2024-03"]})
    assert (info.value.code, info.value.path) == ("input.parse", "month[1]")


def test_decimals_are_read_as_their_exact_text():
    exact = tenure.roll_up_products(MODEL, [{"product": "a", "score": 90, "arr": Decimal("0.10")},
                                            {"product": "b", "score": 50, "arr": Decimal("0.20")}])
    assert exact["total_arr"] == "0.30"
    cohorts = tenure.cohort_table(rows([1, 1, 2, 1]) | {"mrr": [Decimal(str(v)) for v in MRR]}, frame="dict")
    assert cohorts.to_dict() == tenure.cohort_table(rows([1, 1, 2, 1]), frame="dict").to_dict()


@pytest.mark.parametrize("special", ["NaN", "Infinity", "-Infinity", "sNaN"])
def test_non_finite_decimal_amounts_are_parse_errors(special):
    with pytest.raises(tenure.InputError) as info:
        tenure.roll_up_products(MODEL, [{"product": "a", "score": 50, "arr": Decimal(special)}])
    assert (info.value.code, info.value.path) == ("input.parse", "products[0].arr")
    with pytest.raises(tenure.InputError) as info:
        tenure.classify_churn({"account": "a", "date": "2026-01-05", "category": "product",
                               "sub_reason": "bugs", "arr": Decimal(special)})
    assert (info.value.code, info.value.path) == ("input.parse", "event.arr")


def test_decimal_where_the_core_asks_for_a_number_is_its_float():
    import json

    data = json.loads(tenure.BUILTIN_MODEL_JSON)
    data["min_coverage"] = Decimal("0.5")
    assert tenure.HealthModel.from_dict(data).to_dict()["min_coverage"] == 0.5
    data["min_coverage"] = Decimal("NaN")
    as_float = json.loads(tenure.BUILTIN_MODEL_JSON) | {"min_coverage": float("nan")}
    with pytest.raises(tenure.ModelError) as decimal_error:
        tenure.HealthModel.from_dict(data)
    with pytest.raises(tenure.ModelError) as float_error:
        tenure.HealthModel.from_dict(as_float)
    assert (decimal_error.value.code, decimal_error.value.path) == (float_error.value.code, float_error.value.path)


def test_json_backed_classes_share_equality_and_pickling():
    import pickle

    rules = tenure.RuleSet.builtin()
    assert pickle.loads(pickle.dumps(rules)) == rules
    assert tenure.RuleSet.from_dict(rules.to_dict()) == rules
    portfolio = tenure.Portfolio({"accounts": [{"id": "acme", "arr": Decimal("120000.10")}]})
    again = pickle.loads(pickle.dumps(portfolio))
    assert again == portfolio and again.to_dict()["accounts"][0]["arr"] == "120000.10"
    model_set = tenure.SegmentedModel.from_dict(
        {"id": "s", "models": [json_model("m")], "default_model": "m"}
    )
    assert pickle.loads(pickle.dumps(model_set)) == model_set and model_set.model_ids == ["m"]
    assert MODEL != rules


def json_model(model_id):
    import json

    return json.loads(tenure.BUILTIN_MODEL_JSON) | {"id": model_id}


def test_decimal_signal_inputs_and_facts_stay_numbers():
    """Health signal inputs and rule facts are numbers in the core, never amounts: a Decimal
    there reads as its float, as before."""
    as_decimal = MODEL.score({"inputs": {"dau_mau_ratio": Decimal("0.3")}})
    assert as_decimal.issues == [] and as_decimal.to_dict() == MODEL.score({"inputs": {"dau_mau_ratio": 0.3}}).to_dict()
    batch = MODEL.score_batch([{"inputs": {"dau_mau_ratio": Decimal("0.3")}}])
    assert batch["coverage"][0] == as_decimal.coverage
    rules = tenure.RuleSet.builtin()
    plays = rules.evaluate({"health_score": Decimal("35")}, as_of="2026-03-01")["actions"]
    assert [a["play"] for a in plays] == ["critical_save_call"]
