"""The lifecycle operations of the conformance corpus (``tests/conformance/lifecycle/``) through
the Python API: each case's ``input`` fields become the keyword arguments of the ``tenure``
function. An input with a field the function has no parameter for (a case that checks the
core's unknown-field error) goes to the native function with the input object as it is, since
Python itself rejects unknown keyword arguments."""

from __future__ import annotations

import inspect
from typing import Any, Callable, Dict, Optional

import tenure
from tenure import _tenure

OPS = {
    "renewal_prep",
    "win_back_plan",
    "touch_cadence",
    "onboarding_plan",
    "engagement_level",
    "churn_taxonomy",
    "classify_churn",
    "churn_reason_analysis",
    "surprise_churn",
    "save_outcomes",
}


def _kwargs_call(fn: Callable[..., Any], native: Callable[[Any], Any], data: Dict[str, Any]) -> Any:
    params = inspect.signature(fn).parameters
    if set(data) <= set(params):
        required = [n for n, p in params.items() if p.default is inspect.Parameter.empty]
        # A required field absent from the input: pass None, the core reports it.
        return fn(**{**{n: None for n in required}, **data})
    return native(data)


def run(op: str, data: Optional[Dict[str, Any]], model: Callable[[], Any]) -> Any:
    data = data or {}
    if op == "churn_taxonomy":
        return tenure.churn_taxonomy()
    if op == "classify_churn":
        return tenure.classify_churn(data.get("event"), data.get("taxonomy"))
    if op == "churn_reason_analysis":
        return tenure.churn_reason_analysis(data.get("events") or [], data.get("taxonomy"))
    if op == "surprise_churn":
        m = model()
        if set(data) <= {"events", "histories", "options"}:
            return tenure.surprise_churn(
                m, data.get("events") or [], data.get("histories") or [], data.get("options")
            )
        return _tenure.surprise_churn(m._native, data)
    fn = getattr(tenure, op)
    return _kwargs_call(fn, getattr(_tenure, op), data)
