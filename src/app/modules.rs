//! The CommonJS module system of mini-program code: each `.js` file runs once, as the
//! body of a function that receives `wx`, `App`, `Page`, `getApp`, `getCurrentPages`,
//! `require`, `module` and `exports`, and sees `window` and `document` as `undefined`,
//! as in WeChat. A cycle of `require`s gets the partly filled `exports`, as in Node.
//!
//! A file runs through an inline `<script>` whose `//# sourceURL` is the file's URL and
//! whose first line is the file's first line, so stack traces and syntax errors carry
//! the file's own line numbers.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Object, Reflect};
use rustc_hash::FxHashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::ErrorEvent;
use wxweb_core::app::requires;

use super::sources::Sources;

/// The names every module's function receives, in order (see [`Globals`]).
const PARAMS: &str = "wx,App,Page,getApp,getCurrentPages,require,module,exports,window,document";

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
    /// caught from the window's `error` event, which carries its line and column.
    fn compile(&self, path: &str, source: &str) -> Result<Function, ModuleError> {
        let syntax = |message: String, line: u32, column: u32| ModuleError::Syntax {
            path: path.to_owned(),
            message,
            line,
            column,
        };
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or_else(|| syntax("no document".into(), 0, 0))?;
        let script = document.create_element("script").map_err(ModuleError::Thrown)?;
        script.set_text_content(Some(&format!(
            "document.currentScript.wxModule=function({PARAMS}){{{source}\n}}\n//# sourceURL={}",
            self.sources.url(path)
        )));
        let caught: Rc<RefCell<Option<(String, u32, u32)>>> = Rc::default();
        let listener = {
            let caught = caught.clone();
            let window = web_sys::window().ok_or_else(|| syntax("no window".into(), 0, 0))?;
            gloo_events::EventListener::new(&window, "error", move |event| {
                if let Some(error) = event.dyn_ref::<ErrorEvent>() {
                    *caught.borrow_mut() = Some((error.message(), error.lineno(), error.colno()));
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
        if let Some((message, line, column)) = caught.borrow_mut().take() {
            return Err(syntax(message, line, column));
        }
        Reflect::get(&script, &"wxModule".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .ok_or_else(|| syntax("the file did not compile".into(), 0, 0))
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
