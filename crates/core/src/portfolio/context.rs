//! What every command reads about an account, computed once: the health score of its signals,
//! the trend of its score history, the rule evaluation over its facts and its engagement level.

use super::{ContactRole, Portfolio, PortfolioAccount, SurveyResponse};
use crate::error::{Error, ErrorCode, Result};
use crate::health::HealthModel;
use crate::health::{
    score_trend, Account, HealthScore, InputValue, ScoreTrend, Scorer, TrendOptions,
};
use crate::lifecycle::{engagement_level, ActivityFacts, CustomerSegment, EngagementAssessment};
use crate::rules::{
    AccountFacts, FactValue, PlayAction, RuleEngine, RuleEvaluation, SeriesPoint, Severity,
};
use crate::shared::score_history::ScorePoint;
use crate::shared::score_scale::TierScale;
use chrono::NaiveDate;
use serde::Serialize;

/// The scorer and the rule engine of a portfolio.
pub(crate) struct Engines {
    pub(crate) scorer: Scorer,
    pub(crate) rules: RuleEngine,
    pub(crate) tiers: TierScale,
}

/// A portfolio with its health model and rule set compiled: what every command runs on. The
/// public command functions compile them for one call ([`Prepared::once`]);
/// [`super::PreparedPortfolio`] keeps them for many.
#[derive(Clone, Copy)]
pub(crate) struct Prepared<'a> {
    pub(crate) portfolio: &'a Portfolio,
    pub(crate) engines: &'a Engines,
}

impl Prepared<'_> {
    /// Compiles the portfolio's model and rules and runs one command on them.
    pub(crate) fn once<T>(
        portfolio: &Portfolio,
        command: impl FnOnce(Prepared<'_>) -> Result<T>,
    ) -> Result<T> {
        let engines = Engines::of(portfolio)?;
        command(Prepared {
            portfolio,
            engines: &engines,
        })
    }
}

impl Engines {
    /// The portfolio's model and rules (the built-in ones by default), validated. The accounts
    /// are validated by the caller: all of them for the portfolio commands, the one account for
    /// an account command.
    pub(crate) fn of(portfolio: &Portfolio) -> Result<Engines> {
        let model = portfolio.model.clone().unwrap_or_else(HealthModel::builtin);
        let tiers = TierScale::new(model.tiers.clone()).map_err(|e| e.within("model.tiers"))?;
        let scorer = Scorer::new(model).map_err(|e| e.within("model"))?;
        let rules = match &portfolio.rules {
            Some(set) => RuleEngine::new(set.clone()).map_err(|e| e.within("rules"))?,
            None => RuleEngine::builtin(),
        };
        Ok(Engines {
            scorer,
            rules,
            tiers,
        })
    }

    /// Rank of a tier key: 0 for the highest tier; `None` for a key the scale does not have.
    pub(crate) fn rank(&self, tier: &str) -> Option<usize> {
        self.tiers.tiers().iter().position(|t| t.key == tier)
    }

    /// Key of the tier of a score.
    pub(crate) fn tier_of(&self, score: f64) -> &str {
        &self.tiers.assign(score).key
    }

    /// Number of tiers.
    pub(crate) fn tier_count(&self) -> usize {
        self.tiers.tiers().len()
    }
}

/// One account as the commands see it on `as_of`.
pub(crate) struct AccountView<'a> {
    pub(crate) account: &'a PortfolioAccount,
    pub(crate) index: usize,
    pub(crate) segment: CustomerSegment,
    pub(crate) score: HealthScore,
    /// The score history up to `as_of` with the current score as its last point.
    pub(crate) history: Vec<ScorePoint>,
    pub(crate) trend: Option<ScoreTrend>,
    pub(crate) rules: RuleEvaluation,
    pub(crate) engagement: Option<EngagementAssessment>,
}

impl AccountView<'_> {
    /// The current tier key (`None` when the account has too little data to score).
    pub(crate) fn tier(&self) -> Option<&str> {
        self.score.tier.as_ref().map(|t| t.key.as_str())
    }

    /// Whether the account had churned on `as_of`.
    pub(crate) fn churned(&self, as_of: NaiveDate) -> bool {
        self.account.churn.as_ref().is_some_and(|c| c.date <= as_of)
    }

    /// Plays of the rules of a category, in ranking order.
    pub(crate) fn actions_in<'b>(
        &'b self,
        category: &'b str,
    ) -> impl Iterator<Item = &'b crate::rules::PlayAction> + 'b {
        self.rules
            .actions
            .iter()
            .filter(move |a| a.category.as_deref() == Some(category))
    }
}

/// The latest response on or before `as_of`.
pub(crate) fn latest_response(
    responses: &[SurveyResponse],
    as_of: NaiveDate,
) -> Option<SurveyResponse> {
    responses
        .iter()
        .filter(|r| r.date <= as_of)
        .max_by_key(|r| r.date)
        .copied()
}

/// The rule facts of an account: its own facts, plus those derived from the account where it
/// gives none of that key.
fn facts_of(
    account: &PortfolioAccount,
    score: &HealthScore,
    history: &[ScorePoint],
    as_of: NaiveDate,
) -> AccountFacts {
    // The account's name, for the messages of the rules ("{account}").
    let mut facts = AccountFacts::new(account.display_name().to_string());
    facts.as_of = Some(as_of);
    facts.facts = account.facts.clone();
    facts.last_fired = account.last_fired.clone();
    let mut derive = |key: &str, value: Option<FactValue>| {
        if let Some(value) = value {
            facts.facts.entry(key.to_string()).or_insert(value);
        }
    };
    derive("health_score", score.composite.map(FactValue::Number));
    derive(
        "health_history",
        (!history.is_empty()).then(|| {
            FactValue::Series(
                history
                    .iter()
                    .map(|p| SeriesPoint {
                        date: p.date,
                        value: p.score,
                    })
                    .collect(),
            )
        }),
    );
    derive(
        "renewal_date",
        account.renewal.as_ref().map(|r| FactValue::Date(r.date)),
    );
    derive(
        "nps_score",
        latest_response(&account.nps, as_of).map(|r| FactValue::Number(r.score)),
    );
    derive(
        "exec_sponsor",
        (!account.contacts.is_empty()).then(|| {
            FactValue::Bool(
                account
                    .contacts
                    .iter()
                    .any(|c| c.role == ContactRole::ExecSponsor),
            )
        }),
    );
    derive(
        "onboarding_started_on",
        account
            .onboarding
            .as_ref()
            .map(|o| FactValue::Date(o.start_date)),
    );
    facts
}

/// Scores an account and evaluates its rules on `as_of`.
pub(crate) fn view<'a>(
    engines: &Engines,
    account: &'a PortfolioAccount,
    index: usize,
    as_of: NaiveDate,
) -> Result<AccountView<'a>> {
    let at = |e: Error| e.within(&format!("accounts[{index}]"));
    let mut attributes = account.attributes.clone();
    attributes.entry("segment".into()).or_insert_with(|| {
        Some(InputValue::Text(
            segment_key(account.segment_or_tier()).into(),
        ))
    });
    let scored = Account {
        id: Some(account.id.clone()),
        inputs: account.signals.clone(),
        attributes,
        as_of: Some(as_of),
    };
    // The scorer names the account's `inputs`: in a portfolio they are its `signals`.
    let score = engines
        .scorer
        .score(&scored)
        .map_err(|e| at(renamed(e, "inputs", "signals")))?;
    let mut history: Vec<ScorePoint> = account
        .score_history
        .iter()
        .filter(|p| p.date < as_of)
        .copied()
        .collect();
    if let Some(composite) = score.composite {
        history.push(ScorePoint {
            date: as_of,
            score: composite,
        });
    }
    let trend = if history.is_empty() {
        None
    } else {
        Some(
            // The trend names its `history`: in a portfolio it is the `score_history`.
            score_trend(&history, as_of, &engines.tiers, TrendOptions::default())
                .map_err(|e| at(renamed(e, "history", "score_history")))?,
        )
    };
    let facts = facts_of(account, &score, &history, as_of);
    let rules = engines
        .rules
        .evaluate(&facts, Some(as_of))
        .map_err(|e| at(e.within("facts")))?;
    let engagement = match &account.activity {
        Some(a) => Some(
            engagement_level(&ActivityFacts {
                active_days_per_week: a.active_days_per_week,
                last_active_on: a.last_active_on,
                as_of,
                features_used: a.features_used,
                creates_content: a.creates_content,
                options: Default::default(),
            })
            .map_err(|e| at(e.within("activity")))?,
        ),
        None => None,
    };
    Ok(AccountView {
        account,
        index,
        segment: account.segment_or_tier(),
        score,
        history,
        trend,
        rules,
        engagement,
    })
}

/// The account with an id, viewed on `as_of`.
pub(crate) fn view_of<'a>(
    engines: &Engines,
    portfolio: &'a Portfolio,
    id: &str,
    as_of: NaiveDate,
) -> Result<AccountView<'a>> {
    let (index, account) = portfolio.position(id)?;
    account
        .validate()
        .map_err(|e| e.within(&format!("accounts[{index}]")))?;
    view(engines, account, index, as_of)
}

/// The serde key of a segment (`mid_market`).
pub(crate) fn segment_key(segment: CustomerSegment) -> &'static str {
    match segment {
        CustomerSegment::Enterprise => "enterprise",
        CustomerSegment::MidMarket => "mid_market",
        CustomerSegment::Smb => "smb",
        CustomerSegment::SelfServe => "self_serve",
    }
}

/// The error of an engine function at the account's own field: the function's root field
/// `from` (e.g. `inputs`) is the account's `to` (e.g. `signals`).
fn renamed(e: Error, from: &str, to: &str) -> Error {
    let path = match e.path().strip_prefix(from) {
        Some(rest) => format!("{to}{rest}"),
        None if e.path().is_empty() => to.to_string(),
        None => format!("{to}.{}", e.path()),
    };
    e.at(path)
}

/// The error of a list built from the accounts' records, moved to the record it came from:
/// `[n].rest` of the list is `accounts[i].<record>.rest` where `origin[n] = (i, record)`.
pub(crate) fn at_origin(e: Error, origin: &[(usize, String)]) -> Error {
    let item = e
        .path()
        .strip_prefix('[')
        .and_then(|rest| rest.split_once(']'))
        .and_then(|(n, rest)| Some((n.parse::<usize>().ok()?, rest.trim_start_matches('.'))))
        .and_then(|(n, rest)| origin.get(n).map(|(i, record)| (*i, record, rest)));
    match item {
        Some((i, record, "")) => {
            let path = format!("accounts[{i}].{record}");
            e.at(path)
        }
        Some((i, record, rest)) => {
            let path = format!("accounts[{i}].{record}.{rest}");
            e.at(path)
        }
        None => e.within("accounts"),
    }
}

/// `input.missing_record` at the account's `field`: the command needs a record it lacks.
pub(crate) fn missing(view: &AccountView<'_>, field: &str, what: &str) -> Error {
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
    /// The indicator of a proposed play.
    pub(crate) fn of(action: &PlayAction) -> Indicator {
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
