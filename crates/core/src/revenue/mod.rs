//! Revenue and retention math: customer-month MRR from subscription periods, monthly MRR
//! snapshots or columns; MRR movements (new, expansion, contraction, churn, reactivation) with
//! starting and ending MRR; per customer-month detail; exact merging of partial results; and
//! retention metrics (NRR, GRR, logo retention, expansion rate, gross and net MRR churn, quick
//! ratio) with their numerators and denominators.
//!
//! ## Input layer
//!
//! [`SubscriptionPeriod`]s, [`MrrSnapshot`]s or columns ([`CustomerMonths::from_columns`], the
//! fast path for big inputs) become [`CustomerMonths`]: per customer (ascending id) its active
//! months (MRR > 0) in integer minor units, and the window of observed months. Every MRR is
//! rounded to the currency's minor unit (`minor_unit_digits`, default 2) once, half away from
//! zero, before any sum: an annual 1000.00 is 83.33 a month, a weekly 10.00 is 43.33
//! (× 52 / 12), a quarterly 100.00 is 33.33. A double is first taken at its shortest
//! round-trip decimal (`0.285` → 0.29). Amounts in several currencies need exchange rates
//! (`input.currency_mismatch` otherwise); a customer has one segment.
//!
//! ## Movements
//!
//! For every month of the window, per customer, with the previous month's MRR `p` and this
//! month's `c`: `p = 0 < c` is **new** (first activity) or **reactivation** (a return);
//! `0 < p < c` **expansion** by `c - p`; `0 < c < p` **contraction** by `p - c`; `p > 0 = c`
//! **churn** of `p`. Sums are exact integers, so every month
//! `starting + new + expansion + reactivation - contraction - churn = ending` holds exactly.
//!
//! ## Conventions
//!
//! | option | what | default | `dbt_mrr_playbook` |
//! |---|---|---|---|
//! | `reactivation_window_months` | a return after at most N months without MRR is a reactivation, after more it is new (`null`: any return) | `null` | `null` |
//! | `churn_recognition` | `next_month`: churn in the first month without MRR; `last_active_month`: in the last month with MRR | `next_month` | `next_month` |
//! | `same_month_cancel` | a period whose start and exclusive end fall in one month: `count` or `ignore` | `count` | `count` |
//! | `active_month` | the months a period counts in: `any_day` it touches, or `first_day` (months whose first day it covers) | `any_day` | `first_day` |
//! | `calendar_start` | months before it are not observed | `null` | `2018-01` |
//!
//! `dbt_mrr_playbook` reproduces the dbt-labs mrr-playbook's `change_category` (new, upgrade =
//! expansion, downgrade = contraction, churn, reactivation) on its seed data for every
//! customer-month the playbook covers (a test). The default differs from the playbook on
//! purpose in two places: a period counts in every month it touches (the playbook's join,
//! `date_month >= start_date`, skips the first month of a period starting mid-month), and the
//! history is not cut at 2018-01 (the playbook's month spine starts there, so a customer active
//! since 2017 is "new" in January 2018). On the playbook's own seed (month-start dates, no
//! history crossing 2018-01) both conventions give the same categories.
//!
//! ```
//! use tenure::{mrr_movements, MrrConvention, ChurnRecognition, RevenueInput};
//! let mut input: RevenueInput = serde_json::from_str(r#"{"snapshots": [
//!   {"customer": "a", "month": "2024-01", "mrr": "10"},
//!   {"customer": "a", "month": "2024-02", "mrr": "12"},
//!   {"customer": "b", "month": "2024-03", "mrr": "5"}
//! ]}"#).unwrap();
//! // Default: a churns in March, the first month without MRR.
//! let m = mrr_movements(&input.customer_months()?)?;
//! assert_eq!(m.months[2].churn.to_string(), "12.00");
//! assert_eq!(m.months[1].ending_mrr.to_string(), "12.00");
//! // last_active_month: a churns in February, whose ending MRR excludes it.
//! input.options.convention.churn_recognition = ChurnRecognition::LastActiveMonth;
//! let m = mrr_movements(&input.customer_months()?)?;
//! assert_eq!(m.months[1].churn.to_string(), "12.00");
//! assert_eq!(m.months[1].ending_mrr.to_string(), "0.00");
//! for month in &m.months {
//!     assert_eq!(month.starting_mrr + month.new + month.expansion + month.reactivation
//!         - month.contraction - month.churn, month.ending_mrr);
//! }
//! # Ok::<(), tenure::Error>(())
//! ```
//!
//! ## Merging partial results
//!
//! [`MrrMovements::merge`] combines movements computed over disjoint sets of customers (with
//! the same conventions) into exactly the movements of all of them; it is associative and
//! commutative (property tests split customers at random and merge in any order).
//!
//! ## Metrics
//!
//! [`retention_metrics`] over a month or a range follows the customers with MRR in the month
//! before the range; see [`RetentionMetrics`] for the formulas. Each ratio carries its exact
//! numerator and denominator; its `value` is rounded to 10 decimals, half to even, and is
//! `None` when the denominator is 0.
//!
//! ## Files
//!
//! Each file uses only the ones above it (no import circles):
//!
//! | file | holds |
//! |---|---|
//! | `month` | [`Month`], and days since 1970-01-01 to month indices in integer arithmetic |
//! | `convention` | [`MrrConvention`] and its options |
//! | `records` | the records a user gives: [`SubscriptionPeriod`], [`MrrSnapshot`], [`ExchangeRates`], [`MonthlyOptions`], [`RevenueInput`] |
//! | `columns` | rows as columns: [`CustomerMonthColumns`] and its columns, [`CohortColumns`], [`CustomerIdColumn`]; month and MRR columns read into checked month indices and minor units |
//! | `customer_months` | [`CustomerMonths`], the normalised form every computation reads, and [`CustomerIds`] |
//! | `normalise` | the steps every builder shares: options, one segment per customer and one currency, amounts to monthly minor units, sorted rows, assembly |
//! | `from_records` | [`CustomerMonths::from_periods`], [`CustomerMonths::from_snapshots`], [`RevenueInput::customer_months`] |
//! | `row_order` | the order of integer-id column rows: already sorted, a counting sort over dense ids, a radix sort |
//! | `from_columns` | [`CustomerMonths::from_columns`], [`CohortColumns::customer_months`] |
//! | `movements/` | `monthly` ([`mrr_movements`] and its types), `detail` ([`movement_detail`]), `merge` ([`MrrMovements::merge`]), `series` ([`MrrMovements::series`]) |
//! | `metrics` | [`retention_metrics`] and [`Ratio`] |
//! | `cohort/` | `options`, `counts` ([`cohort_counts`], [`CohortCounts::merge`]), `column_counts` ([`cohort_counts_from_columns`]), `table` ([`cohort_table`] and its summaries) |
//!
//! Generic money arithmetic (amounts to and from integer minor units, decimals to doubles) is in
//! the crate's shared money module.

mod cohort;
mod columns;
mod convention;
mod customer_months;
mod from_columns;
mod from_records;
mod metrics;
mod month;
mod movements;
mod normalise;
mod records;
mod row_order;

pub use cohort::{
    cohort_counts, cohort_counts_from_columns, cohort_table, AsOf, BestCohort, CellStatus,
    CohortCell, CohortCount, CohortCounts, CohortOptions, CohortPeriod, CohortRow, CohortTable,
    CohortTrend, DropOff, OffsetAverage,
};
pub use columns::{
    CohortColumns, CustomerColumn, CustomerIdColumn, CustomerMonthColumns, MonthColumn, MrrColumn,
};
pub use convention::{
    ActiveMonth, ChurnRecognition, ConventionName, MrrConvention, SameMonthCancel,
};
pub use customer_months::{CustomerIds, CustomerMonths};
pub use metrics::{
    retention_metrics, MetricsRequest, Ratio, RetentionMetrics, RetentionReport, RATIO_DECIMALS,
};
pub use month::Month;
pub use movements::{
    movement_detail, mrr_movements, MonthMovements, MovementDetail, MovementKind, MovementSeries,
    MrrMovements, SegmentMovements, SERIES_FIELDS,
};
pub use records::{
    BillingInterval, ExchangeRates, MonthlyOptions, MrrSnapshot, RevenueInput, SubscriptionPeriod,
};
