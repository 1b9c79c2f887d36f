//! Lifecycle rules in the browser: the `RuleSet` class, with the API of the Node.js binding.
//!
//! Rule sets from untrusted sources (a web form) are safe to load: host data nested deeper than
//! 64 levels is refused while it is read, and the core's limits (depth, conditions, rules, `in`
//! values, message length) bound what an evaluation can cost.

use crate::input::{input, json_text};
use crate::thrown::throw;
use crate::value::{read, result_to_js};
use serde::Serialize;
use tenure::NaiveDate;
use tenure_interop::KeyRule;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A lifecycle rule set, validated and compiled, ready to evaluate accounts.
#[wasm_bindgen]
pub struct RuleSet {
    engine: tenure::RuleEngine,
}

#[derive(Serialize)]
struct FactEntry {
    fact: String,
    kind: tenure::FactKind,
}

/// Options of `evaluateBatch`.
struct BatchOptions {
    as_of: Option<NaiveDate>,
    explain: bool,
}

/// Reads `{asOf?, explain?}` (either spelling); other keys are `input.parse` errors, as in the
/// Node.js binding.
fn batch_options(value: Option<&JsValue>) -> Result<BatchOptions, JsValue> {
    let mut out = BatchOptions {
        as_of: None,
        explain: true,
    };
    let Some(value) = value.filter(|v| !(v.is_undefined() || v.is_null())) else {
        return Ok(out);
    };
    let bad = |path: &str, message: &str| {
        throw(tenure::Error::new(
            tenure::ErrorCode::InputParse,
            path,
            message,
        ))
    };
    if !value.is_object() {
        return Err(bad("options", "options are an object"));
    }
    for key in js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>()).iter() {
        let name = key.as_string().unwrap_or_default();
        let field = js_sys::Reflect::get(value, &key).unwrap_or(JsValue::UNDEFINED);
        match name.as_str() {
            "asOf" | "as_of" => out.as_of = day(Some(&field))?,
            "explain" => {
                out.explain = field
                    .as_bool()
                    .ok_or_else(|| bad("options.explain", "explain is a boolean"))?
            }
            other => {
                return Err(bad(
                    &format!("options.{other}"),
                    "unknown option (asOf, explain)",
                ))
            }
        }
    }
    Ok(out)
}

fn day(value: Option<&JsValue>) -> Result<Option<NaiveDate>, JsValue> {
    match value {
        None => Ok(None),
        Some(v) if v.is_undefined() || v.is_null() => Ok(None),
        Some(v) => input(v, "as_of"),
    }
}

/// Reads `{asOf?, lastFired?}` (either spelling) of `summarizeColumns`: the day and the
/// `lastFired` columns (`undefined` when absent).
fn column_options(value: Option<&JsValue>) -> Result<(Option<NaiveDate>, JsValue), JsValue> {
    let mut as_of = None;
    let mut fired = JsValue::UNDEFINED;
    let Some(value) = value.filter(|v| !(v.is_undefined() || v.is_null())) else {
        return Ok((as_of, fired));
    };
    let bad = |path: &str, message: &str| {
        throw(tenure::Error::new(
            tenure::ErrorCode::InputParse,
            path,
            message,
        ))
    };
    if !value.is_object() {
        return Err(bad("options", "options are an object"));
    }
    for key in js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>()).iter() {
        let name = key.as_string().unwrap_or_default();
        let field = js_sys::Reflect::get(value, &key).unwrap_or(JsValue::UNDEFINED);
        match name.as_str() {
            "asOf" | "as_of" => as_of = day(Some(&field))?,
            "lastFired" | "last_fired" => fired = field,
            other => {
                return Err(bad(
                    &format!("options.{other}"),
                    "unknown option (asOf, lastFired)",
                ))
            }
        }
    }
    Ok((as_of, fired))
}

impl RuleSet {
    fn compile(set: tenure::RuleSet) -> Result<RuleSet, JsValue> {
        Ok(RuleSet {
            engine: tenure::RuleEngine::new(set).map_err(throw)?,
        })
    }
}

#[wasm_bindgen]
impl RuleSet {
    /// The default rule pack of the seeds (34 rules).
    pub fn builtin() -> RuleSet {
        RuleSet {
            engine: tenure::RuleEngine::builtin(),
        }
    }

    /// Parses and validates a rule set from its JSON format (snake_case keys).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "string")] json: JsValue,
    ) -> Result<RuleSet, JsValue> {
        let json = json_text(&json, tenure::ErrorCode::RulesParse)?;
        Self::compile(tenure::RuleSet::from_json(&json).map_err(throw)?)
    }

    /// Builds and validates a rule set from a plain object (camelCase or snake_case keys).
    #[wasm_bindgen(js_name = fromObject)]
    pub fn from_object(
        #[wasm_bindgen(js_name = ruleSet, unchecked_param_type = "RuleSetSpec")] rule_set: JsValue,
    ) -> Result<RuleSet, JsValue> {
        let set =
            tenure_interop::read::rule_set(read(&rule_set, KeyRule::data())).map_err(throw)?;
        Self::compile(set)
    }

    /// The rule set's id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.engine.rule_set().id.clone()
    }

    /// Rule keys, in rule-set order.
    #[wasm_bindgen(getter, js_name = ruleKeys)]
    pub fn rule_keys(&self) -> Vec<String> {
        self.engine
            .rule_set()
            .rules
            .iter()
            .map(|r| r.key.clone())
            .collect()
    }

    /// Every play key, sorted.
    #[wasm_bindgen(getter)]
    pub fn plays(&self) -> Vec<String> {
        self.engine.plays().to_vec()
    }

    /// Condition nodes over all rules.
    #[wasm_bindgen(getter)]
    pub fn conditions(&self) -> u32 {
        u32::try_from(self.engine.conditions()).unwrap_or(u32::MAX)
    }

    /// Each fact the rules read, with the kind it is read as, sorted by fact.
    #[wasm_bindgen(unchecked_return_type = "RuleFact[]")]
    pub fn facts(&self) -> JsValue {
        let list: Vec<FactEntry> = self
            .engine
            .facts()
            .into_iter()
            .map(|(fact, kind)| FactEntry { fact, kind })
            .collect();
        result_to_js(&list)
    }

    /// The rule set in its JSON format (pretty-printed, snake_case keys).
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.engine.rule_set().to_json()
    }

    /// Evaluates one account's facts as of a day (`asOf`, else the facts' own `asOf`), with the
    /// explanation of every rule.
    #[wasm_bindgen(unchecked_return_type = "RuleEvaluation")]
    pub fn evaluate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AccountFacts")] facts: JsValue,
        #[wasm_bindgen(js_name = asOf, unchecked_optional_param_type = "DateInput | null")]
        as_of: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let as_of = day(as_of.as_ref())?;
        let facts = tenure::deserialize_facts(read(&facts, KeyRule::data())).map_err(throw)?;
        Ok(result_to_js(
            &self.engine.evaluate(&facts, as_of).map_err(throw)?,
        ))
    }

    /// The plays proposed for one account, in rank order (no explanations).
    pub fn summarize(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AccountFacts")] facts: JsValue,
        #[wasm_bindgen(js_name = asOf, unchecked_optional_param_type = "DateInput | null")]
        as_of: Option<JsValue>,
    ) -> Result<Vec<String>, JsValue> {
        let as_of = day(as_of.as_ref())?;
        let facts = tenure::deserialize_facts(read(&facts, KeyRule::data())).map_err(throw)?;
        Ok(self.engine.summarize(&facts, as_of).map_err(throw)?.plays)
    }

    /// Evaluates many accounts: `{evaluations, errors}` with explanations, or (with
    /// `{explain: false}`) `{rows: [{plays}], errors}`.
    #[wasm_bindgen(js_name = evaluateBatch, unchecked_return_type = "RuleBatchResult")]
    pub fn evaluate_batch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AccountFacts[]")] accounts: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RuleBatchOptions | null")] options: Option<
            JsValue,
        >,
    ) -> Result<JsValue, JsValue> {
        let options = batch_options(options.as_ref())?;
        let accounts = tenure::deserialize_fact_list(read(&accounts, KeyRule::data()))
            .map_err(|e| throw(e.within("accounts")))?;
        Ok(if options.explain {
            result_to_js(&self.engine.evaluate_batch(&accounts, options.as_of))
        } else {
            result_to_js(&self.engine.summarize_batch(&accounts, options.as_of))
        })
    }

    /// The plays of many accounts given as fact columns (`{fact: Float64Array | array}`; NaN,
    /// `null` and `undefined` are missing), bound to the rules once for the batch:
    /// `{rows: [{plays}], errors}`, the same plays as `evaluateBatch` with `{explain: false}`.
    /// `options.lastFired` maps plays to one day (or `null`) per account.
    #[wasm_bindgen(js_name = summarizeColumns, unchecked_return_type = "RuleBatchSummary")]
    pub fn summarize_columns(
        &self,
        #[wasm_bindgen(unchecked_param_type = "FactColumnsInput")] columns: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RuleColumnsOptions | null")]
        options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let (as_of, fired) = column_options(options.as_ref())?;
        let parts = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&parts, &JsValue::from_str("columns"), &columns);
        if !(fired.is_undefined() || fired.is_null()) {
            let _ = js_sys::Reflect::set(&parts, &JsValue::from_str("last_fired"), &fired);
        }
        let table = tenure::deserialize_fact_columns(read(&parts.into(), KeyRule::data()))
            .map_err(throw)?;
        Ok(result_to_js(
            &self
                .engine
                .summarize_columns(&table, as_of)
                .map_err(throw)?,
        ))
    }
}
