//! Agreement with the dbt mrr-playbook: on the playbook's seed subscription periods, the
//! `dbt_mrr_playbook` convention (and the default) give the playbook's change category (new,
//! upgrade, downgrade, churn, reactivation, or none) for every customer-month the playbook
//! covers. The expected categories (`tests/data/mrr_playbook_expected.csv`) were derived from
//! the playbook's SQL logic by `tests/data/derive_mrr_playbook.py` (pandas), not by tenure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tenure::{
    movement_detail, CustomerMonths, Month, MonthlyOptions, MovementKind, MrrConvention,
    SubscriptionPeriod,
};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The playbook's seed, bundled with the tests (`tests/data/mrr-playbook/`, MIT, unchanged).
fn seed_path() -> PathBuf {
    repo().join("tests/data/mrr-playbook/subscription_periods.csv")
}

fn periods() -> Vec<SubscriptionPeriod> {
    let text = std::fs::read_to_string(seed_path()).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap().trim(),
        "subscription_id,customer_id,start_date,end_date,monthly_amount"
    );
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.trim().split(',').collect();
            SubscriptionPeriod {
                customer: f[1].to_string(),
                start: f[2].parse().unwrap(),
                end: (!f[3].is_empty()).then(|| f[3].parse().unwrap()),
                amount: f[4].parse().unwrap(),
                interval: tenure::BillingInterval::Monthly,
                segment: None,
                currency: None,
            }
        })
        .collect()
}

/// (customer, month) -> (mrr, category) from the fixture.
fn expected() -> BTreeMap<(String, Month), (String, String)> {
    let text =
        std::fs::read_to_string(repo().join("tests/data/mrr_playbook_expected.csv")).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "customer_id,date_month,mrr,change_category"
    );
    lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (
                (f[0].to_string(), f[1].parse().unwrap()),
                (
                    f[2].to_string(),
                    f.get(3).copied().unwrap_or("").to_string(),
                ),
            )
        })
        .collect()
}

fn playbook_name(kind: MovementKind) -> &'static str {
    match kind {
        MovementKind::New => "new",
        MovementKind::Expansion => "upgrade",
        MovementKind::Contraction => "downgrade",
        MovementKind::Churn => "churn",
        MovementKind::Reactivation => "reactivation",
    }
}

fn check(convention: MrrConvention) {
    let options = MonthlyOptions {
        convention,
        ..MonthlyOptions::default()
    };
    let cm = CustomerMonths::from_periods(&periods(), &options).unwrap();
    let spine_start = Month::new(2018, 1).unwrap();
    let mut ours: BTreeMap<(String, Month), &'static str> = BTreeMap::new();
    for d in movement_detail(&cm).unwrap() {
        if d.month < spine_start {
            continue;
        }
        let key = (d.customer.as_str().unwrap().to_string(), d.month);
        assert!(
            ours.insert(key, playbook_name(d.movement)).is_none(),
            "two movements in one customer-month"
        );
    }
    // MRR per customer-month.
    let mut mrr: BTreeMap<(String, Month), String> = BTreeMap::new();
    for i in 0..cm.customer_count() {
        let (months, amounts) = cm.customer_rows(i);
        for (m, v) in months.iter().zip(amounts) {
            let key = (cm.customers().label(i), Month::from_index(*m).unwrap());
            mrr.insert(key, format!("{}", v / 100));
        }
    }
    let expected = expected();
    assert_eq!(expected.len(), 410);
    let mut categorised = 0;
    for ((customer, month), (amount, category)) in &expected {
        let key = (customer.clone(), *month);
        let got = ours.get(&key).copied().unwrap_or("");
        assert_eq!(got, category, "customer {customer}, {month}");
        let got_mrr = mrr.get(&key).cloned().unwrap_or_else(|| "0".into());
        assert_eq!(&got_mrr, amount, "MRR of customer {customer}, {month}");
        categorised += usize::from(!category.is_empty());
    }
    assert_eq!(categorised, 167);
    // Every movement from 2018 on is in a customer-month the playbook covers.
    for key in ours.keys() {
        assert!(
            expected.contains_key(key),
            "movement outside the playbook: {key:?}"
        );
    }
}

#[test]
fn dbt_mrr_playbook_convention_reproduces_the_playbook() {
    check(MrrConvention::dbt_mrr_playbook());
}

#[test]
fn default_convention_agrees_on_the_playbook_seed() {
    // The seed starts every period on the first of a month and no customer's history crosses
    // 2018-01-01, so the default's differences (any-day months, no calendar start) do not show.
    check(MrrConvention::default());
}
