//! Cohort counts straight from customer-month columns: dense integer ids and month indices are
//! counted in place, without building customer-month MRR first.

use super::counts::{check_cohort_options, cohort_counts, CohortCount, CohortCounts};
use super::options::{CohortOptions, CohortPeriod};
use crate::error::Result;
use crate::revenue::columns::{CustomerColumn, CustomerMonthColumns, MonthColumn, MrrColumn};
use crate::revenue::customer_months::CustomerMonths;
use crate::revenue::month::Month;
use crate::revenue::records::MonthlyOptions;
use crate::shared::money::f64_to_minor;

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
    check_cohort_options(options)?;
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
