//! Revenue and retention math: customer-month MRR from subscription periods, snapshots or
//! columns; MRR movements; retention metrics.

mod cohort;
mod convention;
mod input;
mod metrics;
mod month;
mod movements;

pub use cohort::{
    cohort_counts, cohort_table, AsOf, BestCohort, CellStatus, CohortCell, CohortColumns,
    CohortCount, CohortCounts, CohortOptions, CohortPeriod, CohortRow, CohortTable, CohortTrend,
    CustomerIdColumn, DropOff, OffsetAverage,
};
pub use convention::{
    ActiveMonth, ChurnRecognition, ConventionName, MrrConvention, SameMonthCancel,
};
pub use input::{
    BillingInterval, CustomerColumn, CustomerIds, CustomerMonthColumns, CustomerMonths,
    ExchangeRates, MonthColumn, MonthlyOptions, MrrColumn, MrrSnapshot, RevenueInput,
    SubscriptionPeriod,
};
pub use metrics::{
    retention_metrics, MetricsRequest, Ratio, RetentionMetrics, RetentionReport, RATIO_DECIMALS,
};
pub use month::Month;
pub use movements::{
    movement_detail, mrr_movements, MonthMovements, MovementDetail, MovementKind, MovementSeries,
    MrrMovements, SegmentMovements, SERIES_FIELDS,
};
