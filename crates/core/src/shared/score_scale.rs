//! The 0-100 score scale every area shares: the one rounding stage of a score and the tiers a
//! score falls in.

use super::keys::check_unique_model_key;
use crate::error::{Error, ErrorCode, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Rounds a 0-100 score to one decimal, ties to even. This is the one rounding stage of tenure:
/// composites, blends and roll-ups are rounded here, and tiers are assigned on the rounded value.
///
/// A negative zero comes out as `0.0`.
///
/// ```
/// assert_eq!(tenure::round_score(79.94), 79.9);
/// assert_eq!(tenure::round_score(0.25), 0.2);  // 2.5 is an exact tie: to even
/// assert_eq!(tenure::round_score(0.75), 0.8);  // 7.5 is an exact tie: to even
/// assert_eq!(tenure::round_score(79.95), 80.0); // 79.95 × 10 is exactly 799.5: to even
/// assert_eq!(tenure::round_score(-0.04).to_bits(), 0.0f64.to_bits());
/// ```
pub fn round_score(raw: f64) -> f64 {
    // `+ 0.0` turns -0.0 into 0.0 and leaves every other value unchanged.
    (raw * 10.0).round_ties_even() / 10.0 + 0.0
}

/// A tier of the composite score (e.g. Thriving, 80 and above, green).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// Unique key, e.g. `thriving`.
    pub key: String,
    /// Human-readable name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Display colour (a name or `#rrggbb`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
    /// Lowest composite (inclusive) in the tier, on the 0.1 grid.
    pub min: f64,
}

pub(crate) fn validate_tiers(tiers: &[Tier]) -> Result<()> {
    if tiers.is_empty() {
        return Err(Error::new(
            ErrorCode::ModelEmpty,
            "tiers",
            "a model needs at least one tier",
        ));
    }
    let mut keys = BTreeSet::new();
    for (t, tier) in tiers.iter().enumerate() {
        let path = format!("tiers[{t}]");
        check_unique_model_key(&tier.key, &format!("{path}.key"), &mut keys)?;
        let min = tier.min;
        if !min.is_finite() || min < 0.0 || (min * 10.0).round_ties_even() / 10.0 != min {
            return Err(Error::new(
                ErrorCode::ModelTierThresholdInvalid,
                format!("{path}.min"),
                "tier thresholds are finite, at least 0 and on the 0.1 grid of the rounded score",
            )
            .with_number(min));
        }
        if min > 100.0 {
            return Err(Error::new(
                ErrorCode::ModelTierUnreachable,
                format!("{path}.min"),
                "a tier starting above 100 can never be assigned",
            )
            .with_number(min));
        }
        if let Some(other) = tiers.iter().take(t).position(|o| o.min == min) {
            return Err(Error::new(
                ErrorCode::ModelTierUnreachable,
                format!("{path}.min"),
                format!("tier starts where tiers[{other}] starts, so it can never be assigned"),
            )
            .with_number(min));
        }
    }
    if !tiers.iter().any(|t| t.min == 0.0) {
        let lowest = tiers.iter().map(|t| t.min).fold(f64::INFINITY, f64::min);
        return Err(Error::new(
            ErrorCode::ModelTierUncovered,
            "tiers",
            format!("scores below {lowest} are in no tier; the lowest tier must start at 0"),
        )
        .with_number(lowest));
    }
    Ok(())
}

/// Validated tiers, ordered from the highest threshold down, for assigning a composite.
#[derive(Clone, Debug, PartialEq)]
pub struct TierScale {
    /// Tiers sorted by `min`, highest first.
    tiers: Vec<Tier>,
}

impl TierScale {
    /// Validates tiers and orders them.
    ///
    /// ```
    /// let scale = tenure::TierScale::new(tenure::HealthModel::builtin().tiers).unwrap();
    /// assert_eq!(scale.assign(79.9).key, "healthy");
    /// assert_eq!(scale.assign(80.0).key, "thriving");
    /// ```
    pub fn new(tiers: Vec<Tier>) -> Result<TierScale> {
        validate_tiers(&tiers)?;
        let mut tiers = tiers;
        tiers.sort_by(|a, b| b.min.total_cmp(&a.min));
        Ok(TierScale { tiers })
    }

    /// The tier of a composite (0-100): the tier with the highest `min` not above it.
    pub fn assign(&self, composite: f64) -> &Tier {
        self.position(composite)
            .and_then(|i| self.tiers.get(i))
            .unwrap_or_else(|| self.lowest())
    }

    /// Index (highest tier first) of the tier of a composite.
    pub(crate) fn position(&self, composite: f64) -> Option<usize> {
        self.tiers
            .iter()
            .position(|t| composite >= t.min)
            .or(Some(self.tiers.len().saturating_sub(1)))
    }

    /// The lowest tier (the one starting at 0).
    pub fn lowest(&self) -> &Tier {
        // `new` guarantees at least one tier; the slice pattern keeps this panic-free.
        match self.tiers.as_slice() {
            [.., last] => last,
            [] => &FALLBACK_TIER,
        }
    }

    /// Tiers, highest first.
    pub fn tiers(&self) -> &[Tier] {
        &self.tiers
    }

    /// The tier above the given index, if any.
    pub(crate) fn above(&self, index: usize) -> Option<&Tier> {
        index.checked_sub(1).and_then(|i| self.tiers.get(i))
    }
}

static FALLBACK_TIER: Tier = Tier {
    key: String::new(),
    label: None,
    colour: None,
    min: 0.0,
};

/// The product's default tiers, those of the built-in health model and of a rule set that gives
/// none: Thriving from 80 (green), Healthy from 60 (yellow), At-Risk from 40 (orange), Critical
/// (red).
pub(crate) fn default_tiers() -> Vec<Tier> {
    let tier = |key: &str, label: &str, colour: &str, min: f64| Tier {
        key: key.to_string(),
        label: Some(label.to_string()),
        colour: Some(colour.to_string()),
        min,
    };
    vec![
        tier("thriving", "Thriving", "green", 80.0),
        tier("healthy", "Healthy", "yellow", 60.0),
        tier("at_risk", "At-Risk", "orange", 40.0),
        tier("critical", "Critical", "red", 0.0),
    ]
}

#[cfg(test)]
mod default_tier_tests {
    #[test]
    fn default_tiers_are_the_builtin_models() {
        assert_eq!(super::default_tiers(), crate::HealthModel::builtin().tiers);
    }
}
