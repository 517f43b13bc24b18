//! One open page: its instance object (`this` in Page methods, with `data`, `route`
//! and `setData`), its element `<wx-page>`, its data as [`Value`]s and its rendered
//! [`View`].
//!
//! `setData` changes `this.data` and the view together, synchronously, or neither: every
//! key is checked before anything changes. A `setData` made while the page is rendering
//! (a component reacting to a property) runs right after that render.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use wxweb_core::app::path::{self, Seg};
use wxweb_core::template::program::Program;
use wxweb_core::template::scope::Changes;
use wxweb_core::value::Value;

use super::app_json::Window;
use super::events::Pointer;
use super::runtime::Runtime;
use crate::bridge::read::{self, Thrown};
use crate::view::convert::{from_js, to_js, Unfit};
use crate::view::render::View;

pub struct Page {
    pub route: String,
    /// The raw query string the page was opened with (`id=1&x=2`).
    pub query: String,
    /// The page instance mini-program code sees as `this`.
    pub this: Object,
    pub root: HtmlElement,
    pub window: Window,
    /// When the page opened (`performance.now()`), for events' `timeStamp`.
    pub born: f64,
    /// The viewport's scroll position while the page is hidden.
    pub scroll_top: Cell<i32>,
    /// Whether `onReachBottom` has fired since the page was last away from the bottom.
    pub at_bottom: Cell<bool>,
    pub pointer: RefCell<Pointer>,
    /// The navigation bar's title (setNavigationBarTitle) and loading indicator.
    pub title: RefCell<String>,
    pub nav_loading: Cell<bool>,
    pub runtime: Weak<Runtime>,
    state: RefCell<State>,
    queued: RefCell<Vec<(JsValue, JsValue)>>,
    listeners: RefCell<Vec<gloo_events::EventListener>>,
}

struct State {
    data: Value,
    view: Option<View>,
}

impl Page {
    /// Makes the instance from the `Page({...})` options: methods and custom members
    /// are shared, `data` is a deep copy, as in WeChat.
    pub fn new(
        runtime: &Rc<Runtime>,
        route: &str,
        query: &str,
        options: Option<&Object>,
        window: Window,
        root: HtmlElement,
    ) -> Rc<Page> {
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
                    let _ = Reflect::set(&this, &key, &value);
                }
            }
        }
        let _ = Reflect::set(&this, &"data".into(), &to_js(&data));
        let _ = Reflect::set(&this, &"route".into(), &route.into());
        let _ = Reflect::set(&this, &"__route__".into(), &route.into());
        let born =
            web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_default();
        let page = Rc::new(Page {
            route: route.to_owned(),
            query: query.to_owned(),
            this,
            root,
            born,
            scroll_top: Cell::new(0),
            at_bottom: Cell::new(false),
            pointer: RefCell::default(),
            title: RefCell::new(window.title.clone()),
            nav_loading: Cell::new(false),
            window,
            runtime: Rc::downgrade(runtime),
            state: RefCell::new(State { data, view: None }),
            queued: RefCell::default(),
            listeners: RefCell::default(),
        });
        let weak = Rc::downgrade(&page);
        let set_data = Closure::<dyn Fn(JsValue, JsValue) -> Result<(), JsValue>>::new(
            move |data, callback| {
                weak.upgrade().map_or(Ok(()), |page| page.set_data(data, callback))
            },
        );
        // The closure lives as long as the instance object that holds it.
        let _ = Reflect::set(&page.this, &"setData".into(), &set_data.into_js_value());
        page
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
        if name.starts_with("on") && self.runtime.upgrade().is_some_and(|r| r.debug()) {
            crate::platform::js::console_debug(&format!("[wxweb] {} {name}", self.route));
        }
        let method = super::report::method(&self.this, name)?;
        let args: Array = args.iter().collect();
        match method.apply(&self.this, &args) {
            Ok(returned) => Some(returned),
            Err(error) => {
                if let Some(runtime) = self.runtime.upgrade() {
                    runtime.report(&error, &format!("{} {name}", self.route));
                }
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
        let runtime = self.runtime.clone();
        let context = format!("{} setData callback", self.route);
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(error) = callback.call0(&this) {
                if let Some(runtime) = runtime.upgrade() {
                    runtime.report(&error, &context);
                }
            }
        });
    }
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
