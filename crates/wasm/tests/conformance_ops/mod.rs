//! The operations of the conformance corpus in the browser, one module per area of the core,
//! each operation a function from a case to the JavaScript value it returns (or the value it
//! throws). The one table that names them is `OPERATIONS` in `tests/conformance.rs`.

#[cfg(feature = "revenue")]
pub mod cohort;
pub mod health;
#[cfg(feature = "lifecycle")]
pub mod lifecycle;
#[cfg(feature = "portfolio")]
pub mod portfolio;
#[cfg(feature = "revenue")]
pub mod revenue;
#[cfg(feature = "rules")]
pub mod rules;
#[cfg(feature = "revenue")]
pub mod survival;

use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};

/// An operation: the output of a case, or what the API throws.
pub type Operation = fn(&Case<'_>) -> Result<JsValue, JsValue>;

/// How a case's models and inputs are passed.
#[derive(Clone, Copy, PartialEq)]
pub enum Variant {
    /// snake_case objects as in the corpus, number columns as `Float64Array`s.
    SnakeObjects,
    /// camelCase keys, dates as `Date`s, number columns as plain arrays.
    CamelObjects,
    /// Models given as JSON text (`fromJson`).
    JsonText,
}

/// `value[key]` (`undefined` when absent).
pub fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `JSON.stringify(value)`.
pub fn stringify(value: &JsValue) -> String {
    JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

/// snake_case → camelCase (written here independently of the binding's own rule).
pub fn camel_key(key: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in key.chars() {
        if c == '_' && !upper {
            upper = true;
            continue;
        }
        if upper && c.is_ascii_lowercase() {
            out.push(c.to_ascii_uppercase());
        } else {
            if upper {
                out.push('_');
            }
            out.push(c);
        }
        upper = false;
    }
    if upper {
        out.push('_');
    }
    out
}

/// A deep copy with object keys in camelCase, except below `inputs`, `attributes`, `columns`,
/// `rates`, `facts` and `last_fired`.
pub fn camelize(value: &JsValue, rename: bool) -> JsValue {
    convert(value, rename, false)
}

/// A valid ISO day as a `Date` at UTC midnight.
fn as_date(value: &JsValue) -> Option<JsValue> {
    let text = value.as_string()?;
    let bytes = text.as_bytes();
    let iso = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !iso {
        return None;
    }
    let date = js_sys::Date::new(&JsValue::from_str(&format!("{text}T00:00:00Z")));
    if date.get_time().is_nan() {
        return None; // "2026-13-01": not a day (toISOString would throw)
    }
    let same = date
        .to_iso_string()
        .as_string()
        .is_some_and(|s| s.starts_with(&text));
    same.then(|| date.into())
}

/// [`camelize`], with every ISO day string replaced by a `Date` when `dates`.
pub fn convert(value: &JsValue, rename: bool, dates: bool) -> JsValue {
    if let Some(array) = value.dyn_ref::<Array>() {
        return array
            .iter()
            .map(|v| convert(&v, rename, dates))
            .collect::<Array>()
            .into();
    }
    if dates {
        if let Some(date) = as_date(value) {
            return date;
        }
    }
    if !value.is_object() {
        return value.clone();
    }
    let out = Object::new();
    for key in Object::keys(value.unchecked_ref::<Object>()).iter() {
        let name = key.as_string().unwrap_or_default();
        let inner = rename
            && ![
                "inputs",
                "attributes",
                "columns",
                "rates",
                "facts",
                "last_fired",
                "by_segment",
                "engagement_levels",
                "avg_ttfv_days_by_segment",
            ]
            .contains(&name.as_str());
        let new_name = if rename {
            camel_key(&name)
        } else {
            name.clone()
        };
        let _ = Reflect::set(
            &out,
            &JsValue::from_str(&new_name),
            &convert(&get(value, &name), inner, dates),
        );
    }
    out.into()
}

/// One corpus case with the named models and portfolios of its file, in a variant.
pub struct Case<'a> {
    /// The case object (`op`, `model`, `rules`, `portfolio`, `input`, ...).
    pub case: &'a JsValue,
    /// The file's `models` (models and rule sets by name).
    pub models: &'a JsValue,
    /// The file's `portfolios` (named portfolios the cases refer to).
    #[cfg_attr(not(feature = "portfolio"), allow(dead_code))]
    pub portfolios: &'a JsValue,
    /// How the case's models and inputs are passed.
    pub variant: Variant,
}

impl Case<'_> {
    /// A field of the case object (`undefined` when absent).
    pub fn field(&self, key: &str) -> JsValue {
        get(self.case, key)
    }

    /// A field of the case as the variant passes it: as parsed, or camelCase with dates.
    pub fn object(&self, key: &str) -> JsValue {
        let value = self.field(key);
        if self.variant == Variant::CamelObjects {
            convert(&value, true, true)
        } else {
            value
        }
    }

    /// A field of the case's input as the variant passes it (`None` when absent).
    pub fn argument(&self, key: &str) -> Option<JsValue> {
        let value = get(&self.field("input"), key);
        if value.is_undefined() {
            None
        } else if self.variant == Variant::CamelObjects {
            Some(convert(&value, true, true))
        } else {
            Some(value)
        }
    }
}
