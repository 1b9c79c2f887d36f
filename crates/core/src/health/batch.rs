//! Batch scoring over columns: one slice per input, the fast path.
//!
//! Each row is scored with exactly the arithmetic of [`Scorer::score`], in the same order, so a
//! batch gives bit-for-bit the composites of scoring its rows one at a time.

use super::account::{Account, InputValue};
use super::explanation::ScoreStatus;
use super::model::{Combine, HealthModel, MissingPolicy};
use super::plan::{
    banded, is_whole, reading_points, BandTable, CompiledBand, CompiledModel, CompiledSignal,
    CompositeSums, Reader, RowOutcome,
};
use crate::error::{Error, ErrorCode, Result};
use serde::Serialize;

/// One input column of a batch.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub enum Column<'a> {
    /// Numbers; NaN means missing. Boolean signals read 1 as true and 0 as false.
    Numbers(&'a [f64]),
    /// Yes/no values; `None` means missing.
    Bools(&'a [Option<bool>]),
    /// Text values; `None` means missing.
    Texts(&'a [Option<String>]),
    /// Dictionary-encoded text: `codes[i]` indexes `categories`; a negative code means missing.
    Codes {
        /// One code per row.
        codes: &'a [i32],
        /// The dictionary.
        categories: &'a [String],
    },
}

impl Column<'_> {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            Column::Numbers(v) => v.len(),
            Column::Bools(v) => v.len(),
            Column::Texts(v) => v.len(),
            Column::Codes { codes, .. } => codes.len(),
        }
    }

    /// Whether the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Columns of a batch, keyed by input key; every column has the same length.
///
/// ```
/// use tenure::{Batch, Column};
/// let ratio = [0.1, 0.5, f64::NAN];
/// let mut batch = Batch::new();
/// batch.insert("dau_mau_ratio", Column::Numbers(&ratio)).unwrap();
/// assert_eq!(batch.len(), 3);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Batch<'a> {
    len: Option<usize>,
    columns: Vec<(String, Column<'a>)>,
}

impl<'a> Batch<'a> {
    /// An empty batch.
    pub fn new() -> Self {
        Batch::default()
    }

    /// Adds a column; fails on a length different from the columns already added
    /// (`input.column_length`) or a repeated key (`input.duplicate_key`).
    pub fn insert(&mut self, key: &str, column: Column<'a>) -> Result<()> {
        if self.columns.iter().any(|(k, _)| k == key) {
            return Err(Error::new(
                ErrorCode::InputDuplicateKey,
                format!("columns.{key}"),
                format!("column `{key}` is given twice"),
            )
            .with_value(key));
        }
        match self.len {
            Some(n) if n != column.len() => {
                return Err(Error::new(
                    ErrorCode::InputColumnLength,
                    format!("columns.{key}"),
                    format!("column has {} rows, the batch has {n}", column.len()),
                )
                .with_value(column.len()))
            }
            _ => self.len = Some(column.len()),
        }
        self.columns.push((key.to_string(), column));
        Ok(())
    }

    /// Number of rows (0 for a batch without columns).
    pub fn len(&self) -> usize {
        self.len.unwrap_or(0)
    }

    /// Whether the batch has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn column(&self, key: &str) -> Option<Column<'a>> {
        self.columns.iter().find(|(k, _)| k == key).map(|(_, c)| *c)
    }
}

/// Options of a batch run.
#[derive(Clone, Copy, Debug, Default)]
pub struct BatchOptions {
    /// Calendar month (1-12) of the inputs, for seasonal baselines; `None` applies none.
    pub month: Option<u32>,
}

/// A row that was not scored because a required signal was missing.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RowError {
    /// Row index.
    pub row: usize,
    /// The error (`input.missing_required`).
    pub error: Error,
}

/// Scores of a batch, column by column.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchScores {
    /// Composite per row (0-100, rounded); NaN when not scored.
    pub composite: Vec<f64>,
    /// Index of the tier per row into the model's `tiers` (declaration order); -1 when not scored.
    pub tier: Vec<i32>,
    /// Coverage per row (0-1).
    pub coverage: Vec<f64>,
    /// Status per row.
    pub status: Vec<ScoreStatus>,
    /// Rows that failed, with their errors.
    pub errors: Vec<RowError>,
}

/// One row of [`BatchScores`] in record form.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScoreSummary {
    /// Status of the row.
    pub status: ScoreStatus,
    /// Composite, when scored.
    pub composite: Option<f64>,
    /// Tier key, when scored.
    pub tier: Option<String>,
    /// Coverage.
    pub coverage: f64,
}

impl BatchScores {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.composite.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.composite.is_empty()
    }

    /// The rows as records, with tier keys taken from the model that scored them
    /// ([`Scorer::model`](super::Scorer::model)).
    pub fn summaries(&self, model: &HealthModel) -> Vec<ScoreSummary> {
        let tiers = &model.tiers;
        (0..self.len())
            .map(|i| ScoreSummary {
                status: self.status.get(i).copied().unwrap_or(ScoreStatus::Failed),
                composite: self.composite.get(i).copied().filter(|c| !c.is_nan()),
                tier: self
                    .tier
                    .get(i)
                    .and_then(|t| usize::try_from(*t).ok())
                    .and_then(|t| tiers.get(t))
                    .map(|t| t.key.clone()),
                coverage: self.coverage.get(i).copied().unwrap_or(0.0),
            })
            .collect()
    }
}

/// Where a signal's values come from in a batch.
enum Source<'a> {
    Absent,
    WrongType,
    Numbers(&'a [f64]),
    Counts(&'a [f64]),
    BoolNumbers(&'a [f64]),
    Ratio(&'a [f64], &'a [f64]),
    /// Points (NaN = no usable value) per dictionary code.
    Coded(&'a [i32], Vec<f64>),
    Bools(&'a [Option<bool>]),
    Texts(&'a [Option<String>]),
}

/// A signal prepared for one batch.
struct SignalPlan<'a, 'm> {
    signal: &'m CompiledSignal,
    bands: &'m [CompiledBand],
    /// The bands padded to four, when there are at most four (the branch-free path).
    bands4: Option<BandTable>,
    source: Source<'a>,
    /// Seasonal factor of the batch's month, when the signal has one and a month is given.
    factor: Option<f64>,
}

/// Rows scored together, so that every loop runs over independent rows.
const CHUNK: usize = 512;

impl SignalPlan<'_, '_> {
    /// Band points of a finite number after the seasonal factor.
    #[inline(always)]
    fn banded(&self, x: f64) -> f64 {
        let x = match self.factor {
            Some(f) => x / f,
            None => x,
        };
        match &self.bands4 {
            Some(table) => table.points(x),
            None => banded(self.bands, x),
        }
    }

    /// Writes the raw points of rows `start..start + out.len()` (NaN = missing or unusable).
    /// Each arm is a plain loop over zipped slices, which the compiler can vectorise.
    fn fill(&self, start: usize, out: &mut [f64]) {
        let rows = start..start + out.len();
        match &self.source {
            Source::Numbers(v) => {
                let v = v.get(rows).unwrap_or(&[]);
                match (&self.bands4, self.factor) {
                    (Some(table), None) => {
                        for (slot, &x) in out.iter_mut().zip(v) {
                            let p = table.points(x);
                            *slot = if x.is_finite() { p } else { f64::NAN };
                        }
                    }
                    _ => {
                        for (slot, &x) in out.iter_mut().zip(v) {
                            let p = self.banded(x);
                            *slot = if x.is_finite() { p } else { f64::NAN };
                        }
                    }
                }
            }
            Source::Counts(v) => {
                let v = v.get(rows).unwrap_or(&[]);
                match (&self.bands4, self.factor) {
                    (Some(table), None) => {
                        for (slot, &x) in out.iter_mut().zip(v) {
                            let p = table.points(x);
                            let usable = x.is_finite() && x >= 0.0 && is_whole(x);
                            *slot = if usable { p } else { f64::NAN };
                        }
                    }
                    _ => {
                        for (slot, &x) in out.iter_mut().zip(v) {
                            let p = self.banded(x);
                            let usable = x.is_finite() && x >= 0.0 && is_whole(x);
                            *slot = if usable { p } else { f64::NAN };
                        }
                    }
                }
            }
            Source::Ratio(n, d) => {
                let n = n.get(rows.clone()).unwrap_or(&[]);
                let d = d.get(rows).unwrap_or(&[]);
                for ((slot, &a), &b) in out.iter_mut().zip(n).zip(d) {
                    let usable = a.is_finite() && b.is_finite() && b != 0.0;
                    let p = self.banded(a / b);
                    *slot = if usable { p } else { f64::NAN };
                }
            }
            Source::Coded(codes, table) => {
                let codes = codes.get(rows).unwrap_or(&[]);
                for (slot, &c) in out.iter_mut().zip(codes) {
                    *slot = usize::try_from(c)
                        .ok()
                        .and_then(|c| table.get(c).copied())
                        .unwrap_or(f64::NAN);
                }
            }
            Source::BoolNumbers(v) => {
                let v = v.get(rows).unwrap_or(&[]);
                let (yes, no) = self.bool_points();
                for (slot, &x) in out.iter_mut().zip(v) {
                    let p = if x == 1.0 { yes } else { no };
                    *slot = if x == 1.0 || x == 0.0 { p } else { f64::NAN };
                }
            }
            Source::Bools(v) => {
                let v = v.get(rows).unwrap_or(&[]);
                let (yes, no) = self.bool_points();
                for (slot, b) in out.iter_mut().zip(v) {
                    *slot = match b {
                        Some(true) => yes,
                        Some(false) => no,
                        None => f64::NAN,
                    };
                }
            }
            Source::Texts(v) => {
                let v = v.get(rows).unwrap_or(&[]);
                for (slot, t) in out.iter_mut().zip(v) {
                    *slot = t
                        .as_deref()
                        .map_or(f64::NAN, |t| reading_points(self.signal.read_text(t)));
                }
            }
            Source::Absent | Source::WrongType => out.fill(f64::NAN),
        }
    }

    /// Points of true and false for a boolean signal (NaN for other kinds).
    fn bool_points(&self) -> (f64, f64) {
        (
            reading_points(self.signal.read_bool(true)),
            reading_points(self.signal.read_bool(false)),
        )
    }
}

/// Where one signal's raw points go for a chunk: the missing-data policy, coverage and the
/// dimension's running sums, in the order of [`CompiledModel::accumulate`].
struct RowSink<'c> {
    combine: Combine,
    weight: f64,
    share: f64,
    /// Points when missing (NaN for `exclude` and `fail`).
    missing: f64,
    fails: bool,
    flat: usize,
    dim_num: &'c mut [f64],
    dim_den: &'c mut [f64],
    covered: &'c mut [f64],
    failed: &'c mut [usize],
}

impl RowSink<'_> {
    /// Applies one signal's raw points (NaN = missing or unusable) to the running sums.
    #[inline(always)]
    fn take(&mut self, raw: &[f64]) {
        let (w, share, missing) = (self.weight, self.share, self.missing);
        if self.fails {
            for (&r, f) in raw.iter().zip(self.failed.iter_mut()) {
                // The first required signal in model order is reported.
                if r.is_nan() && self.flat < *f {
                    *f = self.flat;
                }
            }
        }
        for (&r, c) in raw.iter().zip(self.covered.iter_mut()) {
            // `+ 0.0` leaves a non-negative sum unchanged: the same as skipping.
            *c += if r.is_nan() { 0.0 } else { share };
        }
        match self.combine {
            Combine::Mean | Combine::Weighted => {
                for ((&r, dn), dd) in raw
                    .iter()
                    .zip(self.dim_num.iter_mut())
                    .zip(self.dim_den.iter_mut())
                {
                    let p = if r.is_nan() { missing } else { r };
                    let present = !p.is_nan();
                    *dn += if present { w * p } else { 0.0 };
                    *dd += if present { w } else { 0.0 };
                }
            }
            Combine::Min | Combine::Max => {
                let min = self.combine == Combine::Min;
                for (&r, e) in raw.iter().zip(self.dim_num.iter_mut()) {
                    let p = if r.is_nan() { missing } else { r };
                    let better = if min { p < *e } else { p > *e };
                    if !p.is_nan() && (e.is_nan() || better) {
                        *e = p;
                    }
                }
            }
        }
    }
}

/// Per-row running sums of a chunk: [`CompositeSums`] for many rows at once.
struct ChunkSums {
    points: Vec<f64>,
    dim_num: Vec<f64>,
    dim_den: Vec<f64>,
    num: Vec<f64>,
    den: Vec<f64>,
    covered: Vec<f64>,
    failed: Vec<usize>,
}

const NOT_FAILED: usize = usize::MAX;

impl ChunkSums {
    fn new() -> Self {
        ChunkSums {
            points: vec![0.0; CHUNK],
            dim_num: vec![0.0; CHUNK],
            dim_den: vec![0.0; CHUNK],
            num: vec![0.0; CHUNK],
            den: vec![0.0; CHUNK],
            covered: vec![0.0; CHUNK],
            failed: vec![NOT_FAILED; CHUNK],
        }
    }
}

/// Scores a batch of columns: [`Scorer::score_batch`].
fn signal_plan<'a, 'm>(
    plan: &'m CompiledModel,
    signal: &'m CompiledSignal,
    batch: &Batch<'a>,
    month: Option<u32>,
) -> SignalPlan<'a, 'm> {
    let key = |i: usize| plan.inputs.get(i).map_or("", String::as_str);
    let (source, bands): (Source<'a>, &'m [CompiledBand]) = match &signal.reader {
        Reader::Ratio {
            numerator,
            denominator,
            bands,
        } => (
            match (
                batch.column(key(*numerator)),
                batch.column(key(*denominator)),
            ) {
                (Some(Column::Numbers(n)), Some(Column::Numbers(d))) => Source::Ratio(n, d),
                (None, _) | (_, None) => Source::Absent,
                _ => Source::WrongType,
            },
            bands,
        ),
        Reader::Number {
            input,
            count,
            bands,
        } => (
            match batch.column(key(*input)) {
                None => Source::Absent,
                Some(Column::Numbers(v)) if *count => Source::Counts(v),
                Some(Column::Numbers(v)) => Source::Numbers(v),
                Some(_) => Source::WrongType,
            },
            bands,
        ),
        Reader::Boolean { input, .. } => (
            match batch.column(key(*input)) {
                None => Source::Absent,
                Some(Column::Numbers(v)) => Source::BoolNumbers(v),
                Some(Column::Bools(v)) => Source::Bools(v),
                Some(_) => Source::WrongType,
            },
            &[],
        ),
        Reader::Categorical { input, .. } => (
            match batch.column(key(*input)) {
                None => Source::Absent,
                Some(Column::Texts(v)) => Source::Texts(v),
                Some(Column::Codes { codes, categories }) => Source::Coded(
                    codes,
                    categories
                        .iter()
                        .map(|c| reading_points(signal.read_text(c)))
                        .collect(),
                ),
                Some(_) => Source::WrongType,
            },
            &[],
        ),
    };
    let factor = match (signal.seasonal, month) {
        (Some(factors), Some(m)) => factors.get((m as usize).wrapping_sub(1)).copied(),
        _ => None,
    };
    let bands4 = BandTable::new(bands);
    SignalPlan {
        signal,
        bands,
        bands4,
        source,
        factor,
    }
}

pub(super) fn score_columns(
    plan: &CompiledModel,
    batch: &Batch<'_>,
    options: BatchOptions,
) -> Result<BatchScores> {
    for (key, _) in &batch.columns {
        if !plan.inputs.iter().any(|k| k == key) {
            return Err(Error::new(
                ErrorCode::InputUnknownSignal,
                format!("columns.{key}"),
                format!("the model `{}` reads no input `{key}`", plan.model.id),
            )
            .with_value(key.as_str()));
        }
    }
    if let Some(month) = options.month {
        if !(1..=12).contains(&month) {
            return Err(
                Error::new(ErrorCode::InputOutOfRange, "month", "the month is 1-12")
                    .with_value(month),
            );
        }
    }
    let n = batch.len();
    let plans: Vec<Vec<SignalPlan<'_, '_>>> = plan
        .dimensions
        .iter()
        .map(|d| {
            d.signals
                .iter()
                .map(|s| signal_plan(plan, s, batch, options.month))
                .collect()
        })
        .collect();
    // Tier thresholds with their declaration index, highest first.
    let mut tier_order: Vec<(f64, i32)> = plan
        .model
        .tiers
        .iter()
        .enumerate()
        .map(|(i, t)| (t.min, i32::try_from(i).unwrap_or(-1)))
        .collect();
    tier_order.sort_by(|a, b| b.0.total_cmp(&a.0));
    let lowest_tier = tier_order.last().map_or(-1, |t| t.1);
    let mut out = BatchScores {
        composite: Vec::with_capacity(n),
        tier: Vec::with_capacity(n),
        coverage: Vec::with_capacity(n),
        status: Vec::with_capacity(n),
        errors: Vec::new(),
    };
    let flat_signals: Vec<&CompiledSignal> = plan
        .dimensions
        .iter()
        .flat_map(|d| d.signals.iter())
        .collect();
    let mut chunk = ChunkSums::new();
    let mut start = 0;
    while start < n {
        let m = CHUNK.min(n - start);
        score_chunk(plan, &plans, start, m, &mut chunk);
        for i in 0..m {
            let row = start + i;
            let at = |v: &Vec<f64>| v.get(i).copied().unwrap_or(0.0);
            let sums = CompositeSums::from_parts(
                at(&chunk.num),
                at(&chunk.den),
                at(&chunk.covered),
                chunk
                    .failed
                    .get(i)
                    .and_then(|&f| flat_signals.get(f))
                    .copied(),
            );
            let (status, composite, tier) =
                match sums.outcome(plan.total_share, plan.model.min_coverage) {
                    RowOutcome::Failed(signal) => {
                        out.errors.push(RowError {
                            row,
                            error: Error::new(
                                ErrorCode::InputMissingRequired,
                                format!("columns.{}[{row}]", signal_column(plan, signal)),
                                format!(
                                    "signal `{}` is required and has no usable value",
                                    signal.key
                                ),
                            ),
                        });
                        (ScoreStatus::Failed, f64::NAN, -1)
                    }
                    RowOutcome::Insufficient => (ScoreStatus::InsufficientData, f64::NAN, -1),
                    RowOutcome::Scored(composite) => {
                        let tier = tier_order
                            .iter()
                            .find(|(min, _)| composite >= *min)
                            .map_or(lowest_tier, |t| t.1);
                        (ScoreStatus::Scored, composite, tier)
                    }
                };
            out.composite.push(composite);
            out.tier.push(tier);
            out.coverage.push(sums.coverage(plan.total_share));
            out.status.push(status);
        }
        start += m;
    }
    Ok(out)
}

/// Runs [`CompiledModel::accumulate`]'s arithmetic for rows `start..start + m`, loop-interchanged:
/// each row sees the same operations in the same order, so the results are identical.
fn score_chunk(
    plan: &CompiledModel,
    plans: &[Vec<SignalPlan<'_, '_>>],
    start: usize,
    m: usize,
    chunk: &mut ChunkSums,
) {
    let m = m.min(CHUNK);
    let ChunkSums {
        points,
        dim_num,
        dim_den,
        num,
        den,
        covered,
        failed,
    } = chunk;
    let points = points.get_mut(..m).unwrap_or_default();
    let dim_num = dim_num.get_mut(..m).unwrap_or_default();
    let dim_den = dim_den.get_mut(..m).unwrap_or_default();
    let num = num.get_mut(..m).unwrap_or_default();
    let den = den.get_mut(..m).unwrap_or_default();
    let covered = covered.get_mut(..m).unwrap_or_default();
    let failed = failed.get_mut(..m).unwrap_or_default();
    num.fill(0.0);
    den.fill(0.0);
    covered.fill(0.0);
    failed.fill(NOT_FAILED);
    for &d in &plan.dimension_order {
        let (Some(dimension), Some(dim_plans)) = (plan.dimensions.get(d), plans.get(d)) else {
            continue;
        };
        let combine = dimension.combine;
        match combine {
            Combine::Mean | Combine::Weighted => {
                dim_num.fill(0.0);
                dim_den.fill(0.0);
            }
            // For min and max `dim_num` holds the extreme so far (NaN: none yet).
            Combine::Min | Combine::Max => dim_num.fill(f64::NAN),
        }
        for &s in &dimension.signal_order {
            let (Some(signal), Some(plan)) = (dimension.signals.get(s), dim_plans.get(s)) else {
                continue;
            };
            let mut sink = RowSink {
                combine,
                weight: signal.weight,
                share: signal.share,
                missing: match signal.policy {
                    MissingPolicy::Exclude | MissingPolicy::Fail => f64::NAN,
                    MissingPolicy::Neutral => signal.neutral,
                    MissingPolicy::Zero => 0.0,
                },
                fails: signal.policy == MissingPolicy::Fail,
                flat: signal.flat,
                dim_num: &mut *dim_num,
                dim_den: &mut *dim_den,
                covered: &mut *covered,
                failed: &mut *failed,
            };
            plan.fill(start, points);
            sink.take(points);
        }
        let weight = dimension.weight;
        for (((&dn, &dd), cn), cd) in dim_num
            .iter()
            .zip(dim_den.iter())
            .zip(num.iter_mut())
            .zip(den.iter_mut())
        {
            let d = match combine {
                Combine::Mean | Combine::Weighted => {
                    if dd > 0.0 {
                        dn / dd
                    } else {
                        f64::NAN
                    }
                }
                Combine::Min | Combine::Max => dn,
            };
            let present = !d.is_nan();
            *cn += if present { weight * d } else { 0.0 };
            *cd += if present { weight } else { 0.0 };
        }
    }
}

/// The column a signal reads (the denominator is named only for ratios whose numerator is
/// present).
fn signal_column<'s>(plan: &'s CompiledModel, signal: &CompiledSignal) -> &'s str {
    let index = match &signal.reader {
        Reader::Ratio { numerator, .. } => *numerator,
        Reader::Number { input, .. }
        | Reader::Categorical { input, .. }
        | Reader::Boolean { input, .. } => *input,
    };
    plan.inputs.get(index).map_or("", String::as_str)
}

/// Owned columns built from records, for bindings that receive an array of accounts.
enum RecordColumn {
    Numbers(Vec<f64>),
    Texts(Vec<Option<String>>),
    Bools(Vec<Option<bool>>),
}

/// Scores accounts given as records: [`Scorer::score_records`].
pub(super) fn score_account_records(
    plan: &CompiledModel,
    accounts: &[Account],
    options: BatchOptions,
) -> Result<BatchScores> {
    use super::signal_kind::InputShape;

    let n = accounts.len();
    // One column per model input, filled in one pass over each account's inputs.
    let mut columns: Vec<RecordColumn> = plan
        .input_shapes
        .iter()
        .map(|shape| match shape {
            InputShape::Number => RecordColumn::Numbers(vec![f64::NAN; n]),
            InputShape::Text => RecordColumn::Texts(vec![None; n]),
            InputShape::Bool => RecordColumn::Bools(vec![None; n]),
        })
        .collect();
    let index: std::collections::HashMap<&str, usize> = plan
        .inputs
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    for (row, account) in accounts.iter().enumerate() {
        for (key, value) in &account.inputs {
            let Some(column) = index.get(key.as_str()).and_then(|&i| columns.get_mut(i)) else {
                return Err(Error::new(
                    ErrorCode::InputUnknownSignal,
                    format!("[{row}].inputs.{key}"),
                    format!("the model `{}` reads no input `{key}`", plan.model.id),
                )
                .with_value(key.as_str()));
            };
            match (column, value) {
                (RecordColumn::Numbers(v), Some(InputValue::Number(x))) => {
                    if let Some(slot) = v.get_mut(row) {
                        *slot = *x;
                    }
                }
                (RecordColumn::Texts(v), Some(InputValue::Text(t))) => {
                    if let Some(slot) = v.get_mut(row) {
                        *slot = Some(t.clone());
                    }
                }
                (RecordColumn::Bools(v), Some(InputValue::Bool(b))) => {
                    if let Some(slot) = v.get_mut(row) {
                        *slot = Some(*b);
                    }
                }
                (RecordColumn::Bools(v), Some(InputValue::Number(x))) if *x == 1.0 || *x == 0.0 => {
                    if let Some(slot) = v.get_mut(row) {
                        *slot = Some(*x == 1.0);
                    }
                }
                // Missing, or a value of the wrong type: missing for the batch, as the
                // single-account path treats it (there it is also listed as an issue).
                _ => {}
            }
        }
    }
    let columns: Vec<(&str, RecordColumn)> = plan
        .inputs
        .iter()
        .map(String::as_str)
        .zip(columns)
        .collect();
    let mut batch = Batch::new();
    for (key, column) in &columns {
        let column = match column {
            RecordColumn::Numbers(v) => Column::Numbers(v),
            RecordColumn::Texts(v) => Column::Texts(v),
            RecordColumn::Bools(v) => Column::Bools(v),
        };
        batch.insert(key, column)?;
    }
    score_columns(plan, &batch, options)
}
