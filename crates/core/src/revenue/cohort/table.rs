//! The cohort table of cohort counts: one row per cohort, one cell per offset with its status
//! (complete, partial, unobservable), and the summaries over complete cells (averages per
//! offset, steepest drop-off, best cohort, whether newer cohorts retain better).

use super::counts::{cohort_counts, CohortCounts};
use super::options::{AsOf, CohortOptions, CohortPeriod};
use crate::error::{Error, ErrorCode, Result};
use crate::revenue::customer_months::CustomerMonths;
use crate::revenue::month::Month;
use crate::shared::money::minor_to_decimal;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

impl CohortCounts {
    /// Whether the period holding the last observed month is observed only in part.
    fn last_period_partial(&self) -> bool {
        let month_partial = self.options.as_of.is_some_and(AsOf::month_is_partial);
        let quarter_partial = self.options.period == CohortPeriod::Quarter
            && self.last_month.is_some_and(|m| m.month() % 3 != 0);
        month_partial || quarter_partial
    }

    /// The cohort table of these counts.
    pub fn table(&self) -> Result<CohortTable> {
        build_table(self)
    }
}

/// Whether a cell of a cohort table can be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellStatus {
    /// The whole period is observed.
    Complete,
    /// The period is observed in part (data end or `as_of` inside it): its values are lower
    /// bounds.
    Partial,
    /// The period starts after the last observed month: no value (not 0).
    Unobservable,
}

/// One cell of a cohort table: a cohort at an offset.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CohortCell {
    /// Offset from the cohort's period.
    pub offset: u32,
    /// Whether the cell is observable, and completely.
    pub status: CellStatus,
    /// Active customers (numerator of the logo retention); `None` when unobservable.
    pub customers: Option<u64>,
    /// Revenue of the period (numerator of the revenue retention); `None` when unobservable.
    pub revenue: Option<Decimal>,
    /// `customers / cohort customers`; `None` when unobservable.
    pub logo_retention: Option<f64>,
    /// `revenue / offset-0 revenue`; `None` when unobservable.
    pub revenue_retention: Option<f64>,
}

/// One cohort (a row of the table).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CohortRow {
    /// The cohort's period: `2024-03` or `2024-Q1`.
    pub cohort: String,
    /// First month of the cohort's period.
    pub first_month: Month,
    /// Customers of the cohort (denominator of the logo retention).
    pub customers: u64,
    /// Sum of the customers' MRR in their first active month.
    pub starting_mrr: Decimal,
    /// Revenue at offset 0 (denominator of the revenue retention).
    pub base_revenue: Decimal,
    /// Cells from offset 0 to the table's last offset.
    pub cells: Vec<CohortCell>,
}

/// Averages at one offset over the cohorts complete there.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OffsetAverage {
    /// The offset.
    pub offset: u32,
    /// Cohorts complete at this offset.
    pub cohorts: u32,
    /// Σ active customers (numerator of the weighted logo average).
    pub customers: u64,
    /// Σ cohort customers (its denominator).
    pub base_customers: u64,
    /// Σ revenue (numerator of the weighted revenue average).
    pub revenue: Decimal,
    /// Σ offset-0 revenue (its denominator).
    pub base_revenue: Decimal,
    /// `customers / base_customers`.
    pub logo_weighted: Option<f64>,
    /// Mean of the cohorts' logo retention.
    pub logo_unweighted: Option<f64>,
    /// `revenue / base_revenue`.
    pub revenue_weighted: Option<f64>,
    /// Mean of the cohorts' revenue retention.
    pub revenue_unweighted: Option<f64>,
}

/// The steepest fall of a weighted average curve.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DropOff {
    /// The offset the average falls to.
    pub offset: u32,
    /// The average at `offset - 1`.
    pub from: f64,
    /// The average at `offset`.
    pub to: f64,
    /// `from - to`.
    pub drop: f64,
}

/// The best cohort at the comparison offset.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BestCohort {
    /// The cohort.
    pub cohort: String,
    /// The comparison offset.
    pub offset: u32,
    /// Its logo retention there.
    pub logo_retention: f64,
    /// Its revenue retention there.
    pub revenue_retention: f64,
}

/// Newer cohorts against older ones at the comparison offset.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CohortTrend {
    /// The comparison offset.
    pub offset: u32,
    /// The older half, oldest first.
    pub older_cohorts: Vec<String>,
    /// The newer half, oldest first.
    pub newer_cohorts: Vec<String>,
    /// Mean logo retention of the older half.
    pub older_logo: f64,
    /// Mean logo retention of the newer half.
    pub newer_logo: f64,
    /// Mean revenue retention of the older half.
    pub older_revenue: f64,
    /// Mean revenue retention of the newer half.
    pub newer_revenue: f64,
    /// `newer_logo > older_logo`.
    pub newer_retain_better: bool,
}

/// A cohort table with its summaries.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CohortTable {
    /// Cohort period.
    pub period: CohortPeriod,
    /// The `as_of` given.
    pub as_of: Option<AsOf>,
    /// Last observed month.
    pub last_month: Option<Month>,
    /// Whether the last period is observed only in part (its cells are `partial`).
    pub last_period_partial: bool,
    /// Decimal digits of the minor unit.
    pub minor_unit_digits: u32,
    /// Currency, when known.
    pub currency: Option<String>,
    /// Number of offsets (columns): 0 to `offsets - 1`.
    pub offsets: u32,
    /// The cohorts, oldest first.
    pub cohorts: Vec<CohortRow>,
    /// Averages per offset (complete cells only).
    pub averages: Vec<OffsetAverage>,
    /// Offset the cohorts are compared at.
    pub compare_offset: Option<u32>,
    /// Steepest fall of the weighted logo retention.
    pub steepest_logo_drop: Option<DropOff>,
    /// Steepest fall of the weighted revenue retention.
    pub steepest_revenue_drop: Option<DropOff>,
    /// Highest logo retention at the comparison offset.
    pub best_cohort: Option<BestCohort>,
    /// Highest revenue retention at the comparison offset.
    pub best_revenue_cohort: Option<BestCohort>,
    /// Whether newer cohorts retain better.
    pub trend: Option<CohortTrend>,
}

/// `numerator / denominator` as doubles; `None` for a zero denominator.
fn share(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator != 0.0).then(|| numerator / denominator)
}

fn revenue_decimal(minor: i128, digits: u32) -> Result<Decimal> {
    minor_to_decimal(minor, digits).ok_or_else(|| {
        Error::new(
            ErrorCode::InputOutOfRange,
            "",
            "a revenue sum exceeds 96 bits",
        )
    })
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

fn steepest(
    averages: &[OffsetAverage],
    pick: fn(&OffsetAverage) -> Option<f64>,
) -> Option<DropOff> {
    let mut best: Option<DropOff> = None;
    for pair in averages.windows(2) {
        let [a, b] = pair else { continue };
        let (Some(from), Some(to)) = (pick(a), pick(b)) else {
            continue;
        };
        let drop = from - to;
        if drop > 0.0 && best.as_ref().is_none_or(|d| drop > d.drop) {
            best = Some(DropOff {
                offset: b.offset,
                from,
                to,
                drop,
            });
        }
    }
    best
}

/// Sums over the complete cells of one offset.
#[derive(Default)]
struct OffsetSums {
    active: u64,
    base_customers: u64,
    revenue: i128,
    base_revenue: i128,
    logos: Vec<f64>,
    revenues: Vec<f64>,
}

fn build_table(counts: &CohortCounts) -> Result<CohortTable> {
    let options = counts.options;
    let period = options.period;
    let digits = counts.minor_unit_digits;
    let partial = counts.last_period_partial();
    let last_period = counts.last_month.map(|m| period.of(m.index()));
    let width = match (counts.cohorts.first(), last_period) {
        (Some(c), Some(l)) => u32::try_from(l - c.period + 1).unwrap_or(0),
        _ => 0,
    };
    let mut rows = Vec::with_capacity(counts.cohorts.len());
    let mut sums: Vec<OffsetSums> = (0..width).map(|_| OffsetSums::default()).collect();
    for c in &counts.cohorts {
        let base_revenue = c.revenue.first().copied().unwrap_or(0);
        let mut cells = Vec::with_capacity(width as usize);
        for k in 0..width {
            let cell_period = c.period + i32::try_from(k).unwrap_or(i32::MAX);
            let status = match last_period {
                Some(l) if cell_period > l => CellStatus::Unobservable,
                Some(l) if cell_period == l && partial => CellStatus::Partial,
                _ => CellStatus::Complete,
            };
            if status == CellStatus::Unobservable {
                cells.push(CohortCell {
                    offset: k,
                    status,
                    customers: None,
                    revenue: None,
                    logo_retention: None,
                    revenue_retention: None,
                });
                continue;
            }
            let active = c.active.get(k as usize).copied().unwrap_or(0);
            let revenue = c.revenue.get(k as usize).copied().unwrap_or(0);
            let logo = share(active as f64, c.customers as f64);
            let rev = share(revenue as f64, base_revenue as f64);
            if status == CellStatus::Complete {
                if let Some(s) = sums.get_mut(k as usize) {
                    s.active += active;
                    s.base_customers += c.customers;
                    s.revenue += revenue;
                    s.base_revenue += base_revenue;
                    s.logos.extend(logo);
                    s.revenues.extend(rev);
                }
            }
            cells.push(CohortCell {
                offset: k,
                status,
                customers: Some(active),
                revenue: Some(revenue_decimal(revenue, digits)?),
                logo_retention: logo,
                revenue_retention: rev,
            });
        }
        rows.push(CohortRow {
            cohort: period.label(c.period),
            first_month: Month::from_index(period.first_month(c.period))?,
            customers: c.customers,
            starting_mrr: revenue_decimal(c.starting_mrr, digits)?,
            base_revenue: revenue_decimal(base_revenue, digits)?,
            cells,
        });
    }
    let mut averages = Vec::with_capacity(sums.len());
    for (k, sum) in sums.iter().enumerate() {
        averages.push(OffsetAverage {
            offset: u32::try_from(k).unwrap_or(u32::MAX),
            cohorts: u32::try_from(sum.logos.len()).unwrap_or(u32::MAX),
            customers: sum.active,
            base_customers: sum.base_customers,
            revenue: revenue_decimal(sum.revenue, digits)?,
            base_revenue: revenue_decimal(sum.base_revenue, digits)?,
            logo_weighted: share(sum.active as f64, sum.base_customers as f64),
            logo_unweighted: (!sum.logos.is_empty()).then(|| mean(&sum.logos)),
            revenue_weighted: share(sum.revenue as f64, sum.base_revenue as f64),
            revenue_unweighted: (!sum.revenues.is_empty()).then(|| mean(&sum.revenues)),
        });
    }
    let compare_offset = comparison_offset(&options, &averages);
    let mut table = CohortTable {
        period,
        as_of: options.as_of,
        last_month: counts.last_month,
        last_period_partial: partial,
        minor_unit_digits: digits,
        currency: counts.currency.clone(),
        offsets: width,
        steepest_logo_drop: steepest(&averages, |a| a.logo_weighted),
        steepest_revenue_drop: steepest(&averages, |a| a.revenue_weighted),
        cohorts: rows,
        averages,
        compare_offset,
        best_cohort: None,
        best_revenue_cohort: None,
        trend: None,
    };
    if let Some(k) = compare_offset {
        compare_cohorts(&mut table, k);
    }
    Ok(table)
}

fn comparison_offset(options: &CohortOptions, averages: &[OffsetAverage]) -> Option<u32> {
    let enough = |k: u32| averages.get(k as usize).is_some_and(|a| a.cohorts >= 2);
    match options.compare_offset {
        Some(k) => enough(k).then_some(k),
        None => {
            let default = match options.period {
                CohortPeriod::Month => 3,
                CohortPeriod::Quarter => 1,
            };
            if enough(default) {
                Some(default)
            } else {
                averages
                    .iter()
                    .rev()
                    .find(|a| a.offset >= 1 && a.cohorts >= 2)
                    .map(|a| a.offset)
            }
        }
    }
}

fn compare_cohorts(table: &mut CohortTable, k: u32) {
    // (cohort, logo, revenue) of the cohorts complete at k, oldest first.
    let complete: Vec<(&str, f64, f64)> = table
        .cohorts
        .iter()
        .filter_map(|row| {
            let cell = row.cells.get(k as usize)?;
            if cell.status != CellStatus::Complete {
                return None;
            }
            Some((
                row.cohort.as_str(),
                cell.logo_retention?,
                cell.revenue_retention?,
            ))
        })
        .collect();
    let best = |pick: fn(&(&str, f64, f64)) -> f64| {
        let mut best: Option<&(&str, f64, f64)> = None;
        for c in &complete {
            if best.is_none_or(|b| pick(c) > pick(b)) {
                best = Some(c);
            }
        }
        best.map(|&(cohort, logo, revenue)| BestCohort {
            cohort: cohort.to_string(),
            offset: k,
            logo_retention: logo,
            revenue_retention: revenue,
        })
    };
    table.best_cohort = best(|c| c.1);
    table.best_revenue_cohort = best(|c| c.2);
    let half = complete.len() / 2;
    if half == 0 {
        return;
    }
    let older = complete.get(..half).unwrap_or(&[]);
    let newer = complete.get(complete.len() - half..).unwrap_or(&[]);
    let logos = |part: &[(&str, f64, f64)]| part.iter().map(|c| c.1).collect::<Vec<_>>();
    let revenues = |part: &[(&str, f64, f64)]| part.iter().map(|c| c.2).collect::<Vec<_>>();
    let names = |part: &[(&str, f64, f64)]| part.iter().map(|c| c.0.to_string()).collect();
    let (older_logo, newer_logo) = (mean(&logos(older)), mean(&logos(newer)));
    table.trend = Some(CohortTrend {
        offset: k,
        older_cohorts: names(older),
        newer_cohorts: names(newer),
        older_logo,
        newer_logo,
        older_revenue: mean(&revenues(older)),
        newer_revenue: mean(&revenues(newer)),
        newer_retain_better: newer_logo > older_logo,
    });
}

/// The cohort table of customer-month MRR (see the module documentation).
pub fn cohort_table(months: &CustomerMonths, options: &CohortOptions) -> Result<CohortTable> {
    cohort_counts(months, options)?.table()
}
