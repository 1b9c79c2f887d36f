//! Surprise churn: the share of churned accounts whose health tier some days before the churn
//! (90 by default) was Healthy or Thriving — churn the health score did not see coming.

use super::taxonomy::ChurnEvent;
use crate::error::{Error, ErrorCode, Result};
use crate::lifecycle::{add_amount, check_amount, duplicate, shift_days_at, Share};
use crate::shared::score_history::ScorePoint;
use crate::shared::score_scale::{round_score, TierScale};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasherDefault;

/// The score history of one account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountHistory {
    /// Account id.
    pub account: String,
    /// Scores, dates strictly increasing.
    pub history: Vec<ScorePoint>,
}

/// Options of [`surprise_churn`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SurpriseChurnOptions {
    /// How many days before the churn the tier is read (default 90).
    pub lookback_days: u32,
    /// Tiers that make a churn a surprise (default `["thriving", "healthy"]`).
    pub surprise_tiers: Vec<String>,
}

impl Default for SurpriseChurnOptions {
    fn default() -> Self {
        SurpriseChurnOptions {
            lookback_days: 90,
            surprise_tiers: vec!["thriving".into(), "healthy".into()],
        }
    }
}

/// The facts [`surprise_churn`] needs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurpriseChurnInput {
    /// Churned accounts.
    pub events: Vec<ChurnEvent>,
    /// Score histories, one per account.
    #[serde(default)]
    pub histories: Vec<AccountHistory>,
    /// Options.
    #[serde(default)]
    pub options: SurpriseChurnOptions,
}

/// Whether a churn was a surprise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurpriseClass {
    /// The tier before churn was a surprise tier (Healthy or Thriving).
    Surprise,
    /// The tier before churn was another tier: the risk was visible.
    Expected,
    /// No score on or before the reference day: not counted.
    Unknown,
}

/// One churned account's tier before churn.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SurpriseAccount {
    /// Account id.
    pub account: String,
    /// Day of the churn.
    pub churn_date: NaiveDate,
    /// churn date - `lookback_days`.
    pub reference_date: NaiveDate,
    /// Day of the score read (the latest on or before the reference day).
    pub scored_on: Option<NaiveDate>,
    /// That score.
    pub score: Option<f64>,
    /// Its tier (assigned on the score rounded to 0.1, like every tier).
    pub tier: Option<String>,
    /// Surprise, expected or unknown.
    pub class: SurpriseClass,
    /// ARR lost.
    pub arr: Decimal,
}

/// Surprise churn in one calendar quarter of churn dates.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SurprisePeriod {
    /// `YYYY-Qn`.
    pub quarter: String,
    /// Surprise churns.
    pub surprise: u64,
    /// Expected churns.
    pub expected: u64,
    /// Churns without history.
    pub unknown: u64,
    /// surprise / (surprise + expected).
    pub share: Share<u64>,
}

/// The surprise-churn share.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SurpriseChurn {
    /// Lookback in days.
    pub lookback_days: u32,
    /// Each event, in input order.
    pub accounts: Vec<SurpriseAccount>,
    /// Surprise churns.
    pub surprise: u64,
    /// Expected churns.
    pub expected: u64,
    /// Churns without history (not counted in the shares).
    pub unknown: u64,
    /// surprise / (surprise + expected).
    pub share: Share<u64>,
    /// Surprise ARR / ARR of surprise and expected churns.
    pub arr_share: Share<Decimal>,
    /// By calendar quarter of the churn date, oldest first (as the health score improves, the share
    /// should fall: one team tracked it from 35% to 8%).
    pub quarters: Vec<SurprisePeriod>,
}

/// The surprise-churn share: for each churned account, the tier of its latest score on or
/// before `churn date - lookback_days` (90) by the model's tier scale; a churn is a surprise
/// when that tier is one of `surprise_tiers` (Thriving or Healthy). Accounts without a score
/// on or before that day are `unknown` and not counted.
///
/// ```
/// use tenure::{surprise_churn, AccountHistory, ChurnEvent, Decimal, HealthModel, NaiveDate,
///              ScorePoint, SurpriseChurnInput, TierScale};
/// let tiers = TierScale::new(HealthModel::builtin().tiers).unwrap();
/// let day = |s: &str| s.parse::<NaiveDate>().unwrap();
/// let churn = |account: &str| ChurnEvent { account: account.into(), date: day("2026-06-30"),
///     arr: Decimal::new(10_000, 0), ..ChurnEvent::default() };
/// let input = SurpriseChurnInput {
///     events: vec![churn("a"), churn("b"), churn("c")],
///     histories: vec![
///         AccountHistory { account: "a".into(),
///                          history: vec![ScorePoint { date: day("2026-03-01"), score: 72.0 }] },
///         AccountHistory { account: "b".into(),
///                          history: vec![ScorePoint { date: day("2026-03-01"), score: 41.0 }] },
///     ],
///     ..SurpriseChurnInput::default()
/// };
/// let result = surprise_churn(&tiers, &input)?;
/// assert_eq!((result.surprise, result.expected, result.unknown), (1, 1, 1));
/// assert_eq!(result.share.ratio, Some(0.5));
/// # Ok::<(), tenure::Error>(())
/// ```
pub fn surprise_churn(tiers: &TierScale, input: &SurpriseChurnInput) -> Result<SurpriseChurn> {
    let options = &input.options;
    for (i, key) in options.surprise_tiers.iter().enumerate() {
        if !tiers.tiers().iter().any(|t| &t.key == key) {
            return Err(Error::new(
                ErrorCode::InputUnknownTier,
                format!("options.surprise_tiers[{i}]"),
                format!("`{key}` is not a tier of the model"),
            )
            .with_value(key.as_str()));
        }
    }
    // A lookup table only (never iterated, so its order cannot reach a result), hashed with
    // fixed keys: the same on every platform, no randomness.
    let mut by_account: HashMap<&str, &[ScorePoint], BuildHasherDefault<DefaultHasher>> =
        HashMap::with_capacity_and_hasher(input.histories.len(), Default::default());
    for (i, h) in input.histories.iter().enumerate() {
        if by_account.insert(&h.account, &h.history).is_some() {
            return Err(duplicate(&format!("histories[{i}].account"), &h.account));
        }
        check_history(&h.history, || format!("histories[{i}].history"))?;
    }
    let mut accounts = Vec::with_capacity(input.events.len());
    let mut quarters: BTreeMap<(i32, u32), [u64; 3]> = BTreeMap::new();
    let (mut surprise, mut expected, mut unknown) = (0u64, 0u64, 0u64);
    let (mut surprise_arr, mut known_arr) = (Decimal::ZERO, Decimal::ZERO);
    for (i, e) in input.events.iter().enumerate() {
        check_amount(e.arr, || format!("events[{i}].arr"))?;
        let reference = shift_days_at(e.date, -i64::from(options.lookback_days), || {
            format!("events[{i}].date")
        })?;
        let history = by_account.get(e.account.as_str()).copied().unwrap_or(&[]);
        let upto = history.partition_point(|p| p.date <= reference);
        let point = upto.checked_sub(1).and_then(|j| history.get(j));
        let tier = point.map(|p| tiers.assign(round_score(p.score)).key.clone());
        let class = match &tier {
            None => SurpriseClass::Unknown,
            Some(t) if options.surprise_tiers.contains(t) => SurpriseClass::Surprise,
            Some(_) => SurpriseClass::Expected,
        };
        let slot = quarters
            .entry((e.date.year(), (e.date.month() - 1) / 3 + 1))
            .or_insert([0; 3]);
        let arr_path = || format!("events[{i}].arr");
        match class {
            SurpriseClass::Surprise => {
                surprise += 1;
                slot[0] += 1;
                surprise_arr = add_amount(surprise_arr, e.arr, arr_path)?;
                known_arr = add_amount(known_arr, e.arr, arr_path)?;
            }
            SurpriseClass::Expected => {
                expected += 1;
                slot[1] += 1;
                known_arr = add_amount(known_arr, e.arr, arr_path)?;
            }
            SurpriseClass::Unknown => {
                unknown += 1;
                slot[2] += 1;
            }
        }
        accounts.push(SurpriseAccount {
            account: e.account.clone(),
            churn_date: e.date,
            reference_date: reference,
            scored_on: point.map(|p| p.date),
            score: point.map(|p| p.score),
            tier,
            class,
            arr: e.arr,
        });
    }
    Ok(SurpriseChurn {
        lookback_days: options.lookback_days,
        accounts,
        surprise,
        expected,
        unknown,
        share: Share::of_counts(surprise, surprise + expected),
        arr_share: Share::of_amounts(surprise_arr, known_arr),
        quarters: quarters
            .into_iter()
            .map(|((year, q), [s, x, u])| SurprisePeriod {
                quarter: format!("{year}-Q{q}"),
                surprise: s,
                expected: x,
                unknown: u,
                share: Share::of_counts(s, s + x),
            })
            .collect(),
    })
}

fn check_history(history: &[ScorePoint], at: impl Fn() -> String) -> Result<()> {
    for (i, p) in history.iter().enumerate() {
        if !(p.score.is_finite() && (0.0..=100.0).contains(&p.score)) {
            return Err(Error::new(
                ErrorCode::InputOutOfRange,
                format!("{}[{i}].score", at()),
                "scores are between 0 and 100",
            )
            .with_number(p.score));
        }
        if let Some(prev) = i.checked_sub(1).and_then(|j| history.get(j)) {
            if p.date <= prev.date {
                return Err(Error::new(
                    ErrorCode::InputDateOrder,
                    format!("{}[{i}].date", at()),
                    "history dates must be strictly increasing",
                )
                .with_value(p.date.to_string()));
            }
        }
    }
    Ok(())
}
