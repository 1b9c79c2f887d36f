"""``tenure.Portfolio``: construction (dict, JSON text, file), every command once, typed errors,
and the GIL released while a command runs."""

from __future__ import annotations

import json
import threading
import time
from datetime import date
from decimal import Decimal

import pytest

import tenure

AS_OF = date(2026, 1, 5)

SIGNALS = {
    "dau_mau_ratio": 0.45,
    "login_trend": "up",
    "usage_trend": "up",
    "payment_status": "current",
    "champion_identified": True,
    "exec_sponsor": True,
    "contacts_count": 4,
    "goals_achieved": 3,
    "goals_defined": 3,
}


def data() -> dict:
    return {
        "currency": "USD",
        "accounts": [
            {
                "id": "acme",
                "name": "Acme Corp",
                "arr": Decimal("120000.10"),
                "segment": "enterprise",
                "csm": "dana",
                "customer_since": date(2024, 3, 1),
                "renewal": {"date": date(2026, 3, 1)},
                "signals": SIGNALS,
                "score_history": [{"date": "2025-12-01", "score": 72.5}],
                "subscriptions": [
                    {"start": date(2024, 3, 1), "amount": Decimal("10000.00")},
                ],
                "onboarding": {"start_date": date(2025, 12, 1)},
                "contacts": [{"name": "Ann", "role": "champion"}],
                "nps": [{"date": "2025-12-10", "score": 9}],
            },
            {
                "id": "globex",
                "arr": 30000,
                "csm": "lee",
                "signals": {"dau_mau_ratio": 0.1, "usage_trend": "down", "payment_status": "late"},
                "subscriptions": [{"start": "2025-01-01", "amount": "2500"}],
            },
            {
                "id": "initech",
                "arr": "4800.50",
                "segment": "smb",
                "subscriptions": [{"start": "2025-02-01", "end": "2025-11-15", "amount": 400}],
                "churn": {"date": date(2025, 11, 15), "category": "value", "arr": Decimal("4800.50")},
            },
        ],
    }


@pytest.fixture(scope="module")
def portfolio() -> tenure.Portfolio:
    return tenure.Portfolio(data())


def test_construction_from_dict_json_and_file(portfolio, tmp_path):
    assert len(portfolio) == 3
    assert portfolio.account_ids == ["acme", "globex", "initech"]
    text = portfolio.to_json()
    again = tenure.Portfolio.from_json(text)
    assert again.to_dict() == portfolio.to_dict()
    path = tmp_path / "portfolio.json"
    path.write_text(text, encoding="utf-8")
    assert tenure.Portfolio.load(path).account_ids == portfolio.account_ids
    assert tenure.Portfolio.load(str(path)).to_dict() == portfolio.to_dict()
    assert isinstance(tenure.Portfolio({"accounts": []}), tenure.Portfolio)


def test_amounts_stay_exact_and_days_are_read(portfolio):
    accounts = portfolio.to_dict()["accounts"]
    assert accounts[0]["arr"] == "120000.10"
    assert accounts[0]["subscriptions"][0]["amount"] == "10000.00"
    assert accounts[0]["customer_since"] == "2024-03-01"
    assert accounts[2]["arr"] == "4800.50"
    assert accounts[2]["churn"]["arr"] == "4800.50"


def test_repr(portfolio):
    text = repr(portfolio)
    assert text.startswith("<tenure portfolio: 3 accounts (acme, globex, initech)")
    assert "USD" in text


def test_commands_are_listed():
    assert tenure.Portfolio.commands() == [
        "score", "onboarding_plan", "qbr_prep", "churn_risk", "expansion_opportunities",
        "win_back_plan", "renewal_prep", "portfolio_review", "cohort_analysis", "success_plan",
        "save_play", "nrr_report",
    ]


@pytest.mark.parametrize(
    "method,account",
    [
        ("score", "acme"),
        ("onboarding_plan", "acme"),
        ("qbr_prep", "acme"),
        ("churn_risk", "globex"),
        ("expansion_opportunities", "acme"),
        ("win_back_plan", "initech"),
        ("renewal_prep", "acme"),
        ("success_plan", "acme"),
        ("save_play", "globex"),
    ],
)
def test_account_commands(portfolio, method, account):
    out = getattr(portfolio, method)(account, AS_OF)
    assert isinstance(out, dict) and out
    # The same answer by name, with the day as text, through `run`.
    assert portfolio.run(method, account, as_of="2026-01-05") == out
    assert portfolio.run(method.replace("_", "-"), account, as_of=AS_OF) == out
    json.dumps(out)  # plain data: dicts, lists, text, numbers, booleans, None


def test_portfolio_commands(portfolio):
    review = portfolio.portfolio_review(AS_OF)
    assert isinstance(review, dict) and review
    assert portfolio.review(AS_OF) == review
    assert portfolio.run("portfolio_review", as_of=AS_OF) == review
    assert portfolio.portfolio_review(AS_OF, top=1) == portfolio.run(
        "portfolio_review", as_of=AS_OF, options={"top": 1}
    )
    cohorts = portfolio.cohort_analysis(AS_OF, period="quarter")
    assert cohorts == portfolio.run("cohort_analysis", as_of=AS_OF, options={"period": "quarter"})
    assert isinstance(portfolio.cohort_analysis(AS_OF), dict)
    nrr = portfolio.nrr_report(AS_OF, from_month="2025-01", through=date(2025, 12, 1))
    assert nrr == portfolio.run(
        "nrr_report", as_of=AS_OF, options={"from": "2025-01", "through": "2025-12"}
    )
    assert isinstance(portfolio.nrr_report(AS_OF), dict)


def test_errors_carry_code_path_and_value(portfolio):
    with pytest.raises(tenure.InputError) as e:
        portfolio.churn_risk("hooli", AS_OF)
    assert isinstance(e.value, ValueError)
    assert (e.value.code, e.value.path, e.value.value) == ("input.unknown_account", "account", "hooli")

    with pytest.raises(tenure.InputError) as e:
        portfolio.run("forecast", "acme", as_of=AS_OF)
    assert (e.value.code, e.value.path, e.value.value) == ("input.unknown_command", "command", "forecast")

    with pytest.raises(tenure.InputError) as e:
        portfolio.run("qbr_prep", as_of=AS_OF)
    assert (e.value.code, e.value.path) == ("input.missing_record", "account")

    with pytest.raises(tenure.InputError) as e:
        portfolio.score("acme", "2026-13-01")
    assert (e.value.code, e.value.path) == ("input.parse", "as_of")

    with pytest.raises(tenure.InputError) as e:
        portfolio.run("portfolio_review", as_of=AS_OF, options={"tops": 3})
    assert e.value.code == "input.parse" and e.value.path.startswith("options")

    with pytest.raises(tenure.InputError) as e:
        tenure.Portfolio({"accounts": [{"id": "a", "arr": 1}, {"id": "a", "arr": 2}]})
    assert (e.value.code, e.value.path, e.value.value) == ("input.duplicate_key", "accounts[1].id", "a")

    with pytest.raises(tenure.InputError) as e:
        tenure.Portfolio({"accounts": [{"id": "a", "arr": "lots"}]})
    assert (e.value.code, e.value.path) == ("input.parse", "accounts[0].arr")

    with pytest.raises(tenure.InputError) as e:
        tenure.Portfolio({"accounts": [{"id": "a", "arr": 1, "colour": "red"}]})
    assert e.value.code == "input.parse" and e.value.path.startswith("accounts[0]")

    with pytest.raises(tenure.InputError) as e:
        tenure.Portfolio.from_json('{"accounts": [{"id": "a", "arr": -5}]}')
    assert (e.value.code, e.value.path) == ("input.negative_amount", "accounts[0].arr")

    with pytest.raises(tenure.InputError) as e:
        tenure.Portfolio.from_json("{")
    assert e.value.code == "input.parse"


def test_instances_are_immutable(portfolio):
    with pytest.raises(AttributeError):
        portfolio.accounts = []  # type: ignore[attr-defined]


def large_portfolio(n: int) -> tenure.Portfolio:
    trends = ["down", "flat", "up"]
    accounts = [
        {
            "id": f"a{i}",
            "arr": 1000 + (i * 37) % 90000,
            "csm": f"csm{i % 40}",
            "renewal": {"date": f"2026-{1 + i % 12:02d}-15"},
            "signals": {
                "dau_mau_ratio": (i % 80) / 100,
                "usage_trend": trends[i % 3],
                "payment_status": "current" if i % 7 else "late",
                "contacts_count": i % 9,
            },
            "subscriptions": [{"start": f"{2023 + i % 3}-{1 + i % 12:02d}-01", "amount": 100 + i % 900}],
        }
        for i in range(n)
    ]
    return tenure.Portfolio({"accounts": accounts})


def test_the_gil_is_released_while_a_command_runs():
    """While one thread runs a portfolio review of many accounts, another keeps running Python
    code: the longest pause it sees is far shorter than the review itself."""
    big = large_portfolio(10_000)
    start = time.perf_counter()
    big.portfolio_review(AS_OF)
    alone = time.perf_counter() - start
    if alone < 0.02:
        pytest.skip(f"a review takes {alone:.4f} s: too short to see a pause")

    done = threading.Event()
    gaps = []

    def review() -> None:
        for _ in range(3):
            big.portfolio_review(AS_OF)
        done.set()

    worker = threading.Thread(target=review)
    last = time.perf_counter()
    worker.start()
    while not done.is_set():
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    worker.join()
    assert max(gaps) < max(0.5 * alone, 0.02), (max(gaps), alone)


def test_threads_share_one_portfolio(portfolio):
    from concurrent.futures import ThreadPoolExecutor

    want = portfolio.churn_risk("globex", AS_OF)
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda _: portfolio.churn_risk("globex", AS_OF), range(16)))
    assert all(g == want for g in got)


def test_decimal_signals_read_as_numbers_and_amounts_stay_exact():
    # A Decimal among an account's signals is a number, as for a single account; amounts beside
    # it (ARR, subscription amounts) stay exact decimals.
    exact = data()
    exact["accounts"][0]["signals"] = {**SIGNALS, "dau_mau_ratio": Decimal("0.45"),
                                       "contacts_count": Decimal(4)}
    with_decimals = tenure.Portfolio(exact).score("acme", AS_OF)
    with_floats = tenure.Portfolio(data()).score("acme", AS_OF)
    assert with_decimals == with_floats
    assert "wrong_type" not in repr(with_decimals)
