//! How a stored value is written down. WeChat keeps `{data, dataType}` so that values
//! come back with their type. Most values round-trip through JSON by themselves
//! (objects, arrays, numbers, booleans, null) and are stored as their JSON text; the
//! three that do not carry a one-letter tag that no JSON text starts with: `s` + the
//! string itself, `d` + milliseconds for a Date, `u` for undefined. Encoding and
//! decoding stay inside the JS engine; no value is copied through wasm memory.

use js_sys::{Date, JsString};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wxweb_core::errmsg::{Fail, ParamError};
use wxweb_core::storage::{parse_stamp, Record};

use crate::bridge::params::type_name;
use crate::platform::js::error_message;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify, catch)]
    fn stringify(value: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn parse(text: &JsString) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = Number)]
    fn number(text: &JsString) -> f64;
}

const STRING: u8 = b's';
const DATE: u8 = b'd';
const UNDEFINED: u8 = b'u';
const TOMBSTONE: u8 = b'x';

/// What a backing store holds for a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// A value written by [`encode`].
    Value,
    /// The removal mark of a wxweb without sequence numbers.
    Tombstone,
    /// Not ours: left alone.
    Foreign,
}

/// An encoded value and the length of its data (without a tag).
pub struct Encoded {
    pub text: JsString,
    pub data_len: usize,
}

/// Encodes `data` for storage, or says why it cannot be stored (a circular object, a
/// function, a BigInt). Only the top-level type is kept: nested Dates become ISO
/// strings, as in WeChat.
pub fn encode(data: &JsValue) -> Result<Encoded, Fail> {
    if let Some(text) = data.dyn_ref::<JsString>() {
        return Ok(tagged(STRING, text));
    }
    if data.is_instance_of::<Date>() {
        // A Proxy of a Date passes `instanceof` and throws here.
        let time = crate::bridge::read::time(data)
            .map_err(|thrown| Fail::from(ParamError::threw("data", thrown)))?;
        // The engine formats the milliseconds (Rust's float formatting would cost ~15 KB).
        return Ok(tagged(
            DATE,
            &js_sys::Number::from(time).to_string_with_radix(10).unwrap_or_default(),
        ));
    }
    if data.is_undefined() {
        return Ok(tagged(UNDEFINED, &JsString::from("")));
    }
    if data.is_function() || data.is_symbol() || data.is_bigint() {
        return Err(Fail::owned(format!("data of type {} cannot be stored", type_name(data))));
    }
    match stringify(data) {
        Ok(json) => match json.dyn_into::<JsString>() {
            Ok(text) => Ok(Encoded { data_len: text.length() as usize, text }),
            // An object whose toJSON returns undefined stringifies to undefined.
            Err(_) => Ok(tagged(UNDEFINED, &JsString::from(""))),
        },
        Err(error) => Err(Fail::owned(format!(
            "data cannot be stored: {}",
            error_message(&error, "unknown error")
        ))),
    }
}

/// Decodes a value written by [`encode`]; every read returns a fresh copy.
pub fn decode(text: &JsString) -> JsValue {
    let rest = || text.slice(1, text.length());
    match first_byte(text) {
        STRING => rest().into(),
        UNDEFINED => JsValue::UNDEFINED,
        DATE => Date::new(&JsValue::from_f64(number(&rest()))).into(),
        _ => parse(text).unwrap_or(JsValue::UNDEFINED),
    }
}

/// The length of the data of an encoded value.
pub fn data_len(text: &JsString) -> usize {
    let length = text.length() as usize;
    match first_byte(text) {
        STRING | DATE | UNDEFINED => length.saturating_sub(1),
        _ => length,
    }
}

/// Classifies what a backing store holds, as read back at start-up.
pub fn classify(text: &JsString) -> Stored {
    match first_byte(text) {
        STRING
        | DATE
        | UNDEFINED
        | b'{'
        | b'['
        | b'"'
        | b'-'
        | b'0'..=b'9'
        | b't'
        | b'f'
        | b'n' => Stored::Value,
        TOMBSTONE if text.length() == 1 => Stored::Tombstone,
        _ => Stored::Foreign,
    }
}

/// Reads a localStorage record: `#<seq>:` then an encoded value (nothing for a
/// removal), or, from a wxweb without sequence numbers, an encoded value or the
/// removal mark `x`. `None` for anything else, which is not ours.
pub fn read_record(text: &JsString) -> Option<Record<JsString>> {
    if first_byte(text) == b'#' {
        let head: String = text.slice(0, 24).into();
        let (seq, length) = parse_stamp(&head)?;
        let rest = text.slice(length as u32, text.length());
        let value = match rest.length() {
            0 => None,
            _ if classify(&rest) == Stored::Value => Some(rest),
            _ => return None,
        };
        return Some(Record { seq: Some(seq), value });
    }
    match classify(text) {
        Stored::Value => Some(Record { seq: None, value: Some(text.clone()) }),
        Stored::Tombstone => Some(Record { seq: None, value: None }),
        Stored::Foreign => None,
    }
}

fn tagged(tag: u8, data: &JsString) -> Encoded {
    Encoded {
        text: JsString::from_char_code1(tag.into()).concat(data),
        data_len: data.length() as usize,
    }
}

fn first_byte(text: &JsString) -> u8 {
    u8::try_from(text.char_code_at(0) as u32).unwrap_or(0)
}
