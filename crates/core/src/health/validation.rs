//! Validation of a health model: keys, weights, points, bands (ordered, no gap or overlap,
//! directions kept), tiers and coverage. A model that validates can score any input.

use super::model::{Direction, HealthModel, Signal, MAX_POINTS};
use super::signal_kind::{Band, InputShape, SignalKind};
use crate::error::{Error, ErrorCode, Result};
use crate::shared::keys::{check_key, check_unique_model_key, duplicate_key};
use crate::shared::score_scale::validate_tiers;
use std::collections::BTreeSet;

impl HealthModel {
    /// Checks every rule of the model format; the first violation is returned.
    pub fn validate(&self) -> Result<()> {
        check_key(&self.id, "id", ErrorCode::ModelInvalidKey, "")?;
        if self.dimensions.is_empty() {
            return Err(Error::new(
                ErrorCode::ModelEmpty,
                "dimensions",
                "a model needs at least one dimension",
            ));
        }
        let mut dimension_keys = BTreeSet::new();
        let mut signal_keys = BTreeSet::new();
        let mut input_shapes: Vec<(&str, InputShape, String)> = Vec::new();
        for (d, dimension) in self.dimensions.iter().enumerate() {
            let path = format!("dimensions[{d}]");
            check_unique_model_key(&dimension.key, &format!("{path}.key"), &mut dimension_keys)?;
            check_weight(dimension.weight, &format!("{path}.weight"))?;
            if dimension.signals.is_empty() {
                return Err(Error::new(
                    ErrorCode::ModelEmpty,
                    format!("{path}.signals"),
                    "a dimension needs at least one signal",
                ));
            }
            for (s, signal) in dimension.signals.iter().enumerate() {
                let spath = format!("{path}.signals[{s}]");
                check_unique_model_key(&signal.key, &format!("{spath}.key"), &mut signal_keys)?;
                validate_signal(signal, &spath)?;
                let shape = signal.kind.input_shape();
                for input in signal.inputs() {
                    match input_shapes.iter().find(|(k, _, _)| *k == input) {
                        Some((_, other, _)) if *other != shape => {
                            return Err(Error::new(
                                ErrorCode::ModelInputConflict,
                                format!("{spath}.kind"),
                                format!(
                                    "input `{input}` is read as another type by a different signal"
                                ),
                            )
                            .with_value(input));
                        }
                        Some(_) => {}
                        None => input_shapes.push((input, shape, spath.clone())),
                    }
                }
            }
        }
        validate_tiers(&self.tiers)?;
        if !(0.0..=1.0).contains(&self.min_coverage) {
            return Err(Error::new(
                ErrorCode::ModelCoverageOutOfRange,
                "min_coverage",
                "min_coverage must be between 0 and 1",
            )
            .with_number(self.min_coverage));
        }
        Ok(())
    }
}

pub(crate) fn check_weight(weight: f64, path: &str) -> Result<()> {
    if weight.is_finite() && weight > 0.0 {
        Ok(())
    } else {
        Err(Error::new(
            ErrorCode::ModelWeightNotPositive,
            path,
            "weights must be positive and finite",
        )
        .with_number(weight))
    }
}

fn check_points(points: f64, path: &str) -> Result<()> {
    if points.is_finite() && (0.0..=MAX_POINTS).contains(&points) {
        Ok(())
    } else {
        Err(Error::new(
            ErrorCode::ModelPointsOutOfRange,
            path,
            "points must be between 0 and 10",
        )
        .with_number(points))
    }
}

fn validate_signal(signal: &Signal, path: &str) -> Result<()> {
    check_weight(signal.weight, &format!("{path}.weight"))?;
    check_points(signal.neutral_points, &format!("{path}.neutral_points"))?;
    let kpath = format!("{path}.kind");
    match &signal.kind {
        SignalKind::Numeric { input, bands } | SignalKind::Count { input, bands } => {
            if let Some(input) = input {
                check_key(
                    input,
                    &format!("{kpath}.input"),
                    ErrorCode::ModelInvalidKey,
                    "",
                )?;
            }
            validate_bands(bands, &format!("{kpath}.bands"))?;
        }
        SignalKind::Ratio {
            numerator,
            denominator,
            bands,
        } => {
            check_key(
                numerator,
                &format!("{kpath}.numerator"),
                ErrorCode::ModelInvalidKey,
                "",
            )?;
            check_key(
                denominator,
                &format!("{kpath}.denominator"),
                ErrorCode::ModelInvalidKey,
                "",
            )?;
            if numerator == denominator {
                return Err(Error::new(
                    ErrorCode::ModelInputConflict,
                    format!("{kpath}.denominator"),
                    "numerator and denominator must be different inputs",
                )
                .with_value(denominator.as_str()));
            }
            validate_bands(bands, &format!("{kpath}.bands"))?;
        }
        SignalKind::Categorical { input, categories } => {
            if let Some(input) = input {
                check_key(
                    input,
                    &format!("{kpath}.input"),
                    ErrorCode::ModelInvalidKey,
                    "",
                )?;
            }
            if categories.is_empty() {
                return Err(Error::new(
                    ErrorCode::ModelEmpty,
                    format!("{kpath}.categories"),
                    "a categorical signal needs at least one category",
                ));
            }
            let mut seen = BTreeSet::new();
            for (c, category) in categories.iter().enumerate() {
                let cpath = format!("{kpath}.categories[{c}]");
                if !seen.insert(category.value.as_str()) {
                    return Err(duplicate_key(&format!("{cpath}.value"), &category.value));
                }
                check_points(category.points, &format!("{cpath}.points"))?;
            }
            if signal.direction != Direction::Unordered {
                return Err(Error::new(
                    ErrorCode::ModelDirectionNotApplicable,
                    format!("{path}.direction"),
                    "categorical signals have no order; leave direction unset",
                ));
            }
        }
        SignalKind::Boolean {
            input,
            true_points,
            false_points,
        } => {
            if let Some(input) = input {
                check_key(
                    input,
                    &format!("{kpath}.input"),
                    ErrorCode::ModelInvalidKey,
                    "",
                )?;
            }
            check_points(*true_points, &format!("{kpath}.true_points"))?;
            check_points(*false_points, &format!("{kpath}.false_points"))?;
            let violated = match signal.direction {
                Direction::Unordered => false,
                Direction::HigherIsBetter => true_points < false_points,
                Direction::LowerIsBetter => true_points > false_points,
            };
            if violated {
                return Err(Error::new(
                    ErrorCode::ModelDirectionViolated,
                    format!("{kpath}.true_points"),
                    "true must not score against the declared direction",
                )
                .with_number(*true_points));
            }
        }
    }
    if let Some(bands) = signal.bands() {
        check_band_direction(bands, signal.direction, &format!("{kpath}.bands"))?;
    }
    if let Some(seasonal) = &signal.seasonal {
        let spath = format!("{path}.seasonal.monthly_factors");
        if matches!(
            signal.kind,
            SignalKind::Categorical { .. } | SignalKind::Boolean { .. }
        ) {
            return Err(Error::new(
                ErrorCode::ModelSeasonalInvalid,
                format!("{path}.seasonal"),
                "seasonal baselines apply to numeric, count and ratio signals only",
            ));
        }
        if seasonal.monthly_factors.len() != 12 {
            return Err(Error::new(
                ErrorCode::ModelSeasonalInvalid,
                spath,
                "a seasonal baseline needs exactly 12 monthly factors",
            )
            .with_value(seasonal.monthly_factors.len()));
        }
        for (m, factor) in seasonal.monthly_factors.iter().enumerate() {
            if !(factor.is_finite() && *factor > 0.0) {
                return Err(Error::new(
                    ErrorCode::ModelSeasonalInvalid,
                    format!("{spath}[{m}]"),
                    "seasonal factors must be positive and finite",
                )
                .with_number(*factor));
            }
        }
    }
    Ok(())
}

fn validate_bands(bands: &[Band], path: &str) -> Result<()> {
    if bands.is_empty() {
        return Err(Error::new(
            ErrorCode::ModelEmpty,
            path,
            "at least one band is needed",
        ));
    }
    let last = bands.len() - 1;
    for (b, band) in bands.iter().enumerate() {
        let bpath = format!("{path}[{b}]");
        let (a, z) = band.points.ends();
        check_points(a, &format!("{bpath}.points"))?;
        check_points(z, &format!("{bpath}.points"))?;
        for (bound, name) in [(band.from, "from"), (band.to, "to")] {
            if let Some(v) = bound {
                if !v.is_finite() {
                    return Err(Error::new(
                        ErrorCode::ModelBandInvalid,
                        format!("{bpath}.{name}"),
                        "band bounds must be finite; omit the bound for an open end",
                    )
                    .with_number(v));
                }
            }
        }
        if band.from.is_none() && b != 0 {
            return Err(Error::new(
                ErrorCode::ModelBandOrder,
                format!("{bpath}.from"),
                "only the first band may be unbounded below",
            ));
        }
        if band.to.is_none() && b != last {
            return Err(Error::new(
                ErrorCode::ModelBandOrder,
                format!("{bpath}.to"),
                "only the last band may be unbounded above",
            ));
        }
        match (band.from, band.to) {
            (Some(lo), Some(hi)) => {
                if lo > hi {
                    return Err(Error::new(
                        ErrorCode::ModelBandInvalid,
                        format!("{bpath}.to"),
                        "a band's `to` must not be below its `from`",
                    )
                    .with_number(hi));
                }
                if lo == hi && !(band.from_inclusive && band.to_inclusive) {
                    return Err(Error::new(
                        ErrorCode::ModelBandInvalid,
                        format!("{bpath}.to"),
                        "a single-value band must include both bounds",
                    )
                    .with_number(hi));
                }
                if lo == hi && a != z {
                    return Err(Error::new(
                        ErrorCode::ModelBandInvalid,
                        format!("{bpath}.points"),
                        "a single-value band gives constant points",
                    ));
                }
            }
            _ => {
                if a != z {
                    return Err(Error::new(
                        ErrorCode::ModelBandUnboundedSlope,
                        format!("{bpath}.points"),
                        "an unbounded band gives constant points",
                    ));
                }
            }
        }
    }
    for (b, pair) in bands.windows(2).enumerate() {
        let [left, right] = pair else { continue };
        let (Some(hi), Some(lo)) = (left.to, right.from) else {
            continue;
        };
        let rpath = format!("{path}[{}].from", b + 1);
        if lo < hi {
            let code = match left.from {
                Some(prev_lo) if lo < prev_lo => ErrorCode::ModelBandOrder,
                _ => ErrorCode::ModelBandOverlap,
            };
            return Err(
                Error::new(code, rpath, "bands overlap or are out of order").with_number(lo)
            );
        }
        if lo > hi {
            return Err(Error::new(
                ErrorCode::ModelBandGap,
                rpath,
                format!("values between {hi} and {lo} are in no band"),
            )
            .with_number(lo));
        }
        match (left.to_inclusive, right.from_inclusive) {
            (true, true) => {
                return Err(Error::new(
                    ErrorCode::ModelBandOverlap,
                    rpath,
                    format!("{lo} is in two bands; make one bound exclusive"),
                )
                .with_number(lo))
            }
            (false, false) => {
                return Err(Error::new(
                    ErrorCode::ModelBandGap,
                    rpath,
                    format!("{lo} is in no band; make one bound inclusive"),
                )
                .with_number(lo))
            }
            _ => {}
        }
    }
    Ok(())
}

fn check_band_direction(bands: &[Band], direction: Direction, path: &str) -> Result<()> {
    let sign = match direction {
        Direction::Unordered => return Ok(()),
        Direction::HigherIsBetter => 1.0,
        Direction::LowerIsBetter => -1.0,
    };
    let mut previous_end: Option<f64> = None;
    for (b, band) in bands.iter().enumerate() {
        let (a, z) = band.points.ends();
        let rising_inside = sign * (z - a) >= 0.0;
        let rising_across = previous_end.is_none_or(|p| sign * (a - p) >= 0.0);
        if !(rising_inside && rising_across) {
            return Err(Error::new(
                ErrorCode::ModelDirectionViolated,
                format!("{path}[{b}].points"),
                "points move against the declared direction",
            ));
        }
        previous_end = Some(z);
    }
    Ok(())
}
