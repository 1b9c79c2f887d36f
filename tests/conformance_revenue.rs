//! Revenue operations of the conformance corpus (`tests/conformance/revenue/`).

use serde_json::{json, Value};
use tenure::RevenueInput;

fn err_json(e: tenure::Error) -> Value {
    json!({"error": {"code": e.code().as_str(), "path": e.path(), "value": e.value()}})
}

fn revenue_input(input: &Value) -> Result<RevenueInput, Value> {
    tenure::deserialize_input(input.clone()).map_err(err_json)
}

/// Runs a revenue op; `None` when `op` is not one.
pub fn run(op: &str, input: &Value) -> Option<Value> {
    let result = match op {
        "customer_months" => (|| {
            let cm = revenue_input(input)?.customer_months().map_err(err_json)?;
            serde_json::to_value(&cm)
                .map_err(|e| json!({"error": {"code": "serialize", "message": e.to_string()}}))
        })(),
        _ => return None,
    };
    Some(result.unwrap_or_else(|e| e))
}
