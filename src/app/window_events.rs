//! The browser window's events that concern the app: the history moving (`popstate`),
//! the phone's window scrolling (its `<wx-body>`), the tab going to the background
//! (`visibilitychange`), and errors thrown later by the app's code (`error`,
//! `unhandledrejection`). They are handed to a [`WindowHandler`] while it lives.

use std::rc::Weak;

use gloo_events::EventListener;
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, HtmlElement};

/// What hears the window's events.
pub trait WindowHandler {
    /// The browser's back or forward button moved to the history entry with `state`.
    fn history_moved(&self, state: &JsValue);
    /// The window's body scrolled.
    fn scrolled(&self);
    /// The document was hidden (the app goes to the background) or shown again.
    fn visibility_changed(&self, hidden: bool);
    /// Something was thrown, or a promise rejected (`promise`), outside any call of
    /// ours; `true` when reported, so the browser's own report is left out.
    fn uncaught(&self, error: &JsValue, promise: Option<&JsValue>) -> bool;
}

/// The listeners; dropping this removes them.
pub struct WindowEvents {
    _listeners: Vec<EventListener>,
}

impl WindowEvents {
    /// Listens on the window, the document and `viewport` (the element that scrolls).
    pub fn listen(
        doc: &Document,
        viewport: &HtmlElement,
        handler: Weak<dyn WindowHandler>,
    ) -> Option<WindowEvents> {
        let window = web_sys::window()?;
        let weak = handler.clone();
        let popstate = EventListener::new(&window, "popstate", move |event| {
            if let (Some(handler), Some(event)) =
                (weak.upgrade(), event.dyn_ref::<web_sys::PopStateEvent>())
            {
                handler.history_moved(&event.state());
            }
        });
        let weak = handler.clone();
        let scroll = EventListener::new(viewport, "scroll", move |_| {
            if let Some(handler) = weak.upgrade() {
                handler.scrolled();
            }
        });
        let weak = handler.clone();
        let document = doc.clone();
        let visibility = EventListener::new(doc, "visibilitychange", move |_| {
            if let Some(handler) = weak.upgrade() {
                handler.visibility_changed(document.hidden());
            }
        });
        let weak = handler.clone();
        let errors = EventListener::new(&window, "error", move |event| {
            if let (Some(handler), Some(event)) =
                (weak.upgrade(), event.dyn_ref::<web_sys::ErrorEvent>())
            {
                if handler.uncaught(&event.error(), None) {
                    event.prevent_default();
                }
            }
        });
        let rejections = EventListener::new(&window, "unhandledrejection", move |event| {
            if let Some(handler) = handler.upgrade() {
                let reason = Reflect::get(event, &"reason".into()).unwrap_or_default();
                let promise = Reflect::get(event, &"promise".into()).unwrap_or_default();
                if handler.uncaught(&reason, Some(&promise)) {
                    event.prevent_default();
                }
            }
        });
        Some(WindowEvents { _listeners: vec![popstate, scroll, visibility, errors, rejections] })
    }
}
