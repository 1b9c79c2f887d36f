"""Kaplan-Meier survival curves from a DataFrame, a dict of columns or a list of records.

>>> import tenure
>>> km = tenure.kaplan_meier({"tenure": [1, 2, 2, 3], "churned": [True, True, True, False]},
...                          frame="dict")
>>> km.median
2.0
>>> [float(s) for s in km.curve["survival"]]
[1.0, 0.75, 0.25, 0.25]

Only translation happens here: the columns become NumPy arrays (durations and entry times as
``float64``, events as booleans) and the core computes the estimate.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

import numpy as np

from tenure import _frames, _tenure
from tenure._errors import InputError

__all__ = ["KaplanMeier", "kaplan_meier"]

CURVE_COLUMNS = [
    "time",
    "at_risk",
    "entered",
    "events",
    "censored",
    "survival",
    "lower",
    "upper",
    "greenwood",
]


def _array(values: Any) -> np.ndarray:
    return values if isinstance(values, np.ndarray) else np.asarray(values)


def _numbers(name: str, values: np.ndarray) -> np.ndarray:
    if values.dtype.kind == "f":
        return np.ascontiguousarray(values, dtype=np.float64)
    if values.dtype.kind in "iu":
        return values.astype(np.float64)
    out = np.empty(len(values), dtype=np.float64)
    for row, v in enumerate(values.tolist()):
        if v is None or (isinstance(v, float) and v != v):
            out[row] = np.nan
        elif isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.number)):
            raise InputError(f"`{name}` row {row} is not a number", "input.parse", f"{name}[{row}]", None)
        else:
            out[row] = float(v)
    return out


def _events(name: str, values: np.ndarray) -> np.ndarray:
    """Booleans, or 0/1 numbers."""
    if values.dtype.kind == "b":
        return np.ascontiguousarray(values)
    out = np.empty(len(values), dtype=bool)
    for row, v in enumerate(values.tolist()):
        if isinstance(v, (bool, np.bool_)):
            out[row] = bool(v)
        elif isinstance(v, (int, float, np.number)) and v in (0, 1):
            out[row] = v == 1
        else:
            raise InputError(
                f"`{name}` row {row} is {v!r}; an event is a boolean or 0/1",
                "input.parse",
                f"{name}[{row}]",
                None,
            )
    return out


class KaplanMeier:
    """A Kaplan-Meier estimate: ``curve`` (a DataFrame: time, at_risk, entered, events,
    censored, survival, lower, upper, greenwood), ``median`` (``None`` when the estimate never
    reaches 0.5), counts, and ``groups`` (one estimate per group, by group name)."""

    def __init__(self, raw: Dict[str, Any], groups: List[Dict[str, Any]], frame: str) -> None:
        self._raw = raw
        self._frame = frame
        self.median: Optional[float] = raw["median"]
        self.subjects: int = raw["subjects"]
        self.events: int = raw["events"]
        self.censored: int = raw["censored"]
        self.confidence_level: float = raw["confidence_level"]
        self.group: Optional[str] = raw.get("group")
        self.groups: Dict[str, KaplanMeier] = {
            g["group"]: KaplanMeier(g, [], frame) for g in groups
        }
        self._curve: Any = None

    @property
    def curve(self) -> Any:
        """The curve as a DataFrame of the chosen flavour (or a dict of NumPy arrays)."""
        if self._curve is None:
            self._curve = _frames.frame_of({k: self._raw["curve"][k] for k in CURVE_COLUMNS}, self._frame)
        return self._curve

    def to_dict(self) -> Dict[str, Any]:
        """The estimate in the core's serde form (``{"overall", "groups"}`` at the top level)."""

        def plain(raw: Dict[str, Any]) -> Dict[str, Any]:
            out = {k: v for k, v in raw.items() if k != "curve"}
            out["curve"] = {k: v.tolist() for k, v in raw["curve"].items()}
            return out

        if self.group is not None:
            return plain(self._raw)
        return {"overall": plain(self._raw), "groups": [g.to_dict() for g in self.groups.values()]}

    def __repr__(self) -> str:
        label = f" group {self.group!r}" if self.group is not None else ""
        groups = f", {len(self.groups)} groups" if self.groups else ""
        return (
            f"<tenure Kaplan-Meier{label}: {self.subjects} subjects, {self.events} events, "
            f"median {self.median}{groups}>"
        )


def kaplan_meier(
    data: Any,
    duration: str = "tenure",
    event: str = "churned",
    entry: Optional[str] = None,
    group: Optional[str] = None,
    frame: str = "pandas",
    confidence_level: float = 0.95,
) -> KaplanMeier:
    """Kaplan-Meier survival estimate of ``data`` (a pandas or polars DataFrame, a dict of
    columns or a list of records).

    ``duration``: column of durations (>= 0); ``event``: column of booleans (or 0/1), true when
    the event (churn) was observed; ``entry``: optional column of late-entry times (<= duration);
    ``group``: optional column to estimate per group. ``frame``: ``"pandas"``, ``"polars"`` or
    ``"dict"`` for the curve. Errors are ``tenure.InputError`` (``input.negative_duration``, ``input.entry_after_duration``, ``input.time_not_finite``, ...).
    """
    _frames.check_frame(frame)
    names = [duration, event] + [n for n in (entry, group) if n is not None]
    columns = _frames.columns_of(data, names, "survival data")
    durations = _numbers(duration, _array(columns[duration]))
    events = _events(event, _array(columns[event]))
    entries = None if entry is None else _numbers(entry, _array(columns[entry]))
    groups = None if group is None else _frames.labels(columns[group])
    raw = _tenure.kaplan_meier_columns(durations, events, entries, groups, float(confidence_level))
    return KaplanMeier(raw["overall"], raw["groups"], frame)
