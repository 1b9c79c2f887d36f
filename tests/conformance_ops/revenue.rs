//! Revenue operations: customer-months, MRR movements and their detail, retention metrics,
//! merged partial movements.

use super::{err_json, read, to_value, Case};
use serde_json::{json, Value};
use tenure::{movement_detail, mrr_movements, MetricsRequest, MrrMovements, RevenueInput};

fn movements(input: &Value) -> Result<MrrMovements, Value> {
    let data: RevenueInput = read(input)?;
    let months = data.customer_months().map_err(err_json)?;
    mrr_movements(&months).map_err(err_json)
}

pub fn customer_months(case: &Case) -> Result<Value, Value> {
    let data: RevenueInput = read(&case.input)?;
    Ok(to_value(data.customer_months().map_err(err_json)?))
}

pub fn mrr_movements_of(case: &Case) -> Result<Value, Value> {
    Ok(to_value(movements(&case.input)?))
}

pub fn movement_detail_of(case: &Case) -> Result<Value, Value> {
    let data: RevenueInput = read(&case.input)?;
    let months = data.customer_months().map_err(err_json)?;
    Ok(json!({"rows": to_value(movement_detail(&months).map_err(err_json)?)}))
}

pub fn retention_metrics(case: &Case) -> Result<Value, Value> {
    let request: MetricsRequest = read(&case.input)?;
    Ok(to_value(request.run().map_err(err_json)?))
}

pub fn merge_movements(case: &Case) -> Result<Value, Value> {
    let partials = case
        .field("partials")
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut merged: Option<MrrMovements> = None;
    for (i, partial) in partials.iter().enumerate() {
        let movements =
            movements(partial).map_err(|e| super::prefix(e, &format!("partials[{i}]")))?;
        merged = Some(match merged {
            None => movements,
            Some(acc) => acc.merge(&movements).map_err(err_json)?,
        });
    }
    Ok(to_value(merged))
}
