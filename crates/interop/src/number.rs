//! The two rules for JavaScript numbers and dates that both bindings apply.

/// A JavaScript number as serde sees it.
///
/// Whole numbers go as integers, as JSON numbers do, so that integer fields (`window_days`,
/// `month`) accept them; -0 stays a double (only a double holds it), as does every number that
/// is not whole or not finite. The conversions are exact over the ranges tested.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum WholeNumber {
    /// A whole number from 0 to 2^64 (exclusive).
    Unsigned(u64),
    /// A whole negative number from -2^63.
    Signed(i64),
    /// Any other number, every bit kept (NaN and the infinities too).
    Double(f64),
}

impl WholeNumber {
    /// The serde form of `x`.
    ///
    /// ```
    /// use tenure_interop::WholeNumber;
    /// assert_eq!(WholeNumber::of(30.0), WholeNumber::Unsigned(30));
    /// assert_eq!(WholeNumber::of(-2.0), WholeNumber::Signed(-2));
    /// assert_eq!(WholeNumber::of(0.5), WholeNumber::Double(0.5));
    /// assert!(matches!(WholeNumber::of(-0.0), WholeNumber::Double(z) if z.is_sign_negative()));
    /// ```
    pub fn of(x: f64) -> WholeNumber {
        let whole = x.is_finite() && x == x.trunc() && !(x == 0.0 && x.is_sign_negative());
        if whole && (0.0..18_446_744_073_709_551_616.0).contains(&x) {
            WholeNumber::Unsigned(x as u64)
        } else if whole && (-9_223_372_036_854_775_808.0..0.0).contains(&x) {
            WholeNumber::Signed(x as i64)
        } else {
            WholeNumber::Double(x)
        }
    }
}

/// The UTC calendar day (`YYYY-MM-DD`) of a JavaScript time value (milliseconds since
/// 1970-01-01T00:00:00Z, what `Date.prototype.getTime` returns): how a `Date` is read wherever a
/// day is expected. `None` for an invalid `Date` (NaN) or a day out of range.
///
/// ```
/// assert_eq!(tenure_interop::utc_day(1_794_700_800_000.0).as_deref(), Some("2026-11-15"));
/// assert_eq!(tenure_interop::utc_day(f64::NAN), None);
/// ```
pub fn utc_day(millis: f64) -> Option<String> {
    if !millis.is_finite() {
        return None;
    }
    let days = (millis / 86_400_000.0).floor();
    // 719_163 is the day number of 1970-01-01 counted from 0001-01-01 (day 1).
    let from_ce = i32::try_from(days as i64 + 719_163).ok()?;
    tenure::NaiveDate::from_num_days_from_ce_opt(from_ce).map(|d| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_days() {
        assert_eq!(utc_day(0.0).as_deref(), Some("1970-01-01"));
        assert_eq!(utc_day(-1.0).as_deref(), Some("1969-12-31"));
        assert_eq!(utc_day(86_399_999.0).as_deref(), Some("1970-01-01"));
        assert_eq!(utc_day(f64::INFINITY), None);
        assert_eq!(utc_day(1e20), None);
    }

    #[test]
    fn whole_numbers() {
        assert_eq!(WholeNumber::of(0.0), WholeNumber::Unsigned(0));
        assert_eq!(WholeNumber::of(1e300), WholeNumber::Double(1e300));
        assert!(matches!(WholeNumber::of(f64::NAN), WholeNumber::Double(x) if x.is_nan()));
        assert_eq!(
            WholeNumber::of(-9_223_372_036_854_775_808.0),
            WholeNumber::Signed(i64::MIN)
        );
    }
}
