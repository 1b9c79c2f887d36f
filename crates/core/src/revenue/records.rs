//! The revenue records a user gives: subscription periods, monthly MRR snapshots, exchange
//! rates, the options of their normalisation into customer-month MRR, and [`RevenueInput`],
//! their JSON form. Building customer-month MRR from them is in `from_records`.

use super::convention::MrrConvention;
use super::month::Month;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How often a subscription is billed; its amount is normalised to a monthly amount (MRR).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BillingInterval {
    /// Every week: MRR = amount × 52 / 12.
    Weekly,
    /// Every month: MRR = amount. The default.
    #[default]
    Monthly,
    /// Every three months: MRR = amount / 3.
    Quarterly,
    /// Every six months: MRR = amount / 6.
    SemiAnnual,
    /// Every year: MRR = amount / 12.
    Annual,
}

impl BillingInterval {
    /// `(numerator, denominator)` of the factor that turns an amount into MRR.
    pub(super) fn factor(self) -> (i64, i64) {
        match self {
            BillingInterval::Weekly => (52, 12),
            BillingInterval::Monthly => (1, 1),
            BillingInterval::Quarterly => (1, 3),
            BillingInterval::SemiAnnual => (1, 6),
            BillingInterval::Annual => (1, 12),
        }
    }

    /// The monthly amount of `amount` billed at this interval, exact (before rounding).
    pub fn monthly_amount(self, amount: Decimal) -> Option<Decimal> {
        let (num, den) = self.factor();
        amount
            .checked_mul(Decimal::from(num))?
            .checked_div(Decimal::from(den))
    }
}

/// A subscription period: a customer pays `amount` every `interval` from `start` (inclusive) to
/// `end` (exclusive; `None` = still running, which needs an `as_of`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubscriptionPeriod {
    /// Customer id.
    pub customer: String,
    /// First day of the period.
    pub start: NaiveDate,
    /// First day after the period; `None` while it runs.
    #[serde(default)]
    pub end: Option<NaiveDate>,
    /// Amount billed per interval (at least 0).
    pub amount: Decimal,
    /// Billing interval (default monthly).
    #[serde(default)]
    pub interval: BillingInterval,
    /// Customer segment (one per customer).
    #[serde(default)]
    pub segment: Option<String>,
    /// ISO currency code.
    #[serde(default)]
    pub currency: Option<String>,
}

/// The MRR of a customer in a month. A customer without a snapshot in a month of the window has
/// no MRR in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MrrSnapshot {
    /// Customer id.
    pub customer: String,
    /// The month.
    pub month: Month,
    /// Monthly recurring revenue (at least 0; 0 = inactive).
    pub mrr: Decimal,
    /// Customer segment (one per customer).
    #[serde(default)]
    pub segment: Option<String>,
    /// ISO currency code.
    #[serde(default)]
    pub currency: Option<String>,
}

/// Exchange rates into one reporting currency: an amount in currency `c` is worth
/// `amount × rates[c]` in `currency`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExchangeRates {
    /// Reporting currency.
    pub currency: String,
    /// Rate per other currency (positive).
    pub rates: BTreeMap<String, Decimal>,
}

/// Options of the normalisation into customer-month MRR.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MonthlyOptions {
    /// MRR conventions (also used by the movements computed from the result).
    pub convention: MrrConvention,
    /// Last month of the window: later months are dropped and running periods run through it.
    /// Without it the window ends with the last snapshot month, or for periods with the month
    /// after the last active month (so final churn shows).
    pub as_of: Option<Month>,
    /// Decimal digits of the currency's minor unit (0-8, default 2): every MRR is held as an
    /// integer number of minor units.
    pub minor_unit_digits: u32,
    /// Exchange rates; without them every input must be in one currency.
    pub exchange_rates: Option<ExchangeRates>,
}

impl Default for MonthlyOptions {
    fn default() -> Self {
        MonthlyOptions {
            convention: MrrConvention::default(),
            as_of: None,
            minor_unit_digits: 2,
            exchange_rates: None,
        }
    }
}

/// A revenue input as JSON: subscription periods or MRR snapshots (not both), and options.
///
/// ```
/// use tenure::RevenueInput;
/// let input: RevenueInput = serde_json::from_str(r#"{
///   "snapshots": [{"customer": "a", "month": "2024-01", "mrr": "10"}],
///   "options": {"as_of": "2024-03"}
/// }"#).unwrap();
/// let cm = input.customer_months()?;
/// assert_eq!(cm.window().map(|w| w.1.to_string()), Some("2024-03".into()));
/// # Ok::<(), tenure::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RevenueInput {
    /// Subscription periods.
    pub periods: Vec<SubscriptionPeriod>,
    /// Monthly MRR snapshots.
    pub snapshots: Vec<MrrSnapshot>,
    /// Normalisation options and conventions.
    pub options: MonthlyOptions,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::shared::money::decimal_to_minor;

    #[test]
    fn billing_intervals_to_monthly_amounts() {
        let weekly = BillingInterval::Weekly
            .monthly_amount(Decimal::new(10, 0))
            .unwrap();
        assert_eq!(decimal_to_minor(weekly, 2), Some(4333));
        let annual = BillingInterval::Annual
            .monthly_amount(Decimal::new(1000, 0))
            .unwrap();
        assert_eq!(decimal_to_minor(annual, 2), Some(8333));
    }
}
