//! Property tests of the lifecycle timelines and the churn taxonomy (proptest): no panic for any
//! dates (chrono's first and last days included: date arithmetic is checked and fails with a
//! typed error), statuses monotone in `as_of`, shares within 0..=1.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use chrono::Datelike;
use proptest::prelude::*;
use rust_decimal::Decimal;
use tenure::{
    churn_reason_analysis, engagement_level, onboarding_plan, renewal_prep, save_outcomes,
    surprise_churn, touch_cadence, win_back_plan, AccountHistory, ActivityFacts, ChurnEvent,
    ChurnTaxonomy, CompletedMilestone, EmailStatus, ErrorCode, HealthModel, LastTouches,
    MilestoneState, NaiveDate, OnboardingInput, RenewalInput, RenewalStepStatus, SaveAttempt,
    SaveOutcomesInput, SaveResult, ScorePoint, Segment, Share, SurpriseChurnInput, TierScale,
    TouchCadenceInput, TtfvStatus, WinBackInput, RENEWAL_STEPS,
};

/// Any day of chrono's calendar, with the ends and recent years drawn often.
fn any_day() -> BoxedStrategy<NaiveDate> {
    let min = NaiveDate::MIN.num_days_from_ce();
    let max = NaiveDate::MAX.num_days_from_ce();
    let recent = NaiveDate::from_ymd_opt(2020, 1, 1)
        .unwrap()
        .num_days_from_ce();
    let day = |n: i32| NaiveDate::from_num_days_from_ce_opt(n).unwrap();
    prop_oneof![
        2 => (min..=max).prop_map(day),
        1 => (min..=min + 400).prop_map(day),
        1 => (max - 400..=max).prop_map(day),
        4 => (recent..=recent + 3650).prop_map(day),
    ]
    .boxed()
}

/// A day near 2026, for the monotonicity properties.
fn near_day() -> BoxedStrategy<NaiveDate> {
    let base = NaiveDate::from_ymd_opt(2025, 1, 1)
        .unwrap()
        .num_days_from_ce();
    (base..=base + 900)
        .prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap())
        .boxed()
}

/// Only typed errors of the lifecycle date rules may come back for arbitrary dates.
fn allowed(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::InputDateOutOfRange | ErrorCode::InputDateOrder | ErrorCode::InputOutOfRange
    )
}

fn in_unit(share: &Share<u64>) -> bool {
    share.ratio.is_none_or(|r| (0.0..=1.0).contains(&r))
}

fn in_unit_arr(share: &Share<Decimal>) -> bool {
    share.ratio.is_none_or(|r| (0.0..=1.0).contains(&r))
}

fn renewal_rank(s: RenewalStepStatus) -> u8 {
    match s {
        RenewalStepStatus::Upcoming => 0,
        RenewalStepStatus::Current => 1,
        RenewalStepStatus::Overdue => 2,
        RenewalStepStatus::Done | RenewalStepStatus::NotNeeded => 3,
    }
}

fn email_rank(s: EmailStatus) -> u8 {
    match s {
        EmailStatus::Upcoming => 0,
        EmailStatus::Due => 1,
        EmailStatus::Overdue => 2,
        EmailStatus::Cancelled => 3,
        EmailStatus::Sent | EmailStatus::NotApplicable => 4,
    }
}

const SEED_MILESTONES: [&str; 4] = [
    "account_provisioned",
    "quick_win_shared",
    "day_30_check_in",
    "day_90_review",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn renewal_never_panics(renewal in any_day(), as_of in any_day(), done in prop::collection::vec(0usize..7, 0..7),
                            signed in any::<bool>(), tier in prop::option::of(prop_oneof![Just("at_risk"), Just("healthy")])) {
        let mut completed: Vec<String> = done.iter().map(|i| RENEWAL_STEPS[*i].key.to_string()).collect();
        completed.dedup();
        let input = RenewalInput { renewal_date: renewal, as_of, completed, signed,
            health_tier: tier.map(String::from), ..RenewalInput::default() };
        match renewal_prep(&input) {
            Ok(plan) => {
                prop_assert_eq!(plan.steps.len(), 7);
                prop_assert_eq!(plan.red_alert, !plan.red_alert_reasons.is_empty());
            }
            Err(e) => prop_assert!(allowed(e.code()) || e.code() == ErrorCode::InputDuplicateKey, "{e}"),
        }
    }

    #[test]
    fn renewal_status_monotone(renewal in near_day(), a in near_day(), b in near_day(), done in prop::collection::btree_set(0usize..7, 0..7)) {
        let (early, late) = if a <= b { (a, b) } else { (b, a) };
        let completed: Vec<String> = done.iter().map(|i| RENEWAL_STEPS[*i].key.to_string()).collect();
        let plan = |as_of| renewal_prep(&RenewalInput { renewal_date: renewal, as_of, completed: completed.clone(), ..RenewalInput::default() }).unwrap();
        let (p, q) = (plan(early), plan(late));
        for (s, t) in p.steps.iter().zip(&q.steps) {
            prop_assert!(renewal_rank(s.status) <= renewal_rank(t.status), "{:?} then {:?}", s.status, t.status);
        }
        prop_assert!(p.overdue_steps.len() <= q.overdue_steps.len() || q.overdue_steps.is_empty() == p.overdue_steps.is_empty());
        prop_assert!(!p.red_alert_reasons.contains(&tenure::RedAlertReason::RenewalPassedUnsigned) || q.red_alert);
    }

    #[test]
    fn win_back_never_panics_and_is_monotone(churn in any_day(), a in 0i64..800, b in 0i64..800, major in any::<bool>(), sent in prop::collection::btree_set(prop_oneof![Just(7u32), Just(30), Just(90)], 0..3)) {
        let (early, late) = (a.min(b), a.max(b));
        let plan = |days: i64| {
            let as_of = churn.checked_add_days(chrono::Days::new(days as u64));
            as_of.map(|as_of| win_back_plan(&WinBackInput { churn_date: churn, as_of, sent: sent.iter().copied().collect(), major_release: major }))
        };
        match (plan(early), plan(late)) {
            (Some(Ok(p)), Some(Ok(q))) => {
                prop_assert!(p.bucket <= q.bucket);
                for (s, t) in p.emails.iter().zip(&q.emails) {
                    prop_assert!(email_rank(s.status) <= email_rank(t.status), "{:?} then {:?}", s.status, t.status);
                }
            }
            (Some(Err(e)), _) | (_, Some(Err(e))) => prop_assert!(allowed(e.code()), "{e}"),
            _ => {}
        }
    }

    #[test]
    fn cadence_never_panics(arr in 0i64..500_000, as_of in any_day(), touches in prop::collection::vec(prop::option::of(any_day()), 4), since in prop::option::of(any_day())) {
        let input = TouchCadenceInput {
            arr: Decimal::new(arr, 0), as_of, since,
            last_touches: LastTouches { sync: touches[0], async_check_in: touches[1], qbr: touches[2], executive: touches[3] },
            ..TouchCadenceInput::default()
        };
        match touch_cadence(&input) {
            Ok(plan) => {
                prop_assert_eq!(plan.touches.len(), 4);
                prop_assert!(plan.touches.iter().all(|t| t.days_overdue >= 0));
            }
            Err(e) => prop_assert!(allowed(e.code()), "{e}"),
        }
    }

    #[test]
    fn onboarding_never_panics_and_is_monotone(start in any_day(), a in -30i64..200, b in -30i64..200,
                                               done in prop::collection::btree_set(0usize..4, 0..4),
                                               segment in prop_oneof![Just(Segment::Enterprise), Just(Segment::MidMarket), Just(Segment::Smb), Just(Segment::SelfServe)]) {
        let (early, late) = (a.min(b), a.max(b));
        let completed: Vec<CompletedMilestone> = done.iter().map(|i| CompletedMilestone { milestone: SEED_MILESTONES[*i].into(), on: None }).collect();
        let plan = |offset: i64| {
            let as_of = if offset >= 0 { start.checked_add_days(chrono::Days::new(offset as u64)) }
                        else { start.checked_sub_days(chrono::Days::new(offset.unsigned_abs())) };
            as_of.map(|as_of| onboarding_plan(&OnboardingInput { start_date: start, as_of, segment, completed: completed.clone(), ..OnboardingInput::default() }))
        };
        match (plan(early), plan(late)) {
            (Some(Ok(p)), Some(Ok(q))) => {
                for (s, t) in p.milestones.iter().zip(&q.milestones) {
                    prop_assert!(s.status <= t.status || t.status == MilestoneState::Done, "{:?} then {:?}", s.status, t.status);
                }
                let ttfv = |s: TtfvStatus| matches!(s, TtfvStatus::Overdue) as u8;
                prop_assert!(ttfv(p.time_to_first_value.status) <= ttfv(q.time_to_first_value.status));
                prop_assert!(in_unit(&q.progress));
            }
            (Some(Err(e)), _) | (_, Some(Err(e))) => prop_assert!(allowed(e.code()), "{e}"),
            _ => {}
        }
    }

    #[test]
    fn engagement_never_panics_and_is_monotone(f in prop_oneof![any::<f64>(), 0.0..=7.0f64], g in 0.0..=7.0f64, last in prop::option::of(any_day()), as_of in any_day()) {
        let facts = |x: f64| ActivityFacts { active_days_per_week: x, last_active_on: last, as_of, ..ActivityFacts::default() };
        match engagement_level(&facts(f)) {
            Ok(level) => {
                // More active days never make an account less engaged.
                if let Ok(other) = engagement_level(&facts(g)) {
                    if g >= f { prop_assert!(other.level <= level.level); }
                }
            }
            Err(e) => prop_assert!(allowed(e.code()), "{e}"),
        }
    }

    #[test]
    fn churn_shares_in_unit_interval(events in prop::collection::vec((any_day(), 0usize..7, 0i64..1_000_000), 0..30)) {
        let taxonomy = ChurnTaxonomy::seed();
        let keys = ["product", "value", "relationship", "financial", "competition", "strategic", "unknown"];
        let events: Vec<ChurnEvent> = events.iter().enumerate().map(|(i, (date, c, arr))| ChurnEvent {
            account: format!("a{i}"), date: *date, category: Some(keys[*c].to_string()), sub_reason: None, arr: Decimal::new(*arr, 2),
        }).collect();
        match churn_reason_analysis(&taxonomy, &events) {
            Ok(a) => {
                prop_assert!(in_unit(&a.preventable_count) && in_unit_arr(&a.preventable_arr));
                prop_assert!(a.categories.iter().all(|c| in_unit(&c.count_share) && in_unit_arr(&c.arr_share)));
                prop_assert_eq!(a.categories.iter().map(|c| c.count).sum::<u64>(), events.len() as u64);
                prop_assert_eq!(a.months.iter().map(|m| m.count).sum::<u64>(), events.len() as u64);
            }
            Err(e) => prop_assert!(matches!(e.code(), ErrorCode::InputUnknownChurnCategory | ErrorCode::InputOutOfRange), "{e}"),
        }
    }

    #[test]
    fn surprise_share_in_unit_interval(events in prop::collection::vec((0usize..5, any_day()), 0..20),
                                       points in prop::collection::vec((0usize..5, any_day(), 0.0..=100.0f64), 0..40)) {
        let tiers = TierScale::new(HealthModel::builtin().tiers).unwrap();
        let mut histories: Vec<AccountHistory> = (0..5).map(|i| AccountHistory { account: format!("a{i}"), history: Vec::new() }).collect();
        let mut points = points;
        points.sort_by_key(|p| p.1);
        for (account, date, score) in points {
            let h = &mut histories[account].history;
            if h.last().is_none_or(|p| p.date < date) { h.push(ScorePoint { date, score }); }
        }
        let events = events.iter().map(|(a, date)| ChurnEvent { account: format!("a{a}"), date: *date, arr: Decimal::ONE, ..ChurnEvent::default() }).collect();
        let input = SurpriseChurnInput { events, histories, ..SurpriseChurnInput::default() };
        match surprise_churn(&tiers, &input) {
            Ok(s) => {
                prop_assert!(in_unit(&s.share) && in_unit_arr(&s.arr_share));
                prop_assert_eq!((s.surprise + s.expected + s.unknown) as usize, input.events.len());
                prop_assert!(s.quarters.iter().all(|q| in_unit(&q.share)));
            }
            Err(e) => prop_assert!(allowed(e.code()), "{e}"),
        }
    }

    #[test]
    fn save_outcomes_monotone(attempts in prop::collection::vec((0i64..300, prop::option::of(0i64..200)), 0..10), a in 0i64..600, b in 0i64..600, window in 0u32..200) {
        let base = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let day = |n: i64| base.checked_add_days(chrono::Days::new(n as u64)).unwrap();
        let (early, late) = (a.min(b), a.max(b));
        let build = |as_of: i64| SaveOutcomesInput {
            // Churns are kept on or before the earlier as_of, so both calls see the same facts.
            attempts: attempts.iter().enumerate().filter(|(_, (on, _))| *on <= early).map(|(i, (on, churn))| SaveAttempt {
                account: format!("s{i}"), attempted_on: day(*on),
                churned_on: churn.map(|c| day((*on + c).min(early))), arr: Some(Decimal::new(i as i64, 0)), play: None,
            }).collect(),
            as_of: day(as_of),
            options: tenure::SaveOutcomesOptions { window_days: window },
        };
        let (p, q) = (save_outcomes(&build(early)).unwrap(), save_outcomes(&build(late)).unwrap());
        for (s, t) in p.outcomes.iter().zip(&q.outcomes) {
            prop_assert!(s.result == t.result || s.result == SaveResult::Pending, "{:?} then {:?}", s.result, t.result);
        }
        prop_assert!(in_unit(&q.save_rate) && in_unit_arr(&q.arr_save_rate));
        prop_assert_eq!(q.saved + q.lost + q.pending, q.outcomes.len() as u64);
    }
}
