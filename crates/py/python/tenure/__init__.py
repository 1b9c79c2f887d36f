"""tenure: account health scores with explanations, from one Rust core.

>>> import tenure
>>> model = tenure.HealthModel.builtin()
>>> score = model.score({"id": "acme", "inputs": {
...     "dau_mau_ratio": 0.3, "login_trend": "up", "payment_status": "current",
...     "champion_identified": True, "contacts_count": 4, "goals_achieved": 2, "goals_defined": 3}})
>>> score.status, score.composite, score.tier, score.coverage
('scored', 61.4, 'healthy', 0.5575)

``model.score_batch(df)`` scores a pandas or polars DataFrame, a pyarrow Table, a dict of
columns or a list of accounts, and answers in the same flavour.
"""

from tenure._errors import InputError, ModelError, RuleError, TenureError
from tenure._health import HealthModel, SegmentedModel, blend_human_score, roll_up_products, score_trend
from tenure._revenue import (
    customer_months,
    merge_movements,
    movement_detail,
    mrr_movements,
    mrr_movements_from_periods,
    mrr_movements_from_snapshots,
    retention_metrics,
)
from tenure._survival import KaplanMeier, kaplan_meier
from tenure._cohort import CohortCounts, CohortTable, cohort_counts, cohort_table, merge_cohort_counts
from tenure._lifecycle import (
    CHURN_TAXONOMY_JSON,
    churn_reason_analysis,
    churn_reason_frame,
    churn_taxonomy,
    classify_churn,
    engagement_level,
    onboarding_plan,
    renewal_prep,
    save_outcomes,
    save_outcomes_frame,
    surprise_churn,
    surprise_churn_frame,
    touch_cadence,
    win_back_plan,
)
from tenure._tenure import (
    BUILTIN_MODEL_JSON,
    ERROR_CODES,
    STATUS_KEYS,
    HealthScore,
    __version__,
)
from tenure._rules import RuleSet
from tenure._portfolio import Portfolio
from tenure._tenure import DEFAULT_RULES_JSON

__all__ = [
    "BUILTIN_MODEL_JSON",
    "ERROR_CODES",
    "STATUS_KEYS",
    "HealthModel",
    "HealthScore",
    "InputError",
    "ModelError",
    "SegmentedModel",
    "TenureError",
    "__version__",
    "blend_human_score",
    "roll_up_products",
    "score_trend",
    # revenue
    "customer_months",
    "merge_movements",
    "movement_detail",
    "mrr_movements",
    "mrr_movements_from_periods",
    "mrr_movements_from_snapshots",
    "retention_metrics",
    "KaplanMeier",
    "kaplan_meier",
    "CohortCounts",
    "CohortTable",
    "cohort_counts",
    "cohort_table",
    "merge_cohort_counts",
    "DEFAULT_RULES_JSON",
    "RuleError",
    "RuleSet",
    "Portfolio",
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
