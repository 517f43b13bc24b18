//! How an async wx call answers: through its `success`/`fail`/`complete` callbacks, or,
//! in the modern profile when none is given, through a returned Promise.

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wxweb_core::errmsg::Fail;
use wxweb_core::profile::Profile;

use super::params::Options;
use crate::platform::js::report_error;

/// Where one call's result goes. Consumed by [`Reply::settle`], so it answers once.
pub enum Reply {
    Callbacks { success: Option<Function>, fail: Option<Function>, complete: Option<Function> },
    Promise { resolve: Function, reject: Function },
}

impl Reply {
    /// The callbacks of `options`, for calls that never return a Promise.
    pub fn callbacks(options: &Options) -> Reply {
        Reply::Callbacks {
            success: options.function("success"),
            fail: options.function("fail"),
            complete: options.function("complete"),
        }
    }

    /// Picks the callbacks out of `options`. Returns the reply and what the wx call
    /// returns to its caller: `undefined`, or the Promise in the modern profile.
    pub fn from_options(options: &Options, profile: Profile) -> (Reply, JsValue) {
        let callbacks = Reply::callbacks(options);
        let wants_promise = profile == Profile::Modern
            && matches!(&callbacks, Reply::Callbacks { success: None, fail: None, complete: None });
        if !wants_promise {
            return (callbacks, JsValue::UNDEFINED);
        }
        let mut handles = None;
        let promise = Promise::new(&mut |resolve, reject| handles = Some((resolve, reject)));
        match handles {
            Some((resolve, reject)) => (Reply::Promise { resolve, reject }, promise.into()),
            None => (callbacks, JsValue::UNDEFINED),
        }
    }

    /// Whether nothing will hear the outcome (no callbacks, no Promise).
    pub fn is_silent(&self) -> bool {
        matches!(self, Reply::Callbacks { success: None, fail: None, complete: None })
    }

    /// Delivers the outcome: exactly one of success or fail, then complete, all with
    /// the same result object carrying `errMsg`. A callback that throws is reported
    /// on the console and does not stop the ones after it.
    pub fn settle(self, api: &str, outcome: Result<JsValue, Fail>) {
        if self.is_silent() {
            return; // nobody listens: no result to build
        }
        let (succeeded, result) = match outcome {
            Ok(value) => (true, with_err_msg(value, &format!("{api}:ok"))),
            Err(fail) => (false, with_err_msg(JsValue::UNDEFINED, &fail.err_msg(api))),
        };
        match self {
            Reply::Callbacks { success, fail, complete } => {
                let (first, label) = if succeeded { (success, "success") } else { (fail, "fail") };
                invoke(api, label, first, &result);
                invoke(api, "complete", complete, &result);
            }
            Reply::Promise { resolve, reject } => {
                let settle = if succeeded { resolve } else { reject };
                // resolve/reject of a native Promise never throw.
                let _ = settle.call1(&JsValue::UNDEFINED, &result);
            }
        }
    }
}

/// `value` with `errMsg` set; a fresh object when `value` is not an object.
fn with_err_msg(value: JsValue, err_msg: &str) -> JsValue {
    let result = if value.is_object() { value } else { Object::new().into() };
    // Setting a property on a plain object cannot fail; a frozen result keeps its own.
    let _ = Reflect::set(&result, &JsValue::from_str("errMsg"), &JsValue::from_str(err_msg));
    result
}

fn invoke(api: &str, label: &str, callback: Option<Function>, result: &JsValue) {
    if let Some(callback) = callback {
        if let Err(error) = callback.call1(&JsValue::UNDEFINED, result) {
            report_error(&error, &format!("wx.{api} {label} callback"));
        }
    }
}
