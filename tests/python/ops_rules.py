"""The lifecycle-rule operations of the conformance corpus through the Python API
(``tenure.RuleSet``); ``corpus.run_case`` hands them here."""

from __future__ import annotations

from typing import Any, Dict

import tenure

OPS = {
    "validate_rules",
    "evaluate_rules",
    "evaluate_rules_batch",
    "summarize_rules_batch",
    "summarize_rules_columns",
}


def rule_set(case: Dict[str, Any], models: Dict[str, Any]) -> tenure.RuleSet:
    rules = case.get("rules", "builtin")
    if rules == "builtin":
        return tenure.RuleSet.builtin()
    if isinstance(rules, str):
        return tenure.RuleSet.from_dict(models.get(rules))
    return tenure.RuleSet.from_dict(rules)


def run(case: Dict[str, Any], models: Dict[str, Any]) -> Dict[str, Any]:
    op = case["op"]
    rules = rule_set(case, models)
    data = case.get("input") or {}
    if op == "validate_rules":
        return {"valid": True, "rules": len(rules.rule_keys), "conditions": rules.conditions}
    if op == "evaluate_rules":
        return rules.evaluate(data)
    if op == "summarize_rules_columns":
        return rules.evaluate_batch(
            data.get("columns", {}),
            data.get("as_of"),
            explain=False,
            last_fired=data.get("last_fired"),
        )
    accounts = data.get("accounts", [])
    return rules.evaluate_batch(accounts, data.get("as_of"), explain=op == "evaluate_rules_batch")
