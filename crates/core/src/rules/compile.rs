//! Validation and compilation of a rule set into its [`Compiled`] form: keys, limits, operand
//! types and fact kinds are checked once, so that evaluation does no parsing and no lookups by
//! name.

use super::compiled::{
    Compiled, CompiledLiteral, CompiledMeasure, CompiledRule, CompiledSubject, FactKind, Node,
};
use super::model::{
    Condition, Crossing, Literal, Measure, Rule, RuleLimits, RuleSet, Subject, Window,
    MAX_COOLDOWN_DAYS, MAX_DROP_WINDOW_DAYS, MAX_DUE_HOURS, MAX_PERIODS, MAX_PRIORITY,
    MAX_WINDOW_DAYS,
};
use super::template::parse_template;
use crate::error::{join_path, Error, ErrorCode, Result};
use crate::shared::keys::check_key;
use crate::shared::score_scale::{default_tiers, Tier, TierScale};

fn check_text(text: &str, path: &str, limits: &RuleLimits) -> Result<()> {
    let chars = text.chars().count();
    if chars > limits.max_message_chars as usize {
        return Err(Error::new(
            ErrorCode::RulesLimitExceeded,
            path,
            format!("longer than {} characters", limits.max_message_chars),
        )
        .with_value(chars));
    }
    Ok(())
}

fn check_limits(limits: &RuleLimits) -> Result<()> {
    let max = RuleLimits::MAX;
    for (name, v, ceiling) in [
        ("max_depth", limits.max_depth, max.max_depth),
        ("max_conditions", limits.max_conditions, max.max_conditions),
        ("max_rules", limits.max_rules, max.max_rules),
        ("max_in_values", limits.max_in_values, max.max_in_values),
        (
            "max_message_chars",
            limits.max_message_chars,
            max.max_message_chars,
        ),
    ] {
        if v == 0 || v > ceiling {
            return Err(Error::new(
                ErrorCode::RulesLimitExceeded,
                format!("limits.{name}"),
                format!("a limit is between 1 and {ceiling}"),
            )
            .with_value(v));
        }
    }
    Ok(())
}

/// Validates and compiles a rule set.
pub(crate) fn compile(set: &RuleSet) -> Result<Compiled> {
    let limits = set.limits.unwrap_or(RuleLimits::MAX);
    check_limits(&limits)?;
    check_key(&set.id, "id", ErrorCode::RulesInvalidKey, "rule set")?;
    for (field, text) in [
        ("version", &set.version),
        ("label", &set.label),
        ("note", &set.note),
    ] {
        if let Some(text) = text {
            check_text(text, field, &limits)?;
        }
    }
    let tiers = TierScale::new(set.tiers.clone().unwrap_or_else(default_tiers))
        .map_err(|e| e.within("tiers"))?
        .tiers()
        .to_vec();
    if set.rules.is_empty() {
        return Err(Error::new(
            ErrorCode::RulesEmpty,
            "rules",
            "a rule set needs at least one rule",
        ));
    }
    if set.rules.len() > limits.max_rules as usize {
        return Err(Error::new(
            ErrorCode::RulesLimitExceeded,
            "rules",
            format!("more than {} rules", limits.max_rules),
        )
        .with_value(set.rules.len()));
    }
    // Pass 1: keys, texts and every fact key read (conditions and messages).
    // Sorted vectors rather than sets: the same work here, less code in the WebAssembly build.
    let mut seen: Vec<&str> = Vec::with_capacity(set.rules.len());
    let mut fact_keys: Vec<&str> = Vec::new();
    let mut play_keys: Vec<&str> = Vec::with_capacity(set.rules.len());
    let mut templates = Vec::with_capacity(set.rules.len());
    for (i, rule) in set.rules.iter().enumerate() {
        let at = format!("rules[{i}]");
        check_rule_fields(rule, &at, &limits)?;
        let key = rule.key.as_str();
        let position = seen.binary_search(&key);
        if let Err(at) = position {
            seen.insert(at, key);
        } else {
            return Err(Error::new(
                ErrorCode::RulesDuplicateKey,
                format!("{at}.key"),
                format!("rule key `{}` is used twice", rule.key),
            )
            .with_value(rule.key.as_str()));
        }
        play_keys.push(rule.action.play.as_str());
        collect_facts(&rule.condition, &mut fact_keys);
        let template = parse_template(&rule.action.message, &format!("{at}.action.message"))?;
        templates.push(template);
    }
    let mut slots: Vec<String> = fact_keys.iter().map(|k| k.to_string()).collect();
    for template in &templates {
        slots.extend(
            template
                .iter()
                .filter_map(|piece| piece.fact())
                .map(str::to_string),
        );
    }
    slots.sort_unstable();
    slots.dedup();
    play_keys.sort_unstable();
    play_keys.dedup();
    let plays: Vec<String> = play_keys.iter().map(|k| k.to_string()).collect();
    // Pass 2: conditions.
    let mut compiler = ConditionCompiler {
        slots: &slots,
        kinds: vec![FactKind::Any; slots.len()],
        first_use: vec![String::new(); slots.len()],
        tiers: &tiers,
        limits,
        nodes: 0,
    };
    let mut rules = Vec::with_capacity(set.rules.len());
    for ((i, rule), template) in set.rules.iter().enumerate().zip(templates) {
        let at = format!("rules[{i}]");
        let node = compiler.node(&rule.condition, &format!("{at}.condition"), 1)?;
        let message = template
            .into_iter()
            .map(|piece| piece.resolve(|key| compiler.slot(key)))
            .collect();
        let play = plays.binary_search(&rule.action.play).unwrap_or_default();
        rules.push(CompiledRule {
            key: rule.key.clone(),
            label: rule.label.clone(),
            category: rule.category.clone(),
            source: rule.source.clone(),
            priority: rule.priority,
            severity: rule.action.severity,
            strength: rule.action.strength,
            play,
            due_within_hours: rule.action.due_within_hours,
            cooldown_days: rule.cooldown_days,
            enabled: rule.enabled,
            message,
            node,
        });
    }
    let mut order: Vec<usize> = (0..rules.len()).collect();
    // Rule keys are unique: the order is total, an unstable sort is deterministic.
    order.sort_unstable_by(|&a, &b| {
        let key = |i: usize| {
            rules
                .get(i)
                .map(|r| (r.priority, r.severity, r.key.as_str()))
        };
        key(a).cmp(&key(b))
    });
    Ok(Compiled {
        prefixes: slots
            .iter()
            .map(|k| super::compiled::key_prefix(k))
            .collect(),
        kinds: compiler.kinds,
        nodes: compiler.nodes,
        slots,
        plays,
        rules,
        order,
        tiers,
    })
}

fn check_rule_fields(rule: &Rule, at: &str, limits: &RuleLimits) -> Result<()> {
    check_key(
        &rule.key,
        &format!("{at}.key"),
        ErrorCode::RulesInvalidKey,
        "rule",
    )?;
    check_text(&rule.label, &format!("{at}.label"), limits)?;
    if let Some(category) = &rule.category {
        check_key(
            category,
            &format!("{at}.category"),
            ErrorCode::RulesInvalidKey,
            "category",
        )?;
    }
    for (field, text) in [("source", &rule.source), ("note", &rule.note)] {
        if let Some(text) = text {
            check_text(text, &format!("{at}.{field}"), limits)?;
        }
    }
    for (field, v, max) in [
        ("priority", Some(rule.priority), MAX_PRIORITY),
        ("cooldown_days", Some(rule.cooldown_days), MAX_COOLDOWN_DAYS),
        (
            "action.due_within_hours",
            rule.action.due_within_hours,
            MAX_DUE_HOURS,
        ),
    ] {
        if let Some(v) = v.filter(|v| *v > max) {
            return Err(Error::new(
                ErrorCode::RulesInvalidValue,
                format!("{at}.{field}"),
                format!("at most {max}"),
            )
            .with_value(v));
        }
    }
    check_key(
        &rule.action.play,
        &format!("{at}.action.play"),
        ErrorCode::RulesInvalidKey,
        "play",
    )?;
    check_text(
        &rule.action.message,
        &format!("{at}.action.message"),
        limits,
    )
}

fn collect_facts<'a>(condition: &'a Condition, out: &mut Vec<&'a str>) {
    match condition {
        Condition::All(items) | Condition::Any(items) => {
            items.iter().for_each(|c| collect_facts(c, out));
        }
        Condition::Not(inner) => collect_facts(inner, out),
        Condition::Compare { subject, .. }
        | Condition::Between { subject, .. }
        | Condition::In { subject, .. } => {
            out.push(subject.fact.as_str());
            if let Measure::Ratio { denominator } = &subject.measure {
                out.push(denominator.as_str());
            }
        }
        Condition::Missing { fact, .. }
        | Condition::Sustained { fact, .. }
        | Condition::TierCrossed { fact, .. }
        | Condition::Dropped { fact, .. } => {
            out.push(fact.as_str());
        }
    }
}

/// Compiles the conditions of a rule set, resolving and typing the facts they read.
struct ConditionCompiler<'a> {
    slots: &'a [String],
    kinds: Vec<FactKind>,
    first_use: Vec<String>,
    tiers: &'a [Tier],
    limits: RuleLimits,
    nodes: usize,
}

fn mismatch(path: &str, message: impl Into<String>) -> Error {
    Error::new(ErrorCode::RulesTypeMismatch, path, message)
}

impl ConditionCompiler<'_> {
    fn slot(&self, key: &str) -> usize {
        self.slots
            .binary_search_by(|k| k.as_str().cmp(key))
            .unwrap_or_default()
    }

    /// Resolves a fact key read as `kind` at `path` (the path of the condition).
    fn fact(&mut self, key: &str, kind: FactKind, path: &str) -> Result<usize> {
        let at = join_path(path, "fact");
        check_key(key, &at, ErrorCode::RulesInvalidKey, "fact")?;
        let slot = self.slot(key);
        if kind == FactKind::Any {
            return Ok(slot);
        }
        match self.kinds.get(slot).copied() {
            Some(FactKind::Any) => {
                if let Some(k) = self.kinds.get_mut(slot) {
                    *k = kind;
                }
                if let Some(u) = self.first_use.get_mut(slot) {
                    *u = at;
                }
                Ok(slot)
            }
            Some(existing) if existing == kind => Ok(slot),
            Some(existing) => Err(Error::new(
                ErrorCode::RulesFactConflict,
                at,
                format!(
                    "fact `{key}` is read as {} here but as {} at `{}`",
                    kind.name(),
                    existing.name(),
                    self.first_use.get(slot).map_or("", String::as_str)
                ),
            )
            .with_value(key)),
            None => Ok(slot),
        }
    }

    fn window(&self, window: Window, path: &str) -> Result<Window> {
        let (field, v, max) = match window {
            Window::Days(d) => ("window_days", d, MAX_WINDOW_DAYS),
            Window::Periods(p) => ("periods", p, MAX_PERIODS),
        };
        days(v, max, &join_path(path, field))?;
        Ok(window)
    }

    fn node(&mut self, condition: &Condition, path: &str, depth: u32) -> Result<Node> {
        if depth > self.limits.max_depth {
            return Err(Error::new(
                ErrorCode::RulesLimitExceeded,
                path,
                format!(
                    "conditions nest deeper than {} levels",
                    self.limits.max_depth
                ),
            )
            .with_value(depth));
        }
        self.nodes += 1;
        if self.nodes > self.limits.max_conditions as usize {
            return Err(Error::new(
                ErrorCode::RulesLimitExceeded,
                path,
                format!(
                    "more than {} conditions in the rule set",
                    self.limits.max_conditions
                ),
            )
            .with_value(self.nodes));
        }
        Ok(match condition {
            Condition::All(items) | Condition::Any(items) => {
                let group = if matches!(condition, Condition::All(_)) {
                    "all"
                } else {
                    "any"
                };
                let at = join_path(path, group);
                if items.is_empty() {
                    return Err(Error::new(
                        ErrorCode::RulesEmpty,
                        at,
                        format!("`{group}` needs at least one condition"),
                    ));
                }
                let children = items
                    .iter()
                    .enumerate()
                    .map(|(i, c)| self.node(c, &format!("{at}[{i}]"), depth + 1))
                    .collect::<Result<Vec<_>>>()?;
                if group == "all" {
                    Node::All(children)
                } else {
                    Node::Any(children)
                }
            }
            Condition::Not(inner) => Node::Not(Box::new(self.node(
                inner,
                &join_path(path, "not"),
                depth + 1,
            )?)),
            Condition::Compare { subject, op, value } => {
                let at = join_path(path, "value");
                let value_kind = literal_kind(value);
                let subject = self.subject(subject, value_kind, path)?;
                let value = self.literal(value, &subject, &at)?;
                match (&value, op.is_ordering()) {
                    (CompiledLiteral::Text(_) | CompiledLiteral::Bool(_), true) => {
                        return Err(mismatch(
                            &at,
                            format!("`{}` orders numbers and dates only", op.symbol()),
                        )
                        .with_value(literal_json(condition)))
                    }
                    (CompiledLiteral::Tier(_), true) => {
                        return Err(mismatch(
                            &at,
                            format!(
                                "`{}` does not apply to tiers (use = / != / in)",
                                op.symbol()
                            ),
                        ))
                    }
                    _ => {}
                }
                Node::Compare {
                    subject,
                    op: *op,
                    value,
                }
            }
            Condition::Between { subject, min, max } => {
                let value_kind = literal_kind(min);
                if literal_kind(max) != value_kind {
                    return Err(mismatch(
                        &join_path(path, "max"),
                        "`min` and `max` must be of the same kind",
                    )
                    .with_value(max.to_json()));
                }
                if !matches!(value_kind, FactKind::Number | FactKind::Date) {
                    return Err(mismatch(
                        &join_path(path, "min"),
                        "`between` takes numbers or dates",
                    )
                    .with_value(min.to_json()));
                }
                let subject = self.subject(subject, value_kind, path)?;
                let lo = self.literal(min, &subject, &join_path(path, "min"))?;
                let hi = self.literal(max, &subject, &join_path(path, "max"))?;
                let inverted = match (&lo, &hi) {
                    (CompiledLiteral::Number(a), CompiledLiteral::Number(b)) => a > b,
                    (CompiledLiteral::Date(a), CompiledLiteral::Date(b)) => a > b,
                    _ => false,
                };
                if inverted {
                    return Err(Error::new(
                        ErrorCode::RulesInvalidRange,
                        join_path(path, "min"),
                        "`min` is above `max`",
                    )
                    .with_value(min.to_json()));
                }
                Node::Between {
                    subject,
                    min: lo,
                    max: hi,
                }
            }
            Condition::In {
                subject,
                values,
                negated,
            } => {
                let at = join_path(path, "values");
                let Some(first) = values.first() else {
                    return Err(Error::new(
                        ErrorCode::RulesEmpty,
                        at,
                        "an `in` list needs at least one value",
                    ));
                };
                if values.len() > self.limits.max_in_values as usize {
                    return Err(Error::new(
                        ErrorCode::RulesLimitExceeded,
                        at,
                        format!("more than {} values", self.limits.max_in_values),
                    )
                    .with_value(values.len()));
                }
                let value_kind = literal_kind(first);
                if let Some((i, v)) = values
                    .iter()
                    .enumerate()
                    .find(|(_, v)| literal_kind(v) != value_kind)
                {
                    return Err(mismatch(
                        &format!("{at}[{i}]"),
                        "the values of an `in` list must be of one kind",
                    )
                    .with_value(v.to_json()));
                }
                let subject = self.subject(subject, value_kind, path)?;
                let values = values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| self.literal(v, &subject, &format!("{at}[{i}]")))
                    .collect::<Result<Vec<_>>>()?;
                Node::In {
                    subject,
                    values,
                    negated: *negated,
                }
            }
            Condition::Missing { fact, negated } => Node::Missing {
                slot: self.fact(fact, FactKind::Any, path)?,
                negated: *negated,
            },
            Condition::Sustained {
                fact,
                compare,
                value,
                periods,
            } => {
                let slot = self.fact(fact, FactKind::Series, path)?;
                days(*periods, MAX_PERIODS, &join_path(path, "periods"))?;
                if !value.is_finite() {
                    return Err(Error::new(
                        ErrorCode::RulesInvalidValue,
                        join_path(path, "value"),
                        "a number must be finite",
                    )
                    .with_number(*value));
                }
                Node::Sustained {
                    slot,
                    compare: *compare,
                    value: *value,
                    periods: *periods,
                }
            }
            Condition::TierCrossed {
                fact,
                direction,
                within_days,
                into,
            } => {
                let slot = self.fact(fact, FactKind::Series, path)?;
                days(
                    *within_days,
                    MAX_WINDOW_DAYS,
                    &join_path(path, "within_days"),
                )?;
                let into = match into {
                    None => None,
                    Some(key) => Some(self.tier(key, &join_path(path, "into"))?),
                };
                Node::TierCrossed {
                    slot,
                    down: *direction == Crossing::Down,
                    within_days: *within_days,
                    into,
                }
            }
            Condition::Dropped {
                fact,
                pct,
                within_days,
            } => {
                let slot = self.fact(fact, FactKind::Series, path)?;
                if !(pct.is_finite() && *pct > 0.0 && *pct <= 100.0) {
                    return Err(Error::new(
                        ErrorCode::RulesInvalidRange,
                        join_path(path, "pct"),
                        "a drop is more than 0 and at most 100 percent",
                    )
                    .with_number(*pct));
                }
                days(
                    *within_days,
                    MAX_DROP_WINDOW_DAYS,
                    &join_path(path, "within_days"),
                )?;
                Node::Dropped {
                    slot,
                    pct: *pct,
                    within_days: *within_days,
                }
            }
        })
    }

    fn tier(&self, key: &str, path: &str) -> Result<usize> {
        self.tiers.iter().position(|t| t.key == key).ok_or_else(|| {
            let keys: Vec<&str> = self.tiers.iter().map(|t| t.key.as_str()).collect();
            Error::new(
                ErrorCode::RulesUnknownTier,
                path,
                format!("the tiers are {}", keys.join(", ")),
            )
            .with_value(key)
        })
    }

    /// Compiles a subject compared with values of `value_kind`.
    fn subject(
        &mut self,
        subject: &Subject,
        value_kind: FactKind,
        path: &str,
    ) -> Result<CompiledSubject> {
        let at = join_path(path, "value");
        let needs_number = |what: &str| -> Result<()> {
            if value_kind == FactKind::Number {
                Ok(())
            } else {
                Err(mismatch(
                    &at,
                    format!("the {what} measure gives a number; compare it with numbers"),
                ))
            }
        };
        let (fact_kind, measure) = match &subject.measure {
            Measure::Value => (value_kind, CompiledMeasure::Value(value_kind)),
            Measure::Ratio { denominator } => {
                needs_number("ratio")?;
                let slot = self.fact(
                    denominator,
                    FactKind::Number,
                    &join_path(path, "divided_by"),
                )?;
                (FactKind::Number, CompiledMeasure::Ratio(slot))
            }
            Measure::DaysSince => {
                needs_number("days_since")?;
                (FactKind::Date, CompiledMeasure::DaysSince)
            }
            Measure::DaysUntil => {
                needs_number("days_until")?;
                (FactKind::Date, CompiledMeasure::DaysUntil)
            }
            Measure::Latest => {
                needs_number("latest")?;
                (FactKind::Series, CompiledMeasure::Latest)
            }
            Measure::PctChange(w) => {
                needs_number("pct_change")?;
                (
                    FactKind::Series,
                    CompiledMeasure::PctChange(self.window(*w, path)?),
                )
            }
            Measure::Change(w) => {
                needs_number("change")?;
                (
                    FactKind::Series,
                    CompiledMeasure::Change(self.window(*w, path)?),
                )
            }
            Measure::Tier => {
                if value_kind != FactKind::Text {
                    return Err(mismatch(
                        &at,
                        "the tier measure gives a tier key; compare it with tier keys",
                    ));
                }
                (FactKind::Number, CompiledMeasure::Tier)
            }
        };
        let slot = self.fact(&subject.fact, fact_kind, path)?;
        Ok(CompiledSubject { slot, measure })
    }

    fn literal(
        &self,
        value: &Literal,
        subject: &CompiledSubject,
        path: &str,
    ) -> Result<CompiledLiteral> {
        Ok(match (value, subject.measure) {
            (Literal::Text(key), CompiledMeasure::Tier) => {
                CompiledLiteral::Tier(self.tier(key, path)?)
            }
            (Literal::Number(n), _) => {
                if !n.is_finite() {
                    return Err(Error::new(
                        ErrorCode::RulesInvalidValue,
                        path,
                        "a number must be finite",
                    )
                    .with_number(*n));
                }
                CompiledLiteral::Number(*n)
            }
            (Literal::Text(t), _) => CompiledLiteral::Text(t.as_str().into()),
            (Literal::Bool(b), _) => CompiledLiteral::Bool(*b),
            (Literal::Date(d), _) => CompiledLiteral::Date(*d),
        })
    }
}

fn days(v: u32, max: u32, path: &str) -> Result<()> {
    if v == 0 || v > max {
        return Err(Error::new(
            ErrorCode::RulesInvalidWindow,
            path,
            format!("a window is between 1 and {max}"),
        )
        .with_value(v));
    }
    Ok(())
}

fn literal_kind(value: &Literal) -> FactKind {
    match value {
        Literal::Number(_) => FactKind::Number,
        Literal::Text(_) => FactKind::Text,
        Literal::Bool(_) => FactKind::Bool,
        Literal::Date(_) => FactKind::Date,
    }
}

fn literal_json(condition: &Condition) -> serde_json::Value {
    match condition {
        Condition::Compare { value, .. } => value.to_json(),
        _ => serde_json::Value::Null,
    }
}
