//! The key rule of the JavaScript bindings (Node.js and the browser), kept here so that both
//! apply exactly the same one.
//!
//! On the way in, object keys go from camelCase to snake_case (`asOf` → `as_of`; snake_case keys
//! are unchanged); on the way out, from snake_case to camelCase (`next_tier` → `nextTier`). The
//! keys of the user-data maps `inputs`, `attributes` and `columns` — input keys and attribute
//! names chosen by the user — are never converted, nor is anything below them; nor are the keys
//! of an account's rule `facts` and `last_fired` (fact and play keys).

use std::borrow::Cow;

/// Keys whose values are user data: their own keys are kept as given (`rates`: the currency
/// codes of exchange rates; `facts` and `last_fired`: fact and play keys of rule evaluations;
/// `by_segment`, `engagement_levels` and `avg_ttfv_days_by_segment`: the portfolio review's maps
/// keyed by segment and engagement level, whose keys are those values as the core spells them).
pub const USER_DATA_MAPS: [&str; 9] = [
    "inputs",
    "attributes",
    "columns",
    "rates",
    "facts",
    "last_fired",
    "by_segment",
    "engagement_levels",
    "avg_ttfv_days_by_segment",
];

/// Whether the value under `key` is a user-data map whose keys must be kept as given.
///
/// ```
/// assert!(tenure::casing::is_user_data_map("inputs"));
/// assert!(!tenure::casing::is_user_data_map("nextTier"));
/// ```
pub fn is_user_data_map(key: &str) -> bool {
    USER_DATA_MAPS.contains(&key)
}

/// camelCase to snake_case: every ASCII uppercase letter becomes `_` and its lowercase.
///
/// ```
/// use tenure::casing::snake_case;
/// assert_eq!(snake_case("asOf"), "as_of");
/// assert_eq!(snake_case("drop_window_days"), "drop_window_days");
/// ```
pub fn snake_case(key: &str) -> Cow<'_, str> {
    if !key.bytes().any(|b| b.is_ascii_uppercase()) {
        return Cow::Borrowed(key);
    }
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// snake_case to camelCase: every `_` followed by an ASCII lowercase letter becomes that letter
/// in uppercase; other characters are kept.
///
/// ```
/// use tenure::casing::camel_case;
/// assert_eq!(camel_case("next_tier"), "nextTier");
/// assert_eq!(camel_case("composite"), "composite");
/// assert_eq!(camel_case("tier_2"), "tier_2");
/// ```
pub fn camel_case(key: &str) -> Cow<'_, str> {
    if !key.contains('_') {
        return Cow::Borrowed(key);
    }
    let mut out = String::with_capacity(key.len());
    let mut chars = key.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&n) if c == '_' && n.is_ascii_lowercase() => {
                out.push(n.to_ascii_uppercase());
                chars.next();
            }
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Which way to convert the keys of a JSON value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// camelCase → snake_case (into the core).
    Snake,
    /// snake_case → camelCase (out of the core).
    Camel,
}

/// Converts the object keys of a JSON value in place, except inside user-data maps.
///
/// ```
/// use tenure::casing::{convert_keys, Case};
/// let mut v = serde_json::json!({"asOf": "2026-11-01", "inputs": {"loginTrend": "up"}});
/// convert_keys(&mut v, Case::Snake);
/// assert_eq!(v, serde_json::json!({"as_of": "2026-11-01", "inputs": {"loginTrend": "up"}}));
/// ```
pub fn convert_keys(value: &mut serde_json::Value, case: Case) {
    match value {
        serde_json::Value::Object(map) => {
            let entries = std::mem::take(map);
            for (key, mut v) in entries {
                let new_key = match case {
                    Case::Snake => snake_case(&key).into_owned(),
                    Case::Camel => camel_case(&key).into_owned(),
                };
                if !is_user_data_map(&new_key) && !is_user_data_map(&key) {
                    convert_keys(&mut v, case);
                }
                map.insert(new_key, v);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| convert_keys(v, case)),
        _ => {}
    }
}
