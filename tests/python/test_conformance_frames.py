"""The corpus' batch cases through every DataFrame flavour: pandas, polars and pyarrow give the
rows and errors that the cases expect, like the dict-of-lists run in test_conformance.py."""

from __future__ import annotations

import math
from typing import Any, Dict, List

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import tenure
from corpus import case_id, check_case, error_of, load_cases
from operations import corpus_columns, model_value

BATCH_CASES = [
    (models, case)
    for _, models, case in load_cases()
    if case["op"] == "score_batch"
    and len({len(v) for v in case["input"].get("columns", {}).values()}) <= 1
]


def kind(values: List[Any]) -> str:
    if any(isinstance(v, str) for v in values):
        return "text"
    if any(isinstance(v, bool) for v in values):
        return "bool"
    return "number"


def frame(flavour: str, columns: Dict[str, List[Any]]) -> Any:
    if flavour == "pandas":
        dtypes = {"text": object, "bool": object, "number": float}
        return pd.DataFrame({k: pd.Series(v, dtype=dtypes[kind(v)]) for k, v in columns.items()})
    if flavour == "polars":
        dtypes = {"text": pl.String, "bool": pl.Boolean, "number": pl.Float64}
        return pl.DataFrame([pl.Series(k, v, dtype=dtypes[kind(v)]) for k, v in columns.items()])
    types = {"text": pa.string(), "bool": pa.bool_(), "number": pa.float64()}
    return pa.table({k: pa.array(v, type=types[kind(v)]) for k, v in columns.items()})


def records(result: Any) -> Dict[str, Any]:
    if isinstance(result, pd.DataFrame):
        data = {c: result[c].astype(object).where(result[c].notna(), None).tolist() for c in result}
    elif isinstance(result, pl.DataFrame):
        data = result.to_dict(as_series=False)
    else:
        data = result.to_pydict()
    rows, errors = [], []
    for i in range(len(data["composite"])):
        composite = data["composite"][i]
        rows.append({
            "status": data["status"][i],
            "composite": None if composite is None or math.isnan(composite) else composite,
            "tier": data["tier"][i],
            "coverage": data["coverage"][i],
        })
        if data["error"][i] is not None:
            errors.append({"row": i, "code": data["error"][i]["code"], "path": data["error"][i]["path"]})
    return {"rows": rows, "errors": errors}


@pytest.mark.parametrize("flavour", ["pandas", "polars", "pyarrow"])
@pytest.mark.parametrize("models,case", BATCH_CASES, ids=[case_id(c) for _, c in BATCH_CASES])
def test_batch_case_in_flavour(flavour, models, case):
    model = tenure.HealthModel.from_dict(model_value(case, models))
    data = frame(flavour, corpus_columns(case["input"].get("columns", {})))
    try:
        actual = records(model.score_batch(data, month=case["input"].get("month")))
    except tenure.TenureError as e:
        actual = error_of(e)
    problems = check_case(case, actual)
    assert not problems, "\n".join(problems)


def test_most_batch_cases_run_in_frames():
    every = [c for _, _, c in load_cases() if c["op"] == "score_batch"]
    # Only the cases whose columns differ in length cannot be a DataFrame.
    assert len(every) - len(BATCH_CASES) == sum(
        1 for c in every if len({len(v) for v in c["input"].get("columns", {}).values()}) > 1
    )
    assert len(BATCH_CASES) >= 20
