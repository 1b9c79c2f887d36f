//! Deterministic elementary functions for the survival estimates: `sqrt`, `ln`, `exp` and the
//! inverse of the standard normal distribution, written with `+ - × ÷` and bit manipulation only,
//! in a fixed order of operations. They never call the platform's maths library, so the Rust,
//! Python, Node.js and WebAssembly builds return the same bits.
//!
//! Accuracy: `sqrt` is within one unit in the last place, `ln` and `exp` within a few units in
//! the last place, and [`inverse_normal`] (Wichura's algorithm AS 241, `PPND16`) within about
//! 1e-15 relative over the whole open interval (0, 1).

// The constants are given with the digits they are published with (fdlibm, AS 241).
#![allow(clippy::excessive_precision)]

const LN2_HI: f64 = 6.931_471_803_691_238_164_90e-1;
const LN2_LO: f64 = 1.908_214_929_270_587_700_02e-10;
const INV_LN2: f64 = std::f64::consts::LOG2_E;
const SQRT2: f64 = std::f64::consts::SQRT_2;
const TWO_54: f64 = 18_014_398_509_481_984.0;

/// `2^k` for `-1022 <= k <= 1023`.
fn pow2(k: i64) -> f64 {
    let k = k.clamp(-1022, 1023);
    f64::from_bits(((k + 1023) as u64) << 52)
}

/// `x × 2^k`, in at most three exact scalings (so subnormal results round once, at the end).
fn scale(x: f64, k: i64) -> f64 {
    if k > 1023 {
        x * pow2(1023) * pow2(k - 1023)
    } else if k < -1022 {
        // Two steps keep the intermediate normal as long as possible.
        x * pow2(-1022) * pow2((k + 1022).max(-1022))
    } else {
        x * pow2(k)
    }
}

/// Square root: `NaN` for negative or `NaN` input; Newton's iteration from a bit-level estimate.
pub fn sqrt(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 || x == f64::INFINITY {
        return x;
    }
    // Bring subnormal and tiny inputs into the normal range: sqrt(x) = sqrt(x × 2^200) × 2^-100.
    let (v, back) = if x < 1e-300 {
        (x * pow2(200), -100)
    } else {
        (x, 0)
    };
    // Estimate: halve the biased exponent (within ~6% of the root).
    let mut y = f64::from_bits((v.to_bits() >> 1) + 0x1FF8_0000_0000_0000);
    for _ in 0..6 {
        y = 0.5 * (y + v / y);
    }
    scale(y, back)
}

/// Natural logarithm: `-inf` at 0, `NaN` below 0 or for `NaN`, `+inf` at `+inf`.
pub fn ln(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x == f64::INFINITY {
        return x;
    }
    let (v, mut e) = if x < f64::MIN_POSITIVE {
        (x * TWO_54, -54_i64)
    } else {
        (x, 0)
    };
    let bits = v.to_bits();
    e += ((bits >> 52) & 0x7FF) as i64 - 1023;
    // Mantissa in [1, 2), then in [sqrt(1/2), sqrt(2)).
    let mut m = f64::from_bits((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000);
    if m > SQRT2 {
        m *= 0.5;
        e += 1;
    }
    // ln(m) = 2 atanh(s) = 2 (s + s³/3 + s⁵/5 + ...), s = (m - 1) / (m + 1), |s| < 0.1716.
    let s = (m - 1.0) / (m + 1.0);
    let z = s * s;
    let mut series = 1.0 / 25.0;
    for k in (1..12).rev() {
        series = 1.0 / (2 * k + 1) as f64 + z * series;
    }
    let r = z * series;
    // ln(m) = 2s + 2s·z·series; the exponent's share is added last, low part first.
    let ln_m = 2.0 * s + 2.0 * s * r;
    let ef = e as f64;
    ef * LN2_HI + (ln_m + ef * LN2_LO)
}

/// Exponential: `0` below about -745.1, `+inf` above about 709.8, `NaN` for `NaN`.
pub fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x > 709.782_712_893_384 {
        return f64::INFINITY;
    }
    if x < -745.133_219_101_941_1 {
        return 0.0;
    }
    // x = k ln 2 + r, |r| <= ln 2 / 2.
    let t = x * INV_LN2;
    let k = if t < 0.0 { t - 0.5 } else { t + 0.5 } as i64;
    let kf = k as f64;
    let r = (x - kf * LN2_HI) - kf * LN2_LO;
    // Taylor series to degree 18 (remainder below 1e-22), Horner form.
    let mut p = 1.0;
    for n in (1..=18).rev() {
        p = 1.0 + r * p / n as f64;
    }
    scale(p, k)
}

/// The standard normal quantile Φ⁻¹(p) for `0 < p < 1` (Wichura 1988, algorithm AS 241,
/// `PPND16`); `NaN` outside the open interval.
pub fn inverse_normal(p: f64) -> f64 {
    if p.is_nan() || p <= 0.0 || p >= 1.0 {
        return f64::NAN;
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180_625 - q * q;
        let num = ((((((2.509_080_928_730_122_672_7e3 * r + 3.343_057_558_358_812_810_5e4) * r
            + 6.726_577_092_700_870_085_3e4)
            * r
            + 4.592_195_393_154_987_145_7e4)
            * r
            + 1.373_169_376_550_946_112_5e4)
            * r
            + 1.971_590_950_306_551_442_7e3)
            * r
            + 1.331_416_678_917_843_774_5e2)
            * r
            + 3.387_132_872_796_366_608_0;
        let den = ((((((5.226_495_278_852_854_561_0e3 * r + 2.872_908_573_572_194_267_4e4) * r
            + 3.930_789_580_009_271_061_0e4)
            * r
            + 2.121_379_430_158_659_586_7e4)
            * r
            + 5.394_196_021_424_751_107_7e3)
            * r
            + 6.871_870_074_920_579_083_0e2)
            * r
            + 4.231_333_070_160_091_125_2e1)
            * r
            + 1.0;
        return q * num / den;
    }
    let tail = if q < 0.0 { p } else { 1.0 - p };
    let mut r = sqrt(-ln(tail));
    let value = if r <= 5.0 {
        r -= 1.6;
        let num = ((((((7.745_450_142_783_414_076_4e-4 * r + 2.272_384_498_926_918_458_33e-2)
            * r
            + 2.417_807_251_774_506_117_7e-1)
            * r
            + 1.270_458_252_452_368_382_58)
            * r
            + 3.647_848_324_763_204_605_04)
            * r
            + 5.769_497_221_460_691_405_5)
            * r
            + 4.630_337_846_156_545_295_9)
            * r
            + 1.423_437_110_749_683_577_34;
        let den = ((((((1.050_750_071_644_416_843_24e-9 * r + 5.475_938_084_995_344_946e-4)
            * r
            + 1.519_866_656_361_645_719_66e-2)
            * r
            + 1.481_039_764_274_800_745_9e-1)
            * r
            + 6.897_673_349_851_000_045_5e-1)
            * r
            + 1.676_384_830_183_803_849_4)
            * r
            + 2.053_191_626_637_758_821_87)
            * r
            + 1.0;
        num / den
    } else {
        r -= 5.0;
        let num = ((((((2.010_334_399_292_288_132_65e-7 * r + 2.711_555_568_743_487_578_15e-5)
            * r
            + 1.242_660_947_388_078_438_6e-3)
            * r
            + 2.653_218_952_657_612_309_3e-2)
            * r
            + 2.965_605_718_285_048_912_3e-1)
            * r
            + 1.784_826_539_917_291_335_8)
            * r
            + 5.463_784_911_164_114_369_9)
            * r
            + 6.657_904_643_501_103_777_2;
        let den = ((((((2.044_263_103_389_939_785_64e-15 * r + 1.421_511_758_316_445_888_7e-7)
            * r
            + 1.846_318_317_510_054_681_8e-5)
            * r
            + 7.868_691_311_456_132_591e-4)
            * r
            + 1.487_536_129_085_061_485_25e-2)
            * r
            + 1.369_298_809_227_358_053_1e-1)
            * r
            + 5.998_322_065_558_879_376_9e-1)
            * r
            + 1.0;
        num / den
    };
    if q < 0.0 {
        -value
    } else {
        value
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::float_cmp)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs().max(f64::MIN_POSITIVE)
    }

    #[test]
    fn against_platform_maths() {
        let mut x = 1e-310_f64;
        while x < 1e300 {
            assert!(close(sqrt(x), x.sqrt(), 2.3e-16), "sqrt {x}");
            assert!(
                close(ln(x), x.ln(), 4.5e-16),
                "ln {x}: {} {}",
                ln(x),
                x.ln()
            );
            x *= 1.37;
        }
        let mut y = -740.0_f64;
        while y < 709.0 {
            assert!(
                close(exp(y), y.exp(), 1e-15),
                "exp {y}: {} {}",
                exp(y),
                y.exp()
            );
            y += 0.613;
        }
        for v in [0.5, 1.0, 2.0, 0.97, 1.03, 1e-5, 0.999_999] {
            assert!(close(ln(v).max(1e-300), v.ln().max(1e-300), 1e-15) || ln(v) == v.ln());
        }
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(sqrt(4.0), 2.0);
    }

    #[test]
    fn normal_quantiles() {
        // Reference values of Φ⁻¹ (scipy.stats.norm.ppf).
        assert!(close(inverse_normal(0.975), 1.959_963_984_540_054, 1e-15));
        assert!(close(inverse_normal(0.95), 1.644_853_626_951_472_2, 1e-15));
        assert!(close(inverse_normal(0.995), 2.575_829_303_548_900_4, 1e-15));
        assert!(close(inverse_normal(0.6), 0.253_347_103_135_799_7, 1e-15));
        assert!(close(inverse_normal(1e-10), -6.361_340_902_404_056, 1e-14));
        assert!(close(inverse_normal(0.025), -1.959_963_984_540_054, 1e-15));
        assert!(inverse_normal(1.0).is_nan());
    }
}
