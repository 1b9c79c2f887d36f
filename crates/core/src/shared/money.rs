//! Money helpers: exact decimals to the floats that scores and shares are computed in, and
//! amounts as integer minor units (10^-digits of a currency), rounded half away from zero.

use rust_decimal::Decimal;
use std::str::FromStr;

/// A decimal as the nearest double, by its decimal text (the same double on every platform).
pub(crate) fn decimal_to_f64(d: Decimal) -> f64 {
    d.to_string().parse::<f64>().unwrap_or(f64::NAN)
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

/// Minor units to an exact decimal with `digits` decimals (`None` beyond 96 bits).
pub(crate) fn minor_to_decimal(minor: i128, digits: u32) -> Option<Decimal> {
    Decimal::try_from_i128_with_scale(minor, digits).ok()
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
        // A weekly 10.00 is 10 × 52 / 12 = 43.333… a month.
        assert_eq!(scaled_to_minor(d("10"), 52, 12, 2), Some(4333));
        assert_eq!(minor_to_decimal(4333, 2), Some(d("43.33")));
    }

    proptest::proptest! {
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
