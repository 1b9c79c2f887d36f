//! The portfolio's revenue commands: "Cohort analysis" and "NRR report", from the accounts'
//! subscriptions.

use super::context::{at_origin, segment_key};
use super::{CommandOptions, Portfolio};
use crate::error::{Error, ErrorCode, Result};
use crate::revenue::{
    cohort_table, mrr_movements, retention_metrics, AsOf, CohortOptions, CohortTable,
    CustomerMonths, Month, MonthMovements, MonthlyOptions, Ratio, RetentionMetrics,
    SubscriptionPeriod,
};
use chrono::NaiveDate;
use serde::Serialize;

/// The customer-month MRR of the portfolio's subscriptions through `as_of`'s month (each
/// account is a customer, its segment the account's segment). `Ok(None)` when no account has a
/// subscription.
pub(crate) fn portfolio_months(
    portfolio: &Portfolio,
    as_of: NaiveDate,
) -> Result<Option<CustomerMonths>> {
    let mut periods = Vec::new();
    let mut origin = Vec::new();
    for (i, account) in portfolio.accounts.iter().enumerate() {
        for (k, s) in account.subscriptions.iter().enumerate() {
            if s.start > as_of {
                continue;
            }
            periods.push(SubscriptionPeriod {
                customer: account.id.clone(),
                start: s.start,
                end: s.end,
                amount: s.amount,
                interval: s.interval,
                segment: Some(segment_key(account.segment_or_tier()).to_string()),
                currency: portfolio.currency.clone(),
            });
            origin.push((i, format!("subscriptions[{k}]")));
        }
    }
    if periods.is_empty() {
        return Ok(None);
    }
    let options = MonthlyOptions {
        as_of: Some(Month::from_date(as_of)?),
        ..MonthlyOptions::default()
    };
    CustomerMonths::from_periods(&periods, &options)
        .map(Some)
        // The periods' paths name positions in the flattened list: point at the account.
        .map_err(|e| at_origin(e, &origin))
}

fn no_subscriptions() -> Error {
    Error::new(
        ErrorCode::InputMissingRecord,
        "accounts",
        "no account has a subscription on or before as_of",
    )
}

/// "Cohort analysis": the retention cohort table of the subscriptions, by first-active month
/// (or quarter), observed through `as_of`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CohortAnalysis {
    /// The day of the answer.
    pub as_of: NaiveDate,
    /// The cohort table (logo and revenue retention, unobservable cells marked, averages,
    /// steepest drop, best cohort, newer-versus-older trend).
    pub table: CohortTable,
}

/// Runs "Cohort analysis" (`options.period`: `month` by default, or `quarter`).
pub fn cohort_analysis(
    portfolio: &Portfolio,
    as_of: NaiveDate,
    options: &CommandOptions,
) -> Result<CohortAnalysis> {
    portfolio.validate()?;
    let months = portfolio_months(portfolio, as_of)?.ok_or_else(no_subscriptions)?;
    let table = cohort_table(
        &months,
        &CohortOptions {
            period: options.period.unwrap_or_default(),
            as_of: Some(AsOf::Day(as_of)),
            compare_offset: None,
        },
    )?;
    Ok(CohortAnalysis { as_of, table })
}

/// The NRR targets of a segment, as fractions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NrrTarget {
    /// "Good".
    pub good: f64,
    /// "Great".
    pub great: f64,
    /// "World-class".
    pub world_class: f64,
    /// Where the segment's NRR stands: `below_good`, `good`, `great`, `world_class`; `null`
    /// without an NRR.
    pub rating: Option<&'static str>,
}

impl NrrTarget {
    fn of(segment: Option<&str>, nrr: &Ratio) -> NrrTarget {
        let (good, great, world_class) = match segment {
            Some("enterprise") => (1.10, 1.20, 1.30),
            Some("mid_market") | None => (1.05, 1.10, 1.20),
            _ => (0.95, 1.00, 1.10),
        };
        let rating = nrr.value.map(|v| {
            if v >= world_class {
                "world_class"
            } else if v >= great {
                "great"
            } else if v >= good {
                "good"
            } else {
                "below_good"
            }
        });
        NrrTarget {
            good,
            great,
            world_class,
            rating,
        }
    }
}

/// The retention metrics of one segment (or the total) with its targets.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NrrSegment {
    /// The metrics: starting and ending MRR, expansion, contraction, churn, NRR, GRR, logo
    /// retention, expansion rate, gross and net MRR churn, quick ratio, each ratio with its
    /// numerator and denominator.
    #[serde(flatten)]
    pub metrics: RetentionMetrics,
    /// The NRR targets for the segment (the total is held to the mid-market ones).
    pub target: NrrTarget,
}

/// "NRR report": net revenue retention over a range of months, in total and per segment, with
/// the expansion / contraction / churn breakdown and the monthly movements.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NrrReport {
    /// The day of the answer.
    pub as_of: NaiveDate,
    /// First month of the range.
    pub from: Month,
    /// Last month of the range.
    pub through: Month,
    /// The formula used.
    pub formula: &'static str,
    /// The whole portfolio.
    pub total: NrrSegment,
    /// Per segment.
    pub segments: Vec<NrrSegment>,
    /// The MRR movements of each month of the range.
    pub months: Vec<MonthMovements>,
}

/// Runs "NRR report". The range is `options.from ..= options.through`, by default the twelve
/// months that end with `as_of`'s month.
pub fn nrr_report(
    portfolio: &Portfolio,
    as_of: NaiveDate,
    options: &CommandOptions,
) -> Result<NrrReport> {
    portfolio.validate()?;
    let months = portfolio_months(portfolio, as_of)?.ok_or_else(no_subscriptions)?;
    let through = match options.through {
        Some(m) => m,
        None => Month::from_date(as_of)?,
    };
    let from = match options.from {
        Some(m) => m,
        None => through.add_months(-11)?,
    };
    let report = retention_metrics(&months, from, through)?;
    let movements = mrr_movements(&months)?;
    let with_target = |metrics: RetentionMetrics| NrrSegment {
        target: NrrTarget::of(metrics.segment.as_deref(), &metrics.nrr),
        metrics,
    };
    Ok(NrrReport {
        as_of,
        from,
        through,
        formula: "(start MRR + expansion - contraction - churn) / start MRR",
        total: with_target(report.total),
        segments: report.segments.into_iter().map(with_target).collect(),
        months: movements
            .months
            .into_iter()
            .filter(|m| m.month >= from && m.month <= through)
            .collect(),
    })
}
