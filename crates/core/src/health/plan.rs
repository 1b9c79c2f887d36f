//! The compiled plan of a model: bands ready for lookup, how each signal reads its input, the
//! dimensions in summation order ([`CompiledModel`]), and the running sums of one account.

use super::explanation::{IssueKind, PointsSource};
use super::model::{Combine, HealthModel, MissingPolicy};
use super::signal_kind::{Band, InputShape, SignalKind};
use crate::error::Result;
use crate::shared::score_scale::{round_score, TierScale};

/// A band compiled for lookups: infinite bounds stand for open ends.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CompiledBand {
    lo: f64,
    hi: f64,
    lo_inclusive: bool,
    hi_inclusive: bool,
    at_lo: f64,
    /// `(at_hi - at_lo) / (hi - lo)` for a band that interpolates, 0 for a constant band.
    slope: f64,
    /// `lo` for a band that interpolates, 0 for a constant band (so that `slope × (x - origin)`
    /// is an exact 0 for any finite `x`).
    origin: f64,
}

impl CompiledBand {
    pub(crate) fn new(band: &Band) -> CompiledBand {
        let (at_lo, at_hi) = band.points.ends();
        let lo = band.from.unwrap_or(f64::NEG_INFINITY);
        let hi = band.to.unwrap_or(f64::INFINITY);
        // Validation guarantees that a band with different end points has two finite bounds
        // with lo < hi, so the slope is finite.
        let constant = at_lo == at_hi;
        CompiledBand {
            lo,
            hi,
            lo_inclusive: band.from_inclusive,
            hi_inclusive: band.to_inclusive,
            at_lo,
            slope: if constant {
                0.0
            } else {
                (at_hi - at_lo) / (hi - lo)
            },
            origin: if constant { 0.0 } else { lo },
        }
    }

    #[inline(always)]
    fn contains(&self, x: f64) -> bool {
        ((x > self.lo) | (self.lo_inclusive & (x == self.lo)))
            & ((x < self.hi) | (self.hi_inclusive & (x == self.hi)))
    }

    /// Points at a finite `x`: `at_lo + slope × (x - from)`; `at_lo` exactly for a constant band.
    #[inline(always)]
    fn points(&self, x: f64) -> f64 {
        self.at_lo + self.slope * (x - self.origin)
    }
}

/// Band index and points of a finite `x`, or `None` when `x` is in no band.
pub(crate) fn band_points(bands: &[CompiledBand], x: f64) -> Option<(usize, f64)> {
    bands
        .iter()
        .position(|b| b.contains(x))
        .and_then(|i| bands.get(i).map(|b| (i, b.points(x))))
}

/// Up to four contiguous bands arranged for branch-free lookups in the batch path: the band of
/// `x` is the number of inner cut points `x` has passed, and the outer bounds decide whether
/// `x` is in any band at all.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BandTable {
    /// Inner cut points (the `from` of bands 1..); unused ones are +∞ and never passed.
    cut: [f64; 3],
    /// Whether `x == cut` already belongs to the upper band.
    cut_inclusive: [bool; 3],
    first: CompiledBand,
    last: CompiledBand,
    at_lo: [f64; 4],
    slope: [f64; 4],
    origin: [f64; 4],
}

impl BandTable {
    /// A table for at most four bands.
    pub(crate) fn new(bands: &[CompiledBand]) -> Option<BandTable> {
        let (first, last) = (*bands.first()?, *bands.last()?);
        if bands.len() > 4 {
            return None;
        }
        let mut table = BandTable {
            cut: [f64::INFINITY; 3],
            cut_inclusive: [false; 3],
            first,
            last,
            at_lo: [0.0; 4],
            slope: [0.0; 4],
            origin: [0.0; 4],
        };
        for (i, band) in bands.iter().enumerate() {
            if let (Some(a), Some(s), Some(o)) = (
                table.at_lo.get_mut(i),
                table.slope.get_mut(i),
                table.origin.get_mut(i),
            ) {
                (*a, *s, *o) = (band.at_lo, band.slope, band.origin);
            }
            if let (Some(c), Some(ci)) = (
                i.checked_sub(1).and_then(|j| table.cut.get_mut(j)),
                i.checked_sub(1)
                    .and_then(|j| table.cut_inclusive.get_mut(j)),
            ) {
                (*c, *ci) = (band.lo, band.lo_inclusive);
            }
        }
        Some(table)
    }

    /// Points of a finite `x`, NaN when `x` is in no band; the arithmetic of [`band_points`].
    #[inline(always)]
    pub(crate) fn points(&self, x: f64) -> f64 {
        let mut index = 0usize;
        for (&cut, &inclusive) in self.cut.iter().zip(&self.cut_inclusive) {
            index += usize::from((x > cut) | (inclusive & (x == cut)));
        }
        let index = index & 3;
        let (a, s, o) = (
            self.at_lo.get(index).copied().unwrap_or(f64::NAN),
            self.slope.get(index).copied().unwrap_or(0.0),
            self.origin.get(index).copied().unwrap_or(0.0),
        );
        let p = a + s * (x - o);
        let (f, l) = (&self.first, &self.last);
        let inside = ((x > f.lo) | (f.lo_inclusive & (x == f.lo)))
            & ((x < l.hi) | (l.hi_inclusive & (x == l.hi)));
        if inside {
            p
        } else {
            f64::NAN
        }
    }
}

/// Points of a finite `x`, NaN when `x` is in no band (any number of bands).
#[inline(always)]
pub(crate) fn banded(bands: &[CompiledBand], x: f64) -> f64 {
    band_points(bands, x).map_or(f64::NAN, |(_, p)| p)
}

/// Whether a finite non-negative number is whole, with two additions instead of a call to
/// `trunc`: below 2⁵², adding 2⁵² rounds to a whole number (the spacing of doubles there is 1),
/// and every double from 2⁵² up is whole.
#[inline(always)]
pub(crate) fn is_whole(x: f64) -> bool {
    const TWO_52: f64 = 4_503_599_627_370_496.0;
    x >= TWO_52 || (x + TWO_52) - TWO_52 == x
}

/// How a compiled signal reads its inputs (indices into the model's input list).
#[derive(Clone, Debug)]
pub(crate) enum Reader {
    Number {
        input: usize,
        count: bool,
        bands: Vec<CompiledBand>,
    },
    Ratio {
        numerator: usize,
        denominator: usize,
        bands: Vec<CompiledBand>,
    },
    Categorical {
        input: usize,
        categories: Vec<(String, f64)>,
    },
    Boolean {
        input: usize,
        true_points: f64,
        false_points: f64,
    },
}

/// A signal compiled for scoring.
#[derive(Clone, Debug)]
pub(crate) struct CompiledSignal {
    pub(crate) key: String,
    pub(crate) reader: Reader,
    pub(crate) labels: Vec<Option<String>>,
    /// Weight inside the dimension (1 for mean, min and max).
    pub(crate) weight: f64,
    pub(crate) policy: MissingPolicy,
    pub(crate) neutral: f64,
    pub(crate) seasonal: Option<[f64; 12]>,
    /// `dimension weight × signal weight / sum of the dimension's signal weights`, for coverage.
    pub(crate) share: f64,
    /// Position of the signal in the model, counting across dimensions.
    pub(crate) flat: usize,
}

/// A dimension compiled for scoring.
#[derive(Clone, Debug)]
pub(crate) struct CompiledDimension {
    pub(crate) key: String,
    pub(crate) weight: f64,
    pub(crate) combine: Combine,
    pub(crate) signals: Vec<CompiledSignal>,
    /// Indices of `signals` sorted by key: the order sums are taken in.
    pub(crate) signal_order: Vec<usize>,
}

/// Indices of `keys` sorted by key.
pub(crate) fn key_order<'a>(keys: impl Iterator<Item = &'a str>) -> Vec<usize> {
    let mut order: Vec<(usize, &str)> = keys.enumerate().collect();
    order.sort_by(|a, b| a.1.cmp(b.1));
    order.into_iter().map(|(i, _)| i).collect()
}

/// The outcome of reading one signal for one account.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Reading {
    /// Points from the input; band index (if banded) and the value looked up.
    Points {
        points: f64,
        band: Option<usize>,
        value: Option<f64>,
    },
    /// No value given.
    Absent,
    /// A value was given but could not be used.
    Unusable(IssueKind),
}

impl CompiledSignal {
    /// Reads a number-shaped signal from numbers (NaN = absent). `month` is 1-12 when known.
    #[inline(always)]
    pub(crate) fn read_number(&self, x: f64, month: Option<u32>) -> Reading {
        let Reader::Number { count, bands, .. } = &self.reader else {
            return Reading::Unusable(IssueKind::WrongType);
        };
        if x.is_nan() {
            return Reading::Absent;
        }
        if x.is_infinite() {
            return Reading::Unusable(IssueKind::NotFinite);
        }
        if *count && (x < 0.0 || !is_whole(x)) {
            return Reading::Unusable(IssueKind::NotACount);
        }
        self.lookup(bands, x, month)
    }

    #[inline(always)]
    pub(crate) fn read_ratio(
        &self,
        numerator: f64,
        denominator: f64,
        month: Option<u32>,
    ) -> Reading {
        let Reader::Ratio { bands, .. } = &self.reader else {
            return Reading::Unusable(IssueKind::WrongType);
        };
        if numerator.is_nan() || denominator.is_nan() {
            return Reading::Absent;
        }
        if numerator.is_infinite() || denominator.is_infinite() {
            return Reading::Unusable(IssueKind::NotFinite);
        }
        if denominator == 0.0 {
            return Reading::Unusable(IssueKind::ZeroDenominator);
        }
        self.lookup(bands, numerator / denominator, month)
    }

    #[inline(always)]
    fn lookup(&self, bands: &[CompiledBand], x: f64, month: Option<u32>) -> Reading {
        let value = match (self.seasonal, month) {
            (Some(factors), Some(m)) => {
                let factor = factors
                    .get((m as usize).wrapping_sub(1))
                    .copied()
                    .unwrap_or(1.0);
                x / factor
            }
            _ => x,
        };
        match band_points(bands, value) {
            Some((band, points)) => Reading::Points {
                points,
                band: Some(band),
                value: Some(value),
            },
            None => Reading::Unusable(IssueKind::OutOfDomain),
        }
    }

    /// Reads a boolean signal from a yes/no value.
    #[inline(always)]
    pub(crate) fn read_bool(&self, value: bool) -> Reading {
        match &self.reader {
            Reader::Boolean {
                true_points,
                false_points,
                ..
            } => Reading::Points {
                points: if value { *true_points } else { *false_points },
                band: None,
                value: None,
            },
            _ => Reading::Unusable(IssueKind::WrongType),
        }
    }

    /// Reads a categorical signal from text.
    pub(crate) fn read_text(&self, text: &str) -> Reading {
        match &self.reader {
            Reader::Categorical { categories, .. } => {
                match categories.iter().position(|(v, _)| v == text) {
                    Some(i) => Reading::Points {
                        points: categories.get(i).map_or(0.0, |(_, p)| *p),
                        band: Some(i),
                        value: None,
                    },
                    None => Reading::Unusable(IssueKind::UnknownCategory),
                }
            }
            _ => Reading::Unusable(IssueKind::WrongType),
        }
    }

    /// Points used for a reading after the missing-data policy, and their source.
    #[inline(always)]
    pub(crate) fn settle(&self, reading: Reading) -> (f64, PointsSource) {
        match reading {
            Reading::Points { points, .. } => (points, PointsSource::Observed),
            Reading::Absent | Reading::Unusable(_) => match self.policy {
                MissingPolicy::Exclude => (f64::NAN, PointsSource::Excluded),
                MissingPolicy::Neutral => (self.neutral, PointsSource::Neutral),
                MissingPolicy::Zero => (0.0, PointsSource::Zero),
                MissingPolicy::Fail => (f64::NAN, PointsSource::Failed),
            },
        }
    }
}

/// The running sums of one account: composite numerator and denominator, observed share, and
/// the first required signal without a value.
pub(crate) struct CompositeSums<'m> {
    pub(crate) num: f64,
    pub(crate) den: f64,
    /// Observed share; positive exactly when some input was observed (shares are positive).
    pub(crate) covered: f64,
    pub(crate) failed: Option<&'m CompiledSignal>,
}

/// What a sums comes to.
pub(crate) enum RowOutcome<'m> {
    Failed(&'m CompiledSignal),
    Insufficient,
    Scored(f64),
}

impl<'m> CompositeSums<'m> {
    /// Sums computed elsewhere (the batch path).
    #[inline(always)]
    pub(crate) fn from_parts(
        num: f64,
        den: f64,
        covered: f64,
        failed: Option<&'m CompiledSignal>,
    ) -> Self {
        CompositeSums {
            num,
            den,
            covered,
            failed,
        }
    }

    /// Observed share of the model's weight.
    #[inline(always)]
    pub(crate) fn coverage(&self, total_share: f64) -> f64 {
        self.covered / total_share
    }

    /// Failed, insufficient (no observed input, no dimension with points, or coverage below the
    /// minimum) or scored with the rounded composite.
    #[inline(always)]
    /// `total_share` is the sum of every signal's coverage share, `min_coverage` the model's.
    pub(crate) fn outcome(&self, total_share: f64, min_coverage: f64) -> RowOutcome<'m> {
        if let Some(signal) = self.failed {
            RowOutcome::Failed(signal)
        } else if self.covered == 0.0
            || self.den == 0.0
            || self.coverage(total_share) < min_coverage
        {
            RowOutcome::Insufficient
        } else {
            RowOutcome::Scored(round_score(self.num / self.den * 10.0))
        }
    }
}

/// Points of a reading, NaN when it has none.
#[inline(always)]
pub(crate) fn reading_points(reading: Reading) -> f64 {
    match reading {
        Reading::Points { points, .. } => points,
        Reading::Absent | Reading::Unusable(_) => f64::NAN,
    }
}

/// Numbers given for a boolean signal: 1 is true, 0 is false, NaN is missing.
#[inline(always)]
pub(crate) fn number_as_bool(signal: &CompiledSignal, x: f64) -> Reading {
    if x.is_nan() {
        Reading::Absent
    } else if x == 1.0 {
        signal.read_bool(true)
    } else if x == 0.0 {
        signal.read_bool(false)
    } else {
        Reading::Unusable(IssueKind::WrongType)
    }
}

/// Combines signal points inside a dimension, in signal order.
///
/// Mean and weighted: `Σ wᵢ·pᵢ / Σ wᵢ` over signals with points (w = 1 for mean);
/// min / max: the lowest / highest points. NaN points are skipped.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DimensionAccumulator {
    combine: Combine,
    num: f64,
    den: f64,
    extreme: f64,
}

impl DimensionAccumulator {
    #[inline(always)]
    pub(crate) fn new(combine: Combine) -> Self {
        DimensionAccumulator {
            combine,
            num: 0.0,
            den: 0.0,
            extreme: f64::NAN,
        }
    }

    #[inline(always)]
    pub(crate) fn add(&mut self, weight: f64, points: f64) {
        if points.is_nan() {
            return;
        }
        match self.combine {
            Combine::Mean | Combine::Weighted => {
                self.num += weight * points;
                self.den += weight;
            }
            Combine::Min => {
                if self.extreme.is_nan() || points < self.extreme {
                    self.extreme = points;
                }
            }
            Combine::Max => {
                if self.extreme.is_nan() || points > self.extreme {
                    self.extreme = points;
                }
            }
        }
    }

    /// The dimension's points, NaN when no signal had points.
    #[inline(always)]
    pub(crate) fn points(&self) -> f64 {
        match self.combine {
            Combine::Mean | Combine::Weighted => {
                if self.den > 0.0 {
                    self.num / self.den
                } else {
                    f64::NAN
                }
            }
            Combine::Min | Combine::Max => self.extreme,
        }
    }
}

/// A validated model compiled for scoring: inputs in model order, signals ready to read, the
/// dimensions in summation order, the tier scale and the total coverage share.
#[derive(Clone, Debug)]
pub(crate) struct CompiledModel {
    pub(crate) model: HealthModel,
    pub(crate) inputs: Vec<String>,
    /// How each input is read (same order as `inputs`).
    pub(crate) input_shapes: Vec<InputShape>,
    pub(crate) dimensions: Vec<CompiledDimension>,
    /// Indices of `dimensions` sorted by key: the order sums are taken in.
    pub(crate) dimension_order: Vec<usize>,
    pub(crate) tiers: TierScale,
    /// Sum of every signal's coverage share, added in model order.
    pub(crate) total_share: f64,
}

impl CompiledModel {
    /// Validates and compiles a model.
    pub(crate) fn compile(model: HealthModel) -> Result<CompiledModel> {
        model.validate()?;
        let inputs: Vec<String> = model.input_keys().into_iter().map(String::from).collect();
        let index = |key: &str| inputs.iter().position(|k| k == key).unwrap_or(0);
        let mut dimensions = Vec::with_capacity(model.dimensions.len());
        let mut flat = 0;
        for dimension in &model.dimensions {
            let weighted = dimension.combine == Combine::Weighted;
            let signal_order = key_order(dimension.signals.iter().map(|s| s.key.as_str()));
            let weight_sum: f64 = signal_order
                .iter()
                .filter_map(|&i| dimension.signals.get(i))
                .map(|s| if weighted { s.weight } else { 1.0 })
                .sum();
            let mut signals = Vec::with_capacity(dimension.signals.len());
            for signal in &dimension.signals {
                let weight = if weighted { signal.weight } else { 1.0 };
                let compile = |bands: &[Band]| bands.iter().map(CompiledBand::new).collect();
                let band_labels =
                    |bands: &[Band]| bands.iter().map(|b| b.label.clone()).collect::<Vec<_>>();
                let (reader, labels) = match &signal.kind {
                    SignalKind::Numeric { bands, .. } | SignalKind::Count { bands, .. } => (
                        Reader::Number {
                            input: index(signal.inputs().first().copied().unwrap_or("")),
                            count: matches!(signal.kind, SignalKind::Count { .. }),
                            bands: compile(bands),
                        },
                        band_labels(bands),
                    ),
                    SignalKind::Ratio {
                        numerator,
                        denominator,
                        bands,
                    } => (
                        Reader::Ratio {
                            numerator: index(numerator),
                            denominator: index(denominator),
                            bands: compile(bands),
                        },
                        band_labels(bands),
                    ),
                    SignalKind::Categorical { categories, .. } => (
                        Reader::Categorical {
                            input: index(signal.inputs().first().copied().unwrap_or("")),
                            categories: categories
                                .iter()
                                .map(|c| (c.value.clone(), c.points))
                                .collect(),
                        },
                        categories.iter().map(|c| Some(c.value.clone())).collect(),
                    ),
                    SignalKind::Boolean {
                        true_points,
                        false_points,
                        ..
                    } => (
                        Reader::Boolean {
                            input: index(signal.inputs().first().copied().unwrap_or("")),
                            true_points: *true_points,
                            false_points: *false_points,
                        },
                        Vec::new(),
                    ),
                };
                let share = dimension.weight * (weight / weight_sum);
                let seasonal = signal.seasonal.as_ref().and_then(|s| {
                    let mut factors = [1.0; 12];
                    for (slot, f) in factors.iter_mut().zip(&s.monthly_factors) {
                        *slot = *f;
                    }
                    (s.monthly_factors.len() == 12).then_some(factors)
                });
                signals.push(CompiledSignal {
                    key: signal.key.clone(),
                    reader,
                    labels,
                    weight,
                    policy: signal.missing,
                    neutral: signal.neutral_points,
                    seasonal,
                    share,
                    flat,
                });
                flat += 1;
            }
            dimensions.push(CompiledDimension {
                key: dimension.key.clone(),
                weight: dimension.weight,
                combine: dimension.combine,
                signals,
                signal_order,
            });
        }
        let dimension_order = key_order(dimensions.iter().map(|d| d.key.as_str()));
        // Summed in the order coverage is summed, so that full coverage is exactly 1.
        let total_share = dimension_order
            .iter()
            .filter_map(|&d| dimensions.get(d))
            .flat_map(|d| d.signal_order.iter().filter_map(|&s| d.signals.get(s)))
            .map(|s| s.share)
            .sum();
        let tiers = TierScale::new(model.tiers.clone())?;
        let input_shapes = inputs
            .iter()
            .map(|key| {
                model
                    .dimensions
                    .iter()
                    .flat_map(|d| d.signals.iter())
                    .find(|s| s.inputs().contains(&key.as_str()))
                    .map_or(super::signal_kind::InputShape::Number, |s| {
                        s.kind.input_shape()
                    })
            })
            .collect();
        Ok(CompiledModel {
            model,
            inputs,
            input_shapes,
            dimensions,
            dimension_order,
            tiers,
            total_share,
        })
    }

    /// The accumulation shared by single-account and batch scoring, with the missing-data
    /// policy applied: signals of a dimension in key order, then dimensions in key order. Sums
    /// are taken in key order rather than in the order the model lists them, so that listing
    /// order never changes a result, not even in the last bit.
    ///
    /// `read(d, s)` gives the points of signal `s` of dimension `d` (NaN when the input is
    /// missing or unusable); `on_dimension(d, points)` receives each dimension's points.
    #[inline(always)]
    pub(crate) fn accumulate(
        &self,
        mut read: impl FnMut(usize, usize) -> f64,
        mut on_dimension: impl FnMut(usize, f64),
    ) -> CompositeSums<'_> {
        let mut sums = CompositeSums {
            num: 0.0,
            den: 0.0,
            covered: 0.0,
            failed: None,
        };
        for &d in &self.dimension_order {
            let Some(dimension) = self.dimensions.get(d) else {
                continue;
            };
            let mut acc = DimensionAccumulator::new(dimension.combine);
            for &s in &dimension.signal_order {
                let Some(signal) = dimension.signals.get(s) else {
                    continue;
                };
                let raw = read(d, s);
                let points = if raw.is_nan() {
                    match signal.policy {
                        MissingPolicy::Exclude => f64::NAN,
                        MissingPolicy::Neutral => signal.neutral,
                        MissingPolicy::Zero => 0.0,
                        MissingPolicy::Fail => {
                            // Report the first required signal in model order.
                            if sums.failed.is_none_or(|f| signal.flat < f.flat) {
                                sums.failed = Some(signal);
                            }
                            f64::NAN
                        }
                    }
                } else {
                    sums.covered += signal.share;
                    raw
                };
                acc.add(signal.weight, points);
            }
            let points = acc.points();
            on_dimension(d, points);
            if !points.is_nan() {
                sums.num += dimension.weight * points;
                sums.den += dimension.weight;
            }
        }
        sums
    }
}
