//! A JSON tree that keeps the order of object fields as they were serialised (struct order), so
//! the terminal views list fields in the order the engine declares them.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// One JSON value, objects as ordered field lists.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, as serde_json prints it.
    Number(serde_json::Number),
    /// A string.
    Text(String),
    /// An array.
    Array(Vec<Node>),
    /// An object, fields in order.
    Object(Vec<(String, Node)>),
}

impl Node {
    /// The tree of any serialisable value (through its JSON text, which keeps field order).
    pub fn of<T: serde::Serialize>(value: &T) -> Result<Node, serde_json::Error> {
        let text = serde_json::to_string(value)?;
        serde_json::from_str(&text)
    }

    /// The field of an object.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Object(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Follows a path of field names.
    pub fn at(&self, path: &[&str]) -> Option<&Node> {
        path.iter().try_fold(self, |node, key| node.get(key))
    }

    /// Whether the value is a scalar (null, bool, number, string).
    pub fn is_scalar(&self) -> bool {
        !matches!(self, Node::Array(_) | Node::Object(_))
    }

    /// The number, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Node::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    /// The text, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub fn as_array(&self) -> Option<&[Node]> {
        match self {
            Node::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The fields, if this is an object.
    pub fn as_object(&self) -> Option<&[(String, Node)]> {
        match self {
            Node::Object(fields) => Some(fields),
            _ => None,
        }
    }

    /// A scalar as display text (`-` for null); containers are summarised.
    pub fn scalar_text(&self) -> String {
        match self {
            Node::Null => "-".to_string(),
            Node::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
            Node::Number(n) => number_text(n),
            Node::Text(s) => s.clone(),
            Node::Array(items) => summarise_array(items),
            Node::Object(fields) => summarise_object(fields),
        }
    }
}

/// A number for reading: integers as they are, fractions to at most 4 decimals
/// (`3.6666666666666665` -> `3.6667`, `0.1250` -> `0.125`). The JSON output keeps every digit.
pub fn number_text(n: &serde_json::Number) -> String {
    match (n.is_f64(), n.as_f64()) {
        (true, Some(x)) if x.is_finite() && x.fract() != 0.0 => {
            let text = format!("{x:.4}");
            let trimmed = text.trim_end_matches('0').trim_end_matches('.');
            if trimmed == "-0" || trimmed.is_empty() {
                "0".to_string()
            } else {
                trimmed.to_string()
            }
        }
        _ => n.to_string(),
    }
}

fn summarise_array(items: &[Node]) -> String {
    if items.is_empty() {
        return "-".to_string();
    }
    if items.iter().all(Node::is_scalar) {
        items
            .iter()
            .map(Node::scalar_text)
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        format!("[{} items]", items.len())
    }
}

fn summarise_object(fields: &[(String, Node)]) -> String {
    // A small all-scalar object reads best inline: `count 3, arr 1200`.
    if fields.len() <= 4 && fields.iter().all(|(_, v)| v.is_scalar()) {
        fields
            .iter()
            .map(|(k, v)| format!("{k} {}", v.scalar_text()))
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        format!("{{{} fields}}", fields.len())
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
        struct NodeVisitor;
        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_none<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
                Node::deserialize(d)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
                Ok(Node::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
                Ok(Node::Number(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
                Ok(Node::Number(v.into()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
                Ok(serde_json::Number::from_f64(v).map_or(Node::Null, Node::Number))
            }
            fn visit_str<E>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Text(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Node, E> {
                Ok(Node::Text(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Node::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut fields = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Node>()? {
                    fields.push((k, v));
                }
                Ok(Node::Object(fields))
            }
        }
        deserializer.deserialize_any(NodeVisitor)
    }
}
