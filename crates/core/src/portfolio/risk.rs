//! "Churn risk for [account]": the leading indicators, the risk level and why, the suspected
//! churn reasons and their save plays.

use super::context::{segment_key, view_of, AccountView, Engines, Indicator, Prepared};
use super::Portfolio;
use crate::error::Result;
use crate::lifecycle::{ChurnTaxonomy, EngagementLevel, SavePlay};
use crate::rules::Severity;
use crate::shared::score_history::TrendDirection;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// Churn-risk level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    /// No sign of risk.
    Low,
    /// Worth watching.
    Medium,
    /// Act this week.
    High,
    /// Act today.
    Critical,
}

impl RiskLevel {
    fn of_severity(severity: Severity) -> RiskLevel {
        match severity {
            Severity::Critical => RiskLevel::Critical,
            Severity::High => RiskLevel::High,
            Severity::Medium => RiskLevel::Medium,
            Severity::Low | Severity::Info => RiskLevel::Low,
        }
    }
}

/// The rule categories that signal churn risk.
const RISK_CATEGORIES: [&str; 6] = [
    "early_warning",
    "trigger",
    "health_tier",
    "onboarding_risk",
    "adoption",
    "nps",
];

/// The churn category (and sub-reason, where the rule names one) a risk rule points to, for
/// the save play of the reason.
fn suspected_reason(rule: &str) -> Option<(&'static str, Option<&'static str>)> {
    Some(match rule {
        "early_warning.champion_job_change" | "onboarding.champion_left" => {
            ("relationship", Some("champion_left"))
        }
        "onboarding.no_exec_sponsor" => ("relationship", None),
        "early_warning.competitor_evaluation" | "early_warning.data_export_requests" => {
            ("competition", Some("switched_to_competitor"))
        }
        "early_warning.billing_page_no_upgrade" | "early_warning.seat_removals" => {
            ("financial", Some("price_too_high"))
        }
        "early_warning.usage_decline"
        | "trigger.no_login_30d"
        | "onboarding.low_activation_day_30"
        | "onboarding.no_login_after_day_3"
        | "adoption.csm_outreach_day_14" => ("value", Some("roi_not_realized")),
        "onboarding.integration_failed" | "early_warning.ticket_spike_then_silence" => {
            ("product", None)
        }
        _ => return None,
    })
}

/// "Churn risk for [account]": the leading indicators that fired, the risk level and why, and
/// the plays to run.
///
/// The level is the highest of: the tier's (the lowest tier is critical, the one above it high,
/// the others low), each risk indicator's severity (critical, high, medium; low and info count as
/// low), `medium` for a score trending down, `high` for a drop of 20% within a week, `high` for a
/// dormant or ghost account. Every step that set the level is listed in `reasons`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChurnRisk {
    /// Account id.
    pub account: String,
    /// Display name.
    pub name: String,
    /// The day of the answer.
    pub as_of: NaiveDate,
    /// ARR at risk.
    pub arr: Decimal,
    /// Segment key.
    pub segment: &'static str,
    /// The CSM.
    pub csm: Option<String>,
    /// Current score.
    pub score: Option<f64>,
    /// Current tier key.
    pub tier: Option<String>,
    /// Direction of the score over 30 days.
    pub trend: Option<TrendDirection>,
    /// Score change over 30 days.
    pub score_change: Option<f64>,
    /// Whether the score fell 20% within a week.
    pub dropped: bool,
    /// Engagement level.
    pub engagement: Option<EngagementLevel>,
    /// Days to the renewal.
    pub days_to_renewal: Option<i64>,
    /// The risk level.
    pub level: RiskLevel,
    /// Why, one line per contributing fact.
    pub reasons: Vec<String>,
    /// Risk rules that fired (early warning, triggers, tier playbooks, onboarding, NPS).
    pub indicators: Vec<Indicator>,
    /// Churn categories the indicators point to, most indicated first.
    pub suspected_reasons: Vec<String>,
    /// The save plays of those categories.
    pub save_plays: Vec<SavePlay>,
}

pub(super) fn risk_of(view: &AccountView<'_>, engines: &Engines, as_of: NaiveDate) -> ChurnRisk {
    let mut level = RiskLevel::Low;
    let mut reasons = Vec::new();
    let mut raise = |to: RiskLevel, why: String, reasons: &mut Vec<String>| {
        level = level.max(to);
        reasons.push(why);
    };
    if let Some(tier) = view.tier() {
        let rank = engines.rank(tier).unwrap_or(0);
        let lowest = engines.tier_count().saturating_sub(1);
        let to = if rank == lowest && lowest > 0 {
            RiskLevel::Critical
        } else if rank > 0 && rank + 1 == lowest {
            RiskLevel::High
        } else {
            RiskLevel::Low
        };
        if to > RiskLevel::Low {
            let score = view.score.composite.unwrap_or(0.0);
            raise(
                to,
                format!("health score {score} is in tier {tier}"),
                &mut reasons,
            );
        }
    } else {
        raise(
            RiskLevel::Medium,
            format!(
                "too little data to score (coverage {:.0}%)",
                view.score.coverage * 100.0
            ),
            &mut reasons,
        );
    }
    let indicators: Vec<Indicator> = view
        .rules
        .actions
        .iter()
        .filter(|a| {
            a.category
                .as_deref()
                .is_some_and(|c| RISK_CATEGORIES.contains(&c))
                && a.severity != Severity::Info
                && !(a.category.as_deref() == Some("health_tier") && a.severity == Severity::Low)
                && !(a.category.as_deref() == Some("nps") && a.severity == Severity::Low)
        })
        .map(Indicator::of)
        .collect();
    for i in &indicators {
        if i.category.as_deref() != Some("health_tier") {
            raise(
                RiskLevel::of_severity(i.severity),
                i.label.clone(),
                &mut reasons,
            );
        }
    }
    let (trend, delta, dropped) = match &view.trend {
        Some(t) => (t.direction, t.delta, t.dropped),
        None => (None, None, false),
    };
    if trend == Some(TrendDirection::Down) {
        raise(
            RiskLevel::Medium,
            format!(
                "score trending down ({} over 30 days)",
                delta.unwrap_or(0.0)
            ),
            &mut reasons,
        );
    }
    if dropped {
        raise(
            RiskLevel::High,
            "score fell 20% or more within a week".into(),
            &mut reasons,
        );
    }
    let engagement = view.engagement.as_ref().map(|e| e.level);
    if matches!(
        engagement,
        Some(EngagementLevel::Dormant | EngagementLevel::Ghost)
    ) {
        raise(
            RiskLevel::High,
            format!(
                "engagement {}",
                view.engagement
                    .as_ref()
                    .map(|e| e.label.as_str())
                    .unwrap_or("")
            ),
            &mut reasons,
        );
    }
    // Churn categories the indicators point to, most indicated first (ties by key); each
    // brings the save play of its reason (the sub-reason's, else the category's).
    let mut counts: Vec<(&'static str, Option<&'static str>, usize)> = Vec::new();
    for i in &indicators {
        if let Some((c, sub)) = suspected_reason(&i.rule) {
            match counts.iter_mut().find(|(k, _, _)| *k == c) {
                Some((_, s, n)) => {
                    *n += 1;
                    *s = s.or(sub);
                }
                None => counts.push((c, sub, 1)),
            }
        }
    }
    counts.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));
    let taxonomy = ChurnTaxonomy::seed();
    let mut save_plays: Vec<SavePlay> = Vec::new();
    for (c, sub, _) in &counts {
        let Some(category) = taxonomy.category(c) else {
            continue;
        };
        let key = sub
            .and_then(|s| category.sub_reasons.iter().find(|r| r.key == s))
            .and_then(|r| r.save_play.as_deref())
            .or(category.save_play.as_deref());
        if let Some(play) = key.and_then(|k| taxonomy.save_play(k)) {
            if !save_plays.iter().any(|p| p.key == play.key) {
                save_plays.push(play.clone());
            }
        }
    }
    ChurnRisk {
        account: view.account.id.clone(),
        name: view.account.display_name().to_string(),
        as_of,
        arr: view.account.arr,
        segment: segment_key(view.segment),
        csm: view.account.csm.clone(),
        score: view.score.composite,
        tier: view.tier().map(str::to_string),
        trend,
        score_change: delta,
        dropped,
        engagement,
        days_to_renewal: view
            .account
            .renewal
            .as_ref()
            .map(|r| (r.date - as_of).num_days()),
        level,
        reasons,
        indicators,
        suspected_reasons: counts.iter().map(|(c, _, _)| (*c).to_string()).collect(),
        save_plays,
    }
}

/// Runs "Churn risk for [account]".
pub fn churn_risk(portfolio: &Portfolio, account: &str, as_of: NaiveDate) -> Result<ChurnRisk> {
    Prepared::once(portfolio, |p| p.churn_risk(account, as_of))
}

impl Prepared<'_> {
    /// [`churn_risk`] on the compiled model and rules.
    pub(crate) fn churn_risk(&self, account: &str, as_of: NaiveDate) -> Result<ChurnRisk> {
        let Prepared { portfolio, engines } = *self;
        let view = view_of(engines, portfolio, account, as_of)?;
        Ok(risk_of(&view, engines, as_of))
    }
}
