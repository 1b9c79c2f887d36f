//! Ranking the matched rules of an account: one play per account, the highest-ranked rule
//! holding it, cooldowns given when a play last fired; and a play's due time.

use super::compiled::{Compiled, CompiledRule};
use chrono::{Days, NaiveDate, NaiveDateTime, TimeDelta};

/// A matched rule's fate in the ranking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decision {
    Fire,
    Duplicate(usize),
    Cooldown(NaiveDate, Option<NaiveDate>),
}

/// Ranks the matched rules: in `order`, the first rule of each play holds it (the others are
/// duplicates); it fires unless the play is in its cooldown. Calls `decide(rule, decision)`
/// in rank order.
pub(crate) fn rank(
    compiled: &Compiled,
    matched: &[bool],
    last_fired: impl Fn(usize) -> Option<NaiveDate>,
    as_of: NaiveDate,
    holder: &mut Vec<usize>,
    mut decide: impl FnMut(usize, &CompiledRule, Decision),
) {
    holder.clear();
    holder.resize(compiled.plays.len(), usize::MAX);
    for &index in &compiled.order {
        let (Some(rule), Some(true)) = (compiled.rules.get(index), matched.get(index).copied())
        else {
            continue;
        };
        let Some(slot) = holder.get_mut(rule.play) else {
            continue;
        };
        if *slot != usize::MAX {
            decide(index, rule, Decision::Duplicate(*slot));
            continue;
        }
        *slot = index;
        let cooling = if rule.cooldown_days > 0 {
            last_fired(rule.play).and_then(|last| {
                let until = last.checked_add_days(Days::new(u64::from(rule.cooldown_days)));
                // Suppressed while as_of < last + cooldown (forever if that overflows).
                let suppressed = until.is_none_or(|u| as_of < u);
                suppressed.then_some(Decision::Cooldown(last, until))
            })
        } else {
            None
        };
        decide(index, rule, cooling.unwrap_or(Decision::Fire));
    }
}

/// `as_of` 00:00 plus the hours.
pub(crate) fn due_at(as_of: NaiveDate, hours: Option<u32>) -> Option<NaiveDateTime> {
    let hours = hours?;
    as_of
        .and_hms_opt(0, 0, 0)?
        .checked_add_signed(TimeDelta::try_hours(i64::from(hours))?)
}
