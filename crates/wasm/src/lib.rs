//! WebAssembly (browser) binding of tenure.
//!
//! A thin translation layer over the `tenure` core: JavaScript values in (camelCase or
//! snake_case keys, see [`keys`]), plain JavaScript objects out (camelCase keys), core errors as
//! thrown `Error`s with `code`, `path` and `value`. Every number comes from the core; nothing is
//! computed here.
//!
//! No panicking path: no `unwrap`, `expect`, indexing or explicit panics (denied below); every
//! fallible step returns a thrown JavaScript error instead.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::todo,
    clippy::unimplemented,
    clippy::unreachable
)]
#![warn(missing_docs)]

mod batch;
mod js;
pub mod keys;
mod types;

use js::{input_from_js, json_from_js, model_from_js, result_to_js, throw};
use serde::Deserialize;
use tenure::{
    HumanAssessment, NaiveDate, ProductScore, RollupMethod, ScorePoint, Scorer, SegmentedScorer,
    TrendOptions,
};
use wasm_bindgen::prelude::*;

/// A validated, compiled health model.
#[wasm_bindgen]
pub struct HealthModel {
    scorer: Scorer,
}

#[wasm_bindgen]
impl HealthModel {
    /// The built-in default model (`tenure.default`).
    pub fn builtin() -> Result<HealthModel, JsValue> {
        Self::compile(tenure::HealthModel::builtin())
    }

    /// Parses and validates a model from its JSON text (the model format, snake_case keys).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str) -> Result<HealthModel, JsValue> {
        Self::compile(tenure::HealthModel::from_json(text).map_err(throw)?)
    }

    /// Validates a model given as a JavaScript object (camelCase or snake_case keys).
    #[wasm_bindgen(js_name = fromObject)]
    pub fn from_object(
        #[wasm_bindgen(unchecked_param_type = "HealthModelSpec")] model: JsValue,
    ) -> Result<HealthModel, JsValue> {
        Self::compile(model_from_js(model)?)
    }

    fn compile(model: tenure::HealthModel) -> Result<HealthModel, JsValue> {
        Ok(HealthModel {
            scorer: Scorer::new(model).map_err(throw)?,
        })
    }

    /// The model as pretty-printed JSON text (snake_case keys, the model format).
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.scorer.model().to_json()
    }

    /// The model's id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.scorer.model().id.clone()
    }

    /// The input keys the model reads, in model order.
    #[wasm_bindgen(getter, js_name = inputKeys)]
    pub fn input_keys(&self) -> Vec<String> {
        self.scorer.input_keys().to_vec()
    }

    /// Scores one account, with its explanation.
    #[wasm_bindgen(unchecked_return_type = "HealthScore")]
    pub fn score(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Account")] account: JsValue,
    ) -> Result<JsValue, JsValue> {
        let account: tenure::Account = input_from_js(account)?;
        Ok(result_to_js(&self.scorer.score(&account).map_err(throw)?))
    }

    /// Scores many accounts at once: an object of columns (one per input key) or an array of
    /// accounts. Rows that cannot be scored never fail the batch (see `status` and `errors`).
    #[wasm_bindgen(js_name = scoreBatch, unchecked_return_type = "BatchResult")]
    pub fn score_batch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "BatchColumns | Account[]")] input: JsValue,
        #[wasm_bindgen(unchecked_param_type = "BatchOptions | undefined")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        batch::score_batch(&self.scorer, input, options)
    }
}

/// Several health models chosen per account by its attributes.
#[wasm_bindgen]
pub struct SegmentedModel {
    set: tenure::SegmentedModel,
    scorer: SegmentedScorer,
}

#[wasm_bindgen]
impl SegmentedModel {
    /// Parses and validates a model set from its JSON text (snake_case keys).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str) -> Result<SegmentedModel, JsValue> {
        let set = tenure::SegmentedModel::from_json(text).map_err(throw)?;
        let scorer = set.scorer().map_err(throw)?;
        Ok(SegmentedModel { set, scorer })
    }

    /// Validates a model set given as a JavaScript object (camelCase or snake_case keys).
    #[wasm_bindgen(js_name = fromObject)]
    pub fn from_object(
        #[wasm_bindgen(unchecked_param_type = "SegmentedModelSpec")] set: JsValue,
    ) -> Result<SegmentedModel, JsValue> {
        // The core reads model sets from JSON only; the object goes through a JSON value.
        Self::from_json(&json_from_js(set)?.to_string())
    }

    /// The model set as pretty-printed JSON text (snake_case keys).
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.set).unwrap_or_default()
    }

    /// The set's id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.set.id.clone()
    }

    /// Scores an account with the model its attributes choose; the result has `route`, the index
    /// of the route taken (`null` for the default model).
    #[wasm_bindgen(unchecked_return_type = "SegmentedScore")]
    pub fn score(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Account")] account: JsValue,
    ) -> Result<JsValue, JsValue> {
        let account: tenure::Account = input_from_js(account)?;
        Ok(result_to_js(&self.scorer.score(&account).map_err(throw)?))
    }
}

/// The tiers of `model`, or of the built-in model.
fn scorer_or_builtin<T>(
    model: Option<&HealthModel>,
    f: impl FnOnce(&Scorer) -> tenure::Result<T>,
) -> Result<T, JsValue> {
    match model {
        Some(m) => f(&m.scorer),
        None => f(&Scorer::new(tenure::HealthModel::builtin()).map_err(throw)?),
    }
    .map_err(throw)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BlendInput {
    computed: f64,
    #[serde(default)]
    human: Option<HumanAssessment>,
    as_of: NaiveDate,
}

/// Blends a computed score with a human (CSM) assessment valid on `asOf`; tiers from `model`
/// (the built-in model when omitted).
#[wasm_bindgen(js_name = blendHumanScore, unchecked_return_type = "BlendedScore")]
pub fn blend_human_score(
    #[wasm_bindgen(unchecked_param_type = "BlendInput")] input: JsValue,
    model: Option<&HealthModel>,
) -> Result<JsValue, JsValue> {
    let input: BlendInput = input_from_js(input)?;
    let blended = scorer_or_builtin(model, |s| {
        tenure::blend_human_score(s.tiers(), input.computed, input.human.as_ref(), input.as_of)
    })?;
    Ok(result_to_js(&blended))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RollUpInput {
    products: Vec<ProductScore>,
    #[serde(default)]
    method: Option<RollupMethod>,
}

/// Rolls product scores up into one account score (`arrWeighted` by default).
#[wasm_bindgen(js_name = rollUpProducts, unchecked_return_type = "RolledUpScore")]
pub fn roll_up_products(
    #[wasm_bindgen(unchecked_param_type = "RollUpInput")] input: JsValue,
    model: Option<&HealthModel>,
) -> Result<JsValue, JsValue> {
    let input: RollUpInput = input_from_js(input)?;
    let rolled = scorer_or_builtin(model, |s| {
        tenure::roll_up_products(s.tiers(), &input.products, input.method.unwrap_or_default())
    })?;
    Ok(result_to_js(&rolled))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TrendInput {
    history: Vec<ScorePoint>,
    as_of: NaiveDate,
    #[serde(default)]
    options: Option<TrendOptions>,
}

/// The trend of a score history as of a day: delta, direction, tier transitions, largest drop.
#[wasm_bindgen(js_name = scoreTrend, unchecked_return_type = "ScoreTrend")]
pub fn score_trend(
    #[wasm_bindgen(unchecked_param_type = "TrendInput")] input: JsValue,
    model: Option<&HealthModel>,
) -> Result<JsValue, JsValue> {
    let input: TrendInput = input_from_js(input)?;
    let trend = scorer_or_builtin(model, |s| {
        tenure::score_trend(
            &input.history,
            input.as_of,
            s.tiers(),
            input.options.unwrap_or_default(),
        )
    })?;
    Ok(result_to_js(&trend))
}
