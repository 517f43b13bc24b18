//! The runtime's developer hooks: DOM events on `window` that the simulator's overlay and
//! panels listen to, `wxweb:error`, `wxweb:data` and `wxweb:storage` (see the README's
//! runtime section; `wxweb:storage` only while `wxweb.inspectStorage` is true). Browser primitives: `CustomEvent`, `EventTarget.dispatchEvent`.
//! With nobody listening, an event costs one object and one dispatch (about a
//! microsecond: `wxweb:data` is told once per turn, not per setData); a listener that
//! throws is the browser's to report, never ours.

use std::cell::RefCell;

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CustomEvent, CustomEventInit};

/// Dispatches `new CustomEvent(name, {detail})` on `window`.
pub fn dispatch(name: &str, detail: &JsValue) {
    let Some(window) = web_sys::window() else { return };
    let init = CustomEventInit::new();
    init.set_detail(detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = window.dispatch_event(&event);
    }
}

/// `wxweb:storage` `{area, op, key}` after a write to the storage (`area` "storage", `op`
/// the wx function, e.g. `setStorageSync`) or to the saved files (`area` "files", `key`
/// the file's path), while `globalThis.wxweb.inspectStorage` is true (the Storage panel
/// sets it when it is first shown): building and dispatching the event would otherwise
/// double the cost of a `setStorageSync` (about 10 µs against 9 µs for localStorage).
pub fn storage_changed(area: &str, op: &str, key: Option<&str>) {
    if !inspecting("inspectStorage") {
        return;
    }
    let key = key.map_or(JsValue::NULL, JsValue::from_str);
    let detail = crate::bridge::object(&[("area", area.into()), ("op", op.into()), ("key", key)]);
    dispatch("wxweb:storage", &detail);
}

/// Whether `globalThis.wxweb[flag]` is `true` (a getter that throws means no).
fn inspecting(flag: &str) -> bool {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("wxweb"))
        .ok()
        .filter(JsValue::is_object)
        .and_then(|wxweb| js_sys::Reflect::get(&wxweb, &JsValue::from_str(flag)).ok())
        .is_some_and(|value| value.as_bool() == Some(true))
}

thread_local! {
    /// The routes whose data changed in this turn, told in a microtask.
    static CHANGED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    /// The microtask that tells them, made once.
    static TELL: Option<Function> = Some(Closure::<dyn Fn()>::new(tell_changed).into_js_value().unchecked_into());
}

/// `wxweb:data` `{route}` after a page's `setData` (or `update`) changed its data and
/// view: one event per page and turn of the event loop, in a microtask after the turn's
/// setData calls (the AppData panel re-reads the data then), so a loop of setData costs
/// a string comparison per call and a single event.
pub fn data_changed(route: &str) {
    let first = CHANGED.with(|changed| {
        let mut changed = changed.borrow_mut();
        let first = changed.is_empty();
        if !changed.iter().any(|known| known == route) {
            changed.push(route.to_owned());
        }
        first
    });
    if first {
        if let (Some(window), Some(tell)) = (web_sys::window(), TELL.with(Clone::clone)) {
            window.queue_microtask(&tell);
        }
    }
}

fn tell_changed() {
    for route in CHANGED.with(|changed| std::mem::take(&mut *changed.borrow_mut())) {
        dispatch("wxweb:data", &crate::bridge::object(&[("route", route.as_str().into())]));
    }
}
