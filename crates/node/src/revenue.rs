//! Revenue math for Node.js: customer-month MRR, MRR movements (also from typed-array columns,
//! and asynchronously on the libuv pool for big inputs), movement detail, retention metrics,
//! merging partial movements, and monthly series as `Float64Array`s.

use crate::input::input;
use crate::thrown::{js_error, OrThrow};
use crate::value::{as_object, Js};
use napi::bindgen_prelude::{
    AsyncTask, Env, Float64Array, Float64ArraySlice, FromNapiValue, Int32ArraySlice, JsObjectValue,
    Object, Task, Unknown,
};
use napi::{JsValue, ValueType};
use napi_derive::napi;
use tenure::{
    movement_detail, mrr_movements, CustomerColumn, CustomerIdColumn, CustomerMonthColumns,
    CustomerMonths, ErrorCode, MetricsRequest, MonthColumn, MonthlyOptions, MrrColumn,
    MrrMovements, RevenueInput,
};

fn parse_error(path: impl Into<String>, message: &str) -> tenure::Error {
    tenure::Error::new(ErrorCode::InputParse, path, message)
}

/// Normalises periods or snapshots into customer-month MRR.
#[napi(
    catch_unwind,
    ts_args_type = "input: import('./types').RevenueInput",
    ts_return_type = "import('./types').CustomerMonthsResult"
)]
pub fn customer_months(env: &Env, input_value: Unknown) -> napi::Result<Js> {
    let data: RevenueInput = input(env, input_value, "")?;
    Js::of(&data.customer_months().or_throw(env)?)
}

/// MRR movements per month of periods or snapshots.
#[napi(
    js_name = "mrrMovements",
    catch_unwind,
    ts_args_type = "input: import('./types').RevenueInput",
    ts_return_type = "import('./types').MrrMovements"
)]
pub fn mrr_movements_of(env: &Env, input_value: Unknown) -> napi::Result<Js> {
    let data: RevenueInput = input(env, input_value, "")?;
    let cm = data.customer_months().or_throw(env)?;
    Js::of(&mrr_movements(&cm).or_throw(env)?)
}

/// Computes movements on the libuv thread pool.
pub struct MovementsTask {
    work: Work,
}

enum Work {
    Rows(RevenueInput),
    Columns(OwnedColumns, MonthlyOptions),
}

impl Task for MovementsTask {
    type Output = tenure::Result<MrrMovements>;
    type JsValue = Js;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match &self.work {
            Work::Rows(data) => mrr_movements(&data.customer_months()?),
            Work::Columns(columns, options) => mrr_movements(&columns.customer_months(options)?),
        }))
        .map_err(|_| napi::Error::from_reason("tenure: internal error in mrr movements"))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Js> {
        Js::of(&output.or_throw(&env)?)
    }
}

/// `mrrMovements` off the event loop: a promise of the movements.
#[napi(
    catch_unwind,
    ts_args_type = "input: import('./types').RevenueInput",
    ts_return_type = "Promise<import('./types').MrrMovements>"
)]
pub fn mrr_movements_async(
    env: &Env,
    input_value: Unknown,
) -> napi::Result<AsyncTask<MovementsTask>> {
    let data: RevenueInput = input(env, input_value, "")?;
    Ok(AsyncTask::new(MovementsTask {
        work: Work::Rows(data),
    }))
}

/// The movement of every customer and month.
#[napi(
    js_name = "movementDetail",
    catch_unwind,
    ts_args_type = "input: import('./types').RevenueInput",
    ts_return_type = "import('./types').MovementDetail[]"
)]
pub fn movement_detail_of(env: &Env, input_value: Unknown) -> napi::Result<Js> {
    let data: RevenueInput = input(env, input_value, "")?;
    let cm = data.customer_months().or_throw(env)?;
    Js::of(&movement_detail(&cm).or_throw(env)?)
}

/// Retention metrics of `{data, from, through}`.
#[napi(
    catch_unwind,
    ts_args_type = "request: import('./types').RetentionRequest",
    ts_return_type = "import('./types').RetentionReport"
)]
pub fn retention_metrics(env: &Env, request: Unknown) -> napi::Result<Js> {
    let request: MetricsRequest = input(env, request, "")?;
    Js::of(&request.run().or_throw(env)?)
}

/// Merges movements of disjoint sets of customers (results of the movement functions), left to
/// right; `null` for an empty list.
#[napi(
    catch_unwind,
    ts_args_type = "partials: import('./types').MrrMovements[]",
    ts_return_type = "import('./types').MrrMovements | null"
)]
pub fn merge_movements(env: &Env, partials: Unknown) -> napi::Result<Js> {
    let partials: Vec<MrrMovements> = input(env, partials, "partials")?;
    let mut merged: Option<MrrMovements> = None;
    for p in &partials {
        merged = Some(match merged {
            None => p.clone(),
            Some(acc) => acc.merge(p).or_throw(env)?,
        });
    }
    Js::of(&merged)
}

/// Customer-month columns copied out of JS memory.
pub struct OwnedColumns {
    integer_ids: Option<Vec<i64>>,
    text_ids: Vec<String>,
    months: Vec<i64>,
    mrr: Vec<f64>,
    segments: Option<Vec<Option<String>>>,
}

impl OwnedColumns {
    fn customer_months(&self, options: &MonthlyOptions) -> tenure::Result<CustomerMonths> {
        let texts: Vec<&str> = self.text_ids.iter().map(String::as_str).collect();
        let segments: Option<Vec<Option<&str>>> = self
            .segments
            .as_ref()
            .map(|v| v.iter().map(Option::as_deref).collect());
        let customer = match &self.integer_ids {
            Some(ids) => CustomerColumn::Integers(ids),
            None => CustomerColumn::Texts(&texts),
        };
        CustomerMonths::from_columns(
            CustomerMonthColumns {
                customer,
                month: MonthColumn::Indices(&self.months),
                mrr: MrrColumn::Floats(&self.mrr),
                segment: segments.as_deref(),
            },
            options,
        )
    }
}

fn typed_f64(value: Unknown<'_>) -> Option<Vec<f64>> {
    // SAFETY: `from_napi_value` checks that the value is a Float64Array.
    unsafe { Float64ArraySlice::from_napi_value(value.value().env, value.raw()) }
        .ok()
        .map(|s| s.to_vec())
}

fn typed_i32(value: Unknown<'_>) -> Option<Vec<i32>> {
    // SAFETY: `from_napi_value` checks that the value is an Int32Array.
    unsafe { Int32ArraySlice::from_napi_value(value.value().env, value.raw()) }
        .ok()
        .map(|s| s.to_vec())
}

fn read_columns(env: &Env, columns: Unknown) -> napi::Result<OwnedColumns> {
    if columns.get_type()? != ValueType::Object {
        return Err(js_error(
            env,
            &parse_error("", "columns are {customer, month, mrr, segment?}"),
        ));
    }
    let object: Object = as_object(columns);
    let get = |key: &str| -> napi::Result<Unknown> { object.get_named_property::<Unknown>(key) };
    // Customer ids: integer-valued numbers (Float64Array / Int32Array / number[]) or strings.
    let customer = get("customer")?;
    let ids = if customer.get_type()? == ValueType::Object && customer.is_typedarray()? {
        let numbers: Vec<f64> = match typed_f64(customer) {
            Some(v) => v,
            None => typed_i32(customer)
                .map(|v| v.into_iter().map(f64::from).collect())
                .ok_or_else(|| {
                    js_error(
                        env,
                        &parse_error(
                            "customer",
                            "a typed customer column is a Float64Array or an Int32Array",
                        ),
                    )
                })?,
        };
        CustomerIdColumn::from_numbers(&numbers).map_err(|e| js_error(env, &e))?
    } else {
        let values: Vec<serde_json::Value> = input(env, customer, "customer")?;
        CustomerIdColumn::from_values(values).map_err(|e| js_error(env, &e))?
    };
    let (integer_ids, text_ids) = match ids {
        CustomerIdColumn::Integers(ids) => (Some(ids), Vec::new()),
        CustomerIdColumn::Texts(texts) => (None, texts),
    };
    // Months: an Int32Array of month indices (months since 1970-01) or "YYYY-MM" strings.
    let month = get("month")?;
    let months: Vec<i64> = if month.get_type()? == ValueType::Object && month.is_typedarray()? {
        typed_i32(month)
            .map(|v| v.into_iter().map(i64::from).collect())
            .ok_or_else(|| {
                js_error(
                    env,
                    &parse_error(
                        "month",
                        "a typed month column is an Int32Array of month indices",
                    ),
                )
            })?
    } else {
        let values: Vec<tenure::Month> = input(env, month, "month")?;
        values.into_iter().map(|m| i64::from(m.index())).collect()
    };
    let mrr = get("mrr")?;
    let mrr: Vec<f64> = if mrr.get_type()? == ValueType::Object && mrr.is_typedarray()? {
        typed_f64(mrr).ok_or_else(|| {
            js_error(
                env,
                &parse_error("mrr", "a typed mrr column is a Float64Array"),
            )
        })?
    } else {
        input(env, mrr, "mrr")?
    };
    let segment = get("segment")?;
    let segments = match segment.get_type()? {
        ValueType::Undefined | ValueType::Null => None,
        _ => Some(input::<Vec<Option<String>>>(env, segment, "segment")?),
    };
    Ok(OwnedColumns {
        integer_ids,
        text_ids,
        months,
        mrr,
        segments,
    })
}

fn options(env: &Env, value: Option<Unknown>) -> napi::Result<MonthlyOptions> {
    match value {
        None => Ok(MonthlyOptions::default()),
        Some(v) => {
            let parsed: Option<MonthlyOptions> = input(env, v, "options")?;
            Ok(parsed.unwrap_or_default())
        }
    }
}

/// MRR movements of customer-month columns: `customer` (Float64Array/Int32Array of integer ids,
/// or strings), `month` (Int32Array of month indices since 1970-01, or "YYYY-MM" strings),
/// `mrr` (Float64Array), optional `segment` (strings).
#[napi(
    catch_unwind,
    ts_args_type = "columns: import('./types').CustomerMonthColumns, options?: import('./types').MonthlyOptions | null",
    ts_return_type = "import('./types').MrrMovements"
)]
pub fn mrr_movements_columns(
    env: &Env,
    columns: Unknown,
    options_value: Option<Unknown>,
) -> napi::Result<Js> {
    let options = options(env, options_value)?;
    let columns = read_columns(env, columns)?;
    let cm = columns.customer_months(&options).or_throw(env)?;
    Js::of(&mrr_movements(&cm).or_throw(env)?)
}

/// `mrrMovementsColumns` off the event loop (the columns are copied first).
#[napi(
    catch_unwind,
    ts_args_type = "columns: import('./types').CustomerMonthColumns, options?: import('./types').MonthlyOptions | null",
    ts_return_type = "Promise<import('./types').MrrMovements>"
)]
pub fn mrr_movements_columns_async(
    env: &Env,
    columns: Unknown,
    options_value: Option<Unknown>,
) -> napi::Result<AsyncTask<MovementsTask>> {
    let options = options(env, options_value)?;
    let columns = read_columns(env, columns)?;
    Ok(AsyncTask::new(MovementsTask {
        work: Work::Columns(columns, options),
    }))
}

/// The monthly series of movements (a result of the movement functions) as typed arrays:
/// `{months: string[], startingMrr: Float64Array, ..., endingCustomers: Float64Array}`; with
/// `segment`, that segment's series (`null` when there is none).
#[napi(
    catch_unwind,
    ts_args_type = "movements: import('./types').MrrMovements, segment?: string | null",
    ts_return_type = "import('./types').MovementSeries | null"
)]
pub fn movement_series<'env>(
    env: &'env Env,
    movements: Unknown,
    segment: Option<String>,
) -> napi::Result<Option<Object<'env>>> {
    let movements: MrrMovements = input(env, movements, "movements")?;
    let Some(series) = movements.series(segment.as_deref()) else {
        return Ok(None);
    };
    let mut out = Object::new(env)?;
    let months: Vec<String> = series.months.iter().map(ToString::to_string).collect();
    out.set("months", months)?;
    for (name, values) in series.columns {
        out.set(
            tenure_interop::casing::camel_case(name).as_ref(),
            Float64Array::new(values),
        )?;
    }
    Ok(Some(out))
}
