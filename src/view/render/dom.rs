//! Writing attribute values onto rendered elements: the DOM side of [`AttrKind`].
//!
//! Event bindings and `data-*` values live on the element as two JS properties that
//! the event dispatcher reads: `__wxOn` (`{tap: ["handlerName", catch]}`) and
//! `__wxDataset` (`{fooBar: value}`, values keeping their types as in WeChat).

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;
use wxweb_core::template::program::AttrKind;
use wxweb_core::value::Value;
use wxweb_core::wxss;

use crate::view::convert::to_js;

/// The JS property holding an element's event bindings.
pub const ON: &str = "__wxOn";
/// The JS property holding an element's dataset.
pub const DATASET: &str = "__wxDataset";

/// Applies one attribute's current value.
pub fn apply(el: &Element, kind: &AttrKind, value: &Value) {
    match kind {
        AttrKind::Id => set_or_remove(el, "id", value),
        AttrKind::Class => set_or_remove(el, "class", value),
        AttrKind::Style => {
            let text = value.to_text();
            if text.is_empty() {
                let _ = el.remove_attribute("style");
            } else {
                let _ = el.set_attribute("style", &wxss::inline_style(&text));
            }
            // An `animation` in progress keeps its inline transform (components.js).
            if let Ok(restyle) =
                Reflect::get(el, &"wxRestyle".into()).and_then(|f| f.dyn_into::<js_sys::Function>())
            {
                let _ = restyle.call0(el);
            }
        }
        AttrKind::Hidden => {
            let _ = el.toggle_attribute_with_force("hidden", value.truthy());
        }
        AttrKind::Data(name) => {
            let dataset = own_object(el, DATASET);
            let _ = Reflect::set(&dataset, &JsValue::from_str(name), &to_js(value));
        }
        AttrKind::On { event, catch } => {
            let bindings = own_object(el, ON);
            let binding: JsValue = match value {
                Value::Undefined | Value::Null => JsValue::UNDEFINED,
                handler => {
                    Array::of2(&JsValue::from_str(&handler.to_text()), &JsValue::from_bool(*catch))
                        .into()
                }
            };
            let _ = Reflect::set(&bindings, &JsValue::from_str(event), &binding);
        }
        AttrKind::Prop { name, prop } => {
            // A component's setter may throw on a value it cannot take; the page goes on.
            let _ = Reflect::set(el, &JsValue::from_str(prop), &to_js(value));
            match value {
                Value::Str(_) | Value::Num(_) | Value::Bool(true) => {
                    let text = if matches!(value, Value::Bool(true)) {
                        String::new()
                    } else {
                        value.to_text()
                    };
                    let _ = el.set_attribute(name, &text);
                }
                Value::Array(_) | Value::Object(_) => {}
                _ => {
                    let _ = el.remove_attribute(name);
                }
            }
        }
    }
}

fn set_or_remove(el: &Element, name: &str, value: &Value) {
    match value {
        Value::Undefined | Value::Null => {
            let _ = el.remove_attribute(name);
        }
        value => {
            let _ = el.set_attribute(name, &value.to_text());
        }
    }
}

/// The plain object stored in `el[key]`, created on first use.
fn own_object(el: &Element, key: &str) -> Object {
    let key = JsValue::from_str(key);
    match Reflect::get(el, &key).ok().and_then(|v| v.dyn_into::<Object>().ok()) {
        Some(object) => object,
        None => {
            let object = Object::new();
            let _ = Reflect::set(el, &key, &object);
            object
        }
    }
}
