//! Small helpers over the JS engine that several modules share: reporting on the
//! console and errors thrown by mini-program callbacks, and the text of a thrown value.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// `console.error(message, error)`: for mini-program callbacks that throw.
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    pub fn console_error(message: &str, error: &JsValue);
    /// `console.error(message)`: problems with the mini program's files.
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    pub fn console_error_text(message: &str);
    /// `console.warn(message)`: for options a browser cannot honour.
    #[wasm_bindgen(js_namespace = console, js_name = warn)]
    pub fn console_warn(message: &str);
    /// `console.debug(message)`: app.json's `debug: true` lifecycle trace.
    #[wasm_bindgen(js_namespace = console, js_name = debug)]
    pub fn console_debug(message: &str);
}

/// Where errors thrown by mini-program callbacks go: set by the running app (which
/// shows the file and line and calls `App.onError`), else the console.
type ErrorHook = Rc<dyn Fn(&JsValue, &str)>;

thread_local! {
    static ERROR_HOOK: RefCell<Option<ErrorHook>> = const { RefCell::new(None) };
}

/// Routes [`report_error`] to `hook` from now on.
pub fn set_error_hook(hook: ErrorHook) {
    ERROR_HOOK.with(|slot| *slot.borrow_mut() = Some(hook));
}

/// Reports an error that mini-program code threw while running `context`.
pub fn report_error(error: &JsValue, context: &str) {
    match ERROR_HOOK.with(|slot| slot.borrow().clone()) {
        Some(hook) => hook(error, context),
        None => console_error(&format!("{context} threw:"), error),
    }
}

/// The message of a thrown JS value (an `Error`, a `DOMException` or a string), or
/// `fallback` when it has none.
pub fn error_message(error: &JsValue, fallback: &str) -> String {
    if let Some(error) = error.dyn_ref::<js_sys::Error>() {
        return error.message().into();
    }
    error.as_string().unwrap_or_else(|| fallback.to_owned())
}
