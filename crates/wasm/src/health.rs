//! Health scoring in the browser, with the API of the Node.js binding: the `HealthModel` and
//! `SegmentedModel` classes (scoring one account or a batch) and the functions over scores
//! (human-score blends, product roll-ups, score trends).

use crate::batch;
use crate::input::{input, json_text, optional};
use crate::thrown::throw;
use crate::value::{read, result_to_js};
use tenure::{ErrorCode, Scorer};
use tenure_interop::KeyRule;
use wasm_bindgen::prelude::*;

/// A health model, validated and compiled, ready to score accounts.
#[wasm_bindgen]
pub struct HealthModel {
    pub(crate) scorer: Scorer,
}

impl HealthModel {
    fn compile(model: tenure::HealthModel) -> Result<HealthModel, JsValue> {
        Ok(HealthModel {
            scorer: Scorer::new(model).map_err(throw)?,
        })
    }
}

#[wasm_bindgen]
impl HealthModel {
    /// The built-in model (Product Usage 30, Engagement 20, Relationship 15, Outcomes 20,
    /// Financial 15; tiers thriving ≥ 80, healthy ≥ 60, at_risk ≥ 40, critical ≥ 0).
    pub fn builtin() -> Result<HealthModel, JsValue> {
        Self::compile(tenure::HealthModel::builtin())
    }

    /// Parses and validates a model from its JSON file format (snake_case keys).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<HealthModel, JsValue> {
        let text = json_text(&text, ErrorCode::ModelParse)?;
        Self::compile(tenure::HealthModel::from_json(&text).map_err(throw)?)
    }

    /// Builds and validates a model from a plain object (camelCase or snake_case keys).
    #[wasm_bindgen(js_name = fromObject)]
    pub fn from_object(
        #[wasm_bindgen(unchecked_param_type = "HealthModelSpec")] model: JsValue,
    ) -> Result<HealthModel, JsValue> {
        let model = tenure_interop::read::health_model(read(&model, KeyRule::data()));
        Self::compile(model.map_err(throw)?)
    }

    /// The model's id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.scorer.model().id.clone()
    }

    /// Every input key the model reads, in model order.
    #[wasm_bindgen(getter, js_name = inputKeys)]
    pub fn input_keys(&self) -> Vec<String> {
        self.scorer.input_keys().to_vec()
    }

    /// The model in its JSON file format (pretty-printed, snake_case keys).
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.scorer.model().to_json()
    }

    /// Scores one account, with its explanation.
    #[wasm_bindgen(unchecked_return_type = "HealthScore")]
    pub fn score(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Account")] account: JsValue,
    ) -> Result<JsValue, JsValue> {
        let account: tenure::Account = input(&account, "")?;
        Ok(result_to_js(&self.scorer.score(&account).map_err(throw)?))
    }

    /// The same as `score`: the score carries its explanation.
    #[wasm_bindgen(unchecked_return_type = "HealthScore")]
    pub fn explain(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Account")] account: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.score(account)
    }

    /// Scores a batch given as columns (`{inputKey: Float64Array | array | {codes, categories}}`)
    /// or as an array of accounts. Rows that cannot be scored never fail the batch (see
    /// `status` and `errors`).
    #[wasm_bindgen(js_name = scoreBatch, unchecked_return_type = "BatchResult")]
    pub fn score_batch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "BatchInput")] input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "BatchOptions | null")] options: Option<
            JsValue,
        >,
    ) -> Result<JsValue, JsValue> {
        batch::score_batch(&self.scorer, &input, options.as_ref())
    }

    /// `scoreBatch` as a promise, for code shared with the Node.js binding (whose
    /// `scoreBatchAsync` runs off the event loop); here the batch is scored before the promise
    /// is returned, and a thrown error rejects it.
    #[wasm_bindgen(js_name = scoreBatchAsync, unchecked_return_type = "Promise<BatchResult>")]
    pub fn score_batch_async(
        &self,
        #[wasm_bindgen(unchecked_param_type = "BatchInput")] input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "BatchOptions | null")] options: Option<
            JsValue,
        >,
    ) -> js_sys::Promise {
        match self.score_batch(input, options) {
            Ok(result) => js_sys::Promise::resolve(&result),
            Err(error) => js_sys::Promise::reject(&error),
        }
    }
}

/// Several health models and the routes that choose one per account.
#[wasm_bindgen]
pub struct SegmentedModel {
    id: String,
    scorer: tenure::SegmentedScorer,
}

impl SegmentedModel {
    fn compile(set: tenure::SegmentedModel) -> Result<SegmentedModel, JsValue> {
        Ok(SegmentedModel {
            id: set.id.clone(),
            scorer: set.scorer().map_err(throw)?,
        })
    }
}

#[wasm_bindgen]
impl SegmentedModel {
    /// Parses and validates a model set from its JSON file format (snake_case keys).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<SegmentedModel, JsValue> {
        let text = json_text(&text, ErrorCode::ModelParse)?;
        Self::compile(tenure::SegmentedModel::from_json(&text).map_err(throw)?)
    }

    /// Builds and validates a model set from a plain object (camelCase or snake_case keys).
    #[wasm_bindgen(js_name = fromObject)]
    pub fn from_object(
        #[wasm_bindgen(js_name = modelSet, unchecked_param_type = "SegmentedModelSpec")]
        model_set: JsValue,
    ) -> Result<SegmentedModel, JsValue> {
        let set = tenure_interop::read::segmented_model(read(&model_set, KeyRule::data()));
        Self::compile(set.map_err(throw)?)
    }

    /// The model set's id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.id.clone()
    }

    /// Scores an account with the model its attributes choose; `route` is the index of the
    /// route taken (`null` for the default model).
    #[wasm_bindgen(unchecked_return_type = "SegmentedScore")]
    pub fn score(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Account")] account: JsValue,
    ) -> Result<JsValue, JsValue> {
        let account: tenure::Account = input(&account, "")?;
        Ok(result_to_js(&self.scorer.score(&account).map_err(throw)?))
    }
}

/// Blends a computed score with a human (CSM) assessment valid on `asOf`, using the tiers of
/// `model`.
#[wasm_bindgen(js_name = blendHumanScore, unchecked_return_type = "BlendedScore")]
pub fn blend_human_score(
    model: &HealthModel,
    #[wasm_bindgen(unchecked_param_type = "number")] computed: JsValue,
    #[wasm_bindgen(unchecked_param_type = "HumanAssessment | null | undefined")] human: JsValue,
    #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateInput")] as_of: JsValue,
) -> Result<JsValue, JsValue> {
    let computed: f64 = input(&computed, "computed")?;
    let human: Option<tenure::HumanAssessment> = input(&human, "human")?;
    let as_of: tenure::NaiveDate = input(&as_of, "as_of")?;
    let blended = tenure::blend_human_score(model.scorer.tiers(), computed, human.as_ref(), as_of);
    Ok(result_to_js(&blended.map_err(throw)?))
}

/// Rolls product scores up into one account score (`method`: `arr_weighted` (default),
/// `min` or `mean`), using the tiers of `model`.
#[wasm_bindgen(js_name = rollUpProducts, unchecked_return_type = "RolledUpScore")]
pub fn roll_up_products(
    model: &HealthModel,
    #[wasm_bindgen(unchecked_param_type = "ProductScore[]")] products: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RollupMethod | null")] method: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let products: Vec<tenure::ProductScore> = input(&products, "products")?;
    let method: Option<tenure::RollupMethod> = optional(method, "method")?;
    let rolled =
        tenure::roll_up_products(model.scorer.tiers(), &products, method.unwrap_or_default());
    Ok(result_to_js(&rolled.map_err(throw)?))
}

/// Analyses a score history (strictly increasing dates) as of a day, using the tiers of `model`.
#[wasm_bindgen(js_name = scoreTrend, unchecked_return_type = "ScoreTrend")]
pub fn score_trend(
    model: &HealthModel,
    #[wasm_bindgen(unchecked_param_type = "ScorePoint[]")] history: JsValue,
    #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateInput")] as_of: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TrendOptions | null")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let history: Vec<tenure::ScorePoint> = input(&history, "history")?;
    let as_of: tenure::NaiveDate = input(&as_of, "as_of")?;
    let options: Option<tenure::TrendOptions> = optional(options, "options")?;
    let trend = tenure::score_trend(
        &history,
        as_of,
        model.scorer.tiers(),
        options.unwrap_or_default(),
    );
    Ok(result_to_js(&trend.map_err(throw)?))
}
