//! Lifecycle rules for Node.js: the `RuleSet` class.
//!
//! Rule sets and account facts are read from JS values with the binding's key rule (either
//! spelling in; the keys of `facts` and `lastFired` are user data and kept as given), results
//! are written back as plain objects with camelCase keys. Batches can run on the libuv thread
//! pool (`evaluateBatchAsync`), off the event loop.

use crate::input::{input, json_text};
use crate::thrown::OrThrow;
use crate::value::{read, Js};
use napi::bindgen_prelude::{AsyncTask, Env, Task, Unknown};
use napi::ValueType;
use napi_derive::napi;
use serde::Serialize;
use std::sync::Arc;
use tenure::{AccountFacts, NaiveDate};
use tenure_interop::KeyRule;

/// A lifecycle rule set, validated and compiled, ready to evaluate accounts.
#[napi]
pub struct RuleSet {
    engine: Arc<tenure::RuleEngine>,
}

#[derive(Serialize)]
struct FactEntry {
    fact: String,
    kind: tenure::FactKind,
}

/// Options of `evaluateBatch`.
#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct BatchOptions {
    #[serde(default)]
    as_of: Option<NaiveDate>,
    #[serde(default = "yes")]
    explain: bool,
}

fn yes() -> bool {
    true
}

fn as_of(env: &Env, value: Option<Unknown>) -> napi::Result<Option<NaiveDate>> {
    crate::input::optional(env, value, "as_of")
}

fn options(env: &Env, value: Option<Unknown>) -> napi::Result<BatchOptions> {
    match value {
        None => Ok(BatchOptions::default_explained()),
        Some(v) if matches!(v.get_type()?, ValueType::Undefined | ValueType::Null) => {
            Ok(BatchOptions::default_explained())
        }
        Some(v) => input(env, v, "options"),
    }
}

impl BatchOptions {
    fn default_explained() -> BatchOptions {
        BatchOptions {
            as_of: None,
            explain: true,
        }
    }
}

/// The result of a batch, explained or summarised.
pub enum BatchResult {
    /// With explanations.
    Explained(tenure::RuleBatch),
    /// Plays only.
    Summary(tenure::PlayBatch),
}

fn run(
    engine: &tenure::RuleEngine,
    accounts: &[AccountFacts],
    options: &BatchOptions,
) -> BatchResult {
    if options.explain {
        BatchResult::Explained(engine.evaluate_batch(accounts, options.as_of))
    } else {
        BatchResult::Summary(engine.summarize_batch(accounts, options.as_of))
    }
}

fn js_of(result: &BatchResult) -> napi::Result<Js> {
    match result {
        BatchResult::Explained(batch) => Js::of(batch),
        BatchResult::Summary(batch) => Js::of(batch),
    }
}

/// `evaluateBatch` on the libuv thread pool.
pub struct EvaluateBatchTask {
    engine: Arc<tenure::RuleEngine>,
    accounts: Vec<AccountFacts>,
    options: BatchOptions,
}

impl Task for EvaluateBatchTask {
    type Output = BatchResult;
    type JsValue = Js;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        // The core does not panic; should it ever, the promise rejects instead of aborting.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run(&self.engine, &self.accounts, &self.options)
        }))
        .map_err(|_| napi::Error::from_reason("tenure: internal error while evaluating rules"))
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> napi::Result<Js> {
        js_of(&output)
    }
}

/// Options of `summarizeColumns`.
#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ColumnOptions {
    #[serde(default)]
    as_of: Option<NaiveDate>,
    #[serde(default)]
    last_fired: Option<serde_json::Value>,
}

/// Reads the fact columns (keys kept as given) and the options of `summarizeColumns`.
fn fact_columns(
    env: &Env,
    columns: Unknown,
    options: Option<Unknown>,
) -> napi::Result<(tenure::FactColumns, Option<NaiveDate>)> {
    let options: ColumnOptions = match options {
        None => ColumnOptions::default(),
        Some(v) if matches!(v.get_type()?, ValueType::Undefined | ValueType::Null) => {
            ColumnOptions::default()
        }
        Some(v) => input(env, v, "options")?,
    };
    let columns: serde_json::Value = tenure::deserialize_input(read(columns, KeyRule::as_given())?)
        .map_err(|e| e.within("columns"))
        .or_throw(env)?;
    let mut parts = serde_json::Map::new();
    parts.insert("columns".into(), columns);
    if let Some(fired) = options.last_fired {
        parts.insert("last_fired".into(), fired);
    }
    let table = tenure::deserialize_fact_columns(serde_json::Value::Object(parts)).or_throw(env)?;
    Ok((table, options.as_of))
}

/// `summarizeColumns` on the libuv thread pool.
pub struct SummarizeColumnsTask {
    engine: Arc<tenure::RuleEngine>,
    columns: tenure::FactColumns,
    as_of: Option<NaiveDate>,
}

impl Task for SummarizeColumnsTask {
    type Output = tenure::Result<tenure::PlayBatch>;
    type JsValue = Js;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.engine.summarize_columns(&self.columns, self.as_of)
        }))
        .map_err(|_| napi::Error::from_reason("tenure: internal error while evaluating rules"))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Js> {
        Js::of(&output.or_throw(&env)?)
    }
}

impl RuleSet {
    fn compile(env: &Env, set: tenure::RuleSet) -> napi::Result<RuleSet> {
        Ok(RuleSet {
            engine: Arc::new(tenure::RuleEngine::new(set).or_throw(env)?),
        })
    }
}

#[napi]
impl RuleSet {
    /// The default rule pack of the seeds (34 rules: onboarding risks, early warnings,
    /// health-tier playbooks, triggers, adoption nudges, expansion signals, NPS actions).
    #[napi(factory, catch_unwind)]
    pub fn builtin() -> RuleSet {
        RuleSet {
            engine: Arc::new(tenure::RuleEngine::builtin()),
        }
    }

    /// Parses and validates a rule set from its JSON format (snake_case keys).
    #[napi(factory, catch_unwind, ts_args_type = "text: string")]
    pub fn from_json(env: &Env, text: Unknown) -> napi::Result<RuleSet> {
        let text = json_text(env, text, tenure::ErrorCode::RulesParse)?;
        RuleSet::compile(env, tenure::RuleSet::from_json(&text).or_throw(env)?)
    }

    /// Builds and validates a rule set from a plain object (camelCase or snake_case keys).
    #[napi(factory, catch_unwind, ts_args_type = "ruleSet: RuleSetSpec")]
    pub fn from_object(env: &Env, rule_set: Unknown) -> napi::Result<RuleSet> {
        let set = tenure_interop::read::rule_set(read(rule_set, KeyRule::data())?).or_throw(env)?;
        RuleSet::compile(env, set)
    }

    /// The rule set's id.
    #[napi(getter)]
    pub fn id(&self) -> String {
        self.engine.rule_set().id.clone()
    }

    /// Rule keys, in rule-set order.
    #[napi(getter)]
    pub fn rule_keys(&self) -> Vec<String> {
        self.engine
            .rule_set()
            .rules
            .iter()
            .map(|r| r.key.clone())
            .collect()
    }

    /// Every play key, sorted.
    #[napi(getter)]
    pub fn plays(&self) -> Vec<String> {
        self.engine.plays().to_vec()
    }

    /// Each fact the rules read, with the kind it is read as, sorted by fact.
    #[napi(ts_return_type = "RuleFact[]")]
    pub fn facts(&self) -> napi::Result<Js> {
        let list: Vec<FactEntry> = self
            .engine
            .facts()
            .into_iter()
            .map(|(fact, kind)| FactEntry { fact, kind })
            .collect();
        Js::of(&list)
    }

    /// Condition nodes over all rules.
    #[napi(getter)]
    pub fn conditions(&self) -> u32 {
        u32::try_from(self.engine.conditions()).unwrap_or(u32::MAX)
    }

    /// The rule set in its JSON format (pretty-printed, snake_case keys).
    #[napi]
    pub fn to_json(&self) -> String {
        self.engine.rule_set().to_json()
    }

    /// Evaluates one account's facts as of a day (`asOf`, else the facts' own `asOf`), with
    /// the explanation of every rule.
    #[napi(
        catch_unwind,
        ts_args_type = "facts: AccountFacts, asOf?: DateInput | null",
        ts_return_type = "RuleEvaluation"
    )]
    pub fn evaluate(&self, env: &Env, facts: Unknown, as_of: Option<Unknown>) -> napi::Result<Js> {
        let day = self::as_of(env, as_of)?;
        let facts = tenure::deserialize_facts(read(facts, KeyRule::data())?).or_throw(env)?;
        Js::of(&self.engine.evaluate(&facts, day).or_throw(env)?)
    }

    /// The plays proposed for one account, in rank order (no explanations).
    #[napi(
        catch_unwind,
        ts_args_type = "facts: AccountFacts, asOf?: DateInput | null"
    )]
    pub fn summarize(
        &self,
        env: &Env,
        facts: Unknown,
        as_of: Option<Unknown>,
    ) -> napi::Result<Vec<String>> {
        let day = self::as_of(env, as_of)?;
        let facts = tenure::deserialize_facts(read(facts, KeyRule::data())?).or_throw(env)?;
        Ok(self.engine.summarize(&facts, day).or_throw(env)?.plays)
    }

    /// Evaluates many accounts: `{evaluations, errors}` with explanations, or (with
    /// `{explain: false}`) `{rows: [{plays}], errors}`.
    #[napi(
        catch_unwind,
        ts_args_type = "accounts: AccountFacts[], options?: RuleBatchOptions | null",
        ts_return_type = "RuleBatchResult"
    )]
    pub fn evaluate_batch(
        &self,
        env: &Env,
        accounts: Unknown,
        options: Option<Unknown>,
    ) -> napi::Result<Js> {
        let options = self::options(env, options)?;
        let accounts = tenure::deserialize_fact_list(read(accounts, KeyRule::data())?)
            .map_err(|e| e.within("accounts"))
            .or_throw(env)?;
        js_of(&run(&self.engine, &accounts, &options))
    }

    /// `evaluateBatch` on the libuv thread pool: the facts are read on the calling thread,
    /// the evaluation runs off the event loop.
    #[napi(
        catch_unwind,
        ts_args_type = "accounts: AccountFacts[], options?: RuleBatchOptions | null",
        ts_return_type = "Promise<RuleBatchResult>"
    )]
    pub fn evaluate_batch_async(
        &self,
        env: &Env,
        accounts: Unknown,
        options: Option<Unknown>,
    ) -> napi::Result<AsyncTask<EvaluateBatchTask>> {
        let options = self::options(env, options)?;
        let accounts = tenure::deserialize_fact_list(read(accounts, KeyRule::data())?)
            .map_err(|e| e.within("accounts"))
            .or_throw(env)?;
        Ok(AsyncTask::new(EvaluateBatchTask {
            engine: Arc::clone(&self.engine),
            accounts,
            options,
        }))
    }

    /// The plays of many accounts given as fact columns (`{fact: Float64Array | array}`; NaN,
    /// `null` and `undefined` are missing), bound to the rules once for the batch:
    /// `{rows: [{plays}], errors}`, the same plays as `evaluateBatch` with `{explain: false}`.
    /// `options.lastFired` maps plays to one day (or `null`) per account.
    #[napi(
        catch_unwind,
        ts_args_type = "columns: FactColumnsInput, options?: RuleColumnsOptions | null",
        ts_return_type = "RuleBatchSummary"
    )]
    pub fn summarize_columns(
        &self,
        env: &Env,
        columns: Unknown,
        options: Option<Unknown>,
    ) -> napi::Result<Js> {
        let (table, day) = fact_columns(env, columns, options)?;
        Js::of(&self.engine.summarize_columns(&table, day).or_throw(env)?)
    }

    /// `summarizeColumns` on the libuv thread pool: the columns are read on the calling
    /// thread, the evaluation runs off the event loop.
    #[napi(
        catch_unwind,
        ts_args_type = "columns: FactColumnsInput, options?: RuleColumnsOptions | null",
        ts_return_type = "Promise<RuleBatchSummary>"
    )]
    pub fn summarize_columns_async(
        &self,
        env: &Env,
        columns: Unknown,
        options: Option<Unknown>,
    ) -> napi::Result<AsyncTask<SummarizeColumnsTask>> {
        let (columns, as_of) = fact_columns(env, columns, options)?;
        Ok(AsyncTask::new(SummarizeColumnsTask {
            engine: Arc::clone(&self.engine),
            columns,
            as_of,
        }))
    }
}
