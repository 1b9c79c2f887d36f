//! Health scoring for Node.js: the `HealthModel` and `SegmentedModel` classes (scoring one
//! account or a batch, on the calling thread or the libuv thread pool) and the functions over
//! scores (human-score blends, product roll-ups, score trends).

use crate::batch::{self, BatchOutput, ScoreBatchTask};
use crate::input::{input, json_text, optional};
use crate::thrown::OrThrow;
use crate::value::{read, Js};
use napi::bindgen_prelude::{AsyncTask, Env, Unknown};
use napi_derive::napi;
use std::sync::Arc;
use tenure::{ErrorCode, Scorer};
use tenure_interop::KeyRule;

/// A health model, validated and compiled, ready to score accounts.
#[napi]
pub struct HealthModel {
    pub(crate) scorer: Arc<Scorer>,
}

impl HealthModel {
    fn compile(env: &Env, model: tenure::HealthModel) -> napi::Result<HealthModel> {
        Ok(HealthModel {
            scorer: Arc::new(Scorer::new(model).or_throw(env)?),
        })
    }
}

#[napi]
impl HealthModel {
    /// The built-in model (Product Usage 30, Engagement 20, Relationship 15, Outcomes 20,
    /// Financial 15; tiers thriving ≥ 80, healthy ≥ 60, at_risk ≥ 40, critical ≥ 0).
    #[napi(factory, catch_unwind)]
    pub fn builtin(env: &Env) -> napi::Result<HealthModel> {
        HealthModel::compile(env, tenure::HealthModel::builtin())
    }

    /// Parses and validates a model from its JSON file format (snake_case keys).
    #[napi(factory, catch_unwind, ts_args_type = "text: string")]
    pub fn from_json(env: &Env, text: Unknown) -> napi::Result<HealthModel> {
        let text = json_text(env, text, ErrorCode::ModelParse)?;
        HealthModel::compile(env, tenure::HealthModel::from_json(&text).or_throw(env)?)
    }

    /// Builds and validates a model from a plain object (camelCase or snake_case keys).
    #[napi(factory, catch_unwind, ts_args_type = "model: HealthModelSpec")]
    pub fn from_object(env: &Env, model: Unknown) -> napi::Result<HealthModel> {
        let model = tenure_interop::read::health_model(read(model, KeyRule::data())?);
        let model = model.or_throw(env)?;
        HealthModel::compile(env, model)
    }

    /// The model's id.
    #[napi(getter)]
    pub fn id(&self) -> String {
        self.scorer.model().id.clone()
    }

    /// Every input key the model reads, in model order.
    #[napi(getter)]
    pub fn input_keys(&self) -> Vec<String> {
        self.scorer.input_keys().to_vec()
    }

    /// The model in its JSON file format (pretty-printed, snake_case keys).
    #[napi]
    pub fn to_json(&self) -> String {
        self.scorer.model().to_json()
    }

    /// Scores one account, with its explanation.
    #[napi(
        catch_unwind,
        ts_args_type = "account: Account",
        ts_return_type = "HealthScore"
    )]
    pub fn score(&self, env: &Env, account: Unknown) -> napi::Result<Js> {
        let account: tenure::Account = input(env, account, "")?;
        Js::of(&self.scorer.score(&account).or_throw(env)?)
    }

    /// The same as `score`: the score carries its explanation.
    #[napi(
        catch_unwind,
        ts_args_type = "account: Account",
        ts_return_type = "HealthScore"
    )]
    pub fn explain(&self, env: &Env, account: Unknown) -> napi::Result<Js> {
        self.score(env, account)
    }

    /// Scores a batch given as columns (`{inputKey: Float64Array | array | {codes, categories}}`)
    /// or as an array of accounts.
    #[napi(
        catch_unwind,
        ts_args_type = "input: BatchInput, options?: BatchOptions | null",
        ts_return_type = "BatchResult"
    )]
    pub fn score_batch(
        &self,
        env: &Env,
        input: Unknown,
        options: Option<Unknown>,
    ) -> napi::Result<BatchOutput> {
        let options = batch::options(env, options)?;
        let batch = batch::read_input(env, input)?;
        let scores = batch.score(&self.scorer, options).or_throw(env)?;
        Ok(BatchOutput::new(scores, &self.scorer))
    }

    /// `scoreBatch` computed on the libuv thread pool: the inputs are read (and copied) on the
    /// calling thread, the scoring runs off the event loop.
    #[napi(
        catch_unwind,
        ts_args_type = "input: BatchInput, options?: BatchOptions | null",
        ts_return_type = "Promise<BatchResult>"
    )]
    pub fn score_batch_async(
        &self,
        env: &Env,
        input: Unknown,
        options: Option<Unknown>,
    ) -> napi::Result<AsyncTask<ScoreBatchTask>> {
        let options = batch::options(env, options)?;
        let input = batch::into_owned(batch::read_input(env, input)?);
        Ok(AsyncTask::new(ScoreBatchTask {
            scorer: Arc::clone(&self.scorer),
            input,
            options,
        }))
    }
}

/// Several health models and the routes that choose one per account.
#[napi]
pub struct SegmentedModel {
    id: String,
    scorer: tenure::SegmentedScorer,
}

impl SegmentedModel {
    fn compile(env: &Env, set: tenure::SegmentedModel) -> napi::Result<SegmentedModel> {
        Ok(SegmentedModel {
            id: set.id.clone(),
            scorer: set.scorer().or_throw(env)?,
        })
    }
}

#[napi]
impl SegmentedModel {
    /// Parses and validates a model set from its JSON file format (snake_case keys).
    #[napi(factory, catch_unwind, ts_args_type = "text: string")]
    pub fn from_json(env: &Env, text: Unknown) -> napi::Result<SegmentedModel> {
        let text = json_text(env, text, ErrorCode::ModelParse)?;
        SegmentedModel::compile(env, tenure::SegmentedModel::from_json(&text).or_throw(env)?)
    }

    /// Builds and validates a model set from a plain object (camelCase or snake_case keys).
    #[napi(factory, catch_unwind, ts_args_type = "modelSet: SegmentedModelSpec")]
    pub fn from_object(env: &Env, model_set: Unknown) -> napi::Result<SegmentedModel> {
        let set = tenure_interop::read::segmented_model(read(model_set, KeyRule::data())?);
        let set = set.or_throw(env)?;
        SegmentedModel::compile(env, set)
    }

    /// The model set's id.
    #[napi(getter)]
    pub fn id(&self) -> String {
        self.id.clone()
    }

    /// Scores an account with the model its attributes choose; `route` is the index of the
    /// route taken (`null` for the default model).
    #[napi(
        catch_unwind,
        ts_args_type = "account: Account",
        ts_return_type = "SegmentedScore"
    )]
    pub fn score(&self, env: &Env, account: Unknown) -> napi::Result<Js> {
        let account: tenure::Account = input(env, account, "")?;
        Js::of(&self.scorer.score(&account).or_throw(env)?)
    }
}

/// Blends a computed score with a human (CSM) assessment valid on `asOf`, using the tiers of
/// `model`.
#[napi(
    catch_unwind,
    ts_args_type = "model: HealthModel, computed: number, human: HumanAssessment | null | undefined, asOf: DateInput",
    ts_return_type = "BlendedScore"
)]
pub fn blend_human_score(
    env: &Env,
    model: &HealthModel,
    computed: Unknown,
    human: Unknown,
    as_of: Unknown,
) -> napi::Result<Js> {
    let computed: f64 = input(env, computed, "computed")?;
    let human: Option<tenure::HumanAssessment> = input(env, human, "human")?;
    let as_of: tenure::NaiveDate = input(env, as_of, "as_of")?;
    let blended = tenure::blend_human_score(model.scorer.tiers(), computed, human.as_ref(), as_of);
    Js::of(&blended.or_throw(env)?)
}

/// Rolls product scores up into one account score (`method`: `arr_weighted` (default),
/// `min` or `mean`), using the tiers of `model`.
#[napi(
    catch_unwind,
    ts_args_type = "model: HealthModel, products: ProductScore[], method?: RollupMethod | null",
    ts_return_type = "RolledUpScore"
)]
pub fn roll_up_products(
    env: &Env,
    model: &HealthModel,
    products: Unknown,
    method: Option<Unknown>,
) -> napi::Result<Js> {
    let products: Vec<tenure::ProductScore> = input(env, products, "products")?;
    let method: Option<tenure::RollupMethod> = optional(env, method, "method")?;
    let rolled =
        tenure::roll_up_products(model.scorer.tiers(), &products, method.unwrap_or_default());
    Js::of(&rolled.or_throw(env)?)
}

/// Analyses a score history (strictly increasing dates) as of a day, using the tiers of `model`.
#[napi(
    catch_unwind,
    ts_args_type = "model: HealthModel, history: ScorePoint[], asOf: DateInput, options?: TrendOptions | null",
    ts_return_type = "ScoreTrend"
)]
pub fn score_trend(
    env: &Env,
    model: &HealthModel,
    history: Unknown,
    as_of: Unknown,
    options: Option<Unknown>,
) -> napi::Result<Js> {
    let history: Vec<tenure::ScorePoint> = input(env, history, "history")?;
    let as_of: tenure::NaiveDate = input(env, as_of, "as_of")?;
    let options: Option<tenure::TrendOptions> = optional(env, options, "options")?;
    let trend = tenure::score_trend(
        &history,
        as_of,
        model.scorer.tiers(),
        options.unwrap_or_default(),
    );
    Js::of(&trend.or_throw(env)?)
}
