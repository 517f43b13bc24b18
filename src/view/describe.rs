//! `describeElement(el)` for the simulator's WXML panel: an element of a rendered page as
//! WXML tells it, `{tag, attributes, dataset, bindings}`. It is the one reader, outside
//! the renderer, of the properties the renderer keeps on each element (`__wxOn`,
//! `__wxDataset`, see `render/dom.rs`). Browser primitives: `Element.getAttributeNames`,
//! `Element.closest`.

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

use crate::view::render::dom::{DATASET, ON};

/// `{tag, attributes, dataset, bindings}` for an element the renderer made inside a page
/// (`<wx-view>` → tag `view`); `null` for anything else (the page's root, the window,
/// a component's insides, a text node). `attributes` are the element's as bound (id,
/// class, style, component properties); `dataset` its `data-*` values with their types;
/// `bindings` `{bindtap: "handler", catchlongtap: "other"}`, keyed as WXML writes them.
pub fn describe(value: &JsValue) -> JsValue {
    let Some(el) = value.dyn_ref::<Element>() else { return JsValue::NULL };
    let name = el.local_name();
    let Some(tag) = name.strip_prefix("wx-") else { return JsValue::NULL };
    if tag == "page" || el.closest("wx-page").ok().flatten().is_none() {
        return JsValue::NULL;
    }
    let attributes = Object::new();
    for name in el.get_attribute_names().iter().filter_map(|name| name.as_string()) {
        let value = el.get_attribute(&name).unwrap_or_default();
        let _ = Reflect::set(&attributes, &name.into(), &value.into());
    }
    let dataset = Object::new();
    if let Some(own) = own(el, DATASET) {
        Object::assign(&dataset, &own);
    }
    let bindings = Object::new();
    if let Some(own) = own(el, ON) {
        for (event, binding) in crate::bridge::read::entries(&own).unwrap_or_default() {
            let Some(handler) = Reflect::get_u32(&binding, 0).ok().and_then(|h| h.as_string())
            else {
                continue;
            };
            let catch = Reflect::get_u32(&binding, 1).ok().and_then(|c| c.as_bool()) == Some(true);
            let key = format!("{}{event}", if catch { "catch" } else { "bind" });
            let _ = Reflect::set(&bindings, &key.into(), &handler.into());
        }
    }
    crate::bridge::object(&[
        ("tag", tag.into()),
        ("attributes", attributes.into()),
        ("dataset", dataset.into()),
        ("bindings", bindings.into()),
    ])
}

/// The renderer's plain object `el[key]`, if it has one.
fn own(el: &Element, key: &str) -> Option<Object> {
    Reflect::get(el, &JsValue::from_str(key)).ok()?.dyn_into::<Object>().ok()
}
