//! Pull-down refresh on pages whose window has `enablePullDownRefresh`: dragging the page
//! down from its top (a finger, or the mouse on a desktop) reveals WeChat's three dots
//! over the window's background; released far enough, the page stays open by
//! [`REFRESH_PX`] and `onPullDownRefresh` runs until `wx.stopPullDownRefresh()`.
//! Browser primitives: pointer events (mouse) and touch events (fingers, so the pull can
//! keep the browser from scrolling), CSS transforms.

use std::cell::Cell;
use std::rc::{Rc, Weak};

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{Event, HtmlElement};

use super::page::Page;

/// How far the page opens while refreshing, and how far a pull must go to refresh.
const REFRESH_PX: f64 = 50.0;
/// The farthest the page follows a pull (it moves half as far as the finger).
const MAX_PULL_PX: f64 = 80.0;

pub struct PullDown {
    /// The page shown, which is the one pulled.
    current: Box<dyn Fn() -> Option<Rc<Page>>>,
    viewport: HtmlElement,
    indicator: HtmlElement,
    /// The pointer's y where the pull started, while one is in progress.
    start: Cell<Option<f64>>,
    offset: Cell<f64>,
    refreshing: Cell<bool>,
    _listeners: Vec<EventListener>,
}

impl PullDown {
    /// Listens on `viewport` (the window's scrolling body, where the dots go), where
    /// `current` tells which page shows.
    pub fn new(
        viewport: &HtmlElement,
        current: impl Fn() -> Option<Rc<Page>> + 'static,
    ) -> Option<Rc<PullDown>> {
        let document = web_sys::window()?.document()?;
        let indicator: HtmlElement = document.create_element("wx-refresh").ok()?.dyn_into().ok()?;
        indicator.set_attribute("aria-hidden", "true").ok()?;
        for _ in 0..3 {
            let dot = document.create_element("i").ok()?;
            indicator.append_child(&dot).ok()?;
        }
        viewport.prepend_with_node_1(&indicator).ok()?;
        let _ = viewport.style().set_property("overscroll-behavior-y", "contain");
        Some(Rc::new_cyclic(|weak: &Weak<PullDown>| {
            let on = |kind: &'static str, passive: bool, handle: fn(&PullDown, &Event)| {
                let weak = weak.clone();
                let options = if passive {
                    EventListenerOptions::default()
                } else {
                    EventListenerOptions::enable_prevent_default()
                };
                EventListener::new_with_options(viewport, kind, options, move |event| {
                    if let Some(pull) = weak.upgrade() {
                        handle(&pull, event);
                    }
                })
            };
            let listeners = vec![
                on("pointerdown", true, |pull, event| {
                    if is_mouse(event) {
                        pull.begin(y_of(event));
                    }
                }),
                on("pointermove", true, |pull, event| {
                    if is_mouse(event) {
                        pull.follow(y_of(event), event);
                    }
                }),
                on("pointerup", true, |pull, _| pull.release()),
                on("touchstart", true, |pull, event| pull.begin(y_of(event))),
                on("touchmove", false, |pull, event| pull.follow(y_of(event), event)),
                on("touchend", true, |pull, _| pull.release()),
                on("touchcancel", true, |pull, _| pull.release()),
            ];
            PullDown {
                current: Box::new(current),
                viewport: viewport.clone(),
                indicator,
                start: Cell::new(None),
                offset: Cell::new(0.0),
                refreshing: Cell::new(false),
                _listeners: listeners,
            }
        }))
    }

    fn begin(&self, y: Option<f64>) {
        let enabled = (self.current)().is_some_and(|page| page.window().pull_down_refresh);
        if enabled && !self.refreshing.get() && self.viewport.scroll_top() <= 0 {
            self.start.set(y);
        }
    }

    fn follow(&self, y: Option<f64>, event: &Event) {
        let (Some(start), Some(y)) = (self.start.get(), y) else { return };
        let offset = ((y - start) / 2.0).clamp(0.0, MAX_PULL_PX);
        if offset > 0.0 {
            event.prevent_default(); // the page follows the finger instead of scrolling
        }
        self.show(offset, false);
    }

    fn release(&self) {
        if self.start.take().is_none() {
            return;
        }
        if self.offset.get() >= REFRESH_PX {
            self.refreshing.set(true);
            self.show(REFRESH_PX, true);
            if let Some(page) = (self.current)() {
                page.call("onPullDownRefresh", &[]);
            }
        } else {
            self.show(0.0, true);
        }
    }

    /// `wx.stopPullDownRefresh()`: the page closes over the dots.
    pub fn stop(&self) {
        self.refreshing.set(false);
        self.start.set(None);
        self.show(0.0, true);
    }

    /// Opens the page by `offset` px, with an easing when `animate`.
    fn show(&self, offset: f64, animate: bool) {
        self.offset.set(offset);
        let transition = if animate { "transform .3s ease" } else { "none" };
        let transform =
            if offset > 0.0 { format!("translateY({offset}px)") } else { String::new() };
        if let Some(page) = (self.current)() {
            let style = page.root().style();
            let _ = style.set_property("transition", transition);
            let _ = style.set_property("transform", &transform);
        }
        let style = self.indicator.style();
        let _ = style.set_property("height", &format!("{offset}px"));
        let _ = style.set_property("transition", if animate { "height .3s ease" } else { "none" });
        let _ =
            self.indicator.toggle_attribute_with_force("data-refreshing", self.refreshing.get());
    }
}

fn is_mouse(event: &Event) -> bool {
    event.dyn_ref::<web_sys::PointerEvent>().is_some_and(|e| {
        e.pointer_type() == "mouse" && (e.buttons() & 1 == 1 || e.type_() == "pointerdown")
    })
}

/// The vertical position of a mouse or of the first finger.
fn y_of(event: &Event) -> Option<f64> {
    if let Some(mouse) = event.dyn_ref::<web_sys::MouseEvent>() {
        return Some(f64::from(mouse.client_y()));
    }
    let touches = event.dyn_ref::<web_sys::TouchEvent>()?.touches();
    touches.get(0).map(|touch| f64::from(touch.client_y()))
}
