//! Cohort tables for Node.js: customer-month MRR columns in, the cohort table (or the mergeable
//! counts behind it, for one partition of the customers) out as a plain object.

use crate::input::{input, optional};
use crate::thrown::{js_error, OrThrow};
use crate::value::Js;
use napi::bindgen_prelude::{Env, Unknown};
use napi_derive::napi;

fn cohort_counts_of(
    env: &Env,
    data: Unknown,
    options: Option<Unknown>,
) -> napi::Result<tenure::CohortCounts> {
    let columns: tenure::CohortColumns = input(env, data, "")?;
    let options: Option<tenure::CohortOptions> = optional(env, options, "options")?;
    let months = columns.customer_months().or_throw(env)?;
    tenure::cohort_counts(&months, &options.unwrap_or_default()).or_throw(env)
}

/// The cohort table of customer-month MRR columns `{customer, month, mrr}`.
#[napi(
    catch_unwind,
    ts_args_type = "data: import('./types').CohortInput, options?: import('./types').CohortOptions | null",
    ts_return_type = "import('./types').CohortTable"
)]
pub fn cohort_table(env: &Env, data: Unknown, options: Option<Unknown>) -> napi::Result<Js> {
    let counts = cohort_counts_of(env, data, options)?;
    Js::of(&counts.table().or_throw(env)?)
}

/// The mergeable counts behind a cohort table, for one partition of the customers.
#[napi(
    catch_unwind,
    ts_args_type = "data: import('./types').CohortInput, options?: import('./types').CohortOptions | null",
    ts_return_type = "import('./types').CohortCounts"
)]
pub fn cohort_counts(env: &Env, data: Unknown, options: Option<Unknown>) -> napi::Result<Js> {
    Js::of(&cohort_counts_of(env, data, options)?)
}

/// The cohort table of several partitions' counts, merged in order.
#[napi(
    catch_unwind,
    ts_args_type = "partials: import('./types').CohortCounts[]",
    ts_return_type = "import('./types').CohortTable"
)]
pub fn merge_cohort_counts(env: &Env, partials: Unknown) -> napi::Result<Js> {
    let partials: Vec<tenure::CohortCounts> = input(env, partials, "partials")?;
    let mut iter = partials.into_iter();
    let Some(mut merged) = iter.next() else {
        let error = tenure::Error::new(
            tenure::ErrorCode::InputEmpty,
            "partials",
            "no partial counts to merge",
        );
        return Err(js_error(env, &error));
    };
    for part in iter {
        merged.merge(&part).or_throw(env)?;
    }
    Js::of(&merged.table().or_throw(env)?)
}
