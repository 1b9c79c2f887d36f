//! The key rule of the JavaScript bindings (Node.js and the browser): one rule, applied by both.
//!
//! On the way in, object keys go from camelCase to snake_case (`asOf` → `as_of`; snake_case keys
//! are unchanged); on the way out, from snake_case to camelCase (`next_tier` → `nextTier`). The
//! keys of the user-data maps ([`USER_DATA_MAPS`]: `inputs`, `attributes`, `columns`, ...) —
//! input keys, attribute names, currency codes, fact and play keys chosen by the user — are never
//! converted, nor is anything below them. A portfolio ([`KeyRule::portfolio`]) adds one
//! exception: the `signals` of each of its accounts (health-model input keys, user data like an
//! account's `inputs`) are kept as given too.
//!
//! [`KeyRule`] walks a value with the rule: the readers of JavaScript values in each binding and
//! the writer of results ([`crate::Value::to_js_json`]) ask it, key by key, for the converted key
//! and the rule of the value below it.

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

/// The key of a portfolio account's health-model inputs, kept as given like `inputs`.
pub const PORTFOLIO_SIGNALS: &str = "signals";

/// Whether the value under `key` is a user-data map whose keys must be kept as given.
///
/// ```
/// assert!(tenure_interop::casing::is_user_data_map("inputs"));
/// assert!(!tenure_interop::casing::is_user_data_map("nextTier"));
/// ```
pub fn is_user_data_map(key: &str) -> bool {
    USER_DATA_MAPS.contains(&key)
}

/// camelCase to snake_case: every ASCII uppercase letter becomes `_` and its lowercase.
///
/// ```
/// use tenure_interop::casing::snake_case;
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
/// use tenure_interop::casing::camel_case;
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

/// Which way keys are converted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// camelCase → snake_case (into the core).
    Snake,
    /// snake_case → camelCase (out of the core).
    Camel,
}

impl Case {
    /// `key` in this spelling.
    pub fn convert(self, key: &str) -> Cow<'_, str> {
        match self {
            Case::Snake => snake_case(key),
            Case::Camel => camel_case(key),
        }
    }
}

/// Where in a value a key stands, which decides whether it is converted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    /// Below a user-data map: keys as given.
    UserData,
    /// Ordinary data: keys converted.
    Data,
    /// The top of a portfolio: keys converted, `accounts` holds accounts.
    Portfolio,
    /// A portfolio's `accounts`: a list of accounts.
    PortfolioAccounts,
    /// One portfolio account: keys converted, `signals` kept as given.
    PortfolioAccount,
}

/// The key rule at one place in a value: whether the keys of the object found there are
/// converted, and the rule of the values below each key.
///
/// ```
/// use tenure_interop::casing::{Case, KeyRule};
/// let (key, below) = KeyRule::data().entry("asOf", Case::Snake);
/// assert_eq!((key.as_ref(), below), ("as_of", KeyRule::data()));
/// let (key, below) = KeyRule::data().entry("inputs", Case::Snake);
/// assert_eq!(below.entry("loginTrend", Case::Snake).0, "loginTrend");
/// # let _ = key;
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyRule(Place);

impl KeyRule {
    /// Every key as given (user data, error values, column categories).
    pub const fn as_given() -> KeyRule {
        KeyRule(Place::UserData)
    }

    /// The core's rule: keys converted except below the user-data maps.
    pub const fn data() -> KeyRule {
        KeyRule(Place::Data)
    }

    /// The rule of a portfolio: the core's rule, and the `signals` of each account (the
    /// objects of the portfolio's `accounts` list) kept as given.
    pub const fn portfolio() -> KeyRule {
        KeyRule(Place::Portfolio)
    }

    /// Whether the keys of an object at this place are converted.
    pub fn converts(self) -> bool {
        self.0 != Place::UserData
    }

    /// The key of an object entry at this place, converted to `case` when the rule says so, and
    /// the rule of the entry's value.
    pub fn entry(self, key: &str, case: Case) -> (Cow<'_, str>, KeyRule) {
        if self.0 == Place::UserData {
            return (Cow::Borrowed(key), self);
        }
        let converted = case.convert(key);
        let kept = |name: &str| {
            is_user_data_map(name)
                || (self.0 == Place::PortfolioAccount && name == PORTFOLIO_SIGNALS)
        };
        let below = if kept(key) || kept(&converted) {
            Place::UserData
        } else if self.0 == Place::Portfolio && converted == "accounts" {
            Place::PortfolioAccounts
        } else {
            Place::Data
        };
        (converted, KeyRule(below))
    }

    /// [`KeyRule::entry`] for a key the reader owns: the key is moved, not copied, when it is
    /// kept as it is.
    pub fn owned_entry(self, key: String, case: Case) -> (String, KeyRule) {
        let (converted, below) = self.entry(&key, case);
        let converted = match converted {
            Cow::Borrowed(_) => None,
            Cow::Owned(converted) => Some(converted),
        };
        (converted.unwrap_or(key), below)
    }

    /// The rule of the items of an array at this place.
    pub fn item(self) -> KeyRule {
        match self.0 {
            Place::PortfolioAccounts => KeyRule(Place::PortfolioAccount),
            Place::UserData => self,
            _ => KeyRule(Place::Data),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_directions_round_trip() {
        for key in [
            "as_of",
            "next_tier",
            "drop_window_days",
            "composite",
            "tier_2",
        ] {
            assert_eq!(snake_case(&camel_case(key)), key);
        }
        assert_eq!(camel_case("min_coverage"), "minCoverage");
        assert_eq!(snake_case("minCoverage"), "min_coverage");
    }

    #[test]
    fn user_data_keeps_its_keys_at_any_depth() {
        let (key, below) = KeyRule::data().entry("lastFired", Case::Snake);
        assert_eq!(key, "last_fired");
        assert!(!below.converts());
        let (key, deeper) = below.entry("someFact", Case::Snake);
        assert_eq!(key, "someFact");
        assert_eq!(deeper.item().entry("innerKey", Case::Snake).0, "innerKey");
    }

    #[test]
    fn portfolio_signals_are_kept_in_each_account_only() {
        let (key, accounts) = KeyRule::portfolio().entry("accounts", Case::Camel);
        assert_eq!(key, "accounts");
        let account = accounts.item();
        let (key, signals) = account.entry("customer_since", Case::Camel);
        assert_eq!((key.as_ref(), signals), ("customerSince", KeyRule::data()));
        let (_, signals) = account.entry("signals", Case::Camel);
        assert_eq!(signals.entry("dau_mau", Case::Camel).0, "dau_mau");
        // `signals` anywhere else is ordinary data.
        let (_, elsewhere) = KeyRule::data().entry("signals", Case::Camel);
        assert_eq!(elsewhere.entry("dau_mau", Case::Camel).0, "dauMau");
        let (_, top) = KeyRule::portfolio().entry("signals", Case::Camel);
        assert_eq!(top.entry("dau_mau", Case::Camel).0, "dauMau");
    }
}
