//! Revenue operations of the conformance corpus (`tests/conformance/revenue/`).

use serde_json::{json, Value};
use tenure::{movement_detail, mrr_movements, MetricsRequest, MrrMovements, RevenueInput};

fn err_json(e: tenure::Error) -> Value {
    json!({"error": {"code": e.code().as_str(), "path": e.path(), "value": e.value()}})
}

fn parse<T: serde::de::DeserializeOwned>(input: &Value) -> Result<T, Value> {
    tenure::deserialize_input(input.clone()).map_err(err_json)
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<Value, Value> {
    serde_json::to_value(v)
        .map_err(|e| json!({"error": {"code": "serialize", "message": e.to_string()}}))
}

fn movements(input: &Value) -> Result<MrrMovements, Value> {
    let data: RevenueInput = parse(input)?;
    let cm = data.customer_months().map_err(err_json)?;
    mrr_movements(&cm).map_err(err_json)
}

/// Runs a revenue op; `None` when `op` is not one.
pub fn run(op: &str, input: &Value) -> Option<Value> {
    let result = match op {
        "customer_months" => (|| {
            let data: RevenueInput = parse(input)?;
            to_json(&data.customer_months().map_err(err_json)?)
        })(),
        "mrr_movements" => movements(input).and_then(|m| to_json(&m)),
        "movement_detail" => (|| {
            let data: RevenueInput = parse(input)?;
            let cm = data.customer_months().map_err(err_json)?;
            Ok(json!({"rows": to_json(&movement_detail(&cm).map_err(err_json)?)?}))
        })(),
        "retention_metrics" => (|| {
            let request: MetricsRequest = parse(input)?;
            to_json(&request.run().map_err(err_json)?)
        })(),
        "merge_movements" => (|| {
            let partials = input
                .get("partials")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let mut merged: Option<MrrMovements> = None;
            for (i, p) in partials.iter().enumerate() {
                let m = movements(p).map_err(|mut e| {
                    if let Some(path) = e.pointer_mut("/error/path") {
                        *path = json!(format!("partials[{i}].{}", path.as_str().unwrap_or("")));
                    }
                    e
                })?;
                merged = Some(match merged {
                    None => m,
                    Some(acc) => acc.merge(&m).map_err(err_json)?,
                });
            }
            to_json(&merged)
        })(),
        _ => return None,
    };
    Some(result.unwrap_or_else(|e| e))
}
