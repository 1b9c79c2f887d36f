//! Two element-wise loops of batch translation, run by V8 rather than through N-API.
//!
//! Reading a JS array through N-API costs several calls per element (get the element, its type,
//! its value) and building one costs a call per element; for a million rows that is most of the
//! time of a batch. The loops below do that work in JavaScript, where V8 compiles them:
//! `flatten` encodes any input value (an account, a list of accounts, a model) as a few typed
//! arrays for [`crate::value`] to decode; `column` turns an array column into a typed array
//! (numbers: `Float64Array`, booleans: `Int8Array` in the shared encoding of
//! [`tenure_interop::booleans`], strings: a dictionary
//! `{codes: Int32Array, categories}`); `expand` turns codes back into an array of strings. They
//! translate only; what a value means stays in the core. Results go out as JSON text read by
//! `JSON.parse` (taken when the script is compiled). The script is compiled once per JS
//! environment (main thread or worker).

use napi::bindgen_prelude::{
    Env, Float64ArraySlice, FnArgs, Function, Int32Array, Int32ArraySlice, JsObjectValue, Object,
    ObjectRef, Uint8ArraySlice, Unknown,
};

const SCRIPT: &str = r#"(() => {
  'use strict'
  // An array column -> [kind, data, bad]: kind 0 numbers (Float64Array, null/undefined = NaN),
  // 1 booleans (Int8Array: 1 true, 0 false, -1 missing), 2 strings ({codes, categories}, code
  // -1 = missing). The first value that is not null/undefined sets the kind; `bad` is the index
  // of the first value of another kind (-1 when there is none).
  function column(values) {
    const n = values.length
    let kind = 0
    for (let i = 0; i < n; i++) {
      const v = values[i]
      if (v === null || v === undefined) continue
      kind = typeof v === 'number' ? 0 : typeof v === 'boolean' ? 1 : typeof v === 'string' ? 2 : -1
      if (kind < 0) return [0, null, i]
      break
    }
    if (kind === 0) {
      const out = new Float64Array(n)
      for (let i = 0; i < n; i++) {
        const v = values[i]
        if (typeof v === 'number') out[i] = v
        else if (v === null || v === undefined) out[i] = NaN
        else return [0, null, i]
      }
      return [0, out, -1]
    }
    if (kind === 1) {
      const out = new Int8Array(n)
      for (let i = 0; i < n; i++) {
        const v = values[i]
        if (v === true) out[i] = 1
        else if (v === null || v === undefined) out[i] = -1
        else if (v !== false) return [1, null, i]
      }
      return [1, out, -1]
    }
    const codes = new Int32Array(n)
    const index = new Map()
    const categories = []
    for (let i = 0; i < n; i++) {
      const v = values[i]
      if (typeof v === 'string') {
        let code = index.get(v)
        if (code === undefined) {
          code = categories.length
          index.set(v, code)
          categories.push(v)
        }
        codes[i] = code
      } else if (v === null || v === undefined) codes[i] = -1
      else return [2, null, i]
    }
    return [2, { codes, categories }, -1]
  }
  // Codes -> names (a negative code -> null).
  function expand(codes, names) {
    const n = codes.length
    const out = new Array(n)
    for (let i = 0; i < n; i++) {
      const c = codes[i]
      out[i] = c < 0 ? null : names[c]
    }
    return out
  }
  // Any value -> [kinds, numbers, refs, strings], a pre-order encoding that `value.rs`
  // decodes. kinds (Uint8Array): 0 null/undefined, 1 false, 2 true, 3 number, 4 string,
  // 5 Date, 6 array (its items follow), 7 object (a key and a value per own enumerable entry
  // follow; entries whose value is undefined are left out), 8 a value no input can hold. numbers (Float64Array):
  // a number, a Date's time value, an array's length, an object's entry count. refs
  // (Int32Array): indices into `strings` (each string once) of string values, keys and the
  // description of kind 8.
  function flatten(root) {
    const kinds = []
    const numbers = []
    const refs = []
    const strings = []
    const index = new Map()
    const ref = (s) => {
      let i = index.get(s)
      if (i === undefined) {
        i = strings.length
        index.set(s, i)
        strings.push(s)
      }
      refs.push(i)
    }
    const unsupported = (what) => {
      kinds.push(8)
      ref(what)
    }
    const walk = (v, depth) => {
      if (v === null || v === undefined) return void kinds.push(0)
      switch (typeof v) {
        case 'boolean':
          return void kinds.push(v ? 2 : 1)
        case 'number':
          kinds.push(3)
          return void numbers.push(v)
        case 'string':
          kinds.push(4)
          return ref(v)
        case 'object':
          break
        case 'bigint':
          return unsupported('a BigInt')
        case 'symbol':
          return unsupported('a symbol')
        case 'function':
          return unsupported('a function')
        default:
          return unsupported('an unsupported value')
      }
      if (depth >= 64) return unsupported('a value nested too deeply')
      if (v instanceof Date) {
        kinds.push(5)
        return void numbers.push(v.getTime())
      }
      if (Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))) {
        const n = v.length
        kinds.push(6)
        numbers.push(n)
        for (let i = 0; i < n; i++) walk(v[i], depth + 1)
        return
      }
      const keys = Object.keys(v)
      kinds.push(7)
      numbers.push(0)
      const count = numbers.length - 1
      let n = 0
      for (const k of keys) {
        const x = v[k]
        if (x === undefined) continue
        ref(k)
        walk(x, depth + 1)
        n++
      }
      numbers[count] = n
    }
    walk(root, 0)
    return [Uint8Array.from(kinds), Float64Array.from(numbers), Int32Array.from(refs), strings]
  }
  return { column, expand, flatten, parse: JSON.parse }
})()"#;

/// The kinds of the `flatten` encoding (see the script).
pub const KIND_FALSE: u8 = 1;
/// `true`.
pub const KIND_TRUE: u8 = 2;
/// A number.
pub const KIND_NUMBER: u8 = 3;
/// A string.
pub const KIND_STRING: u8 = 4;
/// A `Date` (its time value follows in `numbers`).
pub const KIND_DATE: u8 = 5;
/// An array (its length, then its items).
pub const KIND_ARRAY: u8 = 6;
/// An object (its entry count, then a key and a value per entry).
pub const KIND_OBJECT: u8 = 7;
/// A value no input can hold (its description follows in `refs`).
pub const KIND_UNSUPPORTED: u8 = 8;

/// The compiled helpers of one JS environment.
struct Helpers(ObjectRef<false>);

fn helpers(env: &Env) -> napi::Result<Object<'_>> {
    if let Some(helpers) = env.get_instance_data::<Helpers>()? {
        return helpers.0.get_value(env);
    }
    let object: Object = env.run_script(SCRIPT)?;
    env.set_instance_data(Helpers(object.create_ref()?), (), |ctx| {
        // The environment is going away; nothing can be reported from here.
        let _ = ctx.value.0.unref(&ctx.env);
    })?;
    Ok(object)
}

/// An array column, encoded by the `column` helper.
pub struct Encoded<'env> {
    /// What the column holds.
    pub kind: Option<tenure_interop::ColumnKind>,
    /// `Float64Array`, `Int8Array` or `{codes, categories}`; null when `bad` is set.
    pub data: Unknown<'env>,
    /// Index of the first value of another kind than the first.
    pub bad: Option<u32>,
}

/// Encodes an array column (see the module docs).
pub fn column<'env>(env: &'env Env, values: Unknown<'_>) -> napi::Result<Encoded<'env>> {
    let column: Function<Unknown, Object> = helpers(env)?.get_named_property("column")?;
    let result = column.call(values)?;
    Ok(Encoded {
        kind: tenure_interop::ColumnKind::from_code(result.get_element::<f64>(0)?),
        data: result.get_element::<Unknown>(1)?,
        bad: u32::try_from(result.get_element::<i32>(2)?).ok(),
    })
}

/// `names[codes[i]]` for every `i` (`null` for a negative code), as a JS array.
pub fn expand<'env>(
    env: &'env Env,
    codes: Vec<i32>,
    names: Vec<String>,
) -> napi::Result<Unknown<'env>> {
    let expand: Function<FnArgs<(Int32Array, Vec<String>)>, Unknown> =
        helpers(env)?.get_named_property("expand")?;
    expand.call((Int32Array::new(codes), names).into())
}

/// A value encoded by the `flatten` helper (see the script); the typed arrays are borrowed.
pub struct Flat<'env> {
    /// One kind per value.
    pub kinds: Uint8ArraySlice<'env>,
    /// Numbers, lengths and counts.
    pub numbers: Float64ArraySlice<'env>,
    /// Indices into `strings`.
    pub refs: Int32ArraySlice<'env>,
    /// Every string of the value, once.
    pub strings: Vec<String>,
}

/// Encodes any JS value (see the script).
pub fn flatten<'env>(env: &'env Env, value: Unknown<'_>) -> napi::Result<Flat<'env>> {
    let flatten: Function<Unknown, Object> = helpers(env)?.get_named_property("flatten")?;
    let result = flatten.call(value)?;
    let strings: Object = result.get_element(3)?;
    let count = strings.get_array_length()?;
    let mut all = Vec::with_capacity(count as usize);
    for i in 0..count {
        all.push(strings.get_element::<String>(i)?);
    }
    Ok(Flat {
        kinds: result.get_element(0)?,
        numbers: result.get_element(1)?,
        refs: result.get_element(2)?,
        strings: all,
    })
}

/// `JSON.parse(text)`.
pub fn parse(env: &Env, text: String) -> napi::Result<Unknown<'_>> {
    let parse: Function<String, Unknown> = helpers(env)?.get_named_property("parse")?;
    parse.call(text)
}
