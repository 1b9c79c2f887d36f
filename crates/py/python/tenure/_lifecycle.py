"""Lifecycle timelines and the churn taxonomy (seed 003 Phases 2-4, 7 and 9; seed 000).

Each function builds the core's input object from its keyword arguments and returns the core's
result as a dict (dates as ISO text, ARR as decimal text). ``as_of`` is always an argument:
nothing reads the clock. The ``*_frame`` functions lay a result's table out as a pandas or
polars DataFrame (ARR as ``decimal.Decimal``, days as ``datetime.date`` where Python can hold
them). Every number is computed by the core.

>>> import tenure
>>> plan = tenure.renewal_prep("2026-12-31", "2026-12-24", completed=[
...     "internal_review", "success_recap", "roi_presentation", "renewal_discussion",
...     "contract_sent", "final_follow_up"])
>>> plan["current_step"], plan["red_alert"], plan["red_alert_reasons"]
('unsigned_red_alert', True, ['unsigned_final_week'])
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple, Union

from tenure import _frames, _tenure
from tenure._errors import InputError

if TYPE_CHECKING:
    from tenure._health import HealthModel

__all__ = [
    "CHURN_TAXONOMY_JSON",
    "churn_reason_analysis",
    "churn_reason_frame",
    "churn_taxonomy",
    "classify_churn",
    "engagement_level",
    "onboarding_plan",
    "renewal_prep",
    "save_outcomes",
    "save_outcomes_frame",
    "surprise_churn",
    "surprise_churn_frame",
    "touch_cadence",
    "win_back_plan",
]

CHURN_TAXONOMY_JSON: str = _tenure.CHURN_TAXONOMY_JSON
"""The JSON text of the seed's churn taxonomy."""

DateLike = Union[date, str]
Amount = Union[int, float, str, Decimal]


def _input(**fields: Any) -> Dict[str, Any]:
    """The input object: fields left at ``None`` are absent (the core's defaults apply)."""
    return {k: v for k, v in fields.items() if v is not None}


def _is_frame(obj: Any) -> bool:
    """A pandas or polars DataFrame."""
    return _frames.module_of(obj) in ("pandas", "polars") and type(obj).__name__ == "DataFrame"


def _frame_column(frame: Any, at: str, name: str, kind: str, required: bool = True) -> List[Any]:
    """One column of a DataFrame as a list for the native module: ``"text"`` (``None`` when
    missing), ``"day"`` (ISO days), ``"amount"`` (decimal text) or ``"number"``."""
    if name not in frame.columns:
        if required:
            raise InputError(f"the {at} table has no column `{name}`", "input.parse", f"{at}.{name}", None)
        return [None] * len(frame)
    series = frame[name]
    dtype = str(series.dtype)
    if kind == "day":
        if dtype.startswith("datetime64"):  # pandas: whole days through NumPy, vectorised
            days: List[Any] = series.to_numpy().astype("datetime64[D]").astype(str).tolist()
            return days
        if dtype == "Date" or dtype.startswith("Datetime"):  # polars
            return list(series.dt.strftime("%Y-%m-%d").to_list())
        return [v.isoformat()[:10] if isinstance(v, date) else str(v) for v in series.to_list()]
    values = series.to_list()
    if kind == "number":
        return [float("nan") if v is None else float(v) for v in values]
    if kind == "amount":
        return [v if isinstance(v, str) else str(v) for v in values]
    return [v if isinstance(v, str) else (None if _frames.is_missing(v) else str(v)) for v in values]


def _event_columns(frame: Any) -> Tuple[List[Any], ...]:
    return (
        _frame_column(frame, "events", "account", "text"),
        _frame_column(frame, "events", "date", "day"),
        _frame_column(frame, "events", "category", "text", required=False),
        _frame_column(frame, "events", "sub_reason", "text", required=False),
        _frame_column(frame, "events", "arr", "amount"),
    )


def renewal_prep(
    renewal_date: DateLike,
    as_of: DateLike,
    completed: Iterable[str] = (),
    signed: bool = False,
    health_tier: Optional[str] = None,
    options: Optional[Mapping[str, Any]] = None,
) -> Dict[str, Any]:
    """The renewal prep timeline on ``as_of`` (seed: Day -90 internal review ... Day -7 red
    alert): each step's due day and status (``upcoming``, ``current``, ``overdue``, ``done``,
    ``not_needed`` once signed), the current, next and overdue steps, ``escalate`` (unsigned
    within 30 days), ``executive_involvement`` (within 14 days) and the red alert with its
    reasons. ``options``: ``alert_tiers`` (``["at_risk", "critical"]``), ``health_alert_days``
    (90), ``overdue_alert_days`` (30)."""
    data = _input(
        renewal_date=renewal_date,
        as_of=as_of,
        completed=list(completed),
        signed=signed,
        health_tier=health_tier,
        options=options,
    )
    result: Dict[str, Any] = _tenure.renewal_prep(data)
    return result


def win_back_plan(
    churn_date: DateLike,
    as_of: DateLike,
    sent: Iterable[int] = (),
    major_release: bool = False,
) -> Dict[str, Any]:
    """The win-back plan on ``as_of``: bucket by days since churn (0-29, 30-89, 90-179,
    180-365, over 365), its approach and expected success band, and the emails of days 7, 30
    and 90 (day 90 with a major release only) as ``upcoming``, ``due``, ``overdue``, ``sent``,
    ``cancelled`` or ``not_applicable``. ``sent`` lists the days of the emails sent."""
    data = _input(churn_date=churn_date, as_of=as_of, sent=list(sent), major_release=major_release)
    result: Dict[str, Any] = _tenure.win_back_plan(data)
    return result


def touch_cadence(
    arr: Amount,
    as_of: DateLike,
    last_touches: Optional[Mapping[str, DateLike]] = None,
    since: Optional[DateLike] = None,
    segment: Optional[str] = None,
    thresholds: Optional[Mapping[str, Amount]] = None,
) -> Dict[str, Any]:
    """The touch cadence on ``as_of``: the ARR tier (Enterprise >= $100K, Mid-Market
    >= $25K, SMB >= $5K, else Self-Serve; ``thresholds`` overrides ``enterprise_min``,
    ``mid_market_min``, ``smb_min``) and, per touch type, the next due day and days overdue.
    ``last_touches`` maps ``sync``, ``async``, ``qbr``, ``executive`` to the last day."""
    data = _input(
        arr=arr,
        as_of=as_of,
        last_touches=last_touches,
        since=since,
        segment=segment,
        thresholds=thresholds,
    )
    result: Dict[str, Any] = _tenure.touch_cadence(data)
    return result


def onboarding_plan(
    start_date: DateLike,
    as_of: DateLike,
    segment: str,
    completed: Iterable[Union[str, Mapping[str, Any]]] = (),
    first_value_on: Optional[DateLike] = None,
    first_value_minutes: Optional[int] = None,
    at_risk_days: Optional[int] = None,
    template: Optional[Mapping[str, Any]] = None,
) -> Dict[str, Any]:
    """The onboarding plan on ``as_of``: each milestone of the seed's 90-day plan (or
    ``template``) with its target date and status (``done``, ``on_track``, ``at_risk`` — target
    at most ``at_risk_days``, default 3, away — or ``overdue``), phase progress, and
    time-to-first-value against the segment's target (``enterprise`` 30 days, ``mid_market``
    14 days, ``smb`` 24 hours, ``self_serve`` 10 minutes). ``completed`` holds milestone keys
    or ``{"milestone", "on"}`` dicts."""
    done = [{"milestone": c} if isinstance(c, str) else c for c in completed]
    data = _input(
        start_date=start_date,
        as_of=as_of,
        segment=segment,
        completed=done,
        first_value_on=first_value_on,
        first_value_minutes=first_value_minutes,
        at_risk_days=at_risk_days,
        template=template,
    )
    result: Dict[str, Any] = _tenure.onboarding_plan(data)
    return result


def engagement_level(
    active_days_per_week: float,
    last_active_on: Optional[DateLike],
    as_of: DateLike,
    features_used: Optional[int] = None,
    creates_content: Optional[bool] = None,
    options: Optional[Mapping[str, Any]] = None,
) -> Dict[str, Any]:
    """The engagement level (``power_user``, ``regular``, ``casual``, ``dormant``,
    ``ghost``) from activity: Ghost when never active (``last_active_on=None``) or 30+ days
    idle; else by active days per week: >= 5 Power User (unless fewer than 3 features or no
    content), >= 3 Regular, >= 1 Casual, below 1 Dormant."""
    data = _input(
        active_days_per_week=active_days_per_week,
        last_active_on=last_active_on,
        as_of=as_of,
        features_used=features_used,
        creates_content=creates_content,
        options=options,
    )
    result: Dict[str, Any] = _tenure.engagement_level(data)
    return result


def churn_taxonomy() -> Dict[str, Any]:
    """The seed's churn taxonomy: six categories with sub-reasons, preventability and save
    plays (the data of ``CHURN_TAXONOMY_JSON``)."""
    result: Dict[str, Any] = _tenure.churn_taxonomy()
    return result


def classify_churn(
    event: Mapping[str, Any], taxonomy: Optional[Mapping[str, Any]] = None
) -> Dict[str, Any]:
    """Places a churn event (``{"account", "date", "category", "sub_reason", "arr"}``) in the
    taxonomy (the seed's unless given): preventability and save play. An unknown category or
    sub-reason raises :class:`tenure.InputError`."""
    result: Dict[str, Any] = _tenure.classify_churn(event, taxonomy)
    return result


def churn_reason_analysis(events: Any, taxonomy: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
    """Churn-reason analysis: count and ARR per category and sub-reason, preventable share by
    count and ARR, the #1 reason, and the month-over-month trend per category.

    ``events`` is an iterable of event dicts, or a pandas or polars DataFrame with columns
    ``account``, ``date``, ``category``, ``sub_reason`` (optional) and ``arr`` (read by column,
    much faster for many events)."""
    if _is_frame(events):
        result: Dict[str, Any] = _tenure.churn_reason_analysis_columns(
            _event_columns(events), taxonomy
        )
        return result
    result = _tenure.churn_reason_analysis(list(events), taxonomy)
    return result


def surprise_churn(
    model: HealthModel,
    events: Any,
    histories: Any = (),
    options: Optional[Mapping[str, Any]] = None,
) -> Dict[str, Any]:
    """The surprise-churn share: churned accounts whose tier (by ``model``'s tiers) 90 days
    before churn was Healthy or Thriving. ``histories`` holds ``{"account", "history":
    [{"date", "score"}]}``; accounts without a score by then are ``unknown``, not counted.
    ``options``: ``lookback_days`` (90), ``surprise_tiers`` (``["thriving", "healthy"]``).
    With ``events`` and ``histories`` as DataFrames (``histories`` in long form: columns
    ``account``, ``date``, ``score``), both are read by column."""
    if _is_frame(events) and _is_frame(histories):
        history = (
            _frame_column(histories, "histories", "account", "amount"),
            _frame_column(histories, "histories", "date", "day"),
            _frame_column(histories, "histories", "score", "number"),
        )
        result: Dict[str, Any] = _tenure.surprise_churn_columns(
            model._native, _event_columns(events), history, options or {}
        )
        return result
    data = _input(events=list(events), histories=list(histories), options=options)
    result = _tenure.surprise_churn(model._native, data)
    return result


def save_outcomes(
    attempts: Iterable[Mapping[str, Any]],
    as_of: DateLike,
    options: Optional[Mapping[str, Any]] = None,
) -> Dict[str, Any]:
    """Save outcomes on ``as_of``: an attempt (``{"account", "attempted_on", "play", "arr",
    "churned_on"}``) is ``saved`` only when the account is still active ``window_days``
    (default 90) after it, ``lost`` if it churned by then, else ``pending``."""
    data = _input(attempts=list(attempts), as_of=as_of, options=options)
    result: Dict[str, Any] = _tenure.save_outcomes(data)
    return result


# ---------------------------------------------------------------------------------------------
# Tables


def _cell(value: Any, kind: str) -> Any:
    if kind == "amount" and isinstance(value, str):
        return Decimal(value)
    if kind == "date" and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:  # beyond Python's years 1-9999: kept as text
            return value
    return value


def _frame(rows: Sequence[Mapping[str, Any]], columns: Mapping[str, str], library: str) -> Any:
    """``rows`` as a DataFrame with ``columns`` (name -> ``"amount"``, ``"date"`` or
    ``"value"``) in order."""
    if library not in ("pandas", "polars"):
        raise ValueError(f"library is 'pandas' or 'polars', not {library!r}")
    data: Dict[str, List[Any]] = {
        name: [_cell(row.get(name), kind) for row in rows] for name, kind in columns.items()
    }
    module = importlib.import_module(library)
    if library == "polars":
        return module.DataFrame(data, strict=False)
    return module.DataFrame(data, columns=list(columns))


def churn_reason_frame(
    events: Any,
    taxonomy: Optional[Mapping[str, Any]] = None,
    library: str = "pandas",
) -> Any:
    """The churn-reason analysis as a DataFrame, one row per category in taxonomy order:
    ``category``, ``label``, ``preventability``, ``preventable``, ``count``, ``arr``,
    ``count_share``, ``arr_share`` (ratios, NaN/null without churn)."""
    analysis = churn_reason_analysis(events, taxonomy)
    rows = [
        {
            **c,
            "count_share": c["count_share"]["ratio"],
            "arr_share": c["arr_share"]["ratio"],
        }
        for c in analysis["categories"]
    ]
    columns = {
        "category": "value",
        "label": "value",
        "preventability": "value",
        "preventable": "value",
        "count": "value",
        "arr": "amount",
        "count_share": "value",
        "arr_share": "value",
    }
    return _frame(rows, columns, library)


def surprise_churn_frame(
    model: HealthModel,
    events: Any,
    histories: Any = (),
    options: Optional[Mapping[str, Any]] = None,
    library: str = "pandas",
) -> Any:
    """The surprise-churn classification as a DataFrame, one row per churn event:
    ``account``, ``churn_date``, ``reference_date``, ``scored_on``, ``score``, ``tier``,
    ``class`` (surprise / expected / unknown), ``arr``."""
    result = surprise_churn(model, events, histories, options)
    columns = {
        "account": "value",
        "churn_date": "date",
        "reference_date": "date",
        "scored_on": "date",
        "score": "value",
        "tier": "value",
        "class": "value",
        "arr": "amount",
    }
    return _frame(result["accounts"], columns, library)


def save_outcomes_frame(
    attempts: Iterable[Mapping[str, Any]],
    as_of: DateLike,
    options: Optional[Mapping[str, Any]] = None,
    library: str = "pandas",
) -> Any:
    """Save outcomes as a DataFrame, one row per attempt: ``account``, ``play``,
    ``attempted_on``, ``decided_on``, ``churned_on``, ``result``, ``arr``."""
    result = save_outcomes(attempts, as_of, options)
    columns = {
        "account": "value",
        "play": "value",
        "attempted_on": "date",
        "decided_on": "date",
        "churned_on": "date",
        "result": "value",
        "arr": "amount",
    }
    return _frame(result["outcomes"], columns, library)
