//! Keys of models, rule sets and other user data: one spelling rule everywhere.

use crate::error::{Error, ErrorCode, Result};
use std::collections::BTreeSet;

/// Checks a key (of a dimension, signal, tier, rule, play, ...): 1-128 characters of a-z, 0-9,
/// `_`, `-` and `.`. `code` is the error code of the area the key belongs to, `what` names the
/// kind of key in the message (empty for a model's keys).
pub(crate) fn check_key(key: &str, path: &str, code: ErrorCode, what: &str) -> Result<()> {
    let ok = !key.is_empty()
        && key.len() <= 128
        && key.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-' || b == b'.'
        });
    if ok {
        return Ok(());
    }
    let rule = "keys are 1-128 characters of a-z, 0-9, '_', '-' and '.'";
    let message = if what.is_empty() {
        rule.to_string()
    } else {
        format!("{what} {rule}")
    };
    Err(Error::new(code, path, message).with_value(key))
}

/// The error of a model key used twice.
pub(crate) fn duplicate_key(path: &str, key: &str) -> Error {
    Error::new(
        ErrorCode::ModelDuplicateKey,
        path,
        format!("key `{key}` is used twice"),
    )
    .with_value(key)
}

/// Checks a model key (of a dimension, signal or tier) at `path` and that `seen` does not hold
/// it yet, then records it.
pub(crate) fn check_unique_model_key<'a>(
    key: &'a str,
    path: &str,
    seen: &mut BTreeSet<&'a str>,
) -> Result<()> {
    check_key(key, path, ErrorCode::ModelInvalidKey, "")?;
    if seen.insert(key) {
        Ok(())
    } else {
        Err(duplicate_key(path, key))
    }
}
