//! Health scoring: models as data, accounts and their explanations, the compiled plan, the
//! scorer and its batch path, segment models, human-score blends, product roll-ups and trends.

mod batch;
mod blend;
mod builtin;
mod model;
mod score;
mod segment;
mod trend;

pub use batch::{Batch, BatchOptions, BatchScores, Column, RowError, ScoreSummary};
pub use blend::{
    blend_human_score, roll_up_products, BlendedScore, HumanAssessment, HumanStatus, ProductScore,
    ProductShare, RolledUpScore, RollupMethod,
};
pub use builtin::BUILTIN_MODEL_JSON;
pub use model::{
    deserialize_model, Band, BandPoints, Category, Combine, Dimension, Direction, HealthModel,
    MissingPolicy, SeasonalBaseline, Signal, SignalKind, MAX_POINTS,
};
pub use score::{
    Account, DimensionExplanation, HealthScore, InputIssue, InputValue, IssueKind, NextTier,
    PointsSource, ScoreStatus, Scorer, SignalExplanation, TierLabel,
};
pub use segment::{SegmentRoute, SegmentedModel, SegmentedScore, SegmentedScorer};
pub use trend::{score_trend, Drop, ScoreTrend, TierTransition, TrendOptions};
