//! Revenue math in the browser: customer-month MRR, MRR movements (also from typed-array
//! columns), movement detail, retention metrics, merging partial movements, and monthly series
//! as `Float64Array`s. The same functions, argument shapes and results as the Node.js binding.

use crate::input::input;
use crate::thrown::throw;
use crate::value::{result_to_js, set};
use js_sys::{Array, Float64Array, Int32Array, Object};
use tenure::{
    movement_detail as detail, mrr_movements as movements, CustomerColumn, CustomerIdColumn,
    CustomerMonthColumns, CustomerMonths, MetricsRequest, Month, MonthColumn, MonthlyOptions,
    MrrColumn, MrrMovements, RevenueInput,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Normalises periods or snapshots into customer-month MRR.
#[wasm_bindgen(js_name = customerMonths, unchecked_return_type = "CustomerMonthsResult")]
pub fn customer_months(
    #[wasm_bindgen(unchecked_param_type = "RevenueInput")] data: JsValue,
) -> Result<JsValue, JsValue> {
    let data: RevenueInput = input(&data, "")?;
    Ok(result_to_js(&data.customer_months().map_err(throw)?))
}

/// MRR movements per month of periods or snapshots.
#[wasm_bindgen(js_name = mrrMovements, unchecked_return_type = "MrrMovements")]
pub fn mrr_movements(
    #[wasm_bindgen(unchecked_param_type = "RevenueInput")] data: JsValue,
) -> Result<JsValue, JsValue> {
    let data: RevenueInput = input(&data, "")?;
    let cm = data.customer_months().map_err(throw)?;
    Ok(result_to_js(&movements(&cm).map_err(throw)?))
}

/// The movement of every customer and month.
#[wasm_bindgen(js_name = movementDetail, unchecked_return_type = "MovementDetail[]")]
pub fn movement_detail(
    #[wasm_bindgen(unchecked_param_type = "RevenueInput")] data: JsValue,
) -> Result<JsValue, JsValue> {
    let data: RevenueInput = input(&data, "")?;
    let cm = data.customer_months().map_err(throw)?;
    Ok(result_to_js(&detail(&cm).map_err(throw)?))
}

/// Retention metrics of `{data, from, through}`.
#[wasm_bindgen(js_name = retentionMetrics, unchecked_return_type = "RetentionReport")]
pub fn retention_metrics(
    #[wasm_bindgen(unchecked_param_type = "RetentionRequest")] request: JsValue,
) -> Result<JsValue, JsValue> {
    let request: MetricsRequest = input(&request, "")?;
    Ok(result_to_js(&request.run().map_err(throw)?))
}

/// Merges movements of disjoint sets of customers, left to right; `null` for an empty list.
#[wasm_bindgen(js_name = mergeMovements, unchecked_return_type = "MrrMovements | null")]
pub fn merge_movements(
    #[wasm_bindgen(unchecked_param_type = "MrrMovements[]")] partials: JsValue,
) -> Result<JsValue, JsValue> {
    let partials: Vec<MrrMovements> = input(&partials, "partials")?;
    let mut merged: Option<MrrMovements> = None;
    for p in &partials {
        merged = Some(match merged {
            None => p.clone(),
            Some(acc) => acc.merge(p).map_err(throw)?,
        });
    }
    Ok(result_to_js(&merged))
}

fn field(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// MRR movements of customer-month columns: `customer` (Float64Array/Int32Array of integer
/// ids, or strings), `month` (Int32Array of month indices since 1970-01, or "YYYY-MM"
/// strings), `mrr` (Float64Array or numbers), optional `segment` (strings).
#[wasm_bindgen(js_name = mrrMovementsColumns, unchecked_return_type = "MrrMovements")]
pub fn mrr_movements_columns(
    #[wasm_bindgen(unchecked_param_type = "CustomerMonthColumns")] columns: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MonthlyOptions | null")] options: Option<
        JsValue,
    >,
) -> Result<JsValue, JsValue> {
    let options: MonthlyOptions = match options {
        Some(o) => input::<Option<MonthlyOptions>>(&o, "options")?.unwrap_or_default(),
        None => MonthlyOptions::default(),
    };
    if !columns.is_object() {
        return Err(throw(tenure::Error::new(
            tenure::ErrorCode::InputParse,
            "",
            "columns are {customer, month, mrr, segment?}",
        )));
    }
    let customer = field(&columns, "customer");
    let ids = if let Some(a) = customer.dyn_ref::<Float64Array>() {
        CustomerIdColumn::from_numbers(&a.to_vec()).map_err(throw)?
    } else if let Some(a) = customer.dyn_ref::<Int32Array>() {
        CustomerIdColumn::Integers(a.to_vec().into_iter().map(i64::from).collect())
    } else {
        let values: Vec<serde_json::Value> = input(&customer, "customer")?;
        CustomerIdColumn::from_values(values).map_err(throw)?
    };
    let (ids, texts) = match ids {
        CustomerIdColumn::Integers(ids) => (Some(ids), Vec::new()),
        CustomerIdColumn::Texts(texts) => (None, texts),
    };
    let month = field(&columns, "month");
    let months: Vec<i64> = match month.dyn_ref::<Int32Array>() {
        Some(a) => a.to_vec().into_iter().map(i64::from).collect(),
        None => input::<Vec<Month>>(&month, "month")?
            .into_iter()
            .map(|m| i64::from(m.index()))
            .collect(),
    };
    let mrr = field(&columns, "mrr");
    let mrr: Vec<f64> = match mrr.dyn_ref::<Float64Array>() {
        Some(a) => a.to_vec(),
        None => input(&mrr, "mrr")?,
    };
    let segment = field(&columns, "segment");
    let segments: Option<Vec<Option<String>>> = if segment.is_undefined() || segment.is_null() {
        None
    } else {
        Some(input(&segment, "segment")?)
    };
    let text_refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let segment_refs: Option<Vec<Option<&str>>> = segments
        .as_ref()
        .map(|v| v.iter().map(Option::as_deref).collect());
    let customer = match &ids {
        Some(ids) => CustomerColumn::Integers(ids),
        None => CustomerColumn::Texts(&text_refs),
    };
    let cm = CustomerMonths::from_columns(
        CustomerMonthColumns {
            customer,
            month: MonthColumn::Indices(&months),
            mrr: MrrColumn::Floats(&mrr),
            segment: segment_refs.as_deref(),
        },
        &options,
    )
    .map_err(throw)?;
    Ok(result_to_js(&movements(&cm).map_err(throw)?))
}

/// The monthly series of movements (a result of the movement functions) as typed arrays:
/// `{months: string[], startingMrr: Float64Array, ..., endingCustomers: Float64Array}`; with
/// `segment`, that segment's series (`null` when there is none).
#[wasm_bindgen(js_name = movementSeries, unchecked_return_type = "MovementSeries | null")]
pub fn movement_series(
    #[wasm_bindgen(unchecked_param_type = "MrrMovements")] data: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] segment: Option<String>,
) -> Result<JsValue, JsValue> {
    let data: MrrMovements = input(&data, "movements")?;
    let Some(series) = data.series(segment.as_deref()) else {
        return Ok(JsValue::NULL);
    };
    let out: JsValue = Object::new().into();
    let months: Array = series
        .months
        .iter()
        .map(|m| JsValue::from_str(&m.to_string()))
        .collect();
    set(&out, "months", &months);
    for (name, values) in series.columns {
        let array = Float64Array::from(values.as_slice());
        set(&out, &tenure_interop::casing::camel_case(name), &array);
    }
    Ok(out)
}
