//! "Score [account]": the health score with its explanation, its trend and the engagement
//! level.

use super::context::{segment_key, view_of, Prepared};
use super::Portfolio;
use crate::error::Result;
use crate::health::{HealthScore, ScoreTrend};
use crate::lifecycle::EngagementAssessment;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// "Score [account]": the health score with its explanation, the trend of the score history
/// (the current score is its last point) and the engagement level.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AccountScore {
    /// Account id.
    pub account: String,
    /// Display name.
    pub name: String,
    /// The day of the answer.
    pub as_of: NaiveDate,
    /// Segment key.
    pub segment: &'static str,
    /// ARR.
    pub arr: Decimal,
    /// The health score with its explanation.
    pub score: HealthScore,
    /// The trend of the score history, when there is one.
    pub trend: Option<ScoreTrend>,
    /// The engagement level, when activity is given.
    pub engagement: Option<EngagementAssessment>,
}

/// Runs "Score [account]".
pub fn score_account(
    portfolio: &Portfolio,
    account: &str,
    as_of: NaiveDate,
) -> Result<AccountScore> {
    Prepared::once(portfolio, |p| p.score_account(account, as_of))
}

impl Prepared<'_> {
    /// [`score_account`] on the compiled model and rules.
    pub(crate) fn score_account(&self, account: &str, as_of: NaiveDate) -> Result<AccountScore> {
        let Prepared { portfolio, engines } = *self;
        let view = view_of(engines, portfolio, account, as_of)?;
        Ok(AccountScore {
            account: view.account.id.clone(),
            name: view.account.display_name().to_string(),
            as_of,
            segment: segment_key(view.segment),
            arr: view.account.arr,
            score: view.score,
            trend: view.trend,
            engagement: view.engagement,
        })
    }
}
