//! Binding an account's facts to the slots of a compiled rule set.

use super::compiled::key_prefix;
use super::facts::{FactValue, SeriesPoint};
use chrono::NaiveDate;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// One fact value, borrowed from an account's facts or from a column of a batch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum FactRef<'a> {
    Null,
    Number(f64),
    Text(&'a str),
    Bool(bool),
    Date(NaiveDate),
    Series(&'a [SeriesPoint]),
}

impl<'a> FactRef<'a> {
    pub(crate) fn of(value: &'a FactValue) -> FactRef<'a> {
        match value {
            FactValue::Null => FactRef::Null,
            FactValue::Number(n) => FactRef::Number(*n),
            FactValue::Text(t) => FactRef::Text(t),
            FactValue::Bool(b) => FactRef::Bool(*b),
            FactValue::Date(d) => FactRef::Date(*d),
            FactValue::Series(p) => FactRef::Series(p),
        }
    }

    pub(crate) fn owned(self) -> FactValue {
        match self {
            FactRef::Null => FactValue::Null,
            FactRef::Number(n) => FactValue::Number(n),
            FactRef::Text(t) => FactValue::Text(t.to_string()),
            FactRef::Bool(b) => FactValue::Bool(b),
            FactRef::Date(d) => FactValue::Date(d),
            FactRef::Series(p) => FactValue::Series(p.to_vec()),
        }
    }

    pub(crate) fn is_missing(self) -> bool {
        match self {
            FactRef::Null => true,
            FactRef::Number(n) => n.is_nan(),
            _ => false,
        }
    }
}

/// Binds facts to slots (a merge of two sorted key lists; lookups when the facts are many).
/// `prefixes` are the [`key_prefix`]es of `slots`.
pub(crate) fn bind<'a>(
    slots: &[String],
    prefixes: &[u128],
    facts: &'a BTreeMap<String, FactValue>,
    out: &mut Vec<Option<FactRef<'a>>>,
) {
    out.clear();
    if facts.len() > slots.len().saturating_mul(8) {
        out.extend(slots.iter().map(|k| facts.get(k).map(FactRef::of)));
        return;
    }
    let mut it = facts.iter();
    let mut current = it.next().map(|(k, v)| (key_prefix(k), k, v));
    for (key, &prefix) in slots.iter().zip(prefixes) {
        let mut found = None;
        while let Some((p, k, v)) = current {
            let order = match p.cmp(&prefix) {
                // Equal prefixes of two keys of the same length up to 16 bytes: equal keys.
                Ordering::Equal if k.len() == key.len() && k.len() <= 16 => Ordering::Equal,
                Ordering::Equal => k.as_str().cmp(key.as_str()),
                other => other,
            };
            match order {
                Ordering::Less => {
                    current = it.next().map(|(k, v)| (key_prefix(k), k, v));
                }
                Ordering::Equal => {
                    found = Some(FactRef::of(v));
                    current = it.next().map(|(k, v)| (key_prefix(k), k, v));
                    break;
                }
                Ordering::Greater => break,
            }
        }
        out.push(found);
    }
}
