//! The scorer: a validated, compiled model that scores accounts one at a time (with their
//! explanation) or in column batches.

use super::account::{Account, InputValue};
use super::batch::{self, Batch, BatchOptions, BatchScores};
use super::explanation::{
    DimensionExplanation, HealthScore, InputIssue, IssueKind, NextTier, PointsSource, ScoreStatus,
    SignalExplanation, TierLabel,
};
use super::model::{Combine, HealthModel, MAX_POINTS};
use super::plan::{
    number_as_bool, reading_points, CompiledModel, CompiledSignal, Reader, Reading, RowOutcome,
};
use crate::error::{number_value, Error, ErrorCode, Result};
use crate::shared::score_scale::{round_score, Tier, TierScale};
use chrono::Datelike;

/// A validated model compiled for fast scoring of single accounts and batches.
///
/// ```
/// use tenure::{Account, HealthModel, Scorer};
/// let scorer = Scorer::new(HealthModel::builtin()).unwrap();
/// let account = Account::new("acme")
///     .with("dau_mau_ratio", 0.45)
///     .with("login_trend", "up")
///     .with("payment_status", "current");
/// let score = scorer.score(&account).unwrap();
/// // Three inputs cover 29.5% of the model's weight, below its 50% minimum.
/// assert_eq!(score.status, tenure::ScoreStatus::InsufficientData);
/// assert_eq!(score.coverage, 0.295);
/// ```
#[derive(Clone, Debug)]
pub struct Scorer {
    plan: CompiledModel,
}

impl Scorer {
    /// Validates and compiles a model.
    pub fn new(model: HealthModel) -> Result<Scorer> {
        Ok(Scorer {
            plan: CompiledModel::compile(model)?,
        })
    }

    /// The model being scored.
    pub fn model(&self) -> &HealthModel {
        &self.plan.model
    }

    /// The input keys the model reads, in model order.
    pub fn input_keys(&self) -> &[String] {
        &self.plan.inputs
    }

    /// The tiers, highest first.
    pub fn tiers(&self) -> &TierScale {
        &self.plan.tiers
    }

    /// Scores one account with its explanation.
    ///
    /// Fails only when the account names an input the model does not read
    /// (`input.unknown_signal`). Unusable values are treated as missing and listed in
    /// `issues`; a missing required signal gives `status: failed` with the error attached.
    pub fn score(&self, account: &Account) -> Result<HealthScore> {
        for key in account.inputs.keys() {
            if !self.plan.inputs.iter().any(|k| k == key) {
                return Err(Error::new(
                    ErrorCode::InputUnknownSignal,
                    format!("inputs.{key}"),
                    format!("the model `{}` reads no input `{key}`", self.plan.model.id),
                )
                .with_value(key.as_str()));
            }
        }
        let month = account.as_of.map(|d| d.month());
        let input = |i: usize| -> (&str, Option<&InputValue>) {
            let key = self.plan.inputs.get(i).map_or("", String::as_str);
            (key, account.inputs.get(key).and_then(Option::as_ref))
        };
        // Read every signal first; the accumulation below is the one the batch path uses.
        let readings: Vec<Vec<(Reading, serde_json::Value, String)>> = self
            .plan
            .dimensions
            .iter()
            .map(|d| {
                d.signals
                    .iter()
                    .map(|s| read_account_signal(s, &input, month))
                    .collect()
            })
            .collect();
        let mut dimension_points = vec![f64::NAN; self.plan.dimensions.len()];
        let sums = self.plan.accumulate(
            |d, s| {
                readings
                    .get(d)
                    .and_then(|r| r.get(s))
                    .map_or(f64::NAN, |(reading, _, _)| reading_points(*reading))
            },
            |d, points| {
                if let Some(slot) = dimension_points.get_mut(d) {
                    *slot = points;
                }
            },
        );
        let mut issues = Vec::new();
        let mut failure: Option<Error> = None;
        let mut dims: Vec<DimensionExplanation> = Vec::with_capacity(self.plan.dimensions.len());
        for ((dimension, dim_readings), &points) in self
            .plan
            .dimensions
            .iter()
            .zip(readings)
            .zip(&dimension_points)
        {
            let mut signals = Vec::with_capacity(dimension.signals.len());
            for (signal, (reading, raw, path)) in dimension.signals.iter().zip(dim_readings) {
                if let Reading::Unusable(kind) = reading {
                    issues.push(InputIssue {
                        kind,
                        path: path.clone(),
                        value: raw.clone(),
                    });
                }
                let (signal_points, source) = signal.settle(reading);
                if source == PointsSource::Failed && failure.is_none() {
                    failure = Some(
                        Error::new(
                            ErrorCode::InputMissingRequired,
                            path,
                            format!(
                                "signal `{}` is required and has no usable value",
                                signal.key
                            ),
                        )
                        .with_value(raw.clone()),
                    );
                }
                let (band, scored_value) = match reading {
                    Reading::Points { band, value, .. } => (band, value),
                    _ => (None, None),
                };
                signals.push(SignalExplanation {
                    key: signal.key.clone(),
                    input: raw,
                    scored_value,
                    band,
                    band_label: band.and_then(|b| signal.labels.get(b).cloned()).flatten(),
                    points: (!signal_points.is_nan()).then_some(signal_points),
                    source,
                    effective_weight: 0.0,
                    contribution: 0.0,
                });
            }
            dims.push(DimensionExplanation {
                key: dimension.key.clone(),
                weight: dimension.weight,
                effective_weight: 0.0,
                points: (!points.is_nan()).then_some(points),
                contribution: 0.0,
                lift: 0.0,
                signals,
            });
        }
        let coverage = sums.coverage(self.plan.total_share);
        self.fill_weights(&mut dims, sums.den);
        let (status, composite, tier, next_tier, top_lift) =
            match sums.outcome(self.plan.total_share, self.plan.model.min_coverage) {
                RowOutcome::Failed(_) => (ScoreStatus::Failed, None, None, None, None),
                RowOutcome::Insufficient => (ScoreStatus::InsufficientData, None, None, None, None),
                RowOutcome::Scored(composite) => {
                    let position = self.plan.tiers.position(composite).unwrap_or(0);
                    let tier = self.plan.tiers.assign(composite);
                    let next = self.plan.tiers.above(position).map(|t| NextTier {
                        key: t.key.clone(),
                        min: t.min,
                        points_needed: round_score(t.min - composite),
                    });
                    let top = dims
                        .iter()
                        .filter(|d| d.points.is_some() && d.lift > 0.0)
                        .fold(None::<&DimensionExplanation>, |best, d| match best {
                            Some(b) if b.lift >= d.lift => Some(b),
                            _ => Some(d),
                        })
                        .map(|d| d.key.clone());
                    (
                        ScoreStatus::Scored,
                        Some(composite),
                        Some(TierLabel::from(tier)),
                        next,
                        top,
                    )
                }
            };
        Ok(HealthScore {
            account: account.id.clone(),
            model: self.plan.model.id.clone(),
            status,
            composite,
            tier,
            coverage,
            dimensions: dims,
            next_tier,
            top_lift,
            issues,
            error: failure,
        })
    }

    /// Fills effective weights, contributions and lifts of an explanation.
    fn fill_weights(&self, dims: &mut [DimensionExplanation], composite_den: f64) {
        for (dim, compiled) in dims.iter_mut().zip(&self.plan.dimensions) {
            let Some(points) = dim.points else { continue };
            let share = compiled.weight / composite_den;
            dim.effective_weight = share;
            dim.contribution = points * share * 10.0;
            dim.lift = (MAX_POINTS - points) * share * 10.0;
            let participating: f64 = dim
                .signals
                .iter()
                .zip(&compiled.signals)
                .filter(|(s, _)| s.points.is_some())
                .map(|(_, c)| c.weight)
                .sum();
            let selected = match compiled.combine {
                Combine::Min | Combine::Max => {
                    dim.signals.iter().position(|s| s.points == Some(points))
                }
                Combine::Mean | Combine::Weighted => None,
            };
            for (i, (signal, c)) in dim.signals.iter_mut().zip(&compiled.signals).enumerate() {
                let Some(p) = signal.points else { continue };
                signal.effective_weight = match compiled.combine {
                    Combine::Min | Combine::Max if selected == Some(i) => share,
                    Combine::Min | Combine::Max => 0.0,
                    Combine::Mean | Combine::Weighted => share * (c.weight / participating),
                };
                signal.contribution = p * signal.effective_weight * 10.0;
            }
        }
    }

    /// Scores a batch given as columns.
    ///
    /// Fails when a column's key is not an input of the model (`input.unknown_signal`) or the
    /// month is not 1-12 (`input.out_of_range`); inputs the batch lacks are missing for every
    /// row. Per-row problems never fail the batch: unusable values count as missing and rows with
    /// a missing required signal get status `failed`.
    ///
    /// Each row goes through the accumulation of [`Scorer::score`] (the same code, in the same
    /// order), so a batch gives bit-for-bit the composites of scoring its rows one at a time.
    ///
    /// ```
    /// use tenure::{Batch, BatchOptions, Column, HealthModel, Scorer, ScoreStatus};
    /// let scorer = Scorer::new(HealthModel::builtin()).unwrap();
    /// let ratio = [0.1, 0.5];
    /// let trend = [Some("down".to_string()), Some("up".to_string())];
    /// let payment = [Some("late".to_string()), Some("current".to_string())];
    /// let mut batch = Batch::new();
    /// batch.insert("dau_mau_ratio", Column::Numbers(&ratio)).unwrap();
    /// batch.insert("login_trend", Column::Texts(&trend)).unwrap();
    /// batch.insert("payment_status", Column::Texts(&payment)).unwrap();
    /// let scores = scorer.score_batch(&batch, BatchOptions::default()).unwrap();
    /// // Only 29.5% of the model's weight is observed: below the built-in minimum of 50%.
    /// assert_eq!(scores.coverage[0], 0.295);
    /// assert_eq!(scores.status[0], ScoreStatus::InsufficientData);
    /// ```
    pub fn score_batch(&self, batch: &Batch<'_>, options: BatchOptions) -> Result<BatchScores> {
        batch::score_columns(&self.plan, batch, options)
    }

    /// Scores accounts given as records through the batch path (same numbers as [`Scorer::score`]).
    ///
    /// Fails when a record names an input the model does not read (`input.unknown_signal`,
    /// path `[row].inputs.key`).
    ///
    /// ```
    /// use tenure::{Account, BatchOptions, HealthModel, Scorer};
    /// let scorer = Scorer::new(HealthModel::builtin()).unwrap();
    /// let accounts = [Account::new("a").with("dau_mau_ratio", 0.5)];
    /// let scores = scorer.score_records(&accounts, BatchOptions::default()).unwrap();
    /// assert_eq!(scores.len(), 1);
    /// ```
    pub fn score_records(
        &self,
        accounts: &[Account],
        options: BatchOptions,
    ) -> Result<BatchScores> {
        batch::score_account_records(&self.plan, accounts, options)
    }

    /// The tier of a 0-100 value (rounded first, as scores are).
    pub fn tier_of(&self, score: f64) -> &Tier {
        self.plan.tiers.assign(round_score(score))
    }
}

/// Reads one signal of an account: the reading, the raw input as JSON, and the input path.
fn read_account_signal<'a>(
    signal: &CompiledSignal,
    input: &impl Fn(usize) -> (&'a str, Option<&'a InputValue>),
    month: Option<u32>,
) -> (Reading, serde_json::Value, String) {
    match &signal.reader {
        Reader::Ratio {
            numerator,
            denominator,
            ..
        } => {
            let (nk, nv) = input(*numerator);
            let (dk, dv) = input(*denominator);
            let raw = serde_json::Value::Array(vec![json_of(nv), json_of(dv)]);
            let wrong = |v: Option<&InputValue>| matches!(v, Some(v) if !matches!(v, InputValue::Number(_)));
            let reading = match (nv, dv) {
                _ if wrong(nv) || wrong(dv) => Reading::Unusable(IssueKind::WrongType),
                (Some(InputValue::Number(n)), Some(InputValue::Number(d))) => {
                    signal.read_ratio(*n, *d, month)
                }
                _ => Reading::Absent,
            };
            // Point at the denominator when it is what made the ratio unusable.
            let denominator_at_fault =
                matches!(reading, Reading::Unusable(IssueKind::ZeroDenominator))
                    || (matches!(nv, Some(InputValue::Number(_)))
                        && !matches!(dv, Some(InputValue::Number(_)) | None));
            let path = if denominator_at_fault {
                format!("inputs.{dk}")
            } else {
                format!("inputs.{nk}")
            };
            (reading, raw, path)
        }
        Reader::Number { input: i, .. }
        | Reader::Categorical { input: i, .. }
        | Reader::Boolean { input: i, .. } => {
            let (key, value) = input(*i);
            let path = format!("inputs.{key}");
            let raw = json_of(value);
            let reading = match (value, &signal.reader) {
                (None, _) => Reading::Absent,
                (Some(InputValue::Number(x)), Reader::Number { .. }) => {
                    signal.read_number(*x, month)
                }
                (Some(InputValue::Text(t)), Reader::Categorical { .. }) => signal.read_text(t),
                (Some(InputValue::Bool(b)), Reader::Boolean { .. }) => signal.read_bool(*b),
                (Some(InputValue::Number(x)), Reader::Boolean { .. }) => number_as_bool(signal, *x),
                _ => Reading::Unusable(IssueKind::WrongType),
            };
            (reading, raw, path)
        }
    }
}

fn json_of(value: Option<&InputValue>) -> serde_json::Value {
    match value {
        None => serde_json::Value::Null,
        Some(InputValue::Number(x)) if x.is_nan() => serde_json::Value::Null,
        Some(InputValue::Number(x)) => number_value(*x),
        Some(InputValue::Bool(b)) => serde_json::Value::Bool(*b),
        Some(InputValue::Text(t)) => serde_json::Value::String(t.clone()),
    }
}
