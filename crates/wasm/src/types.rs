//! TypeScript declarations of the plain objects going in and out, added to the generated
//! `.d.ts` (the classes and functions are declared by wasm-bindgen from the Rust signatures).
//! They are the Node.js binding's hand-written `types.d.ts`: one file for both JavaScript APIs.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("../../node/types.d.ts");
