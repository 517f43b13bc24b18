//! The CommonJS module system of mini-program code: each `.js` file runs once, as the
//! body of a function that receives `wx`, `App`, `Page`, `getApp`, `getCurrentPages`,
//! `require`, `module` and `exports`, and sees `window` and `document` as `undefined`,
//! as in WeChat. A cycle of `require`s gets the partly filled `exports`, as in Node.
//!
//! A file runs through an inline `<script>` whose `//# sourceURL` is the file's URL and
//! whose first line is the file's first line, so stack traces and syntax errors carry
//! the file's own line numbers; on line 1 the function's head comes first, and
//! [`in_file`] takes its length off the columns there. A syntax error is a compile
//! error (`wxweb:error`) with the engine's own message.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Object, Reflect};
use rustc_hash::FxHashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::ErrorEvent;
use wxweb_core::app::requires;
use wxweb_core::code_frame::end_of_content;

use super::errors::ErrorDetail;
use super::sources::Sources;

/// What comes before a file's first line in its script: a function receiving, in order,
/// the names of [`Globals`] and the module's own.
const HEAD: &str = "document.currentScript.wxModule=function(wx,App,Page,getApp,getCurrentPages,require,module,exports,window,document){";

/// The place in the file of `line`:`column` of its script: on line 1, [`HEAD`] comes
/// before the file's first character.
pub fn file_column(line: u32, column: u32) -> u32 {
    if line == 1 {
        column.saturating_sub(HEAD.len() as u32).max(1)
    } else {
        column
    }
}

/// A stack trace's `file:line:column` in the folder as a place in the file: columns on
/// line 1 of a module are corrected by [`file_column`].
pub fn in_file(place: String) -> String {
    match super::errors::split_place(&place) {
        Some((file, 1, column)) if file.ends_with(".js") => {
            format!("{file}:1:{}", file_column(1, column))
        }
        _ => place,
    }
}

/// The framework's functions that modules receive.
pub struct Globals {
    pub wx: JsValue,
    pub app: Function,
    pub page: Function,
    pub get_app: Function,
    pub get_current_pages: Function,
}

/// Why a module could not run: the thrown value, or a syntax error's text and place.
pub enum ModuleError {
    Thrown(JsValue),
    Syntax { path: String, message: String, line: u32, column: u32 },
    Missing { path: String, from: Option<String> },
}

pub struct Modules {
    sources: Rc<Sources>,
    globals: Globals,
    /// `module` objects by path, present from the moment a file starts running.
    cache: RefCell<FxHashMap<String, Object>>,
    /// `require(from, spec)`: each module's `require` is this bound to its own path.
    require: Function,
}

impl Modules {
    /// `require` reports through `on_error` when a required file throws.
    pub fn new(sources: Rc<Sources>, globals: Globals) -> Rc<Modules> {
        Rc::new_cyclic(|weak: &std::rc::Weak<Modules>| {
            let weak = weak.clone();
            let require = Closure::<dyn Fn(String, JsValue) -> Result<JsValue, JsValue>>::new(
                move |from: String, spec: JsValue| {
                    let Some(modules) = weak.upgrade() else { return Ok(JsValue::UNDEFINED) };
                    let spec = spec.as_string().unwrap_or_default();
                    let Some(path) = requires::resolve(&from, &spec) else {
                        return Err(js_sys::Error::new(&format!(
                            "module \"{spec}\" is not defined"
                        ))
                        .into());
                    };
                    modules.run(&path).map_err(|error| error.into_js())
                },
            );
            Modules {
                sources,
                globals,
                cache: RefCell::default(),
                require: require.into_js_value().unchecked_into(),
            }
        })
    }

    /// Runs the file at `path` once and returns its `module.exports`.
    pub fn run(&self, path: &str) -> Result<JsValue, ModuleError> {
        if let Some(module) = self.cache.borrow().get(path) {
            return Ok(Reflect::get(module, &"exports".into()).unwrap_or_default());
        }
        let Some(source) = self.sources.text(path) else {
            return Err(ModuleError::Missing { path: path.to_owned(), from: None });
        };
        let function = self.compile(path, &source)?;
        let module = Object::new();
        let exports = Object::new();
        let _ = Reflect::set(&module, &"exports".into(), &exports);
        self.cache.borrow_mut().insert(path.to_owned(), module.clone());
        let require = self.require.bind1(&JsValue::NULL, &JsValue::from_str(path));
        let g = &self.globals;
        let args = js_sys::Array::of5(&g.wx, &g.app, &g.page, &g.get_app, &g.get_current_pages);
        for arg in [
            &require.into(),
            &module.clone().into(),
            &exports.into(),
            &JsValue::UNDEFINED,
            &JsValue::UNDEFINED,
        ] {
            args.push(arg);
        }
        function.apply(&JsValue::UNDEFINED, &args).map_err(ModuleError::Thrown)?;
        Ok(Reflect::get(&module, &"exports".into()).unwrap_or_default())
    }

    /// The file's code as a function, through an inline script; a syntax error is
    /// caught from the window's `error` event, which carries its line and column, and is
    /// a compile error (`wxweb:error`).
    fn compile(&self, path: &str, source: &str) -> Result<Function, ModuleError> {
        let syntax = |message: String, line: u32, column: u32| ModuleError::Syntax {
            path: path.to_owned(),
            message,
            line,
            column,
        };
        let url = self.sources.url(path);
        let (script, caught) = inject(&format!("{HEAD}{source}\n}}\n//# sourceURL={url}"))
            .ok_or_else(|| syntax("no document".into(), 0, 0))?;
        if let Some((message, line, column)) = caught {
            let lines = source.split('\n').count() as u32;
            let (message, line, column) = if line >= 1 && line <= lines {
                (message, line, file_column(line, column))
            } else {
                // Past the file's last line: a `}` too many closed the module's function
                // early, or one is missing. The file parsed alone as a script (which
                // never runs: it throws first) tells where, when the error is inside it.
                match inject(&format!("{PROBE}{source}\n//# sourceURL={url}")) {
                    Some((_, Some((alone, line, column)))) if line >= 1 && line <= lines => {
                        let column = if line == 1 {
                            column.saturating_sub(PROBE.len() as u32).max(1)
                        } else {
                            column
                        };
                        (alone, line, column)
                    }
                    _ => {
                        let (line, column) = end_of_content(source);
                        (message, line, column)
                    }
                }
            };
            let message = engine_message(&message);
            ErrorDetail::compile(path, Some((line, column)), message.as_str(), Some(source))
                .dispatch();
            return Err(syntax(message, line, column));
        }
        Reflect::get(&script, &"wxModule".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .ok_or_else(|| syntax("the file did not compile".into(), 0, 0))
    }
}

/// A syntax error's message, line and column, from the window's `error` event.
type Caught = (String, u32, u32);

/// What the probe script starts with: it throws before running the file after it.
const PROBE: &str = "throw 0;";

/// Runs `text` as an inline script in the document's head; returns the script and the
/// syntax error it raised (`message`, line, column), if any. A script that parses and
/// throws (the probe's `throw 0`) raises none.
fn inject(text: &str) -> Option<(web_sys::Element, Option<Caught>)> {
    let window = web_sys::window()?;
    let document = window.document()?;
    let script = document.create_element("script").ok()?;
    script.set_text_content(Some(text));
    let caught: Rc<RefCell<Option<Caught>>> = Rc::default();
    let listener = {
        let caught = caught.clone();
        let options = gloo_events::EventListenerOptions::enable_prevent_default();
        gloo_events::EventListener::new_with_options(&window, "error", options, move |event| {
            if let Some(error) = event.dyn_ref::<ErrorEvent>() {
                if error.error().is_instance_of::<js_sys::SyntaxError>() {
                    *caught.borrow_mut() = Some((error.message(), error.lineno(), error.colno()));
                }
                event.prevent_default(); // reported by us, with the file's name
            }
        })
    };
    let head = document
        .head()
        .map(web_sys::Node::from)
        .or_else(|| document.document_element().map(Into::into));
    if let Some(head) = &head {
        let _ = head.append_child(&script);
        let _ = head.remove_child(&script);
    }
    drop(listener);
    let caught = caught.borrow_mut().take();
    Some((script, caught))
}

/// The engine's own message of a syntax error event, without what tells how the script
/// was added: `SyntaxError: Unexpected token '}'` from `Uncaught SyntaxError: Failed to
/// execute 'appendChild' on 'Node': Unexpected token '}'`.
pub fn engine_message(message: &str) -> String {
    let message = message.strip_prefix("Uncaught ").unwrap_or(message);
    let (name, rest) = message.split_once(": ").unwrap_or(("", message));
    let rest = match rest.strip_prefix("Failed to execute '") {
        Some(after) => after.split_once("': ").map_or(rest, |(_, own)| own),
        None => rest,
    };
    if name.is_empty() {
        rest.to_owned()
    } else {
        format!("{name}: {rest}")
    }
}

impl ModuleError {
    /// A JS value to throw from `require`.
    pub fn into_js(self) -> JsValue {
        match self {
            ModuleError::Thrown(error) => error,
            ModuleError::Syntax { path, message, line, column } => {
                js_sys::SyntaxError::new(&format!("{path}:{line}:{column}: {message}")).into()
            }
            ModuleError::Missing { path, from } => {
                let from = from.map(|f| format!(" (required by {f})")).unwrap_or_default();
                js_sys::Error::new(&format!("module \"{path}\" is not defined{from}")).into()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::engine_message;

    #[test]
    fn the_engine_message_without_how_the_script_was_added() {
        assert_eq!(
            engine_message("Uncaught SyntaxError: Failed to execute 'appendChild' on 'Node': Unexpected token '}'"),
            "SyntaxError: Unexpected token '}'"
        );
        assert_eq!(
            engine_message("Uncaught SyntaxError: Unexpected end of input"),
            "SyntaxError: Unexpected end of input"
        );
        assert_eq!(
            engine_message("SyntaxError: missing ) after argument list"),
            "SyntaxError: missing ) after argument list"
        );
    }
}
