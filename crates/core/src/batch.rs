//! Batch scoring over columns: one slice per input, the fast path.
//!
//! Each row is scored with exactly the arithmetic of [`Scorer::score`], in the same order, so a
//! batch gives bit-for-bit the composites of scoring its rows one at a time.

use crate::error::{Error, ErrorCode, Result};
use crate::model::Combine;
use crate::score::{
    number_as_bool, round_score, CompiledSignal, PointsSource, Reader, Reading, ScoreStatus,
    Scorer,
};
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

    /// The rows as records, with tier keys taken from `scorer`'s model.
    pub fn summaries(&self, scorer: &Scorer) -> Vec<ScoreSummary> {
        let tiers = &scorer.model().tiers;
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

const CHUNK: usize = 1024;

/// Scratch buffers for one chunk.
struct Chunk {
    points: Vec<f64>,
    observed: Vec<bool>,
    dim_num: Vec<f64>,
    dim_den: Vec<f64>,
    dim_extreme: Vec<f64>,
    comp_num: Vec<f64>,
    comp_den: Vec<f64>,
    covered: Vec<f64>,
    failed: Vec<Option<usize>>,
}

impl Chunk {
    fn new() -> Chunk {
        Chunk {
            points: vec![0.0; CHUNK],
            observed: vec![false; CHUNK],
            dim_num: vec![0.0; CHUNK],
            dim_den: vec![0.0; CHUNK],
            dim_extreme: vec![0.0; CHUNK],
            comp_num: vec![0.0; CHUNK],
            comp_den: vec![0.0; CHUNK],
            covered: vec![0.0; CHUNK],
            failed: vec![None; CHUNK],
        }
    }
}

/// A column resolved for one signal: what to read per row.
enum Source<'a> {
    Absent,
    Numbers(&'a [f64]),
    Ratio(&'a [f64], &'a [f64]),
    /// Points per dictionary code (NaN = unknown category).
    Coded(&'a [i32], Vec<Reading>),
    Bools(&'a [Option<bool>]),
    Texts(&'a [Option<String>]),
    WrongType,
}

impl Scorer {
    /// Scores a batch given as columns.
    ///
    /// Fails when a column's key is not an input of the model (`input.unknown_signal`); inputs the
    /// batch lacks are missing for every row. Per-row problems never fail the batch: unusable
    /// values count as missing and rows with a missing required signal get status `failed`.
    ///
    /// ```
    /// use tenure::{Batch, BatchOptions, Column, HealthModel, Scorer};
    /// let scorer = Scorer::new(HealthModel::builtin()).unwrap();
    /// let ratio = [0.1, 0.5];
    /// let mut batch = Batch::new();
    /// batch.insert("dau_mau_ratio", Column::Numbers(&ratio)).unwrap();
    /// let scores = scorer.score_batch(&batch, BatchOptions::default()).unwrap();
    /// assert!(scores.composite[0] < scores.composite[1]);
    /// ```
    pub fn score_batch(&self, batch: &Batch<'_>, options: BatchOptions) -> Result<BatchScores> {
        for (key, _) in &batch.columns {
            if !self.inputs.iter().any(|k| k == key) {
                return Err(Error::new(
                    ErrorCode::InputUnknownSignal,
                    format!("columns.{key}"),
                    format!("the model `{}` reads no input `{key}`", self.model.id),
                )
                .with_value(key.as_str()));
            }
        }
        let n = batch.len();
        let sources: Vec<Vec<Source<'_>>> = self
            .dimensions
            .iter()
            .map(|d| d.signals.iter().map(|s| self.source(s, batch)).collect())
            .collect();
        // Tier thresholds in declaration order, checked highest first.
        let mut tier_order: Vec<(f64, i32)> = self
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
        let mut chunk = Chunk::new();
        let mut start = 0;
        while start < n {
            let m = CHUNK.min(n - start);
            self.score_chunk(&sources, start, m, options.month, &mut chunk);
            for i in 0..m {
                let (Some(&num), Some(&den), Some(&covered), Some(&failed)) = (
                    chunk.comp_num.get(i),
                    chunk.comp_den.get(i),
                    chunk.covered.get(i),
                    chunk.failed.get(i),
                ) else {
                    continue;
                };
                let coverage = covered / self.total_share;
                let (status, composite, tier) = if let Some(signal) = failed {
                    let key = self.signal_key(signal);
                    out.errors.push(RowError {
                        row: start + i,
                        error: Error::new(
                            ErrorCode::InputMissingRequired,
                            format!("columns.{key}[{}]", start + i),
                            format!("signal `{key}` is required and has no usable value"),
                        ),
                    });
                    (ScoreStatus::Failed, f64::NAN, -1)
                } else if den == 0.0 || coverage < self.model.min_coverage {
                    (ScoreStatus::InsufficientData, f64::NAN, -1)
                } else {
                    let composite = round_score(num / den * 10.0);
                    let tier = tier_order
                        .iter()
                        .find(|(min, _)| composite >= *min)
                        .map_or(lowest_tier, |t| t.1);
                    (ScoreStatus::Scored, composite, tier)
                };
                out.composite.push(composite);
                out.tier.push(tier);
                out.coverage.push(coverage);
                out.status.push(status);
            }
            start += m;
        }
        Ok(out)
    }

    fn signal_key(&self, flat_index: usize) -> &str {
        self.dimensions
            .iter()
            .flat_map(|d| d.signals.iter())
            .nth(flat_index)
            .map_or("", |s| s.key.as_str())
    }

    fn source<'a>(&self, signal: &CompiledSignal, batch: &Batch<'a>) -> Source<'a> {
        let key = |i: usize| self.inputs.get(i).map_or("", String::as_str);
        match &signal.reader {
            Reader::Ratio {
                numerator,
                denominator,
                ..
            } => match (batch.column(key(*numerator)), batch.column(key(*denominator))) {
                (Some(Column::Numbers(n)), Some(Column::Numbers(d))) => Source::Ratio(n, d),
                (None, _) | (_, None) => Source::Absent,
                _ => Source::WrongType,
            },
            Reader::Number { input, .. } => match batch.column(key(*input)) {
                None => Source::Absent,
                Some(Column::Numbers(v)) => Source::Numbers(v),
                Some(_) => Source::WrongType,
            },
            Reader::Boolean { input, .. } => match batch.column(key(*input)) {
                None => Source::Absent,
                Some(Column::Numbers(v)) => Source::Numbers(v),
                Some(Column::Bools(v)) => Source::Bools(v),
                Some(_) => Source::WrongType,
            },
            Reader::Categorical { input, .. } => match batch.column(key(*input)) {
                None => Source::Absent,
                Some(Column::Texts(v)) => Source::Texts(v),
                Some(Column::Codes { codes, categories }) => Source::Coded(
                    codes,
                    categories.iter().map(|c| signal.read_text(c)).collect(),
                ),
                Some(_) => Source::WrongType,
            },
        }
    }

    /// Scores rows `start..start + m` into `chunk`'s composite accumulators.
    fn score_chunk(
        &self,
        sources: &[Vec<Source<'_>>],
        start: usize,
        m: usize,
        month: Option<u32>,
        chunk: &mut Chunk,
    ) {
        let Chunk {
            points,
            observed,
            dim_num,
            dim_den,
            dim_extreme,
            comp_num,
            comp_den,
            covered,
            failed,
        } = chunk;
        let points = &mut points[..m.min(CHUNK)];
        let observed = &mut observed[..points.len()];
        for v in [&mut *comp_num, &mut *comp_den, &mut *covered] {
            v.iter_mut().for_each(|x| *x = 0.0);
        }
        failed.iter_mut().for_each(|x| *x = None);
        let mut flat = 0;
        for (dimension, dim_sources) in self.dimensions.iter().zip(sources) {
            let extreme = matches!(dimension.combine, Combine::Min | Combine::Max);
            dim_num.iter_mut().for_each(|x| *x = 0.0);
            dim_den.iter_mut().for_each(|x| *x = 0.0);
            dim_extreme.iter_mut().for_each(|x| *x = f64::NAN);
            for (signal, source) in dimension.signals.iter().zip(dim_sources) {
                read_rows(signal, source, start, month, points, observed);
                let w = signal.weight;
                let share = signal.share;
                for (i, (&p, &seen)) in points.iter().zip(observed.iter()).enumerate() {
                    if seen {
                        if let Some(c) = covered.get_mut(i) {
                            *c += share;
                        }
                    }
                    if p.is_nan() {
                        if !seen && signal.policy == crate::model::MissingPolicy::Fail {
                            if let Some(f) = failed.get_mut(i) {
                                f.get_or_insert(flat);
                            }
                        }
                        continue;
                    }
                    if extreme {
                        if let Some(e) = dim_extreme.get_mut(i) {
                            let better = match dimension.combine {
                                Combine::Min => p < *e,
                                _ => p > *e,
                            };
                            if e.is_nan() || better {
                                *e = p;
                            }
                        }
                    } else if let (Some(num), Some(den)) = (dim_num.get_mut(i), dim_den.get_mut(i))
                    {
                        *num += w * p;
                        *den += w;
                    }
                }
                flat += 1;
            }
            let weight = dimension.weight;
            for i in 0..points.len() {
                let d = if extreme {
                    dim_extreme.get(i).copied().unwrap_or(f64::NAN)
                } else {
                    match (dim_num.get(i), dim_den.get(i)) {
                        (Some(&num), Some(&den)) if den > 0.0 => num / den,
                        _ => f64::NAN,
                    }
                };
                if !d.is_nan() {
                    if let (Some(num), Some(den)) = (comp_num.get_mut(i), comp_den.get_mut(i)) {
                        *num += weight * d;
                        *den += weight;
                    }
                }
            }
        }
    }
}

/// Reads one signal for a chunk of rows: points after the missing-data policy (NaN when
/// excluded or failed) and whether the input was observed.
fn read_rows(
    signal: &CompiledSignal,
    source: &Source<'_>,
    start: usize,
    month: Option<u32>,
    points: &mut [f64],
    observed: &mut [bool],
) {
    let m = points.len();
    let rows = start..start + m;
    let mut put = |i: usize, reading: Reading| {
        let (p, src) = signal.settle(reading);
        if let (Some(slot), Some(seen)) = (points.get_mut(i), observed.get_mut(i)) {
            *slot = p;
            *seen = src == PointsSource::Observed;
        }
    };
    match source {
        Source::Absent => (0..m).for_each(|i| put(i, Reading::Absent)),
        Source::WrongType => (0..m).for_each(|i| put(i, Reading::Unusable(crate::IssueKind::WrongType))),
        Source::Numbers(values) => {
            let values = values.get(rows).unwrap_or(&[]);
            match signal.reader {
                Reader::Boolean { .. } => {
                    for (i, &x) in values.iter().enumerate() {
                        put(i, number_as_bool(signal, x));
                    }
                }
                _ => {
                    for (i, &x) in values.iter().enumerate() {
                        put(i, signal.read_number(x, month));
                    }
                }
            }
        }
        Source::Ratio(n, d) => {
            let n = n.get(rows.clone()).unwrap_or(&[]);
            let d = d.get(rows).unwrap_or(&[]);
            for (i, (&a, &b)) in n.iter().zip(d).enumerate() {
                put(i, signal.read_ratio(a, b, month));
            }
        }
        Source::Coded(codes, table) => {
            let codes = codes.get(rows).unwrap_or(&[]);
            for (i, &c) in codes.iter().enumerate() {
                let reading = if c < 0 {
                    Reading::Absent
                } else {
                    usize::try_from(c)
                        .ok()
                        .and_then(|c| table.get(c).copied())
                        .unwrap_or(Reading::Unusable(crate::IssueKind::UnknownCategory))
                };
                put(i, reading);
            }
        }
        Source::Bools(values) => {
            let values = values.get(rows).unwrap_or(&[]);
            for (i, v) in values.iter().enumerate() {
                put(i, v.map_or(Reading::Absent, |b| signal.read_bool(b)));
            }
        }
        Source::Texts(values) => {
            let values = values.get(rows).unwrap_or(&[]);
            for (i, v) in values.iter().enumerate() {
                put(i, v.as_deref().map_or(Reading::Absent, |t| signal.read_text(t)));
            }
        }
    }
}

/// Owned columns built from records, for bindings that receive an array of accounts.
enum RecordColumn {
    Numbers(Vec<f64>),
    Texts(Vec<Option<String>>),
    Bools(Vec<Option<bool>>),
}

impl Scorer {
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
        accounts: &[crate::Account],
        options: BatchOptions,
    ) -> Result<BatchScores> {
        use crate::model::InputShape;
        use crate::InputValue;
        for (row, account) in accounts.iter().enumerate() {
            for key in account.inputs.keys() {
                if !self.inputs.iter().any(|k| k == key) {
                    return Err(Error::new(
                        ErrorCode::InputUnknownSignal,
                        format!("[{row}].inputs.{key}"),
                        format!("the model `{}` reads no input `{key}`", self.model.id),
                    )
                    .with_value(key.as_str()));
                }
            }
        }
        let columns: Vec<(&str, RecordColumn)> = self
            .inputs
            .iter()
            .zip(&self.input_shapes)
            .map(|(key, shape)| {
                let values = accounts
                    .iter()
                    .map(|a| a.inputs.get(key).and_then(Option::as_ref));
                let column = match shape {
                    InputShape::Number => RecordColumn::Numbers(
                        values
                            .map(|v| match v {
                                Some(InputValue::Number(x)) => *x,
                                _ => f64::NAN,
                            })
                            .collect(),
                    ),
                    InputShape::Text => RecordColumn::Texts(
                        values
                            .map(|v| match v {
                                Some(InputValue::Text(t)) => Some(t.clone()),
                                _ => None,
                            })
                            .collect(),
                    ),
                    InputShape::Bool => RecordColumn::Bools(
                        values
                            .map(|v| match v {
                                Some(InputValue::Bool(b)) => Some(*b),
                                Some(InputValue::Number(x)) if *x == 1.0 => Some(true),
                                Some(InputValue::Number(x)) if *x == 0.0 => Some(false),
                                _ => None,
                            })
                            .collect(),
                    ),
                };
                (key.as_str(), column)
            })
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
        self.score_batch(&batch, options)
    }
}
