"""``HealthModel`` and the functions that use a model's tiers (blends, roll-ups, trends)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Dict, List, Literal, Optional, Tuple, Union, overload

from tenure import _frames, _tenure
from tenure._tenure import HealthScore

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["HealthModel", "blend_human_score", "roll_up_products", "score_trend"]

DateLike = Union[date, str]
"""A day: a ``datetime.date`` (a ``datetime`` counts by its date) or an ISO ``YYYY-MM-DD`` string."""


class HealthModel:
    """A validated, compiled health model: dimensions of weighted signals and the tiers of the
    0-100 composite.

    Build one with :meth:`builtin`, :meth:`from_json`, :meth:`from_dict` or :meth:`from_file`;
    an invalid model raises :class:`tenure.ModelError` naming the offending item.
    """

    __slots__ = ("_native",)

    def __init__(self, native: _tenure.Model) -> None:
        if not isinstance(native, _tenure.Model):
            raise TypeError(
                "use HealthModel.builtin(), .from_json(), .from_dict() or .from_file() to build a model"
            )
        self._native = native

    @classmethod
    def builtin(cls) -> Self:
        """The built-in model: Product Usage 30, Engagement 20, Relationship 15, Outcomes 20,
        Financial 15; tiers thriving >= 80, healthy >= 60, at_risk >= 40, critical >= 0."""
        return cls(_tenure.Model.builtin())

    @classmethod
    def from_json(cls, text: str) -> Self:
        """Parses and validates a model from JSON text."""
        return cls(_tenure.Model.from_json(text))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Reads and validates a model from Python data (as ``json.load`` would give)."""
        return cls(_tenure.Model.from_obj(data))

    @classmethod
    def from_file(cls, path: Union[str, os.PathLike[str]]) -> Self:
        """Reads and validates a model from a JSON file."""
        with open(path, encoding="utf-8") as f:
            return cls.from_json(f.read())

    def to_json(self) -> str:
        """The model as pretty-printed JSON (``from_json`` reads it back)."""
        return self._native.to_json()

    def to_dict(self) -> Dict[str, Any]:
        """The model as Python data (``from_dict`` reads it back)."""
        data: Dict[str, Any] = self._native.to_obj()
        return data

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
        return _frames.score_batch(self._native, data, month, explain)

    def __repr__(self) -> str:
        return f"HealthModel(id={self.id!r}, version={self.version!r}, inputs={len(self.input_keys)})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, HealthModel):
            return NotImplemented
        return self.to_json() == other.to_json()

    def __hash__(self) -> int:
        return hash(self.to_json())

    def __reduce__(self) -> Tuple[Any, Tuple[str]]:
        return (_from_json, (self.to_json(),))


def _from_json(text: str) -> HealthModel:
    return HealthModel.from_json(text)


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
    exact = [_exact_arr(p) for p in products]
    result: Dict[str, Any] = _tenure.roll_up_products(model._native, exact, method)
    return result


def _exact_arr(product: Mapping[str, Any]) -> Mapping[str, Any]:
    """A ``Decimal`` ARR goes to the core as decimal text, so it stays exact."""
    arr = product.get("arr") if isinstance(product, Mapping) else None
    if isinstance(arr, Decimal):
        return {**product, "arr": str(arr)}
    return product


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
