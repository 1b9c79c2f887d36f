//! The steps every builder of [`CustomerMonths`] shares: checking the options, one segment per
//! customer and one reporting currency ([`Attributes`]), amounts to monthly minor units (one
//! rounding, half away from zero), rows sorted by (customer, month, source row), and assembly
//! of sorted rows into [`CustomerMonths`].

use super::convention::MrrConvention;
use super::customer_months::{CustomerIds, CustomerMonths};
use super::month::Month;
use super::records::{BillingInterval, ExchangeRates, MonthlyOptions};
use crate::error::{Error, ErrorCode, Result};
use crate::shared::money::scaled_to_minor;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// One customer-month row before assembly: customer index, month index, minor units, source row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Row {
    pub(super) customer: u32,
    pub(super) month: i32,
    pub(super) mrr: i64,
    pub(super) source: u32,
}

const MAX_DIGITS: u32 = 8;

/// Checks the minor unit and the exchange rates of the options.
pub(super) fn check_options(options: &MonthlyOptions) -> Result<()> {
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

/// Segment and currency bookkeeping shared by the row-wise inputs.
pub(super) struct Attributes<'o> {
    rates: Option<&'o ExchangeRates>,
    currency: Option<String>,
    /// Segment names in the order first met.
    segment_names: Vec<String>,
    /// Segment per customer index.
    customer_segment: Vec<Option<u32>>,
    any_segment: bool,
}

impl<'o> Attributes<'o> {
    pub(super) fn new(options: &'o MonthlyOptions, customers: usize) -> Self {
        Attributes {
            rates: options.exchange_rates.as_ref(),
            currency: options.exchange_rates.as_ref().map(|r| r.currency.clone()),
            segment_names: Vec::new(),
            customer_segment: vec![None; customers],
            any_segment: false,
        }
    }

    /// The factor that converts an amount in `currency` to the reporting currency.
    pub(super) fn rate(&mut self, currency: Option<&str>, path: &str) -> Result<Option<Decimal>> {
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

    /// Records the segment of a customer (one per customer).
    pub(super) fn segment(
        &mut self,
        customer: u32,
        segment: Option<&str>,
        path: &str,
    ) -> Result<()> {
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
    pub(super) fn finish(self) -> (Vec<Option<u32>>, Vec<String>, Option<String>) {
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

/// An error naming an amount.
pub(super) fn amount_error(code: ErrorCode, path: String, value: &Decimal, message: &str) -> Error {
    Error::new(code, path, message).with_value(value.to_string())
}

/// Normalises an amount billed at `interval`, in a currency with `rate` to the reporting
/// currency, to monthly minor units (one rounding, half away from zero).
pub(super) fn monthly_minor_units(
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
fn sorted_unique<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut v: Vec<&str> = items.collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Index of `id` in the sorted list (present by construction).
pub(super) fn position(sorted: &[&str], id: &str) -> u32 {
    u32::try_from(sorted.binary_search(&id).unwrap_or(0)).unwrap_or(u32::MAX)
}

/// The sorted distinct customer ids and their names.
pub(super) fn index_customers<'a>(
    ids: impl Iterator<Item = &'a str>,
) -> (Vec<&'a str>, Vec<String>) {
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
pub(super) fn sort_rows(rows: &mut Vec<Row>) -> Result<()> {
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

/// The month of a date, an error at `path` outside 0001-9999.
pub(super) fn month_of(date: NaiveDate, path: &str) -> Result<Month> {
    Month::from_date(date).map_err(|e| e.within(path))
}

impl CustomerMonths {
    #[allow(clippy::too_many_arguments)]
    /// Customer-month MRR of rows sorted by customer then month.
    pub(super) fn assemble(
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
}

/// The window of month indices as months (the last at least the first).
pub(super) fn window_months(window: Option<(i32, i32)>) -> Result<Option<(Month, Month)>> {
    match window {
        None => Ok(None),
        Some((f, l)) => Ok(Some((Month::from_index(f)?, Month::from_index(l.max(f))?))),
    }
}

/// The error of a second row for one customer and month.
pub(super) fn duplicate_row(path: String, month: i32) -> Error {
    let label = Month::from_index(month).map_or_else(|_| month.to_string(), |m| m.to_string());
    Error::new(
        ErrorCode::InputDuplicateCustomerMonth,
        path,
        "a customer has one row per month",
    )
    .with_value(label)
}
