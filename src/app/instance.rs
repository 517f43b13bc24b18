//! The App instance: the object `App({...})` registered (`getApp()`), with its methods
//! bound to it as in WeChat, its lifecycle calls (`onLaunch`, `onShow`, `onHide`) and
//! its `onError`, which hears of the errors thrown by mini-program code (and
//! `onUnhandledRejection`, if it has one, of promises rejected with no handler). Handed
//! to pages so they can report what their code throws.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Reflect};
use wasm_bindgen::JsValue;

use super::errors::ErrorDetail;
use super::report::{self, Described};
use super::sources::Sources;

pub struct AppInstance {
    /// The folder's files: its URL finds an error's place in its stack, its texts the
    /// code frame of a `wxweb:error`.
    sources: Rc<Sources>,
    /// The `App({...})` object; `undefined` until app.js registers it.
    this: RefCell<JsValue>,
}

impl AppInstance {
    pub fn new(sources: Rc<Sources>) -> AppInstance {
        AppInstance { sources, this: RefCell::new(JsValue::UNDEFINED) }
    }

    /// The folder's URL, ending with `/`.
    pub fn root(&self) -> &str {
        self.sources.root()
    }

    /// Tells the simulator of a runtime error (`wxweb:error`).
    fn dispatch(&self, described: &Described) {
        let place = described.place.as_deref();
        let text = |file: &str| self.sources.text(file);
        ErrorDetail::runtime(place, &described.message, &described.stack, text).dispatch();
    }

    /// `App(options)`: the first call's object is the instance, its methods bound to
    /// it (`var log = getApp().log; log(…)` works); later calls are warned of.
    pub fn register(&self, options: JsValue) {
        if !self.this.borrow().is_undefined() {
            crate::platform::js::console_warn(
                "App() is called more than once; the first App stays",
            );
        } else if options.is_object() {
            // An object whose keys cannot be read keeps its methods unbound.
            for key in crate::bridge::read::keys(&options).unwrap_or_default().iter() {
                let value = Reflect::get(&options, &key).unwrap_or_default();
                if value.is_function() {
                    let _ = Reflect::set(&options, &key, &report::bound(&value, &options));
                }
            }
            *self.this.borrow_mut() = options;
        }
    }

    /// `getApp()`: the instance, `undefined` before `App()`.
    pub fn get(&self) -> JsValue {
        self.this.borrow().clone()
    }

    /// Calls the instance's lifecycle function `name` with `arg`, reporting what it throws.
    pub fn call(&self, name: &str, arg: &JsValue) {
        let app = self.get();
        let Some(method) = report::method(&app, name) else { return };
        if let Err(error) = method.call1(&app, arg) {
            self.report(&error, &format!("App {name}"));
        }
    }

    /// Reports an error thrown by mini-program code while running `context`: on the
    /// console and to `App.onError`.
    pub fn report(&self, error: &JsValue, context: &str) {
        let described = report::report(error, context, self.root(), self.on_error());
        self.dispatch(&described);
    }

    /// An error thrown outside any call of ours (a timer, an event listener of the
    /// app's own) or a promise rejected with no handler (`promise`). When it comes from
    /// the app's code, it is logged with its `file:line:column` in the folder and the
    /// app hears of it: `onUnhandledRejection({reason, promise})` if the app has one for
    /// a rejection, else `onError`. Returns whether it was reported here, so the
    /// browser's own report can be left out.
    pub fn uncaught(&self, error: &JsValue, promise: Option<&JsValue>) -> bool {
        let described = report::describe(error, self.root());
        // A rejection with a bare value has no stack; only the app's code runs here.
        if described.place.is_none() && promise.is_none() {
            return false;
        }
        let what = if promise.is_some() { "unhandled promise rejection" } else { "uncaught" };
        let at = described.place.as_deref().map(|place| format!("{place}: ")).unwrap_or_default();
        crate::platform::js::console_error(&format!("{at}{} ({what})", described.message), error);
        self.dispatch(&described);
        let app = self.get();
        match (promise, report::method(&app, "onUnhandledRejection")) {
            (Some(promise), Some(handler)) => {
                let event = crate::bridge::object(&[
                    ("reason", error.clone()),
                    ("promise", promise.clone()),
                ]);
                if let Err(again) = handler.call1(&app, &event) {
                    self.report(&again, "App onUnhandledRejection");
                }
            }
            _ => report::tell_app(&described, None, self.on_error()),
        }
        true
    }

    /// The instance and its `onError`, if it has one.
    fn on_error(&self) -> Option<(JsValue, Function)> {
        let app = self.get();
        let on_error = report::method(&app, "onError")?;
        Some((app, on_error))
    }
}
