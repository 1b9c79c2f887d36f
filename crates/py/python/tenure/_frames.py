"""Tables in and out, one way for every function of the package: which kind of table a value is
(pandas, polars, pyarrow or anything with the Arrow PyCapsule interface, a dict of columns, a
list of records), its named columns, the column rules shared by the areas (customer ids, months,
MRR, labels) and the results wrapped in the caller's kind of table.

Only translation happens here: columns are handed to the native module as NumPy arrays
(numbers as ``float64`` without copying when they already are, text as dictionary codes or
lists), Arrow data goes to it through ``__arrow_c_stream__``, and the results come back as arrays
that are wrapped in the caller's kind of table. Every number, and every rule about what a value
means (a float customer id, a day standing for its month), is the core's.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable, Mapping
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np

from tenure._errors import InputError

#: One normalised column: (key, kind, data, extra); see ``_tenure.Model.score_columns``.
Column = Tuple[str, str, Any, Any]

def optional_module(name: str) -> Any:
    """An optional dependency (pandas, polars, pyarrow), imported when its data is met."""
    return importlib.import_module(name)


def module_of(obj: object) -> str:
    """The top-level package of an object's type (``"pandas"``, ``"polars"``, ...)."""
    return type(obj).__module__.split(".")[0]


def is_pandas_frame(obj: object) -> bool:
    return module_of(obj) == "pandas" and type(obj).__name__ == "DataFrame"


def is_polars_frame(obj: object) -> bool:
    """A polars DataFrame or LazyFrame."""
    return module_of(obj) == "polars" and type(obj).__name__ in ("DataFrame", "LazyFrame")


def collected(frame: Any) -> Any:
    """A polars LazyFrame collected; any other table as it is."""
    return frame.collect() if type(frame).__name__ == "LazyFrame" else frame


def _is_bool(value: object) -> bool:
    return isinstance(value, (bool, np.bool_))


def is_missing(value: object) -> bool:
    """``None``, NaN, pandas' ``NA`` and ``NaT``."""
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    pd = sys.modules.get("pandas")
    return pd is not None and (value is pd.NA or value is pd.NaT)


def _unsupported(key: str, what: str) -> InputError:
    return InputError(
        f"column `{key}` holds {what}; use numbers, text, booleans or categories",
        "input.parse",
        f"columns.{key}",
        None,
    )


# ---------------------------------------------------------------------------------------------
# Health signal columns in (``HealthModel.score_batch``)


def _values_column(key: str, values: List[Any]) -> Column:
    """Python values: with any string, a text column; with any boolean, a boolean column;
    otherwise numbers. ``None``/NaN/``pd.NA`` are missing (other values are missing in a text
    or boolean column, as in a JSON batch)."""
    if any(isinstance(v, str) for v in values):
        return (key, "texts", [v if isinstance(v, str) else None for v in values], None)
    if any(_is_bool(v) for v in values):
        bools = np.fromiter((bool(v) if _is_bool(v) else False for v in values), bool, len(values))
        missing = np.fromiter((not _is_bool(v) for v in values), bool, len(values))
        return (key, "bools", bools, missing)
    numbers = np.empty(len(values), dtype=np.float64)
    for row, v in enumerate(values):
        if is_missing(v):
            numbers[row] = np.nan
            continue
        try:
            numbers[row] = float(v)
        except (TypeError, ValueError):
            raise InputError(
                f"column `{key}` row {row}: {type(v).__name__} is not a number, text or boolean",
                "input.parse",
                f"columns.{key}[{row}]",
                None,
            ) from None
    return (key, "numbers", numbers, None)


def _array_column(key: str, array: Any) -> Column:
    """A NumPy array (or anything ``np.asarray`` accepts)."""
    a = np.asarray(array)
    if a.ndim != 1:
        raise InputError(
            f"column `{key}` has {a.ndim} dimensions, expected 1",
            "input.parse",
            f"columns.{key}",
            None,
        )
    kind = a.dtype.kind
    if kind == "f":
        return (key, "numbers", np.ascontiguousarray(a, dtype=np.float64), None)
    if kind in "iu":
        return (key, "numbers", a.astype(np.float64), None)
    if kind == "b":
        return (key, "bools", np.ascontiguousarray(a), None)
    if kind in "US":
        return (key, "texts", [str(v) for v in a.tolist()], None)
    if kind == "O":
        return _values_column(key, a.tolist())
    raise _unsupported(key, f"values of dtype {a.dtype}")


def _codes(key: str, codes: Any, categories: Iterable[Any]) -> Column:
    return (key, "codes", np.ascontiguousarray(codes, dtype=np.int32), [str(c) for c in categories])


def series_column(key: str, s: Any) -> Column:
    """A pandas Series: numbers zero-copy when float64, categoricals and text as dictionary
    codes, booleans (nullable or not) as booleans."""
    pd = optional_module("pandas")
    dtype = s.dtype
    types = pd.api.types
    if isinstance(dtype, pd.CategoricalDtype):
        categories = dtype.categories
        if types.is_string_dtype(categories.dtype) or categories.inferred_type in ("string", "empty"):
            return _codes(key, s.cat.codes.to_numpy(), categories)
        return _values_column(key, s.astype(object).tolist())
    if types.is_bool_dtype(dtype):
        if isinstance(dtype, np.dtype):
            return (key, "bools", np.ascontiguousarray(s.to_numpy()), None)
        missing = s.isna().to_numpy(dtype=bool)
        return (key, "bools", s.to_numpy(dtype=bool, na_value=False), missing)
    if types.is_numeric_dtype(dtype):
        if isinstance(dtype, np.dtype) and dtype == np.float64:
            values = s.to_numpy(copy=False)
        else:
            values = s.to_numpy(dtype=np.float64, na_value=np.nan)
        return (key, "numbers", np.ascontiguousarray(values), None)
    if dtype == object:
        inferred = types.infer_dtype(s, skipna=True)
        if inferred == "string":
            codes, uniques = pd.factorize(s, use_na_sentinel=True)
            return _codes(key, codes, uniques)
        if inferred in ("integer", "floating", "mixed-integer-float", "decimal", "empty"):
            return (key, "numbers", s.to_numpy(dtype=np.float64, na_value=np.nan), None)
        return _values_column(key, s.tolist())
    if types.is_string_dtype(dtype):
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
        return _codes(key, codes, uniques)
    raise _unsupported(key, f"values of dtype {dtype}")


def signal_column(key: Any, values: Any) -> Column:
    key = key if isinstance(key, str) else str(key)
    if module_of(values) == "pandas" and type(values).__name__ == "Series":
        return series_column(key, values)
    if isinstance(values, np.ndarray):
        return _array_column(key, values)
    if isinstance(values, (list, tuple)):
        return _values_column(key, list(values))
    if hasattr(values, "__array__") or hasattr(values, "__arrow_c_array__"):
        return _array_column(key, np.asarray(values))
    if isinstance(values, Iterable) and not isinstance(values, (str, bytes, Mapping)):
        return _values_column(key, list(values))
    raise _unsupported(key, f"a {type(values).__name__}")




# ---------------------------------------------------------------------------------------------
# Named columns in (revenue, cohorts, survival)


def _missing_column(name: str) -> InputError:
    return InputError(f"no column `{name}`", "input.parse", name, name)


def columns_of(data: Any, names: Sequence[str], what: str) -> Dict[str, Any]:
    """The named columns of a pandas or polars DataFrame (or LazyFrame), a pyarrow Table (or
    anything with ``__arrow_c_stream__``), a mapping of columns or a list of records, each as a
    NumPy array or a list (text, categories and decimals as Python values, ``None`` where
    missing). ``what`` names the data in the error for anything else."""
    names = list(dict.fromkeys(names))
    kind = module_of(data)
    out: Dict[str, Any] = {}
    if is_pandas_frame(data):
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
    if is_polars_frame(data):
        frame = collected(data.select(names) if type(data).__name__ == "LazyFrame" else data)
        for name in names:
            if name not in frame.columns:
                raise _missing_column(name)
            series = frame.get_column(name)
            dtype = str(series.dtype)
            if dtype.startswith("Decimal"):
                out[name] = series.cast(str).to_list()
            elif dtype.startswith(("String", "Utf8", "Categorical", "Enum")):
                out[name] = series.to_list()
            else:
                out[name] = series.to_numpy()
        return out
    if kind == "pyarrow" or hasattr(data, "__arrow_c_stream__") and not isinstance(data, Mapping):
        pa = optional_module("pyarrow")
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
    if isinstance(data, Iterable) and not isinstance(data, (str, bytes)):
        records = list(data)
        for name in names:
            values = []
            for row, record in enumerate(records):
                if not isinstance(record, Mapping) or name not in record:
                    raise InputError(f"record {row} has no `{name}`", "input.parse", f"[{row}].{name}", None)
                values.append(record[name])
            out[name] = np.array(values, dtype=object)
        return out
    raise TypeError(
        f"{what} are a pandas or polars DataFrame, a pyarrow Table, a dict of columns or a list "
        f"of records, not {type(data).__name__}"
    )


def customer_ids(values: Any) -> Union[np.ndarray, List[Any]]:
    """A customer id column for the native module, which reads it by the core's id rule (the
    same in every runtime): integers as ``int64``; floats as whole numbers within ±2^53 (a
    fraction, NaN or a bigger number is an ``input.parse`` error at ``customer[i]``); any other
    values are integer ids when every one is an integer, otherwise text ids, a number standing
    for its decimal text (``None`` is an error)."""
    if isinstance(values, np.ndarray):
        kind = values.dtype.kind
        if kind == "u" and values.size and values.max() > np.iinfo(np.int64).max:
            raise InputError("customer ids above the int64 range", "input.out_of_range", "customer", None)
        if kind in "iu":
            return np.ascontiguousarray(values, dtype=np.int64)
        if kind == "f":
            return np.ascontiguousarray(values, dtype=np.float64)
        items: List[Any] = values.tolist()
        return items
    return list(values)


_UNITS_PER_DAY = {"D": 1, "h": 24, "m": 1440, "s": 86_400, "ms": 86_400_000, "us": 86_400_000_000, "ns": 86_400_000_000_000}


def month_text(value: Any) -> Any:
    """A month-like value (``"2024-03"``, a date, a datetime, a NumPy datetime64) as text; any
    other value as it is (the core names it in its error)."""
    if isinstance(value, str):
        return value
    if isinstance(value, np.datetime64):
        return str(value.astype("datetime64[M]"))
    if hasattr(value, "year") and hasattr(value, "month"):
        return f"{value.year:04d}-{value.month:02d}"
    return value


def _first_missing_month(missing: np.ndarray) -> InputError:
    i = int(np.flatnonzero(missing)[0])
    return InputError("a month is missing", "input.parse", f"month[{i}]", None)


def month_column(values: Any, *, as_indices: bool = False) -> Tuple[np.ndarray, int]:
    """The month column as int64 plus its unit for the core: month indices (months since
    1970-01, unit 0), days (1) or timestamps (units a day), from datetimes, dates, pandas
    Periods, ``"YYYY-MM"`` / ``"YYYY-MM-DD"`` strings or integers (month indices). A day or a
    timestamp stands for the month of its UTC day; datetimes go to the core as they are, or as
    month indices with ``as_indices`` (the cohort tables count month indices in place)."""
    if isinstance(values, np.ndarray) and values.dtype.kind == "M":
        unit = np.datetime_data(values.dtype)[0]
        if unit in _UNITS_PER_DAY and not as_indices:
            return np.ascontiguousarray(values.view(np.int64)), _UNITS_PER_DAY[unit]
        missing = np.isnat(values)
        if missing.any():
            raise _first_missing_month(missing)
        return np.ascontiguousarray(values.astype("datetime64[M]").astype(np.int64)), 0
    return _month_indices(values), 0


def _month_indices(values: Any) -> np.ndarray:
    """Month indices (months since 1970-01) from dates, month strings or integers."""
    if isinstance(values, np.ndarray):
        if values.dtype.kind in "iu":
            return np.ascontiguousarray(values, dtype=np.int64)
        values = values.tolist()
    items = list(values)
    if items and all(hasattr(v, "to_timestamp") for v in items):  # pandas Periods
        items = [v.to_timestamp() for v in items]
    try:
        # One vectorised parse of "YYYY-MM" / "YYYY-MM-DD" strings, dates and datetimes.
        parsed = np.asarray(items, dtype="datetime64[M]")
    except (ValueError, TypeError, OverflowError):
        parsed = None
    if parsed is not None and parsed.shape == (len(items),):
        missing = np.isnat(parsed)
        if missing.any():
            raise _first_missing_month(missing)
        return np.ascontiguousarray(parsed.astype(np.int64))
    out = np.empty(len(items), dtype=np.int64)
    for i, v in enumerate(items):
        if isinstance(v, (int, np.integer)) and not isinstance(v, bool):
            out[i] = int(v)
            continue
        text = month_text(v)
        if not isinstance(text, str):
            raise InputError("a month is \"YYYY-MM\", a date or a datetime", "input.parse", f"month[{i}]", repr(v))
        try:
            out[i] = np.datetime64(text[:7], "M").astype(np.int64)
        except ValueError:
            raise InputError(
                "a month is \"YYYY-MM\" or a date \"YYYY-MM-DD\"", "input.parse", f"month[{i}]", text
            ) from None
    return out


def mrr_column(values: Any, minor_units: bool = False) -> Tuple[Any, str]:
    """The MRR column and its kind for the core: ``"float"`` (doubles, each taken at its
    shortest decimal), ``"minor"`` (integers of minor units, with ``minor_units``) or
    ``"decimal"`` (decimal text, exact: a column holding any ``decimal.Decimal`` or text)."""
    if isinstance(values, np.ndarray) and values.dtype.kind in "iuf":
        if minor_units:
            return np.ascontiguousarray(values, dtype=np.int64), "minor"
        return np.ascontiguousarray(values, dtype=np.float64), "float"
    items = values.tolist() if isinstance(values, np.ndarray) else list(values)
    if minor_units:
        return np.asarray(items, dtype=np.int64), "minor"
    if any(isinstance(v, str) or type(v).__name__ == "Decimal" for v in items):
        return ["NaN" if v is None else str(v) for v in items], "decimal"
    try:
        return np.asarray([np.nan if v is None else v for v in items], dtype=np.float64), "float"
    except (TypeError, ValueError):
        raise InputError("column `mrr` holds values that are not amounts", "input.parse", "mrr", None) from None


def labels(values: Any) -> List[Optional[str]]:
    """A label column (segments, groups) as text, ``None`` where missing."""
    items = values.tolist() if isinstance(values, np.ndarray) else list(values)
    return [None if is_missing(v) else str(v) for v in items]


CustomerMonthColumns = Tuple[Any, np.ndarray, int, Any, str, Optional[List[Optional[str]]]]
"""``(customer ids, months, month unit, MRR, MRR kind, segments)`` for the native module."""


def customer_month_columns(
    data: Any,
    customer: str,
    month: str,
    mrr: str,
    *,
    segment: Optional[str] = None,
    minor_units: bool = False,
    month_indices: bool = False,
) -> CustomerMonthColumns:
    """The customer-month rows of ``data`` (one row per customer and month) as the native
    module reads them: the columns named ``customer``, ``month``, ``mrr`` and ``segment`` by
    the rules above."""
    names = [customer, month, mrr] + ([segment] if segment is not None else [])
    columns = columns_of(data, names, "customer-month rows")
    amounts, kind = mrr_column(columns[mrr], minor_units)
    months, units = month_column(columns[month], as_indices=month_indices)
    segments = labels(columns[segment]) if segment is not None else None
    return customer_ids(columns[customer]), months, units, amounts, kind, segments


# ---------------------------------------------------------------------------------------------
# Tables out


FRAMES = ("pandas", "polars", "dict")


def check_frame(frame: str, allowed: Sequence[str] = FRAMES) -> None:
    """Raises ``ValueError`` unless ``frame`` is one of ``allowed``."""
    if frame not in allowed:
        choices = ", ".join(repr(f) for f in allowed[:-1]) + f" or {allowed[-1]!r}"
        raise ValueError(f"frame is {choices}, not {frame!r}")


def frame_of(columns: Dict[str, Any], frame: str, index: Optional[List[str]] = None) -> Any:
    """Columns as a pandas DataFrame (with ``index``), a polars DataFrame (``index`` as a first
    column ``cohort``) or the dict itself."""
    check_frame(frame)
    if frame == "pandas":
        return optional_module("pandas").DataFrame(columns, index=index, copy=False)
    if frame == "polars":
        if index is not None:
            columns = {"cohort": index, **columns}
        return optional_module("polars").DataFrame(columns, strict=False)
    return columns
