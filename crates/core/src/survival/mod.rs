//! Kaplan-Meier survival curves with right censoring and late entry (left truncation),
//! pointwise confidence intervals, median lifetime, by group.
//!
//! ```
//! use tenure::{kaplan_meier, KaplanMeierOptions};
//! // Four customers: lifetimes 1, 2, 2 and 3 months; the one at 3 is still active (censored).
//! let fit = kaplan_meier(&[1.0, 2.0, 2.0, 3.0], &[true, true, true, false], None,
//!                        &KaplanMeierOptions::default())?;
//! assert_eq!(fit.curve.time, vec![0.0, 1.0, 2.0, 3.0]);
//! assert_eq!(fit.curve.at_risk, vec![4, 4, 3, 1]);
//! // S(1) = 3/4, S(2) = 3/4 × (1 - 2/3) = 1/4; the median is the first time S <= 0.5.
//! assert_eq!(fit.curve.survival, vec![1.0, 0.75, 0.25, 0.25]);
//! assert_eq!(fit.median, Some(2.0));
//! # Ok::<(), tenure::Error>(())
//! ```
//!
//! ## The estimate
//!
//! The timeline is every distinct duration and every distinct entry time, ascending (without
//! entry times every subject enters at 0, so the timeline starts at 0). At each time `t`:
//!
//! - `entered(t)`: subjects whose entry is `t`; `events(t)` / `censored(t)`: subjects whose
//!   duration is `t`, with / without the event;
//! - `at_risk(t)`: the subjects with `entry < t ≤ duration`, plus, at the first time of the
//!   timeline only, those entering at that time. A subject entering at `t` joins the risk set
//!   just after the events at `t` (the counting-process convention, and lifelines'); without
//!   entry times everybody enters at 0, the first time, so a duration of 0 is an event or a
//!   censoring among all subjects. A subject with an event or censoring at `t` is at risk at
//!   `t` (an event and a censoring at the same time: the event happens first);
//! - `d(t)`: the events at `t` among the subjects at risk at `t` — a subject whose entry
//!   equals its duration (at a time other than the first) is never at risk: it shows in
//!   `entered`, `events` / `censored` but leaves the estimate unchanged (where lifelines gives
//!   NaN and carries the previous value forward, or drops every death of that time);
//! - `S(t) = S(t⁻) × (n − d) / n` with `n = at_risk(t)`, `d = d(t)` (no change when `d = 0`): one division and one
//!   multiplication per time, in timeline order (`S = 1` before the first time). A subject
//!   with duration 0 and an event gives `S(0) < 1`.
//!
//! ## Confidence intervals
//!
//! Greenwood's sum `V(t) = Σ_{u ≤ t} d / (n (n − d))` (a term is 0 when `n = d`, where the
//! estimate reaches 0), then the log-log ("exponential Greenwood") interval, as lifelines'
//! default: with `v = ln S(t)`,
//! `lower = exp(−exp(ln(−v) − z √V / v))`, `upper = exp(−exp(ln(−v) + z √V / v))` (`v < 0`, so
//! the lower bound subtracts a negative term), evaluated in this order. Where `S(t) = 1` the interval is `[1, 1]`; where `S(t) = 0` it is `[0, 0]`.
//! `z = Φ⁻¹(1 − α/2)` for the confidence level `1 − α` (0.95 by default, `z ≈ 1.959964`),
//! computed by Wichura's algorithm AS 241. `ln`, `exp`, `√` and Φ⁻¹ are this crate's own
//! deterministic implementations (a few units in the last place from the exact value), so
//! every runtime returns the same bits. Nothing is rounded.
//!
//! ## Median lifetime
//!
//! The first time of the timeline where `S(t) ≤ 0.5` (lifelines' convention); `None` (JSON
//! `null`) when the estimate never reaches 0.5.

mod math;

pub use math::{exp, inverse_normal, ln, sqrt};

use crate::error::{number_value, Error, ErrorCode, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One subject (a customer, an account) of a survival analysis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subject {
    /// Time from the origin to the event or to censoring (days, months, periods; `>= 0`).
    pub duration: f64,
    /// `true` when the event (churn) was observed at `duration`; `false` when the subject was
    /// still active then (right-censored).
    pub event: bool,
    /// Time the subject entered observation (late entry / left truncation; default 0,
    /// at most `duration`).
    #[serde(default)]
    pub entry: f64,
    /// Group (segment, plan, contract) for per-group curves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// Options of the Kaplan-Meier estimate.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct KaplanMeierOptions {
    /// Confidence level of the pointwise intervals, strictly between 0 and 1 (default 0.95).
    pub confidence_level: f64,
}

impl Default for KaplanMeierOptions {
    fn default() -> Self {
        KaplanMeierOptions {
            confidence_level: 0.95,
        }
    }
}

/// A survival curve, one entry per time of the timeline (columns of equal length).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SurvivalCurve {
    /// Distinct durations and entry times, ascending.
    pub time: Vec<f64>,
    /// Subjects at risk at each time.
    pub at_risk: Vec<u64>,
    /// Subjects entering at each time.
    pub entered: Vec<u64>,
    /// Events (churns) at each time.
    pub events: Vec<u64>,
    /// Subjects censored at each time.
    pub censored: Vec<u64>,
    /// The Kaplan-Meier estimate `S(t)`.
    pub survival: Vec<f64>,
    /// Greenwood's sum `Σ d / (n (n − d))` up to each time.
    pub greenwood: Vec<f64>,
    /// Lower bound of the pointwise confidence interval.
    pub lower: Vec<f64>,
    /// Upper bound of the pointwise confidence interval.
    pub upper: Vec<f64>,
}

/// A fitted Kaplan-Meier estimate.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KaplanMeierFit {
    /// The curve.
    pub curve: SurvivalCurve,
    /// Median lifetime: the first time with `S(t) <= 0.5`, `None` when never reached.
    pub median: Option<f64>,
    /// Number of subjects.
    pub subjects: u64,
    /// Number of observed events.
    pub events: u64,
    /// Number of censored subjects.
    pub censored: u64,
    /// Confidence level of the intervals.
    pub confidence_level: f64,
}

/// The Kaplan-Meier estimate of one group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupSurvival {
    /// The group.
    pub group: String,
    /// Its estimate, fitted on the group's subjects alone.
    #[serde(flatten)]
    pub fit: KaplanMeierFit,
}

/// A survival analysis: the estimate over all subjects and, when groups were given, one per
/// group (ordered by group name).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SurvivalAnalysis {
    /// The estimate over every subject.
    pub overall: KaplanMeierFit,
    /// One estimate per group, by group name (byte order); empty without groups.
    pub groups: Vec<GroupSurvival>,
}

fn check_options(options: &KaplanMeierOptions) -> Result<f64> {
    let level = options.confidence_level;
    if !(level.is_finite() && level > 0.0 && level < 1.0) {
        return Err(Error::new(
            ErrorCode::InputOutOfRange,
            "options.confidence_level",
            "the confidence level is strictly between 0 and 1",
        )
        .with_number(level));
    }
    Ok(inverse_normal(1.0 - (1.0 - level) / 2.0))
}

/// Checks one subject's times; `path(field)` names the offending item.
fn check_subject(duration: f64, entry: f64, path: &dyn Fn(&str) -> String) -> Result<()> {
    if !duration.is_finite() {
        return Err(Error::new(
            ErrorCode::SurvivalTimeNotFinite,
            path("duration"),
            "a duration is a finite number",
        )
        .with_number(duration));
    }
    if duration < 0.0 {
        return Err(Error::new(
            ErrorCode::SurvivalNegativeDuration,
            path("duration"),
            "a duration is at least 0",
        )
        .with_number(duration));
    }
    if !entry.is_finite() {
        return Err(Error::new(
            ErrorCode::SurvivalTimeNotFinite,
            path("entry"),
            "an entry time is a finite number",
        )
        .with_number(entry));
    }
    if entry < 0.0 {
        return Err(Error::new(
            ErrorCode::SurvivalNegativeDuration,
            path("entry"),
            "an entry time is at least 0",
        )
        .with_number(entry));
    }
    if entry > duration {
        return Err(Error::new(
            ErrorCode::SurvivalEntryAfterDuration,
            path("entry"),
            "a subject enters observation at or before its duration",
        )
        .with_value(
            serde_json::json!({"entry": number_value(entry), "duration": number_value(duration)}),
        ));
    }
    Ok(())
}

/// One subject's exit: `(duration, event, entry == duration)`.
type Exit = (f64, bool, bool);

/// The exits and entry times of a set of subjects.
type Observations = (Vec<Exit>, Vec<f64>);

/// `-0.0` and `0.0` are the same time.
fn time(t: f64) -> f64 {
    if t == 0.0 {
        0.0
    } else {
        t
    }
}

/// The estimate over validated exits `(duration, event, entry == duration)` and entry times.
fn fit(mut exits: Vec<Exit>, mut entries: Vec<f64>, z: f64, level: f64) -> KaplanMeierFit {
    exits.sort_by(|a, b| a.0.total_cmp(&b.0));
    entries.sort_by(f64::total_cmp);
    let mut curve = SurvivalCurve::default();
    let (mut i, mut j) = (0, 0);
    let (mut inside, mut removed_before) = (0_u64, 0_u64);
    let (mut s, mut greenwood) = (1.0_f64, 0.0_f64);
    let (mut total_events, mut total_censored) = (0_u64, 0_u64);
    let mut first = true;
    loop {
        let next_exit = exits.get(i).map(|e| e.0);
        let next_entry = entries.get(j).copied();
        let t = match (next_exit, next_entry) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) => a,
            (None, Some(b)) => b,
            (None, None) => break,
        };
        let mut entered = 0_u64;
        while entries.get(j).is_some_and(|&e| e == t) {
            entered += 1;
            j += 1;
        }
        let (mut events, mut censored, mut unexposed_events) = (0_u64, 0_u64, 0_u64);
        while let Some(&(d, event, entered_at_exit)) = exits.get(i) {
            if d != t {
                break;
            }
            if event {
                events += 1;
                if entered_at_exit {
                    unexposed_events += 1;
                }
            } else {
                censored += 1;
            }
            i += 1;
        }
        // Subjects entering at `t` are at risk from just after `t`, except at the first time.
        let (n, deaths) = if first {
            inside += entered;
            (inside - removed_before, events)
        } else {
            let n = inside - removed_before;
            inside += entered;
            (n, events - unexposed_events)
        };
        first = false;
        if deaths > 0 {
            let (nf, df) = (n as f64, deaths as f64);
            s *= (nf - df) / nf;
            if n > deaths {
                greenwood += df / (nf * (nf - df));
            }
        }
        removed_before += events + censored;
        total_events += events;
        total_censored += censored;
        let (lower, upper) = interval(s, greenwood, z);
        curve.time.push(t);
        curve.at_risk.push(n);
        curve.entered.push(entered);
        curve.events.push(events);
        curve.censored.push(censored);
        curve.survival.push(s);
        curve.greenwood.push(greenwood);
        curve.lower.push(lower);
        curve.upper.push(upper);
    }
    let median = curve
        .survival
        .iter()
        .position(|&v| v <= 0.5)
        .and_then(|k| curve.time.get(k).copied());
    KaplanMeierFit {
        curve,
        median,
        subjects: exits.len() as u64,
        events: total_events,
        censored: total_censored,
        confidence_level: level,
    }
}

/// The log-log interval at one time (see the module documentation).
fn interval(s: f64, greenwood: f64, z: f64) -> (f64, f64) {
    if s >= 1.0 {
        return (1.0, 1.0);
    }
    if s <= 0.0 {
        return (0.0, 0.0);
    }
    let v = ln(s);
    let spread = z * sqrt(greenwood) / v;
    let centre = ln(-v);
    (exp(-exp(centre - spread)), exp(-exp(centre + spread)))
}

/// Kaplan-Meier estimate from columns: `durations[i]`, `events[i]` (event observed) and
/// optionally `entries[i]` (late entry; all 0 when `None`).
///
/// Errors: `input.empty` (no subject), `input.column_length` (columns of different
/// lengths), `input.time_not_finite` (a NaN or infinite time), `input.negative_duration`
/// (also a negative entry), `input.entry_after_duration`, `input.out_of_range` (a confidence
/// level not strictly between 0 and 1). Paths are `duration[i]`,
/// `entry[i]`, `event`.
pub fn kaplan_meier(
    durations: &[f64],
    events: &[bool],
    entries: Option<&[f64]>,
    options: &KaplanMeierOptions,
) -> Result<KaplanMeierFit> {
    let z = check_options(options)?;
    check_columns(durations, events, entries, None)?;
    let mut exits = Vec::with_capacity(durations.len());
    let mut entry_times = Vec::with_capacity(durations.len());
    for (k, (&d, &e)) in durations.iter().zip(events).enumerate() {
        let entry = entries.and_then(|c| c.get(k).copied()).unwrap_or(0.0);
        check_subject(d, entry, &|field| format!("{field}[{k}]"))?;
        exits.push((time(d), e, time(entry) == time(d)));
        entry_times.push(time(entry));
    }
    Ok(fit(exits, entry_times, z, options.confidence_level))
}

fn check_columns(
    durations: &[f64],
    events: &[bool],
    entries: Option<&[f64]>,
    groups: Option<usize>,
) -> Result<()> {
    if durations.is_empty() {
        return Err(Error::new(
            ErrorCode::InputEmpty,
            "duration",
            "a survival estimate needs at least one subject",
        ));
    }
    let n = durations.len();
    let lengths = [
        ("event", Some(events.len())),
        ("entry", entries.map(<[f64]>::len)),
        ("group", groups),
    ];
    for (name, len) in lengths {
        if let Some(len) = len {
            if len != n {
                return Err(Error::new(
                    ErrorCode::InputColumnLength,
                    name,
                    format!("{len} values where the duration column has {n}"),
                )
                .with_value(len));
            }
        }
    }
    Ok(())
}

/// Kaplan-Meier estimates over all subjects and, when a group column is given, per group,
/// from columns; `groups[i]` is the group of subject `i` (every subject needs one:
/// `input.missing_group` at `group[i]` otherwise). Errors as [`kaplan_meier`].
///
/// ```
/// use tenure::{survival_analysis, KaplanMeierOptions};
/// let groups = [Some("annual"), Some("annual"), Some("monthly")];
/// let analysis = survival_analysis(&[3.0, 2.0, 1.0], &[false, false, true], None,
///                                  Some(&groups), &KaplanMeierOptions::default())?;
/// assert_eq!(analysis.groups.len(), 2);
/// assert_eq!(analysis.groups[1].group, "monthly");
/// assert_eq!(analysis.groups[1].fit.median, Some(1.0));
/// assert_eq!(analysis.groups[0].fit.median, None); // nobody in "annual" churned
/// assert_eq!(analysis.overall.curve.survival, vec![1.0, 2.0 / 3.0, 2.0 / 3.0, 2.0 / 3.0]);
/// # Ok::<(), tenure::Error>(())
/// ```
pub fn survival_analysis<G: AsRef<str>>(
    durations: &[f64],
    events: &[bool],
    entries: Option<&[f64]>,
    groups: Option<&[Option<G>]>,
    options: &KaplanMeierOptions,
) -> Result<SurvivalAnalysis> {
    let z = check_options(options)?;
    check_columns(durations, events, entries, groups.map(<[Option<G>]>::len))?;
    let overall = kaplan_meier(durations, events, entries, options)?;
    let Some(groups) = groups else {
        return Ok(SurvivalAnalysis {
            overall,
            groups: Vec::new(),
        });
    };
    let mut by_group: BTreeMap<&str, Observations> = BTreeMap::new();
    for (k, ((&d, &e), g)) in durations.iter().zip(events).zip(groups).enumerate() {
        let Some(g) = g else {
            return Err(Error::new(
                ErrorCode::SurvivalMissingGroup,
                format!("group[{k}]"),
                "every subject needs a group when groups are given",
            ));
        };
        let entry = entries.and_then(|c| c.get(k).copied()).unwrap_or(0.0);
        let slot = by_group.entry(g.as_ref()).or_default();
        slot.0.push((time(d), e, time(entry) == time(d)));
        slot.1.push(time(entry));
    }
    let groups = by_group
        .into_iter()
        .map(|(group, (exits, entries))| GroupSurvival {
            group: group.to_string(),
            fit: fit(exits, entries, z, options.confidence_level),
        })
        .collect();
    Ok(SurvivalAnalysis { overall, groups })
}

/// Kaplan-Meier estimates from subject records (the serde form of a list of records).
/// Groups are estimated when any subject has a group; then every subject needs one. Paths of
/// errors are `subjects[i].duration` and so on.
///
/// ```
/// use tenure::{survival_analysis_subjects, KaplanMeierOptions, Subject};
/// let subjects: Vec<Subject> = serde_json::from_str(
///     r#"[{"duration": 2, "event": true}, {"duration": 5, "event": false, "entry": 1}]"#).unwrap();
/// let analysis = survival_analysis_subjects(&subjects, &KaplanMeierOptions::default())?;
/// // The second subject enters at 1: it is at risk from just after 1.
/// assert_eq!(analysis.overall.curve.time, vec![0.0, 1.0, 2.0, 5.0]);
/// assert_eq!(analysis.overall.curve.at_risk, vec![1, 1, 2, 1]);
/// assert_eq!(analysis.overall.curve.survival, vec![1.0, 1.0, 0.5, 0.5]);
/// # Ok::<(), tenure::Error>(())
/// ```
pub fn survival_analysis_subjects(
    subjects: &[Subject],
    options: &KaplanMeierOptions,
) -> Result<SurvivalAnalysis> {
    let z = check_options(options)?;
    if subjects.is_empty() {
        return Err(Error::new(
            ErrorCode::InputEmpty,
            "subjects",
            "a survival estimate needs at least one subject",
        ));
    }
    let grouped = subjects.iter().any(|s| s.group.is_some());
    let mut exits = Vec::with_capacity(subjects.len());
    let mut entries = Vec::with_capacity(subjects.len());
    let mut by_group: BTreeMap<&str, Observations> = BTreeMap::new();
    for (k, s) in subjects.iter().enumerate() {
        check_subject(s.duration, s.entry, &|field| {
            format!("subjects[{k}].{field}")
        })?;
        let (d, e) = (time(s.duration), time(s.entry));
        exits.push((d, s.event, e == d));
        entries.push(e);
        if grouped {
            let Some(g) = s.group.as_deref() else {
                return Err(Error::new(
                    ErrorCode::SurvivalMissingGroup,
                    format!("subjects[{k}].group"),
                    "every subject needs a group when any subject has one",
                ));
            };
            let slot = by_group.entry(g).or_default();
            slot.0.push((d, s.event, e == d));
            slot.1.push(e);
        }
    }
    let overall = fit(exits, entries, z, options.confidence_level);
    let groups = by_group
        .into_iter()
        .map(|(group, (exits, entries))| GroupSurvival {
            group: group.to_string(),
            fit: fit(exits, entries, z, options.confidence_level),
        })
        .collect();
    Ok(SurvivalAnalysis { overall, groups })
}

/// Survival data as columns (the serde form the JavaScript bindings read): `duration`,
/// `event`, optional `entry` and `group`, all of the same length.
///
/// ```
/// let columns: tenure::SurvivalColumns = serde_json::from_str(
///     r#"{"duration": [1, 2], "event": [true, false], "group": ["a", "b"]}"#).unwrap();
/// let analysis = columns.analyse(&tenure::KaplanMeierOptions::default())?;
/// assert_eq!(analysis.groups.len(), 2);
/// # Ok::<(), tenure::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurvivalColumns {
    /// Durations (`>= 0`).
    pub duration: Vec<f64>,
    /// Whether the event was observed, per subject.
    pub event: Vec<bool>,
    /// Late-entry times (default: all 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<Vec<f64>>,
    /// Groups, per subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<Vec<Option<String>>>,
}

impl SurvivalColumns {
    /// The estimates of [`survival_analysis`] over these columns.
    pub fn analyse(&self, options: &KaplanMeierOptions) -> Result<SurvivalAnalysis> {
        survival_analysis(
            &self.duration,
            &self.event,
            self.entry.as_deref(),
            self.group.as_deref(),
            options,
        )
    }
}
