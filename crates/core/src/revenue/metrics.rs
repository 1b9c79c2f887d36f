//! Retention metrics over a month or a range of months: NRR, GRR, logo retention, expansion
//! rate, gross and net MRR churn, quick ratio; in total and per segment.

use super::customer_months::CustomerMonths;
use super::month::Month;
use super::movements::{mrr_movements, mrr_sum_decimal};
use super::records::RevenueInput;
use crate::error::{Error, ErrorCode, Result};
use crate::shared::money::decimal_to_f64;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// Decimal places of every ratio's `value`.
pub const RATIO_DECIMALS: u32 = 10;

/// A ratio with its exact numerator and denominator.
///
/// `value` is `numerator / denominator` rounded to [`RATIO_DECIMALS`] (10) decimal places, half
/// to even, then taken as the nearest `f64`; `None` when the denominator is 0 (the ratio is
/// undefined, never a division by zero).
///
/// ```
/// use tenure::Ratio;
/// use rust_decimal::Decimal;
/// let r = Ratio::new(Decimal::new(2, 0), Decimal::new(3, 0));
/// assert_eq!(r.value, Some(0.6666666667));
/// assert_eq!(Ratio::new(Decimal::ONE, Decimal::ZERO).value, None);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ratio {
    /// Exact numerator.
    pub numerator: Decimal,
    /// Exact denominator.
    pub denominator: Decimal,
    /// The ratio, or `None` when the denominator is 0.
    pub value: Option<f64>,
}

impl Ratio {
    /// The ratio of two exact values.
    pub fn new(numerator: Decimal, denominator: Decimal) -> Ratio {
        Ratio {
            numerator,
            denominator,
            value: ratio_value(numerator, denominator),
        }
    }
}

/// `n / d` rounded to 10 decimals, half to even, as the nearest double (`None` for d = 0).
fn ratio_value(n: Decimal, d: Decimal) -> Option<f64> {
    if d.is_zero() {
        return None;
    }
    // Exact integer arithmetic when it fits: n / d = (n_m · 10^-ns) / (d_m · 10^-ds).
    let exact = (|| {
        let (nm, dm) = (n.mantissa(), d.mantissa());
        let (ns, ds) = (n.scale(), d.scale());
        // q = n_m · 10^(10 + ds - ns) / d_m
        let shift = i64::from(RATIO_DECIMALS) + i64::from(ds) - i64::from(ns);
        let (mut num, mut den) = (nm, dm);
        if shift >= 0 {
            num = num.checked_mul(10i128.checked_pow(u32::try_from(shift).ok()?)?)?;
        } else {
            den = den.checked_mul(10i128.checked_pow(u32::try_from(-shift).ok()?)?)?;
        }
        if den < 0 {
            num = num.checked_neg()?;
            den = den.checked_neg()?;
        }
        let q = num.div_euclid(den);
        let r = num.rem_euclid(den);
        // Round half to even: compare 2r with den.
        let twice = r.checked_mul(2)?;
        let q = if twice > den || (twice == den && q.rem_euclid(2) == 1) {
            q.checked_add(1)?
        } else {
            q
        };
        let scaled = Decimal::try_from_i128_with_scale(q, RATIO_DECIMALS).ok()?;
        Some(scaled)
    })();
    match exact {
        Some(v) => f64::from_str(&v.to_string()).ok(),
        // Beyond 10^28 (no sum of money gets there): the quotient of the nearest doubles.
        None => Some(decimal_to_f64(n) / decimal_to_f64(d)),
    }
}

/// Retention metrics over the months `from..=through` for one set of customers.
///
/// The retention figures follow the customers that had MRR in the month before `from` (the
/// base month): each one's MRR then (`starting_mrr`) is compared with its MRR in `through`. A
/// customer paying more is expansion, less (but more than 0) contraction, nothing churn:
/// - NRR = (starting + expansion - contraction - churn) / starting;
/// - GRR = (starting - contraction - churn) / starting, never above 1;
/// - logo retention = base customers with MRR in `through` / base customers;
/// - expansion rate = expansion / starting;
/// - gross MRR churn = (contraction + churn) / starting; net MRR churn =
///   (contraction + churn - expansion) / starting (negative when expansion wins).
///
/// For a single month these are that month's movements under `next_month` churn recognition;
/// they do not depend on the churn-recognition or reactivation conventions. The quick ratio
/// is a flow over the months of the range: (new + expansion + reactivation) / (contraction +
/// churn) of the monthly movements, with the conventions; undefined without any loss.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionMetrics {
    /// Segment, `None` for all customers.
    pub segment: Option<String>,
    /// First month of the range.
    pub from: Month,
    /// Last month of the range.
    pub through: Month,
    /// The month before `from`, whose customers are followed.
    pub base_month: Month,
    /// Customers with MRR in the base month.
    pub starting_customers: u64,
    /// Of those, customers with MRR in `through`.
    pub retained_customers: u64,
    /// Their MRR in the base month.
    pub starting_mrr: Decimal,
    /// Their MRR in `through`.
    pub ending_mrr: Decimal,
    /// Increase of the customers paying more in `through` than in the base month.
    pub expansion: Decimal,
    /// Decrease of the customers paying less (but more than 0).
    pub contraction: Decimal,
    /// Base-month MRR of the customers with no MRR in `through`.
    pub churn: Decimal,
    /// Net revenue retention.
    pub nrr: Ratio,
    /// Gross revenue retention.
    pub grr: Ratio,
    /// Logo (customer) retention.
    pub logo_retention: Ratio,
    /// Expansion rate.
    pub expansion_rate: Ratio,
    /// Gross MRR churn rate.
    pub gross_mrr_churn: Ratio,
    /// Net MRR churn rate.
    pub net_mrr_churn: Ratio,
    /// Quick ratio of the range's monthly movements.
    pub quick_ratio: Ratio,
}

/// Retention metrics of all customers and of each segment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionReport {
    /// All customers.
    pub total: RetentionMetrics,
    /// Per segment, ascending names.
    pub segments: Vec<RetentionMetrics>,
}

/// Sums over the customers of the base month (all of them, or one segment's).
#[derive(Clone, Copy, Default)]
struct BaseCustomerSums {
    customers: u64,
    retained: u64,
    start: i128,
    end: i128,
    expansion: i128,
    contraction: i128,
    churn: i128,
}

fn mrr_in(months: &[i32], mrr: &[i64], month: i32) -> i64 {
    months
        .binary_search(&month)
        .ok()
        .and_then(|k| mrr.get(k))
        .copied()
        .unwrap_or(0)
}

/// Retention metrics over `from..=through` (one month when equal), in total and per segment.
///
/// Errors: `input.date_order` when `through` is before `from`; `input.out_of_range` when a
/// sum exceeds 96 bits.
///
/// ```
/// use tenure::{retention_metrics, RevenueInput, Month};
/// let input: RevenueInput = serde_json::from_str(r#"{"snapshots": [
///   {"customer": "a", "month": "2024-01", "mrr": "100"}, {"customer": "a", "month": "2024-02", "mrr": "120"},
///   {"customer": "b", "month": "2024-01", "mrr": "50"},  {"customer": "c", "month": "2024-02", "mrr": "30"}
/// ]}"#).unwrap();
/// let feb = Month::new(2024, 2)?;
/// let report = retention_metrics(&input.customer_months()?, feb, feb)?;
/// let m = &report.total;
/// assert_eq!(m.nrr.value, Some(0.8));             // (150 + 20 - 0 - 50) / 150
/// assert_eq!(m.grr.value, Some(0.6666666667));     // (150 - 50) / 150
/// assert_eq!(m.logo_retention.value, Some(0.5));
/// assert_eq!(m.quick_ratio.value, Some(1.0));     // (30 + 20) / 50
/// # Ok::<(), tenure::Error>(())
/// ```
pub fn retention_metrics(
    customer_months: &CustomerMonths,
    from: Month,
    through: Month,
) -> Result<RetentionReport> {
    if through < from {
        return Err(Error::new(
            ErrorCode::InputDateOrder,
            "through",
            "the range ends before it starts",
        )
        .with_value(through.to_string()));
    }
    let cm = customer_months;
    let base = from.add_months(-1)?;
    let (b, t) = (base.index(), through.index());
    let segment_count = cm.segment_names().len();
    let mut total = BaseCustomerSums::default();
    let mut segments = vec![BaseCustomerSums::default(); segment_count];
    for i in 0..cm.customer_count() {
        let (months, mrr) = cm.customer_rows(i);
        let s = mrr_in(months, mrr, b);
        if s == 0 {
            continue;
        }
        let e = mrr_in(months, mrr, t);
        let mut c = BaseCustomerSums {
            customers: 1,
            start: i128::from(s),
            end: i128::from(e),
            ..BaseCustomerSums::default()
        };
        if e == 0 {
            c.churn = i128::from(s);
        } else {
            c.retained = 1;
            if e > s {
                c.expansion = i128::from(e - s);
            } else {
                c.contraction = i128::from(s - e);
            }
        }
        add_sums(&mut total, &c);
        if let Some(seg) = cm
            .segment_index(i)
            .and_then(|s| segments.get_mut(s as usize))
        {
            add_sums(seg, &c);
        }
    }
    // Quick ratio: monthly movements of the range.
    let movements = mrr_movements(cm)?;
    let flow = |months: &[super::movements::MonthMovements]| -> Result<(Decimal, Decimal)> {
        let mut gain = Decimal::ZERO;
        let mut loss = Decimal::ZERO;
        for m in months
            .iter()
            .filter(|m| m.month >= from && m.month <= through)
        {
            gain = checked_sum(gain, m.new)
                .and_then(|g| checked_sum(g, m.expansion))
                .and_then(|g| checked_sum(g, m.reactivation))?;
            loss = checked_sum(loss, m.contraction).and_then(|l| checked_sum(l, m.churn))?;
        }
        Ok((gain, loss))
    };
    let digits = cm.minor_unit_digits();
    let total_flow = flow(&movements.months)?;
    let mut out_segments = Vec::with_capacity(segment_count);
    for (k, name) in cm.segment_names().iter().enumerate() {
        let cohort = segments.get(k).copied().unwrap_or_default();
        let seg_flow = movements
            .segments
            .iter()
            .find(|s| &s.segment == name)
            .map(|s| flow(&s.months))
            .transpose()?
            .unwrap_or((Decimal::ZERO, Decimal::ZERO));
        out_segments.push(metrics(
            Some(name.clone()),
            from,
            through,
            base,
            &cohort,
            seg_flow,
            digits,
        )?);
    }
    Ok(RetentionReport {
        total: metrics(None, from, through, base, &total, total_flow, digits)?,
        segments: out_segments,
    })
}

fn add_sums(into: &mut BaseCustomerSums, c: &BaseCustomerSums) {
    into.customers += c.customers;
    into.retained += c.retained;
    into.start += c.start;
    into.end += c.end;
    into.expansion += c.expansion;
    into.contraction += c.contraction;
    into.churn += c.churn;
}

fn checked_sum(a: Decimal, b: Decimal) -> Result<Decimal> {
    a.checked_add(b)
        .ok_or_else(|| Error::new(ErrorCode::InputOutOfRange, "", "a sum exceeds 96 bits"))
}

fn metrics(
    segment: Option<String>,
    from: Month,
    through: Month,
    base: Month,
    c: &BaseCustomerSums,
    (gain, loss): (Decimal, Decimal),
    digits: u32,
) -> Result<RetentionMetrics> {
    let start = mrr_sum_decimal(c.start, digits)?;
    let expansion = mrr_sum_decimal(c.expansion, digits)?;
    let contraction = mrr_sum_decimal(c.contraction, digits)?;
    let churn = mrr_sum_decimal(c.churn, digits)?;
    let lost = mrr_sum_decimal(c.contraction + c.churn, digits)?;
    let customers = Decimal::from(c.customers);
    Ok(RetentionMetrics {
        segment,
        from,
        through,
        base_month: base,
        starting_customers: c.customers,
        retained_customers: c.retained,
        starting_mrr: start,
        ending_mrr: mrr_sum_decimal(c.end, digits)?,
        expansion,
        contraction,
        churn,
        nrr: Ratio::new(
            mrr_sum_decimal(c.start + c.expansion - c.contraction - c.churn, digits)?,
            start,
        ),
        grr: Ratio::new(
            mrr_sum_decimal(c.start - c.contraction - c.churn, digits)?,
            start,
        ),
        logo_retention: Ratio::new(Decimal::from(c.retained), customers),
        expansion_rate: Ratio::new(expansion, start),
        gross_mrr_churn: Ratio::new(lost, start),
        net_mrr_churn: Ratio::new(
            mrr_sum_decimal(c.contraction + c.churn - c.expansion, digits)?,
            start,
        ),
        quick_ratio: Ratio::new(gain, loss),
    })
}

/// A retention-metrics request as JSON: the data, the first month and the last month of the
/// range (`through` defaults to `from`).
///
/// ```
/// use tenure::MetricsRequest;
/// let request: MetricsRequest = serde_json::from_str(r#"{
///   "data": {"snapshots": [{"customer": "a", "month": "2024-01", "mrr": "10"}]},
///   "from": "2024-02"
/// }"#).unwrap();
/// let report = request.run()?;
/// assert_eq!(report.total.logo_retention.value, Some(0.0));
/// # Ok::<(), tenure::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsRequest {
    /// Periods or snapshots, and options.
    pub data: RevenueInput,
    /// First month of the range.
    pub from: Month,
    /// Last month of the range (default: `from`).
    #[serde(default)]
    pub through: Option<Month>,
}

impl MetricsRequest {
    /// Normalises the data and computes the metrics.
    pub fn run(&self) -> Result<RetentionReport> {
        let cm = self.data.customer_months().map_err(|e| e.within("data"))?;
        retention_metrics(&cm, self.from, self.through.unwrap_or(self.from))
    }
}
