"""Cohort tables from customer-month MRR: logo and revenue retention per cohort and offset, as
DataFrames, with a heatmap for notebooks.

>>> import tenure
>>> table = tenure.cohort_table({"customer_id": ["a", "a", "b"],
...                              "month": ["2024-01", "2024-02", "2024-01"],
...                              "mrr": [100.0, 120.0, 50.0]}, frame="dict")
>>> table.logo["2024-01"]
[1.0, 0.5]
>>> table.revenue["2024-01"]
[1.0, 0.8]

Only translation happens here: the customer-month columns are read as for the revenue functions
(``tenure._frames``: customer ids by the core's id rule, months as month indices, MRR as doubles
or exact decimals); the core computes every number and renders the heatmap.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

import numpy as np

from tenure import _frames, _tenure
from tenure._errors import InputError

__all__ = ["CohortCounts", "CohortTable", "cohort_counts", "cohort_table", "merge_cohort_counts"]


def _options(period: str, as_of: Any, compare_offset: Optional[int]) -> Dict[str, Any]:
    options: Dict[str, Any] = {"period": period}
    if as_of is not None:
        options["as_of"] = as_of if isinstance(as_of, str) else str(getattr(as_of, "isoformat", lambda: as_of)())
    if compare_offset is not None:
        options["compare_offset"] = compare_offset
    return options


def _native_columns(data: Any, customer: str, month: str, mrr: str) -> Tuple[Any, np.ndarray, int, Any, str]:
    ids, months, units, amounts, kind, _ = _frames.customer_month_columns(
        data, customer, month, mrr, month_indices=True
    )
    return ids, months, units, amounts, kind


class CohortTable:
    """A cohort table: ``logo`` and ``revenue`` (cohorts × offsets, retention shares; missing
    where a cell is not observable yet), ``status`` (``complete`` / ``partial`` /
    ``unobservable`` per cell), ``cohorts`` (sizes and bases), ``averages`` (per offset), and
    the summaries ``steepest_logo_drop``, ``steepest_revenue_drop``, ``best_cohort``,
    ``best_revenue_cohort`` and ``trend``. In a notebook it renders as a heatmap."""

    def __init__(self, raw: Dict[str, Any], frame: str = "pandas") -> None:
        _frames.check_frame(frame)
        self._raw = raw
        self._frame = frame
        self.period: str = raw["period"]
        self.last_month: Optional[str] = raw["last_month"]
        self.last_period_partial: bool = raw["last_period_partial"]
        self.offsets: int = raw["offsets"]
        self.compare_offset: Optional[int] = raw["compare_offset"]
        self.steepest_logo_drop: Optional[Dict[str, Any]] = raw["steepest_logo_drop"]
        self.steepest_revenue_drop: Optional[Dict[str, Any]] = raw["steepest_revenue_drop"]
        self.best_cohort: Optional[Dict[str, Any]] = raw["best_cohort"]
        self.best_revenue_cohort: Optional[Dict[str, Any]] = raw["best_revenue_cohort"]
        self.trend: Optional[Dict[str, Any]] = raw["trend"]

    def _matrix(self, key: str) -> Any:
        names = [row["cohort"] for row in self._raw["cohorts"]]
        if self._frame == "dict":
            return {row["cohort"]: [c[key] for c in row["cells"]] for row in self._raw["cohorts"]}
        columns: Dict[str, Any] = {
            str(k): [row["cells"][k][key] for row in self._raw["cohorts"]] for k in range(self.offsets)
        }
        if self._frame == "pandas" and key != "status":
            columns = {k: np.array([np.nan if v is None else v for v in vs], dtype=float) for k, vs in columns.items()}
        return _frames.frame_of(columns, self._frame, names)

    @property
    def logo(self) -> Any:
        """Logo retention: one row per cohort, one column per offset (``"0"``, ``"1"``, ...);
        NaN (pandas) / null (polars) / ``None`` (dict) where not observable."""
        return self._matrix("logo_retention")

    @property
    def revenue(self) -> Any:
        """Revenue retention, shaped as :attr:`logo`."""
        return self._matrix("revenue_retention")

    @property
    def status(self) -> Any:
        """Cell status, shaped as :attr:`logo`."""
        return self._matrix("status")

    @property
    def cohorts(self) -> Any:
        """Per cohort: first month, customers, starting MRR and offset-0 revenue (exact
        decimal strings)."""
        rows = self._raw["cohorts"]
        keys = ["cohort", "first_month", "customers", "starting_mrr", "base_revenue"]
        return _frames.frame_of({k: [r[k] for r in rows] for k in keys}, self._frame)

    @property
    def averages(self) -> Any:
        """Per offset: weighted and unweighted logo and revenue retention over the complete
        cells, with their numerators and denominators."""
        rows = self._raw["averages"]
        keys = list(rows[0]) if rows else ["offset"]
        return _frames.frame_of({k: [r[k] for r in rows] for k in keys}, self._frame)

    def to_dict(self) -> Dict[str, Any]:
        """The table in the core's serde form."""
        return self._raw

    def __repr__(self) -> str:
        return (
            f"<tenure cohort table: {len(self._raw['cohorts'])} {self.period} cohorts, "
            f"{self.offsets} offsets, last month {self.last_month}"
            f"{' (partial)' if self.last_period_partial else ''}>"
        )

    def _repr_html_(self) -> str:
        """A heatmap: logo retention per cell (revenue retention beneath), shaded by value;
        unobservable cells blank and grey, partial ones in italics."""
        return _tenure.cohort_table_html(self._raw)


class CohortCounts:
    """Partial cohort counts of one partition of the customers; :meth:`merge` adds another
    partition's exactly, :meth:`table` gives the cohort table."""

    def __init__(self, native: Any) -> None:
        self._native = native

    def merge(self, other: "CohortCounts") -> "CohortCounts":
        """Adds ``other`` into these counts (same options); returns ``self``."""
        self._native.merge(other._native)
        return self

    def table(self, frame: str = "pandas") -> CohortTable:
        return CohortTable(self._native.table(), frame)

    def to_dict(self) -> Dict[str, Any]:
        """The counts in their serde form (ship them between workers)."""
        result: Dict[str, Any] = self._native.to_dict()
        return result

    @staticmethod
    def from_dict(data: Dict[str, Any]) -> "CohortCounts":
        return CohortCounts(_tenure.CohortCounts.from_dict(data))

    def __repr__(self) -> str:
        return repr(self._native)


def cohort_counts(
    data: Any,
    *,
    customer: str = "customer_id",
    month: str = "month",
    mrr: str = "mrr",
    period: str = "month",
    as_of: Any = None,
    compare_offset: Optional[int] = None,
) -> CohortCounts:
    """The mergeable counts behind :func:`cohort_table`, for one partition of the customers."""
    ids, months, units, amounts, kind = _native_columns(data, customer, month, mrr)
    options = _options(period, as_of, compare_offset)
    native = _tenure.cohort_counts_columns(ids, months, units, amounts, kind, options)
    return CohortCounts(native)


def merge_cohort_counts(parts: List[CohortCounts], frame: str = "pandas") -> CohortTable:
    """The cohort table of several partitions' counts, merged in order."""
    if not parts:
        raise InputError("no partial counts to merge", "input.empty", "", None)
    merged = CohortCounts.from_dict(parts[0].to_dict())
    for part in parts[1:]:
        merged.merge(part)
    return merged.table(frame)


def cohort_table(
    data: Any,
    *,
    customer: str = "customer_id",
    month: str = "month",
    mrr: str = "mrr",
    period: str = "month",
    as_of: Any = None,
    compare_offset: Optional[int] = None,
    frame: str = "pandas",
) -> CohortTable:
    """The cohort table of customer-month MRR rows (a pandas or polars DataFrame, a dict of
    columns or a list of records): cohorts by first active ``period`` (``"month"`` or
    ``"quarter"``), logo and revenue retention per offset, cells after ``as_of`` (a month
    ``"YYYY-MM"`` or a day ``"YYYY-MM-DD"``; default: the data's last month) not observable.
    ``frame`` picks the DataFrame flavour of the results (``"pandas"``, ``"polars"``,
    ``"dict"``)."""
    _frames.check_frame(frame)
    ids, months, units, amounts, kind = _native_columns(data, customer, month, mrr)
    options = _options(period, as_of, compare_offset)
    raw = _tenure.cohort_table_columns(ids, months, units, amounts, kind, options)
    return CohortTable(raw, frame)
