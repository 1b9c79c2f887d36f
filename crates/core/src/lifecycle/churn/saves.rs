//! Save outcomes: whether each save attempt kept the account (saved, lost or still pending),
//! with save rates by count, by ARR and per play.

use crate::error::{Error, ErrorCode, Result};
use crate::lifecycle::{add_amount, after_as_of, check_amount, shift_days_at, Share};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One save attempt.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveAttempt {
    /// Account id.
    pub account: String,
    /// Day of the save attempt (the save call, the play started).
    pub attempted_on: NaiveDate,
    /// The play run, if recorded (e.g. `"price_objection"`).
    #[serde(default)]
    pub play: Option<String>,
    /// ARR at stake, if known.
    #[serde(default)]
    pub arr: Option<Decimal>,
    /// Day the account churned, if it has (on or after the attempt, not after `as_of`).
    #[serde(default)]
    pub churned_on: Option<NaiveDate>,
}

/// Options of [`save_outcomes`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SaveOutcomesOptions {
    /// A save counts only when the account is still active this many days after the attempt
    /// (default 90: warning signs lead churn by 60-90 days, so a churn inside that lead time
    /// is a save that failed).
    pub window_days: u32,
}

impl Default for SaveOutcomesOptions {
    fn default() -> Self {
        SaveOutcomesOptions { window_days: 90 }
    }
}

/// The facts [`save_outcomes`] needs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveOutcomesInput {
    /// Save attempts.
    pub attempts: Vec<SaveAttempt>,
    /// The day of the answer.
    pub as_of: NaiveDate,
    /// Options.
    #[serde(default)]
    pub options: SaveOutcomesOptions,
}

/// The result of a save attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SaveResult {
    /// The decision day has not come and the account has not churned: too early to tell.
    Pending,
    /// Still active on the decision day (attempt + `window_days`).
    Saved,
    /// Churned on or before the decision day.
    Lost,
}

/// One attempt's outcome.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SaveOutcome {
    /// Account id.
    pub account: String,
    /// The play, if recorded.
    pub play: Option<String>,
    /// Day of the attempt.
    pub attempted_on: NaiveDate,
    /// attempt + `window_days`: the account must still be active on this day.
    pub decided_on: NaiveDate,
    /// Churn day, if any.
    pub churned_on: Option<NaiveDate>,
    /// Saved, lost or pending.
    pub result: SaveResult,
    /// ARR at stake.
    pub arr: Option<Decimal>,
}

/// Outcomes of one play.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlayOutcomes {
    /// The play (`null`: attempts without one).
    pub play: Option<String>,
    /// Saved attempts.
    pub saved: u64,
    /// Lost attempts.
    pub lost: u64,
    /// Pending attempts.
    pub pending: u64,
    /// saved / (saved + lost).
    pub save_rate: Share<u64>,
}

/// Save outcomes over attempts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SaveOutcomes {
    /// The window used.
    pub window_days: u32,
    /// Each attempt, in input order.
    pub outcomes: Vec<SaveOutcome>,
    /// Saved attempts.
    pub saved: u64,
    /// Lost attempts.
    pub lost: u64,
    /// Pending attempts (not counted in the rates).
    pub pending: u64,
    /// saved / (saved + lost).
    pub save_rate: Share<u64>,
    /// ARR of saved attempts.
    pub saved_arr: Decimal,
    /// ARR of lost attempts.
    pub lost_arr: Decimal,
    /// ARR of pending attempts.
    pub pending_arr: Decimal,
    /// saved ARR / (saved + lost ARR).
    pub arr_save_rate: Share<Decimal>,
    /// By play, attempts without a play first, then by play key.
    pub by_play: Vec<PlayOutcomes>,
}

/// Save outcomes on `as_of`: an attempt is `saved` only when the account is still active
/// `window_days` (90) after it — `lost` if it churned on or before that day, `pending` while
/// the day has not come.
///
/// ```
/// use tenure::{save_outcomes, NaiveDate, SaveAttempt, SaveOutcomesInput, SaveResult};
/// let day = |s: &str| s.parse::<NaiveDate>().unwrap();
/// let attempt = |on: &str, churned: Option<&str>| SaveAttempt {
///     account: on.into(), attempted_on: day(on), churned_on: churned.map(day),
///     ..SaveAttempt::default() };
/// let result = save_outcomes(&SaveOutcomesInput {
///     attempts: vec![attempt("2026-01-01", None),               // day 90 = 04-01: saved
///                    attempt("2026-01-02", None),               // decided 04-02: pending
///                    attempt("2026-01-03", Some("2026-02-01"))], // lost
///     as_of: day("2026-04-01"),
///     ..SaveOutcomesInput::default()
/// })?;
/// let results: Vec<_> = result.outcomes.iter().map(|o| o.result).collect();
/// assert_eq!(results, [SaveResult::Saved, SaveResult::Pending, SaveResult::Lost]);
/// assert_eq!(result.save_rate.ratio, Some(0.5));
/// # Ok::<(), tenure::Error>(())
/// ```
pub fn save_outcomes(input: &SaveOutcomesInput) -> Result<SaveOutcomes> {
    let window = input.options.window_days;
    let mut outcomes = Vec::with_capacity(input.attempts.len());
    let mut plays: BTreeMap<Option<&str>, [u64; 3]> = BTreeMap::new();
    let (mut saved, mut lost, mut pending) = (0u64, 0u64, 0u64);
    let (mut saved_arr, mut lost_arr, mut pending_arr) =
        (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    for (i, a) in input.attempts.iter().enumerate() {
        let at = || format!("attempts[{i}]");
        if a.attempted_on > input.as_of {
            return Err(after_as_of(
                &format!("{}.attempted_on", at()),
                a.attempted_on,
                "the save attempt",
            ));
        }
        if let Some(c) = a.churned_on {
            if c < a.attempted_on {
                return Err(Error::new(
                    ErrorCode::InputDateOrder,
                    format!("{}.churned_on", at()),
                    "the account churned before the save attempt",
                )
                .with_value(c.to_string()));
            }
            if c > input.as_of {
                return Err(after_as_of(&format!("{}.churned_on", at()), c, "the churn"));
            }
        }
        let arr_path = || format!("attempts[{i}].arr");
        if let Some(arr) = a.arr {
            check_amount(arr, arr_path)?;
        }
        let decided_on = shift_days_at(a.attempted_on, i64::from(window), || {
            format!("{}.attempted_on", at())
        })?;
        let result = match a.churned_on {
            Some(c) if c <= decided_on => SaveResult::Lost,
            _ if input.as_of >= decided_on => SaveResult::Saved,
            _ => SaveResult::Pending,
        };
        let arr = a.arr.unwrap_or(Decimal::ZERO);
        let slot = plays.entry(a.play.as_deref()).or_insert([0; 3]);
        match result {
            SaveResult::Saved => {
                saved += 1;
                slot[0] += 1;
                saved_arr = add_amount(saved_arr, arr, arr_path)?;
            }
            SaveResult::Lost => {
                lost += 1;
                slot[1] += 1;
                lost_arr = add_amount(lost_arr, arr, arr_path)?;
            }
            SaveResult::Pending => {
                pending += 1;
                slot[2] += 1;
                pending_arr = add_amount(pending_arr, arr, arr_path)?;
            }
        }
        outcomes.push(SaveOutcome {
            account: a.account.clone(),
            play: a.play.clone(),
            attempted_on: a.attempted_on,
            decided_on,
            churned_on: a.churned_on,
            result,
            arr: a.arr,
        });
    }
    let decided_arr = add_amount(saved_arr, lost_arr, || "attempts")?;
    Ok(SaveOutcomes {
        window_days: window,
        outcomes,
        saved,
        lost,
        pending,
        save_rate: Share::of_counts(saved, saved + lost),
        saved_arr,
        lost_arr,
        pending_arr,
        arr_save_rate: Share::of_amounts(saved_arr, decided_arr),
        by_play: plays
            .into_iter()
            .map(|(play, [s, l, p])| PlayOutcomes {
                play: play.map(str::to_string),
                saved: s,
                lost: l,
                pending: p,
                save_rate: Share::of_counts(s, s + l),
            })
            .collect(),
    })
}
