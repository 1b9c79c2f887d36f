//! Money helpers: exact decimals to the floats that scores and shares are computed in.

use rust_decimal::Decimal;

/// The ARR of a decimal as a float, by decimal text (exact to the nearest double on every platform).
pub(crate) fn decimal_to_f64(d: Decimal) -> f64 {
    d.to_string().parse::<f64>().unwrap_or(f64::NAN)
}
