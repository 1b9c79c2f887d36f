//! The weekly dashboard: portfolio, health distribution, retention, expansion, engagement,
//! onboarding and renewals, one builder per section.

use super::{arr_share, mean, round_to, share, CountArr, ReviewBasis};
use crate::error::Result;
use crate::lifecycle::{EngagementLevel, MilestoneState};
use crate::portfolio::context::{latest_response, segment_key, AccountView};
use crate::portfolio::onboarding::onboarding_of;
use crate::portfolio::revenue::portfolio_months;
use crate::portfolio::risk::RiskLevel;
use crate::portfolio::OpportunityStage;
use crate::revenue::{mrr_movements, retention_metrics, Month};
use crate::shared::score_history::TrendDirection;
use crate::shared::score_scale::round_score;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// The accounts of one tier.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TierBucket {
    /// Tier key.
    pub tier: String,
    /// Tier name.
    pub label: Option<String>,
    /// Tier colour (green / yellow / orange / red in the built-in model).
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

/// The weekly customer-success dashboard.
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

/// The portfolio section and the health distribution (by tier, count and ARR).
pub(super) fn portfolio_and_health(
    basis: &ReviewBasis<'_>,
) -> (PortfolioSection, HealthDistribution) {
    let ReviewBasis {
        views,
        engines,
        churned,
        ..
    } = *basis;
    // Portfolio and health distribution.
    let mut by_segment: BTreeMap<&'static str, CountArr> = BTreeMap::new();
    let mut total = CountArr::default();
    let mut buckets: Vec<CountArr> = vec![CountArr::default(); engines.tier_count()];
    let mut insufficient = CountArr::default();
    for v in views {
        total.add(v.account.arr);
        by_segment
            .entry(segment_key(v.segment))
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
    (
        PortfolioSection {
            total_accounts: total.count,
            total_arr: total.arr,
            churned_accounts: churned,
            by_segment,
        },
        HealthDistribution {
            tiers,
            insufficient_data: insufficient,
        },
    )
}

/// Retention over the last 12 months and expansion, from the subscriptions and the pipeline.
pub(super) fn retention_and_expansion(
    basis: &ReviewBasis<'_>,
) -> Result<(RetentionSection, ExpansionSection)> {
    let ReviewBasis {
        portfolio,
        views,
        as_of,
        ..
    } = *basis;
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
    for v in views {
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
    Ok((retention, expansion))
}

/// Engagement: health score now and a month ago, QBRs, NPS, CSAT and engagement levels.
pub(super) fn engagement(basis: &ReviewBasis<'_>) -> EngagementSection {
    let ReviewBasis {
        views,
        as_of,
        month_ago,
        quarter_ago,
        ..
    } = *basis;
    // Engagement.
    let mut engagement = EngagementSection::default();
    let scores: Vec<f64> = views.iter().filter_map(|v| v.score.composite).collect();
    engagement.avg_health_score = mean(&scores).map(round_score);
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
    for v in views {
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
    engagement
}

/// Onboarding: active and at-risk onboardings, time to first value, completion rate.
pub(super) fn onboarding(basis: &ReviewBasis<'_>) -> Result<OnboardingSection> {
    let ReviewBasis { views, as_of, .. } = *basis;
    // Onboarding.
    let mut onboarding = OnboardingSection::default();
    let mut ttfv: Vec<f64> = Vec::new();
    let mut ttfv_by: BTreeMap<&'static str, Vec<f64>> = BTreeMap::new();
    let (mut finished, mut completed) = (0u64, 0u64);
    for v in views {
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
                .entry(segment_key(v.segment))
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
    Ok(onboarding)
}

/// Renewals in the next 30, 60 and 90 days: signed, on track and at risk.
pub(super) fn renewals(basis: &ReviewBasis<'_>) -> RenewalsSection {
    let ReviewBasis {
        views,
        risks,
        engines,
        as_of,
        ..
    } = *basis;
    // Renewals.
    let mut renewals = RenewalsSection::default();
    let top_two = |v: &AccountView<'_>| {
        v.tier()
            .and_then(|t| engines.rank(t))
            .is_some_and(|r| r <= 1)
    };
    for (v, r) in views.iter().zip(risks) {
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
    renewals
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
