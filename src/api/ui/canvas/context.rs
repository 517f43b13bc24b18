//! `wx.createContext()`: a JS object whose methods record drawing calls into a Rust
//! [`Recorder`]; `getActions()` hands them out as a fresh JS array of `{method, data}`
//! (through `JSON.parse`, one crossing for the whole list).

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wxweb_core::canvas::record::{color_stop, to_json, Method, Recorder, Value, METHODS};

use crate::bridge::read;

type Args6 = dyn Fn(JsValue, JsValue, JsValue, JsValue, JsValue, JsValue);

/// Makes a new context object (`wx.createContext`).
pub fn create() -> JsValue {
    let context = Object::new();
    let recorder = Rc::new(RefCell::new(Recorder::default()));
    for (name, method) in METHODS {
        let recorder = recorder.clone();
        let function = Closure::<Args6>::new(move |a, b, c, d, e, f| {
            let args = arguments(&[a, b, c, d, e, f], method);
            recorder.borrow_mut().record(method, args);
        });
        set(&context, name, &function.into_js_value());
    }
    let r = recorder.clone();
    let get_actions = Closure::<dyn Fn() -> JsValue>::new(move || {
        let json = to_json(&r.borrow_mut().take());
        JSON::parse(&json).unwrap_or_else(|_| Array::new().into())
    });
    set(&context, "getActions", &get_actions.into_js_value());
    let clear = Closure::<dyn Fn()>::new(move || recorder.borrow_mut().clear());
    set(&context, "clearActions", &clear.into_js_value());
    let linear =
        Closure::<dyn Fn(JsValue, JsValue, JsValue, JsValue) -> JsValue>::new(|a, b, c, d| {
            gradient("linear", &[a, b, c, d])
        });
    set(&context, "createLinearGradient", &linear.into_js_value());
    let radial = Closure::<dyn Fn(JsValue, JsValue, JsValue) -> JsValue>::new(|a, b, c| {
        gradient("radial", &[a, b, c])
    });
    set(&context, "createCircularGradient", &radial.into_js_value());
    context.into()
}

/// The arguments of a call, trailing `undefined`s dropped (as `arguments` would hold
/// them); a gradient object given to a style setter becomes `[type, data, stops]`.
fn arguments(raw: &[JsValue], method: Method) -> Vec<Value> {
    let count = raw.iter().rposition(|v| !v.is_undefined()).map_or(0, |last| last + 1);
    let raw = raw.get(..count).unwrap_or_default();
    let style = matches!(method, Method::SetFillStyle | Method::SetStrokeStyle);
    raw.iter()
        .map(
            |value| {
                if style && value.is_object() {
                    gradient_value(value)
                } else {
                    to_value(value)
                }
            },
        )
        .collect()
}

/// The largest array a drawing call's argument may hold, and how deep arrays may nest:
/// the widest is a gradient's list of colour stops. What a record keeps is bounded, so
/// hostile arguments cannot exhaust wasm memory (whose exhaustion aborts the instance).
const MAX_LIST: u32 = 256;
const MAX_NESTING: usize = 8;

/// A JS value as a record datum: numbers, strings, booleans and arrays; anything else
/// (an array longer than [`MAX_LIST`] or nested deeper than [`MAX_NESTING`], a value
/// that throws when read) is `null`.
fn to_value(value: &JsValue) -> Value {
    to_value_at(value, 0)
}

fn to_value_at(value: &JsValue, depth: usize) -> Value {
    if let Some(n) = value.as_f64() {
        Value::Num(n)
    } else if let Some(s) = value.as_string() {
        Value::Str(s)
    } else if let Some(b) = value.as_bool() {
        Value::Bool(b)
    } else if let (true, Ok(Some(list))) = (depth < MAX_NESTING, read::elements(value)) {
        if list.length() > MAX_LIST {
            return Value::Null;
        }
        Value::List(list.iter().map(|v| to_value_at(&v, depth + 1)).collect())
    } else {
        Value::Null
    }
}

/// WeChat's gradient object (`ColorStop`): `{type, data, colorStop}` read back as
/// `[type, data, colorStop]`.
fn gradient_value(object: &JsValue) -> Value {
    let field = |name: &str| {
        to_value(&Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED))
    };
    Value::List(vec![field("type"), field("data"), field("colorStop")])
}

/// `createLinearGradient(x0, y0, x1, y1)` / `createCircularGradient(x, y, r)`: an object
/// `{type, data, colorStop, addColorStop(offset, color)}` as in WeChat.
fn gradient(kind: &str, geometry: &[JsValue]) -> JsValue {
    let object = Object::new();
    let stops = Array::new();
    set(&object, "type", &JsValue::from_str(kind));
    set(&object, "data", &geometry.iter().collect::<Array>());
    set(&object, "colorStop", &stops);
    let add = Closure::<dyn Fn(JsValue, JsValue)>::new(move |offset: JsValue, color: JsValue| {
        let (Some(offset), Some(color)) = (offset.as_f64(), color.as_string()) else { return };
        if let Some((offset, rgba)) = color_stop(offset, &color) {
            let rgba: Array = rgba.iter().map(|c| JsValue::from(*c)).collect();
            stops.push(&Array::of2(&offset.into(), &rgba));
        }
    });
    set(&object, "addColorStop", &add.into_js_value());
    object.into()
}

fn set(object: &Object, name: &str, value: &JsValue) {
    // Setting a property on our own fresh plain object cannot fail.
    let _ = Reflect::set(object, &JsValue::from_str(name), value);
}
