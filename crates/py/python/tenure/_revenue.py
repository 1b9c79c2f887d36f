"""Revenue math: MRR movements and retention metrics from customer-month rows (a pandas or
polars DataFrame, a pyarrow Table or a dict of NumPy arrays), subscription periods or MRR
snapshots.

Only translation happens here: columns become NumPy arrays or lists by the rules of
``tenure._frames`` (customer ids by the core's id rule, months as month indices since 1970-01,
days or timestamps, MRR as float64 or exact decimals), the native module computes with the GIL
released, and the monthly result is wrapped in the caller's kind of table. Money is exact
inside (integer minor units); the DataFrame's money columns are float64 (each the nearest double
to the exact decimal sum) unless ``money="decimal"`` asks for :class:`decimal.Decimal` values.
``frame="dict"`` returns the exact result as plain Python data (decimal strings).

>>> import tenure
>>> rows = {"customer_id": [1, 1, 2], "month": ["2024-01", "2024-02", "2024-02"], "mrr": [10.0, 15.0, 5.0]}
>>> df = tenure.mrr_movements(rows, frame="dict")
>>> [(m["month"], m["new"], m["expansion"], m["ending_mrr"]) for m in df["months"]]
[('2024-01', '10.00', '0.00', '10.00'), ('2024-02', '5.00', '5.00', '20.00')]
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Mapping
from typing import Any, Dict, List, Optional, Tuple

import numpy as np

from tenure import _frames, _tenure

__all__ = [
    "customer_months",
    "merge_movements",
    "movement_detail",
    "mrr_movements",
    "mrr_movements_from_periods",
    "mrr_movements_from_snapshots",
    "retention_metrics",
]

MONEY_FIELDS = ["starting_mrr", "new", "expansion", "contraction", "churn", "reactivation", "ending_mrr"]
COUNT_FIELDS = [
    "starting_customers",
    "new_customers",
    "expansion_customers",
    "contraction_customers",
    "churned_customers",
    "reactivated_customers",
    "ending_customers",
]


def _options(
    convention: Any, as_of: Any, minor_unit_digits: int, exchange_rates: Any = None
) -> Dict[str, Any]:
    options: Dict[str, Any] = {"minor_unit_digits": minor_unit_digits}
    if convention is not None:
        options["convention"] = convention
    if as_of is not None:
        options["as_of"] = _frames.month_text(as_of)
    if exchange_rates is not None:
        options["exchange_rates"] = exchange_rates
    return options


# ---------------------------------------------------------------------------------------------
# Results out


def _frame(result: Dict[str, Any], frame: str, money: str) -> Any:
    """Monthly movements as a table: one row per month (per segment and month with segments)."""
    if frame == "dict":
        return result
    if frame not in ("pandas", "polars", "numpy"):
        raise ValueError(f"frame must be 'pandas', 'polars', 'numpy' or 'dict', not {frame!r}")
    if money not in ("float", "decimal"):
        raise ValueError(f"money must be 'float' or 'decimal', not {money!r}")
    series: List[Tuple[Optional[str], List[Dict[str, Any]]]]
    if result["segments"]:
        series = [(s["segment"], s["months"]) for s in result["segments"]]
    else:
        series = [(None, result["months"])]
    columns: Dict[str, Any] = {}
    rows = [(seg, m) for seg, months in series for m in months]
    if result["segments"]:
        columns["segment"] = [seg for seg, _ in rows]
    columns["month"] = np.array([m["month"] for _, m in rows], dtype="datetime64[M]").astype("datetime64[D]")
    for field in MONEY_FIELDS:
        texts = [m[field] for _, m in rows]
        if money == "decimal":
            columns[field] = [decimal.Decimal(t) for t in texts]
        else:
            columns[field] = np.array([float(t) for t in texts], dtype=np.float64)
    for field in COUNT_FIELDS:
        columns[field] = np.array([m[field] for _, m in rows], dtype=np.int64)
    if frame == "numpy":
        return columns
    if frame == "pandas":
        pd = _frames.optional_module("pandas")
        if money == "decimal":
            return pd.DataFrame({k: (v if isinstance(v, list) else v) for k, v in columns.items()})
        return pd.DataFrame(columns)
    pl = _frames.optional_module("polars")
    return pl.DataFrame(
        {k: (pl.Series(k, v, dtype=pl.Date) if k == "month" else v) for k, v in columns.items()}
    )


# ---------------------------------------------------------------------------------------------
# Public functions


def mrr_movements(
    data: Any,
    *,
    customer: str = "customer_id",
    month: str = "month",
    mrr: str = "mrr",
    segment: Optional[str] = None,
    convention: Any = None,
    as_of: Any = None,
    minor_unit_digits: int = 2,
    minor_units: bool = False,
    frame: str = "pandas",
    money: str = "float",
) -> Any:
    """MRR movements per month from customer-month rows.

    ``data`` is a pandas or polars DataFrame, a pyarrow Table or a dict of NumPy arrays/lists
    with one row per customer and month: ``customer`` (integer or text ids; whole floats are
    the integer ids, any other float is an error), ``month``
    (datetimes, dates, ``"YYYY-MM"`` strings, or integer month indices since 1970-01) and
    ``mrr`` (floats, taken at their shortest decimal and rounded to the minor unit half away
    from zero; integers of minor units with ``minor_units=True``; decimals or decimal strings
    exactly). A customer without a row in a month has no MRR in it. ``segment`` names an
    optional column (one segment per customer); the result then has one row per segment and
    month. ``convention`` is ``"default"``, ``"dbt_mrr_playbook"`` or a dict of options.

    Returns a DataFrame (``frame="pandas"`` or ``"polars"``) with one row per month: month,
    starting_mrr, new, expansion, contraction, churn, reactivation, ending_mrr and the customer
    counts of each; ``frame="numpy"`` gives the columns as a dict, ``frame="dict"`` the exact
    result as plain data.
    """
    ids, months, units, amounts, kind, segments = _frames.customer_month_columns(
        data, customer, month, mrr, segment=segment, minor_units=minor_units
    )
    result = _tenure.revenue_movements_columns(
        ids, months, units, amounts, kind, segments, _options(convention, as_of, minor_unit_digits)
    )
    return _frame(result, frame, money)


def _rows(items: Any) -> List[Dict[str, Any]]:
    """Subscription periods or snapshots: a list of dicts or a DataFrame of such rows."""
    kind = _frames.module_of(items)
    if kind == "pandas":
        records = items.astype(object).where(items.notna(), None).to_dict("records")
    elif kind == "polars":
        records = items.to_dicts()
    elif kind == "pyarrow":
        records = items.to_pylist()
    else:
        records = list(items)
    out = []
    for r in records:
        row = {}
        for k, v in dict(r).items():
            if v is None:
                continue
            if k in ("start", "end") and hasattr(v, "year") and not isinstance(v, str):
                v = f"{v.year:04d}-{v.month:02d}-{v.day:02d}"
            elif k == "month":
                v = _frames.month_text(v)
            elif k in ("amount", "mrr") and isinstance(v, float):
                v = repr(v)
            row[k] = v
        out.append(row)
    return out


def mrr_movements_from_periods(
    periods: Any,
    *,
    convention: Any = None,
    as_of: Any = None,
    minor_unit_digits: int = 2,
    exchange_rates: Optional[Mapping[str, Any]] = None,
    frame: str = "pandas",
    money: str = "float",
) -> Any:
    """MRR movements per month from subscription periods: dicts (or DataFrame rows) with
    ``customer``, ``start``, ``end`` (exclusive; absent/None while running, which needs
    ``as_of``), ``amount``, ``interval`` (``"monthly"`` default, ``"weekly"``, ``"quarterly"``,
    ``"semi_annual"``, ``"annual"``), optional ``segment`` and ``currency``.
    ``exchange_rates`` is ``{"currency": "USD", "rates": {"EUR": "1.1"}}``."""
    data = {
        "periods": _rows(periods),
        "options": _options(convention, as_of, minor_unit_digits, exchange_rates),
    }
    return _frame(_tenure.revenue_movements(data), frame, money)


def mrr_movements_from_snapshots(
    snapshots: Any,
    *,
    convention: Any = None,
    as_of: Any = None,
    minor_unit_digits: int = 2,
    exchange_rates: Optional[Mapping[str, Any]] = None,
    frame: str = "pandas",
    money: str = "float",
) -> Any:
    """MRR movements per month from MRR snapshots: dicts (or DataFrame rows) with
    ``customer``, ``month``, ``mrr`` and optional ``segment`` and ``currency``."""
    data = {
        "snapshots": _rows(snapshots),
        "options": _options(convention, as_of, minor_unit_digits, exchange_rates),
    }
    return _frame(_tenure.revenue_movements(data), frame, money)


def customer_months(data: Mapping[str, Any]) -> Dict[str, Any]:
    """The normalised customer-month MRR of ``{"periods": [...]}`` or ``{"snapshots": [...]}``
    (with optional ``"options"``), as plain data."""
    result: Dict[str, Any] = _tenure.revenue_customer_months(dict(data))
    return result


def movement_detail(data: Mapping[str, Any], *, frame: str = "dict") -> Any:
    """The movement of every customer and month of ``{"periods"|"snapshots", "options"}``:
    ``customer, month, previous_mrr, mrr, movement, amount``; a list of dicts, or a DataFrame
    with ``frame="pandas"``/``"polars"`` (money as float64)."""
    rows: List[Dict[str, Any]] = _tenure.revenue_movement_detail(dict(data))
    if frame == "dict":
        return rows
    columns = {
        "customer": [r["customer"] for r in rows],
        "month": np.array([r["month"] for r in rows], dtype="datetime64[M]").astype("datetime64[D]"),
        "previous_mrr": np.array([float(r["previous_mrr"]) for r in rows]),
        "mrr": np.array([float(r["mrr"]) for r in rows]),
        "movement": [r["movement"] for r in rows],
        "amount": np.array([float(r["amount"]) for r in rows]),
    }
    if frame == "pandas":
        return _frames.optional_module("pandas").DataFrame(columns)
    if frame == "polars":
        pl = _frames.optional_module("polars")
        columns["month"] = pl.Series("month", columns["month"], dtype=pl.Date)
        return pl.DataFrame(columns)
    raise ValueError(f"frame must be 'dict', 'pandas' or 'polars', not {frame!r}")


def retention_metrics(
    data: Any,
    *,
    from_month: Any,
    through: Any = None,
    customer: str = "customer_id",
    month: str = "month",
    mrr: str = "mrr",
    segment: Optional[str] = None,
    convention: Any = None,
    as_of: Any = None,
    minor_unit_digits: int = 2,
    minor_units: bool = False,
) -> Dict[str, Any]:
    """NRR, GRR, logo retention, expansion rate, gross and net MRR churn and quick ratio over
    ``from_month..through`` (one month by default), in total and per segment. Each ratio is
    ``{"numerator", "denominator", "value"}`` with exact decimal strings and ``value`` ``None``
    when the denominator is 0.

    ``data`` is customer-month rows (as for :func:`mrr_movements`) or a dict
    ``{"periods": [...]}`` / ``{"snapshots": [...]}`` with optional ``"options"``.
    """
    if isinstance(data, Mapping) and set(data) <= {"periods", "snapshots", "options"}:
        request = {"data": dict(data), "from": _frames.month_text(from_month)}
        if through is not None:
            request["through"] = _frames.month_text(through)
        result: Dict[str, Any] = _tenure.revenue_retention_metrics(request)
        return result
    ids, months, units, amounts, kind, segments = _frames.customer_month_columns(
        data, customer, month, mrr, segment=segment, minor_units=minor_units
    )
    report: Dict[str, Any] = _tenure.revenue_retention_metrics_columns(
        ids,
        months,
        units,
        amounts,
        kind,
        segments,
        _options(convention, as_of, minor_unit_digits),
        _frames.month_text(from_month),
        None if through is None else _frames.month_text(through),
    )
    return report


def merge_movements(partials: Iterable[Mapping[str, Any]]) -> Optional[Dict[str, Any]]:
    """Merges movements computed over disjoint sets of customers (each the ``frame="dict"``
    result of a movement function, with the same conventions) into the movements of all of
    them; ``None`` for no partial."""
    merged: Optional[Dict[str, Any]] = _tenure.revenue_merge_movements([dict(p) for p in partials])
    return merged
