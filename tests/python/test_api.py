"""The per-account API: models, scores, segmented models, blends, roll-ups and trends."""

from __future__ import annotations

import json
import pickle
from datetime import date
from decimal import Decimal

import pytest

import tenure

MODEL = tenure.HealthModel.builtin()
ACME = {
    "id": "acme",
    "inputs": {
        "dau_mau_ratio": 0.3, "features_adopted": 6, "features_available": 10,
        "core_actions_weekly": 12, "usage_trend": "flat", "login_trend": "flat",
        "support_tickets_30d": 2, "community_active": False, "champion_identified": True,
        "exec_sponsor": False, "contacts_count": 2, "goals_achieved": 1, "goals_defined": 4,
        "roi_documented": False, "payment_status": "current", "expansion_signals": 0,
    },
}


def test_builtin_model():
    assert MODEL.id == "tenure.default"
    assert MODEL.version == "2026-11"
    assert MODEL.tier_keys == ["thriving", "healthy", "at_risk", "critical"]
    assert len(MODEL.input_keys) == 16 and MODEL.input_keys[0] == "dau_mau_ratio"
    assert tenure.HealthModel.from_dict(json.loads(tenure.BUILTIN_MODEL_JSON)) == MODEL
    assert MODEL.to_dict()["dimensions"][0]["signals"][0]["key"] == "dau_mau_ratio"


def test_model_round_trips(tmp_path):
    again = tenure.HealthModel.from_json(MODEL.to_json())
    assert again == MODEL
    assert tenure.HealthModel.from_dict(MODEL.to_dict()) == MODEL
    path = tmp_path / "model.json"
    path.write_text(MODEL.to_json())
    assert tenure.HealthModel.from_file(path) == MODEL
    assert tenure.HealthModel.from_file(str(path)) == MODEL
    assert pickle.loads(pickle.dumps(MODEL)) == MODEL
    assert "tenure.default" in repr(MODEL)
    with pytest.raises(TypeError):
        tenure.HealthModel({"id": "x"})  # type: ignore[arg-type]


def test_score_of_the_documented_example():
    s = MODEL.score(ACME)
    assert (s.account, s.model, s.status) == ("acme", "tenure.default", "scored")
    assert s.composite == 50.4
    assert (s.tier, s.tier_label, s.tier_colour) == ("at_risk", "At-Risk", "orange")
    assert s.coverage == 1.0
    assert s.next_tier == {"key": "healthy", "min": 60.0, "points_needed": 9.6}
    assert s.top_lift == "product_usage"
    assert s.issues == [] and s.error is None and s.route is None
    assert [d["key"] for d in s.dimensions] == ["product_usage", "engagement", "relationship", "outcomes", "financial"]
    d = s.to_dict()
    assert list(d) == ["account", "model", "status", "composite", "tier", "coverage",
                       "dimensions", "next_tier", "top_lift", "issues"]
    assert d["tier"] == {"key": "at_risk", "label": "At-Risk", "colour": "orange"}
    signal = d["dimensions"][0]["signals"][0]
    assert signal == {"key": "dau_mau_ratio", "input": 0.3, "scored_value": 0.3, "band": 1,
                      "band_label": "20-40%", "points": 5.0, "source": "observed",
                      "effective_weight": 0.12, "contribution": 6.0}


def test_segmented_model():
    smb = json.loads(tenure.BUILTIN_MODEL_JSON) | {"id": "smb"}
    ent = json.loads(tenure.BUILTIN_MODEL_JSON) | {"id": "enterprise", "min_coverage": 0.9}
    data = {"id": "by-size", "models": [smb, ent],
            "routes": [{"attribute": "segment", "equals": "enterprise", "model": "enterprise"}],
            "default_model": "smb"}
    seg = tenure.SegmentedModel.from_dict(data)
    assert seg.id == "by-size" and seg.model_ids == ["smb", "enterprise"]
    assert tenure.SegmentedModel.from_json(json.dumps(data)).to_dict() == seg.to_dict()
    assert json.loads(seg.to_json())["default_model"] == "smb"
    a = seg.score({**ACME, "attributes": {"segment": "enterprise"}})
    assert (a.model, a.route, a.composite) == ("enterprise", 0, 50.4)
    assert list(a.to_dict())[:2] == ["route", "account"]
    b = seg.score(ACME)
    assert (b.model, b.route) == ("smb", None)
    assert b.to_dict()["route"] is None


def test_blend_with_dates_and_strings():
    human = {"score": 40, "weight": 0.25, "assessed_on": date(2026, 11, 1), "expires_on": "2026-11-30"}
    out = tenure.blend_human_score(MODEL, 80, human, date(2026, 11, 15))
    assert out == {"composite": 70.0, "tier": {"key": "healthy", "label": "Healthy", "colour": "yellow"},
                   "computed": 80.0, "human": 40.0, "human_weight": 0.25, "human_status": "applied"}
    assert tenure.blend_human_score(MODEL, 80, None, "2026-11-15")["human_status"] == "absent"
    assert tenure.blend_human_score(MODEL, 80, human, "2026-12-01")["human_status"] == "expired"


def test_roll_up_with_decimals():
    products = [{"product": "core", "score": 90, "arr": Decimal("75000.50")},
                {"product": "addon", "score": 50, "arr": 25000}]
    out = tenure.roll_up_products(MODEL, products)
    assert out["method"] == "arr_weighted"
    assert out["total_arr"] == "100000.50"
    assert out["weakest"] == "addon"
    assert tenure.roll_up_products(MODEL, products, method="min")["composite"] == 50.0
    assert tenure.roll_up_products(MODEL, iter(products), method="mean")["composite"] == 70.0


def test_trend_with_options_and_pairs():
    history = [(date(2026, 11, 1), 75), (date(2026, 11, 5), 55)]
    out = tenure.score_trend(MODEL, history, date(2026, 11, 5))
    assert out["dropped"] is True
    assert out["transitions"][0]["to"] == "at_risk"
    assert out["latest"] == {"date": "2026-11-05", "score": 55.0}
    calm = tenure.score_trend(MODEL, history, "2026-11-05", drop_threshold_pct=30.0, window_days=3)
    assert calm["dropped"] is False
    assert calm["baseline"] == {"date": "2026-11-01", "score": 75.0}


def test_package_docstring_example():
    import doctest

    assert doctest.testmod(tenure, verbose=False).failed == 0
