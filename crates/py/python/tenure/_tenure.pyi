"""The native module of tenure (Rust, through PyO3). Use the ``tenure`` package instead."""

import os
from typing import Any, Dict, List, Optional, Tuple, Union, final

__all__ = [
    "Model",
    "HealthScore",
    "SegmentedModel",
    "blend_human_score",
    "roll_up_products",
    "score_trend",
    "kaplan_meier_columns",
    "CohortCounts",
    "cohort_counts_columns",
    "cohort_table_columns",
    "cohort_table_html",
    "renewal_prep",
    "win_back_plan",
    "touch_cadence",
    "onboarding_plan",
    "engagement_level",
    "churn_taxonomy",
    "classify_churn",
    "churn_reason_analysis",
    "surprise_churn",
    "save_outcomes",
    "churn_reason_analysis_columns",
    "surprise_churn_columns",
    "CHURN_TAXONOMY_JSON",
    "BUILTIN_MODEL_JSON",
    "STATUS_KEYS",
    "ERROR_CODES",
    "__version__",
    # revenue
    "revenue_customer_months",
    "revenue_movements",
    "revenue_movement_detail",
    "revenue_retention_metrics",
    "revenue_merge_movements",
    "revenue_movements_columns",
    "revenue_retention_metrics_columns",
    "RuleEngine",
    "DEFAULT_RULES_JSON",
    "Portfolio",
]

__version__: str
BUILTIN_MODEL_JSON: str
STATUS_KEYS: List[str]
ERROR_CODES: List[str]

@final
class Model:
    @staticmethod
    def builtin() -> Model: ...
    @staticmethod
    def from_json(text: str) -> Model: ...
    @staticmethod
    def from_dict(data: Any) -> Model: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> Any: ...
    @property
    def id(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def label(self) -> Optional[str]: ...
    @property
    def input_keys(self) -> List[str]: ...
    @property
    def tier_keys(self) -> List[str]: ...
    def score(self, account: Any) -> HealthScore: ...
    def score_columns(
        self,
        columns: List[Tuple[str, str, Any, Any]],
        month: Optional[int],
        explain: bool,
        arrow: bool,
    ) -> Tuple[Any, List[Tuple[int, Dict[str, Any]]], Optional[List[HealthScore]]]: ...
    def score_arrow(
        self, data: Any, month: Optional[int], explain: bool
    ) -> Tuple[Any, List[Tuple[int, Dict[str, Any]]], Optional[List[HealthScore]]]: ...
    def score_records(
        self, accounts: Any, month: Optional[int], explain: bool, arrow: bool
    ) -> Tuple[Any, List[Tuple[int, Dict[str, Any]]], Optional[List[HealthScore]]]: ...

@final
class HealthScore:
    """A health score with its explanation (see ``to_dict()`` for the full form)."""

    @property
    def account(self) -> Optional[str]:
        """Account id, when given."""
    @property
    def model(self) -> str:
        """Id of the model used."""
    @property
    def status(self) -> str:
        """``"scored"``, ``"insufficient_data"`` or ``"failed"``."""
    @property
    def composite(self) -> Optional[float]:
        """Composite 0-100 rounded to 0.1 (ties to even); ``None`` unless scored."""
    @property
    def tier(self) -> Optional[str]:
        """Key of the tier; ``None`` unless scored."""
    @property
    def tier_label(self) -> Optional[str]:
        """Human-readable name of the tier."""
    @property
    def tier_colour(self) -> Optional[str]:
        """Display colour of the tier."""
    @property
    def coverage(self) -> float:
        """Share (0-1) of the model's weight whose inputs were observed."""
    @property
    def dimensions(self) -> List[Dict[str, Any]]:
        """Per dimension and signal: input, band, points, effective weight, contribution, lift."""
    @property
    def next_tier(self) -> Optional[Dict[str, Any]]:
        """``{"key", "min", "points_needed"}`` of the next tier up, when below the top tier."""
    @property
    def top_lift(self) -> Optional[str]:
        """The dimension whose improvement to 10 points would lift the composite most."""
    @property
    def issues(self) -> List[Dict[str, Any]]:
        """Inputs that were present but unusable (treated as missing)."""
    @property
    def error(self) -> Optional[Exception]:
        """The ``tenure.InputError`` that stopped scoring when the status is ``failed``."""
    @property
    def route(self) -> Optional[int]:
        """For a segmented model's score: index of the route taken (``None``: default model)."""
    def to_dict(self) -> Dict[str, Any]:
        """The score in the core's serde form (the JSON shape)."""
    def _repr_html_(self) -> str: ...

@final
class SegmentedModel:
    """Several health models and the routes (on account attributes) that choose one."""

    @staticmethod
    def from_json(text: str) -> SegmentedModel: ...
    @staticmethod
    def from_dict(data: Any) -> SegmentedModel: ...
    @staticmethod
    def from_file(path: Union[str, os.PathLike[str]]) -> SegmentedModel: ...
    @property
    def id(self) -> str: ...
    @property
    def model_ids(self) -> List[str]: ...
    def score(self, account: Any) -> HealthScore: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def to_json(self) -> str: ...

def blend_human_score(model: Model, computed: float, human: Any, as_of: Any) -> Dict[str, Any]: ...
def roll_up_products(model: Model, products: Any, method: Any) -> Dict[str, Any]: ...
def score_trend(model: Model, history: Any, as_of: Any, options: Any) -> Dict[str, Any]: ...

# revenue
def revenue_customer_months(data: Any) -> Dict[str, Any]: ...
def revenue_movements(data: Any) -> Dict[str, Any]: ...
def revenue_movement_detail(data: Any) -> List[Dict[str, Any]]: ...
def revenue_retention_metrics(request: Any) -> Dict[str, Any]: ...
def revenue_merge_movements(partials: Any) -> Optional[Dict[str, Any]]: ...
def revenue_movements_columns(
    customer: Any,
    month: Any,
    month_units: int,
    mrr: Any,
    mrr_kind: str,
    segment: Any,
    options: Any,
) -> Dict[str, Any]: ...
def revenue_retention_metrics_columns(
    customer: Any,
    month: Any,
    month_units: int,
    mrr: Any,
    mrr_kind: str,
    segment: Any,
    options: Any,
    from_month: Any,
    through: Any,
) -> Dict[str, Any]: ...

# survival
def kaplan_meier_columns(
    duration: Any, event: Any, entry: Any, group: Optional[List[Optional[str]]], confidence_level: float
) -> Dict[str, Any]: ...

@final
class CohortCounts:
    """Partial cohort counts (exact integers) that merge."""

    def merge(self, other: CohortCounts) -> None: ...
    def table(self) -> Dict[str, Any]: ...
    def to_dict(self) -> Dict[str, Any]: ...
    @staticmethod
    def from_dict(data: Any) -> CohortCounts: ...

def cohort_counts_columns(
    customer: Any, month: Any, month_units: int, mrr: Any, mrr_kind: str, options: Any
) -> CohortCounts: ...
def cohort_table_columns(
    customer: Any, month: Any, month_units: int, mrr: Any, mrr_kind: str, options: Any
) -> Dict[str, Any]: ...
def cohort_table_html(table: Any) -> str: ...

# rules
DEFAULT_RULES_JSON: str

@final
class RuleEngine:
    @staticmethod
    def builtin() -> RuleEngine: ...
    @staticmethod
    def from_json(text: str) -> RuleEngine: ...
    @staticmethod
    def from_dict(data: Any) -> RuleEngine: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> Any: ...
    @property
    def id(self) -> str: ...
    @property
    def version(self) -> Optional[str]: ...
    @property
    def rule_keys(self) -> List[str]: ...
    @property
    def plays(self) -> List[str]: ...
    def fact_kinds(self) -> Any: ...
    @property
    def conditions(self) -> int: ...
    @property
    def max_steps(self) -> int: ...
    def evaluate(self, facts: Any, as_of: Any = None) -> Any: ...
    def summarize(self, facts: Any, as_of: Any = None) -> List[str]: ...
    def evaluate_batch(self, accounts: List[Any], as_of: Any = None, explain: bool = True) -> Any: ...
    def summarize_columns(self, columns: Dict[str, Any], as_of: Any = None, last_fired: Any = None) -> Any: ...

# Lifecycle timelines and the churn taxonomy (see tenure._lifecycle)
CHURN_TAXONOMY_JSON: str

def renewal_prep(data: Any) -> Dict[str, Any]: ...
def win_back_plan(data: Any) -> Dict[str, Any]: ...
def touch_cadence(data: Any) -> Dict[str, Any]: ...
def onboarding_plan(data: Any) -> Dict[str, Any]: ...
def engagement_level(data: Any) -> Dict[str, Any]: ...
def churn_taxonomy() -> Dict[str, Any]: ...
def classify_churn(event: Any, taxonomy_obj: Any) -> Dict[str, Any]: ...
def churn_reason_analysis(events: Any, taxonomy_obj: Any) -> Dict[str, Any]: ...
def surprise_churn(model: Model, data: Any) -> Dict[str, Any]: ...
def save_outcomes(data: Any) -> Dict[str, Any]: ...
def churn_reason_analysis_columns(columns: Any, taxonomy_obj: Any) -> Dict[str, Any]: ...
def surprise_churn_columns(model: Model, events: Any, history: Any, options: Any) -> Dict[str, Any]: ...

# The portfolio and the seed's commands (see tenure._portfolio)
@final
class Portfolio:
    @staticmethod
    def from_dict(data: Any) -> Portfolio: ...
    @staticmethod
    def from_json(text: str) -> Portfolio: ...
    @staticmethod
    def commands() -> List[str]: ...
    @property
    def account_ids(self) -> List[str]: ...
    def command(
        self,
        command: str,
        account: Optional[str],
        as_of: Any,
        options: Optional[Dict[str, Any]],
    ) -> Dict[str, Any]: ...
    def run_request(self, request: Any) -> Dict[str, Any]: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __len__(self) -> int: ...
