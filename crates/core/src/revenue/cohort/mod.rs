//! Cohort tables: customers grouped by the month or quarter of their first active month, and
//! the share of each cohort's logos and revenue still there at each later offset.
//!
//! ```
//! use tenure::{cohort_table, CellStatus, CohortOptions, CustomerMonths, MrrSnapshot, MonthlyOptions};
//! let snapshots: Vec<MrrSnapshot> = serde_json::from_str(r#"[
//!   {"customer": "a", "month": "2024-01", "mrr": "100"},
//!   {"customer": "a", "month": "2024-02", "mrr": "120"},
//!   {"customer": "b", "month": "2024-01", "mrr": "50"},
//!   {"customer": "c", "month": "2024-02", "mrr": "80"},
//!   {"customer": "c", "month": "2024-03", "mrr": "80"}
//! ]"#).unwrap();
//! let months = CustomerMonths::from_snapshots(&snapshots, &MonthlyOptions::default())?;
//! let table = cohort_table(&months, &CohortOptions::default())?;
//! let january = &table.cohorts[0];
//! assert_eq!((january.cohort.as_str(), january.customers), ("2024-01", 2));
//! // One of two logos is left in February (1/2); revenue 120 of a 150 start (0.8).
//! assert_eq!(january.cells[1].logo_retention, Some(0.5));
//! assert_eq!(january.cells[1].revenue_retention, Some(0.8));
//! // February's cohort cannot be observed three months on: no value, not a zero.
//! let february = &table.cohorts[1];
//! assert_eq!(february.cells[2].status, CellStatus::Unobservable);
//! assert_eq!(february.cells[2].logo_retention, None);
//! # Ok::<(), tenure::Error>(())
//! ```
//!
//! ## Definitions
//!
//! - **Cohort**: the period (month, or calendar quarter `YYYY-Qn`) of a customer's first active
//!   month (MRR > 0). Customers first active after the last observed month are left out.
//! - **Offset** `k`: the `k`-th period after the cohort's (offset 0 is the cohort's own period).
//! - **Active** at offset `k`: at least one active month in that period. The **revenue** of a
//!   period is the sum of the customer's MRR over the period's months (for monthly cohorts: the
//!   MRR of the month).
//! - **Logo retention** `= active customers at k / customers of the cohort`; **revenue
//!   retention** `= revenue at k / revenue at offset 0` (net: expansion can take it above 1).
//!   Numerators and denominators are exact integers (money in minor units); each share is one
//!   division of the two converted to `f64`.
//! - **Last observed month**: the month of `as_of` (a month `YYYY-MM`, complete, or a day
//!   `YYYY-MM-DD`), else the last month of the data's window. Rows after it are ignored.
//! - **Cell status**: `unobservable` when the period starts after the last observed month (no
//!   value at all — never 0); `partial` for the period holding the last observed month when
//!   that period is not complete: `as_of` is a day before the end of its month, or a quarter
//!   whose last month is not yet observed; `complete` otherwise.
//!
//! ## Summaries
//!
//! Averages, the drop-off, the best cohort and the trend use **complete cells only**.
//!
//! - Per offset: weighted averages `Σ active / Σ cohort customers` and `Σ revenue / Σ offset-0
//!   revenue` over the cohorts complete at that offset, and unweighted ones, the mean of the
//!   cohorts' shares (summed in cohort order, divided by their number).
//! - **Steepest drop-off**: the offset `k ≥ 1` with the largest fall of the weighted average
//!   from `k − 1` to `k` (the earliest on a tie; none when nothing falls), for logos and for
//!   revenue.
//! - **Comparison offset**: `compare_offset` (default 3 for months, 1 for quarters) when at least
//!   two cohorts are complete there; with the default, else the largest offset where at least two
//!   are; else none, and there is no best cohort or trend.
//! - **Best cohort**: the highest logo (and, separately, revenue) retention at the comparison
//!   offset; the older cohort on a tie.
//! - **Do newer cohorts retain better?** The cohorts complete at the comparison offset, oldest
//!   first, are split into an older and a newer half (the middle one left out when their number
//!   is odd); the test is whether the newer half's unweighted mean logo retention there is above
//!   the older half's. Both means, and the revenue ones, are given.
//!
//! ## Partial results
//!
//! [`cohort_counts`] computes integer counts (customers and minor units per cohort and offset)
//! that [`CohortCounts::merge`] adds up exactly: the counts of a partition of the customers,
//! merged, are the counts of the whole, and so is the table.
//!
//! ## Files
//!
//! - `options`: cohort periods (month, quarter), `as_of` and the table's options.
//! - `counts`: the partial result (integer counts per cohort and offset), [`cohort_counts`]
//!   over customer-month MRR, and [`CohortCounts::merge`].
//! - `column_counts`: [`cohort_counts_from_columns`], counting dense integer columns in place.
//! - `table`: the table of cells (with their status) and its summaries (averages, drop-off,
//!   best cohort, trend), [`cohort_table`].

mod column_counts;
mod counts;
mod options;
mod table;

pub use column_counts::cohort_counts_from_columns;
pub use counts::{cohort_counts, CohortCount, CohortCounts};
pub use options::{AsOf, CohortOptions, CohortPeriod};
pub use table::{
    cohort_table, BestCohort, CellStatus, CohortCell, CohortRow, CohortTable, CohortTrend, DropOff,
    OffsetAverage,
};

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::revenue::columns::{CustomerColumn, CustomerMonthColumns, MonthColumn, MrrColumn};
    use crate::revenue::customer_months::CustomerMonths;
    use crate::revenue::month::Month;
    use crate::revenue::records::MonthlyOptions;
    use proptest::prelude::*;

    fn months_of(rows: &[(i64, i64, i64)]) -> CustomerMonths {
        let customer: Vec<i64> = rows.iter().map(|r| r.0).collect();
        let month: Vec<i64> = rows.iter().map(|r| 648 + r.1).collect();
        let mrr: Vec<i64> = rows.iter().map(|r| r.2).collect();
        CustomerMonths::from_columns(
            CustomerMonthColumns {
                customer: CustomerColumn::Integers(&customer),
                month: MonthColumn::Indices(&month),
                mrr: MrrColumn::MinorUnits(&mrr),
                segment: None,
            },
            &MonthlyOptions::default(),
        )
        .unwrap()
    }

    fn rows_strategy() -> impl Strategy<Value = Vec<(i64, i64, i64)>> {
        // Unique (customer, month) pairs, MRR 0 (inactive) to 500.00.
        proptest::collection::btree_map(
            (0_i64..25, 0_i64..15),
            prop_oneof![1 => Just(0_i64), 3 => 1_i64..50_000],
            0..120,
        )
        .prop_map(|m| m.into_iter().map(|((c, mo), v)| (c, mo, v)).collect())
    }

    fn options_strategy() -> impl Strategy<Value = CohortOptions> {
        (
            prop_oneof![Just(CohortPeriod::Month), Just(CohortPeriod::Quarter)],
            proptest::option::of(0_i32..18),
            proptest::option::of(1_u32..5),
        )
            .prop_map(|(period, as_of, compare_offset)| CohortOptions {
                period,
                as_of: as_of.map(|m| AsOf::Month(Month::from_index(648 + m).unwrap())),
                compare_offset,
            })
    }

    proptest! {
        /// Counts of a partition of the customers, merged in any grouping, equal the counts of
        /// the whole, and so does the table.
        #[test]
        fn merged_partitions_equal_the_whole(
            rows in rows_strategy(),
            parts in 1_usize..5,
            salt in 0_i64..7,
            options in options_strategy(),
        ) {
            let whole = cohort_counts(&months_of(&rows), &options).unwrap();
            let mut merged: Option<CohortCounts> = None;
            for part in 0..parts {
                let subset: Vec<_> = rows
                    .iter()
                    .copied()
                    .filter(|r| ((r.0 * 7 + salt) as usize) % parts == part)
                    .collect();
                let counts = cohort_counts(&months_of(&subset), &options).unwrap();
                match merged.as_mut() {
                    None => merged = Some(counts),
                    Some(m) => m.merge(&counts).unwrap(),
                }
            }
            let merged = merged.unwrap();
            if options.as_of.is_some() || !rows.is_empty() {
                prop_assert_eq!(&merged, &whole);
            }
            prop_assert_eq!(merged.table().unwrap(), whole.table().unwrap());
        }

        /// The dense columnar path gives the general path's counts, or its error.
        #[test]
        fn dense_path_equals_general_path(
            rows in proptest::collection::vec((0_i64..30, 0_i64..15, prop_oneof![1 => Just(0_i64), 1 => Just(-5_i64), 20 => 1_i64..50_000]), 0..80),
            options in options_strategy(),
            floats in any::<bool>(),
        ) {
            let customer: Vec<i64> = rows.iter().map(|r| r.0 * 3 - 20).collect();
            let month: Vec<i64> = rows.iter().map(|r| 648 + r.1).collect();
            let minor: Vec<i64> = rows.iter().map(|r| r.2).collect();
            let float: Vec<f64> = minor.iter().map(|&v| v as f64 / 100.0).collect();
            let columns = CustomerMonthColumns {
                customer: CustomerColumn::Integers(&customer),
                month: MonthColumn::Indices(&month),
                mrr: if floats { MrrColumn::Floats(&float) } else { MrrColumn::MinorUnits(&minor) },
                segment: None,
            };
            let general = CustomerMonths::from_columns(columns, &MonthlyOptions::default())
                .and_then(|cm| cohort_counts(&cm, &options));
            let fast = cohort_counts_from_columns(columns, &options);
            match (fast, general) {
                (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
                (Err(a), Err(b)) => prop_assert_eq!(a, b),
                (a, b) => prop_assert!(false, "fast {:?}, general {:?}", a, b),
            }
        }

        /// Shares are numerator / denominator of the exposed counts; unobservable cells hold no
        /// value and every observable logo share is within 0..=1.
        #[test]
        fn cells_are_consistent(rows in rows_strategy(), options in options_strategy()) {
            let table = cohort_table(&months_of(&rows), &options).unwrap();
            for row in &table.cohorts {
                prop_assert_eq!(row.cells.len() as u32, table.offsets);
                for cell in &row.cells {
                    match cell.status {
                        CellStatus::Unobservable => {
                            prop_assert!(cell.customers.is_none() && cell.logo_retention.is_none());
                        }
                        _ => {
                            let n = cell.customers.unwrap();
                            prop_assert_eq!(cell.logo_retention, Some(n as f64 / row.customers as f64));
                            prop_assert!(n <= row.customers);
                        }
                    }
                }
                prop_assert_eq!(row.cells[0].customers, Some(row.customers));
            }
        }
    }
}
