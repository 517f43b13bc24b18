//! Mini-program values as text: `String(value)`, and the query string that request
//! data (an object's fields, or a string as it is) becomes.

use js_sys::{ArrayBuffer, JSON};
use wasm_bindgen::prelude::*;
use wxweb_core::network::encode::query_string;

use crate::bridge::read::{self, Thrown};

/// GET/HEAD data as a query string: an object's fields (objects among them as JSON),
/// or a string as it is. Reading the fields may throw (a Proxy, a getter).
pub fn query_of(data: &JsValue) -> Result<String, Thrown> {
    if let Some(text) = data.as_string() {
        return Ok(text);
    }
    if !data.is_object() || data.is_instance_of::<ArrayBuffer>() {
        return Ok(String::new());
    }
    let mut pairs = Vec::new();
    for (key, value) in read::entries(data)? {
        pairs.push((key, field_text(&value)?));
    }
    Ok(query_string(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))))
}

/// A field's text: objects as JSON (nothing when they cannot be), others as `String(value)`.
fn field_text(value: &JsValue) -> Result<String, Thrown> {
    if value.is_object() {
        Ok(JSON::stringify(value).map(String::from).unwrap_or_default())
    } else {
        read::text(value)
    }
}
