//! Kaplan-Meier survival for Node.js: columns in (arrays or typed arrays), a plain object out
//! whose curve columns are `Float64Array`s.

use crate::input::{input, optional};
use crate::thrown::OrThrow;
use napi::bindgen_prelude::{Env, Float64Array, Null, Object, Unknown};
use napi_derive::napi;
use tenure::{KaplanMeierFit, KaplanMeierOptions, SurvivalColumns};

fn fit_object<'env>(env: &'env Env, fit: &KaplanMeierFit) -> napi::Result<Object<'env>> {
    let c = &fit.curve;
    let counts = |v: &[u64]| Float64Array::new(v.iter().map(|&n| n as f64).collect());
    let mut curve = Object::new(env)?;
    curve.set("time", Float64Array::new(c.time.clone()))?;
    curve.set("atRisk", counts(&c.at_risk))?;
    curve.set("entered", counts(&c.entered))?;
    curve.set("events", counts(&c.events))?;
    curve.set("censored", counts(&c.censored))?;
    curve.set("survival", Float64Array::new(c.survival.clone()))?;
    curve.set("greenwood", Float64Array::new(c.greenwood.clone()))?;
    curve.set("lower", Float64Array::new(c.lower.clone()))?;
    curve.set("upper", Float64Array::new(c.upper.clone()))?;
    let mut out = Object::new(env)?;
    out.set("curve", curve)?;
    match fit.median {
        Some(m) => out.set("median", m)?,
        None => out.set("median", Null)?,
    }
    out.set("subjects", fit.subjects as f64)?;
    out.set("events", fit.events as f64)?;
    out.set("censored", fit.censored as f64)?;
    out.set("confidenceLevel", fit.confidence_level)?;
    Ok(out)
}

/// Kaplan-Meier estimates: `{overall, groups: [{group, ...}]}`, curves as `Float64Array`s.
#[napi(
    catch_unwind,
    ts_args_type = "data: import('./types').SurvivalInput, options?: import('./types').KaplanMeierOptions | null",
    ts_return_type = "import('./types').SurvivalAnalysis"
)]
pub fn kaplan_meier<'env>(
    env: &'env Env,
    data: Unknown,
    options: Option<Unknown>,
) -> napi::Result<Object<'env>> {
    let columns: SurvivalColumns = input(env, data, "")?;
    let options: Option<KaplanMeierOptions> = optional(env, options, "options")?;
    let analysis = columns
        .analyse(&options.unwrap_or_default())
        .or_throw(env)?;
    let mut out = Object::new(env)?;
    out.set("overall", fit_object(env, &analysis.overall)?)?;
    let mut groups = env.create_array(0)?;
    for (i, g) in analysis.groups.iter().enumerate() {
        let mut o = fit_object(env, &g.fit)?;
        o.set("group", g.group.as_str())?;
        groups.set(i as u32, o)?;
    }
    out.set("groups", groups)?;
    Ok(out)
}
