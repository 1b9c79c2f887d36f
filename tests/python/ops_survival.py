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
    return None
