//! Calendar months, and the integer calendar arithmetic that maps days since 1970-01-01 to
//! month indices (the columnar inputs use it).

use crate::error::{Error, ErrorCode, Result};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// First year a [`Month`] can hold.
const MIN_YEAR: i32 = 1;
/// Last year a [`Month`] can hold.
const MAX_YEAR: i32 = 9999;
/// Index of January of year 1 (months since January 1970).
const MIN_INDEX: i32 = (MIN_YEAR - 1970) * 12;
/// Index of December of year 9999.
const MAX_INDEX: i32 = (MAX_YEAR - 1970) * 12 + 11;

/// A calendar month (year and month), from 0001-01 to 9999-12.
///
/// Months are ordered, count from a fixed epoch ([`Month::index`] is the number of months since
/// January 1970, the epoch NumPy's `datetime64[M]` uses), parse from `"2019-03"` or a date
/// `"2019-03-01"` (any day of the month), and serialise as `"2019-03"`.
///
/// ```
/// use tenure::Month;
/// let march: Month = "2019-03".parse()?;
/// assert_eq!(march, "2019-03-17".parse()?);
/// assert_eq!(march.index(), (2019 - 1970) * 12 + 2);
/// assert_eq!(march.add_months(10)?.to_string(), "2020-01");
/// assert_eq!(march.add_months(-3)?.to_string(), "2018-12");
/// assert_eq!(Month::new(2020, 1)?.months_since(march), 10);
/// assert!(march < Month::new(2019, 4)?);
/// assert_eq!(serde_json::to_string(&march).unwrap(), "\"2019-03\"");
/// # Ok::<(), tenure::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(i32);

impl Month {
    /// The month of `year` (1-9999) and `month` (1-12).
    pub fn new(year: i32, month: u32) -> Result<Month> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) || !(1..=12).contains(&month) {
            return Err(Error::new(
                ErrorCode::InputOutOfRange,
                "",
                "a month needs a year 1-9999 and a month 1-12",
            )
            .with_value(format!("{year}-{month}")));
        }
        // month is 1..=12, so the cast is exact.
        Ok(Month((year - 1970) * 12 + month as i32 - 1))
    }

    /// The month with the given [`index`](Month::index) (months since January 1970).
    pub fn from_index(index: i32) -> Result<Month> {
        if (MIN_INDEX..=MAX_INDEX).contains(&index) {
            Ok(Month(index))
        } else {
            Err(Error::new(
                ErrorCode::InputOutOfRange,
                "",
                "month index outside 0001-01 to 9999-12",
            )
            .with_value(index))
        }
    }

    /// Whether `index` is a valid month index.
    pub(crate) fn valid_index(index: i32) -> bool {
        (MIN_INDEX..=MAX_INDEX).contains(&index)
    }

    /// The index of the last month a [`Month`] holds (9999-12).
    pub(crate) fn max_index() -> i32 {
        MAX_INDEX
    }

    /// The month a day falls in.
    pub fn from_date(date: NaiveDate) -> Result<Month> {
        Month::new(date.year(), date.month())
    }

    /// Months since January 1970 (negative before it); consecutive months differ by one.
    pub fn index(self) -> i32 {
        self.0
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.0.div_euclid(12) + 1970
    }

    /// The month of the year, 1-12.
    pub fn month(self) -> u32 {
        // rem_euclid(12) is in 0..12.
        self.0.rem_euclid(12).unsigned_abs() + 1
    }

    /// The first day of the month.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year(), self.month(), 1).unwrap_or(NaiveDate::MIN)
    }

    /// The month `n` months later (earlier when `n` is negative); an error outside 0001-9999.
    pub fn add_months(self, n: i32) -> Result<Month> {
        self.0
            .checked_add(n)
            .filter(|i| Month::valid_index(*i))
            .map(Month)
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::InputOutOfRange,
                    "",
                    "month outside 0001-01 to 9999-12",
                )
                .with_value(format!("{self} + {n} months"))
            })
    }

    /// The month `n` months earlier; an error outside 0001-9999.
    pub fn sub_months(self, n: i32) -> Result<Month> {
        match n.checked_neg() {
            Some(m) => self.add_months(m),
            None => Err(Error::new(
                ErrorCode::InputOutOfRange,
                "",
                "month offset overflow",
            )),
        }
    }

    /// The number of months from `earlier` to `self` (negative when `earlier` is later).
    pub fn months_since(self, earlier: Month) -> i32 {
        self.0 - earlier.0
    }

    /// Parses `"YYYY-MM"` or a date `"YYYY-MM-DD"`; `path` is placed on the error.
    pub fn parse_at(text: &str, path: &str) -> Result<Month> {
        let bad = || {
            Error::new(
                ErrorCode::InputParse,
                path,
                "a month is \"YYYY-MM\" or a date \"YYYY-MM-DD\"",
            )
            .with_value(text)
        };
        let bytes = text.as_bytes();
        match bytes.len() {
            7 => {
                let (y, m) = (text.get(..4), text.get(5..7));
                if bytes.get(4) != Some(&b'-') {
                    return Err(bad());
                }
                let year = y.and_then(digits).ok_or_else(bad)?;
                let month = m.and_then(digits).ok_or_else(bad)?;
                Month::new(year as i32, month).map_err(|_| bad())
            }
            10 => {
                if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
                    return Err(bad());
                }
                let year = text.get(..4).and_then(digits).ok_or_else(bad)?;
                let month = text.get(5..7).and_then(digits).ok_or_else(bad)?;
                let day = text.get(8..10).and_then(digits).ok_or_else(bad)?;
                // The day must exist (2019-02-30 is not a date).
                NaiveDate::from_ymd_opt(year as i32, month, day).ok_or_else(bad)?;
                Month::new(year as i32, month).map_err(|_| bad())
            }
            _ => Err(bad()),
        }
    }
}

fn digits(s: &str) -> Option<u32> {
    if s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl FromStr for Month {
    type Err = Error;
    fn from_str(s: &str) -> Result<Month> {
        Month::parse_at(s, "")
    }
}

impl Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Month, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Month;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a month \"YYYY-MM\" or a date \"YYYY-MM-DD\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Month, E> {
                Month::parse_at(v, "").map_err(|_| {
                    E::custom(format!(
                        "invalid month `{v}`: expected \"YYYY-MM\" or \"YYYY-MM-DD\""
                    ))
                })
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

/// The month index of a day (days since 1970-01-01), by the civil-from-days algorithm in
/// integer arithmetic; `None` outside 0001-9999.
pub(super) fn month_of_days(days: i64) -> Option<i32> {
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
pub(super) fn first_day_of_month(index: i32) -> i64 {
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

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
    fn round_trip_and_bounds() {
        for i in [MIN_INDEX, -1, 0, 1, 11, 12, 599, MAX_INDEX] {
            let m = Month::from_index(i).unwrap();
            assert_eq!(m.to_string().parse::<Month>().unwrap(), m);
            assert_eq!(Month::new(m.year(), m.month()).unwrap(), m);
        }
        assert_eq!(Month::from_index(MIN_INDEX).unwrap().to_string(), "0001-01");
        assert_eq!(Month::from_index(MAX_INDEX).unwrap().to_string(), "9999-12");
        assert_eq!(Month::from_index(-1).unwrap().to_string(), "1969-12");
        assert!(Month::from_index(MAX_INDEX + 1).is_err());
        assert!(Month::from_index(MAX_INDEX).unwrap().add_months(1).is_err());
    }

    #[test]
    fn parse_errors() {
        for bad in [
            "2019-3",
            "2019-13",
            "2019-00",
            "19-03",
            "2019/03",
            "2019-02-30",
            "",
            "+019-03",
        ] {
            let e = bad.parse::<Month>().unwrap_err();
            assert_eq!(e.code(), ErrorCode::InputParse, "{bad}");
        }
        assert_eq!(
            "2019-02-28".parse::<Month>().unwrap(),
            Month::new(2019, 2).unwrap()
        );
    }
}
