//! The account commands: score, onboarding plan, QBR prep, churn risk, expansion opportunities,
//! win-back plan, renewal prep, success plan and save play.

use super::context::{latest_response, segment_key, view_of, AccountView, Engines};
use super::{
    Contact, ContactRole, ExpansionOpportunity, GoalStatus, OpportunityStage, Portfolio, UseCase,
};
use crate::error::{Error, ErrorCode, Result};
use crate::health::{HealthScore, ScoreTrend};
use crate::lifecycle::{
    classify_churn, onboarding_plan, renewal_prep, touch_cadence, win_back_plan, ChurnEvent,
    ChurnTaxonomy, ClassifiedChurn, EngagementAssessment, EngagementLevel, MilestoneState,
    OnboardingInput, OnboardingPlan, RenewalInput, RenewalPlan, SavePlay, TouchCadence,
    TouchCadenceInput, TouchKind, WinBackInput, WinBackPlan,
};
use crate::rules::{PlayAction, Severity, SignalStrength};
use crate::shared::score_history::TrendDirection;
use chrono::{Days, NaiveDate};
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
    score_account_with(&Engines::of(portfolio)?, portfolio, account, as_of)
}

pub(crate) fn score_account_with(
    engines: &Engines,
    portfolio: &Portfolio,
    account: &str,
    as_of: NaiveDate,
) -> Result<AccountScore> {
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

fn missing(view: &AccountView<'_>, field: &str, what: &str) -> Error {
    Error::new(
        ErrorCode::InputMissingRecord,
        format!("accounts[{}].{field}", view.index),
        what.to_string(),
    )
    .with_value(view.account.id.clone())
}

/// A rule that fired for the account, as the commands report it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Indicator {
    /// Rule key.
    pub rule: String,
    /// What the rule detects.
    pub label: String,
    /// Rule category (`early_warning`, `onboarding_risk`, `health_tier`, `trigger`, `adoption`, `nps`, `expansion`).
    pub category: Option<String>,
    /// Severity.
    pub severity: Severity,
    /// The play to run.
    pub play: String,
    /// The message with the facts substituted.
    pub message: String,
    /// When to act by: `as_of` at 00:00 plus the rule's hours, as an ISO date-time without zone
    /// (`"2026-03-03T00:00:00"`).
    #[serde(serialize_with = "crate::rules::iso_date_time")]
    pub due_at: Option<chrono::NaiveDateTime>,
}

impl Indicator {
    fn of(action: &PlayAction) -> Indicator {
        Indicator {
            rule: action.rule.clone(),
            label: action.label.clone(),
            category: action.category.clone(),
            severity: action.severity,
            play: action.play.clone(),
            message: action.message.clone(),
            due_at: action.due_at,
        }
    }
}

/// "Onboarding plan for [account]": the 90-day plan on `as_of` and the onboarding risk signals
/// that fired.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OnboardingReport {
    /// Account id.
    pub account: String,
    /// Segment key (the time-to-first-value target follows it).
    pub segment: &'static str,
    /// The plan.
    pub plan: OnboardingPlan,
    /// Onboarding risk signals of the rule pack that fired.
    pub risks: Vec<Indicator>,
}

/// The account's onboarding plan on `as_of`, if it has an onboarding.
pub(crate) fn onboarding_of(
    view: &AccountView<'_>,
    as_of: NaiveDate,
) -> Result<Option<OnboardingPlan>> {
    let Some(record) = &view.account.onboarding else {
        return Ok(None);
    };
    onboarding_plan(&OnboardingInput {
        start_date: record.start_date,
        as_of,
        segment: view.segment,
        completed: record.completed.clone(),
        first_value_on: record.first_value_on,
        ..OnboardingInput::default()
    })
    .map(Some)
    .map_err(|e| e.within(&format!("accounts[{}].onboarding", view.index)))
}

/// Runs "Onboarding plan for [account]" (`input.missing_record` without an onboarding).
pub fn onboarding_plan_for(
    portfolio: &Portfolio,
    account: &str,
    as_of: NaiveDate,
) -> Result<OnboardingReport> {
    onboarding_plan_for_with(&Engines::of(portfolio)?, portfolio, account, as_of)
}

pub(crate) fn onboarding_plan_for_with(
    engines: &Engines,
    portfolio: &Portfolio,
    account: &str,
    as_of: NaiveDate,
) -> Result<OnboardingReport> {
    let view = view_of(engines, portfolio, account, as_of)?;
    let plan = onboarding_of(&view, as_of)?
        .ok_or_else(|| missing(&view, "onboarding", "the account has no onboarding"))?;
    Ok(OnboardingReport {
        account: view.account.id.clone(),
        segment: segment_key(view.segment),
        risks: view
            .actions_in("onboarding_risk")
            .map(Indicator::of)
            .collect(),
        plan,
    })
}

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

pub(crate) fn risk_of(view: &AccountView<'_>, engines: &Engines, as_of: NaiveDate) -> ChurnRisk {
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
    churn_risk_with(&Engines::of(portfolio)?, portfolio, account, as_of)
}

pub(crate) fn churn_risk_with(
    engines: &Engines,
    portfolio: &Portfolio,
    account: &str,
    as_of: NaiveDate,
) -> Result<ChurnRisk> {
    let view = view_of(engines, portfolio, account, as_of)?;
    Ok(risk_of(&view, engines, as_of))
}

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
    /// The seed's playbook the play belongs to.
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

fn expansion_of(
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
    expansion_opportunities_with(&Engines::of(portfolio)?, portfolio, account, as_of)
}

pub(crate) fn expansion_opportunities_with(
    engines: &Engines,
    portfolio: &Portfolio,
    account: &str,
    as_of: NaiveDate,
) -> Result<ExpansionOpportunities> {
    let view = view_of(engines, portfolio, account, as_of)?;
    Ok(expansion_of(&view, engines, as_of))
}

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
    win_back_plan_for_with(&Engines::of(portfolio)?, portfolio, account, as_of)
}

pub(crate) fn win_back_plan_for_with(
    engines: &Engines,
    portfolio: &Portfolio,
    account: &str,
    as_of: NaiveDate,
) -> Result<WinBackReport> {
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

/// "Renewal prep for [account]": the renewal timeline, the risk assessment and a talk track.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RenewalReport {
    /// Account id.
    pub account: String,
    /// ARR up for renewal.
    pub arr: Decimal,
    /// The renewal timeline.
    pub plan: RenewalPlan,
    /// The churn-risk assessment.
    pub risk: ChurnRisk,
    /// Open expansion plays to bring to the renewal (for ready accounts).
    pub expansion: Vec<ExpansionPlay>,
    /// What to say, in order.
    pub talk_track: Vec<String>,
}

fn talk_track(
    view: &AccountView<'_>,
    risk: &ChurnRisk,
    expansion: &ExpansionOpportunities,
) -> Vec<String> {
    let mut lines = Vec::new();
    let achieved: Vec<&str> = view
        .account
        .goals
        .iter()
        .filter(|g| g.status == GoalStatus::Achieved)
        .map(|g| g.objective.as_str())
        .collect();
    if achieved.is_empty() {
        lines.push("Open with their business priorities for the next 12 months.".to_string());
    } else {
        lines.push(format!(
            "Recap the value delivered: {}.",
            achieved.join("; ")
        ));
    }
    match risk.level {
        RiskLevel::Critical | RiskLevel::High => {
            lines.push("Acknowledge the open issues before talking terms; present the recovery plan with owners and dates.".into());
            lines.push(
                "Bring the executive sponsor in: align exec-to-exec on the value still to prove."
                    .into(),
            );
            if let Some(play) = risk.save_plays.first() {
                lines.push(format!("Run the save play \"{}\".", play.label));
            }
            lines.push(
                "Never discount without getting something back (multi-year, case study, referral)."
                    .into(),
            );
        }
        RiskLevel::Medium => {
            lines.push(
                "Name the risks you see and agree the next quarter's goals before the renewal."
                    .into(),
            );
        }
        RiskLevel::Low => {
            lines.push(
                "Propose a multi-year renewal at the current rate before price increases.".into(),
            );
        }
    }
    if expansion.ready {
        if let Some(play) = expansion.plays.first() {
            lines.push(format!("Bundle the expansion: {}", play.message));
        }
    }
    lines.push("Confirm the decision process, signatories and procurement timeline.".into());
    lines
}

/// Runs "Renewal prep for [account]" (`input.missing_record` without a renewal).
pub fn renewal_prep_for(
    portfolio: &Portfolio,
    account: &str,
    as_of: NaiveDate,
) -> Result<RenewalReport> {
    renewal_prep_for_with(&Engines::of(portfolio)?, portfolio, account, as_of)
}

pub(crate) fn renewal_prep_for_with(
    engines: &Engines,
    portfolio: &Portfolio,
    account: &str,
    as_of: NaiveDate,
) -> Result<RenewalReport> {
    let view = view_of(engines, portfolio, account, as_of)?;
    let renewal = view
        .account
        .renewal
        .as_ref()
        .ok_or_else(|| missing(&view, "renewal", "the account has no renewal date"))?;
    let plan = renewal_prep(&RenewalInput {
        renewal_date: renewal.date,
        as_of,
        completed: renewal.completed.clone(),
        signed: renewal.signed,
        health_tier: view.tier().map(str::to_string),
        options: Default::default(),
    })
    .map_err(|e| e.within(&format!("accounts[{}].renewal", view.index)))?;
    let risk = risk_of(&view, engines, as_of);
    let expansion = expansion_of(&view, engines, as_of);
    let talk_track = talk_track(&view, &risk, &expansion);
    Ok(RenewalReport {
        account: view.account.id.clone(),
        arr: view.account.arr,
        plan,
        expansion: if expansion.ready {
            expansion.plays.clone()
        } else {
            Vec::new()
        },
        risk,
        talk_track,
    })
}

/// One section of the QBR agenda.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AgendaItem {
    /// Section of the seed's 60-minute structure.
    pub section: &'static str,
    /// Minutes.
    pub minutes: u32,
    /// What to cover, from the account's data.
    pub points: Vec<String>,
}

/// Status of a checklist item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChecklistStatus {
    /// Ready from the data.
    Ready,
    /// Needs attention before the QBR.
    Attention,
    /// To do by the CSM.
    Todo,
}

/// One item of the QBR prep checklist.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChecklistItem {
    /// The seed's checklist item.
    pub item: &'static str,
    /// Status.
    pub status: ChecklistStatus,
    /// Details from the data.
    pub note: String,
}

/// "QBR prep for [account]": the agenda with the account's data, the data summary, the prep
/// checklist and the recommendations.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QbrPrep {
    /// Account id.
    pub account: String,
    /// Display name.
    pub name: String,
    /// The day of the answer.
    pub as_of: NaiveDate,
    /// Last QBR held.
    pub last_qbr: Option<NaiveDate>,
    /// When the next QBR is due by the touch cadence of the account's tier (`null` for a tier
    /// without QBRs).
    pub next_qbr_due: Option<NaiveDate>,
    /// Send the pre-read agenda by this day (5 days before the QBR).
    pub pre_read_due: Option<NaiveDate>,
    /// Current score, tier and trend.
    pub score: Option<f64>,
    /// Tier key.
    pub tier: Option<String>,
    /// 30-day trend.
    pub trend: Option<TrendDirection>,
    /// Score change over 30 days.
    pub score_change: Option<f64>,
    /// Latest NPS response.
    pub nps: Option<f64>,
    /// Latest CSAT response.
    pub csat: Option<f64>,
    /// Open support tickets.
    pub open_tickets: Option<u32>,
    /// Goals achieved / goals.
    pub goals_achieved: crate::lifecycle::Share<u64>,
    /// The 60-minute agenda.
    pub agenda: Vec<AgendaItem>,
    /// The prep checklist.
    pub checklist: Vec<ChecklistItem>,
    /// The recommendations to bring (expansion, risks).
    pub recommendations: Vec<String>,
    /// Who should attend from the customer.
    pub attendees: Vec<Contact>,
    /// Roles to invite that the account has no contact for.
    pub missing_roles: Vec<ContactRole>,
}

/// The touch cadence of the account; the QBRs held count as QBR touches.
fn cadence_of(view: &AccountView<'_>, as_of: NaiveDate) -> Result<TouchCadence> {
    let mut last_touches = view.account.last_touches.clone();
    let held = view
        .account
        .qbrs
        .iter()
        .filter(|d| **d <= as_of)
        .max()
        .copied();
    last_touches.qbr = last_touches.qbr.max(held);
    touch_cadence(&TouchCadenceInput {
        arr: view.account.arr,
        as_of,
        last_touches,
        since: view.account.customer_since,
        segment: Some(view.segment),
        thresholds: Default::default(),
    })
    .map_err(|e| e.within(&format!("accounts[{}].last_touches", view.index)))
}

fn next_due(cadence: &TouchCadence, touch: TouchKind) -> Option<NaiveDate> {
    cadence
        .touches
        .iter()
        .find(|t| t.touch == touch)
        .and_then(|t| t.next_due)
}

const KEY_ROLES: [ContactRole; 3] = [
    ContactRole::Champion,
    ContactRole::ExecSponsor,
    ContactRole::TechnicalLead,
];

/// The key roles (champion, executive sponsor, technical lead) without a contact.
fn missing_roles(account: &super::PortfolioAccount) -> Vec<ContactRole> {
    KEY_ROLES
        .into_iter()
        .filter(|r| !account.contacts.iter().any(|c| c.role == *r))
        .collect()
}

/// Runs "QBR prep for [account]".
pub fn qbr_prep(portfolio: &Portfolio, account: &str, as_of: NaiveDate) -> Result<QbrPrep> {
    qbr_prep_with(&Engines::of(portfolio)?, portfolio, account, as_of)
}

pub(crate) fn qbr_prep_with(
    engines: &Engines,
    portfolio: &Portfolio,
    account: &str,
    as_of: NaiveDate,
) -> Result<QbrPrep> {
    let view = view_of(engines, portfolio, account, as_of)?;
    let a = view.account;
    let cadence = cadence_of(&view, as_of)?;
    let due = next_due(&cadence, TouchKind::Qbr);
    let next_qbr_due = due.map(|d| d.max(as_of));
    let last_qbr = a
        .qbrs
        .iter()
        .filter(|d| **d <= as_of)
        .max()
        .copied()
        .or(a.last_touches.qbr);
    let risk = risk_of(&view, engines, as_of);
    let expansion = expansion_of(&view, engines, as_of);
    let (trend, delta) = view
        .trend
        .as_ref()
        .map_or((None, None), |t| (t.direction, t.delta));
    let achieved = a
        .goals
        .iter()
        .filter(|g| g.status == GoalStatus::Achieved)
        .count() as u64;
    let goals = crate::lifecycle::Share::of_counts(achieved, a.goals.len() as u64);
    let nps = latest_response(&a.nps, as_of).map(|r| r.score);
    let csat = latest_response(&a.csat, as_of).map(|r| r.score);
    let score_line = match (view.score.composite, view.tier()) {
        (Some(s), Some(t)) => format!("Health score {s} ({t}), trend {}", trend_word(trend)),
        _ => "Health score: too little data".to_string(),
    };
    let mut value_points = vec![score_line.clone()];
    for g in &a.goals {
        value_points.push(format!("Goal \"{}\": {}", g.objective, goal_word(g.status)));
    }
    let mut strategic =
        vec!["\"Where is the business heading in the next 12 months?\"".to_string()];
    for p in expansion.plays.iter().take(2).filter(|_| expansion.ready) {
        strategic.push(format!("Expansion: {}", p.label));
    }
    let missing_roles = missing_roles(a);
    if !missing_roles.is_empty() {
        strategic.push("Ask to be introduced to the missing stakeholders".to_string());
    }
    let agenda = vec![
        AgendaItem {
            section: "Business context",
            minutes: 10,
            points: vec!["The customer shares business updates, priorities, challenges (listen; no slides first)".into()],
        },
        AgendaItem {
            section: "Value delivered",
            minutes: 15,
            points: value_points,
        },
        AgendaItem {
            section: "Roadmap and innovation",
            minutes: 10,
            points: vec!["Roadmap aligned to their priorities; early access and beta opportunities".into()],
        },
        AgendaItem {
            section: "Success plan review",
            minutes: 15,
            points: vec![
                format!(
                    "Score the goals: {} of {} achieved",
                    goals.numerator, goals.denominator
                ),
                "Set next quarter's objectives with owners and dates".into(),
            ],
        },
        AgendaItem {
            section: "Strategic discussion",
            minutes: 10,
            points: strategic,
        },
    ];
    let tickets = a.open_tickets.unwrap_or(0);
    let checklist = vec![
        ChecklistItem {
            item: "Pull 90-day usage data and create dashboard",
            status: if a.signals.is_empty() {
                ChecklistStatus::Todo
            } else {
                ChecklistStatus::Ready
            },
            note: format!("{} signals on record", a.signals.len()),
        },
        ChecklistItem {
            item: "Calculate ROI / value delivered",
            status: if achieved > 0 {
                ChecklistStatus::Ready
            } else {
                ChecklistStatus::Todo
            },
            note: format!("{achieved} goals achieved"),
        },
        ChecklistItem {
            item: "Review health score trend",
            status: if trend == Some(TrendDirection::Down) {
                ChecklistStatus::Attention
            } else {
                ChecklistStatus::Ready
            },
            note: score_line,
        },
        ChecklistItem {
            item: "Check open support tickets — resolve before QBR",
            status: if tickets > 0 {
                ChecklistStatus::Attention
            } else {
                ChecklistStatus::Ready
            },
            note: format!("{tickets} open"),
        },
        ChecklistItem {
            item: "Review success plan — score each goal",
            status: if a.goals.is_empty() {
                ChecklistStatus::Todo
            } else {
                ChecklistStatus::Ready
            },
            note: format!("{} goals", a.goals.len()),
        },
        ChecklistItem {
            item: "Prepare 1-2 expansion recommendations with ROI projections",
            status: if expansion.ready && !expansion.plays.is_empty() {
                ChecklistStatus::Ready
            } else {
                ChecklistStatus::Todo
            },
            note: format!("{} expansion signals", expansion.plays.len()),
        },
        ChecklistItem {
            item: "Identify who should attend",
            status: if missing_roles.is_empty() {
                ChecklistStatus::Ready
            } else {
                ChecklistStatus::Attention
            },
            note: format!(
                "{} contacts, {} key roles missing",
                a.contacts.len(),
                missing_roles.len()
            ),
        },
        ChecklistItem {
            item: "Send pre-read agenda 5 days before",
            status: ChecklistStatus::Todo,
            note: next_qbr_due
                .and_then(|d| d.checked_sub_days(Days::new(5)))
                .map_or_else(|| "no QBR due".to_string(), |d| format!("by {d}")),
        },
    ];
    let mut recommendations: Vec<String> = Vec::new();
    if expansion.ready {
        recommendations.extend(expansion.plays.iter().take(2).map(|p| p.message.clone()));
    }
    recommendations.extend(risk.indicators.iter().map(|i| i.message.clone()));
    let mut attendees: Vec<Contact> = a
        .contacts
        .iter()
        .filter(|c| c.role != ContactRole::User)
        .cloned()
        .collect();
    attendees.sort_by(|x, y| x.role.cmp(&y.role).then(x.name.cmp(&y.name)));
    Ok(QbrPrep {
        account: a.id.clone(),
        name: a.display_name().to_string(),
        as_of,
        last_qbr,
        next_qbr_due,
        pre_read_due: next_qbr_due.and_then(|d| d.checked_sub_days(Days::new(5))),
        score: view.score.composite,
        tier: view.tier().map(str::to_string),
        trend,
        score_change: delta,
        nps,
        csat,
        open_tickets: a.open_tickets,
        goals_achieved: goals,
        agenda,
        checklist,
        recommendations,
        attendees,
        missing_roles,
    })
}

fn trend_word(trend: Option<TrendDirection>) -> &'static str {
    match trend {
        Some(TrendDirection::Up) => "up",
        Some(TrendDirection::Flat) => "flat",
        Some(TrendDirection::Down) => "down",
        None => "unknown",
    }
}

fn goal_word(status: GoalStatus) -> &'static str {
    match status {
        GoalStatus::NotStarted => "not started",
        GoalStatus::InProgress => "in progress",
        GoalStatus::Achieved => "achieved",
        GoalStatus::Missed => "missed",
    }
}

/// The stakeholders of a success plan.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct StakeholderMap {
    /// The champion.
    pub champion: Option<Contact>,
    /// The executive sponsor.
    pub exec_sponsor: Option<Contact>,
    /// The technical lead.
    pub technical_lead: Option<Contact>,
}

/// A business objective with its status on `as_of`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SuccessPlanObjective {
    /// What the customer wants to achieve.
    pub objective: String,
    /// How it is measured.
    pub metric: Option<String>,
    /// Current state.
    pub baseline: Option<String>,
    /// Goal state.
    pub target: Option<String>,
    /// By when.
    pub timeline: Option<NaiveDate>,
    /// Status.
    pub status: GoalStatus,
    /// Not achieved and past its day.
    pub overdue: bool,
}

/// Status of a success-plan milestone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SuccessMilestoneStatus {
    /// Not reached; on track.
    Pending,
    /// Reached.
    Complete,
    /// Not reached; at risk or overdue.
    AtRisk,
}

/// One of the seed's three success-plan milestones.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SuccessPlanMilestone {
    /// "Technical Setup Complete", "First Value Delivered", "Full Adoption".
    pub name: &'static str,
    /// Target day (from the onboarding plan), when there is an onboarding.
    pub target_date: Option<NaiveDate>,
    /// Status.
    pub status: SuccessMilestoneStatus,
}

/// A risk of the success plan with its mitigation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SuccessPlanRisk {
    /// The risk.
    pub risk: String,
    /// Mitigation: the play's message.
    pub mitigation: String,
    /// Owner: the CSM.
    pub owner: Option<String>,
}

/// "Success plan for [account]": the seed's success-plan template filled from the account.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SuccessPlan {
    /// Account name.
    pub account: String,
    /// The day of the plan.
    pub created: NaiveDate,
    /// The CSM.
    pub owner: Option<String>,
    /// Champion, executive sponsor, technical lead.
    pub stakeholders: StakeholderMap,
    /// Key roles without a contact.
    pub missing_stakeholders: Vec<ContactRole>,
    /// Business objectives.
    pub business_objectives: Vec<SuccessPlanObjective>,
    /// Use cases.
    pub use_cases: Vec<UseCase>,
    /// The three milestones.
    pub milestones: Vec<SuccessPlanMilestone>,
    /// Risks from the rules that fired, with their mitigation.
    pub risks: Vec<SuccessPlanRisk>,
    /// Next review: the next QBR due, else 90 days out.
    pub next_review: Option<NaiveDate>,
}

fn milestone_status(
    plan: Option<&OnboardingPlan>,
    phase: &str,
    reached: bool,
) -> (Option<NaiveDate>, SuccessMilestoneStatus) {
    let Some(plan) = plan else {
        let status = if reached {
            SuccessMilestoneStatus::Complete
        } else {
            SuccessMilestoneStatus::Pending
        };
        return (None, status);
    };
    let phase_status = plan.phases.iter().find(|p| p.key == phase);
    let target = plan
        .milestones
        .iter()
        .filter(|m| m.phase == phase)
        .map(|m| m.target_date)
        .max();
    let status = match phase_status.map(|p| p.status) {
        Some(MilestoneState::Done) => SuccessMilestoneStatus::Complete,
        _ if reached => SuccessMilestoneStatus::Complete,
        Some(MilestoneState::AtRisk | MilestoneState::Overdue) => SuccessMilestoneStatus::AtRisk,
        _ => SuccessMilestoneStatus::Pending,
    };
    (target, status)
}

/// Runs "Success plan for [account]".
pub fn success_plan(portfolio: &Portfolio, account: &str, as_of: NaiveDate) -> Result<SuccessPlan> {
    success_plan_with(&Engines::of(portfolio)?, portfolio, account, as_of)
}

pub(crate) fn success_plan_with(
    engines: &Engines,
    portfolio: &Portfolio,
    account: &str,
    as_of: NaiveDate,
) -> Result<SuccessPlan> {
    let view = view_of(engines, portfolio, account, as_of)?;
    let a = view.account;
    let onboarding = onboarding_of(&view, as_of)?;
    let pick = |role: ContactRole| a.contacts.iter().find(|c| c.role == role).cloned();
    let stakeholders = StakeholderMap {
        champion: pick(ContactRole::Champion),
        exec_sponsor: pick(ContactRole::ExecSponsor),
        technical_lead: pick(ContactRole::TechnicalLead),
    };
    let live = a.use_cases.iter().any(|u| {
        matches!(
            u.status,
            super::UseCaseStatus::Live | super::UseCaseStatus::Optimizing
        )
    });
    let tenured = onboarding.is_none() && a.customer_since.is_some_and(|d| d <= as_of);
    let first_value = onboarding
        .as_ref()
        .map_or(tenured, |p| p.time_to_first_value.elapsed_minutes.is_some());
    let all_live = !a.use_cases.is_empty()
        && a.use_cases.iter().all(|u| {
            matches!(
                u.status,
                super::UseCaseStatus::Live | super::UseCaseStatus::Optimizing
            )
        });
    let plan = onboarding.as_ref();
    let (setup_date, setup) = milestone_status(plan, "technical_setup", tenured);
    let (_, value_status) = milestone_status(plan, "core_adoption", first_value || live);
    let value_date = plan.map(|p| p.time_to_first_value.target_date);
    let (adoption_date, adoption) = milestone_status(plan, "optimization", all_live);
    let milestones = vec![
        SuccessPlanMilestone {
            name: "Technical Setup Complete",
            target_date: setup_date,
            status: setup,
        },
        SuccessPlanMilestone {
            name: "First Value Delivered",
            target_date: value_date,
            status: value_status,
        },
        SuccessPlanMilestone {
            name: "Full Adoption",
            target_date: adoption_date,
            status: adoption,
        },
    ];
    let risks = view
        .rules
        .actions
        .iter()
        .filter(|x| x.category.as_deref() != Some("expansion") && x.severity != Severity::Info)
        .map(|x| SuccessPlanRisk {
            risk: x.label.clone(),
            mitigation: x.message.clone(),
            owner: a.csm.clone(),
        })
        .collect();
    let cadence = cadence_of(&view, as_of)?;
    let next_review = next_due(&cadence, TouchKind::Qbr)
        .map(|d| d.max(as_of))
        .or_else(|| as_of.checked_add_days(Days::new(90)));
    Ok(SuccessPlan {
        account: a.display_name().to_string(),
        created: as_of,
        owner: a.csm.clone(),
        missing_stakeholders: missing_roles(a),
        stakeholders,
        business_objectives: a
            .goals
            .iter()
            .map(|g| SuccessPlanObjective {
                objective: g.objective.clone(),
                metric: g.metric.clone(),
                baseline: g.baseline.clone(),
                target: g.target.clone(),
                timeline: g.due,
                status: g.status,
                overdue: g.status != GoalStatus::Achieved && g.due.is_some_and(|d| d < as_of),
            })
            .collect(),
        use_cases: a.use_cases.clone(),
        milestones,
        risks,
        next_review,
    })
}

/// One step of a save play.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InterventionStep {
    /// Act by this day.
    pub due: NaiveDate,
    /// What to do.
    pub action: String,
    /// Who: `csm`, `csm_manager`, `executive`.
    pub owner: &'static str,
}

/// "Save play for [account]": the intervention plan for an at-risk account.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SavePlayPlan {
    /// Account id.
    pub account: String,
    /// The day of the answer.
    pub as_of: NaiveDate,
    /// ARR at risk.
    pub arr: Decimal,
    /// The churn-risk assessment the plan answers.
    pub risk: ChurnRisk,
    /// Whether a save play is needed (risk high or critical).
    pub needed: bool,
    /// Hours to the first contact: 24 when critical, 48 when high (the seed's tier playbooks),
    /// 168 otherwise.
    pub respond_within_hours: u32,
    /// The steps, by due day.
    pub steps: Vec<InterventionStep>,
}

/// Runs "Save play for [account]".
pub fn save_play(portfolio: &Portfolio, account: &str, as_of: NaiveDate) -> Result<SavePlayPlan> {
    save_play_with(&Engines::of(portfolio)?, portfolio, account, as_of)
}

pub(crate) fn save_play_with(
    engines: &Engines,
    portfolio: &Portfolio,
    account: &str,
    as_of: NaiveDate,
) -> Result<SavePlayPlan> {
    let view = view_of(engines, portfolio, account, as_of)?;
    let risk = risk_of(&view, engines, as_of);
    let hours: u32 = match risk.level {
        RiskLevel::Critical => 24,
        RiskLevel::High => 48,
        _ => 168,
    };
    let day = |n: u64| as_of.checked_add_days(Days::new(n)).unwrap_or(as_of);
    let first = day(u64::from(hours / 24));
    let mut steps = vec![InterventionStep {
        due: first,
        action: if risk.level == RiskLevel::Critical {
            "Save call with the champion and the executive sponsor; root cause and recovery plan"
                .into()
        } else {
            "Personal outreach (call, not email): confirm the risk and its cause".into()
        },
        owner: "csm",
    }];
    for i in &risk.indicators {
        if i.category.as_deref() == Some("health_tier") {
            continue;
        }
        steps.push(InterventionStep {
            due: first,
            action: i.message.clone(),
            owner: "csm",
        });
    }
    for (n, play) in risk.save_plays.iter().enumerate() {
        for (k, step) in play.steps.iter().enumerate() {
            steps.push(InterventionStep {
                due: day(u64::from(hours / 24) + 7 * (n as u64) + 2 * (k as u64)),
                action: format!("{}: {}", play.label, step),
                owner: if k == 0 { "csm" } else { "csm_manager" },
            });
        }
    }
    if risk.level >= RiskLevel::High {
        steps.push(InterventionStep {
            due: day(7),
            action: "Executive sponsor check-in: exec-to-exec on the recovery plan".into(),
            owner: "executive",
        });
        steps.push(InterventionStep {
            due: day(30),
            action: "Review the save: re-score the account; saved, lost or still at risk".into(),
            owner: "csm_manager",
        });
    }
    steps.sort_by_key(|s| s.due);
    Ok(SavePlayPlan {
        account: view.account.id.clone(),
        as_of,
        arr: view.account.arr,
        needed: risk.level >= RiskLevel::High,
        respond_within_hours: hours,
        steps,
        risk,
    })
}
