//! Page data between JS and Rust: `setData` values become [`Value`]s once, on the way
//! in; the renderer turns values back into JS for component properties and datasets.
//! As in WeChat, where data travels to the view as JSON, functions and symbols are
//! dropped, and `Date`s become their ISO text.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wxweb_core::value::{Map, Value};

use crate::bridge::read::{self, Thrown};

/// How deep page data may nest; deeper data (or a cycle) is refused.
pub const MAX_DEPTH: usize = 64;

/// Why a JS value cannot be page data.
#[derive(Debug)]
pub enum Unfit {
    /// It nests deeper than [`MAX_DEPTH`] (a cycle, most likely).
    TooDeep,
    /// Reading it threw (a Proxy trap, a getter).
    Threw(Thrown),
}

impl From<Thrown> for Unfit {
    fn from(thrown: Thrown) -> Self {
        Unfit::Threw(thrown)
    }
}

/// The [`Value`] for a JS value (`None` for functions and symbols, which data drops).
pub fn from_js(value: &JsValue) -> Result<Option<Value>, Unfit> {
    from_js_at(value, 0)
}

fn from_js_at(value: &JsValue, depth: usize) -> Result<Option<Value>, Unfit> {
    if depth > MAX_DEPTH {
        return Err(Unfit::TooDeep);
    }
    if let Some(text) = value.as_string() {
        return Ok(Some(Value::Str(text.into())));
    }
    if let Some(n) = value.as_f64() {
        return Ok(Some(Value::Num(n)));
    }
    if let Some(b) = value.as_bool() {
        return Ok(Some(Value::Bool(b)));
    }
    if value.is_undefined() {
        return Ok(Some(Value::Undefined));
    }
    if value.is_null() {
        return Ok(Some(Value::Null));
    }
    if value.is_function() || value.is_symbol() || value.is_bigint() {
        return Ok(None);
    }
    if let Some(array) = read::elements(value)? {
        let mut items = Vec::with_capacity(array.length() as usize);
        for item in array.iter() {
            // JSON turns what it cannot carry inside arrays into null.
            items.push(from_js_at(&item, depth + 1)?.unwrap_or(Value::Null));
        }
        return Ok(Some(Value::array(items)));
    }
    if let Some(date) = value.dyn_ref::<js_sys::Date>() {
        let valid = !read::time(value)?.is_nan();
        return Ok(Some(if valid {
            Value::Str(String::from(date.to_iso_string()).into())
        } else {
            Value::Null
        }));
    }
    let object: &Object = value.unchecked_ref();
    let mut map = Map::new();
    for key in read::keys(value)?.iter() {
        let Some(name) = key.as_string() else { continue };
        let field = Reflect::get(object, &key).map_err(Thrown::from_exception)?;
        if let Some(field) = from_js_at(&field, depth + 1)? {
            map.insert(name.into(), field);
        }
    }
    Ok(Some(Value::object(map)))
}

/// A fresh JS value for `value` (arrays and objects are new each time).
pub fn to_js(value: &Value) -> JsValue {
    match value {
        Value::Undefined => JsValue::UNDEFINED,
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Num(n) => JsValue::from_f64(*n),
        Value::Str(s) => JsValue::from_str(s),
        Value::Array(items) => items.iter().map(to_js).collect::<Array>().into(),
        Value::Object(map) => {
            let object = Object::new();
            for (key, field) in map.iter() {
                let _ = Reflect::set(&object, &JsValue::from_str(key), &to_js(field));
            }
            object.into()
        }
    }
}
