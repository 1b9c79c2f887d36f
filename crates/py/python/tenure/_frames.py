"""Batch input and output in the caller's flavour: pandas, polars, pyarrow (or anything with the
Arrow PyCapsule interface), a dict of columns (NumPy arrays or lists) and a list of account dicts.

Only translation happens here: columns are handed to the native module as NumPy arrays
(numbers as ``float64`` without copying when they already are, text as dictionary codes),
Arrow data goes to it through ``__arrow_c_stream__``, and the results come back as arrays that
are wrapped in the caller's kind of table. Every number is computed by the core.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable, Mapping
from typing import Any, Dict, List, Optional, Tuple

import numpy as np

from tenure import _tenure
from tenure._errors import InputError

#: One normalised column: (key, kind, data, extra); see ``_tenure.Model.score_columns``.
Column = Tuple[str, str, Any, Any]

STATUS_KEYS: List[str] = list(_tenure.STATUS_KEYS)


def _optional(name: str) -> Any:
    """An optional dependency (pandas, polars, pyarrow), imported when its data is met."""
    return importlib.import_module(name)


def _module(obj: object) -> str:
    return type(obj).__module__.split(".")[0]


def _is_pandas_frame(obj: object) -> bool:
    return _module(obj) == "pandas" and type(obj).__name__ == "DataFrame"


def _is_bool(value: object) -> bool:
    return isinstance(value, (bool, np.bool_))


def _is_missing(value: object) -> bool:
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
# Columns in


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
        if _is_missing(v):
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


def _series_column(key: str, s: Any) -> Column:
    """A pandas Series: numbers zero-copy when float64, categoricals and text as dictionary
    codes, booleans (nullable or not) as booleans."""
    pd = _optional("pandas")
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


def _column(key: Any, values: Any) -> Column:
    key = key if isinstance(key, str) else str(key)
    if _module(values) == "pandas" and type(values).__name__ == "Series":
        return _series_column(key, values)
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
# Results out


def _errors_array(n: int, errors: List[Tuple[int, Any]]) -> np.ndarray:
    out = np.empty(n, dtype=object)
    for row, error in errors:
        out[row] = error
    return out


def _labelled(codes: np.ndarray, keys: List[str]) -> np.ndarray:
    """Keys by code as an object array; code -1 gives ``None``."""
    table = np.array([*keys, None], dtype=object)
    labelled: np.ndarray = table[codes]
    return labelled


def _dict_out(raw: Any, errors: List[Tuple[int, Any]], tier_keys: List[str]) -> Dict[str, Any]:
    n = len(raw["composite"])
    return {
        "composite": raw["composite"],
        "tier": _labelled(raw["tier"], tier_keys),
        "coverage": raw["coverage"],
        "status": _labelled(raw["status"], STATUS_KEYS),
        "error": _errors_array(n, errors),
    }


def _pandas_out(raw: Any, errors: List[Tuple[int, Any]], tier_keys: List[str], index: Any) -> Any:
    pd = _optional("pandas")
    n = len(raw["composite"])
    return pd.DataFrame(
        {
            "composite": raw["composite"],
            "tier": pd.Categorical.from_codes(raw["tier"], categories=tier_keys),
            "coverage": raw["coverage"],
            "status": pd.Categorical.from_codes(raw["status"], categories=STATUS_KEYS),
            "error": _errors_array(n, errors),
        },
        index=index,
        copy=False,
    )


def _arrow_table(table: Any) -> Any:
    """The native Arrow table as a pyarrow Table when pyarrow is there, else as it is (it has
    ``__arrow_c_stream__``)."""
    try:
        pa = _optional("pyarrow")
    except ImportError:
        return table
    return pa.table(table)


# ---------------------------------------------------------------------------------------------
# Dispatch


def score_batch(native: Any, data: Any, month: Optional[int], explain: bool) -> Any:
    """Scores ``data`` in its own flavour; returns the table, or ``(table, explanations)``."""
    tier_keys: List[str] = native.tier_keys
    if _is_pandas_frame(data):
        columns = [_series_column(k if isinstance(k, str) else str(k), s) for k, s in data.items()]
        raw, errors, explanations = native.score_columns(columns, month, explain, False)
        out = _pandas_out(raw, errors, tier_keys, data.index)
    elif _module(data) == "polars" and type(data).__name__ in ("DataFrame", "LazyFrame"):
        pl = _optional("polars")
        frame = data.collect() if type(data).__name__ == "LazyFrame" else data
        table, _, explanations = native.score_arrow(frame, month, explain)
        out = pl.DataFrame(table)
    elif isinstance(data, Mapping):
        columns = [_column(k, v) for k, v in data.items()]
        raw, errors, explanations = native.score_columns(columns, month, explain, False)
        out = _dict_out(raw, errors, tier_keys)
    elif hasattr(data, "__arrow_c_stream__") or hasattr(data, "__arrow_c_array__"):
        table, _, explanations = native.score_arrow(data, month, explain)
        out = _arrow_table(table)
    elif isinstance(data, Iterable) and not isinstance(data, (str, bytes)):
        raw, errors, explanations = native.score_records(list(data), month, explain, False)
        out = _dict_out(raw, errors, tier_keys)
    else:
        raise TypeError(
            "score_batch takes a pandas or polars DataFrame, a pyarrow Table (or any object with "
            "__arrow_c_stream__), a dict of columns or a list of account dicts, "
            f"not {type(data).__name__}"
        )
    return (out, explanations) if explain else out
