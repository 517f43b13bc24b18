//! The TypeScript types of the npm package: `typescript.d.ts` (beside this file) goes into
//! `pkg/wxweb.d.ts` as wasm-bindgen's custom section. It declares `createWx`, `install`
//! and `launch` (whose generated declarations are skipped) and the `wx` they return, with
//! exactly the functions installed; `tests/e2e/types` checks it against the runtime and
//! against miniprogram-api-typings.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("typescript.d.ts");
