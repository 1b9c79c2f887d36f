//! Customer-month MRR from columns, the fast path for large inputs: integer ids already in
//! (customer, month) order are read in one pass without a sort; other orders are grouped by a
//! counting sort over dense ids or a radix sort (`row_order`); text ids go through the sorted
//! rows the record inputs use. Also [`CohortColumns::customer_months`], the serde columns' entry.

use super::columns::{
    CohortColumns, CustomerColumn, CustomerIdColumn, CustomerMonthColumns, MonthColumn, MrrColumn,
};
use super::customer_months::{CustomerIds, CustomerMonths};
use super::month::Month;
use super::normalise::{
    check_options, duplicate_row, index_customers, position, sort_rows, window_months, Attributes,
    Row,
};
use super::records::MonthlyOptions;
use super::row_order::{dense_rows, first_disorder, radix_order, Disorder};
use crate::error::{Error, ErrorCode, Result};

impl CustomerMonths {
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
            ("month", columns.month.row_count()),
            ("mrr", columns.mrr.row_count()),
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
                let mut month_idx = columns.month.month_indices()?;
                let mut minor = columns.mrr.minor_units(digits)?;
                let order = match first_disorder(ids, &month_idx) {
                    Disorder::Sorted => None,
                    Disorder::Duplicate(i) => {
                        let m = month_idx.get(i).copied().unwrap_or(0);
                        return Err(duplicate_row(format!("month[{i}]"), m));
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
                                return Err(duplicate_row(format!("month[{row}]"), m));
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
                let text_months = columns.month.month_indices()?;
                let text_mrr = columns.mrr.minor_units(digits)?;
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
                            return Err(duplicate_row(format!("month[{}]", b.source), b.month));
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

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
    }
}
