//! Touch cadence by ARR tier: how often each kind of touch (sync, async, QBR, executive) is
//! due for an Enterprise, Mid-Market, SMB or Self-Serve account.

use super::{after_as_of, check_amount, days_between, shift_days, shift_months};
use crate::error::{Error, ErrorCode, Result};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Customer segment (ARR tier of the touch cadence, segment of the time-to-first-value target).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerSegment {
    /// Enterprise: ARR $100K and more.
    Enterprise,
    /// Mid-Market: ARR $25K up to (not including) $100K.
    MidMarket,
    /// SMB: ARR $5K up to (not including) $25K.
    Smb,
    /// Self-serve: ARR below $5K.
    SelfServe,
}

impl CustomerSegment {
    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            CustomerSegment::Enterprise => "Enterprise",
            CustomerSegment::MidMarket => "Mid-Market",
            CustomerSegment::Smb => "SMB",
            CustomerSegment::SelfServe => "Self-Serve",
        }
    }

    /// The cadence of each touch type for the segment.
    pub fn cadence(self, touch: TouchKind) -> Cadence {
        use Cadence::*;
        match (self, touch) {
            (CustomerSegment::Enterprise, TouchKind::Sync) => BiWeekly,
            (CustomerSegment::Enterprise, TouchKind::Async) => Weekly,
            (CustomerSegment::Enterprise, TouchKind::Qbr) => Quarterly,
            (CustomerSegment::Enterprise, TouchKind::Executive) => Quarterly,
            (CustomerSegment::MidMarket, TouchKind::Sync) => Monthly,
            (CustomerSegment::MidMarket, TouchKind::Async) => BiWeekly,
            (CustomerSegment::MidMarket, TouchKind::Qbr) => SemiAnnual,
            (CustomerSegment::MidMarket, TouchKind::Executive) => SemiAnnual,
            (CustomerSegment::Smb, TouchKind::Sync) => Quarterly,
            (CustomerSegment::Smb, TouchKind::Async) => Monthly,
            (CustomerSegment::Smb, TouchKind::Qbr) => Annual,
            (CustomerSegment::Smb, TouchKind::Executive) => NotScheduled,
            (CustomerSegment::SelfServe, TouchKind::Async) => Automated,
            (CustomerSegment::SelfServe, _) => NotScheduled,
        }
    }
}

/// ARR tier boundaries: an ARR at or above a minimum is in that tier (lower bounds
/// inclusive, upper bounds exclusive). Defaults: $100K, $25K, $5K.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ArrThresholds {
    /// Lowest Enterprise ARR (default 100000).
    pub enterprise_min: Decimal,
    /// Lowest Mid-Market ARR (default 25000).
    pub mid_market_min: Decimal,
    /// Lowest SMB ARR (default 5000); below it, Self-Serve.
    pub smb_min: Decimal,
}

impl Default for ArrThresholds {
    fn default() -> Self {
        ArrThresholds {
            enterprise_min: Decimal::new(100_000, 0),
            mid_market_min: Decimal::new(25_000, 0),
            smb_min: Decimal::new(5_000, 0),
        }
    }
}

impl ArrThresholds {
    /// The segment of an ARR.
    ///
    /// ```
    /// use tenure::{ArrThresholds, Decimal, CustomerSegment};
    /// let t = ArrThresholds::default();
    /// assert_eq!(t.segment(Decimal::new(100_000, 0)), CustomerSegment::Enterprise);
    /// assert_eq!(t.segment(Decimal::new(9_999_999, 2)), CustomerSegment::MidMarket); // 99,999.99
    /// assert_eq!(t.segment(Decimal::new(4_999, 0)), CustomerSegment::SelfServe);
    /// ```
    pub fn segment(&self, arr: Decimal) -> CustomerSegment {
        if arr >= self.enterprise_min {
            CustomerSegment::Enterprise
        } else if arr >= self.mid_market_min {
            CustomerSegment::MidMarket
        } else if arr >= self.smb_min {
            CustomerSegment::Smb
        } else {
            CustomerSegment::SelfServe
        }
    }

    fn validate(&self) -> Result<()> {
        check_amount(self.smb_min, || "thresholds.smb_min")?;
        for (path, low, high) in [
            (
                "thresholds.mid_market_min",
                self.smb_min,
                self.mid_market_min,
            ),
            (
                "thresholds.enterprise_min",
                self.mid_market_min,
                self.enterprise_min,
            ),
        ] {
            if high <= low {
                return Err(Error::new(
                    ErrorCode::InputOutOfRange,
                    path,
                    "ARR tier minimums must rise: smb_min < mid_market_min < enterprise_min",
                )
                .with_value(high.to_string()));
            }
        }
        Ok(())
    }
}

/// A type of customer touch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TouchKind {
    /// Sync meeting.
    Sync,
    /// Async check-in.
    Async,
    /// Quarterly business review.
    Qbr,
    /// Executive touch.
    Executive,
}

impl TouchKind {
    /// Every touch type, in table order.
    pub const ALL: [TouchKind; 4] = [
        TouchKind::Sync,
        TouchKind::Async,
        TouchKind::Qbr,
        TouchKind::Executive,
    ];
}

/// How often a touch is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    /// Every 7 days.
    Weekly,
    /// Every 14 days.
    BiWeekly,
    /// Every calendar month.
    Monthly,
    /// Every 3 calendar months.
    Quarterly,
    /// Every 6 calendar months.
    SemiAnnual,
    /// Every 12 calendar months.
    Annual,
    /// Sent by automation, nothing to schedule.
    Automated,
    /// Not scheduled: no touch of this kind, or only reactive ones.
    NotScheduled,
}

impl Cadence {
    /// The next due day after a touch on `last`, or `None` for unscheduled cadences.
    fn next_after(self, last: NaiveDate, path: &str) -> Result<Option<NaiveDate>> {
        Ok(Some(match self {
            Cadence::Weekly => shift_days(last, 7, path)?,
            Cadence::BiWeekly => shift_days(last, 14, path)?,
            Cadence::Monthly => shift_months(last, 1, path)?,
            Cadence::Quarterly => shift_months(last, 3, path)?,
            Cadence::SemiAnnual => shift_months(last, 6, path)?,
            Cadence::Annual => shift_months(last, 12, path)?,
            Cadence::Automated | Cadence::NotScheduled => return Ok(None),
        }))
    }
}

/// The last day of each type of touch.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LastTouches {
    /// Last sync meeting.
    #[serde(default)]
    pub sync: Option<NaiveDate>,
    /// Last async check-in.
    #[serde(default, rename = "async")]
    pub async_check_in: Option<NaiveDate>,
    /// Last QBR.
    #[serde(default)]
    pub qbr: Option<NaiveDate>,
    /// Last executive touch.
    #[serde(default)]
    pub executive: Option<NaiveDate>,
}

impl LastTouches {
    fn get(&self, touch: TouchKind) -> Option<NaiveDate> {
        match touch {
            TouchKind::Sync => self.sync,
            TouchKind::Async => self.async_check_in,
            TouchKind::Qbr => self.qbr,
            TouchKind::Executive => self.executive,
        }
    }
}

/// The facts [`touch_cadence`] needs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TouchCadenceInput {
    /// The account's ARR (exact decimal; JSON number or string).
    pub arr: Decimal,
    /// The day of the answer.
    pub as_of: NaiveDate,
    /// The last touch of each type (none given: never touched).
    #[serde(default)]
    pub last_touches: LastTouches,
    /// Start of the relationship (e.g. the contract start): a touch type never given is
    /// first due one interval after it. Without it, a never-given touch is `never_touched`.
    #[serde(default)]
    pub since: Option<NaiveDate>,
    /// The segment, when set by hand; otherwise it comes from the ARR and `thresholds`.
    #[serde(default)]
    pub segment: Option<CustomerSegment>,
    /// ARR tier boundaries.
    #[serde(default)]
    pub thresholds: ArrThresholds,
}

/// State of one touch type on `as_of`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TouchState {
    /// Next due after `as_of`.
    OnTrack,
    /// Due on `as_of`.
    DueToday,
    /// Next due before `as_of`.
    Overdue,
    /// No touch of this type yet and no `since` to count from.
    NeverTouched,
    /// Automated: nothing for a CSM to schedule.
    Automated,
    /// The tier has no such touch.
    NotScheduled,
}

/// One touch type's cadence, next due day and state.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TouchStatus {
    /// Touch type.
    pub touch: TouchKind,
    /// Its cadence in the account's tier.
    pub cadence: Cadence,
    /// Last touch, if any.
    pub last_touch: Option<NaiveDate>,
    /// Next due day: last touch (or `since`) + one interval.
    pub next_due: Option<NaiveDate>,
    /// State on `as_of`.
    pub state: TouchState,
    /// `next_due - as_of` (negative when overdue).
    pub days_until_due: Option<i64>,
    /// `as_of - next_due` when overdue, else 0.
    pub days_overdue: i64,
}

/// The touch plan of an account on `as_of`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TouchCadence {
    /// The ARR given.
    pub arr: Decimal,
    /// The tier.
    pub segment: CustomerSegment,
    /// Display name of the tier.
    pub segment_label: String,
    /// Whether the tier was set by hand (`false`: from the ARR).
    pub segment_given: bool,
    /// Sync, async, QBR and executive, in that order.
    pub touches: Vec<TouchStatus>,
    /// Touch types overdue, most overdue first (then in table order).
    pub overdue: Vec<TouchKind>,
    /// The scheduled touch due soonest (not overdue), if any.
    pub next_touch: Option<TouchKind>,
    /// Its due day.
    pub next_due: Option<NaiveDate>,
}

/// The touch cadence on `as_of`: the ARR tier (by default Enterprise $100K+, Mid-Market $25-100K,
/// SMB $5-25K, Self-Serve below $5K; lower bounds inclusive) and, per touch type, the next due
/// day (last touch + one interval) and how many days overdue it is.
///
/// ```
/// use tenure::{touch_cadence, Decimal, NaiveDate, CustomerSegment, TouchCadenceInput, TouchState};
/// let day = |s: &str| s.parse::<NaiveDate>().unwrap();
/// let mut input = TouchCadenceInput {
///     arr: Decimal::new(120_000, 0),
///     as_of: day("2026-03-20"),
///     ..TouchCadenceInput::default()
/// };
/// input.last_touches.sync = Some(day("2026-03-01"));   // bi-weekly: due 03-15
/// let plan = touch_cadence(&input)?;
/// assert_eq!(plan.segment, CustomerSegment::Enterprise);
/// assert_eq!(plan.touches[0].state, TouchState::Overdue);
/// assert_eq!(plan.touches[0].days_overdue, 5);
/// # Ok::<(), tenure::Error>(())
/// ```
pub fn touch_cadence(input: &TouchCadenceInput) -> Result<TouchCadence> {
    check_amount(input.arr, || "arr")?;
    input.thresholds.validate()?;
    if let Some(since) = input.since.filter(|s| *s > input.as_of) {
        return Err(after_as_of("since", since, "the relationship start"));
    }
    let (segment, given) = match input.segment {
        Some(s) => (s, true),
        None => (input.thresholds.segment(input.arr), false),
    };
    let mut touches = Vec::with_capacity(4);
    for touch in TouchKind::ALL {
        let name = serde_name(touch);
        let last = input.last_touches.get(touch);
        let path = format!("last_touches.{name}");
        if let Some(day) = last.filter(|d| *d > input.as_of) {
            return Err(after_as_of(&path, day, "the last touch"));
        }
        let cadence = segment.cadence(touch);
        let (base, base_path) = match (last, input.since) {
            (Some(l), _) => (Some(l), path),
            (None, Some(s)) => (Some(s), "since".to_string()),
            (None, None) => (None, path),
        };
        let next_due = match base {
            Some(b) => cadence.next_after(b, &base_path)?,
            None => None,
        };
        let days_until_due = next_due.map(|d| days_between(input.as_of, d));
        let state = match (cadence, days_until_due) {
            (Cadence::NotScheduled, _) => TouchState::NotScheduled,
            (Cadence::Automated, _) => TouchState::Automated,
            (_, None) => TouchState::NeverTouched,
            (_, Some(d)) if d > 0 => TouchState::OnTrack,
            (_, Some(0)) => TouchState::DueToday,
            (_, Some(_)) => TouchState::Overdue,
        };
        touches.push(TouchStatus {
            touch,
            cadence,
            last_touch: last,
            next_due,
            state,
            days_until_due,
            days_overdue: match days_until_due {
                Some(d) if d < 0 => -d,
                _ => 0,
            },
        });
    }
    let mut overdue: Vec<&TouchStatus> = touches
        .iter()
        .filter(|t| t.state == TouchState::Overdue)
        .collect();
    overdue.sort_by_key(|t| std::cmp::Reverse(t.days_overdue));
    let next = touches
        .iter()
        .filter(|t| matches!(t.state, TouchState::OnTrack | TouchState::DueToday))
        .min_by_key(|t| t.next_due);
    Ok(TouchCadence {
        arr: input.arr,
        segment,
        segment_label: segment.label().to_string(),
        segment_given: given,
        overdue: overdue.iter().map(|t| t.touch).collect(),
        next_touch: next.map(|t| t.touch),
        next_due: next.and_then(|t| t.next_due),
        touches,
    })
}

fn serde_name(touch: TouchKind) -> &'static str {
    match touch {
        TouchKind::Sync => "sync",
        TouchKind::Async => "async",
        TouchKind::Qbr => "qbr",
        TouchKind::Executive => "executive",
    }
}
