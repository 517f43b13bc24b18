//! The running mini program: `App()` and `Page()` registrations, the page stack and its
//! lifecycle, navigation, and the device frame's navigation bar.
//!
//! Launch order, as in WeChat: every file runs (app.js first, then each page's file,
//! which registers its `Page`), then `App.onLaunch`, `App.onShow`, and the first page's
//! `onLoad`, `onShow`, `onReady`. `navigateTo` hides the current page (`onHide`) and
//! opens the new one; `redirectTo` unloads it (`onUnload`) first; `navigateBack` unloads
//! pages from the top and shows (`onShow`) the one it returns to.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use js_sys::{Array, Function, Object, Reflect};
use rustc_hash::{FxHashMap, FxHashSet};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlElement};
use wxweb_core::app::route;
use wxweb_core::template::program::Program;
use wxweb_core::wxss;

use super::app_json::{parse_json, AppJson};
use super::events;
use super::history::{Entry, History};
use super::modules::{Globals, ModuleError, Modules};
use super::nav_bar::NavBar;
use super::page::Page;
use super::pull_down::PullDown;
use super::report;
use super::sources::Sources;
use crate::bridge::Profile;
use crate::platform::files::Files;
use crate::view::components;

pub struct Runtime {
    sources: Rc<Sources>,
    files: Files,
    profile: Profile,
    viewport: HtmlElement,
    doc: Document,
    app_json: RefCell<Option<AppJson>>,
    nav: RefCell<Option<NavBar>>,
    modules: RefCell<Option<Rc<Modules>>>,
    /// The `App({...})` instance; `undefined` until app.js registers it.
    app: RefCell<JsValue>,
    /// `Page({...})` options by route.
    definitions: RefCell<FxHashMap<String, Object>>,
    /// The page whose file is running, which a `Page()` call registers.
    loading: RefCell<Option<String>>,
    programs: RefCell<FxHashMap<String, Rc<Program>>>,
    stack: RefCell<Vec<Rc<Page>>>,
    /// The style sheets already in the document, by file.
    styled: RefCell<FxHashSet<String>>,
    history: History,
    pull_down: RefCell<Option<Rc<PullDown>>>,
    listeners: RefCell<Vec<EventListener>>,
}

/// Where and how to run the mini program (`launch(config)`).
pub struct LaunchOptions {
    /// The folder's URL (`app/` on the simulator page).
    pub root: String,
    pub viewport: HtmlElement,
    pub nav_bar: Option<HtmlElement>,
    pub profile: Profile,
    /// The temporary files of the app's `wx`, which `<image src>` and others may show.
    pub files: Files,
}

impl Runtime {
    pub fn new(options: LaunchOptions) -> Option<Rc<Runtime>> {
        let doc = web_sys::window()?.document()?;
        let base = doc.base_uri().ok().flatten().unwrap_or_default();
        let mut root = web_sys::Url::new_with_base(&options.root, &base)
            .map(|u| u.href())
            .unwrap_or(options.root);
        if !root.ends_with('/') {
            root.push('/');
        }
        Some(Rc::new(Runtime {
            sources: Rc::new(Sources::new(root)),
            files: options.files,
            profile: options.profile,
            viewport: options.viewport,
            doc,
            app_json: RefCell::default(),
            nav: RefCell::default(),
            modules: RefCell::default(),
            app: RefCell::new(JsValue::UNDEFINED),
            definitions: RefCell::default(),
            loading: RefCell::default(),
            programs: RefCell::default(),
            stack: RefCell::default(),
            styled: RefCell::default(),
            history: History::default(),
            pull_down: RefCell::default(),
            listeners: RefCell::default(),
        }))
        .inspect(|runtime| {
            if let Some(bar) = options.nav_bar {
                let weak = Rc::downgrade(runtime);
                *runtime.nav.borrow_mut() = NavBar::new(&runtime.doc, bar, move || {
                    if let Some(runtime) = weak.upgrade() {
                        let _ = runtime.navigate_back(1.0);
                    }
                });
            }
        })
    }

    /// Loads the folder and starts the app; problems are shown in the viewport and on
    /// the console, and what can run, runs. Returns app.json's `networkTimeout`.
    pub async fn launch(self: &Rc<Self>, wx: &JsValue) {
        self.prepare_viewport();
        *self.pull_down.borrow_mut() = PullDown::new(self, &self.viewport);
        let Some(text) = self.sources.app_json().await else {
            return self.show_problem(&format!(
                "No app.json in {}: this folder is not a mini program.",
                self.sources.root()
            ));
        };
        let app_json = match AppJson::parse(&text) {
            Ok(app_json) => app_json,
            Err(message) => return self.show_problem(&message),
        };
        self.sources.load(&app_json).await;
        *self.app_json.borrow_mut() = Some(app_json.clone());
        self.add_style("app.wxss", None);
        let globals = self.globals(wx);
        // As in WeChat's developer tools, the console can reach the app and its pages.
        let global = js_sys::global();
        let _ = Reflect::set(&global, &"getApp".into(), &globals.get_app);
        let _ = Reflect::set(&global, &"getCurrentPages".into(), &globals.get_current_pages);
        let modules = Modules::new(self.sources.clone(), globals);
        *self.modules.borrow_mut() = Some(modules.clone());
        self.run_module(&modules, "app.js", true);
        for page in &app_json.pages {
            *self.loading.borrow_mut() = Some(page.clone());
            self.run_module(&modules, &format!("{page}.js"), false);
            *self.loading.borrow_mut() = None;
        }
        self.listen_to_window();
        let weak = Rc::downgrade(self);
        crate::platform::js::set_error_hook(Rc::new(
            move |error: &JsValue, context: &str| match weak.upgrade() {
                Some(runtime) => runtime.report(error, context),
                None => crate::platform::js::console_error(&format!("{context} threw:"), error),
            },
        ));
        let saved: Vec<Entry> = super::history::History::saved()
            .into_iter()
            .filter(|(route, _)| app_json.pages.contains(route))
            .take(self.max_pages())
            .collect();
        let entry = app_json.pages.first().cloned().unwrap_or_default(); // app.json lists one at least
        let first = saved.first().cloned().unwrap_or((entry, String::new()));
        let launch = crate::bridge::object(&[
            ("path", first.0.clone().into()),
            ("query", query_object(&first.1)),
            ("scene", 1001.into()),
        ]);
        self.call_app("onLaunch", &launch);
        self.call_app("onShow", &launch);
        let entries = if saved.is_empty() { vec![first] } else { saved };
        for (route, query) in &entries {
            if let Some(top) = self.top() {
                self.hide(&top);
            }
            self.open(route, query);
        }
        self.record(false);
    }

    /// app.json's `debug`: lifecycle calls are traced on the console.
    pub fn debug(&self) -> bool {
        self.app_json.borrow().as_ref().is_some_and(|app| app.debug)
    }

    /// The folder's URL, for error reports.
    pub fn root(&self) -> &str {
        self.sources.root()
    }

    /// Reports an error thrown by mini-program code while running `context`.
    pub fn report(&self, error: &JsValue, context: &str) {
        report::report(error, context, self.root(), self.on_error());
    }

    /// The App instance and its `onError`, if it has one.
    fn on_error(&self) -> Option<(JsValue, Function)> {
        let app = self.app.borrow().clone();
        let on_error = report::method(&app, "onError")?;
        Some((app, on_error))
    }

    /// `wx.navigateTo({url})`: the fail detail on failure.
    pub fn navigate_to(self: &Rc<Self>, url: &str) -> Result<(), String> {
        let target = self.target(url)?;
        if self.stack.borrow().len() >= self.max_pages() {
            return Err("webview count limit exceed".into());
        }
        if let Some(top) = self.top() {
            self.hide(&top);
        }
        self.open(&target.route, &route::query_string(&target.query));
        self.record(true);
        Ok(())
    }

    /// `wx.redirectTo({url})`.
    pub fn redirect_to(self: &Rc<Self>, url: &str) -> Result<(), String> {
        let target = self.target(url)?;
        if let Some(top) = self.stack.borrow_mut().pop() {
            self.unload(top);
        }
        self.open(&target.route, &route::query_string(&target.query));
        self.record(false);
        Ok(())
    }

    /// `wx.navigateBack({delta})`: `delta` below 1 counts as 1; past the first page,
    /// the first page.
    pub fn navigate_back(self: &Rc<Self>, delta: f64) -> Result<(), String> {
        let depth = self.stack.borrow().len();
        if depth <= 1 {
            return Err("cannot navigate back at first page.".into());
        }
        let delta = if delta.is_finite() && delta >= 1.0 { delta as usize } else { 1 };
        let pages = delta.min(depth - 1);
        self.pop(pages);
        self.history.back(pages as u32);
        Ok(())
    }

    /// `getCurrentPages()`: the stack's instances, the current page last.
    pub fn current_pages(&self) -> Array {
        self.stack.borrow().iter().map(|page| JsValue::from(page.this.clone())).collect()
    }

    /// The element the pages are in: the window.
    pub fn viewport(&self) -> &HtmlElement {
        &self.viewport
    }

    /// `wx.setNavigationBarTitle`: the current page's title, kept with the page.
    pub fn set_title(&self, title: String) {
        if let Some(page) = self.top() {
            *page.title.borrow_mut() = title;
            self.show_bar(&page);
        }
    }

    /// `wx.showNavigationBarLoading` / `hideNavigationBarLoading` on the current page.
    pub fn set_nav_loading(&self, loading: bool) {
        if let Some(page) = self.top() {
            page.nav_loading.set(loading);
            self.show_bar(&page);
        }
    }

    /// `wx.stopPullDownRefresh`.
    pub fn stop_pull_down(&self) {
        let pull_down = self.pull_down.borrow().clone();
        if let Some(pull_down) = pull_down {
            pull_down.stop(self);
        }
    }

    /// The page on top of the stack.
    pub fn top(&self) -> Option<Rc<Page>> {
        self.stack.borrow().last().cloned()
    }

    fn max_pages(&self) -> usize {
        match self.profile {
            Profile::Seed => 5,
            Profile::Modern => 10,
        }
    }

    /// Resolves a navigation url against the current page and checks it is a page.
    fn target(&self, url: &str) -> Result<route::Target, String> {
        let current = self.top().map(|page| page.route.clone());
        let target = route::resolve(url, current.as_deref()).map_err(|e| e.to_string())?;
        let known = self
            .app_json
            .borrow()
            .as_ref()
            .is_some_and(|app| route::is_page(&target.route, &app.pages));
        if known {
            Ok(target)
        } else {
            Err("url not in app.json".into())
        }
    }

    /// Opens `route` on top of the stack: onLoad(query), onShow, onReady.
    fn open(self: &Rc<Self>, route: &str, query: &str) {
        let app_window =
            self.app_json.borrow().as_ref().map(|a| a.window.clone()).unwrap_or_default();
        let window = match self.sources.text(&format!("{route}.json")).map(|t| parse_json(&t)) {
            Some(Ok(json)) => app_window.merged(&json),
            Some(Err(error)) => {
                self.show_problem(&format!("{route}.json is not valid JSON: {error}"));
                app_window
            }
            None => app_window,
        };
        let Ok(root) =
            self.doc.create_element("wx-page").map(JsCast::unchecked_into::<HtmlElement>)
        else {
            return;
        };
        let _ = root.set_attribute("data-route", route);
        let scope = format!("wx-page[data-route=\"{route}\"]");
        self.add_style(&format!("{route}.wxss"), Some(&scope));
        let _ = self.viewport.append_child(&root);
        self.viewport.set_scroll_top(0);
        let definition = self.definitions.borrow().get(route).cloned();
        if definition.is_none() {
            self.show_problem(&format!(
                "Page[{route}] not found: {route}.js does not call Page()."
            ));
        }
        let page = Page::new(self, route, query, definition.as_ref(), window, root);
        events::listen(&page);
        match self.program(route) {
            Ok(program) => page.render(program, self.doc.clone()),
            Err(message) => {
                self.problem_in(&page.root, &message);
                crate::platform::js::console_error(&message, &JsValue::UNDEFINED);
            }
        }
        self.stack.borrow_mut().push(page.clone());
        self.show_bar(&page);
        page.call("onLoad", &[query_object(query)]);
        page.call("onShow", &[]);
        page.call("onReady", &[]);
    }

    /// Hides the current page for another to open over it: onHide.
    fn hide(&self, page: &Page) {
        page.scroll_top.set(self.viewport.scroll_top());
        page.root.set_hidden(true);
        page.call("onHide", &[]);
    }

    /// Removes the top `pages` pages (onUnload each) and shows the one below (onShow).
    fn pop(self: &Rc<Self>, pages: usize) {
        for _ in 0..pages {
            let top = self.stack.borrow_mut().pop();
            if let Some(top) = top {
                self.unload(top);
            }
        }
        if let Some(page) = self.top() {
            page.root.set_hidden(false);
            self.viewport.set_scroll_top(page.scroll_top.get());
            self.show_bar(&page);
            page.call("onShow", &[]);
        }
    }

    fn unload(&self, page: Rc<Page>) {
        page.call("onUnload", &[]);
        page.root.remove();
    }

    fn show_bar(&self, page: &Page) {
        let depth = self.stack.borrow().len();
        if let Some(nav) = self.nav.borrow().as_ref() {
            nav.show(&page.window, &page.title.borrow(), page.nav_loading.get(), depth > 1);
        }
    }

    /// Writes the stack into the browser's history.
    fn record(&self, push: bool) {
        let entries: Vec<Entry> =
            self.stack.borrow().iter().map(|p| (p.route.clone(), p.query.clone())).collect();
        self.history.record(&entries, push);
    }

    /// The browser's back (or forward) button moved to another entry of ours.
    fn on_popstate(self: &Rc<Self>, state: &JsValue) {
        let Some(entries) = self.history.popped(state) else { return };
        let depth = self.stack.borrow().len();
        if entries.is_empty() {
            return;
        }
        if entries.len() < depth {
            self.pop(depth - entries.len());
        } else if entries.len() > depth {
            for (route, query) in entries.iter().skip(depth) {
                if let Some(top) = self.top() {
                    self.hide(&top);
                }
                self.open(route, query);
            }
        }
    }

    fn program(&self, route: &str) -> Result<Rc<Program>, String> {
        if let Some(program) = self.programs.borrow().get(route) {
            return Ok(program.clone());
        }
        let program = Rc::new(Program::compile(&format!("{route}.wxml"), self.sources.as_ref())?);
        self.programs.borrow_mut().insert(route.to_owned(), program.clone());
        Ok(program)
    }

    /// Runs one file; what it throws is reported. `app.js` may be missing; a page's
    /// file may be too (its page then shows the problem when opened).
    fn run_module(&self, modules: &Modules, path: &str, optional: bool) {
        match modules.run(path) {
            Ok(_) => {}
            Err(ModuleError::Missing { .. }) if optional => {}
            Err(ModuleError::Missing { path, .. }) => {
                self.show_problem(&format!("{path} not found"))
            }
            Err(ModuleError::Syntax { path, message, line, column }) => {
                self.show_problem(&format!("{path}:{line}:{column}: {message}"));
            }
            Err(ModuleError::Thrown(error)) => self.report(&error, path),
        }
    }

    /// Calls the App instance's `name` with `arg`.
    fn call_app(&self, name: &str, arg: &JsValue) {
        let app = self.app.borrow().clone();
        let Some(method) = report::method(&app, name) else { return };
        if let Err(error) = method.call1(&app, arg) {
            self.report(&error, &format!("App {name}"));
        }
    }

    /// `App`, `Page`, `getApp` and `getCurrentPages` for the modules.
    fn globals(self: &Rc<Self>, wx: &JsValue) -> Globals {
        let weak = Rc::downgrade(self);
        let app = function(move |options: JsValue| {
            let Some(runtime) = weak.upgrade() else { return };
            if !runtime.app.borrow().is_undefined() {
                crate::platform::js::console_warn(
                    "App() is called more than once; the first App stays",
                );
            } else if options.is_object() {
                *runtime.app.borrow_mut() = options;
            }
        });
        let weak = Rc::downgrade(self);
        let page = function(move |options: JsValue| {
            let Some(runtime) = weak.upgrade() else { return };
            let loading = runtime.loading.borrow().clone();
            match (loading, options.dyn_into::<Object>()) {
                (Some(route), Ok(options)) => {
                    runtime.definitions.borrow_mut().insert(route, options);
                }
                (None, _) => crate::platform::js::console_warn(
                    "Page() must be called in a page's own file (one listed in app.json)",
                ),
                (Some(route), Err(_)) => crate::platform::js::console_warn(&format!(
                    "Page() in {route}.js needs an object"
                )),
            }
        });
        let weak = Rc::downgrade(self);
        let get_app = Closure::<dyn Fn() -> JsValue>::new(move || {
            weak.upgrade().map(|r| r.app.borrow().clone()).unwrap_or_default()
        });
        let weak = Rc::downgrade(self);
        let get_current_pages = Closure::<dyn Fn() -> JsValue>::new(move || {
            weak.upgrade().map(|r| r.current_pages().into()).unwrap_or_default()
        });
        Globals {
            wx: wx.clone(),
            app,
            page,
            get_app: get_app.into_js_value().unchecked_into(),
            get_current_pages: get_current_pages.into_js_value().unchecked_into(),
        }
    }

    /// The viewport is the window: `--wx-rpx` is 1/750 of its width, whatever its size.
    fn prepare_viewport(&self) {
        self.viewport.set_text_content(None);
        let style = self.viewport.style();
        let _ = style.set_property("container-type", "inline-size");
        let _ = style.set_property("--wx-rpx", "calc(100cqw / 750)");
        if !self.styled.borrow().contains("components") {
            self.insert_style("components", components::CSS);
            components::define(self.files.clone(), self.root().to_owned());
        }
    }

    /// Adds a WXSS file (and what it imports) to the document once, scoped to a page.
    fn add_style(&self, path: &str, scope: Option<&str>) {
        let mut css = String::new();
        let mut seen = FxHashSet::default();
        self.compile_style(path, scope, &mut seen, &mut css);
        if !css.is_empty() {
            self.insert_style(path, &css);
        }
    }

    fn compile_style(
        &self,
        path: &str,
        scope: Option<&str>,
        seen: &mut FxHashSet<String>,
        css: &mut String,
    ) {
        if !seen.insert(path.to_owned()) || self.styled.borrow().contains(path) {
            return;
        }
        let Some(text) = self.sources.text(path) else { return };
        match wxss::compile(&text, scope) {
            Ok(sheet) => {
                for import in &sheet.imports {
                    if let Some(file) = wxweb_core::app::source_path::join(path, import) {
                        self.compile_style(&file, scope, seen, css);
                    }
                }
                css.push_str(&sheet.css);
                css.push('\n');
            }
            Err(error) => self.show_problem(&format!("{path}:{error}")),
        }
    }

    fn insert_style(&self, name: &str, css: &str) {
        self.styled.borrow_mut().insert(name.to_owned());
        let Ok(style) = self.doc.create_element("style") else { return };
        let _ = style.set_attribute("data-wxss", name);
        style.set_text_content(Some(css));
        if let Some(head) = self.doc.head() {
            let _ = head.append_child(&style);
        }
    }

    /// Shows a problem with the mini program's files in the viewport and on the console.
    fn show_problem(&self, message: &str) {
        crate::platform::js::console_error(message, &JsValue::UNDEFINED);
        self.problem_in(&self.viewport, message);
    }

    fn problem_in(&self, parent: &HtmlElement, message: &str) {
        let Ok(note) = self.doc.create_element("wx-error") else { return };
        let _ = note.set_attribute("role", "alert");
        note.set_text_content(Some(message));
        let _ = parent.prepend_with_node_1(&note);
    }

    /// The window's events that concern the app: the history, scrolling to the
    /// bottom, the app going to the background, and errors thrown later by its code.
    fn listen_to_window(self: &Rc<Self>) {
        let Some(window) = web_sys::window() else { return };
        let weak = Rc::downgrade(self);
        let popstate = EventListener::new(&window, "popstate", move |event| {
            if let (Some(runtime), Some(event)) =
                (weak.upgrade(), event.dyn_ref::<web_sys::PopStateEvent>())
            {
                runtime.on_popstate(&event.state());
            }
        });
        let weak = Rc::downgrade(self);
        let scroll = EventListener::new(&self.viewport, "scroll", move |_| {
            if let Some(runtime) = weak.upgrade() {
                runtime.on_scroll();
            }
        });
        let weak = Rc::downgrade(self);
        let visibility = EventListener::new(&self.doc, "visibilitychange", move |_| {
            let Some(runtime) = weak.upgrade() else { return };
            let hidden = runtime.doc.hidden();
            let name = if hidden { "onHide" } else { "onShow" };
            runtime.call_app(name, &JsValue::UNDEFINED);
            if let Some(page) = runtime.top() {
                page.call(name, &[]);
            }
        });
        let weak = Rc::downgrade(self);
        let errors = EventListener::new(&window, "error", move |event| {
            let (Some(runtime), Some(event)) =
                (weak.upgrade(), event.dyn_ref::<web_sys::ErrorEvent>())
            else {
                return;
            };
            runtime.uncaught(&event.error());
        });
        let weak = Rc::downgrade(self);
        let rejections = EventListener::new(&window, "unhandledrejection", move |event| {
            let Some(runtime) = weak.upgrade() else { return };
            let reason = Reflect::get(event, &"reason".into()).unwrap_or_default();
            runtime.uncaught(&reason);
        });
        self.listeners.borrow_mut().extend([popstate, scroll, visibility, errors, rejections]);
    }

    /// An error thrown outside any call of ours (a timer, a wx callback): the browser
    /// has logged it; the app's onError hears of it when it comes from the app's code.
    fn uncaught(&self, error: &JsValue) {
        let described = report::describe(error, self.root());
        if described.place.is_some() {
            report::tell_app(&described, None, self.on_error());
        }
    }

    /// `onReachBottom` when the viewport scrolls within the page's distance of the end.
    fn on_scroll(&self) {
        let Some(page) = self.top() else { return };
        let viewport = &self.viewport;
        let remaining =
            f64::from(viewport.scroll_height() - viewport.scroll_top() - viewport.client_height());
        let near = remaining <= page.window.reach_bottom_distance;
        if near && !page.at_bottom.get() {
            page.at_bottom.set(true);
            page.call("onReachBottom", &[]);
        } else if !near {
            page.at_bottom.set(false);
        }
    }
}

/// The object `onLoad(query)` (and `onLaunch`'s `query`) receives for a raw query string.
fn query_object(query: &str) -> JsValue {
    let pairs = route::parse_query(query);
    let fields: Vec<(&str, JsValue)> =
        pairs.iter().map(|(k, v)| (k.as_str(), JsValue::from_str(v))).collect();
    crate::bridge::object(&fields)
}

/// A JS function of one argument that owns its closure.
fn function(body: impl Fn(JsValue) + 'static) -> Function {
    Closure::<dyn Fn(JsValue)>::new(body).into_js_value().unchecked_into()
}
