//! The wx listener contract, written once beside the call contract: the functions a
//! mini program registers with `wx.on…` (onSocketMessage, onAccelerometerChange,
//! onBackgroundAudioPlay, …) or a task's `on…` (SocketTask.onMessage,
//! DownloadTask.onProgressUpdate, …), and how an event reaches them.
//!
//! - **Order**: listeners run in the order they were added.
//! - **Re-entrancy**, as the DOM's `EventTarget` does it: an emit calls the listeners
//!   registered when it starts; one added during the emit waits for the next event, one
//!   removed (or replaced) during the emit is not called if its turn has not come. No
//!   borrow is held while a listener runs, so a listener may add, remove or emit again
//!   (a nested emit runs to its end before the outer one goes on).
//! - **Errors**: a listener that throws is reported on the console and to `App.onError`
//!   through [`report_error`], as a throwing success/fail/complete callback is; the
//!   listeners after it still run. Listeners are called with
//!   `Function::call*`, which catch, so nothing thrown crosses a Rust frame.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wxweb_core::errmsg::ParamError;

use super::params::mismatch;
use crate::platform::js::report_error;

/// The listeners of one event (`wx.onSocketMessage`'s, one SocketTask's `onMessage`'s,
/// …). Clones share the list, so the function that registers and the code that emits
/// can each hold one.
#[derive(Clone)]
pub struct Listeners(Rc<Shared>);

struct Shared {
    /// Who registers them (`wx.onSocketMessage`, `DownloadTask.onProgressUpdate`): the
    /// context of a thrown error's report.
    name: &'static str,
    entries: RefCell<Vec<Rc<Entry>>>,
}

/// One registration. `live` turns false when it is removed, so an emit that already
/// holds it skips it.
struct Entry {
    function: Function,
    live: Cell<bool>,
}

impl Listeners {
    /// No listeners yet, for the events registered by `name` (`"wx.onCompassChange"`).
    pub fn new(name: &'static str) -> Self {
        Listeners(Rc::new(Shared { name, entries: RefCell::default() }))
    }

    /// Adds `function` after the others (`wx.onAccelerometerChange`, a task's `on…`).
    /// Adding a function twice makes it run twice.
    pub fn add(&self, function: Function) {
        self.0.entries.borrow_mut().push(Rc::new(Entry { function, live: Cell::new(true) }));
    }

    /// Makes `function` the only listener (the seed's `wx.onSocket…` and
    /// `wx.onBackgroundAudio…` keep one handler each: the newest).
    pub fn set(&self, function: Function) {
        self.clear();
        self.add(function);
    }

    /// Removes every registration of `function` (`off…(listener)`).
    pub fn remove(&self, function: &JsValue) {
        self.0.entries.borrow_mut().retain(|entry| {
            let keep = !JsValue::eq(&entry.function, function);
            entry.live.set(keep);
            keep
        });
    }

    /// Removes them all (`off…()` without a listener).
    pub fn clear(&self) {
        for entry in self.0.entries.take() {
            entry.live.set(false);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.entries.borrow().is_empty()
    }

    /// Calls every listener with `argument`, in order (see the module's rules).
    pub fn emit(&self, argument: &JsValue) {
        self.each(|function| function.call1(&JsValue::UNDEFINED, argument));
    }

    fn each(&self, call: impl Fn(&Function) -> Result<JsValue, JsValue>) {
        let snapshot = {
            let entries = self.0.entries.borrow();
            if entries.is_empty() {
                return; // the common case: nobody listens, nothing to copy
            }
            entries.clone()
        };
        for entry in snapshot {
            if !entry.live.get() {
                continue;
            }
            if let Err(error) = call(&entry.function) {
                report_error(&error, &format!("{} callback", self.0.name));
            }
        }
    }
}

/// The listener given to an `on…` or `off…` function: a parameter error unless it is a
/// function (`onAccelerometerChange:fail parameter error: parameter.callback should be
/// Function instead of Number;`).
pub fn listener(value: &JsValue) -> Result<Function, ParamError> {
    value.dyn_ref::<Function>().cloned().ok_or_else(|| mismatch(value, "callback", "Function"))
}
