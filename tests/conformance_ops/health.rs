//! Health-scoring operations: models, model sets, single and batch scores, blends, roll-ups,
//! trends. A case's `model` is `"builtin"` (also when absent), a name from the file's `models`,
//! or an inline model.

use super::{err_json, number, parse_error, to_value, Case};
use serde_json::{json, Value};
use tenure::{
    blend_human_score, roll_up_products, score_trend, Account, Batch, BatchOptions, Column,
    HealthModel, HumanAssessment, ProductScore, RollupMethod, ScorePoint, Scorer, SegmentedModel,
    TrendOptions,
};

/// The case's model as JSON.
pub fn model_value(case: &Case) -> Value {
    let builtin = || serde_json::from_str(tenure::BUILTIN_MODEL_JSON).unwrap_or(Value::Null);
    match case.case.get("model") {
        Some(Value::String(name)) if name == "builtin" => builtin(),
        Some(Value::String(name)) => case.models.get(name).cloned().unwrap_or(Value::Null),
        Some(other) => other.clone(),
        None => builtin(),
    }
}

/// The case's model, validated.
pub fn model(case: &Case) -> Result<HealthModel, Value> {
    HealthModel::from_value(model_value(case)).map_err(err_json)
}

fn scorer(case: &Case) -> Result<Scorer, Value> {
    Scorer::new(model(case)?).map_err(err_json)
}

fn model_set(case: &Case) -> Result<SegmentedModel, Value> {
    let text = case
        .case
        .get("model_set")
        .cloned()
        .unwrap_or(Value::Null)
        .to_string();
    SegmentedModel::from_json(&text).map_err(err_json)
}

fn account(case: &Case) -> Result<Account, Value> {
    Account::from_json(&case.input.to_string()).map_err(err_json)
}

/// A field read with serde alone (not the core's path-aware reader).
fn plain<T: serde::de::DeserializeOwned>(case: &Case, key: &str) -> Result<T, Value> {
    serde_json::from_value(case.field(key)).map_err(parse_error)
}

/// A field read with serde alone, its default when absent.
fn plain_or_default<T: serde::de::DeserializeOwned + Default>(
    case: &Case,
    key: &str,
) -> Result<T, Value> {
    match case.input.get(key) {
        None => Ok(T::default()),
        Some(value) => serde_json::from_value(value.clone()).map_err(parse_error),
    }
}

pub fn validate_model(case: &Case) -> Result<Value, Value> {
    model(case)?;
    Ok(json!({"valid": true}))
}

pub fn validate_model_set(case: &Case) -> Result<Value, Value> {
    model_set(case)?;
    Ok(json!({"valid": true}))
}

pub fn score(case: &Case) -> Result<Value, Value> {
    let scorer = scorer(case)?;
    Ok(to_value(scorer.score(&account(case)?).map_err(err_json)?))
}

pub fn score_segmented(case: &Case) -> Result<Value, Value> {
    let scorer = model_set(case)?.scorer().map_err(err_json)?;
    Ok(to_value(scorer.score(&account(case)?).map_err(err_json)?))
}

pub fn blend(case: &Case) -> Result<Value, Value> {
    let scorer = scorer(case)?;
    let computed = case
        .input
        .get("computed")
        .and_then(Value::as_f64)
        .unwrap_or(f64::NAN);
    let human: Option<HumanAssessment> = plain(case, "human")?;
    let as_of = plain(case, "as_of")?;
    let blended = blend_human_score(scorer.tiers(), computed, human.as_ref(), as_of);
    Ok(to_value(blended.map_err(err_json)?))
}

pub fn roll_up(case: &Case) -> Result<Value, Value> {
    let scorer = scorer(case)?;
    let products: Vec<ProductScore> = plain(case, "products")?;
    let method: RollupMethod = plain_or_default(case, "method")?;
    let rolled = roll_up_products(scorer.tiers(), &products, method);
    Ok(to_value(rolled.map_err(err_json)?))
}

pub fn trend(case: &Case) -> Result<Value, Value> {
    let scorer = scorer(case)?;
    let history: Vec<ScorePoint> = plain(case, "history")?;
    let as_of = plain(case, "as_of")?;
    let options: TrendOptions = plain_or_default(case, "options")?;
    let trend = score_trend(&history, as_of, scorer.tiers(), options);
    Ok(to_value(trend.map_err(err_json)?))
}

/// Columns in corpus JSON: numbers/null -> Numbers (null = NaN), strings/null -> Texts,
/// booleans/null -> Bools. A column of nulls only is numbers.
enum OwnedColumn {
    Numbers(Vec<f64>),
    Texts(Vec<Option<String>>),
    Bools(Vec<Option<bool>>),
}

fn owned_column(values: &[Value]) -> OwnedColumn {
    let infinity = |v: &Value| matches!(v.as_str(), Some("Infinity" | "-Infinity"));
    if values.iter().any(|v| v.is_string() && !infinity(v)) {
        OwnedColumn::Texts(
            values
                .iter()
                .map(|v| v.as_str().map(String::from))
                .collect(),
        )
    } else if values.iter().any(Value::is_boolean) {
        OwnedColumn::Bools(values.iter().map(Value::as_bool).collect())
    } else {
        OwnedColumn::Numbers(values.iter().map(number).collect())
    }
}

pub fn score_batch(case: &Case) -> Result<Value, Value> {
    let scorer = scorer(case)?;
    let empty = serde_json::Map::new();
    let columns = case
        .input
        .get("columns")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let owned: Vec<(String, OwnedColumn)> = columns
        .iter()
        .map(|(k, v)| {
            let values = v.as_array().map(Vec::as_slice).unwrap_or(&[]);
            (k.clone(), owned_column(values))
        })
        .collect();
    let mut batch = Batch::new();
    for (key, column) in &owned {
        let column = match column {
            OwnedColumn::Numbers(v) => Column::Numbers(v),
            OwnedColumn::Texts(v) => Column::Texts(v),
            OwnedColumn::Bools(v) => Column::Bools(v),
        };
        batch.insert(key, column).map_err(err_json)?;
    }
    let month = case
        .input
        .get("month")
        .and_then(Value::as_u64)
        .map(|m| m as u32);
    let scores = scorer
        .score_batch(&batch, BatchOptions { month })
        .map_err(err_json)?;
    let errors: Vec<Value> = scores
        .errors
        .iter()
        .map(|e| json!({"row": e.row, "code": e.error.code().as_str(), "path": e.error.path()}))
        .collect();
    Ok(json!({"rows": to_value(scores.summaries(scorer.model())), "errors": errors}))
}
