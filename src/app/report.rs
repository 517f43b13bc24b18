//! Errors in mini-program code: shown on the console with the file and line they come
//! from, and passed to `App.onError` as WeChat does (`thirdScriptError\n<message>;at
//! <where>\n<stack>`). The simulator stays alive whatever the code throws.

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::platform::js::console_error;

/// A thrown value's message, its `file:line:column` within the folder at `root`
/// (taken from the first stack frame in the folder), and its stack.
pub struct Described {
    pub message: String,
    pub place: Option<String>,
    pub stack: String,
}

pub fn describe(error: &JsValue, root: &str) -> Described {
    let message = match error.dyn_ref::<js_sys::Error>() {
        Some(e) => format!("{}: {}", String::from(e.name()), String::from(e.message())),
        None => error.as_string().unwrap_or_else(|| format!("{error:?}")),
    };
    let stack =
        Reflect::get(error, &"stack".into()).ok().and_then(|s| s.as_string()).unwrap_or_default();
    let place = stack.lines().find_map(|line| place_in(line, root)).map(super::modules::in_file);
    Described { message, place, stack }
}

/// `pages/index/index.js:12:5` from a stack line naming `<root>pages/index/index.js:12:5`.
fn place_in(line: &str, root: &str) -> Option<String> {
    let start = line.find(root)? + root.len();
    let rest = &line[start..];
    let end = rest.find(|c: char| c == ')' || c.is_whitespace()).unwrap_or(rest.len());
    Some(rest[..end].to_owned())
}

/// Reports `error`, thrown while running `context` ("pages/index/index onLoad"), on the
/// console and to `on_error` (the app's `onError`, if any); returns it described.
pub fn report(
    error: &JsValue,
    context: &str,
    root: &str,
    on_error: Option<(JsValue, Function)>,
) -> Described {
    let described = describe(error, root);
    let place = described.place.as_deref().unwrap_or(context);
    console_error(&format!("{place}: {} (in {context})", described.message), error);
    tell_app(&described, Some(context), on_error);
    described
}

/// Passes an error to the app's `onError` in WeChat's form: `thirdScriptError\n<message>
/// ;at <context>\n<stack>` (without `;at …` when the error came from no call of ours).
pub fn tell_app(
    described: &Described,
    context: Option<&str>,
    on_error: Option<(JsValue, Function)>,
) {
    let Some((app, on_error)) = on_error else { return };
    let at = context.map(|c| format!(";at {c}")).unwrap_or_default();
    let text = format!("thirdScriptError\n{}{at}\n{}", described.message, described.stack);
    if let Err(again) = on_error.call1(&app, &JsValue::from_str(&text)) {
        console_error("App.onError threw:", &again);
    }
}

/// `this[name]` when it is a function: a lifecycle function or an event handler.
pub fn method(this: &JsValue, name: &str) -> Option<Function> {
    Reflect::get(this, &JsValue::from_str(name)).ok()?.dyn_into::<Function>().ok()
}

/// `value` bound to `this` when it is a function (a page's or the app's method, which
/// keeps its `this` when passed on), otherwise `value` itself.
pub fn bound(value: &JsValue, this: &JsValue) -> JsValue {
    match value.dyn_ref::<Function>() {
        Some(method) => method.bind0(this).into(),
        None => value.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::place_in;

    #[test]
    fn finds_the_place_in_a_stack_line() {
        let root = "http://127.0.0.1:8420/app/";
        let line = "    at Object.onLoad (http://127.0.0.1:8420/app/pages/index/index.js:12:5)";
        assert_eq!(place_in(line, root).as_deref(), Some("pages/index/index.js:12:5"));
        assert_eq!(
            place_in("    at http://127.0.0.1:8420/app/app.js:3:1", root).as_deref(),
            Some("app.js:3:1")
        );
        assert_eq!(place_in("    at foo (http://x/y.js:1:1)", root), None);
    }
}
