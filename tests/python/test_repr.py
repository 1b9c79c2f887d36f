"""repr() and the notebook rendering of scores."""

from __future__ import annotations

import html.parser

import tenure

MODEL = tenure.HealthModel.builtin()
INPUTS = {"dau_mau_ratio": 0.3, "features_adopted": 6, "features_available": 10,
          "core_actions_weekly": 12, "usage_trend": "flat", "login_trend": "flat",
          "support_tickets_30d": 2, "community_active": False, "champion_identified": True,
          "exec_sponsor": False, "contacts_count": 2, "goals_achieved": 1, "goals_defined": 4,
          "roi_documented": False, "payment_status": "current", "expansion_signals": 0}


class _Checker(html.parser.HTMLParser):
    """Collects text and checks that tags are balanced."""

    VOID = {"br", "hr", "img"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list = []
        self.text: list = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"unbalanced </{tag}> in {self.stack}"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(fragment: str) -> str:
    checker = _Checker()
    checker.feed(fragment)
    checker.close()
    assert checker.stack == []
    return " ".join(checker.text)


def test_repr():
    s = MODEL.score({"id": "acme", "inputs": INPUTS})
    assert repr(s) == ("HealthScore(account='acme', model='tenure.default', status='scored', "
                       "composite=50.4, tier='at_risk', coverage=1.0, top_lift='product_usage')")
    empty = MODEL.score({"inputs": {"dau_mau_ratio": 2.0}})
    assert repr(empty) == ("HealthScore(model='tenure.default', status='insufficient_data', "
                           "composite=None, tier=None, coverage=0.0, issues=1)")


def test_repr_html_shows_score_and_explanation():
    s = MODEL.score({"id": "acme", "inputs": INPUTS})
    fragment = s._repr_html_()
    text = parse(fragment)
    for expected in ("50.4", "At-Risk", "coverage 100%", "acme", "9.6 points to Healthy",
                     "Product Usage", "DAU/MAU ratio", "20-40%", "Financial", "Payment status"):
        assert expected in text, expected
    assert "background:orange" in fragment
    # One row per dimension and per signal (14: two ratios read two inputs each), plus the header.
    assert fragment.count("<tr") == 1 + 5 + 14


def test_repr_html_escapes_and_explains_missing_data():
    s = MODEL.score({"id": "<script>alert(1)</script>",
                     "inputs": {"dau_mau_ratio": 7.5, "login_trend": "<b>up</b>"}})
    fragment = s._repr_html_()
    assert "<script>" not in fragment and "<b>up</b>" not in fragment
    text = parse(fragment)
    assert "<script>alert(1)</script>" in text
    assert "insufficient data" in text
    assert "Treated as missing" in text and "out of domain" in text and "unknown category" in text
    assert "(excluded)" in text


def test_repr_html_of_failed_score():
    model = tenure.HealthModel.from_dict({
        "id": "required",
        "dimensions": [{"key": "d", "weight": 1, "signals": [
            {"key": "must", "missing": "fail",
             "kind": {"type": "numeric", "bands": [{"from": 0, "to": 10, "to_inclusive": True, "points": [0, 10]}]}}]}],
        "tiers": [{"key": "ok", "min": 0}],
    })
    text = parse(model.score({"inputs": {}})._repr_html_())
    assert "failed" in text and "input.missing_required" in text
