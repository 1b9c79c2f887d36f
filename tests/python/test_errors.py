"""Exception classes and their attributes; nothing panics across the boundary."""

from __future__ import annotations

import json
import math
import pickle
from datetime import date, datetime
from decimal import Decimal

import numpy as np
import pytest

import tenure

MODEL = tenure.HealthModel.builtin()


def test_hierarchy():
    assert issubclass(tenure.TenureError, Exception)
    for cls in (tenure.ModelError, tenure.InputError):
        assert issubclass(cls, tenure.TenureError)
        assert issubclass(cls, ValueError)
    assert not issubclass(tenure.ModelError, tenure.InputError)


def test_model_error_attributes():
    bad = json.loads(tenure.BUILTIN_MODEL_JSON)
    bad["dimensions"][1]["weight"] = -2
    with pytest.raises(tenure.ModelError) as info:
        tenure.HealthModel.from_dict(bad)
    e = info.value
    assert (e.code, e.path, e.value) == ("model.weight_not_positive", "dimensions[1].weight", -2.0)
    assert e.message == "weights must be positive and finite"
    assert str(e).startswith("model.weight_not_positive: weights must be positive")
    assert "dimensions[1].weight" in str(e)


def test_model_errors_from_json_text_and_dict_agree():
    bad = json.loads(tenure.BUILTIN_MODEL_JSON)
    bad["dimensions"][0]["signals"][0]["kind"]["bands"][1]["from"] = 0.25
    with pytest.raises(tenure.ModelError) as from_dict:
        tenure.HealthModel.from_dict(bad)
    with pytest.raises(tenure.ModelError) as from_json:
        tenure.HealthModel.from_json(json.dumps(bad))
    for e in (from_dict.value, from_json.value):
        assert (e.code, e.path, e.value) == (
            "model.band_gap",
            "dimensions[0].signals[0].kind.bands[1].from",
            0.25,
        )


@pytest.mark.parametrize(
    "text,code,path",
    [
        ("{", "model.parse", None),
        ('{"id": "m", "dimensions": [], "tiers": [], "colour": 1}', "model.unknown_field", "colour"),
        ('{"id": "m", "tiers": []}', "model.missing_field", "dimensions"),
        ('{"id": "m", "dimensions": "x", "tiers": []}', "model.parse", "dimensions"),
    ],
)
def test_model_parse_errors(text, code, path):
    with pytest.raises(tenure.ModelError) as info:
        tenure.HealthModel.from_json(text)
    assert info.value.code == code
    if path is not None:
        assert info.value.path == path


def test_model_from_dict_with_python_types():
    data = json.loads(tenure.BUILTIN_MODEL_JSON)
    data["dimensions"][0]["weight"] = np.float64(30)
    data["dimensions"][1]["weight"] = np.int64(20)
    data["min_coverage"] = Decimal("0.5")
    assert tenure.HealthModel.from_dict(data) == MODEL
    data["min_coverage"] = "0.5"
    with pytest.raises(tenure.ModelError) as info:
        tenure.HealthModel.from_dict(data)
    assert (info.value.code, info.value.path) == ("model.parse", "min_coverage")
    data["min_coverage"] = 0.5
    data["dimensions"][0]["weight"] = math.nan
    with pytest.raises(tenure.ModelError) as info:
        tenure.HealthModel.from_dict(data)
    assert (info.value.code, info.value.path) == ("model.weight_not_positive", "dimensions[0].weight")


@pytest.mark.parametrize(
    "account,code,path",
    [
        ({"inputs": {"nope": 1}}, "input.unknown_signal", "inputs.nope"),
        ({"inputs": {}, "colour": "red"}, "input.parse", "colour"),
        ({"id": 17, "inputs": {}}, "input.parse", "id"),
        ({"inputs": [1, 2]}, "input.parse", "inputs"),
        ({"inputs": {"dau_mau_ratio": {"value": 1}}}, "input.parse", "inputs.dau_mau_ratio"),
        ({"inputs": {}, "as_of": "2026-02-30"}, "input.parse", "as_of"),
        ({"inputs": {}, "as_of": 20261115}, "input.parse", "as_of"),
        ({"inputs": {1: 0.5}}, "input.parse", "inputs.?"),
        ({"inputs": {"dau_mau_ratio": object()}}, "input.parse", "inputs.dau_mau_ratio"),
        ("not an account", "input.parse", ""),
        (None, "input.parse", ""),
    ],
)
def test_input_errors(account, code, path):
    with pytest.raises(tenure.InputError) as info:
        MODEL.score(account)
    assert (info.value.code, info.value.path) == (code, path)


def test_account_values_of_many_python_types():
    """NumPy scalars, dates and datetimes, pandas' NA, huge integers: read, never a crash."""
    import pandas as pd

    base = {"dau_mau_ratio": np.float32(0.5), "contacts_count": np.int64(3),
            "champion_identified": np.bool_(True), "login_trend": np.str_("up"),
            "payment_status": "current", "exec_sponsor": pd.NA, "goals_defined": None,
            "support_tickets_30d": 2**70}
    for as_of in (date(2026, 8, 15), datetime(2026, 8, 15, 12, 30), "2026-08-15"):
        s = MODEL.score({"inputs": base, "as_of": as_of})
        assert s.coverage > 0.4 and s.issues == []
    plain = MODEL.score({"inputs": {**base, "dau_mau_ratio": 0.5, "contacts_count": 3,
                                    "champion_identified": True, "login_trend": "up",
                                    "exec_sponsor": None}})
    assert plain.to_dict() == s.to_dict()
    # 2**70 tickets: a number, out of the count's bands? no: 10+ band, a whole number.
    assert [d for d in s.dimensions if d["key"] == "engagement"][0]["signals"][1]["points"] == 1.0


def test_nan_and_infinity_inputs_are_missing_or_issues():
    s = MODEL.score({"inputs": {"dau_mau_ratio": math.nan, "contacts_count": math.inf}})
    assert s.issues == [{"kind": "not_finite", "path": "inputs.contacts_count", "value": "inf"}]
    signals = {sig["key"]: sig for d in s.dimensions for sig in d["signals"]}
    assert signals["dau_mau_ratio"]["input"] is None
    assert signals["dau_mau_ratio"]["source"] == "excluded"


def test_failed_status_carries_an_input_error():
    model = tenure.HealthModel.from_dict({
        "id": "required",
        "dimensions": [{"key": "d", "weight": 1, "signals": [
            {"key": "must", "missing": "fail",
             "kind": {"type": "numeric", "bands": [{"from": 0, "to": 10, "to_inclusive": True, "points": [0, 10]}]}}]}],
        "tiers": [{"key": "ok", "min": 0}],
    })
    s = model.score({"inputs": {"must": 12}})
    assert s.status == "failed" and s.composite is None
    assert isinstance(s.error, tenure.InputError)
    assert (s.error.code, s.error.path, s.error.value) == ("input.missing_required", "inputs.must", 12.0)
    assert model.score({"inputs": {"must": 5}}).error is None


def test_exceptions_pickle():
    try:
        MODEL.score({"inputs": {"nope": 1}})
    except tenure.InputError as e:
        again = pickle.loads(pickle.dumps(e))
        assert type(again) is tenure.InputError
        assert (again.code, again.path, again.value, again.message) == (e.code, e.path, e.value, e.message)
        assert str(again) == str(e)


def test_blend_roll_up_trend_errors():
    human = {"score": 50, "weight": 0.5, "assessed_on": "2026-11-01", "expires_on": "2026-10-01"}
    with pytest.raises(tenure.InputError) as info:
        tenure.blend_human_score(MODEL, 70, human, "2026-11-15")
    assert (info.value.code, info.value.path, info.value.value) == ("input.date_order", "human.expires_on", "2026-10-01")
    with pytest.raises(tenure.InputError) as info:
        tenure.blend_human_score(MODEL, 70, {**human, "colour": 1}, "2026-11-15")
    assert (info.value.code, info.value.path) == ("input.parse", "human.colour")
    with pytest.raises(tenure.InputError) as info:
        tenure.blend_human_score(MODEL, 70, None, "15/11/2026")
    assert (info.value.code, info.value.path) == ("input.parse", "as_of")
    with pytest.raises(tenure.InputError) as info:
        tenure.roll_up_products(MODEL, [{"product": "a", "score": 50, "arr": "x"}])
    assert (info.value.code, info.value.path) == ("input.parse", "products[0].arr")
    with pytest.raises(tenure.InputError) as info:
        tenure.roll_up_products(MODEL, [{"product": "a", "score": 50, "arr": 1}], method="median")
    assert (info.value.code, info.value.path) == ("input.parse", "method")
    with pytest.raises(tenure.InputError) as info:
        tenure.score_trend(MODEL, [{"date": "2026-11-01", "score": 70}], "2026-11-15", windw_days=3)
    assert (info.value.code, info.value.path) == ("input.parse", "options.windw_days")
    with pytest.raises(tenure.InputError) as info:
        tenure.score_trend(MODEL, [{"date": "2026-11-01", "score": 70}], "2026-11-15", window_days=-3)
    assert (info.value.code, info.value.path) == ("input.parse", "options.window_days")


def test_segmented_model_errors():
    with pytest.raises(tenure.ModelError) as info:
        tenure.SegmentedModel.from_dict({"id": "s", "models": [], "default_model": "x"})
    assert (info.value.code, info.value.path) == ("model.empty", "models")
    with pytest.raises(tenure.ModelError) as info:
        tenure.SegmentedModel.from_json("[")
    assert info.value.code == "model.parse"


def test_error_codes_are_exported():
    assert "model.band_gap" in tenure.ERROR_CODES
    assert "input.missing_required" in tenure.ERROR_CODES
    assert all(c.startswith(("model.", "input.", "rules.")) for c in tenure.ERROR_CODES)
