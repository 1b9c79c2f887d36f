//! Exact merging of the MRR movements of disjoint sets of customers computed with the same
//! conventions (associative and commutative).

use super::monthly::{MonthMovements, MrrMovements, SegmentMovements};
use crate::error::{Error, ErrorCode, Result};
use crate::revenue::convention::ChurnRecognition;
use crate::revenue::month::Month;
use rust_decimal::Decimal;

fn mismatch(path: &str, message: &str) -> Error {
    Error::new(ErrorCode::InputPartialMismatch, path, message)
}

fn checked_sum(a: Decimal, b: Decimal) -> Result<Decimal> {
    a.checked_add(b)
        .ok_or_else(|| Error::new(ErrorCode::InputOutOfRange, "", "an MRR sum exceeds 96 bits"))
}

fn zero_month(month: Month, digits: u32) -> MonthMovements {
    let zero = Decimal::new(0, digits);
    MonthMovements {
        month,
        starting_mrr: zero,
        new: zero,
        expansion: zero,
        contraction: zero,
        churn: zero,
        reactivation: zero,
        ending_mrr: zero,
        starting_customers: 0,
        new_customers: 0,
        expansion_customers: 0,
        contraction_customers: 0,
        churned_customers: 0,
        reactivated_customers: 0,
        ending_customers: 0,
    }
}

/// Extends a series of months to `first..=last` as if its window ended at `last`: earlier
/// months are empty; the customers still active at the end of the series churn (in the next
/// month, or in its last month under `last_active_month`) and later months are empty.
fn extend(
    months: &[MonthMovements],
    first: Month,
    last: Month,
    recognition: ChurnRecognition,
    digits: u32,
) -> Result<Vec<MonthMovements>> {
    let mut out = Vec::new();
    let (Some(own_first), Some(own_last)) = (months.first(), months.last()) else {
        let mut m = first;
        while m <= last {
            out.push(zero_month(m, digits));
            m = m.add_months(1)?;
        }
        return Ok(out);
    };
    let mut m = first;
    while m < own_first.month {
        out.push(zero_month(m, digits));
        m = m.add_months(1)?;
    }
    out.extend(months.iter().cloned());
    if own_last.month < last {
        let (end, end_customers) = (own_last.ending_mrr, own_last.ending_customers);
        if recognition == ChurnRecognition::LastActiveMonth {
            if let Some(tail) = out.last_mut() {
                tail.churn = checked_sum(tail.churn, end)?;
                tail.churned_customers += end_customers;
                tail.ending_mrr = Decimal::new(0, digits);
                tail.ending_customers = 0;
            }
        }
        let mut m = own_last.month.add_months(1)?;
        let mut first_after = true;
        while m <= last {
            let mut month = zero_month(m, digits);
            if first_after && recognition == ChurnRecognition::NextMonth {
                month.starting_mrr = end;
                month.starting_customers = end_customers;
                month.churn = end;
                month.churned_customers = end_customers;
            }
            first_after = false;
            out.push(month);
            m = m.add_months(1)?;
        }
    }
    Ok(out)
}

fn add_months_series(a: &[MonthMovements], b: &[MonthMovements]) -> Result<Vec<MonthMovements>> {
    a.iter()
        .zip(b)
        .map(|(x, y)| {
            Ok(MonthMovements {
                month: x.month,
                starting_mrr: checked_sum(x.starting_mrr, y.starting_mrr)?,
                new: checked_sum(x.new, y.new)?,
                expansion: checked_sum(x.expansion, y.expansion)?,
                contraction: checked_sum(x.contraction, y.contraction)?,
                churn: checked_sum(x.churn, y.churn)?,
                reactivation: checked_sum(x.reactivation, y.reactivation)?,
                ending_mrr: checked_sum(x.ending_mrr, y.ending_mrr)?,
                starting_customers: x.starting_customers + y.starting_customers,
                new_customers: x.new_customers + y.new_customers,
                expansion_customers: x.expansion_customers + y.expansion_customers,
                contraction_customers: x.contraction_customers + y.contraction_customers,
                churned_customers: x.churned_customers + y.churned_customers,
                reactivated_customers: x.reactivated_customers + y.reactivated_customers,
                ending_customers: x.ending_customers + y.ending_customers,
            })
        })
        .collect()
}

impl MrrMovements {
    /// The first and last month, when there is any month.
    pub fn window(&self) -> Option<(Month, Month)> {
        Some((self.months.first()?.month, self.months.last()?.month))
    }

    /// Merges the movements of another, disjoint set of customers computed with the same
    /// conventions and minor unit: the result is what all customers together give. Merging is
    /// associative and commutative. Windows may differ: a shorter series is extended as its
    /// customers would be in the longer window (its customers still active at its last month
    /// have no MRR after it).
    ///
    /// Errors: `input.partial_mismatch` (different conventions, minor units or currencies).
    pub fn merge(&self, other: &MrrMovements) -> Result<MrrMovements> {
        if self.convention != other.convention {
            return Err(mismatch(
                "convention",
                "partial results use different conventions",
            ));
        }
        if self.minor_unit_digits != other.minor_unit_digits {
            return Err(mismatch(
                "minor_unit_digits",
                "partial results use different minor units",
            ));
        }
        let currency = match (&self.currency, &other.currency) {
            (Some(a), Some(b)) if a != b => {
                return Err(
                    mismatch("currency", "partial results are in different currencies")
                        .with_value(b.as_str()),
                )
            }
            (a, b) => a.clone().or_else(|| b.clone()),
        };
        let (first, last) = match (self.window(), other.window()) {
            (None, None) => {
                return Ok(MrrMovements {
                    currency,
                    ..self.clone()
                })
            }
            (Some(w), None) | (None, Some(w)) => w,
            (Some(a), Some(b)) => (a.0.min(b.0), a.1.max(b.1)),
        };
        let recognition = self.convention.churn_recognition;
        let digits = self.minor_unit_digits;
        let months = add_months_series(
            &extend(&self.months, first, last, recognition, digits)?,
            &extend(&other.months, first, last, recognition, digits)?,
        )?;
        let mut names: Vec<&str> = self
            .segments
            .iter()
            .chain(&other.segments)
            .map(|s| s.segment.as_str())
            .collect();
        names.sort_unstable();
        names.dedup();
        let mut segments = Vec::with_capacity(names.len());
        let find = |list: &[SegmentMovements], name: &str| -> Vec<MonthMovements> {
            list.iter()
                .find(|s| s.segment == name)
                .map(|s| s.months.clone())
                .unwrap_or_default()
        };
        for name in names {
            segments.push(SegmentMovements {
                segment: name.to_string(),
                months: add_months_series(
                    &extend(
                        &find(&self.segments, name),
                        first,
                        last,
                        recognition,
                        digits,
                    )?,
                    &extend(
                        &find(&other.segments, name),
                        first,
                        last,
                        recognition,
                        digits,
                    )?,
                )?,
            });
        }
        Ok(MrrMovements {
            convention: self.convention,
            minor_unit_digits: self.minor_unit_digits,
            currency,
            months,
            segments,
        })
    }
}
