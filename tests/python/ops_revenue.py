"""Revenue operations of the conformance corpus, through the public Python API."""

from __future__ import annotations

from typing import Any, Dict

import tenure

OPS = {"customer_months", "mrr_movements", "movement_detail", "merge_movements", "retention_metrics"}


def _kwargs(options: Dict[str, Any]) -> Dict[str, Any]:
    """A RevenueInput's options as keyword arguments of the movement functions."""
    known = {"convention", "as_of", "minor_unit_digits", "exchange_rates"}
    unknown = set(options) - known
    if unknown:
        raise tenure.InputError(f"unknown option {sorted(unknown)[0]}", "input.parse", "options", None)
    return dict(options)


def movements(data: Dict[str, Any]) -> Any:
    """``mrr_movements`` of a RevenueInput with the row-wise Python entry points."""
    data = data or {}
    if set(data) - {"periods", "snapshots", "options"}:
        return tenure.customer_months(data)  # the core reports the unknown field
    kwargs = _kwargs(data.get("options") or {})
    if data.get("periods") and data.get("snapshots"):
        return tenure.customer_months(data)  # the core reports both given
    if data.get("snapshots"):
        return tenure.mrr_movements_from_snapshots(data["snapshots"], frame="dict", **kwargs)
    return tenure.mrr_movements_from_periods(data.get("periods") or [], frame="dict", **kwargs)


def run(op: str, data: Any) -> Any:
    if op == "customer_months":
        return tenure.customer_months(data)
    if op == "mrr_movements":
        return movements(data)
    if op == "movement_detail":
        return {"rows": tenure.movement_detail(data)}
    if op == "retention_metrics":
        return tenure.retention_metrics(data.get("data"), from_month=data.get("from"), through=data.get("through"))
    if op == "merge_movements":
        partials = []
        for i, p in enumerate(data.get("partials", [])):
            try:
                partials.append(movements(p))
            except tenure.TenureError as e:
                e.path = f"partials[{i}].{e.path}"
                raise
        return tenure.merge_movements(partials)
    raise AssertionError(op)
