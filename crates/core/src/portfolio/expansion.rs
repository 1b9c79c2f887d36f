//! "Expansion opportunities for [account]": the expansion signals that fired, scored, and the
//! open pipeline.

use super::context::{view_of, AccountView, Engines, Prepared};
use super::{ExpansionOpportunity, OpportunityStage, Portfolio};
use crate::error::Result;
use crate::rules::SignalStrength;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// An expansion play for an account, scored 0-100.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExpansionPlay {
    /// Rule key of the signal.
    pub rule: String,
    /// The signal.
    pub label: String,
    /// Hot or warm.
    pub strength: Option<SignalStrength>,
    /// Play key.
    pub play: String,
    /// The expansion playbook the play belongs to.
    pub playbook: &'static str,
    /// The message with the facts substituted.
    pub message: String,
    /// The score: hot 60, warm 40; +20 in the top tier, +10 in the second, -20 in the tier
    /// above the lowest, -40 in the lowest; kept within 0-100.
    pub score: u32,
}

/// "Expansion opportunities for [account]": the expansion signals that fired, scored, and the
/// open pipeline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExpansionOpportunities {
    /// Account id.
    pub account: String,
    /// The day of the answer.
    pub as_of: NaiveDate,
    /// ARR.
    pub arr: Decimal,
    /// Current tier key.
    pub tier: Option<String>,
    /// Whether the account is healthy enough to expand (top two tiers, not churned); otherwise
    /// fix health first.
    pub ready: bool,
    /// Plays, best first.
    pub plays: Vec<ExpansionPlay>,
    /// Open opportunities (not won or lost), by expected close.
    pub pipeline: Vec<ExpansionOpportunity>,
    /// ARR of the open pipeline.
    pub pipeline_arr: Decimal,
}

fn playbook_of(play: &str) -> &'static str {
    match play {
        "seat_expansion_offer" => "seat_expansion",
        "land_and_expand_intro" => "land_and_expand",
        "premium_tier_demo" | "upgrade_conversation" | "platform_tier_positioning" => {
            "tier_upgrade"
        }
        "multi_year_bundle" => "renewal_bundle",
        _ => "relationship_expansion",
    }
}

fn tier_adjustment(view: &AccountView<'_>, engines: &Engines) -> i64 {
    let Some(rank) = view.tier().and_then(|t| engines.rank(t)) else {
        return -20;
    };
    let lowest = engines.tier_count().saturating_sub(1);
    match rank {
        0 => 20,
        _ if rank == lowest => -40,
        _ if rank + 1 == lowest => -20,
        1 => 10,
        _ => 0,
    }
}

pub(super) fn expansion_of(
    view: &AccountView<'_>,
    engines: &Engines,
    as_of: NaiveDate,
) -> ExpansionOpportunities {
    let adjust = tier_adjustment(view, engines);
    let mut plays: Vec<ExpansionPlay> = view
        .actions_in("expansion")
        .map(|a| {
            let base: i64 = match a.strength {
                Some(SignalStrength::Hot) => 60,
                _ => 40,
            };
            ExpansionPlay {
                rule: a.rule.clone(),
                label: a.label.clone(),
                strength: a.strength,
                play: a.play.clone(),
                playbook: playbook_of(&a.play),
                message: a.message.clone(),
                score: u32::try_from((base + adjust).clamp(0, 100)).unwrap_or(0),
            }
        })
        .collect();
    plays.sort_by(|a, b| b.score.cmp(&a.score).then(a.rule.cmp(&b.rule)));
    let mut pipeline: Vec<ExpansionOpportunity> = view
        .account
        .opportunities
        .iter()
        .filter(|o| !matches!(o.stage, OpportunityStage::Won | OpportunityStage::Lost))
        .cloned()
        .collect();
    pipeline.sort_by(|a, b| {
        a.expected_close
            .unwrap_or(NaiveDate::MAX)
            .cmp(&b.expected_close.unwrap_or(NaiveDate::MAX))
            .then(a.name.cmp(&b.name))
    });
    let pipeline_arr = pipeline.iter().map(|o| o.arr).sum();
    ExpansionOpportunities {
        account: view.account.id.clone(),
        as_of,
        arr: view.account.arr,
        tier: view.tier().map(str::to_string),
        ready: adjust >= 10 && !view.churned(as_of),
        plays,
        pipeline,
        pipeline_arr,
    }
}

/// Runs "Expansion opportunities for [account]".
pub fn expansion_opportunities(
    portfolio: &Portfolio,
    account: &str,
    as_of: NaiveDate,
) -> Result<ExpansionOpportunities> {
    Prepared::once(portfolio, |p| p.expansion_opportunities(account, as_of))
}

impl Prepared<'_> {
    /// [`expansion_opportunities`] on the compiled model and rules.
    pub(crate) fn expansion_opportunities(
        &self,
        account: &str,
        as_of: NaiveDate,
    ) -> Result<ExpansionOpportunities> {
        let Prepared { portfolio, engines } = *self;
        let view = view_of(engines, portfolio, account, as_of)?;
        Ok(expansion_of(&view, engines, as_of))
    }
}
