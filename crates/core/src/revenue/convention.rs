//! MRR conventions: the choices on which ChartMogul, Stripe, ProfitWell and dbt's mrr-playbook differ.

use super::month::Month;
use serde::{Deserialize, Serialize};
use std::fmt;

/// When the churn of a customer is recognised.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChurnRecognition {
    /// In the first month without MRR after an active month (the dbt mrr-playbook's churn row);
    /// the last active month still ends with the customer's MRR. The default.
    #[default]
    NextMonth,
    /// In the last active month: that month's ending MRR already excludes the customer. The last
    /// month of the window cannot know the future, so customers active in it are not churned.
    LastActiveMonth,
}

/// What a subscription period that is cancelled in the month it starts counts for: its start
/// and its (exclusive) end fall in the same calendar month, e.g. 2024-02-03 to 2024-02-20
/// (2024-02-01 to 2024-03-01 is a full month, cancelled in March).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SameMonthCancel {
    /// It counts like any other period: its month is active (a new customer that churns the
    /// next month, when it is the customer's only activity). The default.
    #[default]
    Count,
    /// It is ignored: a sign-up cancelled within its month never shows as MRR, new or churn.
    Ignore,
}

/// Which months a subscription period makes active.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActiveMonth {
    /// Every month the period overlaps by at least one day, at the full MRR. The default.
    #[default]
    AnyDay,
    /// Only the months whose first day the period covers (`start <= first day < end`), the
    /// dbt mrr-playbook's join of its month spine to subscription periods.
    FirstDay,
}

/// A named set of conventions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConventionName {
    /// tenure's default (see [`MrrConvention::default`]).
    #[default]
    Default,
    /// dbt-labs mrr-playbook (see [`MrrConvention::dbt_mrr_playbook`]).
    DbtMrrPlaybook,
}

/// The conventions of customer-month MRR and of MRR movements.
///
/// | option | default | `dbt_mrr_playbook` |
/// |---|---|---|
/// | `reactivation_window_months`: a return after a gap of at most N months without MRR is a reactivation, a longer gap makes the customer new again (`null` = any return is a reactivation) | `null` | `null` |
/// | `churn_recognition`: `next_month` or `last_active_month` | `next_month` | `next_month` |
/// | `same_month_cancel`: a period whose start and exclusive end fall in one month: `count` or `ignore` | `count` | `count` |
/// | `active_month`: months a period makes active: `any_day` or `first_day` | `any_day` | `first_day` |
/// | `calendar_start`: months before it are not observed (a customer first seen in it is new) | `null` | `"2018-01"` |
///
/// The playbook's month spine starts on 2018-01-01; its join counts a subscription in a month
/// when `start_date <= date_month < end_date`. The default differs only for periods that start
/// or end mid-month (it counts every month a period touches) and for history before 2018.
///
/// In JSON a convention is a name (`"dbt_mrr_playbook"`) or an object of options over a `base`
/// (`{"base": "dbt_mrr_playbook", "reactivation_window_months": 3}`; `base` defaults to
/// `"default"`).
///
/// ```
/// use tenure::{MrrConvention, ActiveMonth};
/// let c: MrrConvention = serde_json::from_str(r#""dbt_mrr_playbook""#).unwrap();
/// assert_eq!(c, MrrConvention::dbt_mrr_playbook());
/// let c: MrrConvention =
///     serde_json::from_str(r#"{"base": "dbt_mrr_playbook", "calendar_start": null}"#).unwrap();
/// assert_eq!(c.active_month, ActiveMonth::FirstDay);
/// assert_eq!(c.calendar_start, None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Default)]
pub struct MrrConvention {
    /// A return after at most this many months without MRR is a reactivation; after more, the
    /// customer is new again. `None`: every return is a reactivation.
    pub reactivation_window_months: Option<u32>,
    /// When churn is recognised.
    pub churn_recognition: ChurnRecognition,
    /// What a period that starts and ends within one month counts for.
    pub same_month_cancel: SameMonthCancel,
    /// Which months a subscription period makes active.
    pub active_month: ActiveMonth,
    /// Months before this one are not observed.
    pub calendar_start: Option<Month>,
}

impl MrrConvention {
    /// The dbt-labs mrr-playbook's conventions: churn in the month after the last active month,
    /// any return is a reactivation, a period counts in the months whose first day it covers,
    /// the calendar starts in January 2018.
    pub fn dbt_mrr_playbook() -> MrrConvention {
        MrrConvention {
            reactivation_window_months: None,
            churn_recognition: ChurnRecognition::NextMonth,
            same_month_cancel: SameMonthCancel::Count,
            active_month: ActiveMonth::FirstDay,
            calendar_start: Month::new(2018, 1).ok(),
        }
    }

    /// The conventions of a name.
    pub fn named(name: ConventionName) -> MrrConvention {
        match name {
            ConventionName::Default => MrrConvention::default(),
            ConventionName::DbtMrrPlaybook => MrrConvention::dbt_mrr_playbook(),
        }
    }
}

/// Deserialises `Some(value)` for a present field (also `null`), so absent and `null` differ.
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConventionFields {
    #[serde(default)]
    base: ConventionName,
    #[serde(default, deserialize_with = "present")]
    reactivation_window_months: Option<Option<u32>>,
    churn_recognition: Option<ChurnRecognition>,
    same_month_cancel: Option<SameMonthCancel>,
    active_month: Option<ActiveMonth>,
    #[serde(default, deserialize_with = "present")]
    calendar_start: Option<Option<Month>>,
}

impl<'de> Deserialize<'de> for MrrConvention {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = MrrConvention;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a convention name or an object of convention options")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<MrrConvention, E> {
                let name =
                    ConventionName::deserialize(serde::de::value::StrDeserializer::<E>::new(v))?;
                Ok(MrrConvention::named(name))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<MrrConvention, E> {
                Ok(MrrConvention::default())
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<MrrConvention, E> {
                Ok(MrrConvention::default())
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<MrrConvention, A::Error> {
                let f = ConventionFields::deserialize(
                    serde::de::value::MapAccessDeserializer::new(map),
                )?;
                let mut c = MrrConvention::named(f.base);
                if let Some(v) = f.reactivation_window_months {
                    c.reactivation_window_months = v;
                }
                if let Some(v) = f.churn_recognition {
                    c.churn_recognition = v;
                }
                if let Some(v) = f.same_month_cancel {
                    c.same_month_cancel = v;
                }
                if let Some(v) = f.active_month {
                    c.active_month = v;
                }
                if let Some(v) = f.calendar_start {
                    c.calendar_start = v;
                }
                Ok(c)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}
