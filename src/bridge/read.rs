//! Reading values that mini-program code passed in, without letting an exception they
//! throw cross a Rust frame.
//!
//! A caller's value may throw when read: a Proxy whose traps throw, a revoked Proxy, a
//! getter, a `toString` that throws. An exception that unwinds through wasm skips the
//! epilogues of the Rust frames it crosses, so the shadow stack pointer is never restored
//! and `RefCell` borrows stay taken; within a few thousand such calls the instance is
//! corrupt. So every read of a caller's value goes through an import declared `catch`:
//! the ones here, or js-sys's own catching ones (`Reflect::get`, `JSON::stringify`,
//! `Function::call*`). `typeof`-based checks (`is_object`, `as_string`, `as_f64`) and
//! `instanceof` checks (`dyn_ref`) never throw.

use js_sys::{Array, JsString};
use wasm_bindgen::prelude::*;

use crate::platform::js::error_message;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn array_is_array(value: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = from)]
    fn array_from(value: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Object, js_name = entries)]
    fn object_entries(value: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(value: &JsValue) -> Result<Array, JsValue>;
    /// `Object.prototype.toString.call(value)`: `[object Date]`, `[object Null]`, …
    #[wasm_bindgen(catch, js_namespace = ["Object", "prototype", "toString"], js_name = call)]
    fn object_tag(value: &JsValue) -> Result<JsString, JsValue>;
    /// `Date.prototype.getTime.call(value)`: throws for anything but a real Date.
    #[wasm_bindgen(catch, js_namespace = ["Date", "prototype", "getTime"], js_name = call)]
    fn date_time(value: &JsValue) -> Result<f64, JsValue>;
    /// `String(value)`: how WeChat turns a non-string value into text.
    #[wasm_bindgen(catch, js_name = String)]
    fn string_of(value: &JsValue) -> Result<String, JsValue>;
}

/// A caller's value threw when read; the text is the exception's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thrown(pub String);

impl Thrown {
    /// The exception a read threw.
    pub fn from_exception(error: JsValue) -> Self {
        Thrown(error_message(&error, "a value threw when read"))
    }
}

/// Its message, as `ParamError::threw` (wxweb_core) takes it.
impl From<Thrown> for String {
    fn from(thrown: Thrown) -> String {
        thrown.0
    }
}

/// `Array.isArray(value)`; a revoked Proxy throws.
pub fn is_array(value: &JsValue) -> Result<bool, Thrown> {
    if !value.is_object() {
        return Ok(false);
    }
    array_is_array(value).map_err(Thrown::from_exception)
}

/// The elements of an array (or of a Proxy of one), read once into a plain array that
/// can then be walked without traps; `None` when `value` is not an array.
pub fn elements(value: &JsValue) -> Result<Option<Array>, Thrown> {
    if !is_array(value)? {
        return Ok(None);
    }
    array_from(value).map(Some).map_err(Thrown::from_exception)
}

/// `Object.entries(value)` as `(key, value)` pairs.
pub fn entries(value: &JsValue) -> Result<Vec<(String, JsValue)>, Thrown> {
    let list = object_entries(value).map_err(Thrown::from_exception)?;
    // The engine built `list` and its pairs: plain arrays without traps or getters.
    Ok(list
        .iter()
        .map(|pair| {
            let pair: Array = pair.into();
            (pair.get(0).as_string().unwrap_or_default(), pair.get(1))
        })
        .collect())
}

/// `Object.keys(value)`, as a plain array the engine built.
pub fn keys(value: &JsValue) -> Result<Array, Thrown> {
    object_keys(value).map_err(Thrown::from_exception)
}

/// WeChat's name for a value's type in parameter errors: `String`, `Number`, `Boolean`,
/// `Object`, `Array`, `Function`, `Undefined`, `Null`, `Date`, … (`Object` for a value
/// whose tag throws).
pub fn type_name(value: &JsValue) -> String {
    let Ok(tag) = object_tag(value) else {
        return "Object".into();
    };
    let tag = String::from(tag);
    match tag.strip_prefix("[object ").and_then(|rest| rest.strip_suffix(']')) {
        Some(name) => name.to_owned(),
        None => tag,
    }
}

/// The time of a `Date` (`NaN` for an invalid one); a Proxy of a Date throws.
pub fn time(value: &JsValue) -> Result<f64, Thrown> {
    date_time(value).map_err(Thrown::from_exception)
}

/// `String(value)`; a `toString` or `Symbol.toPrimitive` that throws, throws.
pub fn text(value: &JsValue) -> Result<String, Thrown> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    string_of(value).map_err(Thrown::from_exception)
}
