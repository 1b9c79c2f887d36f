//! Revenue inputs (subscription periods, MRR snapshots, columns) and their normalisation into
//! customer-month MRR.

use super::cohort::CustomerIdColumn;
use super::convention::{ActiveMonth, MrrConvention, SameMonthCancel};
use super::month::Month;
use crate::error::{Error, ErrorCode, Result};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::str::FromStr;

/// How often a subscription is billed; its amount is normalised to a monthly amount (MRR).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BillingInterval {
    /// Every week: MRR = amount × 52 / 12.
    Weekly,
    /// Every month: MRR = amount. The default.
    #[default]
    Monthly,
    /// Every three months: MRR = amount / 3.
    Quarterly,
    /// Every six months: MRR = amount / 6.
    SemiAnnual,
    /// Every year: MRR = amount / 12.
    Annual,
}

impl BillingInterval {
    /// `(numerator, denominator)` of the factor that turns an amount into MRR.
    fn factor(self) -> (i64, i64) {
        match self {
            BillingInterval::Weekly => (52, 12),
            BillingInterval::Monthly => (1, 1),
            BillingInterval::Quarterly => (1, 3),
            BillingInterval::SemiAnnual => (1, 6),
            BillingInterval::Annual => (1, 12),
        }
    }

    /// The monthly amount of `amount` billed at this interval, exact (before rounding).
    pub fn monthly_amount(self, amount: Decimal) -> Option<Decimal> {
        let (num, den) = self.factor();
        amount
            .checked_mul(Decimal::from(num))?
            .checked_div(Decimal::from(den))
    }
}

/// A subscription period: a customer pays `amount` every `interval` from `start` (inclusive) to
/// `end` (exclusive; `None` = still running, which needs an `as_of`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubscriptionPeriod {
    /// Customer id.
    pub customer: String,
    /// First day of the period.
    pub start: NaiveDate,
    /// First day after the period; `None` while it runs.
    #[serde(default)]
    pub end: Option<NaiveDate>,
    /// Amount billed per interval (at least 0).
    pub amount: Decimal,
    /// Billing interval (default monthly).
    #[serde(default)]
    pub interval: BillingInterval,
    /// Customer segment (one per customer).
    #[serde(default)]
    pub segment: Option<String>,
    /// ISO currency code.
    #[serde(default)]
    pub currency: Option<String>,
}

/// The MRR of a customer in a month. A customer without a snapshot in a month of the window has
/// no MRR in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MrrSnapshot {
    /// Customer id.
    pub customer: String,
    /// The month.
    pub month: Month,
    /// Monthly recurring revenue (at least 0; 0 = inactive).
    pub mrr: Decimal,
    /// Customer segment (one per customer).
    #[serde(default)]
    pub segment: Option<String>,
    /// ISO currency code.
    #[serde(default)]
    pub currency: Option<String>,
}

/// Exchange rates into one reporting currency: an amount in currency `c` is worth
/// `amount × rates[c]` in `currency`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExchangeRates {
    /// Reporting currency.
    pub currency: String,
    /// Rate per other currency (positive).
    pub rates: BTreeMap<String, Decimal>,
}

/// Options of the normalisation into customer-month MRR.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MonthlyOptions {
    /// MRR conventions (also used by the movements computed from the result).
    pub convention: MrrConvention,
    /// Last month of the window: later months are dropped and running periods run through it.
    /// Without it the window ends with the last snapshot month, or for periods with the month
    /// after the last active month (so final churn shows).
    pub as_of: Option<Month>,
    /// Decimal digits of the currency's minor unit (0-8, default 2): every MRR is held as an
    /// integer number of minor units.
    pub minor_unit_digits: u32,
    /// Exchange rates; without them every input must be in one currency.
    pub exchange_rates: Option<ExchangeRates>,
}

impl Default for MonthlyOptions {
    fn default() -> Self {
        MonthlyOptions {
            convention: MrrConvention::default(),
            as_of: None,
            minor_unit_digits: 2,
            exchange_rates: None,
        }
    }
}

/// Customer ids: integers or text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum CustomerIds {
    /// Integer ids, ascending.
    Integers(Vec<i64>),
    /// Text ids, ascending (byte order).
    Texts(Vec<String>),
}

impl CustomerIds {
    /// Number of customers.
    pub fn len(&self) -> usize {
        match self {
            CustomerIds::Integers(v) => v.len(),
            CustomerIds::Texts(v) => v.len(),
        }
    }

    /// Whether there is no customer.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The id of customer `i` as JSON (number or string).
    pub fn json(&self, i: usize) -> serde_json::Value {
        match self {
            CustomerIds::Integers(v) => v.get(i).map_or(serde_json::Value::Null, |x| (*x).into()),
            CustomerIds::Texts(v) => v
                .get(i)
                .map_or(serde_json::Value::Null, |x| x.as_str().into()),
        }
    }

    /// The id of customer `i` as text.
    pub fn label(&self, i: usize) -> String {
        match self {
            CustomerIds::Integers(v) => v.get(i).map(i64::to_string).unwrap_or_default(),
            CustomerIds::Texts(v) => v.get(i).cloned().unwrap_or_default(),
        }
    }
}

/// Readers of host customer-id columns for the columnar movement entry (the Node.js and
/// browser bindings read their columns with them).
///
/// ```
/// use tenure::CustomerIdColumn;
/// let ids = CustomerIdColumn::from_values(vec![7.into(), 9.into()])?;
/// assert_eq!(ids, CustomerIdColumn::Integers(vec![7, 9]));
/// let ids = CustomerIdColumn::from_values(vec!["acme".into(), 9.into()])?;
/// assert_eq!(ids, CustomerIdColumn::Texts(vec!["acme".into(), "9".into()]));
/// let err = CustomerIdColumn::from_numbers(&[1.0, 2.5]).unwrap_err();
/// assert_eq!((err.code().as_str(), err.path()), ("input.parse", "customer[1]"));
/// # Ok::<(), tenure::Error>(())
/// ```
impl CustomerIdColumn {
    /// Ids from numbers (a `Float64Array`): each a whole number within ±2^53, else an
    /// `input.parse` error at `customer[i]`.
    pub fn from_numbers(numbers: &[f64]) -> Result<CustomerIdColumn> {
        let mut ids = Vec::with_capacity(numbers.len());
        for (i, x) in numbers.iter().enumerate() {
            if !(x.fract() == 0.0 && x.abs() <= 9_007_199_254_740_992.0) {
                return Err(Error::new(
                    ErrorCode::InputParse,
                    format!("customer[{i}]"),
                    "numeric customer ids are integers up to 2^53",
                )
                .with_number(*x));
            }
            ids.push(*x as i64);
        }
        Ok(CustomerIdColumn::Integers(ids))
    }

    /// Ids from JSON values: integers when every value is one (and there is at least one),
    /// otherwise texts, a number standing for its decimal text; any other value is an
    /// `input.parse` error at `customer[i]`.
    pub fn from_values(values: Vec<serde_json::Value>) -> Result<CustomerIdColumn> {
        if !values.is_empty() && values.iter().all(|v| v.as_i64().is_some()) {
            return Ok(CustomerIdColumn::Integers(
                values
                    .iter()
                    .filter_map(serde_json::Value::as_i64)
                    .collect(),
            ));
        }
        let mut texts = Vec::with_capacity(values.len());
        for (i, v) in values.into_iter().enumerate() {
            match v {
                serde_json::Value::String(s) => texts.push(s),
                serde_json::Value::Number(n) => texts.push(n.to_string()),
                other => {
                    return Err(Error::new(
                        ErrorCode::InputParse,
                        format!("customer[{i}]"),
                        "a customer id is a string or a number",
                    )
                    .with_value(other))
                }
            }
        }
        Ok(CustomerIdColumn::Texts(texts))
    }
}

/// A customer id column of [`CustomerMonths::from_columns`].
#[derive(Clone, Copy, Debug)]
pub enum CustomerColumn<'a> {
    /// Integer ids.
    Integers(&'a [i64]),
    /// Text ids.
    Texts(&'a [&'a str]),
}

/// A month column of [`CustomerMonths::from_columns`].
#[derive(Clone, Copy, Debug)]
pub enum MonthColumn<'a> {
    /// Month indices: months since January 1970 (NumPy `datetime64[M]` as int64).
    Indices(&'a [i64]),
    /// Months.
    Months(&'a [Month]),
    /// Days since 1970-01-01 (NumPy `datetime64[D]`, Arrow `date32`); each row counts for the
    /// month of its day.
    Days(&'a [i64]),
    /// Timestamps since 1970-01-01T00:00 in units of which `units_per_day` make a day (NumPy
    /// `datetime64[ns]` as int64: 86,400,000,000,000); each row counts for the month of its
    /// (UTC) day. `i64::MIN` (NumPy's NaT) is an error.
    Timestamps {
        /// The timestamps.
        values: &'a [i64],
        /// Units per day.
        units_per_day: i64,
    },
}

/// An MRR column of [`CustomerMonths::from_columns`].
#[derive(Clone, Copy, Debug)]
pub enum MrrColumn<'a> {
    /// Amounts as doubles, each taken at its shortest round-trip decimal (the digits Python's
    /// `repr` prints) and rounded to the minor unit, half away from zero.
    Floats(&'a [f64]),
    /// Amounts in minor units (cents for 2 digits).
    MinorUnits(&'a [i64]),
    /// Exact amounts, rounded to the minor unit half away from zero.
    Decimals(&'a [Decimal]),
}

/// Customer-month rows given as columns, one row per customer and month.
#[derive(Clone, Copy, Debug)]
pub struct CustomerMonthColumns<'a> {
    /// Customer id per row.
    pub customer: CustomerColumn<'a>,
    /// Month per row.
    pub month: MonthColumn<'a>,
    /// MRR per row (at least 0; 0 = inactive).
    pub mrr: MrrColumn<'a>,
    /// Segment per row (one per customer), if any.
    pub segment: Option<&'a [Option<&'a str>]>,
}

/// Customer-month MRR: for every customer (ascending id) its active months (ascending, MRR > 0)
/// in integer minor units, and the window of months observed.
///
/// Money is held as `i64` minor units (10^-`minor_unit_digits` of the currency). A normalised
/// MRR (an annual amount / 12, a weekly one × 52 / 12, a converted currency, a snapshot with
/// more digits) is rounded to the minor unit once, half away from zero, before any sum; sums are
/// exact integers from then on.
///
/// ```
/// use tenure::{CustomerMonths, MonthlyOptions, SubscriptionPeriod, BillingInterval};
/// let periods: Vec<SubscriptionPeriod> = serde_json::from_str(r#"[
///   {"customer": "a", "start": "2024-01-01", "end": "2024-04-01", "amount": "1200", "interval": "annual"},
///   {"customer": "b", "start": "2024-02-01", "end": "2024-03-01", "amount": "10.00", "interval": "weekly"}
/// ]"#).unwrap();
/// let cm = CustomerMonths::from_periods(&periods, &MonthlyOptions::default())?;
/// assert_eq!(cm.customer_count(), 2);
/// let (months, mrr) = cm.customer_rows(1);        // b: 10 × 52 / 12 = 43.333… -> 43.33
/// assert_eq!(mrr, &[4333]);
/// assert_eq!(months.len(), 1);
/// let (first, last) = cm.window().unwrap();
/// assert_eq!((first.to_string(), last.to_string()), ("2024-01".into(), "2024-04".into()));
/// # Ok::<(), tenure::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct CustomerMonths {
    customers: CustomerIds,
    /// Segment index per customer (empty when no input names a segment).
    customer_segment: Vec<Option<u32>>,
    segment_names: Vec<String>,
    /// Rows of customer `i` are `offsets[i]..offsets[i + 1]`.
    offsets: Vec<usize>,
    months: Vec<i32>,
    mrr: Vec<i64>,
    window: Option<(Month, Month)>,
    minor_unit_digits: u32,
    currency: Option<String>,
    convention: MrrConvention,
}

/// One customer-month row before assembly: customer index, month index, minor units, source row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Row {
    customer: u32,
    month: i32,
    mrr: i64,
    source: u32,
}

const MAX_DIGITS: u32 = 8;

fn check_options(options: &MonthlyOptions) -> Result<()> {
    if options.minor_unit_digits > MAX_DIGITS {
        return Err(Error::new(
            ErrorCode::InputOutOfRange,
            "options.minor_unit_digits",
            "the minor unit has 0 to 8 decimal digits",
        )
        .with_value(options.minor_unit_digits));
    }
    if let Some(rates) = &options.exchange_rates {
        for (currency, rate) in &rates.rates {
            if *rate <= Decimal::ZERO {
                return Err(Error::new(
                    ErrorCode::InputOutOfRange,
                    format!("options.exchange_rates.rates.{currency}"),
                    "exchange rates are positive",
                )
                .with_value(rate.to_string()));
            }
        }
    }
    Ok(())
}

/// Rounds an exact amount to minor units, half away from zero.
pub(crate) fn decimal_to_minor(amount: Decimal, digits: u32) -> Option<i64> {
    scaled_to_minor(amount, 1, 1, digits)
}

/// `amount × num / den` in minor units (10^-digits), rounded half away from zero, with exact
/// integer arithmetic (no decimal division): `round(m × num × 10^digits / (den × 10^scale))`
/// for the mantissa `m` and scale of `amount`.
pub(crate) fn scaled_to_minor(amount: Decimal, num: i128, den: i128, digits: u32) -> Option<i64> {
    let n = amount
        .mantissa()
        .checked_mul(num)?
        .checked_mul(10i128.checked_pow(digits)?)?;
    let d = den.checked_mul(10i128.checked_pow(amount.scale())?)?;
    if d <= 0 {
        return None;
    }
    // Half away from zero: (2|n| + d) / 2d, with the sign of n.
    let q = n
        .unsigned_abs()
        .checked_mul(2)?
        .checked_add(d.unsigned_abs())?
        / d.unsigned_abs().checked_mul(2)?;
    let q = i64::try_from(q).ok()?;
    Some(if n < 0 { -q } else { q })
}

/// Powers of ten as doubles (exact up to 10^22).
const POW10: [f64; 9] = [1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];

/// The month index of a day (days since 1970-01-01), by the civil-from-days algorithm in
/// integer arithmetic; `None` outside 0001-9999.
pub(crate) fn month_of_days(days: i64) -> Option<i32> {
    let z = days.checked_add(719_468)?;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let index = (year - 1970).checked_mul(12)?.checked_add(month - 1)?;
    i32::try_from(index).ok().filter(|m| Month::valid_index(*m))
}

/// Days since 1970-01-01 of the first day of a month index (the inverse of [`month_of_days`]).
fn first_day_of_month(index: i32) -> i64 {
    let (mut y, m) = (
        i64::from(index.div_euclid(12)) + 1970,
        i64::from(index.rem_euclid(12)) + 1,
    );
    y -= i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The month index of each timestamp (`per_day` units a day; `i64::MIN` = missing), `i32::MIN`
/// where there is none. The month boundaries of the span of the column are tabulated once; each
/// row then takes an estimate of its month (a multiplication) corrected by comparing it with the
/// exact integer boundaries, so the result is exact.
fn months_of_timestamps(values: &[i64], per_day: i64) -> Vec<i32> {
    let (lo, hi) = values
        .iter()
        .filter(|&&t| t != i64::MIN)
        .fold((i64::MAX, i64::MIN), |(a, b), &t| (a.min(t), b.max(t)));
    let span = (lo <= hi)
        .then(|| {
            let first = month_of_days(lo.div_euclid(per_day))?;
            let last = month_of_days(hi.div_euclid(per_day))?;
            Some((first, last))
        })
        .flatten();
    let Some((first, last)) = span else {
        // Missing or out-of-range values: month by month.
        return values
            .iter()
            .map(|&t| {
                if t == i64::MIN {
                    i32::MIN
                } else {
                    month_of_days(t.div_euclid(per_day)).unwrap_or(i32::MIN)
                }
            })
            .collect();
    };
    let count = (last - first + 1) as usize;
    let bounds: Option<Vec<i64>> = (0..=count as i32)
        .map(|k| first_day_of_month(first + k).checked_mul(per_day))
        .collect();
    let Some(bounds) = bounds else {
        return values
            .iter()
            .map(|&t| month_of_days(t.div_euclid(per_day)).unwrap_or(i32::MIN))
            .collect();
    };
    let b0 = bounds.first().copied().unwrap_or(0);
    let b_end = bounds.last().copied().unwrap_or(0);
    let per_month = (b_end - b0) as f64 / count as f64;
    let inverse = if per_month > 0.0 {
        1.0 / per_month
    } else {
        0.0
    };
    let top = count.saturating_sub(1);
    values
        .iter()
        .map(|&t| {
            if t == i64::MIN {
                return i32::MIN;
            }
            let mut k = (((t - b0) as f64 * inverse) as usize).min(top);
            while k > 0 && bounds.get(k).is_some_and(|&b| t < b) {
                k -= 1;
            }
            while k < top && bounds.get(k + 1).is_some_and(|&b| t >= b) {
                k += 1;
            }
            first + k as i32
        })
        .collect()
}

/// A double to minor units: the shortest round-trip decimal of `x`, rounded half away from zero.
///
/// Fast path: `y = x × 10^digits` (one rounding); when `0 <= y < 2^40` and `y` is not within
/// 10^-3 of a half, the nearest integer of `y` is the rounding of the shortest decimal (both differ
/// from `x × 10^digits` by less than 4·10^-4). Otherwise the decimal text is rounded exactly.
pub(crate) fn f64_to_minor(x: f64, digits: u32) -> Option<i64> {
    let scale = POW10.get(digits as usize).copied()?;
    let y = x * scale;
    if (0.0..1_099_511_627_776.0).contains(&y) {
        // Truncating y + 0.5 rounds half up for y >= 0 (a conversion instruction, no libm
        // call); within 10^-3 of a half the exact path below decides.
        let r = (y + 0.5) as i64;
        if (y - r as f64).abs() < 0.499 {
            return Some(r);
        }
    }
    if !x.is_finite() {
        return None;
    }
    let d = Decimal::from_str(&format!("{x}")).ok()?;
    decimal_to_minor(d, digits)
}

/// Segment and currency bookkeeping shared by the row-wise inputs.
struct Attributes<'o> {
    rates: Option<&'o ExchangeRates>,
    currency: Option<String>,
    /// Segment names in the order first met.
    segment_names: Vec<String>,
    /// Segment per customer index.
    customer_segment: Vec<Option<u32>>,
    any_segment: bool,
}

impl<'o> Attributes<'o> {
    fn new(options: &'o MonthlyOptions, customers: usize) -> Self {
        Attributes {
            rates: options.exchange_rates.as_ref(),
            currency: options.exchange_rates.as_ref().map(|r| r.currency.clone()),
            segment_names: Vec::new(),
            customer_segment: vec![None; customers],
            any_segment: false,
        }
    }

    /// The factor that converts an amount in `currency` to the reporting currency.
    fn rate(&mut self, currency: Option<&str>, path: &str) -> Result<Option<Decimal>> {
        let Some(c) = currency else { return Ok(None) };
        match (&self.currency, self.rates) {
            (Some(reporting), _) if reporting == c => Ok(None),
            (_, Some(rates)) => match rates.rates.get(c) {
                Some(rate) => Ok(Some(*rate)),
                None => Err(Error::new(
                    ErrorCode::InputCurrencyMismatch,
                    path,
                    format!("no exchange rate from {c} to {}", rates.currency),
                )
                .with_value(c)),
            },
            (Some(reporting), None) => Err(Error::new(
                ErrorCode::InputCurrencyMismatch,
                path,
                format!("{c} mixed with {reporting} and no exchange rates given"),
            )
            .with_value(c)),
            (None, None) => {
                self.currency = Some(c.to_string());
                Ok(None)
            }
        }
    }

    fn segment(&mut self, customer: u32, segment: Option<&str>, path: &str) -> Result<()> {
        let Some(name) = segment else { return Ok(()) };
        self.any_segment = true;
        // Segments are few: a linear search keeps the code small.
        let index = match self.segment_names.iter().position(|n| n == name) {
            Some(i) => u32::try_from(i).unwrap_or(u32::MAX),
            None => {
                self.segment_names.push(name.to_string());
                u32::try_from(self.segment_names.len() - 1).unwrap_or(u32::MAX)
            }
        };
        let Some(slot) = self.customer_segment.get_mut(customer as usize) else {
            return Ok(());
        };
        match *slot {
            None => *slot = Some(index),
            Some(existing) if existing == index => {}
            Some(existing) => {
                let previous = self
                    .segment_names
                    .get(existing as usize)
                    .cloned()
                    .unwrap_or_default();
                return Err(Error::new(
                    ErrorCode::InputSegmentConflict,
                    path,
                    format!(
                        "the customer is already in segment {previous}; a customer has one segment"
                    ),
                )
                .with_value(name));
            }
        }
        Ok(())
    }

    /// Sorted segment names, with the customer indices remapped to them.
    fn finish(self) -> (Vec<Option<u32>>, Vec<String>, Option<String>) {
        if !self.any_segment {
            return (Vec::new(), Vec::new(), self.currency);
        }
        let sorted = sorted_unique(self.segment_names.iter().map(String::as_str));
        // The rank of each name in first-met order among the sorted names.
        let rank: Vec<u32> = self
            .segment_names
            .iter()
            .map(|n| position(&sorted, n))
            .collect();
        let names: Vec<String> = sorted.iter().map(|n| (*n).to_string()).collect();
        let segments = self
            .customer_segment
            .iter()
            .map(|s| s.and_then(|old| rank.get(old as usize).copied()))
            .collect();
        (segments, names, self.currency)
    }
}

fn amount_error(code: ErrorCode, path: String, value: &Decimal, message: &str) -> Error {
    Error::new(code, path, message).with_value(value.to_string())
}

/// Normalises an amount billed at `interval`, in a currency with `rate` to the reporting
/// currency, to monthly minor units (one rounding, half away from zero).
fn to_minor(
    amount: Decimal,
    interval: BillingInterval,
    rate: Option<Decimal>,
    digits: u32,
    path: impl Fn() -> String,
) -> Result<i64> {
    let (num, den) = interval.factor();
    let converted = match rate {
        Some(r) => amount.checked_mul(r),
        None => Some(amount),
    };
    converted
        .and_then(|a| scaled_to_minor(a, i128::from(num), i128::from(den), digits))
        .ok_or_else(|| {
            amount_error(
                ErrorCode::InputOutOfRange,
                path(),
                &amount,
                "amount too large",
            )
        })
}

/// Distinct strings, ascending (byte order).
pub(crate) fn sorted_unique<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut v: Vec<&str> = items.collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Index of `id` in the sorted list (present by construction).
fn position(sorted: &[&str], id: &str) -> u32 {
    u32::try_from(sorted.binary_search(&id).unwrap_or(0)).unwrap_or(u32::MAX)
}

/// The sorted distinct customer ids and their names.
fn index_customers<'a>(ids: impl Iterator<Item = &'a str>) -> (Vec<&'a str>, Vec<String>) {
    let sorted = sorted_unique(ids);
    let names = sorted.iter().map(|s| (*s).to_string()).collect();
    (sorted, names)
}

/// A sort key (customer, month, source row) as one integer: every row-wise input sorts these
/// keys with one sort routine.
fn row_key(customer: u64, month: i32, source: u32) -> u128 {
    let month = u128::from((i64::from(month) + (1i64 << 31)) as u64 & 0xFFFF_FFFF);
    (u128::from(customer) << 64) | (month << 32) | u128::from(source)
}

fn key_source(key: u128) -> u32 {
    (key & 0xFFFF_FFFF) as u32
}

/// Sorts rows by customer, month and position (one sort routine over integer keys).
fn sort_rows(rows: &mut Vec<Row>) -> Result<()> {
    if u32::try_from(rows.len()).is_err() {
        return Err(Error::new(
            ErrorCode::InputOutOfRange,
            "",
            "more than 2^32 customer-month rows",
        ));
    }
    let mut keys: Vec<u128> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| row_key(u64::from(r.customer), r.month, i as u32))
        .collect();
    keys.sort_unstable();
    let sorted: Vec<Row> = keys
        .iter()
        .filter_map(|k| rows.get(key_source(*k) as usize).copied())
        .collect();
    *rows = sorted;
    Ok(())
}

/// An `i64` customer id as an order-preserving `u64`.
fn ordered_id(c: i64) -> u64 {
    (c as u64) ^ (1u64 << 63)
}

fn month_of(date: NaiveDate, path: &str) -> Result<Month> {
    Month::from_date(date).map_err(|e| e.within(path))
}

impl CustomerMonths {
    /// Customer-month MRR from subscription periods. Periods of one customer that overlap add up.
    ///
    /// Errors (with the path of the period, e.g. `periods[3].end`): `input.negative_amount`,
    /// `input.date_order` (end not after start), `input.as_of_required` (a running period
    /// without `as_of`), `input.currency_mismatch`, `input.segment_conflict`,
    /// `input.out_of_range` (an amount too large for 64-bit minor units, bad options).
    pub fn from_periods(
        periods: &[SubscriptionPeriod],
        options: &MonthlyOptions,
    ) -> Result<CustomerMonths> {
        check_options(options)?;
        let digits = options.minor_unit_digits;
        let convention = options.convention;
        let (ids, names) = index_customers(periods.iter().map(|p| p.customer.as_str()));
        let mut attributes = Attributes::new(options, names.len());
        let mut rows: Vec<Row> = Vec::new();
        let mut last_active: Option<i32> = None;
        for (i, p) in periods.iter().enumerate() {
            let at = |field: &str| format!("periods[{i}].{field}");
            if p.amount < Decimal::ZERO {
                return Err(amount_error(
                    ErrorCode::InputNegativeAmount,
                    at("amount"),
                    &p.amount,
                    "amounts are at least 0",
                ));
            }
            if let Some(end) = p.end {
                if end <= p.start {
                    return Err(Error::new(
                        ErrorCode::InputDateOrder,
                        at("end"),
                        "a period ends after it starts",
                    )
                    .with_value(end.to_string()));
                }
            } else if options.as_of.is_none() {
                return Err(Error::new(
                    ErrorCode::InputAsOfRequired,
                    at("end"),
                    "a running period (no end) needs options.as_of",
                ));
            }
            let customer = position(&ids, &p.customer);
            attributes.segment(customer, p.segment.as_deref(), &at("segment"))?;
            let rate = attributes.rate(p.currency.as_deref(), &at("currency"))?;
            let mrr = to_minor(p.amount, p.interval, rate, digits, || at("amount"))?;
            let start_month = month_of(p.start, &at("start"))?;
            // The last day of the period (end is exclusive).
            let last_day = p.end.and_then(|e| e.pred_opt());
            let last_month = match last_day {
                Some(d) => Some(month_of(d, &at("end"))?),
                None => None,
            };
            // Signed up and cancelled in one month: the (exclusive) end falls in the start month.
            let end_month = match p.end {
                Some(e) => Some(month_of(e, &at("end"))?),
                None => None,
            };
            if convention.same_month_cancel == SameMonthCancel::Ignore
                && end_month == Some(start_month)
            {
                continue;
            }
            let first = match convention.active_month {
                ActiveMonth::AnyDay => start_month.index(),
                ActiveMonth::FirstDay if p.start == start_month.first_day() => start_month.index(),
                ActiveMonth::FirstDay => start_month.index() + 1,
            };
            let mut last = match (last_month, options.as_of) {
                (Some(m), Some(a)) => m.min(a).index(),
                (Some(m), None) => m.index(),
                (None, Some(a)) => a.index(),
                (None, None) => continue,
            };
            let mut first = first;
            if let Some(cs) = convention.calendar_start {
                first = first.max(cs.index());
            }
            if let Some(a) = options.as_of {
                last = last.min(a.index());
            }
            if mrr == 0 || first > last {
                continue;
            }
            last_active = Some(last_active.map_or(last, |l: i32| l.max(last)));
            let source = u32::try_from(i).unwrap_or(u32::MAX);
            rows.extend((first..=last).map(|month| Row {
                customer,
                month,
                mrr,
                source,
            }));
        }
        sort_rows(&mut rows)?;
        // Overlapping periods of a customer add up.
        let mut merged: Vec<Row> = Vec::with_capacity(rows.len());
        for row in rows {
            match merged.last_mut() {
                Some(prev) if prev.customer == row.customer && prev.month == row.month => {
                    prev.mrr = prev.mrr.checked_add(row.mrr).ok_or_else(|| {
                        Error::new(
                            ErrorCode::InputOutOfRange,
                            format!("periods[{}].amount", row.source),
                            "MRR too large",
                        )
                    })?;
                }
                _ => merged.push(row),
            }
        }
        let first = merged.iter().map(|r| r.month).min();
        let window = match (first, options.as_of, last_active) {
            (Some(f), Some(a), _) => Some((f, a.index())),
            (Some(f), None, Some(l)) => Some((f, (l + 1).min(Month::max_index()))),
            _ => None,
        };
        let (customer_segment, segment_names, currency) = attributes.finish();
        Ok(CustomerMonths::assemble(
            CustomerIds::Texts(names),
            customer_segment,
            segment_names,
            &merged,
            window_months(window)?,
            digits,
            currency,
            convention,
        ))
    }

    /// Customer-month MRR from monthly snapshots; a customer without a snapshot in a month of
    /// the window has no MRR in it. The window runs from the first snapshot month to `as_of` or
    /// the last snapshot month.
    ///
    /// Errors (with the path of the snapshot, e.g. `snapshots[2].month`):
    /// `input.negative_amount`, `input.duplicate_customer_month`, `input.currency_mismatch`,
    /// `input.segment_conflict`, `input.out_of_range`.
    pub fn from_snapshots(
        snapshots: &[MrrSnapshot],
        options: &MonthlyOptions,
    ) -> Result<CustomerMonths> {
        check_options(options)?;
        let digits = options.minor_unit_digits;
        let convention = options.convention;
        let (ids, names) = index_customers(snapshots.iter().map(|s| s.customer.as_str()));
        let mut attributes = Attributes::new(options, names.len());
        let mut rows: Vec<Row> = Vec::with_capacity(snapshots.len());
        let (mut first, mut last): (Option<i32>, Option<i32>) = (None, None);
        for (i, s) in snapshots.iter().enumerate() {
            let at = |field: &str| format!("snapshots[{i}].{field}");
            if s.mrr < Decimal::ZERO {
                return Err(amount_error(
                    ErrorCode::InputNegativeAmount,
                    at("mrr"),
                    &s.mrr,
                    "MRR is at least 0",
                ));
            }
            let customer = position(&ids, &s.customer);
            attributes.segment(customer, s.segment.as_deref(), &at("segment"))?;
            let rate = attributes.rate(s.currency.as_deref(), &at("currency"))?;
            let mrr = to_minor(s.mrr, BillingInterval::Monthly, rate, digits, || at("mrr"))?;
            let m = s.month.index();
            if convention.calendar_start.is_some_and(|c| m < c.index())
                || options.as_of.is_some_and(|a| m > a.index())
            {
                continue;
            }
            first = Some(first.map_or(m, |f| f.min(m)));
            last = Some(last.map_or(m, |l| l.max(m)));
            rows.push(Row {
                customer,
                month: m,
                mrr,
                source: u32::try_from(i).unwrap_or(u32::MAX),
            });
        }
        sort_rows(&mut rows)?;
        for pair in rows.windows(2) {
            if let [a, b] = pair {
                if a.customer == b.customer && a.month == b.month {
                    return Err(duplicate(format!("snapshots[{}].month", b.source), b.month));
                }
            }
        }
        rows.retain(|r| r.mrr > 0);
        let window = first.map(|f| (f, options.as_of.map_or(last.unwrap_or(f), Month::index)));
        let (customer_segment, segment_names, currency) = attributes.finish();
        Ok(CustomerMonths::assemble(
            CustomerIds::Texts(names),
            customer_segment,
            segment_names,
            &rows,
            window_months(window)?,
            digits,
            currency,
            convention,
        ))
    }

    /// Customer-month MRR from columns (the fast path for large inputs): one row per customer
    /// and month. Rows already sorted by customer then month are read in one pass without a
    /// sort; other orders are sorted first. The window runs from the first month to `as_of` or
    /// the last month; rows outside `calendar_start..=as_of` are dropped; the convention's
    /// period options do not apply. `options.exchange_rates` must be `None` (columns have one
    /// currency).
    ///
    /// Errors (path = column and row, e.g. `mrr[7]`): `input.column_length`,
    /// `input.negative_amount`, `input.out_of_range` (NaN, infinite, too large, month outside
    /// 0001-9999), `input.duplicate_customer_month`, `input.segment_conflict`.
    ///
    /// ```
    /// use tenure::{CustomerMonths, CustomerMonthColumns, CustomerColumn, MonthColumn, MrrColumn, MonthlyOptions};
    /// let customer = [7_i64, 7, 9];
    /// let month = [600_i64, 601, 601];         // 2020-01, 2020-02, 2020-02
    /// let mrr = [10.0, 12.5, 0.285];           // 0.285 -> 0.29 (half away from zero)
    /// let cm = CustomerMonths::from_columns(CustomerMonthColumns {
    ///     customer: CustomerColumn::Integers(&customer),
    ///     month: MonthColumn::Indices(&month),
    ///     mrr: MrrColumn::Floats(&mrr),
    ///     segment: None,
    /// }, &MonthlyOptions::default())?;
    /// assert_eq!(cm.customer_rows(0).1, &[1000, 1250]);
    /// assert_eq!(cm.customer_rows(1).1, &[29]);
    /// # Ok::<(), tenure::Error>(())
    /// ```
    pub fn from_columns(
        columns: CustomerMonthColumns<'_>,
        options: &MonthlyOptions,
    ) -> Result<CustomerMonths> {
        check_options(options)?;
        if options.exchange_rates.is_some() {
            return Err(Error::new(
                ErrorCode::InputCurrencyMismatch,
                "options.exchange_rates",
                "columns hold one currency; convert before, or use snapshots",
            ));
        }
        let n = match columns.customer {
            CustomerColumn::Integers(v) => v.len(),
            CustomerColumn::Texts(v) => v.len(),
        };
        let lengths = [
            ("month", column_len_month(&columns.month)),
            ("mrr", column_len_mrr(&columns.mrr)),
            ("segment", columns.segment.map_or(n, <[_]>::len)),
        ];
        for (name, len) in lengths {
            if len != n {
                return Err(Error::new(
                    ErrorCode::InputColumnLength,
                    name,
                    format!("{len} rows, the customer column has {n}"),
                )
                .with_value(len));
            }
        }
        let digits = options.minor_unit_digits;
        let lo = options
            .convention
            .calendar_start
            .map_or(i32::MIN, Month::index);
        let hi = options.as_of.map_or(i32::MAX, Month::index);
        match columns.customer {
            CustomerColumn::Integers(ids) => {
                if u32::try_from(n).is_err() {
                    return Err(Error::new(
                        ErrorCode::InputOutOfRange,
                        "customer",
                        "more than 2^32 customer-month rows",
                    ));
                }
                // Columns first, each in a tight loop; then one pass in (customer, month)
                // order: the rows' own order when already sorted, else a radix-sorted one.
                let mut month_idx = month_indices(&columns.month)?;
                let mut minor = minor_units(&columns.mrr, digits)?;
                let order = match first_disorder(ids, &month_idx) {
                    Disorder::Sorted => None,
                    Disorder::Duplicate(i) => {
                        let m = month_idx.get(i).copied().unwrap_or(0);
                        return Err(duplicate(format!("month[{i}]"), m));
                    }
                    Disorder::Unsorted => match dense_rows(ids, &month_idx, &minor, lo, hi) {
                        Some(grouped) => {
                            let window = (grouped.first <= grouped.last).then(|| {
                                (
                                    grouped.first,
                                    options.as_of.map_or(grouped.last, Month::index),
                                )
                            });
                            let mut cm = CustomerMonths {
                                customers: CustomerIds::Integers(grouped.ids),
                                customer_segment: Vec::new(),
                                segment_names: Vec::new(),
                                offsets: grouped.offsets,
                                months: grouped.months,
                                mrr: grouped.mrr,
                                window: window_months(window)?,
                                minor_unit_digits: digits,
                                currency: None,
                                convention: options.convention,
                            };
                            if let Some(segments) = columns.segment {
                                cm.attach_segments(segments, |i| ids.get(i).copied(), options)?;
                            }
                            return Ok(cm);
                        }
                        None => Some(radix_order(ids, &month_idx)),
                    },
                };
                let mut out_ids: Vec<i64> = Vec::new();
                let mut offsets: Vec<usize> = vec![0];
                let (mut first, mut last) = (i32::MAX, i32::MIN);
                let (months, mrr) = match order {
                    None => {
                        // Sorted: compact the converted columns in place (no new buffers).
                        let mut w = 0usize;
                        for r in 0..n {
                            let (Some(&c), Some(&m), Some(&v)) =
                                (ids.get(r), month_idx.get(r), minor.get(r))
                            else {
                                break;
                            };
                            if m < lo || m > hi {
                                continue;
                            }
                            first = first.min(m);
                            last = last.max(m);
                            if out_ids.last() != Some(&c) {
                                if !out_ids.is_empty() {
                                    offsets.push(w);
                                }
                                out_ids.push(c);
                            }
                            if v > 0 {
                                if let (Some(mw), Some(vw)) =
                                    (month_idx.get_mut(w), minor.get_mut(w))
                                {
                                    *mw = m;
                                    *vw = v;
                                }
                                w += 1;
                            }
                        }
                        month_idx.truncate(w);
                        minor.truncate(w);
                        (month_idx, minor)
                    }
                    Some(order) => {
                        let mut months: Vec<i32> = Vec::with_capacity(n);
                        let mut mrr: Vec<i64> = Vec::with_capacity(n);
                        let mut prev: Option<(i64, i32)> = None;
                        for &row in &order {
                            let row = row as usize;
                            let (Some(&c), Some(&m), Some(&v)) =
                                (ids.get(row), month_idx.get(row), minor.get(row))
                            else {
                                continue;
                            };
                            if prev == Some((c, m)) {
                                return Err(duplicate(format!("month[{row}]"), m));
                            }
                            prev = Some((c, m));
                            if m < lo || m > hi {
                                continue;
                            }
                            first = first.min(m);
                            last = last.max(m);
                            if out_ids.last() != Some(&c) {
                                if !out_ids.is_empty() {
                                    offsets.push(months.len());
                                }
                                out_ids.push(c);
                            }
                            if v > 0 {
                                months.push(m);
                                mrr.push(v);
                            }
                        }
                        (months, mrr)
                    }
                };
                if !out_ids.is_empty() {
                    offsets.push(months.len());
                }
                let window =
                    (first <= last).then(|| (first, options.as_of.map_or(last, Month::index)));
                let mut cm = CustomerMonths {
                    customers: CustomerIds::Integers(out_ids),
                    customer_segment: Vec::new(),
                    segment_names: Vec::new(),
                    offsets,
                    months,
                    mrr,
                    window: window_months(window)?,
                    minor_unit_digits: digits,
                    currency: None,
                    convention: options.convention,
                };
                if let Some(segments) = columns.segment {
                    cm.attach_segments(segments, |i| ids.get(i).copied(), options)?;
                }
                Ok(cm)
            }
            CustomerColumn::Texts(ids) => {
                let text_months = month_indices(&columns.month)?;
                let text_mrr = minor_units(&columns.mrr, digits)?;
                let (index, names) = index_customers(ids.iter().copied());
                let mut attributes = Attributes::new(options, names.len());
                let mut rows: Vec<Row> = Vec::with_capacity(n);
                let (mut first, mut last) = (i32::MAX, i32::MIN);
                for (i, id) in ids.iter().enumerate() {
                    let m = text_months.get(i).copied().unwrap_or(0);
                    let v = text_mrr.get(i).copied().unwrap_or(0);
                    let customer = position(&index, id);
                    if let Some(segments) = columns.segment {
                        attributes.segment(
                            customer,
                            segments.get(i).copied().flatten(),
                            &format!("segment[{i}]"),
                        )?;
                    }
                    if m < lo || m > hi {
                        continue;
                    }
                    first = first.min(m);
                    last = last.max(m);
                    rows.push(Row {
                        customer,
                        month: m,
                        mrr: v,
                        source: u32::try_from(i).unwrap_or(u32::MAX),
                    });
                }
                sort_rows(&mut rows)?;
                for pair in rows.windows(2) {
                    if let [a, b] = pair {
                        if a.customer == b.customer && a.month == b.month {
                            return Err(duplicate(format!("month[{}]", b.source), b.month));
                        }
                    }
                }
                rows.retain(|r| r.mrr > 0);
                let window =
                    (first <= last).then(|| (first, options.as_of.map_or(last, Month::index)));
                let (customer_segment, segment_names, _) = attributes.finish();
                Ok(CustomerMonths::assemble(
                    CustomerIds::Texts(names),
                    customer_segment,
                    segment_names,
                    &rows,
                    window_months(window)?,
                    digits,
                    None,
                    options.convention,
                ))
            }
        }
    }

    /// Attaches a per-row segment column to integer customers (ascending ids).
    fn attach_segments(
        &mut self,
        segments: &[Option<&str>],
        id_at: impl Fn(usize) -> Option<i64>,
        options: &MonthlyOptions,
    ) -> Result<()> {
        let CustomerIds::Integers(ids) = &self.customers else {
            return Ok(());
        };
        let mut attributes = Attributes::new(options, ids.len());
        for (i, segment) in segments.iter().enumerate() {
            let Some(id) = id_at(i) else { continue };
            // Rows dropped by the window may name customers that are not kept.
            let Ok(customer) = ids.binary_search(&id) else {
                continue;
            };
            let customer = u32::try_from(customer).unwrap_or(u32::MAX);
            attributes.segment(customer, *segment, &format!("segment[{i}]"))?;
        }
        let (customer_segment, segment_names, _) = attributes.finish();
        self.customer_segment = customer_segment;
        self.segment_names = segment_names;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn assemble(
        customers: CustomerIds,
        customer_segment: Vec<Option<u32>>,
        segment_names: Vec<String>,
        rows: &[Row],
        window: Option<(Month, Month)>,
        minor_unit_digits: u32,
        currency: Option<String>,
        convention: MrrConvention,
    ) -> CustomerMonths {
        let count = customers.len();
        let mut offsets = Vec::with_capacity(count + 1);
        offsets.push(0);
        let mut months = Vec::with_capacity(rows.len());
        let mut mrr = Vec::with_capacity(rows.len());
        let mut rows = rows.iter().peekable();
        for customer in 0..count {
            while let Some(row) = rows.next_if(|r| r.customer as usize == customer) {
                months.push(row.month);
                mrr.push(row.mrr);
            }
            offsets.push(months.len());
        }
        CustomerMonths {
            customers,
            customer_segment,
            segment_names,
            offsets,
            months,
            mrr,
            window,
            minor_unit_digits,
            currency,
            convention,
        }
    }

    /// The customer ids, ascending.
    pub fn customers(&self) -> &CustomerIds {
        &self.customers
    }

    /// Number of customers (also those without an active month).
    pub fn customer_count(&self) -> usize {
        self.customers.len()
    }

    /// Number of active customer-month rows.
    pub fn row_count(&self) -> usize {
        self.months.len()
    }

    /// The active months (month indices, ascending) and their MRR (minor units, > 0) of customer `i`.
    pub fn customer_rows(&self, i: usize) -> (&[i32], &[i64]) {
        let (Some(&a), Some(&b)) = (self.offsets.get(i), self.offsets.get(i + 1)) else {
            return (&[], &[]);
        };
        (
            self.months.get(a..b).unwrap_or(&[]),
            self.mrr.get(a..b).unwrap_or(&[]),
        )
    }

    /// Row offsets: the rows of customer `i` are `offsets[i]..offsets[i + 1]` of
    /// [`month_indices`](Self::month_indices) and [`mrr_minor`](Self::mrr_minor).
    pub fn offsets(&self) -> &[usize] {
        &self.offsets
    }

    /// Month index of every row (customer by customer, ascending within a customer).
    pub fn month_indices(&self) -> &[i32] {
        &self.months
    }

    /// MRR of every row in minor units.
    pub fn mrr_minor(&self) -> &[i64] {
        &self.mrr
    }

    /// The window of observed months, first and last (inclusive); `None` without any row.
    pub fn window(&self) -> Option<(Month, Month)> {
        self.window
    }

    /// Decimal digits of the minor unit.
    pub fn minor_unit_digits(&self) -> u32 {
        self.minor_unit_digits
    }

    /// The currency of every amount, when the input named one.
    pub fn currency(&self) -> Option<&str> {
        self.currency.as_deref()
    }

    /// The conventions the rows were built with (movements use them too).
    pub fn convention(&self) -> &MrrConvention {
        &self.convention
    }

    /// Segment names, ascending.
    pub fn segment_names(&self) -> &[String] {
        &self.segment_names
    }

    /// Segment index (into [`segment_names`](Self::segment_names)) of customer `i`.
    pub fn segment_index(&self, i: usize) -> Option<u32> {
        self.customer_segment.get(i).copied().flatten()
    }

    /// Segment name of customer `i`.
    pub fn segment_of(&self, i: usize) -> Option<&str> {
        self.segment_index(i)
            .and_then(|s| self.segment_names.get(s as usize))
            .map(String::as_str)
    }

    /// An amount in minor units as an exact decimal with `minor_unit_digits` decimals.
    pub fn to_decimal(&self, minor: i128) -> Option<Decimal> {
        minor_to_decimal(minor, self.minor_unit_digits)
    }
}

/// A revenue input as JSON: subscription periods or MRR snapshots (not both), and options.
///
/// ```
/// use tenure::RevenueInput;
/// let input: RevenueInput = serde_json::from_str(r#"{
///   "snapshots": [{"customer": "a", "month": "2024-01", "mrr": "10"}],
///   "options": {"as_of": "2024-03"}
/// }"#).unwrap();
/// let cm = input.customer_months()?;
/// assert_eq!(cm.window().map(|w| w.1.to_string()), Some("2024-03".into()));
/// # Ok::<(), tenure::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RevenueInput {
    /// Subscription periods.
    pub periods: Vec<SubscriptionPeriod>,
    /// Monthly MRR snapshots.
    pub snapshots: Vec<MrrSnapshot>,
    /// Normalisation options and conventions.
    pub options: MonthlyOptions,
}

impl RevenueInput {
    /// Normalises the input into customer-month MRR. Periods and snapshots together are an
    /// `input.parse` error at `snapshots`.
    pub fn customer_months(&self) -> Result<CustomerMonths> {
        if !self.periods.is_empty() && !self.snapshots.is_empty() {
            return Err(Error::new(
                ErrorCode::InputParse,
                "snapshots",
                "give subscription periods or MRR snapshots, not both",
            ));
        }
        if self.snapshots.is_empty() {
            CustomerMonths::from_periods(&self.periods, &self.options)
        } else {
            CustomerMonths::from_snapshots(&self.snapshots, &self.options)
        }
    }
}

/// The serde form of [`CustomerMonths`]: `{customers, window: {first, last}, minor_unit_digits,
/// currency, convention, segments, rows: [{customer, month, mrr, segment}]}`, money as decimal
/// strings with `minor_unit_digits` decimals.
impl Serialize for CustomerMonths {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        #[derive(Serialize)]
        struct Window {
            first: Month,
            last: Month,
        }
        #[derive(Serialize)]
        struct RowOut<'a> {
            customer: serde_json::Value,
            month: Month,
            mrr: Decimal,
            segment: Option<&'a str>,
        }
        let mut rows = Vec::with_capacity(self.months.len());
        for i in 0..self.customer_count() {
            let (months, mrr) = self.customer_rows(i);
            for (m, v) in months.iter().zip(mrr) {
                rows.push(RowOut {
                    customer: self.customers.json(i),
                    month: Month::from_index(*m).map_err(serde::ser::Error::custom)?,
                    mrr: self
                        .to_decimal(i128::from(*v))
                        .ok_or_else(|| serde::ser::Error::custom("MRR beyond 96 bits"))?,
                    segment: self.segment_of(i),
                });
            }
        }
        let mut st = serializer.serialize_struct("CustomerMonths", 7)?;
        st.serialize_field("customers", &self.customers)?;
        st.serialize_field(
            "window",
            &self.window.map(|(first, last)| Window { first, last }),
        )?;
        st.serialize_field("minor_unit_digits", &self.minor_unit_digits)?;
        st.serialize_field("currency", &self.currency)?;
        st.serialize_field("convention", &self.convention)?;
        st.serialize_field("segments", &self.segment_names)?;
        st.serialize_field("rows", &rows)?;
        st.end()
    }
}

/// Minor units to an exact decimal with `digits` decimals (`None` beyond 96 bits).
pub(crate) fn minor_to_decimal(minor: i128, digits: u32) -> Option<Decimal> {
    Decimal::try_from_i128_with_scale(minor, digits).ok()
}

impl Month {
    pub(crate) fn max_index() -> i32 {
        (9999 - 1970) * 12 + 11
    }
}

fn window_months(window: Option<(i32, i32)>) -> Result<Option<(Month, Month)>> {
    match window {
        None => Ok(None),
        Some((f, l)) => Ok(Some((Month::from_index(f)?, Month::from_index(l.max(f))?))),
    }
}

fn duplicate(path: String, month: i32) -> Error {
    let label = Month::from_index(month).map_or_else(|_| month.to_string(), |m| m.to_string());
    Error::new(
        ErrorCode::InputDuplicateCustomerMonth,
        path,
        "a customer has one row per month",
    )
    .with_value(label)
}

/// Where a customer-month column pair first breaks (customer, month) order.
enum Disorder {
    /// Strictly increasing throughout.
    Sorted,
    /// Row `i` repeats the customer and month of row `i - 1`.
    Duplicate(usize),
    /// Some row comes before its predecessor.
    Unsorted,
}

fn first_disorder(ids: &[i64], months: &[i32]) -> Disorder {
    let mut prev: Option<(i64, i32)> = None;
    for (i, (&c, &m)) in ids.iter().zip(months).enumerate() {
        if let Some(p) = prev {
            if (c, m) == p {
                return Disorder::Duplicate(i);
            }
            if (c, m) < p {
                return Disorder::Unsorted;
            }
        }
        prev = Some((c, m));
    }
    Disorder::Sorted
}

/// Integer-id rows grouped by customer (ascending ids), months ascending within a customer,
/// rows outside the window dropped, rows without MRR kept only as a customer entry.
struct GroupedRows {
    ids: Vec<i64>,
    offsets: Vec<usize>,
    months: Vec<i32>,
    mrr: Vec<i64>,
    first: i32,
    last: i32,
}

/// Unsorted integer-id rows grouped by a counting sort over the id range, when the ids are
/// dense (a range of at most 4 ids a row): one histogram pass and one scatter of the months and
/// amounts into their customer's slots (in month order: the rows' own order when the months
/// never decrease, else a counting sort by month). `None` when the ids are not dense or a
/// customer has two rows for one month (the general path then reports the same error as
/// always). The result is the one the radix path builds.
fn dense_rows(ids: &[i64], months: &[i32], minor: &[i64], lo: i32, hi: i32) -> Option<GroupedRows> {
    let n = ids.len();
    if n == 0 || months.len() != n || minor.len() != n {
        return None;
    }
    let (min, max) = ids
        .iter()
        .fold((i64::MAX, i64::MIN), |(a, b), &c| (a.min(c), b.max(c)));
    let span = usize::try_from(i128::from(max) - i128::from(min) + 1).ok()?;
    if span > n.saturating_mul(4).saturating_add(4096) {
        return None;
    }
    let slot_of = |c: i64| (c.wrapping_sub(min)) as u64 as usize;
    // ends[k + 1] counts customer k's rows; after the prefix sums ends[k] is where it starts
    // (customers before k hold ends[k] rows).
    let mut ends = vec![0u32; span + 1];
    for &c in ids {
        if let Some(e) = ends.get_mut(slot_of(c) + 1) {
            *e += 1;
        }
    }
    let mut total = 0u32;
    for e in ends.iter_mut() {
        total += *e;
        *e = total;
    }
    // Month and amount side by side: one cache line touched per scattered row.
    let mut scattered: Vec<(i32, i64)> = vec![(0, 0); n];
    let mut place = |row: usize| {
        let (Some(&c), Some(&m), Some(&v)) = (ids.get(row), months.get(row), minor.get(row)) else {
            return;
        };
        if let Some(e) = ends.get_mut(slot_of(c)) {
            let p = *e as usize;
            *e += 1;
            if let Some(slot) = scattered.get_mut(p) {
                *slot = (m, v);
            }
        }
    };
    if months.windows(2).all(|w| matches!(w, [a, b] if a <= b)) {
        (0..n).for_each(&mut place);
    } else {
        month_order(months).iter().for_each(|&r| place(r as usize));
    }
    // Now ends[k] is where customer k's rows end. Compact, as the sorted path does.
    let mut sorted_months: Vec<i32> = Vec::with_capacity(n);
    let mut sorted_mrr: Vec<i64> = Vec::with_capacity(n);
    let mut out_ids: Vec<i64> = Vec::new();
    let mut offsets: Vec<usize> = vec![0];
    let (mut first, mut last) = (i32::MAX, i32::MIN);
    let mut begin = 0usize;
    for (k, &end) in ends.iter().take(span).enumerate() {
        let end = end as usize;
        let c = min.wrapping_add(k as i64);
        let mut previous: Option<i32> = None;
        for &(m, v) in scattered.get(begin..end).unwrap_or(&[]) {
            if previous == Some(m) {
                return None;
            }
            previous = Some(m);
            if m < lo || m > hi {
                continue;
            }
            first = first.min(m);
            last = last.max(m);
            if out_ids.last() != Some(&c) {
                if !out_ids.is_empty() {
                    offsets.push(sorted_months.len());
                }
                out_ids.push(c);
            }
            if v > 0 {
                sorted_months.push(m);
                sorted_mrr.push(v);
            }
        }
        begin = end;
    }
    if !out_ids.is_empty() {
        offsets.push(sorted_months.len());
    }
    Some(GroupedRows {
        ids: out_ids,
        offsets,
        months: sorted_months,
        mrr: sorted_mrr,
        first,
        last,
    })
}

/// The rows in (month, row) order, by a counting sort (month indices span at most 120,000
/// values).
fn month_order(months: &[i32]) -> Vec<u32> {
    let n = months.len();
    let (lo, hi) = months
        .iter()
        .fold((i32::MAX, i32::MIN), |(a, b), &m| (a.min(m), b.max(m)));
    let span = if n == 0 {
        0
    } else {
        (i64::from(hi) - i64::from(lo) + 1) as usize
    };
    let mut order: Vec<u32> = vec![0; n];
    // Counting sort by month (month indices span at most 120,000 values).
    let mut counts = vec![0usize; span + 1];
    for &m in months.iter().take(n) {
        if let Some(c) = counts.get_mut((m - lo) as usize + 1) {
            *c += 1;
        }
    }
    for k in 1..counts.len() {
        let before = counts.get(k - 1).copied().unwrap_or(0);
        if let Some(c) = counts.get_mut(k) {
            *c += before;
        }
    }
    for (i, &m) in months.iter().take(n).enumerate() {
        if let Some(c) = counts.get_mut((m - lo) as usize) {
            if let Some(slot) = order.get_mut(*c) {
                *slot = i as u32;
            }
            *c += 1;
        }
    }
    order
}

/// The rows in (customer, month, row) order: a counting sort by month, then a stable LSD radix
/// sort by customer id, byte by byte, skipping the bytes every id shares.
fn radix_order(ids: &[i64], months: &[i32]) -> Vec<u32> {
    let n = ids.len().min(months.len());
    let mut order = month_order(months.get(..n).unwrap_or(months));
    let mut keys: Vec<u64> = order
        .iter()
        .map(|&r| ordered_id(ids.get(r as usize).copied().unwrap_or(0)))
        .collect();
    // Byte histograms of all ids at once; a byte every id shares needs no pass.
    let mut histograms = vec![[0usize; 256]; 8];
    for &k in &keys {
        for (b, h) in histograms.iter_mut().enumerate() {
            if let Some(c) = h.get_mut(((k >> (8 * b)) & 0xFF) as usize) {
                *c += 1;
            }
        }
    }
    let mut next_keys = vec![0u64; n];
    let mut next_order = vec![0u32; n];
    for (b, h) in histograms.iter().enumerate() {
        if h.contains(&n) {
            continue;
        }
        let mut start = [0usize; 256];
        let mut total = 0;
        for (s, &c) in start.iter_mut().zip(h.iter()) {
            *s = total;
            total += c;
        }
        for (&k, &r) in keys.iter().zip(&order) {
            if let Some(s) = start.get_mut(((k >> (8 * b)) & 0xFF) as usize) {
                if let (Some(nk), Some(no)) = (next_keys.get_mut(*s), next_order.get_mut(*s)) {
                    *nk = k;
                    *no = r;
                }
                *s += 1;
            }
        }
        std::mem::swap(&mut keys, &mut next_keys);
        std::mem::swap(&mut order, &mut next_order);
    }
    order
}

/// A month column as month indices, checked.
fn month_indices(column: &MonthColumn<'_>) -> Result<Vec<i32>> {
    let checked = |out: Vec<i32>, raw: &[i64], what: &str| -> Result<Vec<i32>> {
        match out.iter().position(|&m| m == i32::MIN) {
            None => Ok(out),
            Some(i) => Err(Error::new(
                ErrorCode::InputOutOfRange,
                format!("month[{i}]"),
                format!("{what} outside 0001-01 to 9999-12 (or missing)"),
            )
            .with_value(raw.get(i).copied().unwrap_or(0))),
        }
    };
    match column {
        MonthColumn::Months(v) => Ok(v.iter().map(|m| m.index()).collect()),
        MonthColumn::Days(v) => checked(months_of_timestamps(v, 1), v, "day"),
        MonthColumn::Timestamps {
            values,
            units_per_day,
        } => checked(
            months_of_timestamps(values, (*units_per_day).max(1)),
            values,
            "timestamp",
        ),
        MonthColumn::Indices(v) => {
            let out: Vec<i32> = v
                .iter()
                .map(|&raw| match i32::try_from(raw) {
                    Ok(m) if Month::valid_index(m) => m,
                    _ => i32::MIN,
                })
                .collect();
            if let Some(i) = out.iter().position(|&m| m == i32::MIN) {
                let raw = v.get(i).copied().unwrap_or(0);
                return Err(Error::new(
                    ErrorCode::InputOutOfRange,
                    format!("month[{i}]"),
                    "month index outside 0001-01 to 9999-12",
                )
                .with_value(raw));
            }
            Ok(out)
        }
    }
}

/// An MRR column in minor units, checked (the first bad row is reported).
fn minor_units(column: &MrrColumn<'_>, digits: u32) -> Result<Vec<i64>> {
    match column {
        MrrColumn::MinorUnits(v) => {
            if let Some(i) = v.iter().position(|&x| x < 0) {
                return mrr_value(column, i, digits).map(|_| Vec::new());
            }
            Ok(v.to_vec())
        }
        MrrColumn::Floats(v) => {
            let out: Vec<i64> = v
                .iter()
                .map(|&x| {
                    if x >= 0.0 {
                        f64_to_minor(x, digits).unwrap_or(-1)
                    } else {
                        -1
                    }
                })
                .collect();
            if let Some(i) = out.iter().position(|&x| x < 0) {
                return mrr_value(column, i, digits).map(|_| Vec::new());
            }
            Ok(out)
        }
        MrrColumn::Decimals(v) => (0..v.len()).map(|i| mrr_value(column, i, digits)).collect(),
    }
}

fn column_len_month(c: &MonthColumn<'_>) -> usize {
    match c {
        MonthColumn::Indices(v) => v.len(),
        MonthColumn::Months(v) => v.len(),
        MonthColumn::Days(v) => v.len(),
        MonthColumn::Timestamps { values, .. } => values.len(),
    }
}

fn column_len_mrr(c: &MrrColumn<'_>) -> usize {
    match c {
        MrrColumn::Floats(v) => v.len(),
        MrrColumn::MinorUnits(v) => v.len(),
        MrrColumn::Decimals(v) => v.len(),
    }
}

fn mrr_value(column: &MrrColumn<'_>, i: usize, digits: u32) -> Result<i64> {
    let path = || format!("mrr[{i}]");
    match column {
        MrrColumn::Floats(v) => {
            let x = v.get(i).copied().unwrap_or(0.0);
            if x < 0.0 {
                return Err(Error::new(
                    ErrorCode::InputNegativeAmount,
                    path(),
                    "MRR is at least 0",
                )
                .with_number(x));
            }
            f64_to_minor(x, digits).ok_or_else(|| {
                Error::new(
                    ErrorCode::InputOutOfRange,
                    path(),
                    "MRR must be a finite number within 64-bit minor units",
                )
                .with_number(x)
            })
        }
        MrrColumn::MinorUnits(v) => {
            let x = v.get(i).copied().unwrap_or(0);
            if x < 0 {
                return Err(Error::new(
                    ErrorCode::InputNegativeAmount,
                    path(),
                    "MRR is at least 0",
                )
                .with_value(x));
            }
            Ok(x)
        }
        MrrColumn::Decimals(v) => {
            let x = v.get(i).copied().unwrap_or_default();
            if x < Decimal::ZERO {
                return Err(amount_error(
                    ErrorCode::InputNegativeAmount,
                    path(),
                    &x,
                    "MRR is at least 0",
                ));
            }
            decimal_to_minor(x, digits).ok_or_else(|| {
                amount_error(ErrorCode::InputOutOfRange, path(), &x, "MRR too large")
            })
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn float_rounding_rule() {
        assert_eq!(f64_to_minor(0.285, 2), Some(29));
        assert_eq!(f64_to_minor(1.005, 2), Some(101)); // "1.005" -> 1.01 though 1.005 < 1.00500…
        assert_eq!(f64_to_minor(2.675, 2), Some(268));
        assert_eq!(f64_to_minor(0.125, 2), Some(13));
        assert_eq!(f64_to_minor(49.99, 2), Some(4999));
        assert_eq!(f64_to_minor(0.0, 2), Some(0));
        assert_eq!(f64_to_minor(-0.0, 2), Some(0));
        assert_eq!(f64_to_minor(1e20, 0), None);
        assert_eq!(f64_to_minor(9e15, 0), Some(9_000_000_000_000_000));
        assert_eq!(f64_to_minor(f64::NAN, 2), None);
        assert_eq!(f64_to_minor(f64::INFINITY, 2), None);
        assert_eq!(f64_to_minor(12.5, 0), Some(13));
        assert_eq!(f64_to_minor(0.1 + 0.2, 2), Some(30));
    }

    #[test]
    fn decimal_rounding_rule() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(decimal_to_minor(d("0.125"), 2), Some(13));
        assert_eq!(decimal_to_minor(d("0.135"), 2), Some(14));
        assert_eq!(decimal_to_minor(d("7"), 2), Some(700));
        assert_eq!(decimal_to_minor(d("7.1"), 0), Some(7));
        let weekly = BillingInterval::Weekly.monthly_amount(d("10")).unwrap();
        assert_eq!(decimal_to_minor(weekly, 2), Some(4333));
    }

    fn periods(json: &str) -> Vec<SubscriptionPeriod> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn periods_overlap_add_and_errors_have_paths() {
        let p = periods(
            r#"[{"customer": "b", "start": "2024-01-15", "end": "2024-03-01", "amount": "30", "interval": "quarterly", "segment": "smb"},
                {"customer": "a", "start": "2024-02-01", "end": "2024-03-01", "amount": "5", "currency": "EUR"},
                {"customer": "b", "start": "2024-02-01", "amount": "1.5", "segment": "smb"}]"#,
        );
        let options = MonthlyOptions {
            as_of: Some(Month::new(2024, 4).unwrap()),
            ..MonthlyOptions::default()
        };
        let cm = CustomerMonths::from_periods(&p, &options).unwrap();
        assert_eq!(
            cm.customers(),
            &CustomerIds::Texts(vec!["a".into(), "b".into()])
        );
        assert_eq!(cm.customer_rows(1).1, &[1000, 1150, 150, 150]);
        assert_eq!(cm.segment_of(1), Some("smb"));
        assert_eq!(cm.segment_of(0), None);
        assert_eq!(cm.currency(), Some("EUR"));
        let err = CustomerMonths::from_periods(&p, &MonthlyOptions::default()).unwrap_err();
        assert_eq!(
            (err.code(), err.path()),
            (ErrorCode::InputAsOfRequired, "periods[2].end")
        );
        let mut bad = p.clone();
        bad[2].currency = Some("USD".into());
        let err = CustomerMonths::from_periods(&bad, &options).unwrap_err();
        assert_eq!(
            (err.code(), err.path()),
            (ErrorCode::InputCurrencyMismatch, "periods[2].currency")
        );
        let mut bad = p.clone();
        bad[2].segment = Some("ent".into());
        let err = CustomerMonths::from_periods(&bad, &options).unwrap_err();
        assert_eq!(
            (err.code(), err.path()),
            (ErrorCode::InputSegmentConflict, "periods[2].segment")
        );
        let mut bad = p.clone();
        bad[0].end = NaiveDate::from_ymd_opt(2024, 1, 15);
        let err = CustomerMonths::from_periods(&bad, &options).unwrap_err();
        assert_eq!(
            (err.code(), err.path()),
            (ErrorCode::InputDateOrder, "periods[0].end")
        );
        let mut bad = p;
        bad[1].amount = Decimal::new(-1, 0);
        let err = CustomerMonths::from_periods(&bad, &options).unwrap_err();
        assert_eq!(
            (err.code(), err.path()),
            (ErrorCode::InputNegativeAmount, "periods[1].amount")
        );
    }

    #[test]
    fn columns_sorted_and_unsorted_agree() {
        let customer = [3_i64, 1, 3, 1, 2];
        let month = [601_i64, 600, 600, 602, 600];
        let mrr = [2.0, 1.0, 0.0, 4.0, 3.5];
        let build = |c: &[i64], m: &[i64], v: &[f64]| {
            CustomerMonths::from_columns(
                CustomerMonthColumns {
                    customer: CustomerColumn::Integers(c),
                    month: MonthColumn::Indices(m),
                    mrr: MrrColumn::Floats(v),
                    segment: None,
                },
                &MonthlyOptions::default(),
            )
        };
        let unsorted = build(&customer, &month, &mrr).unwrap();
        let mut order: Vec<usize> = (0..5).collect();
        order.sort_by_key(|&i| (customer[i], month[i]));
        let pick = |f: &dyn Fn(usize) -> f64| order.iter().map(|&i| f(i)).collect::<Vec<_>>();
        let c: Vec<i64> = order.iter().map(|&i| customer[i]).collect();
        let m: Vec<i64> = order.iter().map(|&i| month[i]).collect();
        let v = pick(&|i| mrr[i]);
        let sorted = build(&c, &m, &v).unwrap();
        assert_eq!(sorted, unsorted);
        assert_eq!(sorted.customers(), &CustomerIds::Integers(vec![1, 2, 3]));
        assert_eq!(sorted.offsets(), &[0, 2, 3, 4]);
        assert_eq!(sorted.month_indices(), &[600, 602, 600, 601]);
        assert_eq!(sorted.mrr_minor(), &[100, 400, 350, 200]);
        let window = sorted.window().unwrap();
        assert_eq!((window.0.index(), window.1.index()), (600, 602));
        let err = build(&[1, 1], &[600, 600], &[1.0, 2.0]).unwrap_err();
        assert_eq!(
            (err.code(), err.path()),
            (ErrorCode::InputDuplicateCustomerMonth, "month[1]")
        );
        let err = build(&[2, 1, 1], &[600, 600, 600], &[1.0, 2.0, 3.0]).unwrap_err();
        assert_eq!(
            (err.code(), err.path()),
            (ErrorCode::InputDuplicateCustomerMonth, "month[2]")
        );
        let err = build(&[1, 2], &[600, 600], &[1.0, -2.0]).unwrap_err();
        assert_eq!(
            (err.code(), err.path()),
            (ErrorCode::InputNegativeAmount, "mrr[1]")
        );
        let err = build(&[1, 2], &[600, 600], &[1.0, f64::NAN]).unwrap_err();
        assert_eq!(
            (err.code(), err.path()),
            (ErrorCode::InputOutOfRange, "mrr[1]")
        );
        let err = build(&[1, 2], &[600], &[1.0, 1.0]).unwrap_err();
        assert_eq!(
            (err.code(), err.path()),
            (ErrorCode::InputColumnLength, "month")
        );
    }

    #[test]
    fn snapshots_duplicates_and_exchange_rates() {
        let s: Vec<MrrSnapshot> = serde_json::from_str(
            r#"[{"customer": "x", "month": "2024-01", "mrr": "10", "currency": "EUR"},
                {"customer": "x", "month": "2024-02-01", "mrr": "10.005", "currency": "USD"}]"#,
        )
        .unwrap();
        let err = CustomerMonths::from_snapshots(&s, &MonthlyOptions::default()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InputCurrencyMismatch);
        let options = MonthlyOptions {
            exchange_rates: Some(ExchangeRates {
                currency: "USD".into(),
                rates: [("EUR".to_string(), Decimal::new(11, 1))]
                    .into_iter()
                    .collect(),
            }),
            ..MonthlyOptions::default()
        };
        let cm = CustomerMonths::from_snapshots(&s, &options).unwrap();
        assert_eq!(cm.customer_rows(0).1, &[1100, 1001]);
        assert_eq!(cm.currency(), Some("USD"));
        let mut dup = s;
        dup[1].month = Month::new(2024, 1).unwrap();
        let err = CustomerMonths::from_snapshots(&dup, &options).unwrap_err();
        assert_eq!(
            (err.code(), err.path()),
            (ErrorCode::InputDuplicateCustomerMonth, "snapshots[1].month")
        );
    }

    #[test]
    fn radix_order_sorts_any_ids() {
        let ids = [
            i64::MAX,
            -1,
            0,
            1 << 40,
            i64::MIN,
            -1,
            0,
            1 << 40,
            7,
            300,
            299,
        ];
        let months = [5, 9, 3, 2, 1, 8, 4, 1, 0, 6, 6];
        let order = radix_order(&ids, &months);
        let mut expected: Vec<u32> = (0..ids.len() as u32).collect();
        expected.sort_by_key(|&r| (ids[r as usize], months[r as usize], r));
        assert_eq!(order, expected);
        assert!(matches!(first_disorder(&ids, &months), Disorder::Unsorted));
        assert!(matches!(
            first_disorder(&[1, 1, 2], &[5, 6, 0]),
            Disorder::Sorted
        ));
        assert!(matches!(
            first_disorder(&[1, 1, 2], &[5, 5, 0]),
            Disorder::Duplicate(1)
        ));
    }

    #[test]
    fn month_of_days_matches_chrono() {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        for days in (-719_162..2_932_896)
            .step_by(997)
            .chain([-1, 0, 31, 58, 59, 60, 365])
        {
            let date = epoch + chrono::Duration::days(days);
            let expected = Month::from_date(date).unwrap().index();
            assert_eq!(month_of_days(days), Some(expected), "{date}");
        }
        assert_eq!(month_of_days(-719_163), None); // 0000-12-31
        assert_eq!(month_of_days(i64::MAX), None);
    }

    #[test]
    fn timestamps_to_months() {
        let day = 86_400_000_000_000i64;
        let feb_end = (31 + 28) * day - 1; // 1970-03-01 minus 1 ns: February
        let got = months_of_timestamps(&[0, day * 31 - 1, day * 31, feb_end, -1, i64::MIN, 0], day);
        assert_eq!(got, [0, 0, 1, 1, -1, i32::MIN, 0]);
        for index in [-23_628, -1, 0, 1, 11, 12, 600, 96_359] {
            assert_eq!(month_of_days(first_day_of_month(index)), Some(index));
            let before = Some(index - 1).filter(|m| Month::valid_index(*m));
            assert_eq!(month_of_days(first_day_of_month(index) - 1), before);
        }
    }

    fn rows_strategy() -> impl proptest::strategy::Strategy<Value = Vec<(i64, i64, i64)>> {
        use proptest::prelude::*;
        // (customer, month, cents): ids dense or spread out, months around 2020, some zeros.
        (
            prop_oneof![Just(1_i64), Just(1_000_003_i64)],
            proptest::collection::vec((0_i64..40, 600_i64..630, 0_i64..3_000), 0..200),
        )
            .prop_map(|(stride, rows)| {
                rows.into_iter()
                    .map(|(c, m, v)| (c * stride - 17, m, if v % 7 == 0 { 0 } else { v }))
                    .collect()
            })
    }

    fn build_rows(rows: &[(i64, i64, i64)], options: &MonthlyOptions) -> Result<CustomerMonths> {
        let c: Vec<i64> = rows.iter().map(|r| r.0).collect();
        let m: Vec<i64> = rows.iter().map(|r| r.1).collect();
        let v: Vec<f64> = rows.iter().map(|r| r.2 as f64 / 100.0).collect();
        CustomerMonths::from_columns(
            CustomerMonthColumns {
                customer: CustomerColumn::Integers(&c),
                month: MonthColumn::Indices(&m),
                mrr: MrrColumn::Floats(&v),
                segment: None,
            },
            options,
        )
    }

    proptest::proptest! {
        /// Unsorted integer rows (the dense counting sort, the radix sort) give what the same
        /// rows sorted by (customer, month) give, and the first duplicate in (customer, month,
        /// row) order is the one reported.
        #[test]
        fn unsorted_integer_rows_equal_sorted(
            rows in rows_strategy(),
            month_major in proptest::bool::ANY,
            calendar_start in proptest::option::of(600_i32..630),
            as_of in proptest::option::of(600_i32..632),
        ) {
            let mut rows = rows;
            if month_major {
                rows.sort_by_key(|r| (r.1, r.0));
            }
            let mut options = MonthlyOptions::default();
            options.convention.calendar_start = calendar_start.map(|m| Month::from_index(m).unwrap());
            options.as_of = as_of.map(|m| Month::from_index(m).unwrap());
            let mut keyed: Vec<(i64, i64, usize)> =
                rows.iter().enumerate().map(|(i, r)| (r.0, r.1, i)).collect();
            keyed.sort_unstable();
            // A repeat of the previous row while the rows are still in order is reported at
            // once; otherwise the first repeat in (customer, month, row) order.
            let in_order_repeat = rows
                .windows(2)
                .position(|w| (w[1].0, w[1].1) <= (w[0].0, w[0].1))
                .filter(|&i| (rows[i].0, rows[i].1) == (rows[i + 1].0, rows[i + 1].1))
                .map(|i| format!("month[{}]", i + 1));
            let duplicate = keyed
                .windows(2)
                .find(|w| (w[0].0, w[0].1) == (w[1].0, w[1].1))
                .map(|w| format!("month[{}]", w[1].2));
            let duplicate = duplicate.map(|later| in_order_repeat.unwrap_or(later));
            let got = build_rows(&rows, &options);
            match duplicate {
                Some(path) => {
                    let err = got.unwrap_err();
                    proptest::prop_assert_eq!(err.code(), ErrorCode::InputDuplicateCustomerMonth);
                    proptest::prop_assert_eq!(err.path(), path.as_str());
                }
                None => {
                    let sorted: Vec<(i64, i64, i64)> =
                        keyed.iter().map(|&(_, _, i)| rows[i]).collect();
                    proptest::prop_assert_eq!(got.unwrap(), build_rows(&sorted, &options).unwrap());
                    // The dense path applies to dense ids (and agrees, by the check above).
                    if rows.first().is_some_and(|f| rows.iter().all(|r| (r.0 - f.0).abs() < 100)) {
                        let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
                        let months: Vec<i32> = rows.iter().map(|r| r.1 as i32).collect();
                        let minor: Vec<i64> = rows.iter().map(|r| r.2).collect();
                        proptest::prop_assert!(dense_rows(&ids, &months, &minor, i32::MIN, i32::MAX).is_some());
                    }
                }
            }
        }

        /// The fast path of `f64_to_minor` gives the exact rule's result (the shortest
        /// round-trip decimal, rounded half away from zero), on amounts near whole minor units,
        /// near halves and anywhere.
        #[test]
        fn f64_to_minor_equals_the_exact_rule(
            units in 0_i64..2_000_000_000_000,
            nudge in -3_i32..4,
            half in proptest::bool::ANY,
            digits in 0_u32..5,
            any in 0.0_f64..1.0e13,
            pick_any in proptest::bool::ANY,
        ) {
            let scale = POW10[digits as usize];
            let base = if pick_any {
                any
            } else {
                (units as f64 + if half { 0.5 } else { 0.0 }) / scale
            };
            // A few ulps either side.
            let mut x = base;
            for _ in 0..nudge.unsigned_abs() {
                x = if nudge > 0 { f64::from_bits(x.to_bits() + 1) } else if x > 0.0 { f64::from_bits(x.to_bits() - 1) } else { x };
            }
            let exact = Decimal::from_str(&format!("{x}")).ok().and_then(|d| decimal_to_minor(d, digits));
            proptest::prop_assert_eq!(f64_to_minor(x, digits), exact, "x = {:?}", x);
        }
    }
}
