//! Health scoring: models as data, accounts and their explanations, the compiled plan, the
//! scorer and its batch path, segment models, human-score blends, product roll-ups and trends.

mod account;
mod batch;
mod blend;
mod builtin;
mod explanation;
mod model;
mod plan;
mod scorer;
mod segmented_model;
mod signal_kind;
mod trend;
mod validation;

pub use account::{Account, InputValue};
pub use batch::{Batch, BatchOptions, BatchScores, Column, RowError, ScoreSummary};
pub use blend::{
    blend_human_score, roll_up_products, BlendedScore, HumanAssessment, HumanStatus, ProductScore,
    ProductShare, RolledUpScore, RollupMethod,
};
pub use builtin::BUILTIN_MODEL_JSON;
pub use explanation::{
    DimensionExplanation, HealthScore, InputIssue, IssueKind, NextTier, PointsSource, ScoreStatus,
    SignalExplanation, TierLabel,
};
pub use model::{
    deserialize_model, Combine, Dimension, Direction, HealthModel, MissingPolicy, SeasonalBaseline,
    Signal, MAX_POINTS,
};
pub use scorer::Scorer;
pub use segmented_model::{SegmentRoute, SegmentedModel, SegmentedScore, SegmentedScorer};
pub use signal_kind::{Band, BandPoints, Category, SignalKind};
pub use trend::{score_trend, Drop, ScoreTrend, TierTransition, TrendOptions};
