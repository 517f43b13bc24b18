//! The runtime's developer hooks: DOM events on `window` that the simulator's overlay and
//! panels listen to, `wxweb:error`, `wxweb:data` and `wxweb:storage` (see the README's
//! runtime section). Browser primitives: `CustomEvent`, `EventTarget.dispatchEvent`.
//! With nobody listening, an event costs one object and one dispatch (about a
//! microsecond); a listener that throws is the browser's to report, never ours.

use wasm_bindgen::JsValue;
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
/// the file's path).
pub fn storage_changed(area: &str, op: &str, key: Option<&str>) {
    let key = key.map_or(JsValue::NULL, JsValue::from_str);
    let detail = crate::bridge::object(&[("area", area.into()), ("op", op.into()), ("key", key)]);
    dispatch("wxweb:storage", &detail);
}

/// `wxweb:data` `{route}` after a page's `setData` (or `update`) changed its data and view.
pub fn data_changed(route: &str) {
    dispatch("wxweb:data", &crate::bridge::object(&[("route", route.into())]));
}
