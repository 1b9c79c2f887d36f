//! Monthly movements as columns of doubles, for charts and typed arrays.

use super::monthly::{MonthMovements, MrrMovements};
use crate::revenue::month::Month;
use crate::shared::money::decimal_to_f64;
use rust_decimal::Decimal;

/// The columns of [`MovementSeries`]: the money fields, then the customer counts.
pub const SERIES_FIELDS: [&str; 14] = [
    "starting_mrr",
    "new",
    "expansion",
    "contraction",
    "churn",
    "reactivation",
    "ending_mrr",
    "starting_customers",
    "new_customers",
    "expansion_customers",
    "contraction_customers",
    "churned_customers",
    "reactivated_customers",
    "ending_customers",
];

/// Monthly movements as columns of doubles, for charts and typed arrays: each amount is the
/// double nearest to its exact decimal; counts are exact.
#[derive(Clone, Debug, PartialEq)]
pub struct MovementSeries {
    /// The months, oldest first.
    pub months: Vec<Month>,
    /// One column per name of [`SERIES_FIELDS`], in that order.
    pub columns: Vec<(&'static str, Vec<f64>)>,
}

impl MrrMovements {
    /// The monthly totals (or, with `segment`, that segment's months; `None` when there is no
    /// such segment) as columns of doubles.
    ///
    /// ```
    /// use tenure::{mrr_movements, RevenueInput};
    /// let input: RevenueInput = serde_json::from_str(
    ///     r#"{"snapshots": [{"customer": "a", "month": "2024-01", "mrr": "0.1"}]}"#).unwrap();
    /// let series = mrr_movements(&input.customer_months()?)?.series(None).unwrap();
    /// assert_eq!(series.columns[1], ("new", vec![0.1]));
    /// # Ok::<(), tenure::Error>(())
    /// ```
    pub fn series(&self, segment: Option<&str>) -> Option<MovementSeries> {
        let months = match segment {
            None => &self.months,
            Some(name) => &self.segments.iter().find(|s| s.segment == name)?.months,
        };
        let money = |f: fn(&MonthMovements) -> Decimal| -> Vec<f64> {
            months.iter().map(|m| decimal_to_f64(f(m))).collect()
        };
        let count = |f: fn(&MonthMovements) -> u64| -> Vec<f64> {
            months.iter().map(|m| f(m) as f64).collect()
        };
        let columns = vec![
            ("starting_mrr", money(|m| m.starting_mrr)),
            ("new", money(|m| m.new)),
            ("expansion", money(|m| m.expansion)),
            ("contraction", money(|m| m.contraction)),
            ("churn", money(|m| m.churn)),
            ("reactivation", money(|m| m.reactivation)),
            ("ending_mrr", money(|m| m.ending_mrr)),
            ("starting_customers", count(|m| m.starting_customers)),
            ("new_customers", count(|m| m.new_customers)),
            ("expansion_customers", count(|m| m.expansion_customers)),
            ("contraction_customers", count(|m| m.contraction_customers)),
            ("churned_customers", count(|m| m.churned_customers)),
            ("reactivated_customers", count(|m| m.reactivated_customers)),
            ("ending_customers", count(|m| m.ending_customers)),
        ];
        Some(MovementSeries {
            months: months.iter().map(|m| m.month).collect(),
            columns,
        })
    }
}
