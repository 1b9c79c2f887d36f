//! MRR movements per month (new, expansion, contraction, churn, reactivation), their per
//! customer-month detail, and exact merging of partial results.

use super::convention::{ChurnRecognition, MrrConvention};
use super::customer_months::CustomerMonths;
use super::month::Month;
use crate::error::{Error, ErrorCode, Result};
use crate::shared::money::{decimal_to_f64, minor_to_decimal};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The kind of an MRR movement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MovementKind {
    /// First active month of a customer (or a return after more than the reactivation window).
    New,
    /// MRR rose from the previous month (the playbook's `upgrade`).
    Expansion,
    /// MRR fell but stayed above 0 (the playbook's `downgrade`).
    Contraction,
    /// The customer's MRR went to 0 (see [`ChurnRecognition`] for the month it is counted in).
    Churn,
    /// An active month after months without MRR, within the reactivation window.
    Reactivation,
}

impl MovementKind {
    /// The snake_case name (`"new"`, `"expansion"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            MovementKind::New => "new",
            MovementKind::Expansion => "expansion",
            MovementKind::Contraction => "contraction",
            MovementKind::Churn => "churn",
            MovementKind::Reactivation => "reactivation",
        }
    }
}

/// The movements of one month. The identity
/// `starting_mrr + new + expansion + reactivation - contraction - churn = ending_mrr` holds
/// exactly, and so does the same for the customer counts
/// (`starting_customers + new_customers + reactivated_customers - churned_customers = ending_customers`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonthMovements {
    /// The month.
    pub month: Month,
    /// MRR at the start of the month (the previous month's ending MRR).
    pub starting_mrr: Decimal,
    /// MRR of new customers.
    pub new: Decimal,
    /// MRR added by customers paying more than in the previous month.
    pub expansion: Decimal,
    /// MRR lost by customers paying less (but more than 0).
    pub contraction: Decimal,
    /// MRR lost by churned customers.
    pub churn: Decimal,
    /// MRR of customers returning after months without MRR.
    pub reactivation: Decimal,
    /// MRR at the end of the month.
    pub ending_mrr: Decimal,
    /// Customers with MRR at the start of the month.
    pub starting_customers: u64,
    /// New customers.
    pub new_customers: u64,
    /// Customers that expanded.
    pub expansion_customers: u64,
    /// Customers that contracted.
    pub contraction_customers: u64,
    /// Customers that churned.
    pub churned_customers: u64,
    /// Customers that reactivated.
    pub reactivated_customers: u64,
    /// Customers with MRR at the end of the month.
    pub ending_customers: u64,
}

/// The movements of one segment's customers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentMovements {
    /// Segment name.
    pub segment: String,
    /// One entry per month of the window.
    pub months: Vec<MonthMovements>,
}

/// MRR movements of every month of a window, in total and per segment.
///
/// Results computed over disjoint sets of customers with the same conventions merge exactly
/// into the result of all of them ([`MrrMovements::merge`]), so movements can be computed per
/// partition and combined.
///
/// ```
/// use tenure::{mrr_movements, RevenueInput};
/// let input: RevenueInput = serde_json::from_str(r#"{"periods": [
///   {"customer": "a", "start": "2024-01-01", "end": "2024-03-01", "amount": "10"},
///   {"customer": "a", "start": "2024-03-01", "end": "2024-04-01", "amount": "15"},
///   {"customer": "b", "start": "2024-02-01", "end": "2024-03-01", "amount": "5"}
/// ]}"#).unwrap();
/// let m = mrr_movements(&input.customer_months()?)?;
/// let march = &m.months[2];
/// assert_eq!(march.month.to_string(), "2024-03");
/// assert_eq!(march.starting_mrr.to_string(), "15.00");
/// assert_eq!(march.expansion.to_string(), "5.00");   // a: 10 -> 15
/// assert_eq!(march.churn.to_string(), "5.00");       // b: no MRR in March
/// assert_eq!(march.ending_mrr.to_string(), "15.00");
/// # Ok::<(), tenure::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MrrMovements {
    /// The conventions used.
    pub convention: MrrConvention,
    /// Decimal digits of the minor unit of every amount.
    pub minor_unit_digits: u32,
    /// The currency, when the input named one.
    pub currency: Option<String>,
    /// One entry per month of the window, oldest first.
    pub months: Vec<MonthMovements>,
    /// Per segment (ascending names), the same months; customers without a segment are only
    /// in the totals.
    pub segments: Vec<SegmentMovements>,
}

/// One movement of one customer in one month.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MovementDetail {
    /// Customer id (a number for integer ids, a string otherwise).
    pub customer: serde_json::Value,
    /// The month the movement is counted in.
    pub month: Month,
    /// The customer's MRR in the previous month.
    pub previous_mrr: Decimal,
    /// The customer's MRR in the month.
    pub mrr: Decimal,
    /// The kind of movement.
    pub movement: MovementKind,
    /// The amount of the movement (positive).
    pub amount: Decimal,
}

/// Monthly sums in minor units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Acc {
    pub(crate) active: i128,
    pub(crate) new: i128,
    pub(crate) expansion: i128,
    pub(crate) contraction: i128,
    pub(crate) churn: i128,
    pub(crate) reactivation: i128,
    pub(crate) active_customers: u64,
    pub(crate) new_customers: u64,
    pub(crate) expansion_customers: u64,
    pub(crate) contraction_customers: u64,
    pub(crate) churned_customers: u64,
    pub(crate) reactivated_customers: u64,
}

impl Acc {
    #[inline]
    fn add(&mut self, kind: MovementKind, amount: i64) {
        let a = i128::from(amount);
        match kind {
            MovementKind::New => {
                self.new += a;
                self.new_customers += 1;
            }
            MovementKind::Expansion => {
                self.expansion += a;
                self.expansion_customers += 1;
            }
            MovementKind::Contraction => {
                self.contraction += a;
                self.contraction_customers += 1;
            }
            MovementKind::Churn => {
                self.churn += a;
                self.churned_customers += 1;
            }
            MovementKind::Reactivation => {
                self.reactivation += a;
                self.reactivated_customers += 1;
            }
        }
    }
}

/// Walks one customer's active months (ascending, MRR > 0) and reports every movement as
/// `(month, kind, amount, previous MRR, MRR)`. `last` is the last month of the window.
#[inline]
pub(crate) fn customer_movements(
    months: &[i32],
    mrr: &[i64],
    convention: &MrrConvention,
    last: i32,
    mut emit: impl FnMut(i32, MovementKind, i64, i64, i64),
) {
    let last_active_churn = convention.churn_recognition == ChurnRecognition::LastActiveMonth;
    let window = convention.reactivation_window_months;
    let mut prev: Option<(i32, i64)> = None;
    // MRR of the month before the previous active month (for the detail of a last-month churn).
    let mut before_prev: i64 = 0;
    for (&m, &v) in months.iter().zip(mrr) {
        match prev {
            Some((pm, pv)) if pm + 1 == m => {
                if v > pv {
                    emit(m, MovementKind::Expansion, v - pv, pv, v);
                } else if v < pv {
                    emit(m, MovementKind::Contraction, pv - v, pv, v);
                }
                before_prev = pv;
            }
            Some((pm, pv)) => {
                if last_active_churn {
                    emit(pm, MovementKind::Churn, pv, before_prev, pv);
                } else {
                    emit(pm + 1, MovementKind::Churn, pv, pv, 0);
                }
                // Months without MRR between the last active month and this one.
                let gap = i64::from(m) - i64::from(pm) - 1;
                let kind = match window {
                    Some(n) if gap > i64::from(n) => MovementKind::New,
                    _ => MovementKind::Reactivation,
                };
                emit(m, kind, v, 0, v);
                before_prev = 0;
            }
            None => {
                emit(m, MovementKind::New, v, 0, v);
                before_prev = 0;
            }
        }
        prev = Some((m, v));
    }
    if let Some((pm, pv)) = prev {
        if pm < last {
            if last_active_churn {
                emit(pm, MovementKind::Churn, pv, before_prev, pv);
            } else {
                emit(pm + 1, MovementKind::Churn, pv, pv, 0);
            }
        }
    }
}

/// Computes the MRR movements of every month of the window of `customer_months`, with the
/// conventions it was built with.
///
/// Errors: `input.out_of_range` when a sum exceeds the 96 bits of a decimal.
pub fn mrr_movements(customer_months: &CustomerMonths) -> Result<MrrMovements> {
    let cm = customer_months;
    let convention = *cm.convention();
    let digits = cm.minor_unit_digits();
    let Some((first, last)) = cm.window() else {
        return Ok(MrrMovements {
            convention,
            minor_unit_digits: digits,
            currency: cm.currency().map(str::to_string),
            months: Vec::new(),
            segments: Vec::new(),
        });
    };
    let (f, l) = (first.index(), last.index());
    let len = usize::try_from(l - f + 1).unwrap_or(0);
    let mut totals = vec![Acc::default(); len];
    let segment_count = cm.segment_names().len();
    let mut segments = vec![vec![Acc::default(); len]; segment_count];
    let offsets = cm.offsets();
    let all_months = cm.month_indices();
    let all_mrr = cm.mrr_minor();
    for (i, bounds) in offsets.windows(2).enumerate() {
        let [a, b] = bounds else { continue };
        let months = all_months.get(*a..*b).unwrap_or(&[]);
        let mrr = all_mrr.get(*a..*b).unwrap_or(&[]);
        let segment = cm
            .segment_index(i)
            .and_then(|s| segments.get_mut(s as usize));
        match segment {
            None => accumulate(&mut totals, None, months, mrr, &convention, f, l),
            Some(seg) => accumulate(&mut totals, Some(seg), months, mrr, &convention, f, l),
        }
    }
    let months = finish_months(&totals, first, &convention, digits)?;
    let mut out_segments = Vec::with_capacity(segment_count);
    for (name, accs) in cm.segment_names().iter().zip(&segments) {
        out_segments.push(SegmentMovements {
            segment: name.clone(),
            months: finish_months(accs, first, &convention, digits)?,
        });
    }
    Ok(MrrMovements {
        convention,
        minor_unit_digits: digits,
        currency: cm.currency().map(str::to_string),
        months,
        segments: out_segments,
    })
}

#[inline]
fn accumulate(
    totals: &mut [Acc],
    mut segment: Option<&mut Vec<Acc>>,
    months: &[i32],
    mrr: &[i64],
    convention: &MrrConvention,
    first: i32,
    last: i32,
) {
    for (&m, &v) in months.iter().zip(mrr) {
        let k = (m - first) as usize;
        if let Some(acc) = totals.get_mut(k) {
            acc.active += i128::from(v);
            acc.active_customers += 1;
        }
        if let Some(acc) = segment.as_mut().and_then(|s| s.get_mut(k)) {
            acc.active += i128::from(v);
            acc.active_customers += 1;
        }
    }
    customer_movements(months, mrr, convention, last, |m, kind, amount, _, _| {
        let k = (m - first) as usize;
        if let Some(acc) = totals.get_mut(k) {
            acc.add(kind, amount);
        }
        if let Some(acc) = segment.as_mut().and_then(|s| s.get_mut(k)) {
            acc.add(kind, amount);
        }
    });
}

fn money(minor: i128, digits: u32) -> Result<Decimal> {
    minor_to_decimal(minor, digits)
        .ok_or_else(|| Error::new(ErrorCode::InputOutOfRange, "", "an MRR sum exceeds 96 bits"))
}

fn finish_months(
    accs: &[Acc],
    first: Month,
    convention: &MrrConvention,
    digits: u32,
) -> Result<Vec<MonthMovements>> {
    let last_active_churn = convention.churn_recognition == ChurnRecognition::LastActiveMonth;
    let mut out = Vec::with_capacity(accs.len());
    let (mut start, mut start_customers) = (0i128, 0u64);
    for (k, acc) in accs.iter().enumerate() {
        let (end, end_customers) = if last_active_churn {
            (
                acc.active - acc.churn,
                acc.active_customers.saturating_sub(acc.churned_customers),
            )
        } else {
            (acc.active, acc.active_customers)
        };
        out.push(MonthMovements {
            month: first.add_months(i32::try_from(k).unwrap_or(i32::MAX))?,
            starting_mrr: money(start, digits)?,
            new: money(acc.new, digits)?,
            expansion: money(acc.expansion, digits)?,
            contraction: money(acc.contraction, digits)?,
            churn: money(acc.churn, digits)?,
            reactivation: money(acc.reactivation, digits)?,
            ending_mrr: money(end, digits)?,
            starting_customers: start_customers,
            new_customers: acc.new_customers,
            expansion_customers: acc.expansion_customers,
            contraction_customers: acc.contraction_customers,
            churned_customers: acc.churned_customers,
            reactivated_customers: acc.reactivated_customers,
            ending_customers: end_customers,
        });
        start = end;
        start_customers = end_customers;
    }
    Ok(out)
}

/// The movement of every customer and month, customer by customer (ascending id), months
/// ascending; months without a movement are not listed.
///
/// ```
/// use tenure::{movement_detail, MovementKind, RevenueInput};
/// let input: RevenueInput = serde_json::from_str(r#"{"snapshots": [
///   {"customer": "a", "month": "2024-01", "mrr": "10"},
///   {"customer": "a", "month": "2024-02", "mrr": "8"},
///   {"customer": "b", "month": "2024-03", "mrr": "1"}
/// ]}"#).unwrap();
/// let detail = movement_detail(&input.customer_months()?)?;
/// let kinds: Vec<_> = detail.iter().map(|d| (d.month.to_string(), d.movement)).collect();
/// assert_eq!(kinds, [
///     ("2024-01".to_string(), MovementKind::New),
///     ("2024-02".to_string(), MovementKind::Contraction),
///     ("2024-03".to_string(), MovementKind::Churn),
///     ("2024-03".to_string(), MovementKind::New),
/// ]);
/// # Ok::<(), tenure::Error>(())
/// ```
pub fn movement_detail(customer_months: &CustomerMonths) -> Result<Vec<MovementDetail>> {
    let cm = customer_months;
    let Some((_, last)) = cm.window() else {
        return Ok(Vec::new());
    };
    let digits = cm.minor_unit_digits();
    let convention = *cm.convention();
    let mut out = Vec::new();
    let mut failure: Option<Error> = None;
    for i in 0..cm.customer_count() {
        let (months, mrr) = cm.customer_rows(i);
        let id = cm.customers().json(i);
        customer_movements(
            months,
            mrr,
            &convention,
            last.index(),
            |m, kind, amount, prev, cur| {
                let row = (|| -> Result<MovementDetail> {
                    Ok(MovementDetail {
                        customer: id.clone(),
                        month: Month::from_index(m)?,
                        previous_mrr: money(i128::from(prev), digits)?,
                        mrr: money(i128::from(cur), digits)?,
                        movement: kind,
                        amount: money(i128::from(amount), digits)?,
                    })
                })();
                match row {
                    Ok(r) => out.push(r),
                    Err(e) => failure = failure.take().or(Some(e)),
                }
            },
        );
    }
    match failure {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

fn mismatch(path: &str, message: &str) -> Error {
    Error::new(ErrorCode::InputPartialMismatch, path, message)
}

fn add(a: Decimal, b: Decimal) -> Result<Decimal> {
    a.checked_add(b)
        .ok_or_else(|| Error::new(ErrorCode::InputOutOfRange, "", "an MRR sum exceeds 96 bits"))
}

fn zero_month(month: Month, digits: u32) -> MonthMovements {
    let zero = Decimal::new(0, digits);
    MonthMovements {
        month,
        starting_mrr: zero,
        new: zero,
        expansion: zero,
        contraction: zero,
        churn: zero,
        reactivation: zero,
        ending_mrr: zero,
        starting_customers: 0,
        new_customers: 0,
        expansion_customers: 0,
        contraction_customers: 0,
        churned_customers: 0,
        reactivated_customers: 0,
        ending_customers: 0,
    }
}

/// Extends a series of months to `first..=last` as if its window ended at `last`: earlier
/// months are empty; the customers still active at the end of the series churn (in the next
/// month, or in its last month under `last_active_month`) and later months are empty.
fn extend(
    months: &[MonthMovements],
    first: Month,
    last: Month,
    recognition: ChurnRecognition,
    digits: u32,
) -> Result<Vec<MonthMovements>> {
    let mut out = Vec::new();
    let (Some(own_first), Some(own_last)) = (months.first(), months.last()) else {
        let mut m = first;
        while m <= last {
            out.push(zero_month(m, digits));
            m = m.add_months(1)?;
        }
        return Ok(out);
    };
    let mut m = first;
    while m < own_first.month {
        out.push(zero_month(m, digits));
        m = m.add_months(1)?;
    }
    out.extend(months.iter().cloned());
    if own_last.month < last {
        let (end, end_customers) = (own_last.ending_mrr, own_last.ending_customers);
        if recognition == ChurnRecognition::LastActiveMonth {
            if let Some(tail) = out.last_mut() {
                tail.churn = add(tail.churn, end)?;
                tail.churned_customers += end_customers;
                tail.ending_mrr = Decimal::new(0, digits);
                tail.ending_customers = 0;
            }
        }
        let mut m = own_last.month.add_months(1)?;
        let mut first_after = true;
        while m <= last {
            let mut month = zero_month(m, digits);
            if first_after && recognition == ChurnRecognition::NextMonth {
                month.starting_mrr = end;
                month.starting_customers = end_customers;
                month.churn = end;
                month.churned_customers = end_customers;
            }
            first_after = false;
            out.push(month);
            m = m.add_months(1)?;
        }
    }
    Ok(out)
}

fn add_months_series(a: &[MonthMovements], b: &[MonthMovements]) -> Result<Vec<MonthMovements>> {
    a.iter()
        .zip(b)
        .map(|(x, y)| {
            Ok(MonthMovements {
                month: x.month,
                starting_mrr: add(x.starting_mrr, y.starting_mrr)?,
                new: add(x.new, y.new)?,
                expansion: add(x.expansion, y.expansion)?,
                contraction: add(x.contraction, y.contraction)?,
                churn: add(x.churn, y.churn)?,
                reactivation: add(x.reactivation, y.reactivation)?,
                ending_mrr: add(x.ending_mrr, y.ending_mrr)?,
                starting_customers: x.starting_customers + y.starting_customers,
                new_customers: x.new_customers + y.new_customers,
                expansion_customers: x.expansion_customers + y.expansion_customers,
                contraction_customers: x.contraction_customers + y.contraction_customers,
                churned_customers: x.churned_customers + y.churned_customers,
                reactivated_customers: x.reactivated_customers + y.reactivated_customers,
                ending_customers: x.ending_customers + y.ending_customers,
            })
        })
        .collect()
}

impl MrrMovements {
    /// The first and last month, when there is any month.
    pub fn window(&self) -> Option<(Month, Month)> {
        Some((self.months.first()?.month, self.months.last()?.month))
    }

    /// Merges the movements of another, disjoint set of customers computed with the same
    /// conventions and minor unit: the result is what all customers together give. Merging is
    /// associative and commutative. Windows may differ: a shorter series is extended as its
    /// customers would be in the longer window (its customers still active at its last month
    /// have no MRR after it).
    ///
    /// Errors: `input.partial_mismatch` (different conventions, minor units or currencies).
    pub fn merge(&self, other: &MrrMovements) -> Result<MrrMovements> {
        if self.convention != other.convention {
            return Err(mismatch(
                "convention",
                "partial results use different conventions",
            ));
        }
        if self.minor_unit_digits != other.minor_unit_digits {
            return Err(mismatch(
                "minor_unit_digits",
                "partial results use different minor units",
            ));
        }
        let currency = match (&self.currency, &other.currency) {
            (Some(a), Some(b)) if a != b => {
                return Err(
                    mismatch("currency", "partial results are in different currencies")
                        .with_value(b.as_str()),
                )
            }
            (a, b) => a.clone().or_else(|| b.clone()),
        };
        let (first, last) = match (self.window(), other.window()) {
            (None, None) => {
                return Ok(MrrMovements {
                    currency,
                    ..self.clone()
                })
            }
            (Some(w), None) | (None, Some(w)) => w,
            (Some(a), Some(b)) => (a.0.min(b.0), a.1.max(b.1)),
        };
        let recognition = self.convention.churn_recognition;
        let digits = self.minor_unit_digits;
        let months = add_months_series(
            &extend(&self.months, first, last, recognition, digits)?,
            &extend(&other.months, first, last, recognition, digits)?,
        )?;
        let mut names: Vec<&str> = self
            .segments
            .iter()
            .chain(&other.segments)
            .map(|s| s.segment.as_str())
            .collect();
        names.sort_unstable();
        names.dedup();
        let mut segments = Vec::with_capacity(names.len());
        let find = |list: &[SegmentMovements], name: &str| -> Vec<MonthMovements> {
            list.iter()
                .find(|s| s.segment == name)
                .map(|s| s.months.clone())
                .unwrap_or_default()
        };
        for name in names {
            segments.push(SegmentMovements {
                segment: name.to_string(),
                months: add_months_series(
                    &extend(
                        &find(&self.segments, name),
                        first,
                        last,
                        recognition,
                        digits,
                    )?,
                    &extend(
                        &find(&other.segments, name),
                        first,
                        last,
                        recognition,
                        digits,
                    )?,
                )?,
            });
        }
        Ok(MrrMovements {
            convention: self.convention,
            minor_unit_digits: self.minor_unit_digits,
            currency,
            months,
            segments,
        })
    }
}

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
