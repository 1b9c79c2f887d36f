//! Win-back: the timing buckets by days since churn (approach and expected success) and the
//! win-back email sequence.

use super::{days_between, duplicate, shift_days};
use crate::error::{Error, ErrorCode, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The win-back bucket by days since churn (lower bound inclusive, upper bound exclusive,
/// except the 180-365 bucket, which includes day 365).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum WinBackBucket {
    /// Days 0-29.
    #[serde(rename = "days_0_30")]
    Days0To30,
    /// Days 30-89.
    #[serde(rename = "days_30_90")]
    Days30To90,
    /// Days 90-179.
    #[serde(rename = "days_90_180")]
    Days90To180,
    /// Days 180-365.
    #[serde(rename = "days_180_365")]
    Days180To365,
    /// Day 366 on.
    #[serde(rename = "over_365")]
    Over365,
}

impl WinBackBucket {
    /// The bucket of a number of days since churn (`days` ≥ 0).
    pub fn of_days(days: i64) -> WinBackBucket {
        match days {
            i64::MIN..=29 => WinBackBucket::Days0To30,
            30..=89 => WinBackBucket::Days30To90,
            90..=179 => WinBackBucket::Days90To180,
            180..=365 => WinBackBucket::Days180To365,
            _ => WinBackBucket::Over365,
        }
    }

    /// The bucket's label.
    pub fn label(self) -> &'static str {
        match self {
            WinBackBucket::Days0To30 => "0-30 days",
            WinBackBucket::Days30To90 => "30-90 days",
            WinBackBucket::Days90To180 => "90-180 days",
            WinBackBucket::Days180To365 => "180-365 days",
            WinBackBucket::Over365 => ">365 days",
        }
    }

    /// The approach for the bucket.
    pub fn approach(self) -> &'static str {
        match self {
            WinBackBucket::Days0To30 => "\"We miss you\" + address churn reason",
            WinBackBucket::Days30To90 => "Product update + improvement proof",
            WinBackBucket::Days90To180 => "Major release + special offer",
            WinBackBucket::Days180To365 => "Annual check-in + case study",
            WinBackBucket::Over365 => "Remove from active campaigns",
        }
    }

    /// The expected success rate band, in percent.
    pub fn success(self) -> SuccessBand {
        let (min_pct, max_pct, label) = match self {
            WinBackBucket::Days0To30 => (15.0, 25.0, "15-25%"),
            WinBackBucket::Days30To90 => (10.0, 15.0, "10-15%"),
            WinBackBucket::Days90To180 => (5.0, 10.0, "5-10%"),
            WinBackBucket::Days180To365 => (2.0, 5.0, "2-5%"),
            WinBackBucket::Over365 => (0.0, 2.0, "<2%"),
        };
        SuccessBand {
            min_pct,
            max_pct,
            label: label.to_string(),
        }
    }
}

/// An expected success rate band.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SuccessBand {
    /// Lower end, percent.
    pub min_pct: f64,
    /// Upper end, percent (for `<2%`: 2, exclusive).
    pub max_pct: f64,
    /// The band as text.
    pub label: String,
}

/// The facts [`win_back_plan`] needs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WinBackInput {
    /// Day the account churned (day 0).
    pub churn_date: NaiveDate,
    /// The day of the answer (not before `churn_date`).
    pub as_of: NaiveDate,
    /// Days (7, 30 or 90) of the emails already sent.
    #[serde(default)]
    pub sent: Vec<u32>,
    /// Whether a major release is there to announce: email 3 (day 90) is sent "major release
    /// only"; without one it is `not_applicable`.
    #[serde(default)]
    pub major_release: bool,
}

/// Status of one win-back email on `as_of`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmailStatus {
    /// Its day has not come.
    Upcoming,
    /// Its day has come and the next email's day has not (the last email: until day 365).
    Due,
    /// Not sent, and the next email's day has come.
    Overdue,
    /// Not sent, and the account left active campaigns (after day 365).
    Cancelled,
    /// Given as sent.
    Sent,
    /// Email 3 without a major release.
    NotApplicable,
}

/// One email of the win-back sequence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WinBackEmail {
    /// 1, 2 or 3.
    pub number: u32,
    /// Day after churn.
    pub day: u32,
    /// churn date + `day`.
    pub due: NaiveDate,
    /// The email's subject line.
    pub subject: String,
    /// Whether the email is only sent with a major release.
    pub major_release_only: bool,
    /// Status on `as_of`.
    pub status: EmailStatus,
}

/// The win-back plan of a churned account on `as_of`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WinBackPlan {
    /// The churn date.
    pub churn_date: NaiveDate,
    /// The day of the answer.
    pub as_of: NaiveDate,
    /// `as_of - churn_date`.
    pub days_since_churn: i64,
    /// The bucket.
    pub bucket: WinBackBucket,
    /// The bucket's label.
    pub bucket_label: String,
    /// The approach of the bucket.
    pub approach: String,
    /// Expected success rate.
    pub success_rate: SuccessBand,
    /// `false` after day 365 ("Remove from active campaigns").
    pub active_campaign: bool,
    /// The three emails.
    pub emails: Vec<WinBackEmail>,
    /// Days of the emails due now (`due` or `overdue`).
    pub due_emails: Vec<u32>,
    /// The next email to come due (status `upcoming`).
    pub next_email: Option<u32>,
    /// Its due day.
    pub next_email_due: Option<NaiveDate>,
}

const EMAILS: [(u32, u32, &str, bool); 3] = [
    (1, 7, "We fixed [their specific issue]", false),
    (
        2,
        30,
        "[Their industry] companies are seeing [specific result]",
        false,
    ),
    (
        3,
        90,
        "[Product] [Version] — built with your feedback",
        true,
    ),
];

/// Last day of active campaigns.
const CAMPAIGN_END_DAY: i64 = 365;

/// The win-back plan on `as_of`: the bucket by days since churn, its approach and expected
/// success band, and the status of each email of the sequence (days 7, 30 and 90).
///
/// ```
/// use tenure::{win_back_plan, EmailStatus, NaiveDate, WinBackBucket, WinBackInput};
/// let day = |s: &str| s.parse::<NaiveDate>().unwrap();
/// let plan = win_back_plan(&WinBackInput {
///     churn_date: day("2026-01-01"),
///     as_of: day("2026-01-31"),            // day 30
///     sent: vec![7],
///     major_release: false,
/// })?;
/// assert_eq!(plan.bucket, WinBackBucket::Days30To90);
/// assert_eq!(plan.success_rate.label, "10-15%");
/// assert_eq!(plan.emails[1].status, EmailStatus::Due);
/// assert_eq!(plan.emails[2].status, EmailStatus::NotApplicable);
/// # Ok::<(), tenure::Error>(())
/// ```
pub fn win_back_plan(input: &WinBackInput) -> Result<WinBackPlan> {
    if input.as_of < input.churn_date {
        return Err(Error::new(
            ErrorCode::InputDateOrder,
            "as_of",
            "as_of is before the churn date",
        )
        .with_value(input.as_of.to_string()));
    }
    for (i, day) in input.sent.iter().enumerate() {
        let path = format!("sent[{i}]");
        if !EMAILS.iter().any(|(_, d, _, _)| d == day) {
            return Err(Error::new(
                ErrorCode::InputUnknownStep,
                path,
                "win-back emails are sent on days 7, 30 and 90",
            )
            .with_value(*day));
        }
        if input.sent.iter().take(i).any(|d| d == day) {
            return Err(duplicate(&path, &day.to_string()).with_value(*day));
        }
    }
    let days = days_between(input.churn_date, input.as_of);
    let bucket = WinBackBucket::of_days(days);
    let mut emails = Vec::with_capacity(EMAILS.len());
    for (i, (number, day, subject, major_only)) in EMAILS.iter().enumerate() {
        let due = shift_days(input.churn_date, i64::from(*day), "churn_date")?;
        // The window of an email closes when the next applicable email comes due.
        let closes = EMAILS
            .iter()
            .skip(i + 1)
            .find(|(_, _, _, m)| !*m || input.major_release)
            .map_or(CAMPAIGN_END_DAY + 1, |(_, d, _, _)| i64::from(*d));
        let status = if input.sent.contains(day) {
            EmailStatus::Sent
        } else if *major_only && !input.major_release {
            EmailStatus::NotApplicable
        } else if days < i64::from(*day) {
            EmailStatus::Upcoming
        } else if days > CAMPAIGN_END_DAY {
            EmailStatus::Cancelled
        } else if days < closes {
            EmailStatus::Due
        } else {
            EmailStatus::Overdue
        };
        emails.push(WinBackEmail {
            number: *number,
            day: *day,
            due,
            subject: subject.to_string(),
            major_release_only: *major_only,
            status,
        });
    }
    let next = emails.iter().find(|e| e.status == EmailStatus::Upcoming);
    Ok(WinBackPlan {
        churn_date: input.churn_date,
        as_of: input.as_of,
        days_since_churn: days,
        bucket,
        bucket_label: bucket.label().to_string(),
        approach: bucket.approach().to_string(),
        success_rate: bucket.success(),
        active_campaign: bucket != WinBackBucket::Over365,
        due_emails: emails
            .iter()
            .filter(|e| matches!(e.status, EmailStatus::Due | EmailStatus::Overdue))
            .map(|e| e.day)
            .collect(),
        next_email: next.map(|e| e.day),
        next_email_due: next.map(|e| e.due),
        emails,
    })
}
