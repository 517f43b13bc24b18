//! Helpers shared by the wasm-bindgen-test suites: make a `wx` object with a fresh
//! appid, call its functions detached, and record every callback an async call makes.
#![allow(dead_code)]

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = r#"
export function record(fn, options) {
  return new Promise((resolve) => {
    const calls = [];
    const settle = () => setTimeout(() => resolve(calls), 30);
    options.success = (res) => calls.push(['success', res]);
    options.fail = (res) => calls.push(['fail', res]);
    options.complete = (res) => { calls.push(['complete', res]); settle(); };
    const returned = fn(options);
    calls.push(['returned', returned]);
  });
}
export function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }
export function unique(prefix) { return prefix + '-' + Math.random().toString(36).slice(2, 10); }
"#)]
extern "C" {
    fn record(function: &Function, options: &JsValue) -> Promise;
    fn sleep(ms: u32) -> Promise;
    fn unique(prefix: &str) -> String;
}

/// A fresh `wx` object; `profile` is "seed" or "modern".
pub async fn wx_with(appid: &str, profile: &str) -> Object {
    let config = Object::new();
    Reflect::set(&config, &"appid".into(), &appid.into()).unwrap();
    Reflect::set(&config, &"profile".into(), &profile.into()).unwrap();
    wxweb::create_wx(config.into()).await.unwrap()
}

/// A `wx` object of the seed profile with an appid no other test uses.
pub async fn fresh_wx() -> Object {
    wx_with(&fresh_appid(), "seed").await
}

pub fn fresh_appid() -> String {
    unique("test")
}

/// `wx[name]`, taken off the object (every call in the tests is detached).
pub fn function(wx: &Object, name: &str) -> Function {
    Reflect::get(wx, &name.into())
        .unwrap()
        .dyn_into()
        .unwrap_or_else(|_| panic!("wx.{name} is not a function"))
}

/// Calls the sync function `wx[name](args…)`; `Err` holds the thrown value.
pub fn call_sync(wx: &Object, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let array: js_sys::Array = args.iter().collect();
    function(wx, name).apply(&JsValue::UNDEFINED, &array)
}

/// The message of the Error a sync call threw.
pub fn thrown_message(wx: &Object, name: &str, args: &[JsValue]) -> String {
    let error = call_sync(wx, name, args).expect_err("the call should throw");
    let error: js_sys::Error = error.dyn_into().expect("a thrown Error");
    error.message().into()
}

/// What an async call did: each callback in order, with its argument.
pub struct Calls(Vec<(String, JsValue)>);

impl Calls {
    pub fn labels(&self) -> Vec<&str> {
        self.0.iter().filter(|(l, _)| l != "returned").map(|(l, _)| l.as_str()).collect()
    }
    /// The argument of the first callback (success or fail).
    pub fn result(&self) -> JsValue {
        self.0.iter().find(|(l, _)| l == "success" || l == "fail").map(|(_, r)| r.clone()).unwrap()
    }
    pub fn err_msg(&self) -> String {
        get(&self.result(), "errMsg").as_string().unwrap()
    }
    /// What the call returned synchronously, and whether a callback ran before it did.
    pub fn returned(&self) -> (JsValue, bool) {
        let index = self.0.iter().position(|(l, _)| l == "returned").unwrap();
        (self.0[index].1.clone(), index > 0)
    }
    /// Whether complete got the very same object as success/fail.
    pub fn complete_shares_result(&self) -> bool {
        let complete =
            self.0.iter().find(|(l, _)| l == "complete").map(|(_, r)| r.clone()).unwrap();
        Object::is(&complete, &self.result())
    }
}

/// Calls `wx[name](options)` detached with recording callbacks and waits until
/// `complete` has run and a little longer (to see any extra callback).
pub async fn call(wx: &Object, name: &str, options: &JsValue) -> Calls {
    let calls = JsFuture::from(record(&function(wx, name), options)).await.unwrap();
    let calls: js_sys::Array = calls.dyn_into().unwrap();
    Calls(
        calls
            .iter()
            .map(|pair| {
                let pair: js_sys::Array = pair.dyn_into().unwrap();
                (pair.get(0).as_string().unwrap(), pair.get(1))
            })
            .collect(),
    )
}

pub async fn pause(ms: u32) {
    JsFuture::from(sleep(ms)).await.unwrap();
}

/// A plain object from `(key, value)` pairs.
pub fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in pairs {
        Reflect::set(&object, &(*key).into(), value).unwrap();
    }
    object.into()
}

pub fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

/// Evaluates a JS expression (for building test values such as Dates and cycles).
pub fn js(expression: &str) -> JsValue {
    Function::new_no_args(&format!("return ({expression});")).call0(&JsValue::NULL).unwrap()
}

/// Structural equality through JSON (for objects and arrays of plain data).
pub fn json(value: &JsValue) -> String {
    match js_sys::JSON::stringify(value) {
        Ok(text) => JsValue::from(text).as_string().unwrap_or_else(|| "undefined".into()),
        Err(_) => "<unserializable>".into(),
    }
}
