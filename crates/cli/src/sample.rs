//! The seeded generator of the sample portfolio (`examples/data/sample_portfolio.json` and the
//! same portfolio as the CSV directory `examples/data/sample_portfolio/`): about 2,500 synthetic
//! accounts with a year of history ending on [`AS_OF`], the same bytes on every run.
//!
//! Each account has a hidden health level in [0, 1]; its signals, score history, surveys,
//! activity, contacts, goals and rule facts are all drawn around that level (with noise), so they
//! agree with each other the way real ones mostly do. About a fifth of the accounts drift across
//! the year (most down, some up), about 8% churn (with a reason of the churn taxonomy), new
//! logos arrive every month and those of the last 120 days are onboarding.
//!
//! Only arithmetic (+, -, *, /, sqrt) is used on floats, so the output does not depend on the
//! platform's maths library.

use crate::Failure;
use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::Path;
use tenure::portfolio::{
    AccountChurn, AccountSubscription, ActivityRecord, Contact, ContactRole, ExpansionOpportunity,
    Goal, GoalStatus, OnboardingRecord, OpportunityStage, RenewalRecord, SurveyResponse,
};
use tenure::{
    Account, BillingInterval, CompletedMilestone, FactValue, HealthModel, InputValue, Portfolio,
    PortfolioAccount, ScorePoint, Scorer, Segment, SeriesPoint,
};

/// The last day of the sample's history, the `--as-of` its review is meant for.
pub const AS_OF: (i32, u32, u32) = (2026, 11, 30);
/// Number of accounts.
pub const ACCOUNTS: usize = 2_500;
const SEED: u64 = 20_261_130;

/// splitmix64, a small seeded generator.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    /// Uniform in [low, high).
    fn range(&mut self, low: f64, high: f64) -> f64 {
        low + self.unit() * (high - low)
    }
    /// Uniform integer in [low, high].
    fn int(&mut self, low: i64, high: i64) -> i64 {
        if high <= low {
            return low;
        }
        let span = (high - low + 1) as u64;
        low + (self.next() % span) as i64
    }
    /// `level` moved by up to ±`spread`, kept in [0, 1].
    fn around(&mut self, level: f64, spread: f64) -> f64 {
        (level + (self.unit() * 2.0 - 1.0) * spread).clamp(0.0, 1.0)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let i = (self.next() % items.len().max(1) as u64) as usize;
        items.get(i).copied().unwrap_or("")
    }
    /// An index drawn by weights.
    fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len().saturating_sub(1)
    }
}

const PREFIXES: [&str; 64] = [
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Vandelay",
    "Stark",
    "Wayne",
    "Wonka",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
    "Aperture",
    "Massive",
    "Oscorp",
    "Gringotts",
    "Duff",
    "Monarch",
    "Pied Piper",
    "Nakatomi",
    "Bluth",
    "Dunder",
    "Prestige",
    "Sterling",
    "Genco",
    "Krusty",
    "Virtucon",
    "Zorg",
    "Ollivander",
    "Rekall",
    "Weyland",
    "Blue Sun",
    "Veridian",
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Tailspin",
    "Litware",
    "Adatum",
    "Proseware",
    "Lucerne",
    "Margie",
    "Fourth Coffee",
    "Wingtip",
    "Alpine",
    "Coho",
    "Trey",
    "Woodgrove",
    "Halcyon",
    "Juniper",
    "Kestrel",
    "Lumen",
    "Meridian",
    "Nimbus",
    "Orchid",
    "Pinnacle",
    "Quarry",
    "Redwood",
    "Summit",
    "Tidal",
    "Upland",
    "Vertex",
    "Willow",
    "Zephyr",
];
const SUFFIXES: [&str; 24] = [
    "Labs",
    "Systems",
    "Logistics",
    "Health",
    "Retail",
    "Capital",
    "Media",
    "Foods",
    "Energy",
    "Analytics",
    "Robotics",
    "Travel",
    "Insurance",
    "Studios",
    "Networks",
    "Bank",
    "Freight",
    "Clinics",
    "Software",
    "Telecom",
    "Partners",
    "Education",
    "Pharma",
    "Manufacturing",
];
/// CSMs by book: enterprise, mid-market, SMB, and the scaled (digital) team for self-serve.
const ENTERPRISE_CSMS: [&str; 2] = ["Ana Ruiz", "Ben Okafor"];
const MID_MARKET_CSMS: [&str; 3] = ["Chloe Martin", "Dev Patel", "Marcus Lee"];
const SMB_CSMS: [&str; 3] = ["Eli Novak", "Fay Chen", "Gus Romero"];
const SCALED_CSMS: [&str; 2] = ["Hana Sato", "Ivan Petrov"];
/// A CSM whose book runs weaker (new to the team, inherited a difficult book).
const STRETCHED_CSM: &str = "Marcus Lee";

const FIRST_NAMES: [&str; 32] = [
    "Alex", "Priya", "Jordan", "Mei", "Samir", "Laura", "Tom", "Aisha", "Diego", "Sofia", "Noah",
    "Emma", "Kenji", "Olivia", "Rafael", "Hannah", "Yusuf", "Clara", "Liam", "Zoe", "Mateo",
    "Ines", "Omar", "Grace", "Lukas", "Nora", "Victor", "Maya", "Elena", "Jonas", "Ruth", "Kai",
];
const LAST_NAMES: [&str; 32] = [
    "Smith", "Kumar", "Garcia", "Wang", "Haddad", "Muller", "Brown", "Bello", "Lopez", "Rossi",
    "Johnson", "Dubois", "Tanaka", "Wilson", "Costa", "Schmidt", "Demir", "Novak", "Murphy", "Kim",
    "Silva", "Moreau", "Farah", "Taylor", "Weber", "Berg", "Ivanova", "Cohen", "Popescu", "Larsen",
    "Mensah", "Nakamura",
];

const GOALS: [(&str, &str, &str, &str); 10] = [
    (
        "Reduce onboarding time for new hires",
        "Days to productivity",
        "21 days",
        "10 days",
    ),
    (
        "Cut manual reporting effort",
        "Hours per week on reports",
        "12 h",
        "3 h",
    ),
    (
        "Increase weekly active users",
        "Weekly active users",
        "40%",
        "70%",
    ),
    ("Consolidate tooling", "Tools retired", "0", "3"),
    (
        "Improve first-response time",
        "Median first response",
        "9 h",
        "2 h",
    ),
    (
        "Grow self-service adoption",
        "Share of tickets self-served",
        "15%",
        "40%",
    ),
    (
        "Standardise the sales playbook",
        "Teams on the playbook",
        "1",
        "6",
    ),
    (
        "Lower cost per transaction",
        "Cost per transaction",
        "$4.10",
        "$2.50",
    ),
    ("Launch in a second region", "Regions live", "1", "2"),
    ("Automate quarter-end close", "Days to close", "8", "4"),
];

const OPPORTUNITIES: [&str; 6] = [
    "Seat expansion",
    "Upgrade to Enterprise plan",
    "Analytics add-on",
    "New department rollout",
    "API access tier",
    "Premium support",
];

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn as_of() -> NaiveDate {
    day(AS_OF.0, AS_OF.1, AS_OF.2)
}

fn plus(d: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        d.checked_add_days(Days::new(days as u64)).unwrap_or(d)
    } else {
        d.checked_sub_days(Days::new(days.unsigned_abs()))
            .unwrap_or(d)
    }
}

/// The last day of the month `months` after (or before) the month of `d`.
fn month_end(d: NaiveDate, months: i32) -> NaiveDate {
    let index = d.year() * 12 + d.month0() as i32 + months + 1;
    let first_of_next = day(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1);
    plus(first_of_next, -1)
}

/// `x` rounded to `decimals` places (by integer rounding, the same on every platform).
fn round_to(x: f64, decimals: i32) -> f64 {
    let mut scale = 1.0;
    for _ in 0..decimals {
        scale *= 10.0;
    }
    (x * scale).round() / scale
}

fn slug(name: &str) -> String {
    name.to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

fn segment_key(s: Segment) -> &'static str {
    match s {
        Segment::Enterprise => "enterprise",
        Segment::MidMarket => "mid_market",
        Segment::Smb => "smb",
        _ => "self_serve",
    }
}

fn put(
    signals: &mut BTreeMap<String, Option<InputValue>>,
    rng: &mut Seeded,
    key: &str,
    v: InputValue,
) {
    // About 4% of inputs are missing, as in CRM exports.
    if rng.unit() >= 0.04 {
        signals.insert(key.to_string(), Some(v));
    }
}

fn num(x: f64) -> InputValue {
    InputValue::Number(x)
}

fn trend(rng: &mut Seeded, level: f64, change: f64) -> &'static str {
    let x = rng.around(level + change, 0.25);
    if x < 0.38 {
        "down"
    } else if x < 0.66 {
        "flat"
    } else {
        "up"
    }
}

/// The churn categories of the taxonomy with their sub-reasons.
const CHURN_REASONS: [(&str, &[&str]); 6] = [
    (
        "product",
        &["missing_feature", "poor_ux", "bugs", "performance"],
    ),
    (
        "value",
        &["roi_not_realized", "wrong_use_case", "over_sold"],
    ),
    (
        "relationship",
        &["champion_left", "poor_cs_experience", "trust_broken"],
    ),
    (
        "financial",
        &["budget_cuts", "m_and_a", "bankruptcy", "price_too_high"],
    ),
    ("competition", &["switched_to_competitor", "built_in_house"]),
    (
        "strategic",
        &["business_pivot", "division_shut_down", "deprioritized"],
    ),
];

/// Onboarding milestones of the built-in template with their target day.
const MILESTONES: [(&str, i64); 17] = [
    ("account_provisioned", 7),
    ("integrations_connected", 7),
    ("admin_trained", 7),
    ("success_plan_created", 7),
    ("kickoff_completed", 7),
    ("primary_use_case_configured", 21),
    ("first_5_users_activated", 21),
    ("core_workflow_running", 21),
    ("quick_win_shared", 21),
    ("second_use_case_configured", 42),
    ("licensed_users_80pct_active", 42),
    ("self_service_resources_shared", 42),
    ("day_30_check_in", 30),
    ("advanced_features_introduced", 84),
    ("workflow_optimization_session", 84),
    ("roi_first_draft", 84),
    ("day_90_review", 90),
];

/// One generated account before its score history (which needs its current score).
struct Draft {
    account: PortfolioAccount,
    /// Hidden level on each of the 12 month ends before `as_of` (oldest first), and now.
    levels: Vec<f64>,
    /// A sharp drop in the last week.
    week_drop: bool,
}

fn money(x: f64, step: f64) -> Decimal {
    let v = ((x / step).round() * step) as i64;
    Decimal::from(v.max(0))
}

#[allow(clippy::too_many_lines)]
fn draft(rng: &mut Seeded, index: usize, used: &mut BTreeMap<String, u32>) -> Draft {
    let now = as_of();
    let year_start = day(2025, 12, 1);
    let prefix = rng.pick(&PREFIXES);
    let suffix = rng.pick(&SUFFIXES);
    let name = format!("{prefix} {suffix}");
    let base = slug(&name);
    let n = used.entry(base.clone()).or_insert(0);
    *n += 1;
    let id = if *n == 1 { base } else { format!("{base}-{n}") };
    let _ = index;

    // Segment and price.
    let (segment, arr, interval) = match rng.unit() {
        x if x < 0.07 => {
            let arr = money(
                rng.range(100_000.0, 420_000.0) + rng.range(0.0, 1.0) * rng.range(0.0, 260_000.0),
                1_000.0,
            );
            let interval = if rng.chance(0.9) {
                BillingInterval::Annual
            } else {
                BillingInterval::Quarterly
            };
            (Segment::Enterprise, arr, interval)
        }
        x if x < 0.27 => {
            let arr = money(rng.range(25_000.0, 99_000.0), 500.0);
            let interval = if rng.chance(0.85) {
                BillingInterval::Annual
            } else {
                BillingInterval::Monthly
            };
            (Segment::MidMarket, arr, interval)
        }
        x if x < 0.62 => {
            let monthly = money(rng.range(420.0, 2_080.0), 10.0);
            let interval = if rng.chance(0.4) {
                BillingInterval::Annual
            } else {
                BillingInterval::Monthly
            };
            (Segment::Smb, monthly * Decimal::from(12), interval)
        }
        _ => {
            let monthly = money(rng.range(49.0, 399.0), 1.0);
            (
                Segment::SelfServe,
                monthly * Decimal::from(12),
                BillingInterval::Monthly,
            )
        }
    };
    let csm = match segment {
        Segment::Enterprise => rng.pick(&ENTERPRISE_CSMS),
        Segment::MidMarket => rng.pick(&MID_MARKET_CSMS),
        Segment::Smb => rng.pick(&SMB_CSMS),
        _ => rng.pick(&SCALED_CSMS),
    }
    .to_string();

    // A fifth of the draws are customers lost before the year: lean records (what a CRM keeps
    // of a closed account), so the cohort table sees real attrition.
    if rng.chance(0.16) {
        return past_churn(rng, id, name, segment, arr, interval, csm);
    }

    // Hidden level now, and how it moved across the year.
    let mut level = 0.06 + 0.95 * rng.unit().sqrt();
    if csm == STRETCHED_CSM {
        level -= 0.12;
    }
    if segment == Segment::Enterprise {
        level += 0.04;
    }
    level = level.clamp(0.02, 0.98);
    let mut start_level = level;
    let mut change_month: i64 = 0;
    if rng.chance(0.2) {
        let amount = rng.range(0.12, 0.35);
        // Most drifting accounts declined over the year; a third recovered.
        start_level = if rng.chance(0.66) {
            level + amount
        } else {
            level - amount
        }
        .clamp(0.02, 0.98);
        // Half moved in the last two months (the monthly review's movers), half earlier.
        change_month = if rng.chance(0.35) {
            rng.int(10, 11)
        } else {
            rng.int(2, 9)
        };
    }

    // Customer since: new logos through the year, the rest over the years before.
    let new_logo = rng.chance(0.15);
    let customer_since = if new_logo {
        plus(year_start, rng.int(0, (now - year_start).num_days() - 5))
    } else {
        plus(
            day(2019, 3, 1),
            rng.int(0, (day(2025, 11, 30) - day(2019, 3, 1)).num_days()),
        )
    };

    // Churn: more likely at a low level; some surprise churn from healthy accounts.
    let segment_churn = match segment {
        Segment::Enterprise => 0.35,
        Segment::MidMarket => 0.7,
        Segment::Smb => 1.0,
        _ => 1.35,
    };
    let p_churn = segment_churn * (0.03 + 0.4 * (1.0 - level) * (1.0 - level));
    let churn_date = if rng.chance(p_churn) {
        let earliest = plus(customer_since, 45).max(year_start);
        if earliest < plus(now, -3) {
            Some(plus(
                earliest,
                rng.int(0, (plus(now, -3) - earliest).num_days()),
            ))
        } else {
            None
        }
    } else {
        None
    };
    let until = churn_date.unwrap_or(now);

    let months_since_start: Vec<NaiveDate> = (0..12).map(|k| month_end(now, k - 12)).collect();
    let levels: Vec<f64> = (0..=12)
        .map(|k: i64| {
            let base = if change_month == 0 {
                level
            } else if k < change_month {
                start_level
            } else if k > change_month {
                level
            } else {
                (start_level + level) / 2.0
            };
            if k == 12 {
                level
            } else {
                rng.around(base, 0.02)
            }
        })
        .collect();

    let mut account = PortfolioAccount::new(id.clone(), arr);
    account.name = Some(name.clone());
    account.segment = Some(segment);
    account.csm = Some(csm);
    account.customer_since = Some(customer_since);

    // Subscriptions: the first period, then an expansion or contraction during the year.
    let annualise = |amount: Decimal, interval: BillingInterval| -> Decimal {
        match interval {
            BillingInterval::Annual => amount,
            BillingInterval::Quarterly => amount * Decimal::from(4),
            _ => amount * Decimal::from(12),
        }
    };
    let per_interval = |arr: Decimal, interval: BillingInterval| -> Decimal {
        match interval {
            BillingInterval::Annual => arr,
            BillingInterval::Quarterly => (arr / Decimal::from(4)).round_dp(0),
            _ => (arr / Decimal::from(12)).round_dp(0),
        }
    };
    let current_amount = per_interval(arr, interval);
    // Plan changes take effect on the first of a month (as billing systems prorate to).
    let change_on = first_of_month(
        plus(customer_since.max(year_start), rng.int(20, 300)).min(plus(until, -10)),
    );
    let event = if change_on > customer_since && change_on > year_start && change_on < until {
        if level > 0.55 && rng.chance(0.36) {
            Some(rng.range(1.15, 1.8))
        } else if level < 0.6 && rng.chance(0.1) {
            Some(rng.range(0.6, 0.9))
        } else {
            None
        }
    } else {
        None
    };
    match event {
        Some(factor) => {
            let earlier =
                (current_amount / Decimal::try_from(factor).unwrap_or(Decimal::ONE)).round_dp(0);
            account.subscriptions.push(AccountSubscription {
                start: customer_since,
                end: Some(change_on),
                amount: earlier,
                interval,
            });
            account.subscriptions.push(AccountSubscription {
                start: change_on,
                end: churn_date,
                amount: current_amount,
                interval,
            });
        }
        None => account.subscriptions.push(AccountSubscription {
            start: customer_since,
            end: churn_date,
            amount: current_amount,
            interval,
        }),
    }
    account.arr = annualise(current_amount, interval);

    // Health signals now (at the churn for churned accounts).
    let change = levels.last().copied().unwrap_or(level) - levels.get(10).copied().unwrap_or(level);
    let features_available: f64 = if segment == Segment::Enterprise {
        30.0
    } else {
        20.0
    };
    let goals_defined = if segment == Segment::SelfServe {
        rng.int(0, 2)
    } else {
        rng.int(1, 4)
    };
    let goals_achieved =
        ((rng.around(level, 0.3) * goals_defined as f64).round() as i64).clamp(0, goals_defined);
    let mut s = BTreeMap::new();
    let dau = round_to(rng.around(level, 0.22) * 0.68, 3);
    put(&mut s, rng, "dau_mau_ratio", num(dau));
    let adopted = (rng.around(level, 0.28) * features_available).round();
    put(&mut s, rng, "features_adopted", num(adopted));
    put(&mut s, rng, "features_available", num(features_available));
    let v = num((rng.around(level, 0.28) * 70.0).round());
    put(&mut s, rng, "core_actions_weekly", v);
    let usage = trend(rng, level, change);
    put(&mut s, rng, "usage_trend", InputValue::Text(usage.into()));
    let login = trend(rng, level, change);
    put(&mut s, rng, "login_trend", InputValue::Text(login.into()));
    let tickets = ((1.0 - rng.around(level, 0.35)) * 12.0).round();
    let ticket_silence = level < 0.6 && rng.chance(0.03);
    put(
        &mut s,
        rng,
        "support_tickets_30d",
        num(if ticket_silence { 0.0 } else { tickets }),
    );
    let v = InputValue::Bool(rng.around(level, 0.35) > 0.52);
    put(&mut s, rng, "community_active", v);
    let champion = rng.around(level, 0.45) > 0.3;
    put(
        &mut s,
        rng,
        "champion_identified",
        InputValue::Bool(champion),
    );
    let sponsor = segment != Segment::SelfServe && rng.around(level, 0.4) > 0.5;
    put(&mut s, rng, "exec_sponsor", InputValue::Bool(sponsor));
    if goals_defined > 0 {
        put(&mut s, rng, "goals_achieved", num(goals_achieved as f64));
        put(&mut s, rng, "goals_defined", num(goals_defined as f64));
    }
    let v = InputValue::Bool(rng.around(level, 0.35) > 0.56);
    put(&mut s, rng, "roi_documented", v);
    let payment = match rng.around(level, 0.25) {
        x if x < 0.12 => "delinquent",
        x if x < 0.3 => "late",
        _ => "current",
    };
    put(
        &mut s,
        rng,
        "payment_status",
        InputValue::Text(payment.into()),
    );

    // Contacts (their number is the contacts_count signal).
    let n_contacts = match segment {
        Segment::SelfServe => rng.int(1, 2),
        _ => ((1.0 + rng.around(level, 0.3) * 5.0).round() as i64).clamp(1, 6),
    };
    let domain = format!("{}.example", slug(prefix));
    let mut roles = Vec::new();
    if champion {
        roles.push(ContactRole::Champion);
    }
    if sponsor {
        roles.push(ContactRole::ExecSponsor);
    }
    for r in [ContactRole::TechnicalLead, ContactRole::DecisionMaker] {
        if segment != Segment::SelfServe {
            roles.push(r);
        }
    }
    while (roles.len() as i64) < n_contacts {
        roles.push(ContactRole::User);
    }
    roles.truncate(n_contacts.max(1) as usize);
    for role in roles {
        let first = rng.pick(&FIRST_NAMES);
        let last = rng.pick(&LAST_NAMES);
        let title = match role {
            ContactRole::Champion => rng.pick(&[
                "Head of Operations",
                "Director of Sales Ops",
                "Platform Lead",
            ]),
            ContactRole::ExecSponsor => {
                rng.pick(&["VP Operations", "COO", "Chief Revenue Officer", "CFO"])
            }
            ContactRole::TechnicalLead => {
                rng.pick(&["IT Manager", "Solutions Architect", "Engineering Lead"])
            }
            ContactRole::DecisionMaker => rng.pick(&["Procurement Manager", "Finance Director"]),
            _ => rng.pick(&["Analyst", "Team Lead", "Specialist", "Coordinator"]),
        };
        let idle = ((1.0 - rng.around(level, 0.3)) * 80.0).round() as i64;
        account.contacts.push(Contact {
            name: format!("{first} {last}"),
            role,
            title: Some(title.to_string()),
            email: Some(format!(
                "{}.{}@{domain}",
                first.to_ascii_lowercase(),
                last.to_ascii_lowercase()
            )),
            last_engaged_on: Some(plus(until, -idle).max(customer_since)),
        });
    }
    put(
        &mut s,
        rng,
        "contacts_count",
        num(account.contacts.len() as f64),
    );

    // Expansion pipeline.
    let mut signals_open = 0.0;
    if churn_date.is_none()
        && level > 0.55
        && rng.chance(if segment == Segment::SelfServe {
            0.08
        } else {
            0.38
        })
    {
        for _ in 0..rng.int(1, 2) {
            let stage = match rng.weighted(&[0.35, 0.3, 0.2, 0.1, 0.05]) {
                0 => OpportunityStage::Identified,
                1 => OpportunityStage::Conversation,
                2 => OpportunityStage::Proposal,
                3 => OpportunityStage::Won,
                _ => OpportunityStage::Lost,
            };
            let closed = matches!(stage, OpportunityStage::Won | OpportunityStage::Lost);
            let close = if closed {
                plus(now, -rng.int(5, 80))
            } else {
                plus(now, rng.int(10, 170))
            };
            let arr_f = account.arr.to_string().parse::<f64>().unwrap_or(0.0);
            account.opportunities.push(ExpansionOpportunity {
                name: rng.pick(&OPPORTUNITIES).to_string(),
                arr: money(arr_f * rng.range(0.1, 0.4), 500.0).max(Decimal::from(500)),
                stage,
                expected_close: Some(close),
            });
            if !closed {
                signals_open += 1.0;
            }
        }
    }
    if level > 0.7 && rng.chance(0.55) {
        signals_open += rng.int(1, 2) as f64;
    }
    put(&mut s, rng, "expansion_signals", num(signals_open));
    account.signals = s;

    // Surveys.
    if rng.chance(0.55) {
        for _ in 0..rng.int(1, 2) {
            let score = (3.0 + level * 7.5 + rng.range(-2.0, 2.0))
                .clamp(0.0, 10.0)
                .round();
            account.nps.push(SurveyResponse {
                date: plus(until, -rng.int(3, 170)).max(customer_since),
                score,
            });
        }
        account.nps.sort_by_key(|r| r.date);
    }
    if rng.chance(0.4) {
        for _ in 0..rng.int(1, 3) {
            let score = (1.8 + level * 3.5 + rng.range(-0.7, 0.7))
                .clamp(1.0, 5.0)
                .round();
            account.csat.push(SurveyResponse {
                date: plus(until, -rng.int(2, 150)).max(customer_since),
                score,
            });
        }
        account.csat.sort_by_key(|r| r.date);
    }

    // Goals of the success plan.
    for g in 0..goals_defined {
        let (objective, metric, baseline, target) = GOALS
            .get(((index as i64 + g * 3) % GOALS.len() as i64) as usize)
            .copied()
            .unwrap_or(("", "", "", ""));
        let due = plus(customer_since.max(plus(now, -200)), rng.int(60, 330));
        let status = if g < goals_achieved {
            GoalStatus::Achieved
        } else if due < now {
            GoalStatus::Missed
        } else if rng.chance(0.7) {
            GoalStatus::InProgress
        } else {
            GoalStatus::NotStarted
        };
        account.goals.push(Goal {
            objective: objective.into(),
            metric: Some(metric.into()),
            baseline: Some(baseline.into()),
            target: Some(target.into()),
            due: Some(due),
            status,
        });
    }

    // Activity (engagement level).
    if rng.chance(0.9) {
        let ghost = level < 0.3 && rng.chance(0.25);
        let idle = if ghost {
            rng.int(35, 90)
        } else {
            ((1.0 - rng.around(level, 0.2)) * 12.0).round() as i64
        };
        account.activity = Some(ActivityRecord {
            active_days_per_week: if ghost {
                0.0
            } else {
                round_to(rng.around(level, 0.18) * 6.5, 1)
            },
            last_active_on: Some(plus(until, -idle).max(customer_since)),
            features_used: Some(adopted as u32),
            creates_content: Some(rng.around(level, 0.3) > 0.55),
        });
    }

    // Touches and QBRs.
    if churn_date.is_none() {
        let lag = |rng: &mut Seeded, base: f64| -> i64 {
            (rng.range(0.3, 1.0) * base * (1.6 - level)).round() as i64
        };
        let (sync_every, qbr_every) = match segment {
            Segment::Enterprise => (14.0, 91),
            Segment::MidMarket => (30.0, 182),
            Segment::Smb => (91.0, 365),
            _ => (182.0, 0),
        };
        let since = (now - customer_since).num_days();
        account.last_touches.sync = Some(plus(now, -lag(rng, sync_every).min(since)));
        account.last_touches.async_check_in = Some(plus(now, -lag(rng, 21.0).min(since)));
        if qbr_every > 0 {
            let mut d = plus(customer_since, 75);
            while d < now {
                if rng.chance(0.35 + 0.6 * level) && d >= plus(now, -400) {
                    account.qbrs.push(d);
                }
                d = plus(d, qbr_every + rng.int(-10, 12));
            }
            account.last_touches.qbr = account.qbrs.last().copied();
            if segment != Segment::Smb {
                account.last_touches.executive = Some(plus(now, -lag(rng, 150.0).min(since)));
            }
        }
        account.open_tickets = Some(((1.0 - rng.around(level, 0.3)) * 6.0).round() as u32);
    }

    // Renewal: the next contract anniversary (within the next 12 months).
    if churn_date.is_none() {
        let mut renewal = customer_since;
        let mut years = 1;
        while renewal <= now {
            renewal = customer_since
                .with_year(customer_since.year() + years)
                .unwrap_or_else(|| plus(customer_since, 365 * i64::from(years)));
            years += 1;
        }
        let days_out = (renewal - now).num_days();
        let signed = (days_out <= 75 && level > 0.5 && rng.chance(0.5))
            || (days_out > 75 && rng.chance(0.04));
        account.renewal = Some(RenewalRecord {
            date: renewal,
            signed,
            completed: Vec::new(),
        });
    }

    // Churn record.
    if let Some(date) = churn_date {
        let recent = date >= day(2026, 8, 1);
        // Value-realisation churn is rising over the year; competition holds; the rest fall.
        let weights = if recent {
            [0.16, 0.4, 0.12, 0.1, 0.16, 0.06]
        } else {
            [0.26, 0.22, 0.18, 0.14, 0.12, 0.08]
        };
        let (category, subs) = CHURN_REASONS
            .get(rng.weighted(&weights))
            .copied()
            .unwrap_or(("value", &["roi_not_realized"]));
        let sub_reason = rng.pick(subs);
        let days = (now - date).num_days();
        let mut win_back_sent = Vec::new();
        for d in [7, 30, 90] {
            if days >= d && rng.chance(0.8) {
                win_back_sent.push(d as u32);
            }
        }
        account.churn = Some(AccountChurn {
            date,
            category: Some(category.to_string()),
            sub_reason: Some(sub_reason.to_string()),
            arr: Some(account.arr),
            win_back_sent,
        });
    }

    // Onboarding for the accounts that started in the last 120 days.
    let elapsed = (now - customer_since).num_days();
    let onboarding = churn_date.is_none() && elapsed <= 120;
    if onboarding {
        let mut record = OnboardingRecord {
            start_date: customer_since,
            ..OnboardingRecord::default()
        };
        // Accounts at a lower level run late on their milestones.
        let lag = ((1.0 - level) * rng.range(0.0, 40.0)).round() as i64;
        for (key, target) in MILESTONES {
            if target + lag <= elapsed && rng.chance(0.985) {
                let on = plus(customer_since, target + lag + rng.int(-4, 3))
                    .min(now)
                    .max(customer_since);
                record.completed.push(CompletedMilestone {
                    milestone: key.to_string(),
                    on: Some(on),
                });
            }
        }
        if elapsed > 10 && rng.chance(0.35 + 0.6 * level) {
            record.first_value_on = Some(plus(customer_since, rng.int(5, 12) + lag).min(now));
        }
        account.onboarding = Some(record);
    }

    // Rule facts.
    let f = &mut account.facts;
    let licensed = match segment {
        Segment::Enterprise => rng.int(200, 1500),
        Segment::MidMarket => rng.int(40, 250),
        Segment::Smb => rng.int(8, 40),
        _ => rng.int(1, 6),
    };
    if segment != Segment::SelfServe || rng.chance(0.3) {
        let used = ((licensed as f64) * rng.around(level * 0.75 + 0.1, 0.2)).round();
        f.insert("seats_licensed".into(), FactValue::Number(licensed as f64));
        f.insert("seats_used".into(), FactValue::Number(used.max(1.0)));
    }
    if churn_date.is_none() {
        // Monthly usage over the last six month ends.
        if rng.chance(0.75) {
            let mut u = (licensed as f64) * rng.range(20.0, 60.0);
            let decline = level < 0.65 && rng.chance(0.07);
            let mut points = Vec::new();
            for k in 0..6 {
                let growth = if k == 5 && decline {
                    -rng.range(0.32, 0.6)
                } else {
                    (level - 0.45) * 0.08 + rng.range(-0.06, 0.06)
                };
                u *= 1.0 + growth;
                points.push(SeriesPoint {
                    date: month_end(now, k - 5),
                    value: u.round().max(1.0),
                });
            }
            f.insert("monthly_usage".into(), FactValue::Series(points));
        }
        let login_idle = if level < 0.3 && rng.chance(0.3) {
            rng.int(30, 75)
        } else {
            ((1.0 - level) * rng.range(0.0, 14.0)).round() as i64
        };
        f.insert(
            "last_login_at".into(),
            FactValue::Date(plus(now, -login_idle).max(customer_since)),
        );
        if adopted / features_available < 0.5 {
            f.insert("features_adopted".into(), FactValue::Number(adopted));
            f.insert(
                "features_available".into(),
                FactValue::Number(features_available),
            );
            if rng.chance(0.4) {
                f.insert(
                    "adoption_nudge_started_on".into(),
                    FactValue::Date(plus(now, -rng.int(3, 40))),
                );
            }
        }
        if ticket_silence {
            f.insert(
                "support_tickets_prior_30d".into(),
                FactValue::Number(rng.int(5, 14) as f64),
            );
            f.insert("support_tickets_30d".into(), FactValue::Number(0.0));
        }
        let risk = 1.0 - level;
        let flag = |rng: &mut Seeded, p: f64| rng.chance(p * risk * 2.0);
        if flag(rng, 0.02) {
            f.insert("champion_job_change".into(), FactValue::Bool(true));
        }
        if flag(rng, 0.025) {
            f.insert("competitor_evaluation".into(), FactValue::Bool(true));
        }
        if flag(rng, 0.015) {
            f.insert(
                "data_export_requests_30d".into(),
                FactValue::Number(rng.int(1, 4) as f64),
            );
        }
        if rng.chance(0.06) {
            f.insert(
                "billing_page_visits_30d".into(),
                FactValue::Number(rng.int(1, 6) as f64),
            );
            f.insert(
                "plan_upgrades_30d".into(),
                FactValue::Number(if level > 0.7 && rng.chance(0.5) {
                    1.0
                } else {
                    0.0
                }),
            );
        }
        if flag(rng, 0.02) {
            f.insert(
                "seats_removed_30d".into(),
                FactValue::Number(rng.int(1, 12) as f64),
            );
        }
        let renewal_soon = account
            .renewal
            .as_ref()
            .is_some_and(|r| (r.date - now).num_days() <= 90 && !r.signed);
        if renewal_soon && level < 0.55 && rng.chance(0.3) {
            f.insert("procurement_delayed".into(), FactValue::Bool(true));
        }
        if renewal_soon && level < 0.5 && rng.chance(0.15) {
            f.insert("renewal_legal_questions".into(), FactValue::Bool(true));
        }
        let good = level > 0.6;
        if good && rng.chance(0.06) {
            f.insert(
                "usage_limit_hits_30d".into(),
                FactValue::Number(rng.int(1, 9) as f64),
            );
        }
        if good && rng.chance(0.03) {
            f.insert("new_department_interest".into(), FactValue::Bool(true));
        }
        if good && rng.chance(0.04) {
            f.insert(
                "higher_tier_feature_requests_30d".into(),
                FactValue::Number(rng.int(1, 3) as f64),
            );
        }
        if good && rng.chance(0.02) {
            f.insert(
                "growth_announced_on".into(),
                FactValue::Date(plus(now, -rng.int(1, 28))),
            );
        }
        if good && rng.chance(0.015) {
            f.insert("champion_promoted".into(), FactValue::Bool(true));
        }
        if good && rng.chance(0.03) {
            f.insert("api_access_requested".into(), FactValue::Bool(true));
        }
        if onboarding {
            if !(level < 0.35 && rng.chance(0.5)) {
                f.insert(
                    "first_login_at".into(),
                    FactValue::Date(plus(customer_since, rng.int(0, 3)).min(now)),
                );
            }
            let users = licensed.max(2);
            f.insert("users_licensed".into(), FactValue::Number(users as f64));
            f.insert(
                "users_active".into(),
                FactValue::Number(((users as f64) * rng.around(level, 0.3)).round()),
            );
            f.insert(
                "kickoff_scheduled_on".into(),
                FactValue::Date(plus(customer_since, 3).min(now)),
            );
            if rng.chance(0.5 + 0.45 * level) {
                f.insert(
                    "kickoff_completed_on".into(),
                    FactValue::Date(plus(customer_since, rng.int(3, 9)).min(now)),
                );
            }
            if rng.chance(0.05) {
                f.insert("integration_failed".into(), FactValue::Bool(true));
            }
            if rng.chance(0.02) {
                f.insert("champion_left".into(), FactValue::Bool(true));
            }
        }
    }

    let _ = months_since_start;
    Draft {
        account,
        levels,
        week_drop: churn_date.is_none() && rng.chance(0.015),
    }
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    plus(month_end(d, -1), 1)
}

/// An account lost before the year: subscription, churn and a contact, nothing else.
fn past_churn(
    rng: &mut Seeded,
    id: String,
    name: String,
    segment: Segment,
    arr: Decimal,
    interval: BillingInterval,
    csm: String,
) -> Draft {
    let customer_since = plus(
        day(2019, 3, 1),
        rng.int(0, (day(2025, 6, 1) - day(2019, 3, 1)).num_days()),
    );
    let latest = day(2025, 11, 25);
    let span = (latest - customer_since).num_days();
    // Most losses come in the first two years.
    let mut lived = rng.int(60, 730);
    if lived > span {
        lived = rng.int(30.min(span), span);
    }
    let churned_on = plus(customer_since, lived).min(latest);
    let amount = match interval {
        BillingInterval::Annual => arr,
        BillingInterval::Quarterly => (arr / Decimal::from(4)).round_dp(0),
        _ => (arr / Decimal::from(12)).round_dp(0),
    };
    let mut account = PortfolioAccount::new(id, arr);
    account.name = Some(name.clone());
    account.segment = Some(segment);
    account.csm = Some(csm);
    account.customer_since = Some(customer_since);
    account.subscriptions.push(AccountSubscription {
        start: customer_since,
        end: Some(churned_on),
        amount,
        interval,
    });
    let weights = [0.26, 0.24, 0.18, 0.14, 0.1, 0.08];
    let (category, subs) = CHURN_REASONS
        .get(rng.weighted(&weights))
        .copied()
        .unwrap_or(("value", &["roi_not_realized"]));
    account.churn = Some(AccountChurn {
        date: churned_on,
        category: Some(category.to_string()),
        sub_reason: Some(rng.pick(subs).to_string()),
        arr: Some(arr),
        win_back_sent: if rng.chance(0.7) {
            vec![7, 30, 90]
        } else {
            vec![7]
        },
    });
    let first = rng.pick(&FIRST_NAMES);
    let last = rng.pick(&LAST_NAMES);
    account.contacts.push(Contact {
        name: format!("{first} {last}"),
        role: ContactRole::Champion,
        title: None,
        email: None,
        last_engaged_on: Some(plus(churned_on, -rng.int(10, 90)).max(customer_since)),
    });
    Draft {
        account,
        levels: vec![0.2; 13],
        week_drop: false,
    }
}

/// Generates the sample portfolio.
pub fn generate() -> Result<Portfolio, Failure> {
    let scorer = Scorer::new(HealthModel::builtin())
        .map_err(|e| Failure::data(format!("built-in model: {e}")))?;
    let mut rng = Seeded(SEED);
    let mut used = BTreeMap::new();
    let now = as_of();
    let mut accounts = Vec::with_capacity(ACCOUNTS);
    for i in 0..ACCOUNTS {
        let Draft {
            mut account,
            levels,
            week_drop,
        } = draft(&mut rng, i, &mut used);
        let until = account.churn.as_ref().map_or(now, |c| c.date);
        let scored = Account {
            id: Some(account.id.clone()),
            inputs: account.signals.clone(),
            attributes: BTreeMap::from([(
                "segment".to_string(),
                Some(InputValue::Text(
                    segment_key(account.segment_or_tier()).into(),
                )),
            )]),
            as_of: Some(until),
        };
        let current = scorer
            .score(&scored)
            .map_err(|e| Failure::data(format!("{}: {e}", account.id)))?
            .composite
            .unwrap_or(50.0);
        let level_now = levels.last().copied().unwrap_or(0.5);
        let start = account.customer_since.unwrap_or(now);
        for (k, level) in levels.iter().take(12).enumerate() {
            let date = month_end(now, k as i32 - 12);
            if date < start || date >= until {
                continue;
            }
            let score =
                (current + (level - level_now) * 90.0 + rng.range(-1.5, 1.5)).clamp(1.0, 99.0);
            account.score_history.push(ScorePoint {
                date,
                score: round_to(score, 1),
            });
        }
        if week_drop {
            let before = (current * 1.35 + 6.0).min(97.0);
            account.score_history.push(ScorePoint {
                date: plus(now, -6),
                score: round_to(before, 1),
            });
        }
        accounts.push(account);
    }
    Ok(Portfolio {
        accounts,
        ..Portfolio::default()
    })
}

/// The portfolio as JSON text, one account a line (small diffs, readable with `grep`).
pub fn to_json_lines(portfolio: &Portfolio) -> Result<String, Failure> {
    let mut out = String::from("{\"accounts\": [\n");
    let n = portfolio.accounts.len();
    for (i, account) in portfolio.accounts.iter().enumerate() {
        let line = serde_json::to_string(account)
            .map_err(|e| Failure::data(format!("{}: {e}", account.id)))?;
        out.push_str(&line);
        out.push_str(if i + 1 < n { ",\n" } else { "\n" });
    }
    out.push_str("]}\n");
    Ok(out)
}

/// Writes `sample_portfolio.json` and the CSV directory `sample_portfolio/` into `dir`.
pub fn write(dir: &Path) -> Result<(), Failure> {
    let portfolio = generate()?;
    std::fs::create_dir_all(dir).map_err(|e| Failure::data(format!("{}: {e}", dir.display())))?;
    let json = to_json_lines(&portfolio)?;
    let file = dir.join("sample_portfolio.json");
    std::fs::write(&file, json).map_err(|e| Failure::data(format!("{}: {e}", file.display())))?;
    crate::csv_dir::write_dir(&portfolio, &dir.join("sample_portfolio"))
}
