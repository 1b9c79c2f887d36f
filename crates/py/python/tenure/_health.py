"""Health scoring: ``HealthModel``, ``SegmentedModel``, batch scoring in the caller's kind of
table, and the functions that use a model's tiers (blends, roll-ups, trends)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, Dict, List, Literal, Optional, Tuple, Union, overload

import numpy as np

from tenure import _frames, _tenure
from tenure._json_backed import JsonBacked
from tenure._tenure import HealthScore

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["HealthModel", "SegmentedModel", "blend_human_score", "roll_up_products", "score_trend"]

STATUS_KEYS: List[str] = list(_tenure.STATUS_KEYS)

DateLike = Union[date, str]
"""A day: a ``datetime.date`` (a ``datetime`` counts by its date) or an ISO ``YYYY-MM-DD`` string."""


class HealthModel(JsonBacked):
    """A validated, compiled health model: dimensions of weighted signals and the tiers of the
    0-100 composite.

    Build one with :meth:`builtin`, :meth:`from_json`, :meth:`from_dict` or :meth:`from_file`;
    an invalid model raises :class:`tenure.ModelError` naming the offending item. Models are
    equal when their JSON is, and pickle as their JSON.
    """

    __slots__ = ()
    _native: _tenure.Model
    _native_type = _tenure.Model
    _builders = ".builtin(), .from_json(), .from_dict() or .from_file()"

    @classmethod
    def builtin(cls) -> Self:
        """The built-in model: Product Usage 30, Engagement 20, Relationship 15, Outcomes 20,
        Financial 15; tiers thriving >= 80, healthy >= 60, at_risk >= 40, critical >= 0."""
        return cls(_tenure.Model.builtin())

    @property
    def id(self) -> str:
        """Identifier of the model, reported with every score."""
        return self._native.id

    @property
    def version(self) -> str:
        """Version of the model."""
        return self._native.version

    @property
    def label(self) -> Optional[str]:
        """Human-readable name of the model."""
        return self._native.label

    @property
    def input_keys(self) -> List[str]:
        """Every input key the model reads, in model order: the columns of a batch."""
        return self._native.input_keys

    @property
    def tier_keys(self) -> List[str]:
        """The tier keys in model order (the categories of a batch's ``tier`` column)."""
        return self._native.tier_keys

    def score(self, account: Mapping[str, Any]) -> HealthScore:
        """Scores one account: ``{"id": ..., "inputs": {key: value}, "attributes": {...},
        "as_of": date}`` (only ``inputs`` is needed). ``None`` and NaN are missing."""
        return self._native.score(account)

    @overload
    def score_batch(
        self, data: Any, month: Optional[int] = None, explain: Literal[False] = False
    ) -> Any: ...

    @overload
    def score_batch(
        self, data: Any, month: Optional[int] = None, *, explain: Literal[True]
    ) -> Tuple[Any, List[HealthScore]]: ...

    @overload
    def score_batch(self, data: Any, month: Optional[int] = None, explain: bool = False) -> Any: ...

    def score_batch(self, data: Any, month: Optional[int] = None, explain: bool = False) -> Any:
        """Scores many accounts at once, with the GIL released.

        ``data`` is a pandas DataFrame, a polars DataFrame (or LazyFrame), a pyarrow Table or
        RecordBatch (or any object with ``__arrow_c_stream__``), a dict of columns (NumPy arrays
        or lists) or a list of account dicts. Columns are input keys; missing columns are
        missing for every row; ``None``/NaN/null are missing.

        The result has one row per account, in the caller's flavour (pandas in → pandas out,
        polars → polars, Arrow → pyarrow Table, dict or list → dict of NumPy arrays), with
        columns ``composite`` (NaN/null unless scored), ``tier`` (categorical), ``coverage``,
        ``status`` (``scored``, ``insufficient_data`` or ``failed``) and ``error`` (code, path and
        message of a failed row). ``month`` (1-12) applies seasonal baselines. With
        ``explain=True`` the result is ``(table, explanations)``, one :class:`HealthScore` per row.
        """
        return _score_batch(self._native, data, month, explain)

    def __repr__(self) -> str:
        return f"HealthModel(id={self.id!r}, version={self.version!r}, inputs={len(self.input_keys)})"


class SegmentedModel(JsonBacked):
    """Several health models and the routes (on account attributes, such as the segment) that
    choose one per account, with a default model.

    Build one with :meth:`from_json`, :meth:`from_dict` or :meth:`from_file`; an invalid set
    raises :class:`tenure.ModelError` naming the offending item.
    """

    __slots__ = ()
    _native: _tenure.SegmentedModel
    _native_type = _tenure.SegmentedModel

    @property
    def id(self) -> str:
        """Identifier of the set."""
        return self._native.id

    @property
    def model_ids(self) -> List[str]:
        """Ids of the models of the set."""
        return self._native.model_ids

    def score(self, account: Mapping[str, Any]) -> HealthScore:
        """Scores an account with the model its attributes choose; the score's ``route`` tells
        which route (``None``: the default model)."""
        return self._native.score(account)

    def __repr__(self) -> str:
        return repr(self._native)


def blend_human_score(
    model: HealthModel,
    computed: float,
    human: Optional[Mapping[str, Any]],
    as_of: DateLike,
) -> Dict[str, Any]:
    """Blends a computed score with a human (CSM) assessment valid on ``as_of``.

    ``human`` is ``{"score", "weight", "assessed_on", "expires_on", "assessor"?}`` or ``None``.
    Returns the blended score as a dict (``composite``, ``tier``, ``computed``, ``human``,
    ``human_weight``, ``human_status``); the tier comes from ``model``.
    """
    result: Dict[str, Any] = _tenure.blend_human_score(model._native, computed, human, as_of)
    return result


def roll_up_products(
    model: HealthModel,
    products: Iterable[Mapping[str, Any]],
    method: str = "arr_weighted",
) -> Dict[str, Any]:
    """Rolls product scores (``{"product", "score", "arr"}``) up into one account score.

    ``method`` is ``"arr_weighted"`` (default), ``"mean"`` or ``"min"``. ARR is an exact decimal:
    give it as ``int``, ``decimal.Decimal`` or decimal text (a ``float`` is read by its shortest
    text). Amounts come back as decimal text.
    """
    result: Dict[str, Any] = _tenure.roll_up_products(model._native, list(products), method)
    return result


def score_trend(
    model: HealthModel,
    history: Iterable[Any],
    as_of: DateLike,
    **options: float,
) -> Dict[str, Any]:
    """Analyses a score history (``{"date", "score"}`` dicts or ``(date, score)`` pairs, dates
    strictly increasing) as of a day.

    Options: ``window_days`` (30), ``tolerance`` (2.0), ``hysteresis`` (0.0),
    ``drop_window_days`` (7) and ``drop_threshold_pct`` (20.0).
    """
    result: Dict[str, Any] = _tenure.score_trend(model._native, list(history), as_of, options)
    return result


# ---------------------------------------------------------------------------------------------
# Batch scores out, in the caller's kind of table


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
    pd = _frames.optional_module("pandas")
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
        pa = _frames.optional_module("pyarrow")
    except ImportError:
        return table
    return pa.table(table)


# ---------------------------------------------------------------------------------------------
# Dispatch


def _score_batch(native: _tenure.Model, data: Any, month: Optional[int], explain: bool) -> Any:
    """Scores ``data`` in its own flavour; returns the table, or ``(table, explanations)``."""
    tier_keys: List[str] = native.tier_keys
    if _frames.is_pandas_frame(data):
        columns = [_frames.series_column(k if isinstance(k, str) else str(k), s) for k, s in data.items()]
        raw, errors, explanations = native.score_columns(columns, month, explain, False)
        out = _pandas_out(raw, errors, tier_keys, data.index)
    elif _frames.is_polars_frame(data):
        pl = _frames.optional_module("polars")
        table, _, explanations = native.score_arrow(_frames.collected(data), month, explain)
        out = pl.DataFrame(table)
    elif isinstance(data, Mapping):
        columns = [_frames.signal_column(k, v) for k, v in data.items()]
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
