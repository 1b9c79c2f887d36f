//! The movement kinds and the result types of MRR movements, the walk over one customer's
//! active months that finds its movements, and [`mrr_movements`], the monthly sums in total and
//! per segment.

use crate::error::{Error, ErrorCode, Result};
use crate::revenue::convention::{ChurnRecognition, MrrConvention};
use crate::revenue::customer_months::CustomerMonths;
use crate::revenue::month::Month;
use crate::shared::money::minor_to_decimal;
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

/// The sums of one month's movements: MRR in minor units and customer counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct MonthSums {
    active: i128,
    new: i128,
    expansion: i128,
    contraction: i128,
    churn: i128,
    reactivation: i128,
    active_customers: u64,
    new_customers: u64,
    expansion_customers: u64,
    contraction_customers: u64,
    churned_customers: u64,
    reactivated_customers: u64,
}

impl MonthSums {
    #[inline]
    fn record(&mut self, kind: MovementKind, amount: i64) {
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
pub(super) fn customer_movements(
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
    let mut totals = vec![MonthSums::default(); len];
    let segment_count = cm.segment_names().len();
    let mut segments = vec![vec![MonthSums::default(); len]; segment_count];
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
    for (name, sums) in cm.segment_names().iter().zip(&segments) {
        out_segments.push(SegmentMovements {
            segment: name.clone(),
            months: finish_months(sums, first, &convention, digits)?,
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
    totals: &mut [MonthSums],
    mut segment: Option<&mut Vec<MonthSums>>,
    months: &[i32],
    mrr: &[i64],
    convention: &MrrConvention,
    first: i32,
    last: i32,
) {
    for (&m, &v) in months.iter().zip(mrr) {
        let k = (m - first) as usize;
        if let Some(month_sums) = totals.get_mut(k) {
            month_sums.active += i128::from(v);
            month_sums.active_customers += 1;
        }
        if let Some(month_sums) = segment.as_mut().and_then(|s| s.get_mut(k)) {
            month_sums.active += i128::from(v);
            month_sums.active_customers += 1;
        }
    }
    customer_movements(months, mrr, convention, last, |m, kind, amount, _, _| {
        let k = (m - first) as usize;
        if let Some(month_sums) = totals.get_mut(k) {
            month_sums.record(kind, amount);
        }
        if let Some(month_sums) = segment.as_mut().and_then(|s| s.get_mut(k)) {
            month_sums.record(kind, amount);
        }
    });
}

pub(in crate::revenue) fn mrr_sum_decimal(minor: i128, digits: u32) -> Result<Decimal> {
    minor_to_decimal(minor, digits)
        .ok_or_else(|| Error::new(ErrorCode::InputOutOfRange, "", "an MRR sum exceeds 96 bits"))
}

fn finish_months(
    sums: &[MonthSums],
    first: Month,
    convention: &MrrConvention,
    digits: u32,
) -> Result<Vec<MonthMovements>> {
    let last_active_churn = convention.churn_recognition == ChurnRecognition::LastActiveMonth;
    let mut out = Vec::with_capacity(sums.len());
    let (mut start, mut start_customers) = (0i128, 0u64);
    for (k, month_sums) in sums.iter().enumerate() {
        let (end, end_customers) = if last_active_churn {
            (
                month_sums.active - month_sums.churn,
                month_sums
                    .active_customers
                    .saturating_sub(month_sums.churned_customers),
            )
        } else {
            (month_sums.active, month_sums.active_customers)
        };
        out.push(MonthMovements {
            month: first.add_months(i32::try_from(k).unwrap_or(i32::MAX))?,
            starting_mrr: mrr_sum_decimal(start, digits)?,
            new: mrr_sum_decimal(month_sums.new, digits)?,
            expansion: mrr_sum_decimal(month_sums.expansion, digits)?,
            contraction: mrr_sum_decimal(month_sums.contraction, digits)?,
            churn: mrr_sum_decimal(month_sums.churn, digits)?,
            reactivation: mrr_sum_decimal(month_sums.reactivation, digits)?,
            ending_mrr: mrr_sum_decimal(end, digits)?,
            starting_customers: start_customers,
            new_customers: month_sums.new_customers,
            expansion_customers: month_sums.expansion_customers,
            contraction_customers: month_sums.contraction_customers,
            churned_customers: month_sums.churned_customers,
            reactivated_customers: month_sums.reactivated_customers,
            ending_customers: end_customers,
        });
        start = end;
        start_customers = end_customers;
    }
    Ok(out)
}
