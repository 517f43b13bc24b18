//! A wx call that settles later, from an event (the end of a recording, of a voice):
//! a JS Promise whose resolve and reject are kept by whoever will settle it.

use std::future::Future;

use js_sys::{Function, Promise};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wxweb_core::errmsg::Fail;

use crate::bridge::Outcome;

/// The settling end of a pending call; dropping it leaves the call pending forever.
pub struct Settle {
    resolve: Function,
    reject: Function,
}

impl Settle {
    /// Settles the call with success and `result` (an object, or `undefined`).
    pub fn ok(self, result: &JsValue) {
        // resolve of a native Promise never throws.
        let _ = self.resolve.call1(&JsValue::UNDEFINED, result);
    }

    /// Settles the call with `name:fail <detail>`.
    pub fn fail(self, detail: &str) {
        let _ = self.reject.call1(&JsValue::UNDEFINED, &JsValue::from_str(detail));
    }
}

/// A new pending call: its settling end and the future the bridge awaits.
pub fn pending() -> (Settle, impl Future<Output = Outcome>) {
    let mut handles = None;
    // The executor runs synchronously, so `handles` is set when `new` returns.
    let promise = Promise::new(&mut |resolve, reject| handles = Some((resolve, reject)));
    let (resolve, reject) =
        handles.unwrap_or_else(|| (Function::new_no_args(""), Function::new_no_args("")));
    let outcome = async move {
        JsFuture::from(promise)
            .await
            .map_err(|detail| Fail::owned(detail.as_string().unwrap_or_default()))
    };
    (Settle { resolve, reject }, outcome)
}
