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

use super::input::{
    f64_to_minor, minor_to_decimal, CustomerColumn, CustomerMonthColumns, CustomerMonths,
    MonthColumn, MonthlyOptions, MrrColumn,
};
use super::month::Month;
use crate::error::{Error, ErrorCode, Result};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The length of a cohort period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CohortPeriod {
    /// Calendar months (default).
    #[default]
    Month,
    /// Calendar quarters.
    Quarter,
}

impl CohortPeriod {
    /// The period index of a month index (months since 1970-01).
    fn of(self, month: i32) -> i32 {
        match self {
            CohortPeriod::Month => month,
            CohortPeriod::Quarter => month.div_euclid(3),
        }
    }

    /// The first month index of a period.
    fn first_month(self, period: i32) -> i32 {
        match self {
            CohortPeriod::Month => period,
            CohortPeriod::Quarter => period.saturating_mul(3),
        }
    }

    /// The label of a period: `2024-03`, or `2024-Q1`.
    fn label(self, period: i32) -> String {
        match self {
            CohortPeriod::Month => Month::from_index(period)
                .map(|m| m.to_string())
                .unwrap_or_default(),
            CohortPeriod::Quarter => {
                format!(
                    "{}-Q{}",
                    1970 + period.div_euclid(4),
                    period.rem_euclid(4) + 1
                )
            }
        }
    }
}

/// What the data is complete through: a whole month, or a day (the month holding it is partial
/// unless it is the month's last day).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AsOf {
    /// Complete through the end of this month (`"YYYY-MM"`).
    Month(Month),
    /// Complete through this day (`"YYYY-MM-DD"`).
    Day(NaiveDate),
}

impl AsOf {
    fn month(self) -> Result<Month> {
        match self {
            AsOf::Month(m) => Ok(m),
            AsOf::Day(d) => Month::from_date(d).map_err(|e| e.within("options.as_of")),
        }
    }

    /// Whether the month of `as_of` is observed only in part.
    fn month_is_partial(self) -> bool {
        match self {
            AsOf::Month(_) => false,
            AsOf::Day(d) => d.succ_opt().is_some_and(|next| next.month() == d.month()),
        }
    }
}

impl fmt::Display for AsOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AsOf::Month(m) => write!(f, "{m}"),
            AsOf::Day(d) => write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        }
    }
}

impl std::str::FromStr for AsOf {
    type Err = Error;
    fn from_str(text: &str) -> Result<AsOf> {
        if text.len() == 10 {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(AsOf::Day)
                .map_err(|_| {
                    Error::new(
                        ErrorCode::InputParse,
                        "options.as_of",
                        "as_of is a month \"YYYY-MM\" or a day \"YYYY-MM-DD\"",
                    )
                    .with_value(text)
                })
        } else {
            Month::parse_at(text, "options.as_of").map(AsOf::Month)
        }
    }
}

impl Serialize for AsOf {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for AsOf {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<AsOf, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = AsOf;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a month \"YYYY-MM\" or a day \"YYYY-MM-DD\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<AsOf, E> {
                v.parse().map_err(|_| {
                    E::custom(format!(
                        "invalid as_of `{v}`: expected \"YYYY-MM\" or \"YYYY-MM-DD\""
                    ))
                })
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

/// Options of a cohort table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CohortOptions {
    /// Cohort period: `month` (default) or `quarter`.
    pub period: CohortPeriod,
    /// What the data is complete through (default: the last month of the data).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<AsOf>,
    /// Offset at which cohorts are compared (best cohort, trend); at least 1. Default: 3 for
    /// months, 1 for quarters (see the module documentation for the fallback).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_offset: Option<u32>,
}

/// Integer counts of one cohort.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CohortCount {
    /// The cohort's period index (months, or quarters, since 1970-01).
    pub period: i32,
    /// Customers of the cohort.
    pub customers: u64,
    /// Sum of the customers' MRR in their first active month, in minor units (a string of
    /// digits in serde forms, so JavaScript keeps every digit).
    #[serde(with = "minor_text")]
    pub starting_mrr: i128,
    /// Active customers per offset (offset 0 first).
    pub active: Vec<u64>,
    /// Revenue per offset in minor units (strings of digits in serde forms).
    #[serde(with = "minor_texts")]
    pub revenue: Vec<i128>,
}

/// Partial results of a cohort table: exact integer counts that merge (see
/// [`CohortCounts::merge`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CohortCounts {
    /// The options the counts were made with.
    pub options: CohortOptions,
    /// Decimal digits of the minor unit.
    pub minor_unit_digits: u32,
    /// Currency of the amounts, when known.
    pub currency: Option<String>,
    /// Last observed month (`None` without data).
    pub last_month: Option<Month>,
    /// Cohorts with at least one customer, by period.
    pub cohorts: Vec<CohortCount>,
}

/// Integers of minor units as strings of digits.
mod minor_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &i128, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(value)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i128, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Lists of integers of minor units as strings of digits.
mod minor_texts {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(values: &[i128], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(values.iter().map(|v| v.to_string()))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<i128>, D::Error> {
        let texts = Vec::<String>::deserialize(deserializer)?;
        texts
            .iter()
            .map(|t| t.parse().map_err(serde::de::Error::custom))
            .collect()
    }
}

/// Customer ids of [`CohortColumns`]: integers or text (all of one kind).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum CustomerIdColumn {
    /// Integer ids.
    Integers(Vec<i64>),
    /// Text ids.
    Texts(Vec<String>),
}

/// One customer id as read: an integer or text.
enum CustomerId {
    Integer(i64),
    Text(String),
}

impl<'de> Deserialize<'de> for CustomerId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = CustomerId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a customer id (an integer or text)")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<CustomerId, E> {
                Ok(CustomerId::Integer(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<CustomerId, E> {
                i64::try_from(v)
                    .map(CustomerId::Integer)
                    .map_err(|_| E::custom("a customer id beyond 64 bits"))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<CustomerId, E> {
                // JavaScript numbers: whole numbers within ±2^53 are integer ids.
                if v.fract() == 0.0 && v.abs() <= 9_007_199_254_740_992.0 {
                    Ok(CustomerId::Integer(v as i64))
                } else {
                    Err(E::custom("a numeric customer id is a whole number"))
                }
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<CustomerId, E> {
                Ok(CustomerId::Text(v.to_string()))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl<'de> Deserialize<'de> for CustomerIdColumn {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let ids = Vec::<CustomerId>::deserialize(deserializer)?;
        let integers: Option<Vec<i64>> = ids
            .iter()
            .map(|id| match id {
                CustomerId::Integer(v) => Some(*v),
                CustomerId::Text(_) => None,
            })
            .collect();
        if let Some(integers) = integers {
            return Ok(CustomerIdColumn::Integers(integers));
        }
        ids.into_iter()
            .map(|id| match id {
                CustomerId::Text(t) => Ok(t),
                CustomerId::Integer(_) => Err(serde::de::Error::custom(
                    "customer ids are all integers or all text",
                )),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(CustomerIdColumn::Texts)
    }
}

/// Customer-month MRR as serde columns (the form the JavaScript bindings and the corpus use):
/// `customer` (ids), `month` (`"YYYY-MM"`), `mrr` (exact amounts; numbers or decimal strings).
///
/// ```
/// let columns: tenure::CohortColumns = serde_json::from_str(
///     r#"{"customer": [1, 1], "month": ["2024-01", "2024-02"], "mrr": ["9.99", 12]}"#).unwrap();
/// let months = columns.customer_months()?;
/// assert_eq!(months.customer_rows(0).1, &[999, 1200]);
/// # Ok::<(), tenure::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CohortColumns {
    /// Customer id per row.
    pub customer: CustomerIdColumn,
    /// Month per row.
    pub month: Vec<Month>,
    /// MRR per row (0 = inactive).
    pub mrr: Vec<Decimal>,
}

impl CohortColumns {
    /// The customer-month MRR of the columns (minor unit of 2 digits; errors of
    /// [`CustomerMonths::from_columns`]).
    pub fn customer_months(&self) -> Result<CustomerMonths> {
        let texts: Vec<&str>;
        let customer = match &self.customer {
            CustomerIdColumn::Integers(v) => CustomerColumn::Integers(v),
            CustomerIdColumn::Texts(v) => {
                texts = v.iter().map(String::as_str).collect();
                CustomerColumn::Texts(&texts)
            }
        };
        CustomerMonths::from_columns(
            CustomerMonthColumns {
                customer,
                month: MonthColumn::Months(&self.month),
                mrr: MrrColumn::Decimals(&self.mrr),
                segment: None,
            },
            &MonthlyOptions::default(),
        )
    }
}

fn resolve_last(months: &CustomerMonths, options: &CohortOptions) -> Result<Option<Month>> {
    match options.as_of {
        Some(a) => a.month().map(Some),
        None => Ok(months.window().map(|w| w.1)),
    }
}

fn check_options(options: &CohortOptions) -> Result<()> {
    if options.compare_offset == Some(0) {
        return Err(Error::new(
            ErrorCode::InputOutOfRange,
            "options.compare_offset",
            "cohorts are compared at an offset of at least 1",
        )
        .with_value(0));
    }
    Ok(())
}

/// Counts customers and revenue per cohort and offset (the partial result of a cohort table).
///
/// Errors: `input.out_of_range` (`compare_offset` 0, `as_of` outside the months a [`Month`]
/// holds).
pub fn cohort_counts(months: &CustomerMonths, options: &CohortOptions) -> Result<CohortCounts> {
    check_options(options)?;
    let last = resolve_last(months, options)?;
    let mut counts = CohortCounts {
        options: *options,
        minor_unit_digits: months.minor_unit_digits(),
        currency: months.currency().map(str::to_string),
        last_month: last,
        cohorts: Vec::new(),
    };
    let Some(last) = last else {
        return Ok(counts);
    };
    let period = options.period;
    let last_index = last.index();
    let last_period = period.of(last_index);
    let offsets = months.offsets();
    let all_months = months.month_indices();
    let all_mrr = months.mrr_minor();
    // The first period of any cohort, for a dense layout.
    let mut first_period = i32::MAX;
    for pair in offsets.windows(2) {
        // A customer without an active month has no rows (a == b).
        if let [a, b] = *pair {
            if let Some(&m) = all_months.get(a).filter(|_| a < b) {
                if m <= last_index {
                    first_period = first_period.min(period.of(m));
                }
            }
        }
    }
    if first_period == i32::MAX {
        return Ok(counts);
    }
    let width = usize::try_from(last_period - first_period + 1).unwrap_or(0);
    // Pass 1: cohort sizes and starting MRR, by cohort period (dense over the window).
    let mut customers = vec![0_u64; width];
    let mut starting = vec![0_i128; width];
    for pair in offsets.windows(2) {
        let [a, b] = *pair else { continue };
        if a >= b {
            continue;
        }
        let (Some(&m0), Some(&v0)) = (all_months.get(a), all_mrr.get(a)) else {
            continue;
        };
        if m0 > last_index {
            continue;
        }
        let c = usize::try_from(period.of(m0) - first_period).unwrap_or(0);
        if let (Some(n), Some(s)) = (customers.get_mut(c), starting.get_mut(c)) {
            *n += 1;
            *s += i128::from(v0);
        }
    }
    // Cells only for the cohorts that have customers: one row of offsets up to the last period.
    let mut slot = vec![usize::MAX; width];
    for (c, (&n, &start)) in customers.iter().zip(&starting).enumerate() {
        if n == 0 {
            continue;
        }
        let p = first_period + i32::try_from(c).unwrap_or(0);
        let len = usize::try_from(last_period - p + 1).unwrap_or(0);
        if let Some(s) = slot.get_mut(c) {
            *s = counts.cohorts.len();
        }
        counts.cohorts.push(CohortCount {
            period: p,
            customers: n,
            starting_mrr: start,
            active: vec![0; len],
            revenue: vec![0; len],
        });
    }
    // Pass 2: active customers and revenue per cohort and offset.
    for pair in offsets.windows(2) {
        let [a, b] = *pair else { continue };
        let (Some(rows_m), Some(rows_v)) = (all_months.get(a..b), all_mrr.get(a..b)) else {
            continue;
        };
        let Some(&m0) = rows_m.first() else { continue };
        if m0 > last_index {
            continue;
        }
        let p0 = period.of(m0);
        let c = usize::try_from(p0 - first_period).unwrap_or(0);
        let Some(cohort) = slot.get(c).and_then(|&s| counts.cohorts.get_mut(s)) else {
            continue;
        };
        let mut seen = usize::MAX;
        for (&m, &v) in rows_m.iter().zip(rows_v) {
            if m > last_index {
                break;
            }
            let k = usize::try_from(period.of(m) - p0).unwrap_or(0);
            if let Some(x) = cohort.revenue.get_mut(k) {
                *x += i128::from(v);
            }
            if k != seen {
                seen = k;
                if let Some(x) = cohort.active.get_mut(k) {
                    *x += 1;
                }
            }
        }
    }
    Ok(counts)
}

/// Cohort counts straight from customer-month columns, as
/// `cohort_counts(&CustomerMonths::from_columns(columns, &MonthlyOptions::default())?, options)`
/// (the same result, the same errors), without sorting the rows: integer customer ids over a
/// dense range and month indices are counted in place (one pass for first months, one for the
/// cells, a bitmap for duplicate customer-months). Any other input, and any input with a
/// problem, takes the general path, which reports the error.
///
/// ```
/// use tenure::{cohort_counts, cohort_counts_from_columns, CohortOptions, CustomerColumn,
///              CustomerMonthColumns, CustomerMonths, MonthColumn, MonthlyOptions, MrrColumn};
/// let (customer, month, mrr) = ([3_i64, 1, 3, 1], [601_i64, 600, 600, 602], [5.0, 9.5, 5.0, 0.0]);
/// let columns = CustomerMonthColumns {
///     customer: CustomerColumn::Integers(&customer), month: MonthColumn::Indices(&month),
///     mrr: MrrColumn::Floats(&mrr), segment: None };
/// let options = CohortOptions::default();
/// let fast = cohort_counts_from_columns(columns, &options)?;
/// let general = cohort_counts(&CustomerMonths::from_columns(columns, &MonthlyOptions::default())?, &options)?;
/// assert_eq!(fast, general);
/// # Ok::<(), tenure::Error>(())
/// ```
pub fn cohort_counts_from_columns(
    columns: CustomerMonthColumns<'_>,
    options: &CohortOptions,
) -> Result<CohortCounts> {
    check_options(options)?;
    if let Some(counts) = dense_counts(&columns, options)? {
        return Ok(counts);
    }
    let months = CustomerMonths::from_columns(columns, &MonthlyOptions::default())?;
    cohort_counts(&months, options)
}

/// The largest bitmap (in bits) of customer-months the dense path allocates.
const DENSE_MAX_BITS: u64 = 1 << 30;

/// The dense path of [`cohort_counts_from_columns`]; `None` when it does not apply.
fn dense_counts(
    columns: &CustomerMonthColumns<'_>,
    options: &CohortOptions,
) -> Result<Option<CohortCounts>> {
    let (CustomerColumn::Integers(ids), MonthColumn::Indices(months)) =
        (columns.customer, columns.month)
    else {
        return Ok(None);
    };
    if columns.segment.is_some() || ids.is_empty() || months.len() != ids.len() {
        return Ok(None);
    }
    let n = ids.len();
    let minor_at = |i: usize| -> Option<i64> {
        match columns.mrr {
            MrrColumn::Floats(v) => v.get(i).and_then(|&x| f64_to_minor(x, 2)),
            MrrColumn::MinorUnits(v) => v.get(i).copied(),
            MrrColumn::Decimals(_) => None,
        }
    };
    if !matches!(columns.mrr, MrrColumn::Floats(v) if v.len() == n)
        && !matches!(columns.mrr, MrrColumn::MinorUnits(v) if v.len() == n)
    {
        return Ok(None);
    }
    let (mut id_lo, mut id_hi) = (i64::MAX, i64::MIN);
    let (mut m_lo, mut m_hi) = (i64::MAX, i64::MIN);
    for (&c, &m) in ids.iter().zip(months.iter()) {
        id_lo = id_lo.min(c);
        id_hi = id_hi.max(c);
        m_lo = m_lo.min(m);
        m_hi = m_hi.max(m);
    }
    let valid_month = |m: i64| {
        i32::try_from(m)
            .ok()
            .and_then(|m| Month::from_index(m).ok())
    };
    let (Some(first_month), Some(last_data)) = (valid_month(m_lo), valid_month(m_hi)) else {
        return Ok(None);
    };
    let span = (id_hi as i128) - (id_lo as i128) + 1;
    let width = (m_hi - m_lo + 1) as i128;
    if span > (4 * n as i128 + 1024) || span * width > i128::from(DENSE_MAX_BITS) {
        return Ok(None);
    }
    let (span, width) = (span as usize, width as usize);
    let last = match options.as_of {
        Some(a) => a.month()?,
        None => last_data,
    };
    let period = options.period;
    let last_index = last.index();
    let m_base = first_month.index();
    // Pass 1: amounts, duplicates and each customer's first active month (up to `last`).
    let mut seen = vec![0_u64; (span * width).div_ceil(64)];
    let mut first = vec![i32::MAX; span];
    for (i, (&c, &m)) in ids.iter().zip(months.iter()).enumerate() {
        let Some(v) = minor_at(i) else {
            return Ok(None);
        };
        if v < 0 {
            return Ok(None);
        }
        let (cu, mi) = ((c - id_lo) as usize, (m - m_lo) as usize);
        let bit = cu * width + mi;
        let Some(word) = seen.get_mut(bit / 64) else {
            return Ok(None);
        };
        let mask = 1_u64 << (bit % 64);
        if *word & mask != 0 {
            return Ok(None); // a duplicate: the general path reports it
        }
        *word |= mask;
        let m = m as i32;
        if v > 0 && m <= last_index {
            if let Some(f) = first.get_mut(cu) {
                *f = (*f).min(m);
            }
        }
    }
    // The first period of any cohort and the cohorts' slots.
    let Some(first_period) = first
        .iter()
        .filter(|&&f| f != i32::MAX)
        .map(|&f| period.of(f))
        .min()
    else {
        return Ok(Some(CohortCounts {
            options: *options,
            minor_unit_digits: 2,
            currency: None,
            last_month: Some(last),
            cohorts: Vec::new(),
        }));
    };
    let last_period = period.of(last_index);
    let cohort_span = usize::try_from(last_period - first_period + 1).unwrap_or(0);
    let mut sizes = vec![0_u64; cohort_span];
    for &f in first.iter().filter(|&&f| f != i32::MAX) {
        if let Some(x) = sizes.get_mut(usize::try_from(period.of(f) - first_period).unwrap_or(0)) {
            *x += 1;
        }
    }
    let mut slot = vec![usize::MAX; cohort_span];
    let mut cohorts = Vec::new();
    for (c, &size) in sizes.iter().enumerate() {
        if size == 0 {
            continue;
        }
        let p = first_period + i32::try_from(c).unwrap_or(0);
        let len = usize::try_from(last_period - p + 1).unwrap_or(0);
        if let Some(s) = slot.get_mut(c) {
            *s = cohorts.len();
        }
        cohorts.push(CohortCount {
            period: p,
            customers: size,
            starting_mrr: 0,
            active: vec![0; len],
            revenue: vec![0; len],
        });
    }
    // Quarters: a customer counts once per period (a second bitmap over customer-periods).
    let period_width = usize::try_from(period.of(m_hi as i32) - period.of(m_base) + 1).unwrap_or(0);
    let mut counted = match period {
        CohortPeriod::Month => Vec::new(),
        CohortPeriod::Quarter => vec![0_u64; (span * period_width).div_ceil(64)],
    };
    // Pass 2: cells.
    for (i, (&c, &m)) in ids.iter().zip(months.iter()).enumerate() {
        let m = m as i32;
        let cu = (c - id_lo) as usize;
        let Some(&f) = first.get(cu) else { continue };
        if f == i32::MAX || m > last_index {
            continue;
        }
        let v = minor_at(i).unwrap_or(0);
        if v == 0 {
            continue;
        }
        let p0 = period.of(f);
        let Some(cohort) = usize::try_from(p0 - first_period)
            .ok()
            .and_then(|c| slot.get(c))
            .and_then(|&s| cohorts.get_mut(s))
        else {
            continue;
        };
        let k = usize::try_from(period.of(m) - p0).unwrap_or(0);
        if let Some(x) = cohort.revenue.get_mut(k) {
            *x += i128::from(v);
        }
        if m == f {
            cohort.starting_mrr += i128::from(v);
        }
        let count = match period {
            CohortPeriod::Month => true,
            CohortPeriod::Quarter => {
                let bit = cu * period_width
                    + usize::try_from(period.of(m) - period.of(m_base)).unwrap_or(0);
                match counted.get_mut(bit / 64) {
                    Some(word) if *word & (1 << (bit % 64)) == 0 => {
                        *word |= 1 << (bit % 64);
                        true
                    }
                    _ => false,
                }
            }
        };
        if count {
            if let Some(x) = cohort.active.get_mut(k) {
                *x += 1;
            }
        }
    }
    Ok(Some(CohortCounts {
        options: *options,
        minor_unit_digits: 2,
        currency: None,
        last_month: Some(last),
        cohorts,
    }))
}

fn add_padded<T: Copy + Default + std::ops::AddAssign>(into: &mut Vec<T>, from: &[T]) {
    if into.len() < from.len() {
        into.resize(from.len(), T::default());
    }
    for (a, b) in into.iter_mut().zip(from) {
        *a += *b;
    }
}

impl CohortCounts {
    /// Adds the counts of another partition of the customers (same options, minor unit and
    /// currency, else `input.partial_mismatch`). The last observed month becomes the later of
    /// the two. Merging is exact, associative and commutative.
    ///
    /// ```
    /// use tenure::{cohort_counts, CohortOptions, CustomerMonths, MrrSnapshot, MonthlyOptions};
    /// let rows = |json: &str| -> CustomerMonths {
    ///     let s: Vec<MrrSnapshot> = serde_json::from_str(json).unwrap();
    ///     CustomerMonths::from_snapshots(&s, &MonthlyOptions::default()).unwrap()
    /// };
    /// let options = CohortOptions::default();
    /// let mut east = cohort_counts(&rows(r#"[{"customer": "a", "month": "2024-01", "mrr": "10"}]"#), &options)?;
    /// let west = cohort_counts(&rows(r#"[{"customer": "b", "month": "2024-01", "mrr": "5"},
    ///                                    {"customer": "b", "month": "2024-02", "mrr": "5"}]"#), &options)?;
    /// east.merge(&west)?;
    /// let table = east.table()?;
    /// assert_eq!(table.cohorts[0].customers, 2);
    /// assert_eq!(table.cohorts[0].cells[1].logo_retention, Some(0.5));
    /// # Ok::<(), tenure::Error>(())
    /// ```
    pub fn merge(&mut self, other: &CohortCounts) -> Result<()> {
        let mismatch = |path: &str, message: &str| {
            Error::new(ErrorCode::InputPartialMismatch, path, message.to_string())
        };
        if self.options != other.options {
            return Err(mismatch(
                "options",
                "partial cohort counts were made with different options",
            ));
        }
        if self.minor_unit_digits != other.minor_unit_digits {
            return Err(mismatch(
                "minor_unit_digits",
                "partial cohort counts have different minor units",
            )
            .with_value(other.minor_unit_digits));
        }
        if self.currency != other.currency {
            return Err(mismatch(
                "currency",
                "partial cohort counts are in different currencies",
            )
            .with_value(other.currency.clone()));
        }
        self.last_month = match (self.last_month, other.last_month) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        let mut merged = Vec::with_capacity(self.cohorts.len() + other.cohorts.len());
        let mut mine = std::mem::take(&mut self.cohorts).into_iter().peekable();
        let mut theirs = other.cohorts.iter().peekable();
        loop {
            match (mine.peek(), theirs.peek()) {
                (Some(a), Some(b)) if a.period == b.period => {
                    let (Some(mut a), Some(b)) = (mine.next(), theirs.next()) else {
                        break;
                    };
                    a.customers += b.customers;
                    a.starting_mrr += b.starting_mrr;
                    add_padded(&mut a.active, &b.active);
                    add_padded(&mut a.revenue, &b.revenue);
                    merged.push(a);
                }
                (Some(a), Some(b)) if a.period < b.period => merged.extend(mine.next()),
                (Some(_), Some(_)) | (None, Some(_)) => merged.extend(theirs.next().cloned()),
                (Some(_), None) => merged.extend(mine.next()),
                (None, None) => break,
            }
        }
        // Every cohort's cells run to the (possibly later) last observed period.
        if let Some(last) = self.last_month {
            let last_period = self.options.period.of(last.index());
            for c in &mut merged {
                let len = usize::try_from(last_period - c.period + 1).unwrap_or(0);
                if c.active.len() < len {
                    c.active.resize(len, 0);
                    c.revenue.resize(len, 0);
                }
            }
        }
        self.cohorts = merged;
        Ok(())
    }

    /// Whether the period holding the last observed month is observed only in part.
    fn last_period_partial(&self) -> bool {
        let month_partial = self.options.as_of.is_some_and(AsOf::month_is_partial);
        let quarter_partial = self.options.period == CohortPeriod::Quarter
            && self.last_month.is_some_and(|m| m.month() % 3 != 0);
        month_partial || quarter_partial
    }

    /// The cohort table of these counts.
    pub fn table(&self) -> Result<CohortTable> {
        build_table(self)
    }
}

/// Whether a cell of a cohort table can be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellStatus {
    /// The whole period is observed.
    Complete,
    /// The period is observed in part (data end or `as_of` inside it): its values are lower
    /// bounds.
    Partial,
    /// The period starts after the last observed month: no value (not 0).
    Unobservable,
}

/// One cell of a cohort table: a cohort at an offset.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CohortCell {
    /// Offset from the cohort's period.
    pub offset: u32,
    /// Whether the cell is observable, and completely.
    pub status: CellStatus,
    /// Active customers (numerator of the logo retention); `None` when unobservable.
    pub customers: Option<u64>,
    /// Revenue of the period (numerator of the revenue retention); `None` when unobservable.
    pub revenue: Option<Decimal>,
    /// `customers / cohort customers`; `None` when unobservable.
    pub logo_retention: Option<f64>,
    /// `revenue / offset-0 revenue`; `None` when unobservable.
    pub revenue_retention: Option<f64>,
}

/// One cohort (a row of the table).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CohortRow {
    /// The cohort's period: `2024-03` or `2024-Q1`.
    pub cohort: String,
    /// First month of the cohort's period.
    pub first_month: Month,
    /// Customers of the cohort (denominator of the logo retention).
    pub customers: u64,
    /// Sum of the customers' MRR in their first active month.
    pub starting_mrr: Decimal,
    /// Revenue at offset 0 (denominator of the revenue retention).
    pub base_revenue: Decimal,
    /// Cells from offset 0 to the table's last offset.
    pub cells: Vec<CohortCell>,
}

/// Averages at one offset over the cohorts complete there.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OffsetAverage {
    /// The offset.
    pub offset: u32,
    /// Cohorts complete at this offset.
    pub cohorts: u32,
    /// Σ active customers (numerator of the weighted logo average).
    pub customers: u64,
    /// Σ cohort customers (its denominator).
    pub base_customers: u64,
    /// Σ revenue (numerator of the weighted revenue average).
    pub revenue: Decimal,
    /// Σ offset-0 revenue (its denominator).
    pub base_revenue: Decimal,
    /// `customers / base_customers`.
    pub logo_weighted: Option<f64>,
    /// Mean of the cohorts' logo retention.
    pub logo_unweighted: Option<f64>,
    /// `revenue / base_revenue`.
    pub revenue_weighted: Option<f64>,
    /// Mean of the cohorts' revenue retention.
    pub revenue_unweighted: Option<f64>,
}

/// The steepest fall of a weighted average curve.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DropOff {
    /// The offset the average falls to.
    pub offset: u32,
    /// The average at `offset - 1`.
    pub from: f64,
    /// The average at `offset`.
    pub to: f64,
    /// `from - to`.
    pub drop: f64,
}

/// The best cohort at the comparison offset.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BestCohort {
    /// The cohort.
    pub cohort: String,
    /// The comparison offset.
    pub offset: u32,
    /// Its logo retention there.
    pub logo_retention: f64,
    /// Its revenue retention there.
    pub revenue_retention: f64,
}

/// Newer cohorts against older ones at the comparison offset.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CohortTrend {
    /// The comparison offset.
    pub offset: u32,
    /// The older half, oldest first.
    pub older_cohorts: Vec<String>,
    /// The newer half, oldest first.
    pub newer_cohorts: Vec<String>,
    /// Mean logo retention of the older half.
    pub older_logo: f64,
    /// Mean logo retention of the newer half.
    pub newer_logo: f64,
    /// Mean revenue retention of the older half.
    pub older_revenue: f64,
    /// Mean revenue retention of the newer half.
    pub newer_revenue: f64,
    /// `newer_logo > older_logo`.
    pub newer_retain_better: bool,
}

/// A cohort table with its summaries.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CohortTable {
    /// Cohort period.
    pub period: CohortPeriod,
    /// The `as_of` given.
    pub as_of: Option<AsOf>,
    /// Last observed month.
    pub last_month: Option<Month>,
    /// Whether the last period is observed only in part (its cells are `partial`).
    pub last_period_partial: bool,
    /// Decimal digits of the minor unit.
    pub minor_unit_digits: u32,
    /// Currency, when known.
    pub currency: Option<String>,
    /// Number of offsets (columns): 0 to `offsets - 1`.
    pub offsets: u32,
    /// The cohorts, oldest first.
    pub cohorts: Vec<CohortRow>,
    /// Averages per offset (complete cells only).
    pub averages: Vec<OffsetAverage>,
    /// Offset the cohorts are compared at.
    pub compare_offset: Option<u32>,
    /// Steepest fall of the weighted logo retention.
    pub steepest_logo_drop: Option<DropOff>,
    /// Steepest fall of the weighted revenue retention.
    pub steepest_revenue_drop: Option<DropOff>,
    /// Highest logo retention at the comparison offset.
    pub best_cohort: Option<BestCohort>,
    /// Highest revenue retention at the comparison offset.
    pub best_revenue_cohort: Option<BestCohort>,
    /// Whether newer cohorts retain better.
    pub trend: Option<CohortTrend>,
}

/// `numerator / denominator` as doubles; `None` for a zero denominator.
fn share(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator != 0.0).then(|| numerator / denominator)
}

fn money(minor: i128, digits: u32) -> Result<Decimal> {
    minor_to_decimal(minor, digits).ok_or_else(|| {
        Error::new(
            ErrorCode::InputOutOfRange,
            "",
            "a revenue sum exceeds 96 bits",
        )
    })
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

fn steepest(
    averages: &[OffsetAverage],
    pick: fn(&OffsetAverage) -> Option<f64>,
) -> Option<DropOff> {
    let mut best: Option<DropOff> = None;
    for pair in averages.windows(2) {
        let [a, b] = pair else { continue };
        let (Some(from), Some(to)) = (pick(a), pick(b)) else {
            continue;
        };
        let drop = from - to;
        if drop > 0.0 && best.as_ref().is_none_or(|d| drop > d.drop) {
            best = Some(DropOff {
                offset: b.offset,
                from,
                to,
                drop,
            });
        }
    }
    best
}

/// Sums over the complete cells of one offset.
#[derive(Default)]
struct OffsetSums {
    active: u64,
    base_customers: u64,
    revenue: i128,
    base_revenue: i128,
    logos: Vec<f64>,
    revenues: Vec<f64>,
}

fn build_table(counts: &CohortCounts) -> Result<CohortTable> {
    let options = counts.options;
    let period = options.period;
    let digits = counts.minor_unit_digits;
    let partial = counts.last_period_partial();
    let last_period = counts.last_month.map(|m| period.of(m.index()));
    let width = match (counts.cohorts.first(), last_period) {
        (Some(c), Some(l)) => u32::try_from(l - c.period + 1).unwrap_or(0),
        _ => 0,
    };
    let mut rows = Vec::with_capacity(counts.cohorts.len());
    let mut sums: Vec<OffsetSums> = (0..width).map(|_| OffsetSums::default()).collect();
    for c in &counts.cohorts {
        let base_revenue = c.revenue.first().copied().unwrap_or(0);
        let mut cells = Vec::with_capacity(width as usize);
        for k in 0..width {
            let cell_period = c.period + i32::try_from(k).unwrap_or(i32::MAX);
            let status = match last_period {
                Some(l) if cell_period > l => CellStatus::Unobservable,
                Some(l) if cell_period == l && partial => CellStatus::Partial,
                _ => CellStatus::Complete,
            };
            if status == CellStatus::Unobservable {
                cells.push(CohortCell {
                    offset: k,
                    status,
                    customers: None,
                    revenue: None,
                    logo_retention: None,
                    revenue_retention: None,
                });
                continue;
            }
            let active = c.active.get(k as usize).copied().unwrap_or(0);
            let revenue = c.revenue.get(k as usize).copied().unwrap_or(0);
            let logo = share(active as f64, c.customers as f64);
            let rev = share(revenue as f64, base_revenue as f64);
            if status == CellStatus::Complete {
                if let Some(s) = sums.get_mut(k as usize) {
                    s.active += active;
                    s.base_customers += c.customers;
                    s.revenue += revenue;
                    s.base_revenue += base_revenue;
                    s.logos.extend(logo);
                    s.revenues.extend(rev);
                }
            }
            cells.push(CohortCell {
                offset: k,
                status,
                customers: Some(active),
                revenue: Some(money(revenue, digits)?),
                logo_retention: logo,
                revenue_retention: rev,
            });
        }
        rows.push(CohortRow {
            cohort: period.label(c.period),
            first_month: Month::from_index(period.first_month(c.period))?,
            customers: c.customers,
            starting_mrr: money(c.starting_mrr, digits)?,
            base_revenue: money(base_revenue, digits)?,
            cells,
        });
    }
    let mut averages = Vec::with_capacity(sums.len());
    for (k, sum) in sums.iter().enumerate() {
        averages.push(OffsetAverage {
            offset: u32::try_from(k).unwrap_or(u32::MAX),
            cohorts: u32::try_from(sum.logos.len()).unwrap_or(u32::MAX),
            customers: sum.active,
            base_customers: sum.base_customers,
            revenue: money(sum.revenue, digits)?,
            base_revenue: money(sum.base_revenue, digits)?,
            logo_weighted: share(sum.active as f64, sum.base_customers as f64),
            logo_unweighted: (!sum.logos.is_empty()).then(|| mean(&sum.logos)),
            revenue_weighted: share(sum.revenue as f64, sum.base_revenue as f64),
            revenue_unweighted: (!sum.revenues.is_empty()).then(|| mean(&sum.revenues)),
        });
    }
    let compare_offset = comparison_offset(&options, &averages);
    let mut table = CohortTable {
        period,
        as_of: options.as_of,
        last_month: counts.last_month,
        last_period_partial: partial,
        minor_unit_digits: digits,
        currency: counts.currency.clone(),
        offsets: width,
        steepest_logo_drop: steepest(&averages, |a| a.logo_weighted),
        steepest_revenue_drop: steepest(&averages, |a| a.revenue_weighted),
        cohorts: rows,
        averages,
        compare_offset,
        best_cohort: None,
        best_revenue_cohort: None,
        trend: None,
    };
    if let Some(k) = compare_offset {
        compare_cohorts(&mut table, k);
    }
    Ok(table)
}

fn comparison_offset(options: &CohortOptions, averages: &[OffsetAverage]) -> Option<u32> {
    let enough = |k: u32| averages.get(k as usize).is_some_and(|a| a.cohorts >= 2);
    match options.compare_offset {
        Some(k) => enough(k).then_some(k),
        None => {
            let default = match options.period {
                CohortPeriod::Month => 3,
                CohortPeriod::Quarter => 1,
            };
            if enough(default) {
                Some(default)
            } else {
                averages
                    .iter()
                    .rev()
                    .find(|a| a.offset >= 1 && a.cohorts >= 2)
                    .map(|a| a.offset)
            }
        }
    }
}

fn compare_cohorts(table: &mut CohortTable, k: u32) {
    // (cohort, logo, revenue) of the cohorts complete at k, oldest first.
    let complete: Vec<(&str, f64, f64)> = table
        .cohorts
        .iter()
        .filter_map(|row| {
            let cell = row.cells.get(k as usize)?;
            if cell.status != CellStatus::Complete {
                return None;
            }
            Some((
                row.cohort.as_str(),
                cell.logo_retention?,
                cell.revenue_retention?,
            ))
        })
        .collect();
    let best = |pick: fn(&(&str, f64, f64)) -> f64| {
        let mut best: Option<&(&str, f64, f64)> = None;
        for c in &complete {
            if best.is_none_or(|b| pick(c) > pick(b)) {
                best = Some(c);
            }
        }
        best.map(|&(cohort, logo, revenue)| BestCohort {
            cohort: cohort.to_string(),
            offset: k,
            logo_retention: logo,
            revenue_retention: revenue,
        })
    };
    table.best_cohort = best(|c| c.1);
    table.best_revenue_cohort = best(|c| c.2);
    let half = complete.len() / 2;
    if half == 0 {
        return;
    }
    let older = complete.get(..half).unwrap_or(&[]);
    let newer = complete.get(complete.len() - half..).unwrap_or(&[]);
    let logos = |part: &[(&str, f64, f64)]| part.iter().map(|c| c.1).collect::<Vec<_>>();
    let revenues = |part: &[(&str, f64, f64)]| part.iter().map(|c| c.2).collect::<Vec<_>>();
    let names = |part: &[(&str, f64, f64)]| part.iter().map(|c| c.0.to_string()).collect();
    let (older_logo, newer_logo) = (mean(&logos(older)), mean(&logos(newer)));
    table.trend = Some(CohortTrend {
        offset: k,
        older_cohorts: names(older),
        newer_cohorts: names(newer),
        older_logo,
        newer_logo,
        older_revenue: mean(&revenues(older)),
        newer_revenue: mean(&revenues(newer)),
        newer_retain_better: newer_logo > older_logo,
    });
}

/// The cohort table of customer-month MRR (see the module documentation).
pub fn cohort_table(months: &CustomerMonths, options: &CohortOptions) -> Result<CohortTable> {
    cohort_counts(months, options)?.table()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::revenue::input::MonthlyOptions;
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
