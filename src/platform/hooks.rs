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
/// sets it when first shown). The writes of a turn are told in a microtask after it, which
/// reads the flag once: reading it, or dispatching, on every write made `setStorageSync`
/// half again as slow. At most [`STORAGE_TOLD`] writes a turn are told; the panel re-reads
/// everything on each event, so it misses nothing.
pub fn storage_changed(area: &'static str, op: &'static str, key: Option<&str>) {
    let first = WRITES.with(|writes| {
        let mut writes = writes.borrow_mut();
        let first = writes.is_empty();
        if writes.len() < STORAGE_TOLD {
            writes.push((area, op, key.map(str::to_owned)));
        }
        first
    });
    if first {
        if let (Some(window), Some(tell)) = (web_sys::window(), TELL_WRITES.with(Clone::clone)) {
            window.queue_microtask(&tell);
        }
    }
}

/// How many storage writes a turn are told at most.
const STORAGE_TOLD: usize = 100;

fn tell_writes() {
    let writes = WRITES.with(|writes| std::mem::take(&mut *writes.borrow_mut()));
    if !inspecting("inspectStorage") {
        return;
    }
    for (area, op, key) in writes {
        let key = key.map_or(JsValue::NULL, |key| JsValue::from_str(&key));
        let detail =
            crate::bridge::object(&[("area", area.into()), ("op", op.into()), ("key", key)]);
        dispatch("wxweb:storage", &detail);
    }
}

/// Whether `globalThis.wxweb[flag]` is `true` (a getter that throws means no).
fn inspecting(flag: &str) -> bool {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("wxweb"))
        .ok()
        .filter(JsValue::is_object)
        .and_then(|wxweb| js_sys::Reflect::get(&wxweb, &JsValue::from_str(flag)).ok())
        .is_some_and(|value| value.as_bool() == Some(true))
}

/// A storage write waiting for its turn's end: area, wx function, key.
type Write = (&'static str, &'static str, Option<String>);

thread_local! {
    /// The storage writes of this turn, told in a microtask.
    static WRITES: RefCell<Vec<Write>> = const { RefCell::new(Vec::new()) };
    /// The microtask that tells them, made once.
    static TELL_WRITES: Option<Function> = Some(Closure::<dyn Fn()>::new(tell_writes).into_js_value().unchecked_into());
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
