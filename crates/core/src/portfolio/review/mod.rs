//! "Portfolio review": the weekly customer-success dashboard and the monthly review questions
//! the data can answer. Each section has its own builder over the accounts viewed once
//! ([`ReviewBasis`]): the dashboard's in `dashboard`, the monthly review's in `monthly`.

mod dashboard;
mod monthly;

pub use dashboard::{
    Dashboard, EngagementSection, ExpansionSection, HealthDistribution, OnboardingSection,
    PortfolioSection, RenewalsSection, RetentionSection, TierBucket,
};
pub use monthly::{
    AtRiskAccount, ChurnReasonAnswer, CsmConcentration, MonthlyReview, MultiThreading,
    ThreadedAccount, TierMover,
};

use super::context::{view, AccountView, Engines, Prepared};
use super::risk::{risk_of, ChurnRisk};
use super::{CommandOptions, Portfolio};
use crate::error::Result;
use crate::lifecycle::Share;
use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

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

/// What every section of the review reads: the accounts not churned on `as_of`, viewed once,
/// with their churn risk.
#[derive(Clone, Copy)]
pub(super) struct ReviewBasis<'a> {
    pub(super) portfolio: &'a Portfolio,
    pub(super) engines: &'a Engines,
    pub(super) options: &'a CommandOptions,
    pub(super) as_of: NaiveDate,
    /// `as_of` - 30 days: the day "a month ago" is read on.
    pub(super) month_ago: NaiveDate,
    /// `as_of` - 90 days: the start of "this quarter" for QBRs, NPS, CSAT and contacts.
    pub(super) quarter_ago: NaiveDate,
    /// Accounts churned on or before `as_of` (not viewed).
    pub(super) churned: u64,
    pub(super) views: &'a [AccountView<'a>],
    pub(super) risks: &'a [ChurnRisk],
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
        let basis = ReviewBasis {
            portfolio,
            engines,
            options,
            as_of,
            month_ago: days_back(30),
            quarter_ago,
            churned,
            views: &views,
            risks: &risks,
        };
        let (portfolio_section, health_distribution) = dashboard::portfolio_and_health(&basis);
        let (retention, expansion) = dashboard::retention_and_expansion(&basis)?;
        let engagement = dashboard::engagement(&basis);
        let onboarding = dashboard::onboarding(&basis)?;
        let renewals = dashboard::renewals(&basis);
        let (moved_down, moved_up) = monthly::tier_movers(&basis);
        let churn_reason = monthly::churn_answer(portfolio, as_of)?;
        let multi_threading = monthly::multi_threading(&basis);
        let next_quarter_pipeline = monthly::next_quarter_pipeline(&basis);
        let at_risk_by_csm = monthly::at_risk_by_csm(&basis);
        let at_risk_accounts = monthly::at_risk_accounts(&basis);
        Ok(PortfolioReview {
            as_of,
            currency: portfolio.currency.clone(),
            dashboard: Dashboard {
                week: format!(
                    "{}-W{:02}",
                    as_of.iso_week().year(),
                    as_of.iso_week().week()
                ),
                portfolio: portfolio_section,
                health_distribution,
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

pub(super) fn share(n: u64, d: u64) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

/// `n / d` as one IEEE-754 division of the amounts' nearest doubles (as [`Share`] does);
/// `None` when `d` is 0.
pub(super) fn arr_share(n: Decimal, d: Decimal) -> Option<f64> {
    Share::of_amounts(n, d).ratio
}

/// Rounds to `digits` decimals, ties to even (the crate's one rounding mode).
pub(super) fn round_to(x: f64, scale: f64) -> f64 {
    (x * scale).round_ties_even() / scale
}

/// The mean of the values, `None` without values.
pub(super) fn mean(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
}
