"""The portfolio operations of the conformance corpus (``tests/conformance/portfolio/``) through
the Python API: ``validate_portfolio`` builds ``tenure.Portfolio`` from the case's portfolio (a
dict, as ``json.load`` gives it); ``command`` calls the command's own method
(``p.churn_risk(account, as_of)``, ``p.nrr_report(as_of, from_month=..., through=...)``) when the
request fits its parameters, and ``p.run(...)`` otherwise (an unknown command, an unknown
option), or the native request reader for a request with fields ``run`` has no parameter for."""

from __future__ import annotations

from typing import Any, Dict, Optional

import tenure

OPS = {"validate_portfolio", "command"}

ACCOUNT_COMMANDS = {
    "score",
    "onboarding_plan",
    "qbr_prep",
    "churn_risk",
    "expansion_opportunities",
    "win_back_plan",
    "renewal_prep",
    "success_plan",
    "save_play",
}

# The options each portfolio command's method takes, by option name -> keyword argument.
PORTFOLIO_COMMANDS = {
    "portfolio_review": {"top": "top"},
    "cohort_analysis": {"period": "period"},
    "nrr_report": {"from": "from_month", "through": "through"},
}


def portfolio_value(case: Dict[str, Any], portfolios: Dict[str, Any]) -> Any:
    spec = case.get("portfolio")
    if isinstance(spec, str):
        if spec not in portfolios:
            raise KeyError(f"no portfolio named {spec!r} in the file")
        return portfolios[spec]
    return spec


def command(p: tenure.Portfolio, request: Any) -> Any:
    if not isinstance(request, dict) or set(request) - {"command", "account", "as_of", "options"}:
        return p._native.run_request(request)
    name = request.get("command")
    account = request.get("account")
    as_of = request.get("as_of")
    options: Optional[Dict[str, Any]] = request.get("options")
    if name in ACCOUNT_COMMANDS and not options and account is not None:
        return getattr(p, name)(account, as_of)
    if name in PORTFOLIO_COMMANDS and (options is None or isinstance(options, dict)):
        params = PORTFOLIO_COMMANDS[name]
        if set(options or {}) <= set(params):
            kwargs = {params[k]: v for k, v in (options or {}).items()}
            return getattr(p, name)(as_of, **kwargs)
    return p.run(name, account, as_of=as_of, options=options)


def run(case: Dict[str, Any], portfolios: Dict[str, Any]) -> Any:
    p = tenure.Portfolio(portfolio_value(case, portfolios))
    if case["op"] == "validate_portfolio":
        return {"valid": True, "accounts": len(p)}
    return command(p, case.get("input"))
