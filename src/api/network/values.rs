//! Mini-program values as text: `String(value)`, and the query string that request
//! data (an object's fields, or a string as it is) becomes.

use js_sys::{Array, ArrayBuffer, Object, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::encode::query_string;

#[wasm_bindgen]
extern "C" {
    /// `String(value)`: how WeChat turns a non-string value into text.
    #[wasm_bindgen(js_name = String)]
    pub fn to_text(value: &JsValue) -> String;
}

/// GET/HEAD data as a query string: an object's fields (objects among them as JSON),
/// or a string as it is.
pub fn query_of(data: &JsValue) -> String {
    if let Some(text) = data.as_string() {
        return text;
    }
    if !data.is_object() || data.is_instance_of::<ArrayBuffer>() {
        return String::new();
    }
    let pairs: Vec<(String, String)> = Object::entries(data.unchecked_ref())
        .iter()
        .map(|entry| {
            let entry: Array = entry.unchecked_into();
            (to_text(&entry.get(0)), field_text(&entry.get(1)))
        })
        .collect();
    query_string(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

fn field_text(value: &JsValue) -> String {
    if value.is_object() {
        JSON::stringify(value).map(String::from).unwrap_or_default()
    } else {
        to_text(value)
    }
}

