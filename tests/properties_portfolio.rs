//! Property tests of the portfolio review and the commands (proptest): for arbitrary portfolios
//! (any mix of records, dates around the review day, scores, amounts, churns) no command panics,
//! every failure is a typed error, and the dashboard adds up: tier counts and ARR sum to the
//! portfolio, the renewal windows nest, shares stay within 0..=1, the at-risk list is ordered.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use chrono::Days;
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use tenure::portfolio::{
    AccountChurn, AccountSubscription, ActivityRecord, Contact, ContactRole, ExpansionOpportunity,
    OnboardingRecord, OpportunityStage, RenewalRecord, SurveyResponse,
};
use tenure::{
    portfolio_review, run_command, Command, CommandOptions, InputValue, NaiveDate, Portfolio,
    PortfolioAccount, ScorePoint,
};

fn day0() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()
}

/// A day within about a year and a half of the review day.
fn near() -> impl Strategy<Value = NaiveDate> {
    (-500i64..200).prop_map(|d| {
        if d >= 0 {
            day0().checked_add_days(Days::new(d as u64)).unwrap()
        } else {
            day0().checked_sub_days(Days::new((-d) as u64)).unwrap()
        }
    })
}

fn money() -> impl Strategy<Value = Decimal> {
    (0i64..30_000_000).prop_map(|c| Decimal::new(c, 2))
}

fn signals() -> impl Strategy<Value = BTreeMap<String, Option<InputValue>>> {
    (
        proptest::option::of(0.0f64..1.0),
        proptest::option::of(prop_oneof![Just("up"), Just("flat"), Just("down")]),
        proptest::option::of(prop_oneof![
            Just("current"),
            Just("late"),
            Just("delinquent")
        ]),
        proptest::option::of(any::<bool>()),
        proptest::option::of(0u32..12),
    )
        .prop_map(|(ratio, trend, payment, champion, contacts)| {
            let mut m = BTreeMap::new();
            if let Some(r) = ratio {
                m.insert("dau_mau_ratio".into(), Some(InputValue::Number(r)));
            }
            if let Some(t) = trend {
                m.insert("usage_trend".into(), Some(InputValue::Text(t.into())));
            }
            if let Some(p) = payment {
                m.insert("payment_status".into(), Some(InputValue::Text(p.into())));
            }
            if let Some(c) = champion {
                m.insert("champion_identified".into(), Some(InputValue::Bool(c)));
            }
            if let Some(c) = contacts {
                m.insert(
                    "contacts_count".into(),
                    Some(InputValue::Number(f64::from(c))),
                );
            }
            m
        })
}

fn history() -> impl Strategy<Value = Vec<ScorePoint>> {
    proptest::collection::btree_map(-400i64..0, 0.0f64..=100.0, 0..6).prop_map(|points| {
        points
            .into_iter()
            .map(|(d, score)| ScorePoint {
                date: day0().checked_sub_days(Days::new((-d) as u64)).unwrap(),
                score,
            })
            .collect()
    })
}

fn account(i: usize) -> impl Strategy<Value = PortfolioAccount> {
    let records = (
        signals(),
        history(),
        proptest::collection::vec((near(), proptest::option::of(0u64..400), money()), 0..3),
        proptest::option::of((
            near(),
            proptest::option::of(prop_oneof![
                Just("product"),
                Just("value"),
                Just("relationship"),
                Just("financial")
            ]),
        )),
        proptest::collection::vec((near(), 0u8..=10), 0..3),
        proptest::option::of((near(), any::<bool>())),
        proptest::option::of(near()),
    );
    let people = (
        proptest::collection::vec((0u8..5, proptest::option::of(near())), 0..5),
        proptest::collection::vec((money(), 0u8..5, proptest::option::of(near())), 0..3),
        proptest::option::of((0.0f64..=7.0, proptest::option::of(near()))),
        proptest::option::of(prop_oneof![Just("alex"), Just("bea"), Just("cruz")]),
        money(),
        proptest::collection::vec(near(), 0..3),
    );
    (records, people).prop_map(
        move |(
            (signals, history, subs, churn, nps, renewal, onboarding),
            (contacts, opps, activity, csm, arr, qbrs),
        )| {
            let roles = [
                ContactRole::Champion,
                ContactRole::ExecSponsor,
                ContactRole::TechnicalLead,
                ContactRole::DecisionMaker,
                ContactRole::User,
            ];
            let stages = [
                OpportunityStage::Identified,
                OpportunityStage::Conversation,
                OpportunityStage::Proposal,
                OpportunityStage::Won,
                OpportunityStage::Lost,
            ];
            PortfolioAccount {
                id: format!("acct-{i}"),
                arr,
                csm: csm.map(str::to_string),
                signals,
                score_history: history,
                subscriptions: subs
                    .into_iter()
                    .map(|(start, length, amount)| AccountSubscription {
                        start,
                        end: length.map(|l| start.checked_add_days(Days::new(l)).unwrap()),
                        amount,
                        interval: Default::default(),
                    })
                    .collect(),
                churn: churn.map(|(date, category)| AccountChurn {
                    date,
                    category: category.map(str::to_string),
                    ..AccountChurn::default()
                }),
                nps: nps
                    .into_iter()
                    .map(|(date, score)| SurveyResponse {
                        date,
                        score: f64::from(score),
                    })
                    .collect(),
                renewal: renewal.map(|(date, signed)| RenewalRecord {
                    date,
                    signed,
                    completed: Vec::new(),
                }),
                onboarding: onboarding.map(|start_date| OnboardingRecord {
                    start_date,
                    ..OnboardingRecord::default()
                }),
                contacts: contacts
                    .into_iter()
                    .enumerate()
                    .map(|(k, (role, engaged))| Contact {
                        name: format!("c{k}"),
                        role: roles[usize::from(role)],
                        last_engaged_on: engaged,
                        ..Contact::default()
                    })
                    .collect(),
                opportunities: opps
                    .into_iter()
                    .enumerate()
                    .map(|(k, (arr, stage, close))| ExpansionOpportunity {
                        name: format!("o{k}"),
                        arr,
                        stage: stages[usize::from(stage)],
                        expected_close: close,
                    })
                    .collect(),
                activity: activity.map(|(days, last)| ActivityRecord {
                    active_days_per_week: days,
                    last_active_on: last,
                    ..ActivityRecord::default()
                }),
                qbrs,
                ..PortfolioAccount::default()
            }
        },
    )
}

fn portfolio() -> impl Strategy<Value = Portfolio> {
    (0usize..12)
        .prop_flat_map(|n| (0..n).map(account).collect::<Vec<_>>())
        .prop_map(|accounts| Portfolio {
            accounts,
            ..Portfolio::default()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn no_command_panics_and_errors_are_typed(p in portfolio(), offset in -30i64..30) {
        let as_of = if offset >= 0 {
            day0().checked_add_days(Days::new(offset as u64)).unwrap()
        } else {
            day0().checked_sub_days(Days::new((-offset) as u64)).unwrap()
        };
        for command in Command::ALL {
            let ids: Vec<Option<&str>> = if command.needs_account() {
                p.accounts.iter().map(|a| Some(a.id.as_str())).chain([Some("nobody"), None]).collect()
            } else {
                vec![None]
            };
            for id in ids {
                match run_command(&p, command, id, as_of, &CommandOptions::default()) {
                    Ok(out) => { serde_json::to_value(&out).unwrap(); }
                    Err(e) => prop_assert!(
                        e.code().as_str().starts_with("input."),
                        "{} {:?}: {e}", command.name(), id
                    ),
                }
            }
        }
    }

    #[test]
    fn the_dashboard_adds_up(p in portfolio()) {
        let as_of = day0();
        let review = match portfolio_review(&p, as_of, &CommandOptions::default()) {
            Ok(r) => r,
            Err(e) => { prop_assert!(e.code().as_str().starts_with("input.")); return Ok(()); }
        };
        let d = &review.dashboard;
        let active: Vec<&PortfolioAccount> = p
            .accounts
            .iter()
            .filter(|a| a.churn.as_ref().is_none_or(|c| c.date > as_of))
            .collect();
        prop_assert_eq!(d.portfolio.total_accounts, active.len() as u64);
        prop_assert_eq!(d.portfolio.total_arr, active.iter().map(|a| a.arr).sum::<Decimal>());
        prop_assert_eq!(d.portfolio.churned_accounts, (p.accounts.len() - active.len()) as u64);
        let tiers = &d.health_distribution;
        let counted: u64 = tiers.tiers.iter().map(|t| t.total.count).sum::<u64>() + tiers.insufficient_data.count;
        prop_assert_eq!(counted, d.portfolio.total_accounts);
        let arr: Decimal = tiers.tiers.iter().map(|t| t.total.arr).sum::<Decimal>() + tiers.insufficient_data.arr;
        prop_assert_eq!(arr, d.portfolio.total_arr);
        for t in &tiers.tiers {
            for s in [t.count_share, t.arr_share].into_iter().flatten() {
                prop_assert!((0.0..=1.0).contains(&s));
            }
        }
        let r = &d.renewals;
        prop_assert!(r.upcoming_30d.count <= r.upcoming_60d.count && r.upcoming_60d.count <= r.upcoming_90d.count);
        prop_assert!(r.upcoming_30d.arr <= r.upcoming_60d.arr && r.upcoming_60d.arr <= r.upcoming_90d.arr);
        prop_assert_eq!(r.on_track + r.at_risk + r.signed, r.upcoming_90d.count);
        if let Some(grr) = d.retention.gross_retention_rate {
            prop_assert!((0.0..=1.0).contains(&grr));
        }
        if let Some(nps) = d.engagement.nps_score {
            prop_assert!((-100.0..=100.0).contains(&nps));
        }
        let levels: Vec<_> = review.at_risk_accounts.iter().map(|a| (std::cmp::Reverse(a.level), std::cmp::Reverse(a.arr))).collect();
        let mut sorted = levels.clone();
        sorted.sort();
        prop_assert_eq!(levels, sorted);
        prop_assert!(review.at_risk_accounts.len() <= 10);
        let csm_risk: Decimal = review.monthly.at_risk_by_csm.iter().map(|c| c.at_risk_arr).sum();
        let csm_arr: Decimal = review.monthly.at_risk_by_csm.iter().map(|c| c.arr).sum();
        prop_assert_eq!(csm_arr, d.portfolio.total_arr);
        prop_assert!(csm_risk <= csm_arr);
        prop_assert!(review.monthly.multi_threading.accounts.len() <= 10);
    }
}
