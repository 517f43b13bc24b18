//! `wxweb:error`: each compile error (a JS syntax error, a WXML parse error, a WXSS
//! problem, app.json or a page's .json not valid JSON) and each uncaught error of the
//! mini program's code, as a `CustomEvent` on `window` whose `detail` is
//! `{type, file, line, column, message, frame, stack}` (file relative to the app root,
//! 1-based line and column, the code frame from the file's fetched text). The simulator
//! shows compile errors over the screen and sends every one to `wxweb serve`'s terminal.

use wasm_bindgen::JsValue;
use wxweb_core::code_frame::code_frame;

/// The `wxweb:error` event's name.
pub const EVENT: &str = "wxweb:error";

/// One error, as the event's `detail` tells it.
#[derive(Clone, Debug, Default)]
pub struct ErrorDetail {
    /// `true`: a compile error; `false`: a runtime error.
    pub compile: bool,
    pub file: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
    pub frame: Option<String>,
    pub stack: Option<String>,
}

impl ErrorDetail {
    /// A compile error in `file`, at `line`:`column` when known, framed in `source`.
    pub fn compile(
        file: &str,
        place: Option<(u32, u32)>,
        message: impl Into<String>,
        source: Option<&str>,
    ) -> ErrorDetail {
        let frame =
            place.zip(source).and_then(|((line, column), text)| code_frame(text, line, column));
        ErrorDetail {
            compile: true,
            file: Some(file.to_owned()),
            line: place.map(|p| p.0),
            column: place.map(|p| p.1),
            message: message.into(),
            frame,
            stack: None,
        }
    }

    /// A runtime error at `place` (`file:line:column` within the folder), framed in the
    /// file's text, which `text` gives.
    pub fn runtime(
        place: Option<&str>,
        message: &str,
        stack: &str,
        text: impl Fn(&str) -> Option<std::rc::Rc<str>>,
    ) -> ErrorDetail {
        let parsed = place.and_then(split_place);
        let frame = parsed
            .as_ref()
            .and_then(|(file, line, column)| code_frame(&text(file)?, *line, *column));
        ErrorDetail {
            compile: false,
            file: parsed.as_ref().map(|p| p.0.clone()),
            line: parsed.as_ref().map(|p| p.1),
            column: parsed.as_ref().map(|p| p.2),
            message: message.to_owned(),
            frame,
            stack: Some(own_stack(stack)).filter(|s| !s.is_empty()),
        }
    }

    /// The event's `detail` object.
    pub fn to_js(&self) -> JsValue {
        let text = |value: &Option<String>| value.as_deref().map_or(JsValue::NULL, Into::into);
        let number = |value: Option<u32>| value.map_or(JsValue::NULL, |n| f64::from(n).into());
        crate::bridge::object(&[
            ("type", if self.compile { "compile" } else { "runtime" }.into()),
            ("file", text(&self.file)),
            ("line", number(self.line)),
            ("column", number(self.column)),
            ("message", self.message.as_str().into()),
            ("frame", text(&self.frame)),
            ("stack", text(&self.stack)),
        ])
    }

    /// Dispatches the `wxweb:error` event.
    pub fn dispatch(&self) {
        crate::platform::hooks::dispatch(EVENT, &self.to_js());
    }

    /// `file:line:column: message`, or as much of it as is known: the console's text.
    pub fn text(&self) -> String {
        let mut place = self.file.clone().unwrap_or_default();
        for n in [self.line, self.column].into_iter().flatten() {
            place.push_str(&format!(":{n}"));
        }
        if place.is_empty() {
            self.message.clone()
        } else {
            format!("{place}: {}", self.message)
        }
    }
}

/// A stack trace without the runtime's own frames (wxweb's glue and wasm functions), which
/// say nothing to the mini program's developer.
fn own_stack(stack: &str) -> String {
    let kept: Vec<&str> = stack
        .lines()
        .filter(|line| {
            !(line.contains("/pkg/wxweb")
                || line.contains("wasm-function[")
                || line.contains(".wasm:"))
        })
        .collect();
    kept.join("\n")
}

/// `("pages/a/a.js", 12, 5)` from `pages/a/a.js:12:5`.
pub fn split_place(place: &str) -> Option<(String, u32, u32)> {
    let mut parts = place.rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    Some((parts.next()?.to_owned(), line, column))
}

#[cfg(test)]
mod tests {
    use super::{own_stack, split_place};

    #[test]
    fn the_stack_without_the_runtime() {
        let stack = "Error: boom\n    at Object.fail (http://h/app/pages/a/a.js:12:11)\n    at http://h/pkg/wxweb.js:237:30\n    at wxweb.wasm.f (http://h/pkg/wxweb_bg.wasm:wasm-function[13]:0x2)\n    at Object.onLoad (http://h/app/app.js:3:1)";
        assert_eq!(
            own_stack(stack),
            "Error: boom\n    at Object.fail (http://h/app/pages/a/a.js:12:11)\n    at Object.onLoad (http://h/app/app.js:3:1)"
        );
    }

    #[test]
    fn splits_a_place() {
        assert_eq!(split_place("pages/a/a.js:12:5"), Some(("pages/a/a.js".into(), 12, 5)));
        assert_eq!(split_place("a.js:x:5"), None);
        assert_eq!(split_place("a.js"), None);
    }
}
