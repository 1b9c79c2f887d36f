"""The shared conformance corpus (``tests/conformance/**/*.json``) run through the Python API.

The corpus format is described in ``tests/conformance/README.md``. Every operation goes through
the idiomatic Python call given by its entry in the one operation table, ``operations.OPERATIONS``
(``HealthModel.from_dict`` and ``model.score``, ``model.score_batch`` with a dict of columns,
``tenure.blend_human_score``, and so on).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import tenure
from operations import OPERATIONS, PORTFOLIOS

CORPUS = Path(__file__).resolve().parents[1] / "conformance"


def corpus_files() -> List[Path]:
    return sorted(CORPUS.rglob("*.json"))


def load_cases() -> List[Tuple[Path, Dict[str, Any], Dict[str, Any]]]:
    """Every case of every file: (file, the file's models, case). The file's ``portfolios``
    ride along under the models' ``PORTFOLIOS`` key (see ``operations.portfolio``)."""
    out = []
    for path in corpus_files():
        doc = json.loads(path.read_text(encoding="utf-8"))
        models = doc.get("models") or {}
        if "portfolios" in doc:
            models = {**models, PORTFOLIOS: doc["portfolios"]}
        for case in doc.get("cases", []):
            out.append((path, models, case))
    return out


def count_cases_in_files() -> int:
    """Counted independently of ``load_cases``: the raw number of case objects per file."""
    total = 0
    for path in corpus_files():
        total += len(json.loads(path.read_text(encoding="utf-8"))["cases"])
    return total


def error_of(e: tenure.TenureError) -> Dict[str, Any]:
    return {"error": {"code": e.code, "path": e.path, "value": e.value}}


def run_case(case: Dict[str, Any], models: Dict[str, Any]) -> Any:
    """Runs one case; its output, or ``{"error": {code, path, value}}``."""
    operation = OPERATIONS.get(str(case.get("op")))
    if operation is None:
        return {"error": {"code": "corpus.unknown_op", "op": case.get("op")}}
    try:
        return operation(case, models)
    except tenure.TenureError as e:
        return error_of(e)


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def matches(expected: Any, actual: Any, path: str = "") -> Iterator[str]:
    """Problems with ``expected`` as a subset of ``actual`` (objects by key, arrays element-wise
    with equal length, numbers by exact IEEE-754 equality, an expected null also matching an
    absent key)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key, ev in expected.items():
            if key in actual:
                yield from matches(ev, actual[key], f"{path}.{key}")
            elif ev is not None:
                yield f"{path}.{key}: missing, expected {ev!r}"
    elif isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            yield f"{path}: expected {len(expected)} items, got {len(actual)}"
            return
        for i, (ev, av) in enumerate(zip(expected, actual)):
            yield from matches(ev, av, f"{path}[{i}]")
    elif _is_number(expected) and _is_number(actual):
        if float(expected) != float(actual):
            yield f"{path}: expected {expected!r}, got {actual!r}"
    elif type(expected) is not type(actual) or expected != actual:
        yield f"{path}: expected {expected!r}, got {actual!r}"


def check_case(case: Dict[str, Any], actual: Dict[str, Any]) -> List[str]:
    expect, error = case.get("expect"), case.get("error")
    if (expect is None) == (error is None):
        return ["a case needs exactly one of `expect` and `error`"]
    if expect is not None:
        if "error" in actual and "error" not in expect:
            return [f"unexpected error {actual['error']!r}"]
        return list(matches(expect, actual))
    if "error" not in actual:
        return [f"expected error {error!r}, got {actual!r}"]
    return list(matches(error, actual["error"], "error"))


def collect_codes(value: Any, out: set) -> None:
    if isinstance(value, dict):
        code = value.get("code")
        if isinstance(code, str):
            out.add(code)
        for v in value.values():
            collect_codes(v, out)
    elif isinstance(value, list):
        for v in value:
            collect_codes(v, out)


def case_id(case: Dict[str, Any]) -> str:
    return str(case.get("name", "?"))


def expected_codes() -> Optional[set]:
    codes: set = set()
    for _, _, case in load_cases():
        collect_codes(case.get("expect"), codes)
        collect_codes(case.get("error"), codes)
    return codes
