//! MRR movements per month (new, expansion, contraction, churn, reactivation) in total and per
//! segment, from customer-month MRR.
//!
//! - `monthly`: the movement kinds and result types, the walk over one customer's active
//!   months, and [`mrr_movements`];
//! - `detail`: [`movement_detail`], every movement of every customer and month;
//! - `merge`: [`MrrMovements::merge`], exact merging of movements of disjoint customers;
//! - `series`: [`MrrMovements::series`], the months as columns of doubles.

mod detail;
mod merge;
mod monthly;
mod series;

pub use detail::movement_detail;
pub(super) use monthly::mrr_sum_decimal;
pub use monthly::{
    mrr_movements, MonthMovements, MovementDetail, MovementKind, MrrMovements, SegmentMovements,
};
pub use series::{MovementSeries, SERIES_FIELDS};
