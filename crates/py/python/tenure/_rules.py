"""``RuleSet``: lifecycle rules over account facts (the default pack and custom rule sets)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Union

import numpy as np

from tenure import _frames, _tenure
from tenure._json_backed import JsonBacked

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["RuleSet"]

DateLike = Union[date, str]


def _fact_set(
    facts: Mapping[str, Any],
    account: Optional[str] = None,
    last_fired: Optional[Mapping[str, DateLike]] = None,
) -> Dict[str, Any]:
    """A fact set ``{"account", "as_of", "facts", "last_fired"}`` as given (a mapping whose
    ``facts`` is a mapping: fact values are never mappings), or a plain map of facts wrapped
    into one."""
    if not isinstance(facts, Mapping):
        raise TypeError(f"facts are a mapping, not {type(facts).__name__}")
    if isinstance(facts.get("facts"), Mapping):
        out = dict(facts)
        if account is not None:
            out["account"] = account
        if last_fired is not None:
            out["last_fired"] = dict(last_fired)
        return out
    out = {"facts": dict(facts)}
    if account is not None:
        out["account"] = account
    if last_fired is not None:
        out["last_fired"] = dict(last_fired)
    return out


def _frame_rows(data: Any, account_column: str) -> Optional[List[Dict[str, Any]]]:
    """The rows of a pandas or polars DataFrame as fact sets; ``None`` for other data."""
    if _frames.is_pandas_frame(data):
        records = data.to_dict("records")
    elif _frames.is_polars_frame(data):
        records = _frames.collected(data).to_dicts()
    else:
        return None
    rows = []
    for record in records:
        account = record.pop(account_column, None)
        row: Dict[str, Any] = {"facts": {str(k): v for k, v in record.items()}}
        if account is not None:
            row["account"] = str(account)
        rows.append(row)
    return rows


def _column(values: Any) -> Any:
    """One fact column for the native module: numbers as a ``float64`` array (NaN missing),
    booleans without missing values as a ``bool`` array, dates as ``datetime.date`` (or
    ``None``), anything else as a list of Python values with ``None`` for missing."""
    if isinstance(values, np.ndarray):
        kind = values.dtype.kind
        if kind in "fiu":
            return np.ascontiguousarray(values, dtype=np.float64)
        if kind == "b":
            return np.ascontiguousarray(values, dtype=bool)
        if kind == "M":
            days = values.astype("datetime64[D]")
            return [None if np.isnat(d) else d.item() for d in days]
        values = values.tolist()
    if not isinstance(values, (list, tuple)):
        return values  # not a column: the core names it in its error
    out: List[Any] = []
    for v in values:
        if _frames.is_missing(v):
            out.append(None)
        elif isinstance(v, datetime):
            out.append(v.date())
        elif isinstance(v, np.generic):
            out.append(v.item())
        else:
            out.append(v)
    return out


def _fact_columns(data: Any, account_column: str) -> Optional[Dict[str, Any]]:
    """The columns of a pandas or polars DataFrame, a pyarrow Table or a mapping of columns
    (NumPy arrays or lists), by fact key; ``None`` for other data."""
    if _frames.is_pandas_frame(data):
        pairs = [(str(k), data[k].to_numpy()) for k in data.columns]
    elif _frames.is_polars_frame(data):
        pl = _frames.optional_module("polars")
        pairs = []
        for series in _frames.collected(data).get_columns():
            if series.dtype.is_numeric():
                values: Any = series.cast(pl.Float64).to_numpy()
            elif series.dtype == pl.Boolean and series.null_count() == 0:
                values = series.to_numpy()
            else:
                values = series.to_list()
            pairs.append((series.name, values))
    elif _frames.module_of(data) == "pyarrow" and type(data).__name__ in ("Table", "RecordBatch"):
        pairs = [(name, data.column(name).to_pylist()) for name in data.column_names]
    elif isinstance(data, Mapping):
        pairs = [(str(k), v) for k, v in data.items()]
    else:
        return None
    return {key: _column(values) for key, values in pairs if key != account_column}


def _column_rows(columns: Dict[str, Any]) -> List[Dict[str, Any]]:
    """Columns as one fact set per row (for the explained mode)."""
    lists = {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in columns.items()}
    rows = max((len(v) for v in lists.values()), default=0)
    return [
        {"facts": {k: v[i] if i < len(v) else None for k, v in lists.items()}}
        for i in range(rows)
    ]


class RuleSet(JsonBacked):
    """A validated, compiled set of lifecycle rules: conditions over account facts that propose
    plays (with severity, due time and message).

    Build one with :meth:`builtin` (the default pack of the seeds), :meth:`from_json`,
    :meth:`from_dict` or :meth:`from_file`; an invalid rule set raises
    :class:`tenure.RuleError` naming the offending item.

    >>> rules = RuleSet.builtin()
    >>> result = rules.evaluate({"health_score": 35, "nps_score": 5}, as_of="2026-03-01")
    >>> [a["play"] for a in result["actions"]]
    ['critical_save_call', 'detractor_outreach']
    """

    __slots__ = ()
    _native: _tenure.RuleEngine
    _native_type = _tenure.RuleEngine
    _builders = ".builtin(), .from_json(), .from_dict() or .from_file()"

    @classmethod
    def builtin(cls) -> Self:
        """The default pack: onboarding risks, early warnings, health-tier playbooks, triggers,
        adoption nudges, expansion signals and NPS actions from the seeds (34 rules)."""
        return cls(_tenure.RuleEngine.builtin())

    @property
    def id(self) -> str:
        """Identifier of the rule set."""
        return self._native.id

    @property
    def version(self) -> Optional[str]:
        """Version of the rule set."""
        return self._native.version

    @property
    def rule_keys(self) -> List[str]:
        """Rule keys, in rule-set order."""
        return self._native.rule_keys

    @property
    def plays(self) -> List[str]:
        """Every play key, sorted."""
        return self._native.plays

    @property
    def fact_kinds(self) -> Dict[str, str]:
        """Each fact the rules read and its kind (number, text, bool, date, series, any)."""
        return {fact: kind for fact, kind in self._native.fact_kinds()}

    @property
    def conditions(self) -> int:
        """Number of condition nodes over all rules."""
        return self._native.conditions

    @property
    def max_steps(self) -> int:
        """Most units of work one evaluation can take (linear in the rule set's size)."""
        return self._native.max_steps

    def evaluate(
        self,
        facts: Mapping[str, Any],
        as_of: Optional[DateLike] = None,
        *,
        account: Optional[str] = None,
        last_fired: Optional[Mapping[str, DateLike]] = None,
    ) -> Dict[str, Any]:
        """Evaluates one account as of a day, explaining every rule.

        ``facts`` is a map of facts (``{"health_score": 35, "last_login_at": date(...)}``) or a
        full fact set ``{"account", "as_of", "facts", "last_fired"}``. ``as_of`` (a date or
        ``"YYYY-MM-DD"``) takes precedence over the fact set's own. ``last_fired`` maps plays to
        the day they last fired (for cooldowns). Returns ``{"account", "as_of", "rule_set",
        "actions", "suppressed", "rules"}``.
        """
        result: Dict[str, Any] = self._native.evaluate(_fact_set(facts, account, last_fired), as_of)
        return result

    def plays_for(
        self,
        facts: Mapping[str, Any],
        as_of: Optional[DateLike] = None,
        *,
        account: Optional[str] = None,
        last_fired: Optional[Mapping[str, DateLike]] = None,
    ) -> List[str]:
        """The plays proposed for one account, in rank order (no explanations)."""
        return self._native.summarize(_fact_set(facts, account, last_fired), as_of)

    def evaluate_batch(
        self,
        data: Any,
        as_of: Optional[DateLike] = None,
        *,
        explain: bool = True,
        account_column: str = "account",
        last_fired: Optional[Mapping[str, Any]] = None,
    ) -> Dict[str, Any]:
        """Evaluates many accounts with the GIL released.

        ``data`` is a list of fact maps or fact sets, or columns with one account per row: a
        pandas / polars DataFrame, a pyarrow Table or a dict of NumPy arrays or lists
        (``account_column`` holds the account id; every other column is a fact; NaN, ``None``
        and ``NaT`` are missing). With ``explain=True`` the result is ``{"evaluations":
        [evaluation or None], "errors": [{"index", "error"}]}``; with ``explain=False`` (the
        fast summary) ``{"rows": [{"plays": [...]}], "errors": [...]}``. Columns with
        ``explain=False`` take the columnar path: the columns are bound to the rules once, a
        column of a kind the rules do not read the fact as raises ``InputError``
        (``input.column_kind``), and ``as_of`` is required; ``last_fired`` then maps plays to
        one day (or ``None``) per row.
        """
        columns = _fact_columns(data, account_column)
        if columns is not None and not explain:
            fired = None
            if last_fired is not None:
                fired = {str(k): _column(v) for k, v in last_fired.items()}
            result: Dict[str, Any] = self._native.summarize_columns(columns, as_of, fired)
            return result
        rows = _frame_rows(data, account_column)
        if rows is None and columns is not None:
            rows = _column_rows(columns)
        if rows is None:
            if isinstance(data, (str, bytes)) or not isinstance(data, Iterable):
                raise TypeError(
                    "evaluate_batch takes a list of fact sets, a pandas / polars DataFrame, a "
                    f"pyarrow Table or a dict of columns, not {type(data).__name__}"
                )
            rows = [_fact_set(item) for item in data]
        result = self._native.evaluate_batch(rows, as_of, explain)
        return result

    def __repr__(self) -> str:
        return self._native.__repr__()
