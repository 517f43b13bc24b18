//! Reading a wx call's parameters: an options object (`wx.setStorage({key, data})`) or
//! positional arguments (`wx.setStorageSync(key, data)`), with WeChat's parameter errors.

use std::borrow::Cow;

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wxweb_core::errmsg::ParamError;

use super::read::elements;
pub use super::read::type_name;

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
pub fn mismatch(
    value: &JsValue,
    field: impl Into<Cow<'static, str>>,
    expected: &'static str,
) -> ParamError {
    ParamError::mismatch(field, expected, type_name(value))
}

/// The elements of an array field, read once into a plain array; a parameter error when
/// `value` is not an array or throws when read.
pub fn array(value: &JsValue, field: &'static str) -> Result<Array, ParamError> {
    match elements(value) {
        Ok(Some(list)) => Ok(list),
        Ok(None) => Err(mismatch(value, field, "Array")),
        Err(thrown) => Err(ParamError::threw(field, thrown)),
    }
}
