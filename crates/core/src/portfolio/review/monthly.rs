//! The monthly review: the accounts that moved a tier, the #1 churn reason and its trend,
//! multi-threading, next quarter's pipeline and at-risk concentration per CSM; and the accounts
//! most at risk. One builder per answer.

use super::{arr_share, CountArr, ReviewBasis};
use crate::error::Result;
use crate::lifecycle::{churn_reason_analysis, ChurnEvent, ChurnTaxonomy};
use crate::portfolio::context::{at_origin, AccountView};
use crate::portfolio::risk::RiskLevel;
use crate::portfolio::{ContactRole, OpportunityStage, Portfolio};
use crate::revenue::Month;
use crate::shared::score_history::TrendDirection;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// An account whose tier changed over the last 30 days.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TierMover {
    /// Account id.
    pub account: String,
    /// Display name.
    pub name: String,
    /// The CSM.
    pub csm: Option<String>,
    /// ARR.
    pub arr: Decimal,
    /// Tier 30 days ago.
    pub from_tier: String,
    /// Tier now.
    pub to_tier: String,
    /// Score 30 days ago.
    pub from_score: f64,
    /// Score now.
    pub to_score: f64,
    /// Why: the dimension with the fewest points (moved down) or the most (moved up), and the
    /// risk or expansion rules that fired.
    pub why: Vec<String>,
}

/// The top churn reason of `as_of`'s month.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChurnReasonAnswer {
    /// The month.
    pub month: Month,
    /// Churns in the month.
    pub churns: u64,
    /// The category with the most churned ARR in the month (ties: more churns, then key).
    pub top_category: Option<String>,
    /// Its name.
    pub top_category_label: Option<String>,
    /// Churns of that category in the month.
    pub count: u64,
    /// Their ARR.
    pub arr: Decimal,
    /// Churns of that category in each of the three months before.
    pub previous_months: Vec<u64>,
    /// `up` when the month has more churns of the category than the mean of the three months
    /// before, `down` when fewer, `flat` when as many.
    pub trend: Option<TrendDirection>,
}

/// At-risk concentration of one CSM.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CsmConcentration {
    /// The CSM (`null`: accounts without one).
    pub csm: Option<String>,
    /// Active accounts.
    pub accounts: u64,
    /// Their ARR.
    pub arr: Decimal,
    /// Accounts whose churn risk is high or critical.
    pub at_risk_accounts: u64,
    /// Their ARR.
    pub at_risk_arr: Decimal,
    /// at-risk ARR / the CSM's ARR.
    pub at_risk_share: Option<f64>,
    /// the CSM's at-risk ARR / the portfolio's at-risk ARR.
    pub share_of_portfolio_risk: Option<f64>,
}

/// One of the top accounts by ARR and how many people we know there.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ThreadedAccount {
    /// Account id.
    pub account: String,
    /// ARR.
    pub arr: Decimal,
    /// Contacts.
    pub contacts: u64,
    /// Contacts engaged in the last 90 days.
    pub engaged_contacts: u64,
    /// A champion is known.
    pub champion: bool,
    /// An executive sponsor is known.
    pub exec_sponsor: bool,
    /// Multi-threaded: a champion, an executive sponsor and at least three contacts engaged in
    /// the last 90 days.
    pub multi_threaded: bool,
}

/// "Are we multi-threaded in our top 10 accounts?"
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MultiThreading {
    /// The ten active accounts with the most ARR.
    pub accounts: Vec<ThreadedAccount>,
    /// How many of them are multi-threaded.
    pub multi_threaded: u64,
}

/// An account at risk, with why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AtRiskAccount {
    /// Account id.
    pub account: String,
    /// Display name.
    pub name: String,
    /// The CSM.
    pub csm: Option<String>,
    /// ARR.
    pub arr: Decimal,
    /// Score.
    pub score: Option<f64>,
    /// Tier key.
    pub tier: Option<String>,
    /// Risk level.
    pub level: RiskLevel,
    /// Why.
    pub reasons: Vec<String>,
    /// The first play to run.
    pub next_play: Option<String>,
}

/// The monthly review questions the data answers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MonthlyReview {
    /// "Which accounts moved from Green → Yellow or worse? Why?" (by ARR, largest first).
    pub moved_down: Vec<TierMover>,
    /// "Which accounts moved UP in health? What worked?"
    pub moved_up: Vec<TierMover>,
    /// "What's the #1 churn reason this month? Is it trending?"
    pub churn_reason: ChurnReasonAnswer,
    /// "Are we multi-threaded in our top 10 accounts?"
    pub multi_threading: MultiThreading,
    /// "What expansion pipeline exists for next quarter?": open opportunities expected to
    /// close in the calendar quarter after `as_of`'s.
    pub next_quarter_pipeline: CountArr,
    /// "Which CSMs are carrying at-risk concentration?" (most at-risk ARR first).
    pub at_risk_by_csm: Vec<CsmConcentration>,
}

/// The accounts that moved down or up a tier over the last 30 days, largest first, with why.
pub(super) fn tier_movers(basis: &ReviewBasis<'_>) -> (Vec<TierMover>, Vec<TierMover>) {
    let ReviewBasis {
        views,
        engines,
        month_ago,
        ..
    } = *basis;
    // Monthly review.
    let mut moved_down = Vec::new();
    let mut moved_up = Vec::new();
    for v in views {
        let (Some(now), Some(tier)) = (v.score.composite, v.tier()) else {
            continue;
        };
        let Some(then) = v.history.iter().rfind(|p| p.date <= month_ago) else {
            continue;
        };
        let from_tier = engines.tier_of(then.score).to_string();
        let (Some(from_rank), Some(to_rank)) = (engines.rank(&from_tier), engines.rank(tier))
        else {
            continue;
        };
        if from_rank == to_rank {
            continue;
        }
        let down = to_rank > from_rank;
        let mut why = Vec::new();
        let dims = v
            .score
            .dimensions
            .iter()
            .filter_map(|d| d.points.map(|p| (p, d)));
        let pick = if down {
            dims.min_by(|a, b| a.0.total_cmp(&b.0))
        } else {
            dims.max_by(|a, b| a.0.total_cmp(&b.0))
        };
        if let Some((points, d)) = pick {
            why.push(format!(
                "{} {} at {:.1} of 10",
                if down {
                    "weakest dimension"
                } else {
                    "strongest dimension"
                },
                d.key,
                points
            ));
        }
        let category = if down { None } else { Some("expansion") };
        for a in &v.rules.actions {
            let keep = match category {
                Some(c) => a.category.as_deref() == Some(c),
                None => a.category.as_deref().is_some_and(|c| {
                    [
                        "early_warning",
                        "trigger",
                        "onboarding_risk",
                        "adoption",
                        "nps",
                    ]
                    .contains(&c)
                }),
            };
            if keep {
                why.push(a.label.clone());
            }
        }
        let mover = TierMover {
            account: v.account.id.clone(),
            name: v.account.display_name().to_string(),
            csm: v.account.csm.clone(),
            arr: v.account.arr,
            from_tier,
            to_tier: tier.to_string(),
            from_score: then.score,
            to_score: now,
            why,
        };
        if down {
            moved_down.push(mover);
        } else {
            moved_up.push(mover);
        }
    }
    let by_arr = |a: &TierMover, b: &TierMover| b.arr.cmp(&a.arr).then(a.account.cmp(&b.account));
    moved_down.sort_by(by_arr);
    moved_up.sort_by(by_arr);
    (moved_down, moved_up)
}

/// Multi-threading of the ten largest accounts.
pub(super) fn multi_threading(basis: &ReviewBasis<'_>) -> MultiThreading {
    let ReviewBasis {
        views,
        as_of,
        quarter_ago,
        ..
    } = *basis;
    let mut threaded: Vec<&AccountView<'_>> = views.iter().collect();
    threaded.sort_by(|a, b| {
        b.account
            .arr
            .cmp(&a.account.arr)
            .then(a.account.id.cmp(&b.account.id))
    });
    let accounts: Vec<ThreadedAccount> = threaded
        .iter()
        .take(10)
        .map(|v| {
            let c = &v.account.contacts;
            let engaged = c
                .iter()
                .filter(|x| {
                    x.last_engaged_on
                        .is_some_and(|d| d > quarter_ago && d <= as_of)
                })
                .count() as u64;
            let champion = c.iter().any(|x| x.role == ContactRole::Champion);
            let exec_sponsor = c.iter().any(|x| x.role == ContactRole::ExecSponsor);
            ThreadedAccount {
                account: v.account.id.clone(),
                arr: v.account.arr,
                contacts: c.len() as u64,
                engaged_contacts: engaged,
                champion,
                exec_sponsor,
                multi_threaded: champion && exec_sponsor && engaged >= 3,
            }
        })
        .collect();
    let multi_threading = MultiThreading {
        multi_threaded: accounts.iter().filter(|a| a.multi_threaded).count() as u64,
        accounts,
    };
    multi_threading
}

/// The open expansion pipeline expected to close next quarter.
pub(super) fn next_quarter_pipeline(basis: &ReviewBasis<'_>) -> CountArr {
    let ReviewBasis { views, as_of, .. } = *basis;
    let next_quarter = next_quarter_of(as_of);
    let mut next_quarter_pipeline = CountArr::default();
    for v in views {
        for o in &v.account.opportunities {
            let open = !matches!(o.stage, OpportunityStage::Won | OpportunityStage::Lost);
            if open
                && o.expected_close
                    .is_some_and(|d| d >= next_quarter.0 && d < next_quarter.1)
            {
                next_quarter_pipeline.add(o.arr);
            }
        }
    }
    next_quarter_pipeline
}

/// At-risk concentration per CSM, most ARR at risk first.
pub(super) fn at_risk_by_csm(basis: &ReviewBasis<'_>) -> Vec<CsmConcentration> {
    let ReviewBasis { views, risks, .. } = *basis;
    let mut by_csm: BTreeMap<Option<&str>, (CountArr, CountArr)> = BTreeMap::new();
    for (v, r) in views.iter().zip(risks) {
        let entry = by_csm.entry(v.account.csm.as_deref()).or_default();
        entry.0.add(v.account.arr);
        if r.level >= RiskLevel::High {
            entry.1.add(v.account.arr);
        }
    }
    let risk_total: Decimal = by_csm.values().map(|(_, r)| r.arr).sum();
    let mut at_risk_by_csm: Vec<CsmConcentration> = by_csm
        .into_iter()
        .map(|(csm, (all, risk))| CsmConcentration {
            csm: csm.map(str::to_string),
            accounts: all.count,
            at_risk_share: arr_share(risk.arr, all.arr),
            share_of_portfolio_risk: arr_share(risk.arr, risk_total),
            arr: all.arr,
            at_risk_accounts: risk.count,
            at_risk_arr: risk.arr,
        })
        .collect();
    at_risk_by_csm.sort_by(|a, b| b.at_risk_arr.cmp(&a.at_risk_arr).then(a.csm.cmp(&b.csm)));
    at_risk_by_csm
}

/// The accounts at high or critical risk, most severe then largest first (`options.top`,
/// default 10).
pub(super) fn at_risk_accounts(basis: &ReviewBasis<'_>) -> Vec<AtRiskAccount> {
    let ReviewBasis {
        views,
        risks,
        options,
        ..
    } = *basis;
    let mut at_risk_accounts: Vec<AtRiskAccount> = views
        .iter()
        .zip(risks)
        .filter(|(_, r)| r.level >= RiskLevel::High)
        .map(|(v, r)| AtRiskAccount {
            account: v.account.id.clone(),
            name: v.account.display_name().to_string(),
            csm: v.account.csm.clone(),
            arr: v.account.arr,
            score: r.score,
            tier: r.tier.clone(),
            level: r.level,
            reasons: r.reasons.clone(),
            next_play: v.rules.actions.first().map(|a| a.play.clone()),
        })
        .collect();
    at_risk_accounts.sort_by(|a, b| {
        b.level
            .cmp(&a.level)
            .then(b.arr.cmp(&a.arr))
            .then(a.account.cmp(&b.account))
    });
    at_risk_accounts.truncate(options.top.unwrap_or(10));
    at_risk_accounts
}

/// First day of the quarter after `as_of`'s and first day of the one after that.
fn next_quarter_of(as_of: NaiveDate) -> (NaiveDate, NaiveDate) {
    let q = (as_of.month0() / 3 + 1) % 4;
    let year = as_of.year() + i32::from(as_of.month0() >= 9);
    let start = NaiveDate::from_ymd_opt(year, q * 3 + 1, 1).unwrap_or(NaiveDate::MAX);
    let end = start
        .checked_add_months(chrono::Months::new(3))
        .unwrap_or(NaiveDate::MAX);
    (start, end)
}

pub(super) fn churn_answer(portfolio: &Portfolio, as_of: NaiveDate) -> Result<ChurnReasonAnswer> {
    let month = Month::from_date(as_of)?;
    let first = month.add_months(-3)?;
    let mut events = Vec::new();
    let mut origin = Vec::new();
    for (i, a) in portfolio.accounts.iter().enumerate() {
        let Some(c) = &a.churn else { continue };
        if c.date > as_of || Month::from_date(c.date)? < first {
            continue;
        }
        let Some(category) = &c.category else {
            continue;
        };
        origin.push((i, "churn".to_string()));
        events.push(ChurnEvent {
            account: a.id.clone(),
            date: c.date,
            category: Some(category.clone()),
            sub_reason: c.sub_reason.clone(),
            arr: c.arr.unwrap_or(a.arr),
        });
    }
    let taxonomy = ChurnTaxonomy::seed();
    // The analysis names an event: point at its account's churn record.
    let analysis = churn_reason_analysis(&taxonomy, &events).map_err(|e| at_origin(e, &origin))?;
    let label = month.to_string();
    let this = analysis.months.iter().find(|m| m.month == label);
    let top = this.and_then(|m| {
        m.categories.iter().filter(|c| c.count > 0).max_by(|a, b| {
            a.arr
                .cmp(&b.arr)
                .then(a.count.cmp(&b.count))
                .then(b.category.cmp(&a.category))
        })
    });
    let previous_months: Vec<u64> = match top {
        Some(t) => (1..=3)
            .rev()
            .map(|k| {
                let m = month
                    .add_months(-k)
                    .map(|m| m.to_string())
                    .unwrap_or_default();
                analysis
                    .months
                    .iter()
                    .find(|x| x.month == m)
                    .and_then(|x| x.categories.iter().find(|c| c.category == t.category))
                    .map_or(0, |c| c.count)
            })
            .collect(),
        None => Vec::new(),
    };
    let trend = top.map(|t| {
        let before: u64 = previous_months.iter().sum();
        let now = t.count * 3;
        if now > before {
            TrendDirection::Up
        } else if now < before {
            TrendDirection::Down
        } else {
            TrendDirection::Flat
        }
    });
    Ok(ChurnReasonAnswer {
        month,
        churns: this.map_or(0, |m| m.count),
        top_category: top.map(|t| t.category.clone()),
        top_category_label: top
            .and_then(|t| taxonomy.category(&t.category))
            .map(|c| c.label.clone()),
        count: top.map_or(0, |t| t.count),
        arr: top.map_or(Decimal::ZERO, |t| t.arr),
        previous_months,
        trend,
    })
}
