//! Churn-reason analysis: count and ARR per category and sub-reason, the preventable share,
//! the #1 reason and the month-over-month trend per category.

use super::taxonomy::{locate, ChurnEvent, ChurnTaxonomy, Preventability};
use crate::error::{Error, ErrorCode, Result};
use crate::lifecycle::{add_amount, Share};
use crate::shared::score_history::TrendDirection;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

/// Count and ARR of one sub-reason.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SubReasonCount {
    /// Sub-reason key; `null` for events without one.
    pub sub_reason: Option<String>,
    /// Display name (`"Unspecified"` for `null`).
    pub label: String,
    /// Number of churned accounts.
    pub count: u64,
    /// ARR lost.
    pub arr: Decimal,
}

/// Count and ARR of one category.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CategoryCount {
    /// Category key.
    pub category: String,
    /// Display name.
    pub label: String,
    /// Preventability.
    pub preventability: Preventability,
    /// Whether it counts as preventable.
    pub preventable: bool,
    /// Number of churned accounts.
    pub count: u64,
    /// ARR lost.
    pub arr: Decimal,
    /// count / all churned accounts.
    pub count_share: Share<u64>,
    /// ARR / all ARR lost.
    pub arr_share: Share<Decimal>,
    /// Every sub-reason of the category (zeros included), then `Unspecified` if any event
    /// had none.
    pub sub_reasons: Vec<SubReasonCount>,
}

/// One category in one month.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CategoryMonth {
    /// Category key.
    pub category: String,
    /// Churned accounts.
    pub count: u64,
    /// ARR lost.
    pub arr: Decimal,
    /// Change of `count` from the previous month (`null` for the first month).
    pub count_change: Option<i64>,
    /// Change of `arr` from the previous month (`null` for the first month).
    pub arr_change: Option<Decimal>,
}

/// One calendar month.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChurnMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// Churned accounts.
    pub count: u64,
    /// ARR lost.
    pub arr: Decimal,
    /// Every category, in taxonomy order.
    pub categories: Vec<CategoryMonth>,
}

/// Whether a category is trending: its last month against the month before.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CategoryTrend {
    /// Category key.
    pub category: String,
    /// Count in the last month of the analysis.
    pub latest_count: u64,
    /// Count in the month before (`null` with a single month).
    pub previous_count: Option<u64>,
    /// ARR in the last month.
    pub latest_arr: Decimal,
    /// ARR in the month before.
    pub previous_arr: Option<Decimal>,
    /// Up / flat / down by count (`null` with a single month).
    pub direction: Option<TrendDirection>,
}

/// Churn-reason analysis over churn events.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChurnReasonAnalysis {
    /// Churned accounts.
    pub count: u64,
    /// ARR lost.
    pub arr: Decimal,
    /// Every category, in taxonomy order.
    pub categories: Vec<CategoryCount>,
    /// Preventable churn by count.
    pub preventable_count: Share<u64>,
    /// Preventable churn by ARR.
    pub preventable_arr: Share<Decimal>,
    /// The #1 churn reason: most events, then most ARR, then taxonomy order; `null` without
    /// events.
    pub top_category: Option<String>,
    /// Every calendar month from the first event's to the last's (empty months included).
    pub months: Vec<ChurnMonth>,
    /// Per category: the last month against the one before.
    pub trend: Vec<CategoryTrend>,
}

/// The longest span of months an analysis covers (100 years).
const MAX_MONTHS: i64 = 1200;

/// A calendar month as a number: `year × 12 + month - 1`.
fn month_number(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 12 + i64::from(date.month0())
}

fn month_label(number: i64) -> String {
    format!(
        "{:04}-{:02}",
        number.div_euclid(12),
        number.rem_euclid(12) + 1
    )
}

/// Churned accounts and the ARR they took with them, in one bucket (a category, a
/// sub-reason, a month).
#[derive(Clone, Copy)]
struct ChurnTotal {
    count: u64,
    arr: Decimal,
}

impl ChurnTotal {
    const ZERO: ChurnTotal = ChurnTotal {
        count: 0,
        arr: Decimal::ZERO,
    };

    /// Adds one event. Amounts are non-negative and their total was checked, so a partial
    /// sum cannot overflow.
    fn add(&mut self, arr: Decimal) {
        self.count += 1;
        self.arr = self.arr.saturating_add(arr);
    }
}

fn total_mut(totals: &mut [ChurnTotal], index: usize) -> Option<&mut ChurnTotal> {
    totals.get_mut(index)
}

/// Churn-reason analysis: count and ARR per category and sub-reason, the preventable share by
/// count and by ARR, the #1 reason, and the month-over-month trend per category. Every event is
/// classified first (an unknown category or sub-reason fails, with the event's path).
///
/// ```
/// use tenure::{churn_reason_analysis, ChurnEvent, ChurnTaxonomy, Decimal, NaiveDate};
/// let event = |date: &str, category: &str, arr: i64| ChurnEvent {
///     account: date.into(), date: date.parse::<NaiveDate>().unwrap(),
///     category: Some(category.into()), sub_reason: None, arr: Decimal::new(arr, 0) };
/// let events = [event("2026-01-10", "value", 30_000), event("2026-02-02", "strategic", 10_000)];
/// let analysis = churn_reason_analysis(&ChurnTaxonomy::seed(), &events)?;
/// assert_eq!(analysis.preventable_count.ratio, Some(0.5));
/// assert_eq!(analysis.preventable_arr.ratio, Some(0.75));
/// assert_eq!(analysis.months.len(), 2);
/// # Ok::<(), tenure::Error>(())
/// ```
pub fn churn_reason_analysis(
    taxonomy: &ChurnTaxonomy,
    events: &[ChurnEvent],
) -> Result<ChurnReasonAnalysis> {
    let n_categories = taxonomy.categories.len();
    // One pass: each event's category, sub-reason (the slot after the last sub-reason holds
    // events without one) and month; the totals, checked for overflow.
    let mut located = Vec::with_capacity(events.len());
    let mut total = Decimal::ZERO;
    let mut preventable = ChurnTotal::ZERO;
    for (i, e) in events.iter().enumerate() {
        let (c, category, sub) = locate(taxonomy, e, || format!("events[{i}]"))?;
        total = add_amount(total, e.arr, || format!("events[{i}].arr"))?;
        if category.preventability.preventable() {
            preventable.add(e.arr);
        }
        let s = sub.map_or(category.sub_reasons.len(), |(s, _)| s);
        located.push((c, s, month_number(e.date)));
    }
    let mut by_category = vec![ChurnTotal::ZERO; n_categories];
    let mut by_sub: Vec<Vec<ChurnTotal>> = taxonomy
        .categories
        .iter()
        .map(|c| vec![ChurnTotal::ZERO; c.sub_reasons.len() + 1])
        .collect();
    let first = located.iter().map(|l| l.2).min();
    let last = located.iter().map(|l| l.2).max();
    let span = match (first, last) {
        (Some(f), Some(l)) => l - f + 1,
        _ => 0,
    };
    if span > MAX_MONTHS {
        return Err(Error::new(
            ErrorCode::InputOutOfRange,
            "events",
            format!("the events span more than {MAX_MONTHS} months"),
        )
        .with_value(span));
    }
    let first = first.unwrap_or(0);
    let mut by_month = vec![ChurnTotal::ZERO; usize::try_from(span).unwrap_or(0) * n_categories];
    for ((c, s, m), e) in located.iter().zip(events) {
        if let Some(t) = total_mut(&mut by_category, *c) {
            t.add(e.arr);
        }
        if let Some(t) = by_sub.get_mut(*c).and_then(|subs| subs.get_mut(*s)) {
            t.add(e.arr);
        }
        let slot = usize::try_from(m - first).unwrap_or(0) * n_categories + c;
        if let Some(t) = total_mut(&mut by_month, slot) {
            t.add(e.arr);
        }
    }
    let count = events.len() as u64;
    let categories: Vec<CategoryCount> = taxonomy
        .categories
        .iter()
        .zip(&by_category)
        .zip(&by_sub)
        .map(|((cat, t), subs)| {
            let mut sub_reasons: Vec<SubReasonCount> = cat
                .sub_reasons
                .iter()
                .zip(subs)
                .map(|(s, st)| SubReasonCount {
                    sub_reason: Some(s.key.clone()),
                    label: s.label.clone(),
                    count: st.count,
                    arr: st.arr,
                })
                .collect();
            if let Some(unspecified) = subs.last().filter(|u| u.count > 0) {
                sub_reasons.push(SubReasonCount {
                    sub_reason: None,
                    label: "Unspecified".to_string(),
                    count: unspecified.count,
                    arr: unspecified.arr,
                });
            }
            CategoryCount {
                category: cat.key.clone(),
                label: cat.label.clone(),
                preventability: cat.preventability,
                preventable: cat.preventability.preventable(),
                count: t.count,
                arr: t.arr,
                count_share: Share::of_counts(t.count, count),
                arr_share: Share::of_amounts(t.arr, total),
                sub_reasons,
            }
        })
        .collect();
    let top_category = categories
        .iter()
        .filter(|c| c.count > 0)
        .fold(None::<&CategoryCount>, |best, c| match best {
            Some(b) if (b.count, b.arr) >= (c.count, c.arr) => Some(b),
            _ => Some(c),
        })
        .map(|c| c.category.clone());
    let mut months: Vec<ChurnMonth> = Vec::with_capacity(by_month.len() / n_categories.max(1));
    for (offset, row) in by_month.chunks(n_categories.max(1)).enumerate() {
        let previous = months.last();
        let cats = taxonomy
            .categories
            .iter()
            .zip(row)
            .enumerate()
            .map(|(c, (cat, t))| {
                let before = previous.and_then(|p| p.categories.get(c));
                CategoryMonth {
                    category: cat.key.clone(),
                    count: t.count,
                    arr: t.arr,
                    count_change: before.map(|b| t.count as i64 - b.count as i64),
                    arr_change: before.map(|b| t.arr.saturating_sub(b.arr)),
                }
            })
            .collect();
        let (n, arr) = row.iter().fold((0u64, Decimal::ZERO), |(n, a), t| {
            (n + t.count, a.saturating_add(t.arr))
        });
        months.push(ChurnMonth {
            month: month_label(first + offset as i64),
            count: n,
            arr,
            categories: cats,
        });
    }
    let trend = trend_of(taxonomy, &months);
    Ok(ChurnReasonAnalysis {
        count,
        arr: total,
        categories,
        preventable_count: Share::of_counts(preventable.count, count),
        preventable_arr: Share::of_amounts(preventable.arr, total),
        top_category,
        months,
        trend,
    })
}

fn trend_of(taxonomy: &ChurnTaxonomy, months: &[ChurnMonth]) -> Vec<CategoryTrend> {
    let Some(latest) = months.last() else {
        return Vec::new();
    };
    let previous = months.len().checked_sub(2).and_then(|i| months.get(i));
    taxonomy
        .categories
        .iter()
        .map(|cat| {
            let find = |m: &ChurnMonth| {
                m.categories
                    .iter()
                    .find(|c| c.category == cat.key)
                    .map_or((0, Decimal::ZERO), |c| (c.count, c.arr))
            };
            let (n, arr) = find(latest);
            let before = previous.map(find);
            CategoryTrend {
                category: cat.key.clone(),
                latest_count: n,
                previous_count: before.map(|b| b.0),
                latest_arr: arr,
                previous_arr: before.map(|b| b.1),
                direction: before.map(|(p, _)| match n.cmp(&p) {
                    std::cmp::Ordering::Greater => TrendDirection::Up,
                    std::cmp::Ordering::Equal => TrendDirection::Flat,
                    std::cmp::Ordering::Less => TrendDirection::Down,
                }),
            }
        })
        .collect()
}
