//! "Portfolio review": the seed's weekly CS dashboard (Phase 8) and the monthly review
//! questions the data can answer.

use super::context::{at_origin, latest_response, view, AccountView, Prepared};
use super::onboarding::onboarding_of;
use super::revenue::portfolio_months;
use super::risk::{risk_of, ChurnRisk, RiskLevel};
use super::{CommandOptions, ContactRole, OpportunityStage, Portfolio};
use crate::error::Result;
use crate::lifecycle::{
    churn_reason_analysis, ChurnEvent, ChurnTaxonomy, EngagementLevel, MilestoneState, Share,
};
use crate::revenue::{mrr_movements, retention_metrics, Month};
use crate::shared::score_history::TrendDirection;
use crate::shared::score_scale::round_score;
use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// A count of accounts and their ARR.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CountArr {
    /// Accounts.
    pub count: u64,
    /// Their ARR.
    pub arr: Decimal,
}

impl CountArr {
    fn add(&mut self, arr: Decimal) {
        self.count += 1;
        self.arr += arr;
    }
}

/// The accounts of one tier.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TierBucket {
    /// Tier key.
    pub tier: String,
    /// Tier name.
    pub label: Option<String>,
    /// Tier colour (the seed's green / yellow / orange / red).
    pub colour: Option<String>,
    /// Accounts and ARR.
    #[serde(flatten)]
    pub total: CountArr,
    /// Share of the accounts scored.
    pub count_share: Option<f64>,
    /// Share of the ARR scored.
    pub arr_share: Option<f64>,
}

/// Health distribution by count and ARR.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HealthDistribution {
    /// Tiers, highest first.
    pub tiers: Vec<TierBucket>,
    /// Accounts with too little data to score.
    pub insufficient_data: CountArr,
}

/// The portfolio section.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PortfolioSection {
    /// Active accounts (not churned on `as_of`).
    pub total_accounts: u64,
    /// Their ARR.
    pub total_arr: Decimal,
    /// Accounts churned on or before `as_of` (not counted above).
    pub churned_accounts: u64,
    /// Accounts per segment key.
    pub by_segment: BTreeMap<&'static str, CountArr>,
}

/// The retention section: rates over the twelve months ending with `as_of`'s month, amounts of
/// `as_of`'s month (MRR × 12 as ARR).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RetentionSection {
    /// First month of the rates' range.
    pub from: Option<Month>,
    /// Last month of the range.
    pub through: Option<Month>,
    /// GRR (target > 90%).
    pub gross_retention_rate: Option<f64>,
    /// NRR (target > 110%).
    pub net_retention_rate: Option<f64>,
    /// Logo retention (target > 85%).
    pub logo_retention_rate: Option<f64>,
    /// ARR churned in `as_of`'s month.
    pub arr_churned_mtd: Decimal,
    /// ARR contracted in `as_of`'s month.
    pub arr_contracted_mtd: Decimal,
}

/// The expansion section.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ExpansionSection {
    /// ARR expanded in `as_of`'s month.
    pub arr_expanded_mtd: Decimal,
    /// ARR of the open expansion opportunities of active accounts.
    pub expansion_pipeline: Decimal,
    /// Opportunities in conversation or proposal.
    pub upsell_conversations: u64,
    /// Expansion MRR / starting MRR over the twelve months (target > 15% a year).
    pub expansion_rate: Option<f64>,
    /// Active accounts with at least one expansion signal of the rule pack.
    pub accounts_with_signals: u64,
}

/// The engagement section.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct EngagementSection {
    /// Mean score of the scored accounts, rounded to 0.1 (target > 70).
    pub avg_health_score: Option<f64>,
    /// The same mean 30 days earlier, over the accounts with a score then.
    pub avg_health_score_month_ago: Option<f64>,
    /// Up / flat / down (a change within ±1 point is flat).
    pub health_score_trend: Option<TrendDirection>,
    /// QBRs held in the last 90 days.
    pub qbrs_completed: u64,
    /// NPS of each account's latest response in the last 90 days: % promoters (9-10) - %
    /// detractors (0-6), rounded to 0.1 (target > 50).
    pub nps_score: Option<f64>,
    /// Responses the NPS counts.
    pub nps_responses: u64,
    /// Mean CSAT of the responses in the last 90 days, rounded to 0.01 (target > 4.5).
    pub csat_score: Option<f64>,
    /// Responses the CSAT counts.
    pub csat_responses: u64,
    /// Accounts per engagement level (those with activity data).
    pub engagement_levels: BTreeMap<&'static str, u64>,
}

/// The onboarding section.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct OnboardingSection {
    /// Onboardings in their first 90 days with milestones open.
    pub active_onboardings: u64,
    /// Of those, with a milestone overdue or at risk.
    pub at_risk_onboardings: u64,
    /// Mean days to first value of the onboardings that reached it, rounded to 0.1 (target:
    /// < 14 mid-market, < 30 enterprise).
    pub avg_ttfv_days: Option<f64>,
    /// The same per segment key.
    pub avg_ttfv_days_by_segment: BTreeMap<&'static str, f64>,
    /// Onboardings past day 90 with every milestone done / onboardings past day 90 (target >
    /// 90%).
    pub onboarding_completion_rate: Option<f64>,
}

/// The renewals section: renewals within 30, 60 and 90 days (each window includes the
/// shorter ones); on track = not signed, in the top two tiers and without a red alert.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RenewalsSection {
    /// Renewing within 30 days.
    pub upcoming_30d: CountArr,
    /// Within 60 days.
    pub upcoming_60d: CountArr,
    /// Within 90 days.
    pub upcoming_90d: CountArr,
    /// Of the 90-day renewals not signed, on track.
    pub on_track: u64,
    /// Of the 90-day renewals not signed, at risk.
    pub at_risk: u64,
    /// Of the 90-day renewals, signed.
    pub signed: u64,
    /// ARR of the at-risk renewals.
    pub at_risk_arr: Decimal,
}

/// The seed's weekly dashboard.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Dashboard {
    /// ISO week of `as_of`, `YYYY-Www`.
    pub week: String,
    /// Portfolio.
    pub portfolio: PortfolioSection,
    /// Health distribution.
    pub health_distribution: HealthDistribution,
    /// Retention.
    pub retention: RetentionSection,
    /// Expansion.
    pub expansion: ExpansionSection,
    /// Engagement.
    pub engagement: EngagementSection,
    /// Onboarding.
    pub onboarding: OnboardingSection,
    /// Renewals.
    pub renewals: RenewalsSection,
}

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

/// "Portfolio review": the weekly dashboard, the monthly review answers and the accounts most
/// at risk.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PortfolioReview {
    /// The day of the review.
    pub as_of: NaiveDate,
    /// Currency of the amounts.
    pub currency: Option<String>,
    /// The weekly dashboard.
    pub dashboard: Dashboard,
    /// The monthly review.
    pub monthly: MonthlyReview,
    /// The accounts at high or critical risk, most severe then largest first (`options.top`,
    /// default 10).
    pub at_risk_accounts: Vec<AtRiskAccount>,
}

fn share(n: u64, d: u64) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

/// `n / d` as one IEEE-754 division of the amounts' nearest doubles (as [`Share`] does);
/// `None` when `d` is 0.
fn arr_share(n: Decimal, d: Decimal) -> Option<f64> {
    Share::of_amounts(n, d).ratio
}

/// Rounds to `digits` decimals, ties to even (the crate's one rounding mode).
fn round_to(x: f64, scale: f64) -> f64 {
    (x * scale).round_ties_even() / scale
}

/// Runs "Portfolio review".
pub fn portfolio_review(
    portfolio: &Portfolio,
    as_of: NaiveDate,
    options: &CommandOptions,
) -> Result<PortfolioReview> {
    portfolio.validate()?;
    Prepared::once(portfolio, |p| p.review(as_of, options))
}

impl Prepared<'_> {
    /// The review on the compiled model and rules (the portfolio validated by the caller).
    pub(crate) fn review(
        &self,
        as_of: NaiveDate,
        options: &CommandOptions,
    ) -> Result<PortfolioReview> {
        let Prepared { portfolio, engines } = *self;
        let mut views: Vec<AccountView<'_>> = Vec::with_capacity(portfolio.accounts.len());
        let mut churned = 0u64;
        for (i, account) in portfolio.accounts.iter().enumerate() {
            if account.churn.as_ref().is_some_and(|c| c.date <= as_of) {
                churned += 1;
                continue;
            }
            views.push(view(engines, account, i, as_of)?);
        }
        let risks: Vec<ChurnRisk> = views.iter().map(|v| risk_of(v, engines, as_of)).collect();
        let days_back = |n: u64| {
            as_of
                .checked_sub_days(Days::new(n))
                .unwrap_or(NaiveDate::MIN)
        };
        let quarter_ago = days_back(90);

        // Portfolio and health distribution.
        let mut by_segment: BTreeMap<&'static str, CountArr> = BTreeMap::new();
        let mut total = CountArr::default();
        let mut buckets: Vec<CountArr> = vec![CountArr::default(); engines.tier_count()];
        let mut insufficient = CountArr::default();
        for v in &views {
            total.add(v.account.arr);
            by_segment
                .entry(super::context::segment_key(v.segment))
                .or_default()
                .add(v.account.arr);
            match v
                .tier()
                .and_then(|t| engines.rank(t))
                .and_then(|r| buckets.get_mut(r))
            {
                Some(b) => b.add(v.account.arr),
                None => insufficient.add(v.account.arr),
            }
        }
        let scored_count: u64 = buckets.iter().map(|b| b.count).sum();
        let scored_arr: Decimal = buckets.iter().map(|b| b.arr).sum();
        let tiers = engines
            .tiers
            .tiers()
            .iter()
            .zip(buckets)
            .map(|(t, b)| TierBucket {
                tier: t.key.clone(),
                label: t.label.clone(),
                colour: t.colour.clone(),
                count_share: share(b.count, scored_count),
                arr_share: arr_share(b.arr, scored_arr),
                total: b,
            })
            .collect();

        // Retention and expansion from the subscriptions.
        let mut retention = RetentionSection::default();
        let mut expansion = ExpansionSection::default();
        if let Some(months) = portfolio_months(portfolio, as_of)? {
            let through = Month::from_date(as_of)?;
            let from = through.add_months(-11)?;
            let report = retention_metrics(&months, from, through)?;
            retention.from = Some(from);
            retention.through = Some(through);
            retention.gross_retention_rate = report.total.grr.value;
            retention.net_retention_rate = report.total.nrr.value;
            retention.logo_retention_rate = report.total.logo_retention.value;
            expansion.expansion_rate = report.total.expansion_rate.value;
            let movements = mrr_movements(&months)?;
            if let Some(m) = movements.months.iter().find(|m| m.month == through) {
                // ARR = MRR × 12, with the minor unit's digits like every other amount of MRR.
                let digits = months.minor_unit_digits();
                let arr = |mrr: Decimal| {
                    let mut x = mrr * Decimal::from(12);
                    x.rescale(digits);
                    x
                };
                retention.arr_churned_mtd = arr(m.churn);
                retention.arr_contracted_mtd = arr(m.contraction);
                expansion.arr_expanded_mtd = arr(m.expansion);
            }
        }
        for v in &views {
            for o in &v.account.opportunities {
                if !matches!(o.stage, OpportunityStage::Won | OpportunityStage::Lost) {
                    expansion.expansion_pipeline += o.arr;
                }
                if matches!(
                    o.stage,
                    OpportunityStage::Conversation | OpportunityStage::Proposal
                ) {
                    expansion.upsell_conversations += 1;
                }
            }
            if v.actions_in("expansion").next().is_some() {
                expansion.accounts_with_signals += 1;
            }
        }

        // Engagement.
        let mut engagement = EngagementSection::default();
        let scores: Vec<f64> = views.iter().filter_map(|v| v.score.composite).collect();
        engagement.avg_health_score = mean(&scores).map(round_score);
        let month_ago = days_back(30);
        let earlier: Vec<f64> = views
            .iter()
            .filter_map(|v| {
                v.history
                    .iter()
                    .rfind(|p| p.date <= month_ago)
                    .map(|p| p.score)
            })
            .collect();
        engagement.avg_health_score_month_ago = mean(&earlier).map(round_score);
        engagement.health_score_trend = match (
            engagement.avg_health_score,
            engagement.avg_health_score_month_ago,
        ) {
            (Some(now), Some(then)) => Some(if now - then > 1.0 {
                TrendDirection::Up
            } else if then - now > 1.0 {
                TrendDirection::Down
            } else {
                TrendDirection::Flat
            }),
            _ => None,
        };
        let (mut promoters, mut detractors, mut responses) = (0u64, 0u64, 0u64);
        let (mut csat_sum, mut csat_n) = (0.0f64, 0u64);
        for v in &views {
            let a = v.account;
            engagement.qbrs_completed += a
                .qbrs
                .iter()
                .filter(|d| **d > quarter_ago && **d <= as_of)
                .count() as u64;
            if let Some(r) = latest_response(&a.nps, as_of).filter(|r| r.date > quarter_ago) {
                responses += 1;
                if r.score >= 9.0 {
                    promoters += 1;
                } else if r.score <= 6.0 {
                    detractors += 1;
                }
            }
            for r in a
                .csat
                .iter()
                .filter(|r| r.date > quarter_ago && r.date <= as_of)
            {
                csat_sum += r.score;
                csat_n += 1;
            }
            if let Some(e) = &v.engagement {
                *engagement
                    .engagement_levels
                    .entry(level_key(e.level))
                    .or_default() += 1;
            }
        }
        engagement.nps_responses = responses;
        engagement.nps_score = (responses > 0).then(|| {
            round_to(
                (promoters as f64 - detractors as f64) * 100.0 / responses as f64,
                10.0,
            )
        });
        engagement.csat_responses = csat_n;
        engagement.csat_score = (csat_n > 0).then(|| round_to(csat_sum / csat_n as f64, 100.0));

        // Onboarding.
        let mut onboarding = OnboardingSection::default();
        let mut ttfv: Vec<f64> = Vec::new();
        let mut ttfv_by: BTreeMap<&'static str, Vec<f64>> = BTreeMap::new();
        let (mut finished, mut completed) = (0u64, 0u64);
        for v in &views {
            if v.account
                .onboarding
                .as_ref()
                .is_none_or(|o| o.start_date > as_of)
            {
                continue;
            }
            let Some(plan) = onboarding_of(v, as_of)? else {
                continue;
            };
            let all_done = plan
                .milestones
                .iter()
                .all(|m| m.status == MilestoneState::Done);
            if plan.day <= 90 {
                if !all_done {
                    onboarding.active_onboardings += 1;
                    if !plan.overdue.is_empty() || !plan.at_risk.is_empty() {
                        onboarding.at_risk_onboardings += 1;
                    }
                }
            } else {
                finished += 1;
                completed += u64::from(all_done);
            }
            if let Some(days) = plan.time_to_first_value.elapsed_days {
                let days = days as f64;
                ttfv.push(days);
                ttfv_by
                    .entry(super::context::segment_key(v.segment))
                    .or_default()
                    .push(days);
            }
        }
        onboarding.avg_ttfv_days = mean(&ttfv).map(|x| round_to(x, 10.0));
        onboarding.avg_ttfv_days_by_segment = ttfv_by
            .into_iter()
            .filter_map(|(k, xs)| mean(&xs).map(|m| (k, round_to(m, 10.0))))
            .collect();
        onboarding.onboarding_completion_rate = share(completed, finished);

        // Renewals.
        let mut renewals = RenewalsSection::default();
        let top_two = |v: &AccountView<'_>| {
            v.tier()
                .and_then(|t| engines.rank(t))
                .is_some_and(|r| r <= 1)
        };
        for (v, r) in views.iter().zip(&risks) {
            let Some(renewal) = &v.account.renewal else {
                continue;
            };
            let days = (renewal.date - as_of).num_days();
            if !(0..=90).contains(&days) {
                continue;
            }
            let arr = v.account.arr;
            if days <= 30 {
                renewals.upcoming_30d.add(arr);
            }
            if days <= 60 {
                renewals.upcoming_60d.add(arr);
            }
            renewals.upcoming_90d.add(arr);
            if renewal.signed {
                renewals.signed += 1;
            } else if top_two(v) && r.level < RiskLevel::High {
                renewals.on_track += 1;
            } else {
                renewals.at_risk += 1;
                renewals.at_risk_arr += arr;
            }
        }

        // Monthly review.
        let mut moved_down = Vec::new();
        let mut moved_up = Vec::new();
        for v in &views {
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
        let by_arr =
            |a: &TierMover, b: &TierMover| b.arr.cmp(&a.arr).then(a.account.cmp(&b.account));
        moved_down.sort_by(by_arr);
        moved_up.sort_by(by_arr);

        let churn_reason = churn_answer(portfolio, as_of)?;

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

        let next_quarter = next_quarter_of(as_of);
        let mut next_quarter_pipeline = CountArr::default();
        for v in &views {
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

        let mut by_csm: BTreeMap<Option<&str>, (CountArr, CountArr)> = BTreeMap::new();
        for (v, r) in views.iter().zip(&risks) {
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

        let mut at_risk_accounts: Vec<AtRiskAccount> = views
            .iter()
            .zip(&risks)
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

        Ok(PortfolioReview {
            as_of,
            currency: portfolio.currency.clone(),
            dashboard: Dashboard {
                week: format!(
                    "{}-W{:02}",
                    as_of.iso_week().year(),
                    as_of.iso_week().week()
                ),
                portfolio: PortfolioSection {
                    total_accounts: total.count,
                    total_arr: total.arr,
                    churned_accounts: churned,
                    by_segment,
                },
                health_distribution: HealthDistribution {
                    tiers,
                    insufficient_data: insufficient,
                },
                retention,
                expansion,
                engagement,
                onboarding,
                renewals,
            },
            monthly: MonthlyReview {
                moved_down,
                moved_up,
                churn_reason,
                multi_threading,
                next_quarter_pipeline,
                at_risk_by_csm,
            },
            at_risk_accounts,
        })
    }
}

fn mean(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
}

fn level_key(level: EngagementLevel) -> &'static str {
    match level {
        EngagementLevel::PowerUser => "power_user",
        EngagementLevel::Regular => "regular",
        EngagementLevel::Casual => "casual",
        EngagementLevel::Dormant => "dormant",
        EngagementLevel::Ghost => "ghost",
    }
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

fn churn_answer(portfolio: &Portfolio, as_of: NaiveDate) -> Result<ChurnReasonAnswer> {
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
