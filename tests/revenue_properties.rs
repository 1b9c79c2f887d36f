//! Property tests of the revenue math (proptest): the movement identity, detail = totals,
//! columns = snapshots, and split + merge = whole.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use proptest::prelude::*;
use rust_decimal::Decimal;
use tenure::{
    movement_detail, mrr_movements, ChurnRecognition, CustomerColumn, CustomerMonthColumns,
    CustomerMonths, Month, MonthColumn, MonthMovements, MonthlyOptions, MovementKind, MrrColumn,
    MrrConvention, MrrMovements, MrrSnapshot, SubscriptionPeriod,
};

/// Customer-month rows: (customer 0..8, month offset 0..10, mrr in cents 0..400 in steps).
fn rows() -> impl Strategy<Value = Vec<(u8, u8, u32)>> {
    proptest::collection::vec(
        (0u8..8, 0u8..10, prop_oneof![1 => Just(0u32), 4 => 1u32..40]),
        0..40,
    )
    .prop_map(|mut v| {
        v.sort_by_key(|r| (r.0, r.1));
        v.dedup_by_key(|r| (r.0, r.1));
        v
    })
}

fn convention() -> impl Strategy<Value = MrrConvention> {
    (
        prop_oneof![Just(None), (0u32..4).prop_map(Some)],
        prop_oneof![
            Just(ChurnRecognition::NextMonth),
            Just(ChurnRecognition::LastActiveMonth)
        ],
    )
        .prop_map(|(window, churn)| MrrConvention {
            reactivation_window_months: window,
            churn_recognition: churn,
            ..MrrConvention::default()
        })
}

fn base() -> Month {
    Month::new(2023, 11).unwrap()
}

fn snapshots(rows: &[(u8, u8, u32)], segments: bool) -> Vec<MrrSnapshot> {
    rows.iter()
        .map(|&(c, m, v)| MrrSnapshot {
            customer: format!("c{c}"),
            month: base().add_months(i32::from(m)).unwrap(),
            mrr: Decimal::new(i64::from(v) * 25, 2),
            segment: segments.then(|| if c % 3 == 0 { "ent" } else { "smb" }.to_string()),
            currency: None,
        })
        .collect()
}

fn options(convention: MrrConvention) -> MonthlyOptions {
    MonthlyOptions {
        convention,
        ..MonthlyOptions::default()
    }
}

fn check_identity(months: &[MonthMovements]) {
    let mut previous_end: Option<(Decimal, u64)> = None;
    for m in months {
        assert_eq!(
            m.starting_mrr + m.new + m.expansion + m.reactivation - m.contraction - m.churn,
            m.ending_mrr,
            "{m:?}"
        );
        assert_eq!(
            m.starting_customers + m.new_customers + m.reactivated_customers,
            m.ending_customers + m.churned_customers,
            "{m:?}"
        );
        let start = (m.starting_mrr, m.starting_customers);
        assert_eq!(previous_end.unwrap_or((Decimal::ZERO, 0)), start);
        previous_end = Some((m.ending_mrr, m.ending_customers));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn identity_holds_every_month(rows in rows(), convention in convention(), segments: bool) {
        let cm = CustomerMonths::from_snapshots(&snapshots(&rows, segments), &options(convention)).unwrap();
        let m = mrr_movements(&cm).unwrap();
        check_identity(&m.months);
        for s in &m.segments {
            check_identity(&s.months);
        }
        // The detail adds up to the monthly totals.
        let detail = movement_detail(&cm).unwrap();
        for month in &m.months {
            let sum = |kind: MovementKind| -> Decimal {
                detail.iter().filter(|d| d.month == month.month && d.movement == kind).map(|d| d.amount).sum()
            };
            prop_assert_eq!(sum(MovementKind::New), month.new);
            prop_assert_eq!(sum(MovementKind::Expansion), month.expansion);
            prop_assert_eq!(sum(MovementKind::Contraction), month.contraction);
            prop_assert_eq!(sum(MovementKind::Churn), month.churn);
            prop_assert_eq!(sum(MovementKind::Reactivation), month.reactivation);
        }
    }

    #[test]
    fn columns_equal_snapshots(rows in rows(), convention in convention(), shuffle in any::<u64>()) {
        let cm = CustomerMonths::from_snapshots(&snapshots(&rows, false), &options(convention)).unwrap();
        let mut order: Vec<usize> = (0..rows.len()).collect();
        // A deterministic shuffle (or none) exercises the sorted and the unsorted path.
        if shuffle % 2 == 1 {
            let mut state = shuffle;
            for i in (1..order.len()).rev() {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                order.swap(i, (state >> 33) as usize % (i + 1));
            }
        }
        let customer: Vec<i64> = order.iter().map(|&i| i64::from(rows[i].0)).collect();
        let month: Vec<i64> = order.iter().map(|&i| i64::from(base().index() + i32::from(rows[i].1))).collect();
        let mrr: Vec<f64> = order.iter().map(|&i| f64::from(rows[i].2) * 0.25).collect();
        let columns = CustomerMonths::from_columns(CustomerMonthColumns {
            customer: CustomerColumn::Integers(&customer),
            month: MonthColumn::Indices(&month),
            mrr: MrrColumn::Floats(&mrr),
            segment: None,
        }, &options(convention)).unwrap();
        // The same months as nanosecond timestamps somewhere inside each month.
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        let stamps: Vec<i64> = order.iter().map(|&i| {
            let first = base().add_months(i32::from(rows[i].1)).unwrap().first_day();
            let days = (first - epoch).num_days() + i64::from(rows[i].2 % 28);
            days * 86_400_000_000_000 + i64::from(rows[i].0) * 3_600_000_000_000
        }).collect();
        let by_stamps = CustomerMonths::from_columns(CustomerMonthColumns {
            customer: CustomerColumn::Integers(&customer),
            month: MonthColumn::Timestamps { values: &stamps, units_per_day: 86_400_000_000_000 },
            mrr: MrrColumn::Floats(&mrr),
            segment: None,
        }, &options(convention)).unwrap();
        prop_assert_eq!(&by_stamps, &columns);
        prop_assert_eq!(cm.offsets(), columns.offsets());
        prop_assert_eq!(cm.month_indices(), columns.month_indices());
        prop_assert_eq!(cm.mrr_minor(), columns.mrr_minor());
        prop_assert_eq!(mrr_movements(&cm).unwrap(), mrr_movements(&columns).unwrap());
    }

    #[test]
    fn split_and_merge_equal_whole(
        rows in rows(),
        convention in convention(),
        parts in proptest::collection::vec(0u8..3, 8),
        segments: bool,
    ) {
        let whole = mrr_movements(&CustomerMonths::from_snapshots(&snapshots(&rows, segments), &options(convention)).unwrap()).unwrap();
        let partial = |p: u8| -> MrrMovements {
            let mine: Vec<_> = rows.iter().copied().filter(|r| parts[r.0 as usize] == p).collect();
            mrr_movements(&CustomerMonths::from_snapshots(&snapshots(&mine, segments), &options(convention)).unwrap()).unwrap()
        };
        let (a, b, c) = (partial(0), partial(1), partial(2));
        let left = a.merge(&b).unwrap().merge(&c).unwrap();
        let right = a.merge(&b.merge(&c).unwrap()).unwrap();
        let swapped = c.merge(&a).unwrap().merge(&b).unwrap();
        prop_assert_eq!(&left, &whole);
        prop_assert_eq!(&right, &whole);
        prop_assert_eq!(&swapped, &whole);
    }

    #[test]
    fn periods_split_and_merge_equal_whole(
        periods in proptest::collection::vec((0u8..6, 0u8..12, 1u8..6, 0u32..30), 0..14),
        convention in convention(),
        parts in proptest::collection::vec(0u8..2, 6),
    ) {
        let make = |subset: &[(u8, u8, u8, u32)]| -> MrrMovements {
            let periods: Vec<SubscriptionPeriod> = subset.iter().map(|&(c, start, len, amount)| {
                let s = base().add_months(i32::from(start)).unwrap();
                SubscriptionPeriod {
                    customer: format!("c{c}"),
                    start: s.first_day(),
                    end: Some(s.add_months(i32::from(len)).unwrap().first_day()),
                    amount: Decimal::from(amount),
                    interval: tenure::BillingInterval::Monthly,
                    segment: None,
                    currency: None,
                }
            }).collect();
            mrr_movements(&CustomerMonths::from_periods(&periods, &options(convention)).unwrap()).unwrap()
        };
        let whole = make(&periods);
        check_identity(&whole.months);
        let a: Vec<_> = periods.iter().copied().filter(|p| parts[p.0 as usize] == 0).collect();
        let b: Vec<_> = periods.iter().copied().filter(|p| parts[p.0 as usize] == 1).collect();
        prop_assert_eq!(make(&a).merge(&make(&b)).unwrap(), whole);
    }
}
