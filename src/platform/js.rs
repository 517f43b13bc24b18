//! Small helpers over the JS engine that several modules share: reporting on the
//! console, and the text of a thrown value.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// `console.error(message, error)`: for mini-program callbacks that throw.
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    pub fn console_error(message: &str, error: &JsValue);
    /// `console.warn(message)`: for options a browser cannot honour.
    #[wasm_bindgen(js_namespace = console, js_name = warn)]
    pub fn console_warn(message: &str);
}

/// The message of a thrown JS value (an `Error`, a `DOMException` or a string), or
/// `fallback` when it has none.
pub fn error_message(error: &JsValue, fallback: &str) -> String {
    if let Some(error) = error.dyn_ref::<js_sys::Error>() {
        return error.message().into();
    }
    error.as_string().unwrap_or_else(|| fallback.to_owned())
}
