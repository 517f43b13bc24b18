//! Reading a wx call's parameters: an options object (`wx.setStorage({key, data})`) or
//! positional arguments (`wx.setStorageSync(key, data)`), with WeChat's parameter errors.

use std::borrow::Cow;

use js_sys::{Array, Function, JsString, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::fail::ParamError;

#[wasm_bindgen]
extern "C" {
    /// `Object.prototype.toString.call(value)`: `[object Date]`, `[object Null]`, …
    #[wasm_bindgen(js_namespace = ["Object", "prototype", "toString"], js_name = call)]
    fn object_tag(value: &JsValue) -> JsString;
}

/// WeChat's name for a value's type in parameter errors: `String`, `Number`, `Boolean`,
/// `Object`, `Array`, `Function`, `Undefined`, `Null`, `Date`, …
pub fn type_name(value: &JsValue) -> String {
    let tag = String::from(object_tag(value));
    match tag.strip_prefix("[object ").and_then(|rest| rest.strip_suffix(']')) {
        Some(name) => name.to_owned(),
        None => tag,
    }
}

/// The options object of an async call. Anything that is not an object reads as `{}`,
/// so a missing or wrong argument surfaces as a parameter error on the first required field.
pub struct Options(JsValue);

impl Options {
    pub fn new(arg: JsValue) -> Self {
        if arg.is_object() {
            Options(arg)
        } else {
            Options(JsValue::UNDEFINED)
        }
    }

    /// `options[field]`, or `undefined` when absent (or when a getter throws).
    pub fn get(&self, field: &str) -> JsValue {
        if self.0.is_undefined() {
            return JsValue::UNDEFINED;
        }
        Reflect::get(&self.0, &JsValue::from_str(field)).unwrap_or(JsValue::UNDEFINED)
    }

    /// A callback field (`success`, `fail`, `complete`, …), if it is a function.
    pub fn function(&self, field: &str) -> Option<Function> {
        self.get(field).dyn_into::<Function>().ok()
    }

    /// An optional string field: `None` when absent or null.
    pub fn optional_string(&self, field: &'static str) -> Result<Option<String>, ParamError> {
        let value = self.get(field);
        if value.is_undefined() || value.is_null() {
            return Ok(None);
        }
        string(&value, field).map(Some)
    }

    /// An optional number field: `None` when absent or null.
    pub fn optional_number(&self, field: &'static str) -> Result<Option<f64>, ParamError> {
        let value = self.get(field);
        if value.is_undefined() || value.is_null() {
            return Ok(None);
        }
        value.as_f64().map(Some).ok_or_else(|| mismatch(&value, field, "Number"))
    }

    /// A required string field.
    pub fn string(&self, field: &'static str) -> Result<String, ParamError> {
        string(&self.get(field), field)
    }
}

/// Options decoded into a typed struct before the API body runs.
pub trait FromOptions: Sized {
    fn from_options(options: &Options) -> Result<Self, ParamError>;
}

/// An API that takes no parameters besides its callbacks.
impl FromOptions for () {
    fn from_options(_: &Options) -> Result<Self, ParamError> {
        Ok(())
    }
}

/// A required string: a positional argument or an option field.
pub fn string(value: &JsValue, field: &'static str) -> Result<String, ParamError> {
    value.as_string().ok_or_else(|| mismatch(value, field, "String"))
}

/// A parameter error for `value` where `expected` was wanted; `field` may be a path
/// such as `header.token`.
pub fn mismatch(value: &JsValue, field: impl Into<Cow<'static, str>>, expected: &'static str) -> ParamError {
    ParamError { field: field.into(), expected, actual: type_name(value) }
}

/// Whether `value` is a JS array.
pub fn is_array(value: &JsValue) -> bool {
    Array::is_array(value)
}
