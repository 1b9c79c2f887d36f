"""The one table of the conformance corpus' operations for Python: each operation name maps to
the idiomatic Python call it stands for (``tests/conformance/README.md`` describes the
operations; the Rust runner, ``tests/conformance.rs``, is the reference for what each calls).
Adding an operation is one entry here.

An entry takes the case and the file's models (the file's ``portfolios`` ride along under
``PORTFOLIOS``) and returns the output; a ``tenure.TenureError`` it raises is the case's error.
"""

from __future__ import annotations

import inspect
import json
import math
from typing import Any, Callable, Dict, List, Optional

import tenure
from tenure import _tenure

Case = Dict[str, Any]
Models = Dict[str, Any]
Operation = Callable[[Case, Models], Any]

PORTFOLIOS = "\0portfolios"
"""The key under which a file's ``portfolios`` travel with its models (no model has this name)."""

SPECIAL_NUMBERS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}
"""JSON has no NaN or infinities: the corpus writes them as text."""


def data_of(case: Case) -> Any:
    return case.get("input")


# -- health -----------------------------------------------------------------------------------


def model_value(case: Case, models: Models) -> Any:
    model = case.get("model", "builtin")
    if model == "builtin":
        return json.loads(tenure.BUILTIN_MODEL_JSON)
    if isinstance(model, str):
        return models.get(model)
    return model


def health_model(case: Case, models: Models) -> tenure.HealthModel:
    return tenure.HealthModel.from_dict(model_value(case, models))


def corpus_columns(columns: Dict[str, List[Any]]) -> Dict[str, List[Any]]:
    """Corpus batch columns as Python lists: ``"Infinity"``/``"-Infinity"`` in an otherwise
    numeric column are the infinities; ``null`` is ``None``."""
    out = {}
    for key, values in columns.items():
        special = {"Infinity": math.inf, "-Infinity": -math.inf}
        texts = [v for v in values if isinstance(v, str)]
        if texts and all(v in special for v in texts):
            values = [special[v] if isinstance(v, str) else v for v in values]
        out[key] = list(values)
    return out


def batch_rows(result: Dict[str, Any]) -> Dict[str, Any]:
    """A dict-of-arrays batch result in the corpus' record form."""
    rows = []
    errors = []
    for i in range(len(result["composite"])):
        composite = float(result["composite"][i])
        rows.append(
            {
                "status": result["status"][i],
                "composite": None if math.isnan(composite) else composite,
                "tier": result["tier"][i],
                "coverage": float(result["coverage"][i]),
            }
        )
        error = result["error"][i]
        if error is not None:
            errors.append({"row": i, "code": error["code"], "path": error["path"]})
    return {"rows": rows, "errors": errors}


def validate_model(case: Case, models: Models) -> Any:
    health_model(case, models)
    return {"valid": True}


def validate_model_set(case: Case, models: Models) -> Any:
    tenure.SegmentedModel.from_dict(case.get("model_set"))
    return {"valid": True}


def score_batch(case: Case, models: Models) -> Any:
    data = data_of(case)
    columns = corpus_columns(data.get("columns", {}))
    return batch_rows(health_model(case, models).score_batch(columns, month=data.get("month")))


def blend(case: Case, models: Models) -> Any:
    data = data_of(case)
    computed = data.get("computed")
    return tenure.blend_human_score(
        health_model(case, models),
        math.nan if computed is None else computed,
        data.get("human"),
        data.get("as_of"),
    )


def roll_up(case: Case, models: Models) -> Any:
    data = data_of(case)
    kwargs = {"method": data["method"]} if "method" in data else {}
    return tenure.roll_up_products(health_model(case, models), data.get("products"), **kwargs)


def trend(case: Case, models: Models) -> Any:
    data = data_of(case)
    return tenure.score_trend(
        health_model(case, models), data.get("history"), data.get("as_of"), **(data.get("options") or {})
    )


# -- rules ------------------------------------------------------------------------------------


def rule_set(case: Case, models: Models) -> tenure.RuleSet:
    rules = case.get("rules", "builtin")
    if rules == "builtin":
        return tenure.RuleSet.builtin()
    if isinstance(rules, str):
        return tenure.RuleSet.from_dict(models.get(rules))
    return tenure.RuleSet.from_dict(rules)


def validate_rules(case: Case, models: Models) -> Any:
    rules = rule_set(case, models)
    return {"valid": True, "rules": len(rules.rule_keys), "conditions": rules.conditions}


def evaluate_rules_batch(case: Case, models: Models, explain: bool) -> Any:
    data = data_of(case) or {}
    return rule_set(case, models).evaluate_batch(data.get("accounts", []), data.get("as_of"), explain=explain)


def summarize_rules_columns(case: Case, models: Models) -> Any:
    data = data_of(case) or {}
    return rule_set(case, models).evaluate_batch(
        data.get("columns", {}), data.get("as_of"), explain=False, last_fired=data.get("last_fired")
    )


# -- lifecycle --------------------------------------------------------------------------------


def lifecycle_call(name: str) -> Operation:
    """The ``tenure`` function ``name`` with the input's fields as keyword arguments. An input
    with a field the function has no parameter for (a case that checks the core's unknown-field
    error) goes to the native function with the input object as it is, since Python itself
    rejects unknown keyword arguments; a required field absent from the input is passed as
    ``None`` (the core reports it)."""

    def run(case: Case, models: Models) -> Any:
        data = data_of(case) or {}
        fn = getattr(tenure, name)
        params = inspect.signature(fn).parameters
        if set(data) <= set(params):
            required = [n for n, p in params.items() if p.default is inspect.Parameter.empty]
            return fn(**{**{n: None for n in required}, **data})
        return getattr(_tenure, name)(data)

    return run


def surprise_churn(case: Case, models: Models) -> Any:
    data = data_of(case) or {}
    model = health_model(case, models)
    if set(data) <= {"events", "histories", "options"}:
        return tenure.surprise_churn(model, data.get("events") or [], data.get("histories") or [], data.get("options"))
    return _tenure.surprise_churn(model._native, data)


# -- revenue ----------------------------------------------------------------------------------


def movement_kwargs(options: Dict[str, Any]) -> Dict[str, Any]:
    """A RevenueInput's options as keyword arguments of the movement functions."""
    known = {"convention", "as_of", "minor_unit_digits", "exchange_rates"}
    unknown = set(options) - known
    if unknown:
        raise tenure.InputError(f"unknown option {sorted(unknown)[0]}", "input.parse", "options", None)
    return dict(options)


def movements(data: Dict[str, Any]) -> Any:
    """``mrr_movements`` of a RevenueInput with the row-wise Python entry points."""
    data = data or {}
    if set(data) - {"periods", "snapshots", "options"}:
        return tenure.customer_months(data)  # the core reports the unknown field
    kwargs = movement_kwargs(data.get("options") or {})
    if data.get("periods") and data.get("snapshots"):
        return tenure.customer_months(data)  # the core reports both given
    if data.get("snapshots"):
        return tenure.mrr_movements_from_snapshots(data["snapshots"], frame="dict", **kwargs)
    return tenure.mrr_movements_from_periods(data.get("periods") or [], frame="dict", **kwargs)


def merge_movements(case: Case, models: Models) -> Any:
    partials = []
    for i, p in enumerate(data_of(case).get("partials", [])):
        try:
            partials.append(movements(p))
        except tenure.TenureError as e:
            e.path = f"partials[{i}].{e.path}"
            raise
    return tenure.merge_movements(partials)


def retention_metrics(case: Case, models: Models) -> Any:
    data = data_of(case)
    return tenure.retention_metrics(data.get("data"), from_month=data.get("from"), through=data.get("through"))


# -- survival and cohorts ---------------------------------------------------------------------


def corpus_numbers(values: List[Any]) -> List[float]:
    return [SPECIAL_NUMBERS[v] if isinstance(v, str) else (math.nan if v is None else v) for v in values]


def kaplan_meier(case: Case, models: Models) -> Any:
    data = data_of(case)
    columns: Dict[str, Any] = {"duration": corpus_numbers(data["duration"]), "event": list(data["event"])}
    if "entry" in data:
        columns["entry"] = corpus_numbers(data["entry"])
    if "group" in data:
        columns["group"] = list(data["group"])
    km = tenure.kaplan_meier(
        columns,
        duration="duration",
        event="event",
        entry="entry" if "entry" in data else None,
        group="group" if "group" in data else None,
        frame="dict",
        **(data.get("options") or {}),
    )
    return km.to_dict()


def cohort_columns(data: Dict[str, Any]) -> Dict[str, Any]:
    """Corpus cohort columns for ``tenure.cohort_table``: amounts as numbers."""
    return {"customer_id": list(data["customer"]), "month": list(data["month"]), "mrr": [float(v) for v in data["mrr"]]}


def cohort_table(case: Case, models: Models) -> Any:
    data = data_of(case)
    return tenure.cohort_table(cohort_columns(data), frame="dict", **(data.get("options") or {})).to_dict()


def merge_cohort_counts(case: Case, models: Models) -> Any:
    data = data_of(case)
    parts = []
    for partial in data["partials"]:
        options = partial.get("options", data.get("options"))
        counts = tenure.cohort_counts(cohort_columns(partial), **(options or {}))
        # Partial counts travel between workers in their serde form.
        parts.append(tenure.CohortCounts.from_dict(counts.to_dict()))
    return tenure.merge_cohort_counts(parts, frame="dict").to_dict()


# -- portfolio --------------------------------------------------------------------------------

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


def portfolio(case: Case, models: Models) -> tenure.Portfolio:
    spec = case.get("portfolio")
    if isinstance(spec, str):
        portfolios = models.get(PORTFOLIOS) or {}
        if spec not in portfolios:
            raise KeyError(f"no portfolio named {spec!r} in the file")
        spec = portfolios[spec]
    return tenure.Portfolio(spec)


def command(case: Case, models: Models) -> Any:
    """The command's own method (``p.churn_risk(account, as_of)``, ``p.nrr_report(as_of,
    from_month=..., through=...)``) when the request fits its parameters, ``p.run(...)``
    otherwise (an unknown command, an unknown option), or the native request reader for a
    request with fields ``run`` has no parameter for."""
    p = portfolio(case, models)
    request = data_of(case)
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


# -- the table --------------------------------------------------------------------------------

OPERATIONS: Dict[str, Operation] = {
    # health
    "validate_model": validate_model,
    "validate_model_set": validate_model_set,
    "score": lambda c, m: health_model(c, m).score(data_of(c)).to_dict(),
    "score_segmented": lambda c, m: tenure.SegmentedModel.from_dict(c.get("model_set")).score(data_of(c)).to_dict(),
    "score_batch": score_batch,
    "blend": blend,
    "roll_up": roll_up,
    "trend": trend,
    # rules
    "validate_rules": validate_rules,
    "evaluate_rules": lambda c, m: rule_set(c, m).evaluate(data_of(c) or {}),
    "evaluate_rules_batch": lambda c, m: evaluate_rules_batch(c, m, explain=True),
    "summarize_rules_batch": lambda c, m: evaluate_rules_batch(c, m, explain=False),
    "summarize_rules_columns": summarize_rules_columns,
    # lifecycle
    "renewal_prep": lifecycle_call("renewal_prep"),
    "win_back_plan": lifecycle_call("win_back_plan"),
    "touch_cadence": lifecycle_call("touch_cadence"),
    "onboarding_plan": lifecycle_call("onboarding_plan"),
    "engagement_level": lifecycle_call("engagement_level"),
    "save_outcomes": lifecycle_call("save_outcomes"),
    "churn_taxonomy": lambda c, m: tenure.churn_taxonomy(),
    "classify_churn": lambda c, m: tenure.classify_churn((data_of(c) or {}).get("event"), (data_of(c) or {}).get("taxonomy")),
    "churn_reason_analysis": lambda c, m: tenure.churn_reason_analysis(
        (data_of(c) or {}).get("events") or [], (data_of(c) or {}).get("taxonomy")
    ),
    "surprise_churn": surprise_churn,
    # revenue
    "customer_months": lambda c, m: tenure.customer_months(data_of(c)),
    "mrr_movements": lambda c, m: movements(data_of(c)),
    "movement_detail": lambda c, m: {"rows": tenure.movement_detail(data_of(c))},
    "merge_movements": merge_movements,
    "retention_metrics": retention_metrics,
    # survival and cohorts
    "kaplan_meier": kaplan_meier,
    "cohort_table": cohort_table,
    "merge_cohort_counts": merge_cohort_counts,
    # portfolio
    "validate_portfolio": lambda c, m: {"valid": True, "accounts": len(portfolio(c, m))},
    "command": command,
}
