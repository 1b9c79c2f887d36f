//! A score history: scores on days, the direction a score moved, and the largest fall within a
//! history. Health trends, rules (the `dropped` condition) and surprise churn all read them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One score on one day.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScorePoint {
    /// Day of the score.
    pub date: NaiveDate,
    /// The score, 0-100.
    pub score: f64,
}

/// Direction of a trend.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrendDirection {
    /// Rose by more than the tolerance.
    Up,
    /// Within the tolerance.
    Flat,
    /// Fell by more than the tolerance.
    Down,
}

/// Indices of the earlier and the later point of the largest fall among `points` (in date
/// order) and the fall as an unrounded percentage of the earlier value; the first such pair
/// wins a tie. `None` when no value falls. Shared by score trends and the `dropped` rule
/// condition.
pub(crate) fn largest_fall<P>(
    points: &[P],
    value: impl Fn(&P) -> f64,
) -> Option<(usize, usize, f64)> {
    let mut best: Option<(usize, usize, f64)> = None;
    let mut best_raw = 0.0;
    for (i, from) in points.iter().enumerate() {
        let from = value(from);
        if from <= 0.0 {
            continue;
        }
        for (j, to) in points.iter().enumerate().skip(i + 1) {
            let raw = (from - value(to)) / from * 100.0;
            if raw > best_raw {
                best_raw = raw;
                best = Some((i, j, raw));
            }
        }
    }
    best
}
