//! Customer-month rows as columns: the host columns of [`CustomerMonths::from_columns`]
//! (customer ids, months as indices, days or timestamps, MRR as doubles, minor units or
//! decimals), the serde columns of [`CohortColumns`] and their customer ids
//! ([`CustomerIdColumn`]), and the readers that turn a month or MRR column into checked month
//! indices and minor units.
//!
//! [`CustomerMonths::from_columns`]: crate::CustomerMonths::from_columns

use super::month::{first_day_of_month, month_of_days, Month};
use crate::error::{Error, ErrorCode, Result};
use crate::shared::money::{decimal_to_minor, f64_to_minor};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;

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

impl MonthColumn<'_> {
    /// Number of rows.
    pub(super) fn row_count(&self) -> usize {
        match self {
            MonthColumn::Indices(v) => v.len(),
            MonthColumn::Months(v) => v.len(),
            MonthColumn::Days(v) => v.len(),
            MonthColumn::Timestamps { values, .. } => values.len(),
        }
    }

    /// The month index of every row, checked (the first bad row is reported).
    pub(super) fn month_indices(&self) -> Result<Vec<i32>> {
        let column = self;
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
}

impl MrrColumn<'_> {
    /// Number of rows.
    pub(super) fn row_count(&self) -> usize {
        match self {
            MrrColumn::Floats(v) => v.len(),
            MrrColumn::MinorUnits(v) => v.len(),
            MrrColumn::Decimals(v) => v.len(),
        }
    }

    /// The MRR of every row in minor units, checked (the first bad row is reported).
    pub(super) fn minor_units(&self, digits: u32) -> Result<Vec<i64>> {
        let column = self;
        match column {
            MrrColumn::MinorUnits(v) => {
                if let Some(i) = v.iter().position(|&x| x < 0) {
                    return column.minor_units_at(i, digits).map(|_| Vec::new());
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
                    return column.minor_units_at(i, digits).map(|_| Vec::new());
                }
                Ok(out)
            }
            MrrColumn::Decimals(v) => (0..v.len())
                .map(|i| column.minor_units_at(i, digits))
                .collect(),
        }
    }

    /// The MRR of row `i` in minor units, or the error of that row.
    fn minor_units_at(&self, i: usize, digits: u32) -> Result<i64> {
        let column = self;
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
                    return Err(Error::new(
                        ErrorCode::InputNegativeAmount,
                        path(),
                        "MRR is at least 0",
                    )
                    .with_value(x.to_string()));
                }
                decimal_to_minor(x, digits).ok_or_else(|| {
                    Error::new(ErrorCode::InputOutOfRange, path(), "MRR too large")
                        .with_value(x.to_string())
                })
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

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
}
