//! Customer-month MRR from records: subscription periods (billing intervals normalised to
//! MRR, overlapping periods of a customer added up, the convention's period options applied)
//! and monthly MRR snapshots; and [`RevenueInput::customer_months`], the JSON entry.

use super::convention::{ActiveMonth, SameMonthCancel};
use super::customer_months::{CustomerIds, CustomerMonths};
use super::month::Month;
use super::normalise::{
    amount_error, check_options, duplicate_row, index_customers, month_of, monthly_minor_units,
    position, sort_rows, window_months, Attributes, Row,
};
use super::records::{
    BillingInterval, MonthlyOptions, MrrSnapshot, RevenueInput, SubscriptionPeriod,
};
use crate::error::{Error, ErrorCode, Result};
use rust_decimal::Decimal;

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
            let mrr = monthly_minor_units(p.amount, p.interval, rate, digits, || at("amount"))?;
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
            let mrr =
                monthly_minor_units(s.mrr, BillingInterval::Monthly, rate, digits, || at("mrr"))?;
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
                    return Err(duplicate_row(
                        format!("snapshots[{}].month", b.source),
                        b.month,
                    ));
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::revenue::records::ExchangeRates;
    use chrono::NaiveDate;

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
}
