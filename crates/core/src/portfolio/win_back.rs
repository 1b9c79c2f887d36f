//! "Win-back plan for [account]": the churn placed in the taxonomy and the win-back sequence.

use super::context::{missing, view_of, Prepared};
use super::Portfolio;
use crate::error::Result;
use crate::lifecycle::{
    classify_churn, win_back_plan, ChurnEvent, ChurnTaxonomy, ClassifiedChurn, WinBackInput,
    WinBackPlan,
};
use chrono::NaiveDate;
use serde::Serialize;

/// "Win-back plan for [account]": the churn placed in the taxonomy, the win-back sequence on
/// `as_of` and the save play of the churn reason.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WinBackReport {
    /// Account id.
    pub account: String,
    /// The churn, classified (category, sub-reason, preventability, save play); `null` when the
    /// churn has no category.
    pub churn: Option<ClassifiedChurn>,
    /// The win-back plan.
    pub plan: WinBackPlan,
}

/// Runs "Win-back plan for [account]" (`input.missing_record` unless the account churned on or
/// before `as_of`).
pub fn win_back_plan_for(
    portfolio: &Portfolio,
    account: &str,
    as_of: NaiveDate,
) -> Result<WinBackReport> {
    Prepared::once(portfolio, |p| p.win_back_plan_for(account, as_of))
}

impl Prepared<'_> {
    /// [`win_back_plan_for`] on the compiled model and rules.
    pub(crate) fn win_back_plan_for(
        &self,
        account: &str,
        as_of: NaiveDate,
    ) -> Result<WinBackReport> {
        let Prepared { portfolio, engines } = *self;
        let view = view_of(engines, portfolio, account, as_of)?;
        let churn = view
            .account
            .churn
            .as_ref()
            .filter(|c| c.date <= as_of)
            .ok_or_else(|| missing(&view, "churn", "the account has not churned"))?;
        let at = format!("accounts[{}].churn", view.index);
        let classified = match &churn.category {
            Some(category) => Some(
                classify_churn(
                    &ChurnTaxonomy::seed(),
                    &ChurnEvent {
                        account: view.account.id.clone(),
                        date: churn.date,
                        category: Some(category.clone()),
                        sub_reason: churn.sub_reason.clone(),
                        arr: churn.arr.unwrap_or(view.account.arr),
                    },
                )
                .map_err(|e| e.within(&at))?,
            ),
            None => None,
        };
        let plan = win_back_plan(&WinBackInput {
            churn_date: churn.date,
            as_of,
            sent: churn.win_back_sent.clone(),
            major_release: false,
        })
        .map_err(|e| e.within(&at))?;
        Ok(WinBackReport {
            account: view.account.id.clone(),
            churn: classified,
            plan,
        })
    }
}
