//! Reading rule sets from JSON (or any serde data) with typed `rules.*` errors.
//!
//! The reader walks a JSON value and checks each field as it goes, so every error names the
//! exact path (`rules[3].condition.all[1].op`). Nesting depth, the number of conditions and
//! rules and the length of `in` lists are bounded *while* reading ([`RuleLimits::MAX`]), so an
//! oversized rule set is rejected without being walked in full.

use super::model::{
    parse_date, Action, CompareOp, Condition, Crossing, Literal, Measure, Rule, RuleLimits,
    RuleSet, Severity, SignalStrength, Subject, Window,
};
use crate::error::{join_path, Error, ErrorCode, Result};
use crate::shared::score_scale::Tier;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// Deepest JSON nesting accepted from a host value (Python or JavaScript data).
pub const MAX_JSON_DEPTH: usize = 64;

fn err(code: ErrorCode, path: &str, message: impl Into<String>) -> Error {
    Error::new(code, path, message)
}

pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn parse_error(path: &str, expected: &str, got: &Value) -> Error {
    err(
        ErrorCode::RulesParse,
        path,
        format!("expected {expected}, found {}", type_name(got)),
    )
}

/// An object being read: its fields and its path.
struct Obj<'a> {
    map: &'a Map<String, Value>,
    path: String,
}

impl<'a> Obj<'a> {
    fn new(value: &'a Value, path: &str) -> Result<Obj<'a>> {
        match value {
            Value::Object(map) => Ok(Obj {
                map,
                path: path.to_string(),
            }),
            other => Err(parse_error(path, "an object", other)),
        }
    }

    fn at(&self, field: &str) -> String {
        join_path(&self.path, field)
    }

    /// Rejects fields other than `allowed`.
    fn allow(&self, allowed: &[&str]) -> Result<()> {
        match self.map.keys().find(|k| !allowed.contains(&k.as_str())) {
            Some(k) => Err(err(
                ErrorCode::RulesUnknownField,
                &self.at(k),
                format!(
                    "unknown field `{k}`, expected one of {}",
                    allowed.join(", ")
                ),
            )
            .with_value(k.as_str())),
            None => Ok(()),
        }
    }

    /// A field that is present and not null.
    fn get(&self, field: &str) -> Option<&'a Value> {
        self.map.get(field).filter(|v| !v.is_null())
    }

    fn required(&self, field: &str) -> Result<&'a Value> {
        self.get(field).ok_or_else(|| {
            err(
                ErrorCode::RulesMissingField,
                &self.at(field),
                format!("missing field `{field}`"),
            )
        })
    }

    fn str_required(&self, field: &str) -> Result<&'a str> {
        let v = self.required(field)?;
        v.as_str()
            .ok_or_else(|| parse_error(&self.at(field), "a string", v))
    }

    fn str_optional(&self, field: &str) -> Result<Option<&'a str>> {
        match self.get(field) {
            None => Ok(None),
            Some(v) => v
                .as_str()
                .map(Some)
                .ok_or_else(|| parse_error(&self.at(field), "a string", v)),
        }
    }

    fn bool_optional(&self, field: &str) -> Result<Option<bool>> {
        match self.get(field) {
            None => Ok(None),
            Some(v) => v
                .as_bool()
                .map(Some)
                .ok_or_else(|| parse_error(&self.at(field), "a boolean", v)),
        }
    }

    /// A whole number 0..=u32::MAX; `code` for a number that is not one.
    fn u32_optional(&self, field: &str, code: ErrorCode) -> Result<Option<u32>> {
        match self.get(field) {
            None => Ok(None),
            Some(v) => whole(v, &self.at(field), code).map(Some),
        }
    }

    fn f64_required(&self, field: &str) -> Result<f64> {
        let v = self.required(field)?;
        v.as_f64()
            .ok_or_else(|| parse_error(&self.at(field), "a number", v))
    }
}

fn whole(v: &Value, path: &str, code: ErrorCode) -> Result<u32> {
    match v {
        Value::Number(n) => n
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .or_else(|| {
                // 30.0 is a whole number too.
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= f64::from(u32::MAX))
                    .map(|f| f as u32)
            })
            .ok_or_else(|| {
                err(code, path, "expected a whole number, at least 0").with_value(v.clone())
            }),
        other => Err(parse_error(path, "a whole number", other)),
    }
}

/// Reads a rule set from a JSON value (shape only; [`super::compile`] checks the meaning).
pub(crate) fn rule_set(value: &Value) -> Result<RuleSet> {
    let obj = Obj::new(value, "")?;
    obj.allow(&["id", "version", "label", "note", "tiers", "limits", "rules"])?;
    let id = obj.str_required("id")?.to_string();
    let version = obj.str_optional("version")?.map(str::to_string);
    let label = obj.str_optional("label")?.map(str::to_string);
    let note = obj.str_optional("note")?.map(str::to_string);
    let tiers = match obj.get("tiers") {
        None => None,
        Some(v) => Some(
            serde_path_to_error::deserialize::<_, Vec<Tier>>(v.clone()).map_err(|e| {
                let path = join_path("tiers", &e.path().to_string());
                let text = e.into_inner().to_string();
                let code = if text.starts_with("unknown field") {
                    ErrorCode::RulesUnknownField
                } else if text.starts_with("missing field") {
                    ErrorCode::RulesMissingField
                } else {
                    ErrorCode::RulesParse
                };
                err(code, &path, text)
            })?,
        ),
    };
    let limits = match obj.get("limits") {
        None => None,
        Some(v) => Some(limits(v, &obj.at("limits"))?),
    };
    let list = obj.required("rules")?;
    let items = list
        .as_array()
        .ok_or_else(|| parse_error("rules", "an array", list))?;
    if items.len() > RuleLimits::MAX.max_rules as usize {
        return Err(err(
            ErrorCode::RulesLimitExceeded,
            "rules",
            format!("more than {} rules", RuleLimits::MAX.max_rules),
        )
        .with_value(items.len()));
    }
    let mut budget = Budget {
        conditions: 0,
        max: RuleLimits::MAX.max_conditions,
    };
    let rules = items
        .iter()
        .enumerate()
        .map(|(i, v)| rule(v, &format!("rules[{i}]"), &mut budget))
        .collect::<Result<Vec<_>>>()?;
    Ok(RuleSet {
        id,
        version,
        label,
        note,
        tiers,
        limits,
        rules,
    })
}

fn limits(value: &Value, path: &str) -> Result<RuleLimits> {
    let obj = Obj::new(value, path)?;
    let names = [
        "max_depth",
        "max_conditions",
        "max_rules",
        "max_in_values",
        "max_message_chars",
    ];
    obj.allow(&names)?;
    let max = RuleLimits::MAX;
    let mut out = max;
    for (name, (slot, ceiling)) in names.iter().zip([
        (&mut out.max_depth, max.max_depth),
        (&mut out.max_conditions, max.max_conditions),
        (&mut out.max_rules, max.max_rules),
        (&mut out.max_in_values, max.max_in_values),
        (&mut out.max_message_chars, max.max_message_chars),
    ]) {
        if let Some(v) = obj.u32_optional(name, ErrorCode::RulesInvalidValue)? {
            if v == 0 || v > ceiling {
                return Err(err(
                    ErrorCode::RulesLimitExceeded,
                    &obj.at(name),
                    format!("a limit is between 1 and {ceiling}"),
                )
                .with_value(v));
            }
            *slot = v;
        }
    }
    Ok(out)
}

/// Counts conditions while reading, so a huge set stops early.
struct Budget {
    conditions: u32,
    max: u32,
}

fn rule(value: &Value, path: &str, budget: &mut Budget) -> Result<Rule> {
    let obj = Obj::new(value, path)?;
    obj.allow(&[
        "key",
        "label",
        "category",
        "source",
        "note",
        "priority",
        "condition",
        "action",
        "cooldown_days",
        "enabled",
    ])?;
    let key = obj.str_required("key")?.to_string();
    let label = obj.str_required("label")?.to_string();
    let category = obj.str_optional("category")?.map(str::to_string);
    let source = obj.str_optional("source")?.map(str::to_string);
    let note = obj.str_optional("note")?.map(str::to_string);
    let priority = obj
        .u32_optional("priority", ErrorCode::RulesInvalidValue)?
        .unwrap_or(100);
    let condition = condition(obj.required("condition")?, &obj.at("condition"), 1, budget)?;
    let action = action(obj.required("action")?, &obj.at("action"))?;
    let cooldown_days = obj
        .u32_optional("cooldown_days", ErrorCode::RulesInvalidValue)?
        .unwrap_or(0);
    let enabled = obj.bool_optional("enabled")?.unwrap_or(true);
    Ok(Rule {
        key,
        label,
        category,
        source,
        note,
        priority,
        condition,
        action,
        cooldown_days,
        enabled,
    })
}

fn action(value: &Value, path: &str) -> Result<Action> {
    let obj = Obj::new(value, path)?;
    obj.allow(&[
        "play",
        "severity",
        "due_within_hours",
        "message",
        "strength",
    ])?;
    let play = obj.str_required("play")?.to_string();
    let severity_text = obj.str_required("severity")?;
    let severity = Severity::parse(severity_text).ok_or_else(|| {
        err(
            ErrorCode::RulesInvalidValue,
            &obj.at("severity"),
            "severity is one of critical, high, medium, low, info",
        )
        .with_value(severity_text)
    })?;
    let due_within_hours = obj.u32_optional("due_within_hours", ErrorCode::RulesInvalidValue)?;
    let message = obj.str_required("message")?.to_string();
    let strength = match obj.str_optional("strength")? {
        None => None,
        Some("hot") => Some(SignalStrength::Hot),
        Some("warm") => Some(SignalStrength::Warm),
        Some(other) => {
            return Err(err(
                ErrorCode::RulesInvalidValue,
                &obj.at("strength"),
                "strength is hot or warm",
            )
            .with_value(other))
        }
    };
    Ok(Action {
        play,
        severity,
        due_within_hours,
        message,
        strength,
    })
}

/// The operators of the rule format.
pub const OPERATORS: [&str; 17] = [
    "all",
    "any",
    "not",
    "=",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "between",
    "in",
    "not_in",
    "is_missing",
    "is_present",
    "sustained",
    "tier_crossed",
    "dropped",
];

fn condition(value: &Value, path: &str, depth: u32, budget: &mut Budget) -> Result<Condition> {
    if depth > RuleLimits::MAX.max_depth {
        return Err(err(
            ErrorCode::RulesLimitExceeded,
            path,
            format!(
                "conditions nest deeper than {} levels",
                RuleLimits::MAX.max_depth
            ),
        )
        .with_value(depth));
    }
    budget.conditions = budget.conditions.saturating_add(1);
    if budget.conditions > budget.max {
        return Err(err(
            ErrorCode::RulesLimitExceeded,
            path,
            format!("more than {} conditions in the rule set", budget.max),
        )
        .with_value(budget.conditions));
    }
    let obj = Obj::new(value, path)?;
    for group in ["all", "any"] {
        if let Some(list) = obj.map.get(group) {
            obj.allow(&[group])?;
            let at = obj.at(group);
            let items = list
                .as_array()
                .ok_or_else(|| parse_error(&at, "an array of conditions", list))?;
            if items.is_empty() {
                return Err(err(
                    ErrorCode::RulesEmpty,
                    &at,
                    format!("`{group}` needs at least one condition"),
                ));
            }
            let children = items
                .iter()
                .enumerate()
                .map(|(i, v)| condition(v, &format!("{at}[{i}]"), depth + 1, budget))
                .collect::<Result<Vec<_>>>()?;
            return Ok(if group == "all" {
                Condition::All(children)
            } else {
                Condition::Any(children)
            });
        }
    }
    if let Some(inner) = obj.map.get("not") {
        obj.allow(&["not"])?;
        let child = condition(inner, &obj.at("not"), depth + 1, budget)?;
        return Ok(Condition::Not(Box::new(child)));
    }
    test(&obj)
}

const SUBJECT_FIELDS: [&str; 4] = ["measure", "window_days", "periods", "divided_by"];

fn fields<'f>(own: &[&'f str], subject: bool) -> Vec<&'f str> {
    let mut all = vec!["fact", "op"];
    all.extend_from_slice(own);
    if subject {
        all.extend_from_slice(&SUBJECT_FIELDS);
    }
    all
}

fn test(obj: &Obj<'_>) -> Result<Condition> {
    let op_value = obj.map.get("op").ok_or_else(|| {
        err(
            ErrorCode::RulesMissingField,
            &obj.at("op"),
            "a condition is {\"all\": [...]}, {\"any\": [...]}, {\"not\": {...}} or a test with `fact` and `op`",
        )
    })?;
    let op = op_value
        .as_str()
        .ok_or_else(|| parse_error(&obj.at("op"), "an operator (a string)", op_value))?;
    let unknown_op = || {
        err(
            ErrorCode::RulesUnknownOperator,
            &obj.at("op"),
            format!(
                "unknown operator; the operators are {}",
                OPERATORS.join(", ")
            ),
        )
        .with_value(op)
    };
    if matches!(op, "all" | "any" | "not") {
        return Err(unknown_op());
    }
    if let Some(cmp) = CompareOp::parse(op) {
        obj.allow(&fields(&["value"], true))?;
        let subject = subject(obj)?;
        let value = literal(obj.required("value")?, &obj.at("value"))?;
        return Ok(Condition::Compare {
            subject,
            op: cmp,
            value,
        });
    }
    match op {
        "between" => {
            obj.allow(&fields(&["min", "max"], true))?;
            let subject = subject(obj)?;
            let min = literal(obj.required("min")?, &obj.at("min"))?;
            let max = literal(obj.required("max")?, &obj.at("max"))?;
            Ok(Condition::Between { subject, min, max })
        }
        "in" | "not_in" => {
            obj.allow(&fields(&["values"], true))?;
            let subject = subject(obj)?;
            let at = obj.at("values");
            let list = obj.required("values")?;
            let items = list
                .as_array()
                .ok_or_else(|| parse_error(&at, "an array of values", list))?;
            if items.len() > RuleLimits::MAX.max_in_values as usize {
                return Err(err(
                    ErrorCode::RulesLimitExceeded,
                    &at,
                    format!("more than {} values", RuleLimits::MAX.max_in_values),
                )
                .with_value(items.len()));
            }
            let values = items
                .iter()
                .enumerate()
                .map(|(i, v)| literal(v, &format!("{at}[{i}]")))
                .collect::<Result<Vec<_>>>()?;
            Ok(Condition::In {
                subject,
                values,
                negated: op == "not_in",
            })
        }
        "is_missing" | "is_present" => {
            obj.allow(&fields(&[], false))?;
            Ok(Condition::Missing {
                fact: obj.str_required("fact")?.to_string(),
                negated: op == "is_present",
            })
        }
        "sustained" => {
            obj.allow(&fields(&["compare", "value", "periods"], false))?;
            let fact = obj.str_required("fact")?.to_string();
            let text = obj.str_required("compare")?;
            let compare = CompareOp::parse(text).ok_or_else(|| {
                err(
                    ErrorCode::RulesUnknownOperator,
                    &obj.at("compare"),
                    "`compare` is one of =, !=, <, <=, >, >=",
                )
                .with_value(text)
            })?;
            let v = obj.required("value")?;
            let value = v.as_f64().ok_or_else(|| {
                err(
                    ErrorCode::RulesTypeMismatch,
                    &obj.at("value"),
                    "`sustained` compares the points of a series with a number",
                )
                .with_value(v.clone())
            })?;
            let periods = window_field(obj, "periods")?;
            Ok(Condition::Sustained {
                fact,
                compare,
                value,
                periods,
            })
        }
        "tier_crossed" => {
            obj.allow(&fields(&["direction", "within_days", "into"], false))?;
            let fact = obj.str_required("fact")?.to_string();
            let text = obj.str_required("direction")?;
            let direction = match text {
                "down" => Crossing::Down,
                "up" => Crossing::Up,
                other => {
                    return Err(err(
                        ErrorCode::RulesInvalidValue,
                        &obj.at("direction"),
                        "direction is down or up",
                    )
                    .with_value(other))
                }
            };
            let within_days = window_field(obj, "within_days")?;
            let into = obj.str_optional("into")?.map(str::to_string);
            Ok(Condition::TierCrossed {
                fact,
                direction,
                within_days,
                into,
            })
        }
        "dropped" => {
            obj.allow(&fields(&["pct", "within_days"], false))?;
            let fact = obj.str_required("fact")?.to_string();
            let pct = obj.f64_required("pct")?;
            let within_days = window_field(obj, "within_days")?;
            Ok(Condition::Dropped {
                fact,
                pct,
                within_days,
            })
        }
        _ => Err(unknown_op()),
    }
}

fn window_field(obj: &Obj<'_>, field: &str) -> Result<u32> {
    let v = obj.required(field).map_err(|e| {
        Error::new(
            ErrorCode::RulesInvalidWindow,
            e.path(),
            format!("`{field}` is required"),
        )
    })?;
    whole(v, &obj.at(field), ErrorCode::RulesInvalidWindow)
}

fn subject(obj: &Obj<'_>) -> Result<Subject> {
    let fact = obj.str_required("fact")?.to_string();
    let name = obj.str_optional("measure")?;
    let window_days = obj.u32_optional("window_days", ErrorCode::RulesInvalidWindow)?;
    let periods = obj.u32_optional("periods", ErrorCode::RulesInvalidWindow)?;
    let denominator = obj.str_optional("divided_by")?;
    let windowed = matches!(name, Some("pct_change" | "change"));
    if !windowed {
        if let Some(field) = [("window_days", window_days), ("periods", periods)]
            .iter()
            .find(|(_, v)| v.is_some())
            .map(|(f, _)| *f)
        {
            return Err(err(
                ErrorCode::RulesInvalidWindow,
                &obj.at(field),
                "a window applies to the pct_change and change measures only",
            ));
        }
    }
    if let (Some(_), Some(m)) = (denominator, name) {
        if m != "value" {
            return Err(err(
                ErrorCode::RulesTypeMismatch,
                &obj.at("divided_by"),
                "`divided_by` divides the fact's own value; it cannot be combined with a measure",
            )
            .with_value(m));
        }
    }
    let window = || -> Result<Window> {
        match (window_days, periods) {
            (Some(d), None) => Ok(Window::Days(d)),
            (None, Some(p)) => Ok(Window::Periods(p)),
            (Some(_), Some(_)) => Err(err(
                ErrorCode::RulesInvalidWindow,
                &obj.at("periods"),
                "give `window_days` or `periods`, not both",
            )),
            (None, None) => Err(err(
                ErrorCode::RulesInvalidWindow,
                &obj.at("window_days"),
                "this measure needs `window_days` or `periods`",
            )),
        }
    };
    let measure =
        match name {
            None | Some("value") => match denominator {
                Some(d) => Measure::Ratio {
                    denominator: d.to_string(),
                },
                None => Measure::Value,
            },
            Some("days_since") => Measure::DaysSince,
            Some("days_until") => Measure::DaysUntil,
            Some("latest") => Measure::Latest,
            Some("tier") => Measure::Tier,
            Some("pct_change") => Measure::PctChange(window()?),
            Some("change") => Measure::Change(window()?),
            Some(other) => return Err(err(
                ErrorCode::RulesUnknownMeasure,
                &obj.at("measure"),
                "the measures are value, days_since, days_until, latest, pct_change, change, tier",
            )
            .with_value(other)),
        };
    Ok(Subject { fact, measure })
}

fn literal(value: &Value, path: &str) -> Result<Literal> {
    match value {
        Value::Bool(b) => Ok(Literal::Bool(*b)),
        Value::Number(n) => n
            .as_f64()
            .filter(|f| f.is_finite())
            .map(Literal::Number)
            .ok_or_else(|| {
                err(
                    ErrorCode::RulesInvalidValue,
                    path,
                    "a number must be finite",
                )
                .with_value(value.clone())
            }),
        Value::String(s) => Ok(match parse_date(s) {
            Some(d) => Literal::Date(d),
            None => Literal::Text(s.clone()),
        }),
        other => Err(parse_error(
            path,
            "a number, a text, a boolean or a date",
            other,
        )),
    }
}

/// A seed that reads any serde data into a JSON value, at most [`MAX_JSON_DEPTH`] deep (host
/// data can nest without limit; a deeper value is an error, never a stack overflow).
pub(crate) struct BoundedValue {
    pub(crate) depth: usize,
}

impl<'de> DeserializeSeed<'de> for BoundedValue {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for BoundedValue {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON-like data")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        // JSON has no NaN or infinities: they read as null (missing).
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let depth = self.nested::<A::Error>()?;
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(BoundedValue { depth })? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let depth = self.nested::<A::Error>()?;
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let v = map.next_value_seed(BoundedValue { depth })?;
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}

impl BoundedValue {
    fn nested<E: de::Error>(&self) -> Result<usize, E> {
        if self.depth >= MAX_JSON_DEPTH {
            Err(E::custom(format!(
                "data nested deeper than {MAX_JSON_DEPTH} levels"
            )))
        } else {
            Ok(self.depth + 1)
        }
    }
}

/// Reads any serde data into a JSON value at most [`MAX_JSON_DEPTH`] deep; failures are `code`.
pub(crate) fn bounded_value<'de, D>(deserializer: D, code: ErrorCode) -> Result<Value>
where
    D: de::Deserializer<'de>,
    D::Error: fmt::Display,
{
    BoundedValue { depth: 0 }
        .deserialize(deserializer)
        .map_err(|e| Error::new(code, "", e.to_string()))
}
