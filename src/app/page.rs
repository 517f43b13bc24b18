//! One open page: its instance object (`this` in Page methods, with `data`, `route`,
//! `setData` and `update`), its element `<wx-page>`, its data as [`Value`]s, its
//! rendered [`View`] and where it is in its lifecycle.
//!
//! As in WeChat, the `Page({...})` object's methods are bound to the instance, so a
//! method passed on as a plain function (`setInterval(this.drawBall, 17)`) keeps `this`.
//!
//! Lifecycle: `onLoad(query)` and `onShow` run at once; `onReady` runs in a later task
//! (a `setTimeout` of 0), once the first render is in the document and what `onLoad` and
//! `onShow` queued (promise callbacks, `setTimeout(…, 0)`) has run, as WeChat calls it
//! when the view layer reports its first render. A page always has its `onShow` before
//! its `onHide` or `onUnload`, even when it navigates away in its `onLoad`; a page
//! unloaded before its `onReady` never gets it.
//!
//! `setData` changes `this.data` and the view together, synchronously, or neither: every
//! key is checked before anything changes. A `setData` made while the page is rendering
//! (a component reacting to a property) runs right after that render.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use gloo_timers::callback::Timeout;
use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use wxweb_core::app::path::{self, Seg};
use wxweb_core::app::route;
use wxweb_core::template::program::Program;
use wxweb_core::template::scope::Changes;
use wxweb_core::value::Value;

use super::app_json::Window;
use super::instance::AppInstance;
use crate::bridge::read::{self, Thrown};
use crate::view::convert::{from_js, to_js, Unfit};
use crate::view::render::View;

pub struct Page {
    route: String,
    /// The raw query string the page was opened with (`id=1&x=2`).
    query: String,
    /// The page instance mini-program code sees as `this`.
    this: Object,
    root: HtmlElement,
    window: Window,
    /// When the page opened (`performance.now()`), for events' `timeStamp`.
    born: f64,
    /// Where the page's code reports what it throws.
    app: Rc<AppInstance>,
    /// app.json's `debug`: lifecycle calls are traced on the console.
    debug: bool,
    /// The viewport's scroll position while the page is hidden.
    scroll_top: Cell<i32>,
    /// Whether `onReachBottom` has fired since the page was last away from the bottom.
    at_bottom: Cell<bool>,
    /// The navigation bar's title (setNavigationBarTitle) and loading indicator.
    title: RefCell<String>,
    nav_loading: Cell<bool>,
    state: RefCell<State>,
    queued: RefCell<Vec<(JsValue, JsValue)>>,
    listeners: RefCell<Vec<gloo_events::EventListener>>,
    /// Where the page is in its lifecycle.
    phase: Cell<Phase>,
    /// The pending `onReady` call; dropping it cancels it.
    ready_timer: RefCell<Option<Timeout>>,
    /// Settles once `onReady` has run or can no longer run (see [`Page::ready`]).
    ready: Promise,
    settle_ready: RefCell<Option<Function>>,
}

/// A page's place in its lifecycle.
#[derive(Clone, Copy, PartialEq)]
enum Phase {
    /// Made, `onLoad` not yet called or running.
    Loading,
    /// `onShow` has been called.
    Open,
    /// `onUnload` has been called.
    Unloaded,
}

struct State {
    data: Value,
    view: Option<View>,
}

/// Where and what a page opens with.
pub struct Opening<'a> {
    pub route: &'a str,
    pub query: &'a str,
    /// The `Page({...})` options, if the page's file registered any.
    pub options: Option<&'a Object>,
    pub window: Window,
    /// The page's element `<wx-page>`, already in the viewport.
    pub root: HtmlElement,
    pub debug: bool,
}

impl Page {
    /// Makes the instance from the `Page({...})` options: methods are bound to it,
    /// custom members are shared, `data` is a deep copy, as in WeChat.
    pub fn new(app: Rc<AppInstance>, opening: Opening) -> Rc<Page> {
        let Opening { route, query, options, window, root, debug } = opening;
        let this = Object::new();
        let mut data = Value::object(Default::default());
        if let Some(options) = options {
            // Options whose keys cannot be read count as none.
            for key in read::keys(options).unwrap_or_default().iter() {
                let value = Reflect::get(options, &key).unwrap_or_default();
                if key.as_string().as_deref() == Some("data") {
                    if let Ok(Some(initial @ Value::Object(_))) = from_js(&value) {
                        data = initial;
                    }
                } else {
                    let _ = Reflect::set(&this, &key, &super::report::bound(&value, &this));
                }
            }
        }
        let _ = Reflect::set(&this, &"data".into(), &to_js(&data));
        let _ = Reflect::set(&this, &"route".into(), &route.into());
        let _ = Reflect::set(&this, &"__route__".into(), &route.into());
        let born =
            web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_default();
        let mut settle_ready = None;
        let ready = Promise::new(&mut |resolve, _| settle_ready = Some(resolve));
        let page = Rc::new(Page {
            route: route.to_owned(),
            query: query.to_owned(),
            this,
            root,
            born,
            app,
            debug,
            scroll_top: Cell::new(0),
            at_bottom: Cell::new(false),
            title: RefCell::new(window.title.clone()),
            nav_loading: Cell::new(false),
            window,
            state: RefCell::new(State { data, view: None }),
            queued: RefCell::default(),
            listeners: RefCell::default(),
            phase: Cell::new(Phase::Loading),
            ready_timer: RefCell::default(),
            ready,
            settle_ready: RefCell::new(settle_ready),
        });
        let weak = Rc::downgrade(&page);
        let set_data = Closure::<dyn Fn(JsValue, JsValue) -> Result<(), JsValue>>::new(
            move |data, callback| {
                weak.upgrade().map_or(Ok(()), |page| page.set_data(data, callback))
            },
        );
        // The closures live as long as the instance object that holds them.
        let _ = Reflect::set(&page.this, &"setData".into(), &set_data.into_js_value());
        let has_update = Reflect::has(&page.this, &"update".into()).unwrap_or(true);
        if !has_update {
            let weak = Rc::downgrade(&page);
            let update = Closure::<dyn Fn() -> Result<(), JsValue>>::new(move || {
                weak.upgrade().map_or(Ok(()), |page| page.update())
            });
            let _ = Reflect::set(&page.this, &"update".into(), &update.into_js_value());
        }
        page
    }

    /// The page's path without extension (`pages/index/index`).
    pub fn route(&self) -> &str {
        &self.route
    }

    /// The raw query string the page was opened with.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// The page's element `<wx-page>`.
    pub fn root(&self) -> &HtmlElement {
        &self.root
    }

    /// The page's window settings: app.json's, with the page's `.json` over them.
    pub fn window(&self) -> &Window {
        &self.window
    }

    /// When the page opened, on the clock of events' `timeStamp`.
    pub fn born(&self) -> f64 {
        self.born
    }

    /// The instance, as `getCurrentPages()` lists it.
    pub fn instance(&self) -> JsValue {
        self.this.clone().into()
    }

    /// The navigation bar's title for this page.
    pub fn title(&self) -> String {
        self.title.borrow().clone()
    }

    /// `wx.setNavigationBarTitle` while this page is current.
    pub fn set_title(&self, title: String) {
        *self.title.borrow_mut() = title;
    }

    /// Whether the navigation bar shows its loading indicator for this page.
    pub fn nav_loading(&self) -> bool {
        self.nav_loading.get()
    }

    /// `wx.showNavigationBarLoading` / `hideNavigationBarLoading` while this page is current.
    pub fn set_nav_loading(&self, loading: bool) {
        self.nav_loading.set(loading);
    }

    /// `onLoad(query)` and `onShow` now, once the page is on top of the stack, and
    /// `onReady` in a later task (see the module's header). `this` is the page's own
    /// `Rc`, which the pending `onReady` call holds weakly.
    pub fn start(self: &Rc<Self>) {
        self.call("onLoad", &[query_object(&self.query)]);
        if self.phase.get() == Phase::Loading {
            self.phase.set(Phase::Open);
            self.call("onShow", &[]);
        }
        if self.phase.get() == Phase::Unloaded {
            return;
        }
        let weak: Weak<Page> = Rc::downgrade(self);
        let timer = Timeout::new(0, move || {
            if let Some(page) = weak.upgrade() {
                page.ready_timer.borrow_mut().take();
                page.call("onReady", &[]);
                page.settle_ready();
                page.announce_shown();
            }
        });
        *self.ready_timer.borrow_mut() = Some(timer);
    }

    /// A promise that settles once the page's `onReady` has run, or once the page is
    /// unloaded before it: the simulator's launch waits for the first page's.
    pub fn ready(&self) -> Promise {
        self.ready.clone()
    }

    /// Dispatches `wxweb:pageready` on `window` (a `CustomEvent` with `{route, query}`)
    /// when this page is open and showing: after its `onReady`, and after its `onShow` on
    /// the way back or to a kept tab. Headless tests wait for it (README, "Testing your
    /// mini program in CI").
    pub fn announce_shown(&self) {
        if self.phase.get() != Phase::Open || self.root.hidden() {
            return;
        }
        let detail = Object::new();
        let _ = Reflect::set(&detail, &"route".into(), &self.route.as_str().into());
        let _ = Reflect::set(&detail, &"query".into(), &query_object(&self.query));
        let init = web_sys::CustomEventInit::new();
        init.set_detail(&detail);
        let event = web_sys::CustomEvent::new_with_event_init_dict("wxweb:pageready", &init);
        if let (Some(window), Ok(event)) = (web_sys::window(), event) {
            let _ = window.dispatch_event(&event);
        }
    }

    fn settle_ready(&self) {
        if let Some(resolve) = self.settle_ready.borrow_mut().take() {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    }

    /// Hides the page for another to open over it (`onHide`), keeping the viewport's
    /// scroll position `scroll_top` for its return. A page still in its `onLoad` gets its
    /// `onShow` first, so `onHide` always follows an `onShow`.
    pub fn hide(&self, scroll_top: i32) {
        if self.phase.get() == Phase::Loading {
            self.phase.set(Phase::Open);
            self.call("onShow", &[]);
        }
        self.scroll_top.set(scroll_top);
        self.root.set_hidden(true);
        self.call("onHide", &[]);
    }

    /// Shows the page again once the pages over it are gone (before its `onShow`);
    /// returns the scroll position it had.
    pub fn reveal(&self) -> i32 {
        self.root.set_hidden(false);
        self.scroll_top.get()
    }

    /// `onUnload` (after `onShow` for a page still in its `onLoad`), then the page's
    /// element leaves the document; a pending `onReady` is cancelled.
    pub fn unload(&self) {
        match self.phase.replace(Phase::Unloaded) {
            Phase::Unloaded => return,
            Phase::Loading => {
                self.call("onShow", &[]);
            }
            Phase::Open => {}
        }
        self.ready_timer.borrow_mut().take();
        self.call("onUnload", &[]);
        self.settle_ready();
        self.root.remove();
    }

    /// The viewport scrolled to `remaining` px from the end: `onReachBottom` once within
    /// the window's `onReachBottomDistance`, and again only after leaving it.
    pub fn scrolled(&self, remaining: f64) {
        let near = remaining <= self.window.reach_bottom_distance;
        if near && !self.at_bottom.get() {
            self.at_bottom.set(true);
            self.call("onReachBottom", &[]);
        } else if !near {
            self.at_bottom.set(false);
        }
    }

    /// Renders the page's template with its initial data.
    pub fn render(&self, program: Rc<Program>, doc: web_sys::Document) {
        let mut state = self.state.borrow_mut();
        let view = View::new(program, doc, &self.root, &state.data);
        state.view = Some(view);
    }

    /// Keeps `listener` for as long as the page lives.
    pub fn hold(&self, listener: gloo_events::EventListener) {
        self.listeners.borrow_mut().push(listener);
    }

    /// Calls the instance's method `name` (a lifecycle function or an event handler),
    /// reporting what it throws. `None` when there is no such method.
    pub fn call(&self, name: &str, args: &[JsValue]) -> Option<JsValue> {
        if name.starts_with("on") && self.debug {
            crate::platform::js::console_debug(&format!("[wxweb] {} {name}", self.route));
        }
        let method = super::report::method(&self.this, name)?;
        let args: Array = args.iter().collect();
        match method.apply(&self.this, &args) {
            Ok(returned) => Some(returned),
            Err(error) => {
                self.app.report(&error, &format!("{} {name}", self.route));
                Some(JsValue::UNDEFINED)
            }
        }
    }

    /// `this.setData(data, callback)`.
    pub fn set_data(&self, data: JsValue, callback: JsValue) -> Result<(), JsValue> {
        let thrown =
            |thrown: Thrown| JsValue::from(js_sys::Error::new(&format!("setData: {}", thrown.0)));
        if !data.is_object() || read::is_array(&data).map_err(thrown)? {
            return Err(js_sys::TypeError::new("setData: data must be an object").into());
        }
        let Ok(mut state) = self.state.try_borrow_mut() else {
            self.queued.borrow_mut().push((data, callback));
            return Ok(());
        };
        let object: &Object = data.unchecked_ref();
        let mut updates: Vec<(Vec<Seg>, JsValue, Value)> = Vec::new();
        for key in read::keys(object).map_err(thrown)?.iter() {
            let name = key.as_string().unwrap_or_default();
            let segs = path::parse_key(&name).map_err(|e| js_sys::Error::new(&e.to_string()))?;
            path::check(&state.data, &segs).map_err(|e| js_sys::Error::new(&e.to_string()))?;
            let value = Reflect::get(object, &key)
                .map_err(|error| thrown(Thrown::from_exception(error)))?;
            match from_js(&value) {
                Ok(Some(converted)) => updates.push((segs, value, converted)),
                Ok(None) => crate::platform::js::console_warn(&format!(
                    "setData: \"{name}\" is a function and is not data; it is left out"
                )),
                Err(Unfit::Threw(error)) => return Err(thrown(error)),
                Err(Unfit::TooDeep) => {
                    return Err(js_sys::Error::new(&format!(
                        "setData: \"{name}\" nests deeper than {} levels (a cycle?)",
                        crate::view::convert::MAX_DEPTH
                    ))
                    .into())
                }
            }
        }
        let js_data = self.js_data();
        let mut changed = Vec::with_capacity(updates.len());
        for (segs, js_value, value) in updates {
            // Checked above, so this cannot fail half-way.
            let _ = path::set(&mut state.data, &segs, value);
            set_js_path(&js_data, &segs, &js_value);
            changed.push(path::to_values(&segs));
        }
        let State { data, view } = &mut *state;
        if let Some(view) = view {
            view.update(data, &Changes::Paths(changed));
        }
        drop(state);
        crate::platform::hooks::data_changed(&self.route);
        if let Ok(callback) = callback.dyn_into::<Function>() {
            self.after_render(callback);
        }
        let queued = std::mem::take(&mut *self.queued.borrow_mut());
        for (data, callback) in queued {
            if let Err(error) = self.set_data(data, callback) {
                crate::platform::js::console_error("setData:", &error);
            }
        }
        Ok(())
    }

    /// `this.update()` of the 1.x base library: renders `this.data` as it stands, so
    /// changes made to it directly show; after a `setData` it changes nothing.
    pub fn update(&self) -> Result<(), JsValue> {
        let data = match from_js(&self.js_data().into()) {
            Ok(Some(data @ Value::Object(_))) => data,
            Ok(_) => return Ok(()),
            Err(Unfit::Threw(error)) => {
                return Err(js_sys::Error::new(&format!("update: {}", error.0)).into())
            }
            Err(Unfit::TooDeep) => {
                return Err(js_sys::Error::new(&format!(
                    "update: this.data nests deeper than {} levels (a cycle?)",
                    crate::view::convert::MAX_DEPTH
                ))
                .into())
            }
        };
        // During a render, the render under way shows `this.data` already.
        let Ok(mut state) = self.state.try_borrow_mut() else { return Ok(()) };
        state.data = data;
        let State { data, view } = &mut *state;
        if let Some(view) = view {
            view.update(data, &Changes::All);
        }
        drop(state);
        crate::platform::hooks::data_changed(&self.route);
        Ok(())
    }

    /// `this.data`, made an object again if the page replaced it with something else.
    fn js_data(&self) -> Object {
        match Reflect::get(&self.this, &"data".into())
            .ok()
            .and_then(|d| d.dyn_into::<Object>().ok())
        {
            Some(data) => data,
            None => {
                let data = to_js(&self.state.borrow().data);
                let _ = Reflect::set(&self.this, &"data".into(), &data);
                data.unchecked_into()
            }
        }
    }

    /// Runs a `setData` callback once the view shows the change, as WeChat calls it
    /// after the view layer's update.
    fn after_render(&self, callback: Function) {
        let this = self.this.clone();
        let app = self.app.clone();
        let context = format!("{} setData callback", self.route);
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(error) = callback.call0(&this) {
                app.report(&error, &context);
            }
        });
    }
}

/// The object `onLoad(query)` (and `onLaunch`'s `query`) receives for a raw query string.
pub fn query_object(query: &str) -> JsValue {
    let pairs = route::parse_query(query);
    let fields: Vec<(&str, JsValue)> =
        pairs.iter().map(|(k, v)| (k.as_str(), JsValue::from_str(v))).collect();
    crate::bridge::object(&fields)
}

/// Sets `path` in the JS object `root`, creating objects and arrays on the way as
/// [`path::set`] does for the page's [`Value`]s.
fn set_js_path(root: &Object, segs: &[Seg], value: &JsValue) {
    let mut current: JsValue = root.clone().into();
    for (i, seg) in segs.iter().enumerate() {
        let key = match seg {
            Seg::Key(name) => JsValue::from_str(name),
            Seg::Index(index) => JsValue::from_f64(*index as f64),
        };
        if i + 1 == segs.len() {
            let _ = Reflect::set(&current, &key, value);
            return;
        }
        let next = Reflect::get(&current, &key).unwrap_or_default();
        let next = if next.is_object() {
            next
        } else {
            let fresh: JsValue = match segs.get(i + 1) {
                Some(Seg::Index(_)) => Array::new().into(),
                _ => Object::new().into(),
            };
            let _ = Reflect::set(&current, &key, &fresh);
            fresh
        };
        current = next;
    }
}
