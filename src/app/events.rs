//! WeChat's events on a page: browser events on `<wx-page>` become `bind*`/`catch*`
//! handler calls with WeChat's event object `{type, timeStamp, target, currentTarget,
//! detail, touches, changedTouches}`.
//!
//! `tap` comes from `click`; `touchstart/move/end/cancel` from pointer events (so a
//! mouse works on desktop); `longtap` from a press held 350 ms without moving, after
//! which the release is no tap. Components report their own events (`input`, `change`,
//! `submit`, …) as `wx:<type>` custom events. Touch events and taps bubble to the
//! ancestors' handlers until a `catch` handler; component events reach only their
//! component, as in WeChat.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, Element, Event, PointerEvent};
use wxweb_core::app::navigation::{Navigation, Navigator};

use super::page::Page;
use crate::bridge::{object, read};
use crate::view::render::{DATASET, ON};

/// How long a press lasts before it is a `longtap`, and how far it may wander.
const LONG_PRESS_MS: u32 = 350;
const TAP_SLOP_PX: f64 = 10.0;

/// Component events, reported by the components as `wx:<type>`.
const COMPONENT_EVENTS: [&str; 25] = [
    "input",
    "focus",
    "blur",
    "confirm",
    "change",
    "changing",
    "cancel",
    "submit",
    "reset",
    "scroll",
    "scrolltoupper",
    "scrolltolower",
    "linechange",
    "load",
    "error",
    "play",
    "pause",
    "ended",
    "timeupdate",
    "columnchange",
    "animationfinish",
    "navigate",
    "markertap",
    "controltap",
    "regionchange",
];

/// The press in progress on a page.
#[derive(Default)]
struct Pointer {
    down: Option<(f64, f64)>,
    timer: Option<Timeout>,
    long_fired: bool,
}

/// What the listeners of one page share: the page, its press in progress, and where
/// `<navigator>` sends its navigations.
struct Events {
    page: Weak<Page>,
    pointer: RefCell<Pointer>,
    navigator: Weak<dyn Navigator>,
}

/// Listens on `page.root()` for everything above; the page holds the listeners.
/// `<navigator>`'s navigations go to `navigator`.
pub fn listen(page: &Rc<Page>, navigator: Weak<dyn Navigator>) {
    let events =
        Rc::new(Events { page: Rc::downgrade(page), pointer: RefCell::default(), navigator });
    on(page, &events, "click", |events, page, event| {
        let fired = std::mem::take(&mut events.pointer.borrow_mut().long_fired);
        if !fired {
            let (x, y) = page_xy(page, event);
            dispatch(page, "tap", event, object(&[("x", x.into()), ("y", y.into())]));
        }
    });
    let long_press = Rc::downgrade(&events);
    on(page, &events, "pointerdown", move |events, page, event| {
        let (x, y) = page_xy(page, event);
        let weak = long_press.clone();
        let target = event.target();
        let timer = Timeout::new(LONG_PRESS_MS, move || {
            let Some(events) = weak.upgrade() else { return };
            let Some(page) = events.page.upgrade() else { return };
            events.pointer.borrow_mut().long_fired = true;
            if let Some(target) = &target {
                dispatch_from(
                    &page,
                    "longtap",
                    target,
                    &JsValue::UNDEFINED,
                    object(&[("x", x.into()), ("y", y.into())]),
                );
            }
        });
        *events.pointer.borrow_mut() =
            Pointer { down: Some((x, y)), timer: Some(timer), long_fired: false };
        dispatch(page, "touchstart", event, object(&[]));
    });
    on(page, &events, "pointermove", |events, page, event| {
        let Some((x0, y0)) = events.pointer.borrow().down else { return };
        let (x, y) = page_xy(page, event);
        if (x - x0).hypot(y - y0) > TAP_SLOP_PX {
            events.pointer.borrow_mut().timer = None;
        }
        dispatch(page, "touchmove", event, object(&[]));
    });
    for (kind, wx_kind) in [("pointerup", "touchend"), ("pointercancel", "touchcancel")] {
        on(page, &events, kind, move |events, page, event| {
            let pressed = {
                let mut pointer = events.pointer.borrow_mut();
                pointer.timer = None;
                pointer.down.take().is_some()
            };
            if pressed {
                dispatch(page, wx_kind, event, object(&[]));
            }
        });
    }
    for kind in COMPONENT_EVENTS {
        on(page, &events, &format!("wx:{kind}"), move |events, page, event| {
            let detail = event.dyn_ref::<CustomEvent>().map(|e| e.detail()).unwrap_or_default();
            if kind == "navigate" {
                navigate(events, &detail);
            } else {
                dispatch(page, kind, event, detail);
            }
        });
    }
}

/// Listens on the page's element for `kind`, handing `handle` the shared state and the
/// page while the page lives; the page holds the listener.
fn on(
    page: &Page,
    events: &Rc<Events>,
    kind: &str,
    handle: impl Fn(&Events, &Rc<Page>, &Event) + 'static,
) {
    let events = events.clone();
    page.hold(EventListener::new(page.root(), kind.to_owned(), move |event| {
        if let Some(page) = events.page.upgrade() {
            handle(&events, &page, event);
        }
    }));
}

/// `<navigator url open-type delta>`: the navigation it asks for.
fn navigate(events: &Events, detail: &JsValue) {
    let Some(navigator) = events.navigator.upgrade() else { return };
    let field = |name: &str| Reflect::get(detail, &name.into()).unwrap_or_default();
    let url = field("url").as_string().unwrap_or_default();
    let navigation = match field("openType").as_string().as_deref() {
        Some("redirect") => Navigation::Redirect(url.clone()),
        Some("navigateBack") => Navigation::Back(field("delta").as_f64().unwrap_or(1.0)),
        Some("switchTab") => Navigation::SwitchTab(url.clone()),
        Some("reLaunch") => Navigation::ReLaunch(url.clone()),
        _ => Navigation::To(url.clone()),
    };
    if let Err(reason) = navigator.navigate(navigation) {
        crate::platform::js::console_warn(&format!("<navigator url=\"{url}\">: {reason}"));
    }
}

fn dispatch(page: &Rc<Page>, kind: &str, event: &Event, detail: JsValue) {
    if let Some(target) = event.target() {
        dispatch_from(page, kind, &target, event.as_ref(), detail);
    }
}

/// Calls the handlers for `kind` from the component `origin` is in, outwards.
fn dispatch_from(
    page: &Rc<Page>,
    kind: &str,
    origin: &web_sys::EventTarget,
    native: &JsValue,
    detail: JsValue,
) {
    let Some(target) = component_of(origin, page.root()) else { return };
    let bubbles =
        matches!(kind, "tap" | "longtap" | "touchstart" | "touchmove" | "touchend" | "touchcancel");
    let touches = touches_of(page, native);
    let stamp = native.dyn_ref::<Event>().map(|e| e.time_stamp()).unwrap_or_else(|| page.born())
        - page.born();
    let mut current = Some(target.clone());
    while let Some(element) = current {
        if &element == page.root().as_ref() as &Element {
            break;
        }
        if let Some((handler, catch)) = binding(&element, kind) {
            let event = object(&[
                ("type", kind.into()),
                ("timeStamp", stamp.max(0.0).round().into()),
                ("target", node_info(&target)),
                ("currentTarget", node_info(&element)),
                ("detail", detail.clone()),
                ("touches", touches.clone()),
                ("changedTouches", touches.clone()),
            ]);
            // `<map bindregionchange>`: the event's `type` is "begin" or "end", as in WeChat.
            if kind == "regionchange" {
                let phase = Reflect::get(&detail, &"type".into()).unwrap_or_default();
                let _ = Reflect::set(&event, &"type".into(), &phase);
            }
            // `<map bindmarkertap|bindcontroltap>`: 1.x pages read `e.markerId` and
            // `e.controlId` on the event itself; later ones read them in `e.detail`.
            let id = match kind {
                "markertap" => Some("markerId"),
                "controltap" => Some("controlId"),
                _ => None,
            };
            if let Some(id) = id {
                let value = Reflect::get(&detail, &id.into()).unwrap_or_default();
                let _ = Reflect::set(&event, &id.into(), &value);
            }
            match page.call(&handler, &[event]) {
                Some(returned) => {
                    // `bindinput` returning text replaces the input's value (WeChat 1.x).
                    if kind == "input" && (returned.as_string().is_some() || returned.as_f64().is_some()) {
                        let _ = Reflect::set(&target, &"value".into(), &returned);
                    }
                }
                None => crate::platform::js::console_warn(&format!(
                    "Component \"{}\" does not have a method \"{handler}\" to handle event \"{kind}\".",
                    page.route()
                )),
            }
            if catch {
                break;
            }
        }
        if !bubbles {
            break;
        }
        current = element.parent_element();
    }
}

/// The nearest WXML element (`<wx-*>`) at or above `origin`, below the page's root.
fn component_of(origin: &web_sys::EventTarget, root: &web_sys::HtmlElement) -> Option<Element> {
    let mut node = origin.dyn_ref::<web_sys::Node>().cloned();
    while let Some(current) = node {
        if let Some(element) = current.dyn_ref::<Element>() {
            if element == root.as_ref() as &Element {
                return None;
            }
            if element.tag_name().starts_with("WX-") {
                return Some(element.clone());
            }
        }
        node = current.parent_node();
    }
    None
}

/// `(handler name, catch)` bound on `element` for `kind`.
fn binding(element: &Element, kind: &str) -> Option<(String, bool)> {
    let bindings = Reflect::get(element, &ON.into()).ok().filter(|b| b.is_object())?;
    let binding = read::elements(&Reflect::get(&bindings, &kind.into()).ok()?).ok()??;
    Some((binding.get(0).as_string()?, binding.get(1).as_bool().unwrap_or(false)))
}

/// `{id, offsetLeft, offsetTop, dataset}` of an element, as in `event.target`.
fn node_info(element: &Element) -> JsValue {
    let dataset = Reflect::get(element, &DATASET.into()).ok().filter(|d| d.is_object());
    let (left, top) = element
        .dyn_ref::<web_sys::HtmlElement>()
        .map(|e| (e.offset_left(), e.offset_top()))
        .unwrap_or_default();
    object(&[
        ("id", element.id().into()),
        ("offsetLeft", left.into()),
        ("offsetTop", top.into()),
        ("dataset", dataset.unwrap_or_else(|| Object::new().into())),
    ])
}

/// The pointer's position in the page (`pageX/pageY`, scrolling included) and in the
/// visible area (`clientX/clientY`), in the mini program's CSS pixels: when the simulator
/// scales its frame down to fit the window, distances on the screen are divided by the
/// scale (the page's drawn width over its layout width).
fn positions(page: &Page, event: &JsValue) -> Option<(f64, f64, f64, f64)> {
    let event = event.dyn_ref::<web_sys::MouseEvent>()?;
    let (x, y) = (f64::from(event.client_x()), f64::from(event.client_y()));
    let root = page.root();
    let page_rect = root.get_bounding_client_rect();
    let layout_width = f64::from(root.client_width());
    let scale = if layout_width > 0.0 && page_rect.width() > 0.0 {
        page_rect.width() / layout_width
    } else {
        1.0
    };
    let visible = root
        .parent_element()
        .map(|p| p.get_bounding_client_rect())
        .unwrap_or_else(|| page_rect.clone());
    Some((
        (x - page_rect.left()) / scale,
        (y - page_rect.top()) / scale,
        (x - visible.left()) / scale,
        (y - visible.top()) / scale,
    ))
}

fn page_xy(page: &Page, event: &Event) -> (f64, f64) {
    positions(page, event.as_ref()).map(|(x, y, _, _)| (x, y)).unwrap_or_default()
}

fn touches_of(page: &Page, native: &JsValue) -> JsValue {
    let Some((page_x, page_y, client_x, client_y)) = positions(page, native) else {
        return Array::new().into();
    };
    let identifier = native.dyn_ref::<PointerEvent>().map(|e| e.pointer_id()).unwrap_or(0);
    let touch = object(&[
        ("identifier", identifier.into()),
        ("pageX", page_x.into()),
        ("pageY", page_y.into()),
        ("clientX", client_x.into()),
        ("clientY", client_y.into()),
    ]);
    Array::of1(&touch).into()
}
