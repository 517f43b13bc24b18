//! Headers both ways: the `header` option of a wx call (string values only) and the
//! `header` object of a result, from fetch's `Headers`.

use js_sys::{Object, Reflect};
use wxweb_core::errmsg::ParamError;

use crate::bridge::params::{mismatch, Options};
use crate::bridge::read;

/// Headers set by the mini program, in its order.
pub type HeaderList = Vec<(String, String)>;

/// The `header` option: absent, or an object whose values are strings.
pub fn from_options(options: &Options) -> Result<HeaderList, ParamError> {
    let header = options.get("header");
    if header.is_undefined() || header.is_null() {
        return Ok(Vec::new());
    }
    let threw = |thrown| ParamError::threw("header", thrown);
    if !header.is_object() || read::is_array(&header).map_err(threw)? {
        return Err(mismatch(&header, "header", "Object"));
    }
    let mut list = Vec::new();
    for (name, value) in read::entries(&header).map_err(threw)? {
        match value.as_string() {
            Some(text) => list.push((name, text)),
            None => return Err(mismatch(&value, format!("header.{name}"), "String")),
        }
    }
    Ok(list)
}

/// The value of header `name` (any case), if set.
pub fn find<'a>(list: &'a HeaderList, name: &str) -> Option<&'a str> {
    list.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// A result's `header` object from fetch's `Headers` (names in lower case), built by
/// the engine in one call: `Object.fromEntries(headers)`.
pub fn object_from_fetch(headers: &web_sys::Headers) -> Object {
    Object::from_entries(headers).unwrap_or_default()
}

/// The name a header of the mini program is sent under. Browsers drop a `cookie` header
/// set by a page, so through the proxy it travels as `x-wxweb-cookie` (the proxy forwards it
/// as `cookie`, and never the browser's own cookies for wxweb's origin).
pub fn outgoing_name(name: &str, proxied: bool) -> &str {
    if proxied && name.eq_ignore_ascii_case("cookie") {
        "x-wxweb-cookie"
    } else {
        name
    }
}

/// A proxied response's `set-cookie`, which the proxy renames `x-wxweb-set-cookie` so that
/// the browser does not store it for wxweb's origin, back under its own name in `res.header`
/// (as WeChat gives it; several are joined with `, `).
pub fn restore_set_cookie(header: &Object) {
    let renamed = wasm_bindgen::JsValue::from_str("x-wxweb-set-cookie");
    if let Ok(value) = Reflect::get(header, &renamed) {
        if !value.is_undefined() {
            let _ = Reflect::set(header, &"set-cookie".into(), &value);
            let _ = Reflect::delete_property(header, &renamed);
        }
    }
}
