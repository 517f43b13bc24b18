//! The wx calling contract, written once (CONVENTIONS.md, "The calling contract").
//!
//! An API body receives typed, validated options and returns an [`Outcome`]; it never
//! calls a JS callback. The bridge picks the callbacks out of the options, turns the
//! outcome into `{…, errMsg}`, calls success/fail/complete exactly once each as
//! applicable (or settles the modern profile's Promise), and for `*Sync` functions throws
//! an `Error` carrying the same `name:fail …` text. The listeners of `on…` functions
//! follow their own contract, beside this one ([`listeners`]).

pub mod listeners;
pub mod params;
pub mod read;
mod reply;
pub mod result;

use std::future::{ready, Future};
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use wxweb_core::errmsg::Fail;

pub use listeners::{listener, Listeners};
pub use params::{FromOptions, Options};
use reply::Reply;
pub use result::IntoResult;
pub use wxweb_core::profile::Profile;

/// What an API body produces: the result object (a [`result`] struct turned into JS,
/// without `errMsg`) or why it failed.
pub type Outcome = Result<JsValue, Fail>;

type BoxedOutcome = Pin<Box<dyn Future<Output = Outcome>>>;

/// The `wx` object under construction: each API becomes an own property holding a
/// JS function that works detached (`const f = wx.getStorage; f({...})`).
pub struct WxObject {
    object: Object,
    profile: Profile,
}

/// Property names read or written on every call, kept as JS strings once
/// (`wasm_bindgen::intern`) instead of being decoded from wasm memory each time.
const HOT_NAMES: [&str; 9] =
    ["success", "fail", "complete", "errMsg", "data", "key", "url", "header", "statusCode"];

impl WxObject {
    pub fn new(profile: Profile) -> Self {
        for name in HOT_NAMES {
            wasm_bindgen::intern(name);
        }
        WxObject { object: Object::new(), profile }
    }

    pub fn profile(&self) -> Profile {
        self.profile
    }

    /// Adds an async API `wx.name(options)`. `body` runs synchronously at call time
    /// with the decoded options (so calls take effect in call order); the future it
    /// returns settles the call. Parameter errors fail the call without running `body`.
    pub fn add_async<O, Fut>(&self, name: &'static str, body: impl Fn(O) -> Fut + 'static)
    where
        O: FromOptions,
        Fut: Future<Output = Outcome> + 'static,
    {
        let run = move |options: &Options| -> BoxedOutcome {
            match O::from_options(options) {
                Ok(decoded) => Box::pin(body(decoded)),
                Err(error) => Box::pin(ready(Err(error.into()))),
            }
        };
        let profile = self.profile;
        let function = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |arg| {
            call_async(name, profile, arg, &run)
        });
        self.define(name, function.into_js_value());
    }

    /// Adds an API that returns a task object (RequestTask, SocketTask, …) in both
    /// profiles and settles through its callbacks. `body` returns the task and the
    /// future of the call's outcome; on a parameter error the call fails and returns
    /// `inert()`, a task whose methods do nothing.
    pub fn add_task<O, Fut>(
        &self,
        name: &'static str,
        inert: fn() -> JsValue,
        body: impl Fn(O) -> (JsValue, Fut) + 'static,
    ) where
        O: FromOptions,
        Fut: Future<Output = Outcome> + 'static,
    {
        let run = move |options: &Options| -> (JsValue, BoxedOutcome) {
            match O::from_options(options) {
                Ok(decoded) => {
                    let (task, outcome) = body(decoded);
                    (task, Box::pin(outcome))
                }
                Err(error) => (inert(), Box::pin(ready(Err(error.into())))),
            }
        };
        let function = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |arg| {
            let options = Options::new(arg);
            let reply = Reply::callbacks(&options);
            let (task, outcome) = run(&options);
            deliver(name, reply, outcome);
            task
        });
        self.define(name, function.into_js_value());
    }

    /// Adds a sync API `wx.nameSync(a, b)`: returns the body's value, or throws an
    /// `Error` whose message is `nameSync:fail <detail>`.
    pub fn add_sync(
        &self,
        name: &'static str,
        body: impl Fn(&JsValue, &JsValue) -> Outcome + 'static,
    ) {
        let function = Closure::<dyn Fn(JsValue, JsValue) -> Result<JsValue, JsValue>>::new(
            move |first, second| body(&first, &second).map_err(|fail| sync_error(name, &fail)),
        );
        self.define(name, function.into_js_value());
    }

    /// The finished object. Each function owns its closure, which the JS garbage
    /// collector reclaims with it (`Closure::into_js_value`).
    pub fn finish(self) -> Object {
        self.object
    }

    fn define(&self, name: &str, function: JsValue) {
        // Defining a property on our own fresh, extensible object cannot fail.
        let _ = Reflect::set(&self.object, &JsValue::from_str(name), &function);
    }
}

/// The non-generic part of every async call.
fn call_async(
    name: &'static str,
    profile: Profile,
    arg: JsValue,
    run: &dyn Fn(&Options) -> BoxedOutcome,
) -> JsValue {
    let options = Options::new(arg);
    let (reply, returned) = Reply::from_options(&options, profile);
    deliver(name, reply, run(&options));
    returned
}

/// Runs a call's outcome to its end and settles the reply afterwards, never before the
/// call has returned. An outcome that is ready at once (most sync-backed calls) is not
/// handed to the executor, and costs nothing more when nobody listens.
fn deliver(name: &'static str, reply: Reply, mut outcome: BoxedOutcome) {
    let mut context = Context::from_waker(Waker::noop());
    match outcome.as_mut().poll(&mut context) {
        Poll::Ready(_) if reply.is_silent() => {}
        Poll::Ready(done) => spawn_local(async move { reply.settle(name, done) }),
        // The executor polls again with a real waker, which replaces the no-op one.
        Poll::Pending => spawn_local(async move { reply.settle(name, outcome.await) }),
    }
}

/// Settles a task method's call (`SocketTask.send(options)`, …) through the callbacks
/// in `options`, under the errMsg name `api`, as any wx call.
pub fn answer(api: &'static str, options: JsValue, outcome: Outcome) {
    let reply = Reply::callbacks(&Options::new(options));
    spawn_local(async move { reply.settle(api, outcome) });
}

/// A plain object from `(name, value)` pairs, for objects that are not WeChat results
/// (those are [`result`] structs).
pub fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let result = Object::new();
    for (name, value) in fields {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&result, &JsValue::from_str(name), value);
    }
    result.into()
}

/// A method of a task object (`abort`, `onProgressUpdate`, …); the task owns it.
pub fn method(task: &Object, name: &str, body: impl FnMut(JsValue) + 'static) {
    let function = Closure::<dyn FnMut(JsValue)>::new(body).into_js_value();
    let _ = Reflect::set(task, &JsValue::from_str(name), &function);
}

fn sync_error(name: &str, fail: &Fail) -> JsValue {
    js_sys::Error::new(&fail.err_msg(name)).into()
}
