"""Revenue math: MRR movements and retention metrics from customer-month rows (a pandas or
polars DataFrame, a pyarrow Table or a dict of NumPy arrays), subscription periods or MRR
snapshots.

Only translation happens here: columns become NumPy arrays (customer ids as int64 or text,
months as month indices since 1970-01, MRR as float64), the native module computes with the
GIL released, and the monthly result is wrapped in the caller's kind of table. Money is exact
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
import importlib
from collections.abc import Iterable, Mapping
from typing import Any, Dict, List, Optional, Tuple, Union

import numpy as np

from tenure import _tenure
from tenure._errors import InputError

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


def _module(obj: object) -> str:
    return type(obj).__module__.split(".")[0]


def _options(
    convention: Any, as_of: Any, minor_unit_digits: int, exchange_rates: Any = None
) -> Dict[str, Any]:
    options: Dict[str, Any] = {"minor_unit_digits": minor_unit_digits}
    if convention is not None:
        options["convention"] = convention
    if as_of is not None:
        options["as_of"] = _month_text(as_of)
    if exchange_rates is not None:
        options["exchange_rates"] = exchange_rates
    return options


def _month_text(value: Any) -> Any:
    """A month-like value (``"2024-03"``, a date, a datetime, a NumPy datetime64) as text."""
    if isinstance(value, str):
        return value
    if isinstance(value, np.datetime64):
        return str(value.astype("datetime64[M]"))
    if hasattr(value, "year") and hasattr(value, "month"):
        return f"{value.year:04d}-{value.month:02d}"
    return value


# ---------------------------------------------------------------------------------------------
# Columns in


def _columns_of(data: Any, names: List[str]) -> Dict[str, Any]:
    """The named columns of a DataFrame, Arrow table or mapping, as NumPy arrays or lists."""
    kind = _module(data)
    out: Dict[str, Any] = {}
    if kind == "pandas":
        for name in names:
            if name not in data.columns:
                raise _missing_column(name)
            series = data[name]
            if str(series.dtype).startswith("period"):
                out[name] = series.dt.to_timestamp().to_numpy()
            elif str(series.dtype) in ("string", "str", "category") or series.dtype == object:
                out[name] = series.astype(object).where(series.notna(), None).tolist()
            else:
                out[name] = series.to_numpy()
        return out
    if kind == "polars":
        for name in names:
            if name not in data.columns:
                raise _missing_column(name)
            series = data.get_column(name)
            dtype = str(series.dtype)
            if dtype.startswith(("String", "Utf8", "Categorical", "Enum", "Decimal")):
                values = series.cast(str).to_list() if dtype.startswith("Decimal") else series.to_list()
                out[name] = values
            else:
                out[name] = series.to_numpy()
        return out
    if kind == "pyarrow" or hasattr(data, "__arrow_c_stream__") and not isinstance(data, Mapping):
        pa = importlib.import_module("pyarrow")
        table = data if kind == "pyarrow" else pa.table(data)
        for name in names:
            if name not in table.column_names:
                raise _missing_column(name)
            column = table.column(name).combine_chunks()
            if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
                out[name] = column.to_pylist()
            elif pa.types.is_dictionary(column.type) or pa.types.is_decimal(column.type):
                out[name] = [None if v is None else str(v) for v in column.to_pylist()]
            else:
                out[name] = column.to_numpy(zero_copy_only=False)
        return out
    if isinstance(data, Mapping):
        for name in names:
            if name not in data:
                raise _missing_column(name)
            value = data[name]
            out[name] = value if isinstance(value, np.ndarray) else list(value)
        return out
    raise TypeError(
        "customer-month rows are a pandas or polars DataFrame, a pyarrow Table or a dict of columns"
    )


def _missing_column(name: str) -> InputError:
    return InputError(f"no column `{name}`", "input.parse", name, name)


def _customer_column(values: Any) -> Union[np.ndarray, List[str]]:
    if isinstance(values, np.ndarray) and values.dtype.kind in "iu":
        if values.dtype.kind == "u" and values.size and values.max() > np.iinfo(np.int64).max:
            raise InputError("customer ids above the int64 range", "input.out_of_range", "customer", None)
        return np.ascontiguousarray(values, dtype=np.int64)
    items = values.tolist() if isinstance(values, np.ndarray) else list(values)
    if items and all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in items):
        return np.asarray(items, dtype=np.int64)
    out = []
    for i, v in enumerate(items):
        if v is None:
            raise InputError("a customer id is missing", "input.parse", f"customer[{i}]", None)
        out.append(str(v))
    return out


_UNITS_PER_DAY = {"D": 1, "h": 24, "m": 1440, "s": 86_400, "ms": 86_400_000, "us": 86_400_000_000, "ns": 86_400_000_000_000}


def _month_column(values: Any) -> Tuple[np.ndarray, int]:
    """The month column as int64 plus its unit for the core: month indices (months since
    1970-01, unit 0), days (1) or timestamps (units a day), from datetimes, dates, month
    strings or integers (month indices). Datetimes are passed as they are (the core takes
    the month of each UTC day)."""
    if isinstance(values, np.ndarray) and values.dtype.kind == "M":
        unit = np.datetime_data(values.dtype)[0]
        if unit in _UNITS_PER_DAY:
            return np.ascontiguousarray(values.view(np.int64)), _UNITS_PER_DAY[unit]
        if np.isnat(values).any():
            i = int(np.flatnonzero(np.isnat(values))[0])
            raise InputError("a month is missing", "input.parse", f"month[{i}]", None)
        return np.ascontiguousarray(values.astype("datetime64[M]").astype(np.int64)), 0
    return _month_indices(values), 0


def _month_indices(values: Any) -> np.ndarray:
    """Month indices (months since 1970-01) from dates, month strings or integers."""
    if isinstance(values, np.ndarray):
        if values.dtype.kind in "iu":
            return np.ascontiguousarray(values, dtype=np.int64)
        values = values.tolist()
    items = list(values)
    try:
        # One vectorised parse of "YYYY-MM" / "YYYY-MM-DD" strings, dates and datetimes.
        parsed = np.asarray(items, dtype="datetime64[M]")
    except (ValueError, TypeError, OverflowError):
        parsed = None
    if parsed is not None and parsed.shape == (len(items),):
        missing = np.isnat(parsed)
        if missing.any():
            i = int(np.flatnonzero(missing)[0])
            raise InputError("a month is missing", "input.parse", f"month[{i}]", None)
        return np.ascontiguousarray(parsed.astype(np.int64))
    out = np.empty(len(items), dtype=np.int64)
    for i, v in enumerate(items):
        if isinstance(v, (int, np.integer)) and not isinstance(v, bool):
            out[i] = int(v)
            continue
        text = _month_text(v)
        if not isinstance(text, str):
            raise InputError("a month is \"YYYY-MM\", a date or a datetime", "input.parse", f"month[{i}]", repr(v))
        try:
            out[i] = np.datetime64(text[:7], "M").astype(np.int64)
        except ValueError:
            raise InputError(
                "a month is \"YYYY-MM\" or a date \"YYYY-MM-DD\"", "input.parse", f"month[{i}]", text
            ) from None
    return out


def _mrr_column(values: Any, minor_units: bool) -> Tuple[Any, str]:
    if isinstance(values, np.ndarray) and values.dtype.kind in "iuf":
        if minor_units:
            return np.ascontiguousarray(values, dtype=np.int64), "minor"
        return np.ascontiguousarray(values, dtype=np.float64), "float"
    items = values.tolist() if isinstance(values, np.ndarray) else list(values)
    if minor_units:
        return np.asarray(items, dtype=np.int64), "minor"
    if any(isinstance(v, (str, decimal.Decimal)) for v in items):
        return ["NaN" if v is None else str(v) for v in items], "decimal"
    return np.asarray([np.nan if v is None else v for v in items], dtype=np.float64), "float"


def _segment_column(values: Any) -> Optional[List[Optional[str]]]:
    items = values.tolist() if isinstance(values, np.ndarray) else list(values)
    return [None if v is None or (isinstance(v, float) and v != v) else str(v) for v in items]


def _native_columns(
    data: Any, customer: str, month: str, mrr: str, segment: Optional[str], minor_units: bool
) -> Tuple[Any, np.ndarray, int, Any, str, Optional[List[Optional[str]]]]:
    names = [customer, month, mrr] + ([segment] if segment is not None else [])
    cols = _columns_of(data, names)
    mrr_values, mrr_kind = _mrr_column(cols[mrr], minor_units)
    segments = _segment_column(cols[segment]) if segment is not None else None
    months, units = _month_column(cols[month])
    return _customer_column(cols[customer]), months, units, mrr_values, mrr_kind, segments


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
        pd = importlib.import_module("pandas")
        if money == "decimal":
            return pd.DataFrame({k: (v if isinstance(v, list) else v) for k, v in columns.items()})
        return pd.DataFrame(columns)
    pl = importlib.import_module("polars")
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
    with one row per customer and month: ``customer`` (integer or text ids), ``month``
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
    ids, months, units, amounts, kind, segments = _native_columns(data, customer, month, mrr, segment, minor_units)
    result = _tenure.revenue_movements_columns(
        ids, months, units, amounts, kind, segments, _options(convention, as_of, minor_unit_digits)
    )
    return _frame(result, frame, money)


def _rows(items: Any) -> List[Dict[str, Any]]:
    """Subscription periods or snapshots: a list of dicts or a DataFrame of such rows."""
    kind = _module(items)
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
                v = _month_text(v)
            elif k in ("amount", "mrr") and isinstance(v, float):
                v = repr(v)
            elif isinstance(v, decimal.Decimal):
                v = str(v)
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
        return importlib.import_module("pandas").DataFrame(columns)
    if frame == "polars":
        pl = importlib.import_module("polars")
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
        request = {"data": dict(data), "from": _month_text(from_month)}
        if through is not None:
            request["through"] = _month_text(through)
        result: Dict[str, Any] = _tenure.revenue_retention_metrics(request)
        return result
    ids, months, units, amounts, kind, segments = _native_columns(data, customer, month, mrr, segment, minor_units)
    report: Dict[str, Any] = _tenure.revenue_retention_metrics_columns(
        ids,
        months,
        units,
        amounts,
        kind,
        segments,
        _options(convention, as_of, minor_unit_digits),
        _month_text(from_month),
        None if through is None else _month_text(through),
    )
    return report


def merge_movements(partials: Iterable[Mapping[str, Any]]) -> Optional[Dict[str, Any]]:
    """Merges movements computed over disjoint sets of customers (each the ``frame="dict"``
    result of a movement function, with the same conventions) into the movements of all of
    them; ``None`` for no partial."""
    merged: Optional[Dict[str, Any]] = _tenure.revenue_merge_movements([dict(p) for p in partials])
    return merged
