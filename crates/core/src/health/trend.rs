//! Trends over a score history: change over a window, direction, tier transitions with
//! hysteresis, and the largest drop within a number of days.

use crate::error::{Error, ErrorCode, Result};
use crate::shared::score_history::{largest_fall, ScorePoint, TrendDirection};
use crate::shared::score_scale::{round_score, Tier, TierScale};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Options of [`score_trend`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TrendOptions {
    /// Length of the window, in days, that delta and % change are measured over.
    pub window_days: u32,
    /// A delta within ±tolerance (score points) is `flat`.
    pub tolerance: f64,
    /// Score points beyond a tier boundary needed to change tier (0 = no hysteresis).
    pub hysteresis: f64,
    /// The largest drop is looked for among the points of the last `drop_window_days` days
    /// (from `as_of - drop_window_days` to `as_of`).
    pub drop_window_days: u32,
    /// Percentage drop that sets `dropped` (by default 20%: "health dropped 20% in a week").
    pub drop_threshold_pct: f64,
}

impl Default for TrendOptions {
    fn default() -> Self {
        TrendOptions {
            window_days: 30,
            tolerance: 2.0,
            hysteresis: 0.0,
            drop_window_days: 7,
            drop_threshold_pct: 20.0,
        }
    }
}

/// A change of tier in a history.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TierTransition {
    /// Day the new tier was entered.
    pub date: NaiveDate,
    /// Tier left.
    pub from: String,
    /// Tier entered.
    pub to: String,
    /// `up` or `down`.
    pub direction: TrendDirection,
    /// Score on that day.
    pub score: f64,
}

/// The largest drop between two scores of the last `drop_window_days` days.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Drop {
    /// Earlier point.
    pub from: ScorePoint,
    /// Later point.
    pub to: ScorePoint,
    /// Drop as a percentage of the earlier score, rounded to 0.1.
    pub pct: f64,
}

/// A trend over a score history, as of a day.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScoreTrend {
    /// Latest point on or before `as_of`.
    pub latest: ScorePoint,
    /// Latest point on or before `as_of - window_days` (the start of the window); `null` when the
    /// history does not reach back that far.
    pub baseline: Option<ScorePoint>,
    /// `latest - baseline`, rounded to 0.1.
    pub delta: Option<f64>,
    /// `(latest - baseline) / baseline × 100` (from the unrounded difference), rounded to 0.1;
    /// `null` without a baseline or when the baseline is 0.
    pub pct_change: Option<f64>,
    /// Up / flat / down by the tolerance; `null` without a baseline.
    pub direction: Option<TrendDirection>,
    /// Tier of the latest point after hysteresis (tiers are assigned on rounded scores).
    pub tier: String,
    /// Every change of tier (after hysteresis), oldest first.
    pub transitions: Vec<TierTransition>,
    /// The largest drop among the points of the last `drop_window_days`, if any score fell.
    pub largest_drop: Option<Drop>,
    /// Whether `largest_drop.pct` reaches `drop_threshold_pct`.
    pub dropped: bool,
}

/// Analyses a score history (strictly increasing dates) as of a day; later points are ignored.
///
/// ```
/// use chrono::NaiveDate;
/// use tenure::{score_trend, HealthModel, ScorePoint, TierScale, TrendOptions};
/// let tiers = TierScale::new(HealthModel::builtin().tiers).unwrap();
/// let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
/// let history = [ScorePoint { date: day(1), score: 75.0 }, ScorePoint { date: day(5), score: 55.0 }];
/// let trend = score_trend(&history, day(5), &tiers, TrendOptions::default()).unwrap();
/// assert!(trend.dropped); // 26.7% within 7 days
/// assert_eq!(trend.transitions[0].to, "at_risk");
/// ```
pub fn score_trend(
    history: &[ScorePoint],
    as_of: NaiveDate,
    tiers: &TierScale,
    options: TrendOptions,
) -> Result<ScoreTrend> {
    for (name, v) in [
        ("tolerance", options.tolerance),
        ("hysteresis", options.hysteresis),
        ("drop_threshold_pct", options.drop_threshold_pct),
    ] {
        if !(v.is_finite() && v >= 0.0) {
            return Err(Error::new(
                ErrorCode::InputOutOfRange,
                format!("options.{name}"),
                "must be a finite number, at least 0",
            )
            .with_number(v));
        }
    }
    for (i, p) in history.iter().enumerate() {
        if !(p.score.is_finite() && (0.0..=100.0).contains(&p.score)) {
            return Err(Error::new(
                ErrorCode::InputOutOfRange,
                format!("history[{i}].score"),
                "scores are between 0 and 100",
            )
            .with_number(p.score));
        }
        if let Some(prev) = i.checked_sub(1).and_then(|j| history.get(j)) {
            if p.date <= prev.date {
                return Err(Error::new(
                    ErrorCode::InputDateOrder,
                    format!("history[{i}].date"),
                    "history dates must be strictly increasing",
                )
                .with_value(p.date.to_string()));
            }
        }
    }
    let upto = history.partition_point(|p| p.date <= as_of);
    let points = history.get(..upto).unwrap_or(&[]);
    let Some(&latest) = points.last() else {
        return Err(Error::new(
            ErrorCode::InputEmpty,
            "history",
            "no score on or before as_of",
        )
        .with_value(as_of.to_string()));
    };
    // A window reaching before the calendar's first day has no baseline.
    let window_start = as_of.checked_sub_days(chrono::Days::new(u64::from(options.window_days)));
    let baseline = window_start
        .and_then(|start| points.iter().rev().find(|p| p.date <= start))
        .copied();
    let delta = baseline.map(|b| round_score(latest.score - b.score));
    let pct_change = baseline
        .filter(|b| b.score != 0.0)
        .map(|b| round_score((latest.score - b.score) / b.score * 100.0));
    let direction = delta.map(|d| {
        if d > options.tolerance {
            TrendDirection::Up
        } else if d < -options.tolerance {
            TrendDirection::Down
        } else {
            TrendDirection::Flat
        }
    });
    let (tier, transitions) = tier_path(points, tiers, options.hysteresis);
    // The drop is looked for among the points of the last `drop_window_days` (as_of included).
    let drop_start = as_of.checked_sub_days(chrono::Days::new(u64::from(options.drop_window_days)));
    let recent_from = drop_start.map_or(0, |start| points.partition_point(|p| p.date < start));
    let largest_drop = largest_drop(points.get(recent_from..).unwrap_or(&[]));
    let dropped = largest_drop
        .as_ref()
        .is_some_and(|d| d.pct >= options.drop_threshold_pct);
    Ok(ScoreTrend {
        latest,
        baseline,
        delta,
        pct_change,
        direction,
        tier,
        transitions,
        largest_drop,
        dropped,
    })
}

/// Tier of each point with hysteresis: an account leaves its tier only when the score goes
/// below the tier's `min - hysteresis` or reaches the next tier's `min + hysteresis`.
fn tier_path(
    points: &[ScorePoint],
    tiers: &TierScale,
    hysteresis: f64,
) -> (String, Vec<TierTransition>) {
    let ordered = tiers.tiers();
    let mut transitions = Vec::new();
    let mut current: Option<usize> = None;
    for p in points {
        // Tiers are assigned on the rounded score, as everywhere else.
        let score = round_score(p.score);
        let plain = tiers.position(score).unwrap_or(0);
        let next = match current {
            None => plain,
            Some(c) => {
                let (lo, hi) = bounds(ordered, c);
                if score < lo - hysteresis || hi.is_some_and(|h| score >= h + hysteresis) {
                    plain
                } else {
                    c
                }
            }
        };
        if let Some(c) = current {
            if c != next {
                let name = |i: usize| ordered.get(i).map_or(String::new(), |t| t.key.clone());
                transitions.push(TierTransition {
                    date: p.date,
                    from: name(c),
                    to: name(next),
                    // Index 0 is the highest tier: a smaller index is a move up.
                    direction: if next < c {
                        TrendDirection::Up
                    } else {
                        TrendDirection::Down
                    },
                    score: p.score,
                });
            }
        }
        current = Some(next);
    }
    let tier = current
        .and_then(|c| ordered.get(c))
        .map_or(String::new(), |t| t.key.clone());
    (tier, transitions)
}

/// Lower bound and (for all but the top tier) upper bound of the tier at `index`.
fn bounds(ordered: &[Tier], index: usize) -> (f64, Option<f64>) {
    let lo = ordered.get(index).map_or(0.0, |t| t.min);
    let hi = index
        .checked_sub(1)
        .and_then(|i| ordered.get(i))
        .map(|t| t.min);
    (lo, hi)
}

/// The largest fall from an earlier to a later point, as a percentage of the earlier score.
fn largest_drop(points: &[ScorePoint]) -> Option<Drop> {
    let (i, j, raw) = largest_fall(points, |p| p.score)?;
    Some(Drop {
        from: *points.get(i)?,
        to: *points.get(j)?,
        pct: round_score(raw),
    })
}
