"""Every case of the shared conformance corpus, through the Python API."""

from __future__ import annotations

import pytest

import tenure
from corpus import (
    case_id,
    check_case,
    count_cases_in_files,
    expected_codes,
    load_cases,
    run_case,
)

CASES = load_cases()
RAN: set = set()


@pytest.mark.parametrize("path,models,case", CASES, ids=[case_id(c) for _, _, c in CASES])
def test_case(path, models, case):
    RAN.add(case_id(case))
    actual = run_case(case, models)
    problems = check_case(case, actual)
    assert not problems, f"{path.name} / {case_id(case)}:\n  " + "\n  ".join(problems)


def test_every_case_is_collected():
    total = count_cases_in_files()
    assert len(CASES) == total
    names = [case_id(c) for _, _, c in CASES]
    assert len(set(names)) == len(names), "case names must be unique across the corpus"
    health = sum(1 for p, _, _ in CASES if "health" in p.parts)
    assert health >= 150, f"the health corpus has {health} cases, fewer than 150"


def test_every_case_ran():
    """Runs last in this module (pytest keeps definition order): every parametrized case ran."""
    if len(RAN) != len(CASES):
        pytest.skip("only part of the corpus was selected (-k / node ids)")
    assert len(RAN) == count_cases_in_files()


def test_every_error_code_has_a_case():
    missing = sorted(set(tenure.ERROR_CODES) - expected_codes())
    assert not missing, f"error codes without a corpus case: {missing}"
