//! What mini-program files register as they run: `Page({...})` options by route, and
//! the framework functions every file receives (`App`, `Page`, `getApp`,
//! `getCurrentPages`), made as JS functions over the parts that answer them.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Object};
use rustc_hash::FxHashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::instance::AppInstance;
use super::modules::Globals;
use super::stack::Stack;

/// `Page({...})` options by route.
#[derive(Default)]
pub struct Definitions {
    /// The page whose file is running, which a `Page()` call registers.
    loading: RefCell<Option<String>>,
    options: RefCell<FxHashMap<String, Object>>,
}

impl Definitions {
    /// Runs `run` (the page's file) with `route` as the page a `Page()` call registers.
    pub fn loading(&self, route: &str, run: impl FnOnce()) {
        *self.loading.borrow_mut() = Some(route.to_owned());
        run();
        *self.loading.borrow_mut() = None;
    }

    /// `Page(options)`: registers the page whose file is running.
    pub fn register(&self, options: JsValue) {
        let loading = self.loading.borrow().clone();
        match (loading, options.dyn_into::<Object>()) {
            (Some(route), Ok(options)) => {
                self.options.borrow_mut().insert(route, options);
            }
            (None, _) => crate::platform::js::console_warn(
                "Page() must be called in a page's own file (one listed in app.json)",
            ),
            (Some(route), Err(_)) => {
                crate::platform::js::console_warn(&format!("Page() in {route}.js needs an object"))
            }
        }
    }

    /// The options `route`'s file registered.
    pub fn get(&self, route: &str) -> Option<Object> {
        self.options.borrow().get(route).cloned()
    }
}

/// `App`, `Page`, `getApp` and `getCurrentPages` for the modules, with `wx`.
pub fn globals(
    wx: &JsValue,
    app: &Rc<AppInstance>,
    definitions: &Rc<Definitions>,
    stack: &Rc<Stack>,
) -> Globals {
    let weak = Rc::downgrade(app);
    let register_app = function(move |options: JsValue| {
        if let Some(app) = weak.upgrade() {
            app.register(options);
        }
    });
    let weak = Rc::downgrade(definitions);
    let register_page = function(move |options: JsValue| {
        if let Some(definitions) = weak.upgrade() {
            definitions.register(options);
        }
    });
    let weak = Rc::downgrade(app);
    let get_app = Closure::<dyn Fn() -> JsValue>::new(move || {
        weak.upgrade().map(|app| app.get()).unwrap_or_default()
    });
    let weak = Rc::downgrade(stack);
    let get_current_pages = Closure::<dyn Fn() -> JsValue>::new(move || {
        weak.upgrade().map(|stack| stack.instances().into()).unwrap_or_default()
    });
    Globals {
        wx: wx.clone(),
        app: register_app,
        page: register_page,
        get_app: get_app.into_js_value().unchecked_into(),
        get_current_pages: get_current_pages.into_js_value().unchecked_into(),
    }
}

/// A JS function of one argument that owns its closure.
fn function(body: impl Fn(JsValue) + 'static) -> Function {
    Closure::<dyn Fn(JsValue)>::new(body).into_js_value().unchecked_into()
}
