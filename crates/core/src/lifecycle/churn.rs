//! The churn taxonomy (seed 003 Phase 4), churn-reason analysis, surprise churn (seed 000) and
//! save outcomes.

use super::{add_amount, check_amount, duplicate, month_key, shift_days_at, Share};
use crate::error::{Error, ErrorCode, Result};
use crate::shared::json::parse_json;
use crate::shared::score_history::{ScorePoint, TrendDirection};
use crate::shared::score_scale::{round_score, TierScale};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasherDefault;

/// The JSON text of the seed's churn taxonomy (categories, sub-reasons, preventability and
/// save plays), which [`ChurnTaxonomy::seed`] reads.
pub const CHURN_TAXONOMY_JSON: &str = include_str!("churn_taxonomy.json");

/// How preventable a churn category is (the seed's "Preventable?" column).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Preventability {
    /// ✅ Yes.
    Yes,
    /// ✅ Partially.
    Partially,
    /// ⚠️ Sometimes.
    Sometimes,
    /// ❌ Rarely.
    Rarely,
}

impl Preventability {
    /// Whether churn of this kind counts as preventable: the seed's check mark (yes and
    /// partially).
    pub fn preventable(self) -> bool {
        matches!(self, Preventability::Yes | Preventability::Partially)
    }
}

/// A sub-reason of a churn category.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubReason {
    /// Stable key, unique in its category.
    pub key: String,
    /// Display name.
    pub label: String,
    /// Save play for this sub-reason, overriding the category's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub save_play: Option<String>,
}

/// A churn category.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChurnCategory {
    /// Stable key.
    pub key: String,
    /// Display name.
    pub label: String,
    /// How preventable it is.
    pub preventability: Preventability,
    /// Save play of the category (`null`: none in the seed).
    #[serde(default)]
    pub save_play: Option<String>,
    /// Its sub-reasons.
    pub sub_reasons: Vec<SubReason>,
}

/// A save play: what to do against one reason of churn.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavePlay {
    /// Stable key.
    pub key: String,
    /// Display name.
    pub label: String,
    /// The steps, in order.
    pub steps: Vec<String>,
}

/// Churn categories with their sub-reasons, preventability and save plays.
/// [`ChurnTaxonomy::seed`] is the seed's six categories.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChurnTaxonomy {
    /// Where the taxonomy comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Notes on the choices made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Categories in order.
    pub categories: Vec<ChurnCategory>,
    /// Save plays.
    pub save_plays: Vec<SavePlay>,
}

impl ChurnTaxonomy {
    /// The seed's taxonomy: Product (partially preventable), Value (yes), Relationship
    /// (yes), Financial (sometimes), Competition (partially), Strategic (rarely).
    ///
    /// ```
    /// let taxonomy = tenure::ChurnTaxonomy::seed();
    /// assert_eq!(taxonomy.categories.len(), 6);
    /// assert_eq!(taxonomy.categories[0].sub_reasons[0].key, "missing_feature");
    /// ```
    pub fn seed() -> ChurnTaxonomy {
        // The embedded text is checked by the test `seed_taxonomy_is_valid`; were it ever
        // broken, an empty taxonomy would come back (and every classification would fail).
        ChurnTaxonomy::from_json(CHURN_TAXONOMY_JSON).unwrap_or(ChurnTaxonomy {
            source: None,
            note: None,
            categories: Vec::new(),
            save_plays: Vec::new(),
        })
    }

    /// A custom taxonomy, validated (errors under `taxonomy`), or the seed's when `None`.
    pub fn or_seed(custom: Option<ChurnTaxonomy>) -> Result<ChurnTaxonomy> {
        match custom {
            Some(t) => {
                t.validate().map_err(|e| e.within("taxonomy"))?;
                Ok(t)
            }
            None => Ok(ChurnTaxonomy::seed()),
        }
    }

    /// Parses and validates a taxonomy from JSON text.
    pub fn from_json(text: &str) -> Result<ChurnTaxonomy> {
        let taxonomy: ChurnTaxonomy = parse_json(text, crate::error::ErrorFamily::Input)?;
        taxonomy.validate()?;
        Ok(taxonomy)
    }

    /// Checks that categories exist, keys are unique and every save play named is defined.
    pub fn validate(&self) -> Result<()> {
        if self.categories.is_empty() {
            return Err(Error::new(
                ErrorCode::InputEmpty,
                "categories",
                "a taxonomy needs at least one category",
            ));
        }
        for (i, play) in self.save_plays.iter().enumerate() {
            if self.save_plays.iter().take(i).any(|p| p.key == play.key) {
                return Err(duplicate(&format!("save_plays[{i}].key"), &play.key));
            }
        }
        let check_play = |play: &Option<String>, path: String| -> Result<()> {
            match play {
                Some(key) if !self.save_plays.iter().any(|p| &p.key == key) => Err(Error::new(
                    ErrorCode::InputUnknownSavePlay,
                    path,
                    format!("save play `{key}` is not defined"),
                )
                .with_value(key.as_str())),
                _ => Ok(()),
            }
        };
        for (c, cat) in self.categories.iter().enumerate() {
            if self.categories.iter().take(c).any(|o| o.key == cat.key) {
                return Err(duplicate(&format!("categories[{c}].key"), &cat.key));
            }
            check_play(&cat.save_play, format!("categories[{c}].save_play"))?;
            for (s, sub) in cat.sub_reasons.iter().enumerate() {
                if cat.sub_reasons.iter().take(s).any(|o| o.key == sub.key) {
                    return Err(duplicate(
                        &format!("categories[{c}].sub_reasons[{s}].key"),
                        &sub.key,
                    ));
                }
                check_play(
                    &sub.save_play,
                    format!("categories[{c}].sub_reasons[{s}].save_play"),
                )?;
            }
        }
        Ok(())
    }

    /// The category with a key.
    pub fn category(&self, key: &str) -> Option<&ChurnCategory> {
        self.categories.iter().find(|c| c.key == key)
    }

    /// The save play with a key.
    pub fn save_play(&self, key: &str) -> Option<&SavePlay> {
        self.save_plays.iter().find(|p| p.key == key)
    }
}

/// One churned account.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChurnEvent {
    /// Account id.
    pub account: String,
    /// Day of the churn.
    pub date: NaiveDate,
    /// Category key (needed to classify; surprise churn does not read it).
    #[serde(default)]
    pub category: Option<String>,
    /// Sub-reason key within the category, if known.
    #[serde(default)]
    pub sub_reason: Option<String>,
    /// ARR lost (exact decimal; JSON number or string).
    pub arr: Decimal,
}

/// A churn event placed in the taxonomy.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClassifiedChurn {
    /// Account id.
    pub account: String,
    /// Day of the churn.
    pub date: NaiveDate,
    /// Its calendar month, `YYYY-MM`.
    pub month: String,
    /// Category key.
    pub category: String,
    /// Category name.
    pub category_label: String,
    /// Sub-reason key, when given.
    pub sub_reason: Option<String>,
    /// Sub-reason name, when given.
    pub sub_reason_label: Option<String>,
    /// The category's preventability.
    pub preventability: Preventability,
    /// Whether it counts as preventable.
    pub preventable: bool,
    /// The save play for the reason (the sub-reason's, else the category's), if any.
    pub save_play: Option<SavePlay>,
    /// ARR lost.
    pub arr: Decimal,
}

/// Places a churn event in the taxonomy: category, sub-reason, preventability and save play.
/// An unknown category or sub-reason is a typed error.
///
/// ```
/// use tenure::{classify_churn, ChurnEvent, ChurnTaxonomy, Decimal, ErrorCode, NaiveDate};
/// let taxonomy = ChurnTaxonomy::seed();
/// let mut event = ChurnEvent {
///     account: "acme".into(),
///     date: "2026-03-14".parse::<NaiveDate>().unwrap(),
///     category: Some("relationship".into()),
///     sub_reason: Some("champion_left".into()),
///     arr: Decimal::new(48_000, 0),
/// };
/// let churn = classify_churn(&taxonomy, &event)?;
/// assert!(churn.preventable);
/// assert_eq!(churn.save_play.map(|p| p.key).as_deref(), Some("champion_left"));
/// event.sub_reason = Some("budget_cuts".into());
/// let err = classify_churn(&taxonomy, &event).unwrap_err();
/// assert_eq!(err.code(), ErrorCode::InputUnknownChurnSubReason);
/// # Ok::<(), tenure::Error>(())
/// ```
pub fn classify_churn(taxonomy: &ChurnTaxonomy, event: &ChurnEvent) -> Result<ClassifiedChurn> {
    classify_at(taxonomy, event, "")
}

/// The category (and sub-reason) of an event, by position in the taxonomy; errors name the
/// event's field under `at()`.
#[allow(clippy::type_complexity)]
fn locate<'t>(
    taxonomy: &'t ChurnTaxonomy,
    event: &ChurnEvent,
    at: impl Fn() -> String,
) -> Result<(usize, &'t ChurnCategory, Option<(usize, &'t SubReason)>)> {
    let path = |field: &str| crate::error::join_path(&at(), field);
    check_amount(event.arr, || path("arr"))?;
    let key = event.category.as_deref().unwrap_or("");
    let Some((index, category)) = taxonomy
        .categories
        .iter()
        .enumerate()
        .find(|(_, c)| c.key == key)
    else {
        let error = Error::new(
            ErrorCode::InputUnknownChurnCategory,
            path("category"),
            format!(
                "`{key}` is not a churn category (one of: {})",
                taxonomy
                    .categories
                    .iter()
                    .map(|c| c.key.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
        return Err(match &event.category {
            Some(c) => error.with_value(c.as_str()),
            None => error.with_value(serde_json::Value::Null),
        });
    };
    let sub = match &event.sub_reason {
        None => None,
        Some(s) => Some(
            category
                .sub_reasons
                .iter()
                .enumerate()
                .find(|(_, r)| &r.key == s)
                .ok_or_else(|| {
                    Error::new(
                        ErrorCode::InputUnknownChurnSubReason,
                        path("sub_reason"),
                        format!("`{s}` is not a sub-reason of `{}`", category.key),
                    )
                    .with_value(s.as_str())
                })?,
        ),
    };
    Ok((index, category, sub))
}

fn classify_at(taxonomy: &ChurnTaxonomy, event: &ChurnEvent, at: &str) -> Result<ClassifiedChurn> {
    let (_, category, sub) = locate(taxonomy, event, || at.to_string())?;
    let sub = sub.map(|(_, s)| s);
    let play = sub
        .and_then(|s| s.save_play.as_deref())
        .or(category.save_play.as_deref())
        .and_then(|k| taxonomy.save_play(k))
        .cloned();
    Ok(ClassifiedChurn {
        account: event.account.clone(),
        date: event.date,
        month: month_key(event.date),
        category: category.key.clone(),
        category_label: category.label.clone(),
        sub_reason: sub.map(|s| s.key.clone()),
        sub_reason_label: sub.map(|s| s.label.clone()),
        preventability: category.preventability,
        preventable: category.preventability.preventable(),
        save_play: play,
        arr: event.arr,
    })
}

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

/// A count and an amount.
#[derive(Clone, Copy)]
struct Tally {
    count: u64,
    arr: Decimal,
}

impl Tally {
    const ZERO: Tally = Tally {
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

fn tally_mut(tallies: &mut [Tally], index: usize) -> Option<&mut Tally> {
    tallies.get_mut(index)
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
    let mut preventable = Tally::ZERO;
    for (i, e) in events.iter().enumerate() {
        let (c, category, sub) = locate(taxonomy, e, || format!("events[{i}]"))?;
        total = add_amount(total, e.arr, || format!("events[{i}].arr"))?;
        if category.preventability.preventable() {
            preventable.add(e.arr);
        }
        let s = sub.map_or(category.sub_reasons.len(), |(s, _)| s);
        located.push((c, s, month_number(e.date)));
    }
    let mut by_category = vec![Tally::ZERO; n_categories];
    let mut by_sub: Vec<Vec<Tally>> = taxonomy
        .categories
        .iter()
        .map(|c| vec![Tally::ZERO; c.sub_reasons.len() + 1])
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
    let mut by_month = vec![Tally::ZERO; usize::try_from(span).unwrap_or(0) * n_categories];
    for ((c, s, m), e) in located.iter().zip(events) {
        if let Some(t) = tally_mut(&mut by_category, *c) {
            t.add(e.arr);
        }
        if let Some(t) = by_sub.get_mut(*c).and_then(|subs| subs.get_mut(*s)) {
            t.add(e.arr);
        }
        let slot = usize::try_from(m - first).unwrap_or(0) * n_categories + c;
        if let Some(t) = tally_mut(&mut by_month, slot) {
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

// ---------------------------------------------------------------------------------------------
// Surprise churn

/// The score history of one account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountHistory {
    /// Account id.
    pub account: String,
    /// Scores, dates strictly increasing.
    pub history: Vec<ScorePoint>,
}

/// Options of [`surprise_churn`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SurpriseChurnOptions {
    /// How many days before the churn the tier is read (default 90).
    pub lookback_days: u32,
    /// Tiers that make a churn a surprise (default `["thriving", "healthy"]`).
    pub surprise_tiers: Vec<String>,
}

impl Default for SurpriseChurnOptions {
    fn default() -> Self {
        SurpriseChurnOptions {
            lookback_days: 90,
            surprise_tiers: vec!["thriving".into(), "healthy".into()],
        }
    }
}

/// The facts [`surprise_churn`] needs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurpriseChurnInput {
    /// Churned accounts.
    pub events: Vec<ChurnEvent>,
    /// Score histories, one per account.
    #[serde(default)]
    pub histories: Vec<AccountHistory>,
    /// Options.
    #[serde(default)]
    pub options: SurpriseChurnOptions,
}

/// Whether a churn was a surprise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurpriseClass {
    /// The tier before churn was a surprise tier (Healthy or Thriving).
    Surprise,
    /// The tier before churn was another tier: the risk was visible.
    Expected,
    /// No score on or before the reference day: not counted.
    Unknown,
}

/// One churned account's tier before churn.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SurpriseAccount {
    /// Account id.
    pub account: String,
    /// Day of the churn.
    pub churn_date: NaiveDate,
    /// churn date - `lookback_days`.
    pub reference_date: NaiveDate,
    /// Day of the score read (the latest on or before the reference day).
    pub scored_on: Option<NaiveDate>,
    /// That score.
    pub score: Option<f64>,
    /// Its tier (assigned on the score rounded to 0.1, like every tier).
    pub tier: Option<String>,
    /// Surprise, expected or unknown.
    pub class: SurpriseClass,
    /// ARR lost.
    pub arr: Decimal,
}

/// Surprise churn in one calendar quarter of churn dates.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SurprisePeriod {
    /// `YYYY-Qn`.
    pub quarter: String,
    /// Surprise churns.
    pub surprise: u64,
    /// Expected churns.
    pub expected: u64,
    /// Churns without history.
    pub unknown: u64,
    /// surprise / (surprise + expected).
    pub share: Share<u64>,
}

/// The surprise-churn share.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SurpriseChurn {
    /// Lookback in days.
    pub lookback_days: u32,
    /// Each event, in input order.
    pub accounts: Vec<SurpriseAccount>,
    /// Surprise churns.
    pub surprise: u64,
    /// Expected churns.
    pub expected: u64,
    /// Churns without history (not counted in the shares).
    pub unknown: u64,
    /// surprise / (surprise + expected).
    pub share: Share<u64>,
    /// Surprise ARR / ARR of surprise and expected churns.
    pub arr_share: Share<Decimal>,
    /// By calendar quarter of the churn date, oldest first (seed 000 tracks the share
    /// falling from 35% to 8%).
    pub quarters: Vec<SurprisePeriod>,
}

/// The surprise-churn share: for each churned account, the tier of its latest score on or
/// before `churn date - lookback_days` (90) by the model's tier scale; a churn is a surprise
/// when that tier is one of `surprise_tiers` (Thriving or Healthy). Accounts without a score
/// on or before that day are `unknown` and not counted.
///
/// ```
/// use tenure::{surprise_churn, AccountHistory, ChurnEvent, Decimal, HealthModel, NaiveDate,
///              ScorePoint, SurpriseChurnInput, TierScale};
/// let tiers = TierScale::new(HealthModel::builtin().tiers).unwrap();
/// let day = |s: &str| s.parse::<NaiveDate>().unwrap();
/// let churn = |account: &str| ChurnEvent { account: account.into(), date: day("2026-06-30"),
///     arr: Decimal::new(10_000, 0), ..ChurnEvent::default() };
/// let input = SurpriseChurnInput {
///     events: vec![churn("a"), churn("b"), churn("c")],
///     histories: vec![
///         AccountHistory { account: "a".into(),
///                          history: vec![ScorePoint { date: day("2026-03-01"), score: 72.0 }] },
///         AccountHistory { account: "b".into(),
///                          history: vec![ScorePoint { date: day("2026-03-01"), score: 41.0 }] },
///     ],
///     ..SurpriseChurnInput::default()
/// };
/// let result = surprise_churn(&tiers, &input)?;
/// assert_eq!((result.surprise, result.expected, result.unknown), (1, 1, 1));
/// assert_eq!(result.share.ratio, Some(0.5));
/// # Ok::<(), tenure::Error>(())
/// ```
pub fn surprise_churn(tiers: &TierScale, input: &SurpriseChurnInput) -> Result<SurpriseChurn> {
    let options = &input.options;
    for (i, key) in options.surprise_tiers.iter().enumerate() {
        if !tiers.tiers().iter().any(|t| &t.key == key) {
            return Err(Error::new(
                ErrorCode::InputUnknownTier,
                format!("options.surprise_tiers[{i}]"),
                format!("`{key}` is not a tier of the model"),
            )
            .with_value(key.as_str()));
        }
    }
    // A lookup table only (never iterated, so its order cannot reach a result), hashed with
    // fixed keys: the same on every platform, no randomness.
    let mut by_account: HashMap<&str, &[ScorePoint], BuildHasherDefault<DefaultHasher>> =
        HashMap::with_capacity_and_hasher(input.histories.len(), Default::default());
    for (i, h) in input.histories.iter().enumerate() {
        if by_account.insert(&h.account, &h.history).is_some() {
            return Err(duplicate(&format!("histories[{i}].account"), &h.account));
        }
        check_history(&h.history, || format!("histories[{i}].history"))?;
    }
    let mut accounts = Vec::with_capacity(input.events.len());
    let mut quarters: BTreeMap<(i32, u32), [u64; 3]> = BTreeMap::new();
    let (mut surprise, mut expected, mut unknown) = (0u64, 0u64, 0u64);
    let (mut surprise_arr, mut known_arr) = (Decimal::ZERO, Decimal::ZERO);
    for (i, e) in input.events.iter().enumerate() {
        check_amount(e.arr, || format!("events[{i}].arr"))?;
        let reference = shift_days_at(e.date, -i64::from(options.lookback_days), || {
            format!("events[{i}].date")
        })?;
        let history = by_account.get(e.account.as_str()).copied().unwrap_or(&[]);
        let upto = history.partition_point(|p| p.date <= reference);
        let point = upto.checked_sub(1).and_then(|j| history.get(j));
        let tier = point.map(|p| tiers.assign(round_score(p.score)).key.clone());
        let class = match &tier {
            None => SurpriseClass::Unknown,
            Some(t) if options.surprise_tiers.contains(t) => SurpriseClass::Surprise,
            Some(_) => SurpriseClass::Expected,
        };
        let slot = quarters
            .entry((e.date.year(), (e.date.month() - 1) / 3 + 1))
            .or_insert([0; 3]);
        let arr_path = || format!("events[{i}].arr");
        match class {
            SurpriseClass::Surprise => {
                surprise += 1;
                slot[0] += 1;
                surprise_arr = add_amount(surprise_arr, e.arr, arr_path)?;
                known_arr = add_amount(known_arr, e.arr, arr_path)?;
            }
            SurpriseClass::Expected => {
                expected += 1;
                slot[1] += 1;
                known_arr = add_amount(known_arr, e.arr, arr_path)?;
            }
            SurpriseClass::Unknown => {
                unknown += 1;
                slot[2] += 1;
            }
        }
        accounts.push(SurpriseAccount {
            account: e.account.clone(),
            churn_date: e.date,
            reference_date: reference,
            scored_on: point.map(|p| p.date),
            score: point.map(|p| p.score),
            tier,
            class,
            arr: e.arr,
        });
    }
    Ok(SurpriseChurn {
        lookback_days: options.lookback_days,
        accounts,
        surprise,
        expected,
        unknown,
        share: Share::of_counts(surprise, surprise + expected),
        arr_share: Share::of_amounts(surprise_arr, known_arr),
        quarters: quarters
            .into_iter()
            .map(|((year, q), [s, x, u])| SurprisePeriod {
                quarter: format!("{year}-Q{q}"),
                surprise: s,
                expected: x,
                unknown: u,
                share: Share::of_counts(s, s + x),
            })
            .collect(),
    })
}

fn check_history(history: &[ScorePoint], at: impl Fn() -> String) -> Result<()> {
    for (i, p) in history.iter().enumerate() {
        if !(p.score.is_finite() && (0.0..=100.0).contains(&p.score)) {
            return Err(Error::new(
                ErrorCode::InputOutOfRange,
                format!("{}[{i}].score", at()),
                "scores are between 0 and 100",
            )
            .with_number(p.score));
        }
        if let Some(prev) = i.checked_sub(1).and_then(|j| history.get(j)) {
            if p.date <= prev.date {
                return Err(Error::new(
                    ErrorCode::InputDateOrder,
                    format!("{}[{i}].date", at()),
                    "history dates must be strictly increasing",
                )
                .with_value(p.date.to_string()));
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Save outcomes

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
    /// (default 90: a churn inside the seed's 60-90-day lead time of the warning signs
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
            return Err(super::after_as_of(
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
                return Err(super::after_as_of(
                    &format!("{}.churned_on", at()),
                    c,
                    "the churn",
                ));
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

#[cfg(test)]
mod tests {
    #[test]
    fn seed_taxonomy_is_valid() {
        let taxonomy = super::ChurnTaxonomy::from_json(super::CHURN_TAXONOMY_JSON);
        assert!(taxonomy.is_ok(), "{taxonomy:?}");
        let taxonomy = super::ChurnTaxonomy::seed();
        let keys: Vec<&str> = taxonomy.categories.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "product",
                "value",
                "relationship",
                "financial",
                "competition",
                "strategic"
            ]
        );
    }
}
