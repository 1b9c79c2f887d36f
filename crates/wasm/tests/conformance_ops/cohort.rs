//! The cohort operations of the conformance corpus, through the browser API.

use super::{get, Case};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// `value` without its `options` key, and that key.
fn split_options(value: &JsValue) -> (JsValue, Option<JsValue>) {
    let copy = Object::assign(&Object::new(), value.unchecked_ref::<Object>());
    let options = get(&copy, "options");
    let _ = Reflect::delete_property(&copy, &"options".into());
    (copy.into(), (!options.is_undefined()).then_some(options))
}

pub fn cohort_table(case: &Case<'_>) -> Result<JsValue, JsValue> {
    let (data, options) = split_options(&case.object("input"));
    tenure_wasm::cohort_table(data, options)
}

/// The counts of each partial (`cohort_counts`), merged left to right.
pub fn merge_cohort_counts(case: &Case<'_>) -> Result<JsValue, JsValue> {
    let input = case.object("input");
    let default = get(&input, "options");
    let partials: Array = get(&input, "partials").dyn_into().unwrap_or_default();
    let counts = Array::new();
    for p in partials.iter() {
        let (data, options) = split_options(&p);
        let options = options.or_else(|| (!default.is_undefined()).then(|| default.clone()));
        let c = tenure_wasm::cohort_counts(data, options)?;
        // Counts travel as JSON between workers.
        let text = js_sys::JSON::stringify(&c)?;
        counts.push(&js_sys::JSON::parse(&text.as_string().unwrap_or_default())?);
    }
    tenure_wasm::merge_cohort_counts(counts.into())
}
