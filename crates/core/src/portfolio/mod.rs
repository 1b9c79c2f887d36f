//! The portfolio review and the customer-success commands.
//!
//! A [`Portfolio`] holds what a customer-success team tracks about its accounts: ARR, segment,
//! CSM, renewal, health signals and score history, subscriptions, churn with its reason,
//! NPS/CSAT responses, onboarding milestones, touches, contacts, expansion pipeline and goals.
//! Every command of the list ("Score", "Onboarding plan", "QBR prep", "Churn risk",
//! "Expansion opportunities", "Win-back plan", "Renewal prep", "Portfolio review", "Cohort
//! analysis", "Success plan", "Save play", "NRR report") is one function over a portfolio and
//! an explicit `as_of` day, returning structured data ([`Command`] lists them; [`run_command`]
//! runs one by name, as the bindings and the command-line program do).
//!
//! Each command is built from the engine's other parts, computed once per account: the health
//! score of the account's signals (the built-in model unless the portfolio carries one), its
//! trend over the score history, the default rule pack (or the portfolio's rules) over the
//! account's facts, and the lifecycle timelines.
//!
//! ```
//! use tenure::{Portfolio, portfolio_review};
//! let portfolio = Portfolio::from_json(r#"{"accounts": [
//!   {"id": "acme", "arr": "120000", "segment": "enterprise", "csm": "dana",
//!    "renewal": {"date": "2026-02-01"},
//!    "signals": {"dau_mau_ratio": 0.45, "usage_trend": "up", "payment_status": "current"}},
//!   {"id": "globex", "arr": "30000", "csm": "lee",
//!    "signals": {"dau_mau_ratio": 0.1, "usage_trend": "down", "payment_status": "late"}}
//! ]}"#)?;
//! let as_of = "2026-01-05".parse().unwrap();
//! let review = portfolio_review(&portfolio, as_of, &Default::default())?;
//! assert_eq!(review.dashboard.portfolio.total_accounts, 2);
//! assert_eq!(review.dashboard.portfolio.total_arr.to_string(), "150000");
//! assert_eq!(review.dashboard.renewals.upcoming_30d.count, 1);
//! # Ok::<(), tenure::Error>(())
//! ```

mod context;
mod expansion;
mod onboarding;
mod qbr;
mod renewal;
mod revenue;
mod review;
mod risk;
mod save;
mod score;
mod success;
mod win_back;

pub use context::Indicator;
pub use expansion::{expansion_opportunities, ExpansionOpportunities, ExpansionPlay};
pub use onboarding::{onboarding_plan_for, OnboardingReport};
pub use qbr::{qbr_prep, AgendaItem, ChecklistItem, ChecklistStatus, QbrPrep};
pub use renewal::{renewal_prep_for, RenewalReport};
pub use revenue::{cohort_analysis, nrr_report, CohortAnalysis, NrrReport, NrrSegment, NrrTarget};
pub use review::{
    portfolio_review, AtRiskAccount, ChurnReasonAnswer, CountArr, CsmConcentration, Dashboard,
    EngagementSection, ExpansionSection, HealthDistribution, MonthlyReview, MultiThreading,
    OnboardingSection, PortfolioReview, PortfolioSection, RenewalsSection, RetentionSection,
    ThreadedAccount, TierBucket, TierMover,
};
pub use risk::{churn_risk, ChurnRisk, RiskLevel};
pub use save::{save_play, InterventionStep, SavePlayPlan};
pub use score::{score_account, AccountScore};
pub use success::{
    success_plan, StakeholderMap, SuccessMilestoneStatus, SuccessPlan, SuccessPlanMilestone,
    SuccessPlanObjective, SuccessPlanRisk,
};
pub use win_back::{win_back_plan_for, WinBackReport};

use crate::error::{Error, ErrorCode, Result};
use crate::health::InputValue;
use crate::lifecycle::{CompletedMilestone, CustomerSegment, LastTouches};
use crate::revenue::BillingInterval;
use crate::rules::{FactValue, RuleSet};
use crate::shared::score_history::ScorePoint;
use crate::HealthModel;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The accounts a customer-success team tracks, with the models the commands use.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Portfolio {
    /// The accounts (ids unique).
    pub accounts: Vec<PortfolioAccount>,
    /// ISO code of the currency of every amount (for display; amounts are never converted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// The health model (default: the built-in five-dimension model).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<HealthModel>,
    /// The lifecycle rule set (default: the built-in rule pack).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<RuleSet>,
}

/// One account of a portfolio. Only `id` and `arr` are required; every command says what it
/// reads, and a command that needs a record the account does not have (a churn for a win-back
/// plan, an onboarding for an onboarding plan) fails with `input.missing_record`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortfolioAccount {
    /// Account id, unique in the portfolio.
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Current ARR (exact decimal, at least 0; JSON number or string).
    pub arr: Decimal,
    /// Customer segment (`enterprise`, `mid_market`, `smb`, `self_serve`); without it, from the ARR by the
    /// default ARR tiers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<CustomerSegment>,
    /// The CSM who owns the account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csm: Option<String>,
    /// First day as a customer (contract start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_since: Option<NaiveDate>,
    /// The next renewal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewal: Option<RenewalRecord>,
    /// Health-model inputs by input key (`dau_mau_ratio`, `usage_trend`, ...); `null` is missing.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub signals: BTreeMap<String, Option<InputValue>>,
    /// Attributes that choose a segment model (`segment`, `arr` are added from the account).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, Option<InputValue>>,
    /// Rule facts by key, beyond those derived from the account (see [`run_command`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub facts: BTreeMap<String, FactValue>,
    /// The day each play last fired, for the rules' cooldowns.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub last_fired: BTreeMap<String, NaiveDate>,
    /// Earlier health scores, oldest first (the current score is computed from `signals`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub score_history: Vec<ScorePoint>,
    /// Subscription periods (the customer is the account).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subscriptions: Vec<AccountSubscription>,
    /// The churn, if the account has churned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub churn: Option<AccountChurn>,
    /// NPS responses (0-10).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nps: Vec<SurveyResponse>,
    /// CSAT responses (1-5).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub csat: Vec<SurveyResponse>,
    /// The onboarding, for accounts that have one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub onboarding: Option<OnboardingRecord>,
    /// The last touch of each type.
    #[serde(default)]
    pub last_touches: LastTouches,
    /// Days of the QBRs held.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub qbrs: Vec<NaiveDate>,
    /// Contacts at the customer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    /// Expansion opportunities in the pipeline.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub opportunities: Vec<ExpansionOpportunity>,
    /// Product activity, for the engagement level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<ActivityRecord>,
    /// Business objectives of the success plan.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<Goal>,
    /// Use cases of the success plan.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub use_cases: Vec<UseCase>,
    /// Support tickets open now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_tickets: Option<u32>,
}

/// The next renewal of an account.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenewalRecord {
    /// Renewal (contract end) day.
    pub date: NaiveDate,
    /// Whether the renewal is signed.
    #[serde(default)]
    pub signed: bool,
    /// Renewal-prep steps done (keys of the renewal timeline).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub completed: Vec<String>,
}

/// A subscription period of an account.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountSubscription {
    /// First day.
    pub start: NaiveDate,
    /// First day after the period; `None` while it runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<NaiveDate>,
    /// Amount per billing interval.
    pub amount: Decimal,
    /// Billing interval (default monthly).
    #[serde(default)]
    pub interval: BillingInterval,
}

/// The churn of an account.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountChurn {
    /// Day of the churn.
    pub date: NaiveDate,
    /// Churn category of the taxonomy (`product`, `value`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Sub-reason within the category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_reason: Option<String>,
    /// ARR lost (default: the account's ARR).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arr: Option<Decimal>,
    /// Win-back emails sent (7, 30, 90).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub win_back_sent: Vec<u32>,
}

/// One survey response.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyResponse {
    /// Day of the response.
    pub date: NaiveDate,
    /// The score (NPS 0-10, CSAT 1-5).
    pub score: f64,
}

/// The onboarding of an account.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnboardingRecord {
    /// Day 0 of the onboarding.
    pub start_date: NaiveDate,
    /// Milestones done.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub completed: Vec<CompletedMilestone>,
    /// Day of the first value, if reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_value_on: Option<NaiveDate>,
}

/// The role of a contact.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactRole {
    /// The champion.
    Champion,
    /// The executive sponsor.
    ExecSponsor,
    /// The technical lead.
    TechnicalLead,
    /// A decision maker other than the sponsor.
    DecisionMaker,
    /// A user.
    #[default]
    User,
}

/// A contact at the customer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Name.
    pub name: String,
    /// Role.
    #[serde(default)]
    pub role: ContactRole,
    /// Job title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// E-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Last day the contact engaged (meeting, reply, login).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_engaged_on: Option<NaiveDate>,
}

/// Stage of an expansion opportunity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpportunityStage {
    /// Signal seen, not yet discussed.
    #[default]
    Identified,
    /// In conversation (an upsell conversation).
    Conversation,
    /// Proposal sent.
    Proposal,
    /// Won.
    Won,
    /// Lost.
    Lost,
}

/// An expansion opportunity.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpansionOpportunity {
    /// What is offered (seats, tier upgrade, cross-sell ...).
    pub name: String,
    /// ARR the opportunity adds.
    pub arr: Decimal,
    /// Stage.
    #[serde(default)]
    pub stage: OpportunityStage,
    /// Expected close day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_close: Option<NaiveDate>,
}

/// Product activity of an account.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityRecord {
    /// Average days per week with activity (0-7).
    pub active_days_per_week: f64,
    /// Last day with activity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_active_on: Option<NaiveDate>,
    /// Distinct features used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub features_used: Option<u32>,
    /// Whether the account creates content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creates_content: Option<bool>,
}

/// Status of a goal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalStatus {
    /// Not started.
    #[default]
    NotStarted,
    /// Under way.
    InProgress,
    /// Achieved.
    Achieved,
    /// Missed.
    Missed,
}

/// A business objective of the success plan.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// What the customer wants to achieve.
    pub objective: String,
    /// How it is measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    /// Current state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<String>,
    /// Goal state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// By when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// Status.
    #[serde(default)]
    pub status: GoalStatus,
}

/// Status of a use case.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UseCaseStatus {
    /// Not started.
    #[default]
    NotStarted,
    /// Being rolled out.
    InProgress,
    /// Live.
    Live,
    /// Live and being optimised.
    Optimizing,
}

/// A use case of the success plan.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UseCase {
    /// Name.
    pub name: String,
    /// Status.
    #[serde(default)]
    pub status: UseCaseStatus,
    /// Go-live day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub go_live_date: Option<NaiveDate>,
}

impl Portfolio {
    /// Reads a portfolio from JSON text; malformed text is `input.parse` with the path.
    pub fn from_json(text: &str) -> Result<Portfolio> {
        let mut de = serde_json::Deserializer::from_str(text);
        let portfolio: Portfolio = crate::error::deserialize_input(&mut de)?;
        de.end()
            .map_err(|e| Error::new(ErrorCode::InputParse, "", e.to_string()))?;
        portfolio.validate()?;
        Ok(portfolio)
    }

    /// Checks what serde cannot: unique account ids, amounts at least 0, scores in range,
    /// dates in order. The portfolio commands (review, cohort analysis, NRR report) validate the
    /// whole portfolio; an account command validates the model, the rules and its one account.
    pub fn validate(&self) -> Result<()> {
        if let Some(model) = &self.model {
            model.validate().map_err(|e| e.within("model"))?;
        }
        if let Some(rules) = &self.rules {
            rules.validate().map_err(|e| e.within("rules"))?;
        }
        let mut seen = BTreeSet::new();
        for (i, account) in self.accounts.iter().enumerate() {
            let at = format!("accounts[{i}]");
            if account.id.is_empty() {
                return Err(Error::new(
                    ErrorCode::InputEmpty,
                    format!("{at}.id"),
                    "empty account id",
                ));
            }
            if !seen.insert(account.id.as_str()) {
                return Err(Error::new(
                    ErrorCode::InputDuplicateKey,
                    format!("{at}.id"),
                    "account id given twice",
                )
                .with_value(account.id.clone()));
            }
            account.validate().map_err(|e| e.within(&at))?;
        }
        Ok(())
    }

    /// The account with an id, or `input.unknown_account`.
    pub fn account(&self, id: &str) -> Result<&PortfolioAccount> {
        self.position(id).map(|(_, account)| account)
    }

    /// The position and the account with an id, or `input.unknown_account`.
    pub(crate) fn position(&self, id: &str) -> Result<(usize, &PortfolioAccount)> {
        self.accounts
            .iter()
            .enumerate()
            .find(|(_, a)| a.id == id)
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::InputUnknownAccount,
                    "account",
                    "no account with this id in the portfolio",
                )
                .with_value(id.to_string())
            })
    }
}

fn negative(path: &str, value: Decimal) -> Error {
    Error::new(
        ErrorCode::InputNegativeAmount,
        path,
        "an amount must be at least 0",
    )
    .with_value(value.to_string())
}

fn score_range(path: String, value: f64, low: f64, high: f64) -> Result<()> {
    if value.is_finite() && value >= low && value <= high {
        Ok(())
    } else {
        Err(Error::new(
            ErrorCode::InputOutOfRange,
            path,
            format!("a score must be within {low}..={high}"),
        )
        .with_value(if value.is_finite() {
            serde_json::json!(value)
        } else {
            serde_json::json!(value.to_string())
        }))
    }
}

impl PortfolioAccount {
    /// An account with an id and an ARR.
    pub fn new(id: impl Into<String>, arr: Decimal) -> PortfolioAccount {
        PortfolioAccount {
            id: id.into(),
            arr,
            ..PortfolioAccount::default()
        }
    }

    pub(crate) fn validate(&self) -> Result<()> {
        if self.arr.is_sign_negative() && !self.arr.is_zero() {
            return Err(negative("arr", self.arr));
        }
        for (i, s) in self.subscriptions.iter().enumerate() {
            if s.amount.is_sign_negative() && !s.amount.is_zero() {
                return Err(negative(&format!("subscriptions[{i}].amount"), s.amount));
            }
            if let Some(end) = s.end {
                if end < s.start {
                    return Err(Error::new(
                        ErrorCode::InputDateOrder,
                        format!("subscriptions[{i}].end"),
                        "a subscription ends before it starts",
                    )
                    .with_value(end.to_string()));
                }
            }
        }
        for (i, r) in self.nps.iter().enumerate() {
            score_range(format!("nps[{i}].score"), r.score, 0.0, 10.0)?;
        }
        for (i, r) in self.csat.iter().enumerate() {
            score_range(format!("csat[{i}].score"), r.score, 1.0, 5.0)?;
        }
        for (i, p) in self.score_history.iter().enumerate() {
            score_range(format!("score_history[{i}].score"), p.score, 0.0, 100.0)?;
        }
        for (i, o) in self.opportunities.iter().enumerate() {
            if o.arr.is_sign_negative() && !o.arr.is_zero() {
                return Err(negative(&format!("opportunities[{i}].arr"), o.arr));
            }
        }
        if let Some(churn) = &self.churn {
            if let Some(arr) = churn.arr {
                if arr.is_sign_negative() && !arr.is_zero() {
                    return Err(negative("churn.arr", arr));
                }
            }
        }
        if let Some(activity) = &self.activity {
            let d = activity.active_days_per_week;
            if !(d.is_finite() && (0.0..=7.0).contains(&d)) {
                return Err(Error::new(
                    ErrorCode::InputOutOfRange,
                    "activity.active_days_per_week",
                    "days per week must be within 0..=7",
                ));
            }
        }
        Ok(())
    }

    /// The account's segment: the one given, else from its ARR by the default ARR tiers.
    pub fn segment_or_tier(&self) -> CustomerSegment {
        self.segment
            .unwrap_or_else(|| crate::lifecycle::ArrThresholds::default().segment(self.arr))
    }

    /// Display name (the id when no name is given).
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
}

/// Options shared by the commands.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CommandOptions {
    /// First month of the NRR report's range (default: 12 months before `as_of`'s month).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<crate::revenue::Month>,
    /// Last month of the NRR report's range (default: the month before `as_of`'s month).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub through: Option<crate::revenue::Month>,
    /// Cohorts by `month` (default) or `quarter`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<crate::revenue::CohortPeriod>,
    /// Number of at-risk accounts the review lists (default 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top: Option<usize>,
}

/// The customer-success commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Command {
    /// "Score [account]": the health score with its explanation and trend.
    Score,
    /// "Onboarding plan for [account]".
    OnboardingPlan,
    /// "QBR prep for [account]": agenda, data summary, checklist and recommendations.
    QbrPrep,
    /// "Churn risk for [account]": leading indicators and a risk assessment.
    ChurnRisk,
    /// "Expansion opportunities for [account]": expansion plays, scored.
    ExpansionOpportunities,
    /// "Win-back plan for [account]": the win-back sequence and the save plays of the reason.
    WinBackPlan,
    /// "Renewal prep for [account]": timeline, risk assessment and talk track.
    RenewalPrep,
    /// "Portfolio review": the weekly dashboard and the monthly review answers.
    PortfolioReview,
    /// "Cohort analysis": the retention cohort table of the subscriptions.
    CohortAnalysis,
    /// "Success plan for [account]".
    SuccessPlan,
    /// "Save play for [account]": the intervention plan for an at-risk account.
    SavePlay,
    /// "NRR report": net revenue retention with the expansion and contraction breakdown.
    NrrReport,
}

impl Command {
    /// Every command, in the order of the command list.
    pub const ALL: [Command; 12] = [
        Command::Score,
        Command::OnboardingPlan,
        Command::QbrPrep,
        Command::ChurnRisk,
        Command::ExpansionOpportunities,
        Command::WinBackPlan,
        Command::RenewalPrep,
        Command::PortfolioReview,
        Command::CohortAnalysis,
        Command::SuccessPlan,
        Command::SavePlay,
        Command::NrrReport,
    ];

    /// The command's name (`"qbr_prep"`).
    pub fn name(self) -> &'static str {
        match self {
            Command::Score => "score",
            Command::OnboardingPlan => "onboarding_plan",
            Command::QbrPrep => "qbr_prep",
            Command::ChurnRisk => "churn_risk",
            Command::ExpansionOpportunities => "expansion_opportunities",
            Command::WinBackPlan => "win_back_plan",
            Command::RenewalPrep => "renewal_prep",
            Command::PortfolioReview => "portfolio_review",
            Command::CohortAnalysis => "cohort_analysis",
            Command::SuccessPlan => "success_plan",
            Command::SavePlay => "save_play",
            Command::NrrReport => "nrr_report",
        }
    }

    /// Looks a command up by name (`-` and `_` are the same), or `input.unknown_command`.
    pub fn from_name(name: &str) -> Result<Command> {
        let wanted = name.replace('-', "_");
        Command::ALL
            .into_iter()
            .find(|c| c.name() == wanted)
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::InputUnknownCommand,
                    "command",
                    "no command with this name",
                )
                .with_value(name.to_string())
            })
    }

    /// Whether the command is about one account (and needs an account id).
    pub fn needs_account(self) -> bool {
        !matches!(
            self,
            Command::PortfolioReview | Command::CohortAnalysis | Command::NrrReport
        )
    }
}

/// The answer of one command.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
#[allow(clippy::large_enum_variant)]
pub enum CommandOutput {
    /// `score`.
    Score(AccountScore),
    /// `onboarding_plan`.
    OnboardingPlan(OnboardingReport),
    /// `qbr_prep`.
    QbrPrep(QbrPrep),
    /// `churn_risk`.
    ChurnRisk(ChurnRisk),
    /// `expansion_opportunities`.
    ExpansionOpportunities(ExpansionOpportunities),
    /// `win_back_plan`.
    WinBackPlan(WinBackReport),
    /// `renewal_prep`.
    RenewalPrep(RenewalReport),
    /// `portfolio_review`.
    PortfolioReview(PortfolioReview),
    /// `cohort_analysis`.
    CohortAnalysis(CohortAnalysis),
    /// `success_plan`.
    SuccessPlan(SuccessPlan),
    /// `save_play`.
    SavePlay(SavePlayPlan),
    /// `nrr_report`.
    NrrReport(NrrReport),
}

/// Runs one command. `account` is required for the account commands ([`Command::needs_account`])
/// and ignored by the others.
///
/// Rule facts derived from the account (a fact given in `facts` takes precedence): `health_score`
/// (the computed composite), `health_history` (the score history and the current score),
/// `renewal_date`, `nps_score` (latest response), `exec_sponsor` (a contact with that role),
/// `onboarding_started_on`.
///
/// ```
/// use tenure::{run_command, Command, Portfolio};
/// let portfolio = Portfolio::from_json(r#"{"accounts": [{"id": "acme", "arr": 50000,
///   "signals": {"dau_mau_ratio": 0.05, "usage_trend": "down", "login_trend": "down",
///               "features_adopted": 1, "features_available": 10, "core_actions_weekly": 1,
///               "champion_identified": false, "exec_sponsor": false, "contacts_count": 1,
///               "goals_achieved": 0, "goals_defined": 3, "payment_status": "late"}}]}"#)?;
/// let as_of = "2026-01-05".parse().unwrap();
/// let out = run_command(&portfolio, Command::ChurnRisk, Some("acme"), as_of, &Default::default())?;
/// let risk = serde_json::to_value(&out).unwrap();
/// assert_eq!(risk["tier"], "critical");
/// assert_eq!(risk["level"], "critical");
/// assert_eq!(risk["indicators"][0]["play"], "critical_save_call");
/// # Ok::<(), tenure::Error>(())
/// ```
pub fn run_command(
    portfolio: &Portfolio,
    command: Command,
    account: Option<&str>,
    as_of: NaiveDate,
    options: &CommandOptions,
) -> Result<CommandOutput> {
    context::Prepared::once(portfolio, |p| p.run(command, account, as_of, options))
}

impl context::Prepared<'_> {
    /// Runs one command on the compiled model and rules (see [`run_command`]).
    pub(crate) fn run(
        &self,
        command: Command,
        account: Option<&str>,
        as_of: NaiveDate,
        options: &CommandOptions,
    ) -> Result<CommandOutput> {
        let portfolio = self.portfolio;
        let id = || {
            account.ok_or_else(|| {
                Error::new(
                    ErrorCode::InputMissingRecord,
                    "account",
                    format!("the {} command needs an account id", command.name()),
                )
            })
        };
        Ok(match command {
            Command::Score => CommandOutput::Score(self.score_account(id()?, as_of)?),
            Command::OnboardingPlan => {
                CommandOutput::OnboardingPlan(self.onboarding_plan_for(id()?, as_of)?)
            }
            Command::QbrPrep => CommandOutput::QbrPrep(self.qbr_prep(id()?, as_of)?),
            Command::ChurnRisk => CommandOutput::ChurnRisk(self.churn_risk(id()?, as_of)?),
            Command::ExpansionOpportunities => {
                CommandOutput::ExpansionOpportunities(self.expansion_opportunities(id()?, as_of)?)
            }
            Command::WinBackPlan => {
                CommandOutput::WinBackPlan(self.win_back_plan_for(id()?, as_of)?)
            }
            Command::RenewalPrep => {
                CommandOutput::RenewalPrep(self.renewal_prep_for(id()?, as_of)?)
            }
            Command::PortfolioReview => {
                CommandOutput::PortfolioReview(self.review(as_of, options)?)
            }
            Command::CohortAnalysis => {
                CommandOutput::CohortAnalysis(cohort_analysis(portfolio, as_of, options)?)
            }
            Command::SuccessPlan => CommandOutput::SuccessPlan(self.success_plan(id()?, as_of)?),
            Command::SavePlay => CommandOutput::SavePlay(self.save_play(id()?, as_of)?),
            Command::NrrReport => CommandOutput::NrrReport(nrr_report(portfolio, as_of, options)?),
        })
    }
}

/// A command request as one serde object: `{"command", "account"?, "as_of", "options"?}`, the
/// form the conformance corpus and the bindings' generic entry use.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandRequest {
    /// The command's name.
    pub command: String,
    /// The account, for the account commands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The day of the answer.
    pub as_of: NaiveDate,
    /// Options.
    #[serde(default)]
    pub options: CommandOptions,
}

impl CommandRequest {
    /// Runs the request against a portfolio.
    pub fn run(&self, portfolio: &Portfolio) -> Result<CommandOutput> {
        let command = Command::from_name(&self.command)?;
        run_command(
            portfolio,
            command,
            self.account.as_deref(),
            self.as_of,
            &self.options,
        )
    }
}

/// A validated portfolio with its health model and rule set compiled once, for running many
/// commands: [`run_command`] compiles them on every call (the default rule pack takes about half
/// a millisecond), this runs each command on the compiled ones. The bindings' `Portfolio`
/// classes and the command-line program hold one.
///
/// ```
/// use tenure::{Command, Portfolio, PreparedPortfolio};
/// let portfolio = Portfolio::from_json(r#"{"accounts": [{"id": "a", "arr": 10}, {"id": "b", "arr": 20}]}"#)?;
/// let prepared = PreparedPortfolio::new(portfolio)?;
/// let as_of = "2026-01-05".parse().unwrap();
/// for id in prepared.account_ids() {
///     prepared.run(Command::Score, Some(id), as_of, &Default::default())?;
/// }
/// # Ok::<(), tenure::Error>(())
/// ```
pub struct PreparedPortfolio {
    portfolio: Portfolio,
    engines: context::Engines,
}

impl std::fmt::Debug for PreparedPortfolio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PreparedPortfolio")
            .field("accounts", &self.portfolio.accounts.len())
            .finish_non_exhaustive()
    }
}

impl PreparedPortfolio {
    /// Validates the portfolio and compiles its model and rules.
    pub fn new(portfolio: Portfolio) -> Result<PreparedPortfolio> {
        portfolio.validate()?;
        let engines = context::Engines::of(&portfolio)?;
        Ok(PreparedPortfolio { portfolio, engines })
    }

    /// The portfolio.
    pub fn portfolio(&self) -> &Portfolio {
        &self.portfolio
    }

    /// The account ids, in portfolio order.
    pub fn account_ids(&self) -> impl Iterator<Item = &str> + '_ {
        self.portfolio.accounts.iter().map(|a| a.id.as_str())
    }

    /// Runs one command, as [`run_command`] does.
    pub fn run(
        &self,
        command: Command,
        account: Option<&str>,
        as_of: NaiveDate,
        options: &CommandOptions,
    ) -> Result<CommandOutput> {
        context::Prepared {
            portfolio: &self.portfolio,
            engines: &self.engines,
        }
        .run(command, account, as_of, options)
    }

    /// Runs a request, as [`CommandRequest::run`] does.
    pub fn run_request(&self, request: &CommandRequest) -> Result<CommandOutput> {
        let command = Command::from_name(&request.command)?;
        self.run(
            command,
            request.account.as_deref(),
            request.as_of,
            &request.options,
        )
    }
}
