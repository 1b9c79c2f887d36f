"""Survival and cohort operations of the conformance corpus, through the Python API."""

from __future__ import annotations

import math
from typing import Any, Dict, List, Optional

import tenure

SPECIAL = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def _numbers(values: List[Any]) -> List[float]:
    return [SPECIAL[v] if isinstance(v, str) else (math.nan if v is None else v) for v in values]


def run(op: str, data: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The output of a survival/cohort op, or ``None`` when ``op`` is not one of them."""
    if op == "kaplan_meier":
        columns: Dict[str, Any] = {
            "duration": _numbers(data["duration"]),
            "event": list(data["event"]),
        }
        if "entry" in data:
            columns["entry"] = _numbers(data["entry"])
        if "group" in data:
            columns["group"] = list(data["group"])
        options = data.get("options") or {}
        km = tenure.kaplan_meier(
            columns,
            duration="duration",
            event="event",
            entry="entry" if "entry" in data else None,
            group="group" if "group" in data else None,
            frame="dict",
            **options,
        )
        return km.to_dict()
    return run_cohorts(op, data)


def _cohort_columns(data: Dict[str, Any]) -> Dict[str, Any]:
    """Corpus cohort columns for ``tenure.cohort_table``: amounts as numbers."""
    return {
        "customer_id": list(data["customer"]),
        "month": list(data["month"]),
        "mrr": [float(v) for v in data["mrr"]],
    }


def _cohort_kwargs(options: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    return dict(options or {})


def run_cohorts(op: str, data: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    if op == "cohort_table":
        table = tenure.cohort_table(_cohort_columns(data), frame="dict", **_cohort_kwargs(data.get("options")))
        return table.to_dict()
    if op == "merge_cohort_counts":
        default = data.get("options")
        parts = []
        for partial in data["partials"]:
            options = partial.get("options", default)
            counts = tenure.cohort_counts(_cohort_columns(partial), **_cohort_kwargs(options))
            # Partial counts travel between workers in their serde form.
            parts.append(tenure.CohortCounts.from_dict(counts.to_dict()))
        return tenure.merge_cohort_counts(parts, frame="dict").to_dict()
    return None
