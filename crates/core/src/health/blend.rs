//! Human (CSM-assessed) scores blended with computed ones, and multi-product roll-ups.

use super::explanation::TierLabel;
use crate::error::{number_value, Error, ErrorCode, Result};
use crate::shared::money::decimal_to_f64;
use crate::shared::score_scale::{round_score, TierScale};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A health score assessed by a person (a CSM), valid from `assessed_on` until `expires_on`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HumanAssessment {
    /// The assessed score, 0-100.
    pub score: f64,
    /// Weight of the human score in the blend, 0-1.
    pub weight: f64,
    /// Day of the assessment; the assessment applies from this day.
    pub assessed_on: NaiveDate,
    /// First day the assessment no longer applies.
    pub expires_on: NaiveDate,
    /// Who assessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessor: Option<String>,
}

/// Whether the human score took part in a blend.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HumanStatus {
    /// Blended in.
    Applied,
    /// `as_of` is on or after `expires_on`: the computed score alone is used.
    Expired,
    /// `as_of` is before `assessed_on`: the computed score alone is used.
    NotYetValid,
    /// No assessment was given.
    Absent,
}

/// A computed score blended with a human one.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BlendedScore {
    /// `round((1 - w) × computed + w × human)`, or the rounded computed score when the
    /// assessment does not apply.
    pub composite: f64,
    /// Tier of the blended composite.
    pub tier: TierLabel,
    /// The computed score given.
    pub computed: f64,
    /// The human score, when one was given.
    pub human: Option<f64>,
    /// Weight the human score received (0 unless applied).
    pub human_weight: f64,
    /// Whether the human score applied.
    pub human_status: HumanStatus,
}

fn check_score(value: f64, path: &str) -> Result<()> {
    if value.is_finite() && (0.0..=100.0).contains(&value) {
        Ok(())
    } else {
        Err(Error::new(
            ErrorCode::InputOutOfRange,
            path,
            "scores are between 0 and 100",
        )
        .with_number(value))
    }
}

/// Blends a computed score with a human assessment valid on `as_of`.
///
/// ```
/// use chrono::NaiveDate;
/// use tenure::{blend_human_score, HealthModel, HumanAssessment, TierScale};
/// let tiers = TierScale::new(HealthModel::builtin().tiers).unwrap();
/// let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
/// let human = HumanAssessment { score: 40.0, weight: 0.25, assessed_on: day(1),
///                               expires_on: day(30), assessor: None };
/// let blended = blend_human_score(&tiers, 80.0, Some(&human), day(15)).unwrap();
/// assert_eq!(blended.composite, 70.0);
/// assert_eq!(blended.tier.key, "healthy");
/// ```
pub fn blend_human_score(
    tiers: &TierScale,
    computed: f64,
    human: Option<&HumanAssessment>,
    as_of: NaiveDate,
) -> Result<BlendedScore> {
    check_score(computed, "computed")?;
    let (status, raw, weight) = match human {
        None => (HumanStatus::Absent, computed, 0.0),
        Some(h) => {
            check_score(h.score, "human.score")?;
            if !(h.weight.is_finite() && (0.0..=1.0).contains(&h.weight)) {
                return Err(Error::new(
                    ErrorCode::InputOutOfRange,
                    "human.weight",
                    "the human weight is between 0 and 1",
                )
                .with_number(h.weight));
            }
            if h.expires_on <= h.assessed_on {
                return Err(Error::new(
                    ErrorCode::InputDateOrder,
                    "human.expires_on",
                    "an assessment must expire after the day it was made",
                )
                .with_value(h.expires_on.to_string()));
            }
            if as_of < h.assessed_on {
                (HumanStatus::NotYetValid, computed, 0.0)
            } else if as_of >= h.expires_on {
                (HumanStatus::Expired, computed, 0.0)
            } else {
                (
                    HumanStatus::Applied,
                    (1.0 - h.weight) * computed + h.weight * h.score,
                    h.weight,
                )
            }
        }
    };
    let composite = round_score(raw);
    Ok(BlendedScore {
        composite,
        tier: TierLabel::from(tiers.assign(composite)),
        computed,
        human: human.map(|h| h.score),
        human_weight: weight,
        human_status: status,
    })
}

/// The score of one product of a multi-product account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductScore {
    /// Product key.
    pub product: String,
    /// The product's health score, 0-100.
    pub score: f64,
    /// The product's ARR (exact decimal; JSON number or string).
    pub arr: Decimal,
}

/// How product scores roll up into one account score.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RollupMethod {
    /// Mean weighted by each product's ARR: one unified health score for the account.
    #[default]
    ArrWeighted,
    /// The lowest product score.
    Min,
    /// The unweighted mean.
    Mean,
}

/// One product's part in a roll-up.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProductShare {
    /// Product key.
    pub product: String,
    /// Its score.
    pub score: f64,
    /// Its ARR.
    pub arr: Decimal,
    /// Its weight in the roll-up (0-1; for `min`, 1 for the lowest product and 0 for the others).
    pub weight: f64,
}

/// A multi-product roll-up.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RolledUpScore {
    /// The account score, rounded like every score.
    pub composite: f64,
    /// Its tier.
    pub tier: TierLabel,
    /// Method used.
    pub method: RollupMethod,
    /// Sum of the products' ARR (exact).
    pub total_arr: Decimal,
    /// Each product's part, in input order.
    pub products: Vec<ProductShare>,
    /// The product with the lowest score (the first of equals).
    pub weakest: String,
}

/// Rolls several product scores up into one account score.
///
/// ```
/// use tenure::{roll_up_products, HealthModel, ProductScore, RollupMethod, TierScale};
/// use rust_decimal::Decimal;
/// let tiers = TierScale::new(HealthModel::builtin().tiers).unwrap();
/// let products = vec![
///     ProductScore { product: "core".into(), score: 90.0, arr: Decimal::new(75_000, 0) },
///     ProductScore { product: "addon".into(), score: 50.0, arr: Decimal::new(25_000, 0) },
/// ];
/// let rolled = roll_up_products(&tiers, &products, RollupMethod::ArrWeighted).unwrap();
/// assert_eq!(rolled.composite, 80.0);
/// assert_eq!(rolled.weakest, "addon");
/// ```
pub fn roll_up_products(
    tiers: &TierScale,
    products: &[ProductScore],
    method: RollupMethod,
) -> Result<RolledUpScore> {
    if products.is_empty() {
        return Err(Error::new(
            ErrorCode::InputEmpty,
            "products",
            "a roll-up needs at least one product",
        ));
    }
    let mut total_arr = Decimal::ZERO;
    for (i, p) in products.iter().enumerate() {
        check_score(p.score, &format!("products[{i}].score"))?;
        if p.arr.is_sign_negative() && !p.arr.is_zero() {
            return Err(Error::new(
                ErrorCode::InputOutOfRange,
                format!("products[{i}].arr"),
                "ARR must not be negative",
            )
            .with_value(p.arr.to_string()));
        }
        if products.iter().take(i).any(|o| o.product == p.product) {
            return Err(Error::new(
                ErrorCode::InputDuplicateKey,
                format!("products[{i}].product"),
                format!("product `{}` is given twice", p.product),
            )
            .with_value(p.product.as_str()));
        }
        total_arr = total_arr.checked_add(p.arr).ok_or_else(|| {
            Error::new(
                ErrorCode::InputOutOfRange,
                format!("products[{i}].arr"),
                "total ARR overflows",
            )
            .with_value(p.arr.to_string())
        })?;
    }
    let weakest_index =
        products
            .iter()
            .enumerate()
            .fold(0, |best, (i, p)| match products.get(best) {
                Some(b) if b.score <= p.score => best,
                _ => i,
            });
    let n = products.len() as f64;
    let arr: Vec<f64> = products.iter().map(|p| decimal_to_f64(p.arr)).collect();
    let arr_sum: f64 = arr.iter().sum();
    let weights: Vec<f64> = match method {
        RollupMethod::ArrWeighted => {
            if arr_sum <= 0.0 {
                return Err(Error::new(
                    ErrorCode::InputOutOfRange,
                    "products",
                    "an ARR-weighted roll-up needs a positive total ARR",
                )
                .with_value(number_value(arr_sum)));
            }
            arr.iter().map(|a| a / arr_sum).collect()
        }
        RollupMethod::Mean => products.iter().map(|_| 1.0 / n).collect(),
        RollupMethod::Min => (0..products.len())
            .map(|i| if i == weakest_index { 1.0 } else { 0.0 })
            .collect(),
    };
    let raw = match method {
        RollupMethod::ArrWeighted => {
            products
                .iter()
                .zip(&arr)
                .map(|(p, a)| p.score * a)
                .sum::<f64>()
                / arr_sum
        }
        RollupMethod::Mean => products.iter().map(|p| p.score).sum::<f64>() / n,
        RollupMethod::Min => products.get(weakest_index).map_or(0.0, |p| p.score),
    };
    let composite = round_score(raw);
    Ok(RolledUpScore {
        composite,
        tier: TierLabel::from(tiers.assign(composite)),
        method,
        total_arr,
        products: products
            .iter()
            .zip(weights)
            .map(|(p, weight)| ProductShare {
                product: p.product.clone(),
                score: p.score,
                arr: p.arr,
                weight,
            })
            .collect(),
        weakest: products
            .get(weakest_index)
            .map(|p| p.product.clone())
            .unwrap_or_default(),
    })
}
