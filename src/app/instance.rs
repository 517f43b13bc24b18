//! The App instance: the object `App({...})` registered (`getApp()`), its lifecycle
//! calls (`onLaunch`, `onShow`, `onHide`) and its `onError`, which hears of the errors
//! thrown by mini-program code. Handed to pages so they can report what their code throws.

use std::cell::RefCell;

use js_sys::Function;
use wasm_bindgen::JsValue;

use super::report;

pub struct AppInstance {
    /// The folder's URL, to find an error's place in its stack.
    root: String,
    /// The `App({...})` object; `undefined` until app.js registers it.
    this: RefCell<JsValue>,
}

impl AppInstance {
    pub fn new(root: String) -> AppInstance {
        AppInstance { root, this: RefCell::new(JsValue::UNDEFINED) }
    }

    /// The folder's URL, ending with `/`.
    pub fn root(&self) -> &str {
        &self.root
    }

    /// `App(options)`: the first call's object is the instance; later ones are warned of.
    pub fn register(&self, options: JsValue) {
        if !self.this.borrow().is_undefined() {
            crate::platform::js::console_warn(
                "App() is called more than once; the first App stays",
            );
        } else if options.is_object() {
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
        report::report(error, context, &self.root, self.on_error());
    }

    /// An error thrown outside any call of ours (a timer, a wx callback): the browser
    /// has logged it; `App.onError` hears of it when it comes from the app's code.
    pub fn uncaught(&self, error: &JsValue) {
        let described = report::describe(error, &self.root);
        if described.place.is_some() {
            report::tell_app(&described, None, self.on_error());
        }
    }

    /// The instance and its `onError`, if it has one.
    fn on_error(&self) -> Option<(JsValue, Function)> {
        let app = self.get();
        let on_error = report::method(&app, "onError")?;
        Some((app, on_error))
    }
}
