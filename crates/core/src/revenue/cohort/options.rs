//! The options of a cohort table: the cohort period (calendar month or quarter), what the data
//! is complete through (`as_of`), and the offset cohorts are compared at.

use crate::error::{Error, ErrorCode, Result};
use crate::revenue::month::Month;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The length of a cohort period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CohortPeriod {
    /// Calendar months (default).
    #[default]
    Month,
    /// Calendar quarters.
    Quarter,
}

impl CohortPeriod {
    /// The period index of a month index (months since 1970-01).
    pub(super) fn of(self, month: i32) -> i32 {
        match self {
            CohortPeriod::Month => month,
            CohortPeriod::Quarter => month.div_euclid(3),
        }
    }

    /// The first month index of a period.
    pub(super) fn first_month(self, period: i32) -> i32 {
        match self {
            CohortPeriod::Month => period,
            CohortPeriod::Quarter => period.saturating_mul(3),
        }
    }

    /// The label of a period: `2024-03`, or `2024-Q1`.
    pub(super) fn label(self, period: i32) -> String {
        match self {
            CohortPeriod::Month => Month::from_index(period)
                .map(|m| m.to_string())
                .unwrap_or_default(),
            CohortPeriod::Quarter => {
                format!(
                    "{}-Q{}",
                    1970 + period.div_euclid(4),
                    period.rem_euclid(4) + 1
                )
            }
        }
    }
}

/// What the data is complete through: a whole month, or a day (the month holding it is partial
/// unless it is the month's last day).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AsOf {
    /// Complete through the end of this month (`"YYYY-MM"`).
    Month(Month),
    /// Complete through this day (`"YYYY-MM-DD"`).
    Day(NaiveDate),
}

impl AsOf {
    /// The last observed month.
    pub(super) fn month(self) -> Result<Month> {
        match self {
            AsOf::Month(m) => Ok(m),
            AsOf::Day(d) => Month::from_date(d).map_err(|e| e.within("options.as_of")),
        }
    }

    /// Whether the month of `as_of` is observed only in part.
    pub(super) fn month_is_partial(self) -> bool {
        match self {
            AsOf::Month(_) => false,
            AsOf::Day(d) => d.succ_opt().is_some_and(|next| next.month() == d.month()),
        }
    }
}

impl fmt::Display for AsOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AsOf::Month(m) => write!(f, "{m}"),
            AsOf::Day(d) => write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        }
    }
}

impl std::str::FromStr for AsOf {
    type Err = Error;
    fn from_str(text: &str) -> Result<AsOf> {
        if text.len() == 10 {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(AsOf::Day)
                .map_err(|_| {
                    Error::new(
                        ErrorCode::InputParse,
                        "options.as_of",
                        "as_of is a month \"YYYY-MM\" or a day \"YYYY-MM-DD\"",
                    )
                    .with_value(text)
                })
        } else {
            Month::parse_at(text, "options.as_of").map(AsOf::Month)
        }
    }
}

impl Serialize for AsOf {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for AsOf {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<AsOf, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = AsOf;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a month \"YYYY-MM\" or a day \"YYYY-MM-DD\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<AsOf, E> {
                v.parse().map_err(|_| {
                    E::custom(format!(
                        "invalid as_of `{v}`: expected \"YYYY-MM\" or \"YYYY-MM-DD\""
                    ))
                })
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

/// Options of a cohort table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CohortOptions {
    /// Cohort period: `month` (default) or `quarter`.
    pub period: CohortPeriod,
    /// What the data is complete through (default: the last month of the data).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<AsOf>,
    /// Offset at which cohorts are compared (best cohort, trend); at least 1. Default: 3 for
    /// months, 1 for quarters (see the module documentation for the fallback).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_offset: Option<u32>,
}
