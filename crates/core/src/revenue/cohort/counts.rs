//! The partial result of a cohort table: exact integer counts (customers, and revenue in minor
//! units, per cohort and offset) from customer-month MRR, and their exact merge.

use super::options::CohortOptions;
use crate::error::{Error, ErrorCode, Result};
use crate::revenue::customer_months::CustomerMonths;
use crate::revenue::month::Month;
use serde::{Deserialize, Serialize};

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

/// The last observed month: the month of `as_of`, else the last month of the data.
fn last_observed_month(months: &CustomerMonths, options: &CohortOptions) -> Result<Option<Month>> {
    match options.as_of {
        Some(a) => a.month().map(Some),
        None => Ok(months.window().map(|w| w.1)),
    }
}

/// Checks the options of a cohort table.
pub(super) fn check_cohort_options(options: &CohortOptions) -> Result<()> {
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
    check_cohort_options(options)?;
    let last = last_observed_month(months, options)?;
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
}
