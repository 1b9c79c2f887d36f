"""The shared conformance corpus (``tests/conformance/**/*.json``) run through the Python API.

The corpus format is described in ``tests/conformance/README.md``; the Rust runner
(``tests/conformance.rs``) is the reference for what each operation calls. Here every operation
goes through the idiomatic Python call: ``HealthModel.from_dict``, ``model.score``,
``model.score_batch`` with a dict of columns, ``tenure.blend_human_score``, and so on.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import ops_rules
import tenure
from ops_survival import run as run_survival_op

import ops_revenue
import ops_lifecycle
import ops_portfolio

PORTFOLIOS = "\0portfolios"
"""The key under which a file's ``portfolios`` travel with its models (no model has this name)."""

CORPUS = Path(__file__).resolve().parents[1] / "conformance"


def corpus_files() -> List[Path]:
    return sorted(CORPUS.rglob("*.json"))


def load_cases() -> List[Tuple[Path, Dict[str, Any], Dict[str, Any]]]:
    """Every case of every file: (file, the file's models, case). The file's ``portfolios``
    ride along under the models' ``PORTFOLIOS`` key (see ``ops_portfolio``)."""
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


def model_value(case: Dict[str, Any], models: Dict[str, Any]) -> Any:
    model = case.get("model", "builtin")
    if model == "builtin":
        return json.loads(tenure.BUILTIN_MODEL_JSON)
    if isinstance(model, str):
        return models.get(model)
    return model


def error_of(e: tenure.TenureError) -> Dict[str, Any]:
    return {"error": {"code": e.code, "path": e.path, "value": e.value}}


def corpus_columns(columns: Dict[str, List[Any]]) -> Dict[str, List[Any]]:
    """Corpus batch columns as Python lists: ``"Infinity"``/``"-Infinity"`` in an otherwise
    numeric column are the infinities (JSON has none); ``null`` is ``None``."""
    out = {}
    for key, values in columns.items():
        special = {"Infinity": math.inf, "-Infinity": -math.inf}
        texts = [v for v in values if isinstance(v, str)]
        if texts and all(v in special for v in texts):
            values = [special[v] if isinstance(v, str) else v for v in values]
        out[key] = list(values)
    return out


def batch_rows(result: Dict[str, Any]) -> Dict[str, Any]:
    """A dict-of-arrays batch result in the corpus' record form."""
    rows = []
    errors = []
    for i in range(len(result["composite"])):
        composite = float(result["composite"][i])
        rows.append(
            {
                "status": result["status"][i],
                "composite": None if math.isnan(composite) else composite,
                "tier": result["tier"][i],
                "coverage": float(result["coverage"][i]),
            }
        )
        error = result["error"][i]
        if error is not None:
            errors.append({"row": i, "code": error["code"], "path": error["path"]})
    return {"rows": rows, "errors": errors}


def run_case(case: Dict[str, Any], models: Dict[str, Any]) -> Dict[str, Any]:
    """Runs one case; its output, or ``{"error": {code, path, value}}``."""
    op = case.get("op")
    data = case.get("input")
    if op in ops_revenue.OPS:
        try:
            return ops_revenue.run(op, data)
        except tenure.TenureError as e:
            return error_of(e)
    if op in ops_portfolio.OPS:
        try:
            return ops_portfolio.run(case, models.get(PORTFOLIOS) or {})
        except tenure.TenureError as e:
            return error_of(e)
    try:
        survival_output = run_survival_op(str(op), data)
        if survival_output is not None:
            return survival_output
        if op == "validate_model":
            tenure.HealthModel.from_dict(model_value(case, models))
            return {"valid": True}
        if op == "validate_model_set":
            tenure.SegmentedModel.from_dict(case.get("model_set"))
            return {"valid": True}
        if op == "score_segmented":
            model_set = tenure.SegmentedModel.from_dict(case.get("model_set"))
            return model_set.score(data).to_dict()
        if op in ops_rules.OPS:
            return ops_rules.run(case, models)
        if op in ops_lifecycle.OPS:
            return ops_lifecycle.run(
                op, data, lambda: tenure.HealthModel.from_dict(model_value(case, models))
            )
        model = tenure.HealthModel.from_dict(model_value(case, models))
        if op == "score":
            return model.score(data).to_dict()
        if op == "score_batch":
            columns = corpus_columns(data.get("columns", {}))
            return batch_rows(model.score_batch(columns, month=data.get("month")))
        if op == "blend":
            computed = data.get("computed")
            return tenure.blend_human_score(
                model,
                math.nan if computed is None else computed,
                data.get("human"),
                data.get("as_of"),
            )
        if op == "roll_up":
            kwargs = {"method": data["method"]} if "method" in data else {}
            return tenure.roll_up_products(model, data.get("products"), **kwargs)
        if op == "trend":
            return tenure.score_trend(
                model, data.get("history"), data.get("as_of"), **(data.get("options") or {})
            )
        return {"error": {"code": "corpus.unknown_op", "op": op}}
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
