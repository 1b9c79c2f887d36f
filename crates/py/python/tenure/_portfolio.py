"""``Portfolio``: the accounts a customer-success team tracks, and the seed's commands over them
("Score [account]", "Churn risk for [account]", "Portfolio review", "NRR report", ...).

A portfolio is read and validated once; each command is one call into the core, computed with
the GIL released for an explicit ``as_of`` day (nothing reads the clock), and answers with a dict
in the core's JSON shape (days as ISO text, amounts such as ARR as decimal text).

>>> import tenure
>>> p = tenure.Portfolio({"accounts": [
...     {"id": "acme", "arr": 120000, "segment": "enterprise", "csm": "dana"},
...     {"id": "globex", "arr": "30000"}]})
>>> len(p), p.account_ids
(2, ['acme', 'globex'])
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Union

from tenure import _tenure
from tenure._json_backed import JsonBacked

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["Portfolio"]

DateLike = Union[date, str]
"""A day: a ``datetime.date`` (a ``datetime`` counts by its date) or an ISO ``YYYY-MM-DD`` string."""

MonthLike = Union[date, str]
"""A month: ``"YYYY-MM"``, or a day (``datetime.date`` or ``"YYYY-MM-DD"``) within it."""


def _options(**fields: Any) -> Optional[Dict[str, Any]]:
    """Command options: the fields given (``None`` left out, so the core's defaults apply)."""
    out = {k: v for k, v in fields.items() if v is not None}
    return out or None


class Portfolio(JsonBacked):
    """A validated portfolio of accounts: ARR, segment, CSM, renewal, health signals and score
    history, subscriptions, churn, NPS/CSAT, onboarding, touches, contacts, expansion pipeline
    and goals, with the health model and rule set the commands use (the built-in ones unless
    given).

    Build one from Python data (``Portfolio(data)``: a mapping with ``accounts``; days as
    ``datetime.date`` or ISO text; amounts as ``int``, ``float``, ``Decimal`` or decimal text),
    with :meth:`from_json` or :meth:`load`. Bad data raises :class:`tenure.InputError` naming
    the offending item (``input.duplicate_key`` at ``accounts[1].id`` for an id given twice).
    """

    __slots__ = ()
    _native: _tenure.Portfolio
    _native_type = _tenure.Portfolio

    def __init__(self, data: Union[Mapping[str, Any], _tenure.Portfolio]) -> None:
        super().__init__(data if isinstance(data, _tenure.Portfolio) else _tenure.Portfolio.from_dict(data))

    @classmethod
    def load(cls, path: Union[str, os.PathLike[str]]) -> Self:
        """Reads and validates a portfolio from a JSON file (as :meth:`from_file`)."""
        return cls.from_file(path)

    @staticmethod
    def commands() -> List[str]:
        """The names of the commands, in the seed's order (``"score"``, ... ``"nrr_report"``)."""
        return _tenure.Portfolio.commands()

    @property
    def account_ids(self) -> List[str]:
        """The ids of the accounts, in portfolio order."""
        return self._native.account_ids

    def __len__(self) -> int:
        return len(self._native)

    def __repr__(self) -> str:
        return repr(self._native)

    # -- the account commands -------------------------------------------------------------

    def score(self, account: str, as_of: DateLike) -> Dict[str, Any]:
        """"Score [account]": the health score of the account's signals with its explanation,
        and its trend over the score history."""
        return self._native.command("score", account, as_of, None)

    def onboarding_plan(self, account: str, as_of: DateLike) -> Dict[str, Any]:
        """"Onboarding plan for [account]" (``input.missing_record`` without an onboarding)."""
        return self._native.command("onboarding_plan", account, as_of, None)

    def qbr_prep(self, account: str, as_of: DateLike) -> Dict[str, Any]:
        """"QBR prep for [account]": agenda, data summary, checklist and recommendations."""
        return self._native.command("qbr_prep", account, as_of, None)

    def churn_risk(self, account: str, as_of: DateLike) -> Dict[str, Any]:
        """"Churn risk for [account]": leading indicators and a risk assessment."""
        return self._native.command("churn_risk", account, as_of, None)

    def expansion_opportunities(self, account: str, as_of: DateLike) -> Dict[str, Any]:
        """"Expansion opportunities for [account]": expansion plays, scored."""
        return self._native.command("expansion_opportunities", account, as_of, None)

    def win_back_plan(self, account: str, as_of: DateLike) -> Dict[str, Any]:
        """"Win-back plan for [account]": the win-back sequence and the save plays of the churn
        reason (``input.missing_record`` for an account that has not churned)."""
        return self._native.command("win_back_plan", account, as_of, None)

    def renewal_prep(self, account: str, as_of: DateLike) -> Dict[str, Any]:
        """"Renewal prep for [account]": timeline, risk assessment and talk track."""
        return self._native.command("renewal_prep", account, as_of, None)

    def success_plan(self, account: str, as_of: DateLike) -> Dict[str, Any]:
        """"Success plan for [account]": objectives, milestones and stakeholders."""
        return self._native.command("success_plan", account, as_of, None)

    def save_play(self, account: str, as_of: DateLike) -> Dict[str, Any]:
        """"Save play for [account]": the intervention plan for an at-risk account."""
        return self._native.command("save_play", account, as_of, None)

    # -- the portfolio commands -----------------------------------------------------------

    def portfolio_review(self, as_of: DateLike, top: Optional[int] = None) -> Dict[str, Any]:
        """"Portfolio review": the weekly dashboard (health distribution by count and ARR,
        retention, expansion, engagement, onboarding, renewals in 30/60/90 days) and the monthly
        review answers; ``top`` at-risk accounts listed (default 10)."""
        return self._native.command("portfolio_review", None, as_of, _options(top=top))

    review = portfolio_review

    def cohort_analysis(self, as_of: DateLike, period: Optional[str] = None) -> Dict[str, Any]:
        """"Cohort analysis": the retention cohort table of the subscriptions, by ``"month"``
        (default) or ``"quarter"``."""
        return self._native.command("cohort_analysis", None, as_of, _options(period=period))

    def nrr_report(
        self,
        as_of: DateLike,
        from_month: Optional[MonthLike] = None,
        through: Optional[MonthLike] = None,
    ) -> Dict[str, Any]:
        """"NRR report": net revenue retention with the expansion and contraction breakdown,
        over ``from_month`` ... ``through`` (default: the 12 months before ``as_of``'s month)."""
        options = _options(**{"from": from_month, "through": through})
        return self._native.command("nrr_report", None, as_of, options)

    def run(
        self,
        command: str,
        account: Optional[str] = None,
        *,
        as_of: DateLike,
        options: Optional[Mapping[str, Any]] = None,
    ) -> Dict[str, Any]:
        """Runs a command by name (``"churn_risk"``; ``-`` and ``_`` are the same), as the
        corpus and the command line do: ``account`` for the account commands, ``options`` a
        mapping of ``from``, ``through``, ``period``, ``top``. An unknown name raises
        :class:`tenure.InputError` with code ``input.unknown_command``."""
        return self._native.command(command, account, as_of, None if options is None else dict(options))
