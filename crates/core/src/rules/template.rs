//! Message templates: a rule's message with `{fact}`, `{days_since:fact}`,
//! `{days_until:fact}`, `{latest:fact}`, `{tier:fact}`, `{account}` and `{as_of}` placeholders,
//! parsed once and resolved to the [`MessagePart`]s evaluation renders.

use super::compiled::MessagePart;
use crate::error::{Error, ErrorCode, Result};
use crate::shared::keys::check_key;

/// A parsed template piece before slots are known.
pub(super) enum Piece {
    Text(String),
    /// Measure name ("" for the value) and fact key.
    Fact(&'static str, String),
    Account,
    AsOf,
}

/// Splits a message template into text and `{placeholder}` pieces (`{{` and `}}` are braces).
pub(super) fn parse_template(text: &str, path: &str) -> Result<Vec<Piece>> {
    let bad = |message: String| {
        Error::new(ErrorCode::RulesInvalidMessage, path, message).with_value(text)
    };
    let mut out = Vec::new();
    let mut literal = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                literal.push('}');
            }
            '}' => return Err(bad("unbalanced `}` (write `}}` for a brace)".into())),
            '{' => {
                let mut name = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some('{') | None => {
                            return Err(bad("unclosed `{` (write `{{` for a brace)".into()))
                        }
                        Some(ch) => name.push(ch),
                    }
                }
                if !literal.is_empty() {
                    out.push(Piece::Text(std::mem::take(&mut literal)));
                }
                let piece = match name.split_once(':') {
                    None if name == "account" => Piece::Account,
                    None if name == "as_of" => Piece::AsOf,
                    None => Piece::Fact("", name.clone()),
                    Some((measure, fact)) => {
                        let measure = match measure {
                            "days_since" => "days_since",
                            "days_until" => "days_until",
                            "latest" => "latest",
                            "tier" => "tier",
                            other => {
                                return Err(bad(format!(
                                    "unknown placeholder measure `{other}` (days_since, days_until, latest, tier)"
                                )))
                            }
                        };
                        Piece::Fact(measure, fact.to_string())
                    }
                };
                if let Piece::Fact(_, key) = &piece {
                    if check_key(key, path, ErrorCode::RulesInvalidKey, "fact").is_err() {
                        return Err(bad(format!("`{{{name}}}` does not name a fact")));
                    }
                }
                out.push(piece);
            }
            other => literal.push(other),
        }
    }
    if !literal.is_empty() {
        out.push(Piece::Text(literal));
    }
    Ok(out)
}

impl Piece {
    /// The fact key a piece reads, if any.
    pub(super) fn fact(&self) -> Option<&str> {
        match self {
            Piece::Fact(_, key) => Some(key),
            _ => None,
        }
    }

    /// The message part of a piece, its fact key resolved to a slot by `slot_of`.
    pub(super) fn resolve(self, slot_of: impl Fn(&str) -> usize) -> MessagePart {
        match self {
            Piece::Text(t) => MessagePart::Text(t),
            Piece::Account => MessagePart::Account,
            Piece::AsOf => MessagePart::AsOf,
            Piece::Fact(measure, key) => {
                let slot = slot_of(&key);
                match measure {
                    "days_since" => MessagePart::DaysSince(slot),
                    "days_until" => MessagePart::DaysUntil(slot),
                    "latest" => MessagePart::Latest(slot),
                    "tier" => MessagePart::Tier(slot),
                    _ => MessagePart::Fact(slot),
                }
            }
        }
    }
}
