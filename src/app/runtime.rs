//! The running mini program: a composition of the parts that run it (its files and
//! modules, the App instance, the page registrations, templates and style sheets, the
//! page stack, the frame it shows in, pull-down refresh and the window's events), the
//! launch that sets them going, and navigation between pages.
//!
//! Launch order, as in WeChat: every file runs (app.js first, then each page's file,
//! which registers its `Page`), then `App.onLaunch`, `App.onShow`, and the first page's
//! `onLoad`, `onShow`, `onReady`. `navigateTo` hides the current page (`onHide`) and
//! opens the new one; `redirectTo` unloads it (`onUnload`) first; `navigateBack` unloads
//! pages from the top and shows (`onShow`) the one it returns to. `switchTab` closes the
//! non-tab pages and shows the tab page (tab pages stay alive: `onHide`, then `onShow`);
//! `reLaunch` closes every page and opens one, with its query.

use std::cell::OnceCell;
use std::rc::{Rc, Weak};

use js_sys::Reflect;
use rustc_hash::FxHashSet;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;
use wxweb_core::app::navigation::{self, Kind, NavError, Navigation, Navigator};
use wxweb_core::app::route;
use wxweb_core::code_frame::json_error_position;

use super::app_json::{parse_json, AppJson, Window};
use super::errors::ErrorDetail;
use super::events;
use super::frame::{Frame, Screen};
use super::history::History;
use super::instance::AppInstance;
use super::modules::{ModuleError, Modules};
use super::nav_bar::NavBar;
use super::page::{query_object, Opening, Page};
use super::pull_down::PullDown;
use super::registry::{self, Definitions};
use super::sources::{InMemory, Sources};
use super::stack::Stack;
use super::styles::Styles;
use super::tab_bar::TabBar;
use super::templates::Templates;
use super::window_events::{WindowEvents, WindowHandler};
use crate::bridge::Profile;
use crate::platform::files::Files;
use crate::platform::folder::Folder;

pub struct Runtime {
    /// Itself, for the parts that call back into it (events, the window, the back button).
    this: Weak<Runtime>,
    sources: Rc<Sources>,
    /// The temporary files of the app's `wx`, which `<image src>` and others may show.
    files: Files,
    /// The folder's path on disk, for start-up errors.
    disk_path: Option<String>,
    frame: Rc<Frame>,
    app: Rc<AppInstance>,
    definitions: Rc<Definitions>,
    templates: Templates,
    styles: Styles,
    stack: Rc<Stack>,
    /// The modern profile calls a tab page's `onTabItemTap`.
    profile: Profile,
    /// Set once launched: app.json, the modules, pull-down refresh, the window's events.
    config: OnceCell<AppJson>,
    modules: OnceCell<Rc<Modules>>,
    pull_down: OnceCell<Rc<PullDown>>,
    window_events: OnceCell<WindowEvents>,
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
    /// The folder's files by path from `root` (`wxweb serve`'s manifest): no other is
    /// requested. `None`: every file is tried.
    pub manifest: Option<FxHashSet<String>>,
    /// The folder's path on disk, for start-up errors (`None`: its URL is named).
    pub folder: Option<String>,
    /// The app's files given in memory instead of fetched from `root`.
    pub memory: Option<InMemory>,
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
        let max_pages = match options.profile {
            Profile::Seed => 5,
            Profile::Modern => 10,
        };
        let screen = Screen::new(&doc, options.viewport)?;
        Some(Rc::new_cyclic(|this: &Weak<Runtime>| {
            let nav = options.nav_bar.and_then(|bar| {
                let this = this.clone();
                NavBar::new(&doc, bar, move || {
                    if let Some(runtime) = this.upgrade() {
                        let _ = runtime.navigate(Navigation::Back(1.0));
                    }
                })
            });
            let (texts, blobs) = match options.memory {
                Some(InMemory { texts, blobs }) => (Some(texts), blobs),
                None => (None, Vec::new()),
            };
            let folder = Folder::new(root, blobs);
            let sources = Rc::new(Sources::new(folder, options.manifest, texts));
            let sheets = screen.sheets().clone();
            let frame = Rc::new(Frame::new(doc.clone(), screen, nav));
            Runtime {
                this: this.clone(),
                files: options.files,
                disk_path: options.folder,
                app: Rc::new(AppInstance::new(sources.clone())),
                definitions: Rc::default(),
                templates: Templates::new(sources.clone()),
                styles: Styles::new(doc, sheets, sources.clone()),
                stack: Rc::new(Stack::new(frame.clone(), max_pages)),
                profile: options.profile,
                sources,
                frame,
                config: OnceCell::new(),
                modules: OnceCell::new(),
                pull_down: OnceCell::new(),
                window_events: OnceCell::new(),
            }
        }))
    }

    /// Loads the folder and starts the app; problems are shown in the viewport and on
    /// the console, and what can run, runs.
    pub async fn launch(&self, wx: &JsValue) {
        self.frame.prepare();
        self.styles.add_components(&self.files, self.sources.folder());
        let stack = self.stack.clone();
        if let Some(pull_down) = PullDown::new(self.frame.scroller(), move || stack.top()) {
            let _ = self.pull_down.set(pull_down);
        }
        let folder = self.disk_path.as_deref().unwrap_or(self.sources.root());
        let Some(text) = self.sources.app_json().await else {
            return self.frame.show_fatal(&format!(
                "No app.json in {folder}: this folder is not a mini program."
            ));
        };
        let app_json = match AppJson::parse(&text) {
            Ok(app_json) => app_json,
            Err(message) => {
                let place = json_error_position(&text, &message);
                let detail = message.trim_start_matches("app.json").trim_start_matches([':', ' ']);
                let detail = detail.strip_prefix("is ").unwrap_or(detail);
                ErrorDetail::compile("app.json", place, detail, Some(&text)).dispatch();
                return self.frame.show_fatal(&format!("{message} (in {folder})"));
            }
        };
        self.sources.load(&app_json).await;
        let _ = self.config.set(app_json.clone());
        for problem in &app_json.problems {
            self.frame.show_problem(problem);
        }
        self.mount_tab_bar(&app_json);
        self.add_style("app.wxss", None);
        let globals = registry::globals(wx, &self.app, &self.definitions, &self.stack);
        // As in WeChat's developer tools, the console can reach the app and its pages.
        let global = js_sys::global();
        let _ = Reflect::set(&global, &"getApp".into(), &globals.get_app);
        let _ = Reflect::set(&global, &"getCurrentPages".into(), &globals.get_current_pages);
        let modules = Modules::new(self.sources.clone(), globals);
        let _ = self.modules.set(modules.clone());
        self.run_module(&modules, "app.js", true);
        for page in &app_json.pages {
            self.definitions
                .loading(page, || self.run_module(&modules, &format!("{page}.js"), false));
        }
        let handler: Weak<dyn WindowHandler> = self.this.clone();
        if let Some(listening) =
            WindowEvents::listen(self.frame.document(), self.frame.scroller(), handler)
        {
            let _ = self.window_events.set(listening);
        }
        let app = Rc::downgrade(&self.app);
        crate::platform::js::set_error_hook(Rc::new(
            move |error: &JsValue, context: &str| match app.upgrade() {
                Some(app) => app.report(error, context),
                None => crate::platform::js::console_error(&format!("{context} threw:"), error),
            },
        ));
        let saved = navigation::restorable(
            History::saved(),
            &app_json.pages,
            &app_json.tab_pages(),
            self.stack.max(),
        );
        let entry = app_json.pages.first().cloned().unwrap_or_default(); // app.json lists one at least
        let first = saved.first().cloned().unwrap_or((entry, String::new()));
        let launch = crate::bridge::object(&[
            ("path", first.0.clone().into()),
            ("query", query_object(&first.1)),
            ("scene", 1001.into()),
        ]);
        self.app.call("onLaunch", &launch);
        self.app.call("onShow", &launch);
        let entries = if saved.is_empty() { vec![first] } else { saved };
        for (route, query) in &entries {
            self.stack.hide_top();
            self.open(route, query);
        }
        self.stack.record(false);
        if let Some(top) = self.stack.top() {
            let _ = wasm_bindgen_futures::JsFuture::from(top.ready()).await;
        }
    }

    /// The folder's URL, for error reports.
    pub fn root(&self) -> &str {
        self.sources.root()
    }

    /// Where the browser loads the app's files (images, icons) from.
    pub fn folder(&self) -> &Folder {
        self.sources.folder()
    }

    /// Builds app.json's tab bar, if it has one, beside the viewport; a tap on an item
    /// is a switchTab to its page.
    fn mount_tab_bar(&self, app_json: &AppJson) {
        let Some(config) = &app_json.tab_bar else { return };
        let this = self.this.clone();
        let items = config.items.clone();
        let on_tap = move |index: usize| {
            if let (Some(runtime), Some(item)) = (this.upgrade(), items.get(index)) {
                runtime.tab_tapped(index, &item.page, &item.text);
            }
        };
        if let Some(bar) = TabBar::new(self.frame.document(), config, self.sources.folder(), on_tap)
        {
            self.frame.mount_tab_bar(bar.element(), bar.top());
            self.stack.set_tab_bar(bar);
        }
    }

    /// A tap on the tab bar's item `index`: a switchTab to its page; in the modern
    /// profile, that page's `onTabItemTap({index, pagePath, text})` (also when it was
    /// the current page already).
    fn tab_tapped(&self, index: usize, page: &str, text: &str) {
        let _ = self.navigate(Navigation::SwitchTab(format!("/{page}")));
        if self.profile != Profile::Modern {
            return;
        }
        if let Some(top) = self.stack.top().filter(|top| top.route() == page) {
            let item = crate::bridge::object(&[
                ("index", (index as f64).into()),
                ("pagePath", page.into()),
                ("text", text.into()),
            ]);
            top.call("onTabItemTap", &[item]);
        }
    }

    /// `wx.navigateTo({url})`.
    fn navigate_to(&self, url: &str) -> Result<(), NavError> {
        let target = self.target(url, Kind::To)?;
        if self.stack.depth() >= self.stack.max() {
            return Err(NavError::TooManyPages);
        }
        self.stack.hide_top();
        self.open(&target.route, &route::query_string(&target.query));
        self.stack.record(true);
        Ok(())
    }

    /// `wx.redirectTo({url})`.
    fn redirect_to(&self, url: &str) -> Result<(), NavError> {
        let target = self.target(url, Kind::Redirect)?;
        self.stack.unload_top();
        self.open(&target.route, &route::query_string(&target.query));
        self.stack.record(false);
        Ok(())
    }

    /// `wx.navigateBack({delta})`: `delta` below 1 counts as 1; past the first page,
    /// the first page.
    fn navigate_back(&self, delta: f64) -> Result<(), NavError> {
        let depth = self.stack.depth();
        if depth <= 1 {
            return Err(NavError::AtFirstPage);
        }
        let delta = if delta.is_finite() && delta >= 1.0 { delta as usize } else { 1 };
        let pages = delta.min(depth - 1);
        self.stack.pop(pages);
        self.stack.back_in_history(pages);
        Ok(())
    }

    /// `wx.switchTab({url})`: the url's query is dropped, as WeChat does.
    fn switch_tab(&self, url: &str) -> Result<(), NavError> {
        let target = self.target(url, Kind::SwitchTab)?;
        self.show_tab(&target.route);
        self.stack.record(false);
        Ok(())
    }

    /// Makes the tab page `route` the only page of the stack: the pages over it close
    /// when it is at the bottom; otherwise the stack is left (a tab page on top is kept)
    /// and the tab page shows again (`onShow`) or opens for the first time.
    fn show_tab(&self, route: &str) {
        let entries = self.stack.entries();
        if entries.first().is_some_and(|(bottom, _)| bottom == route) {
            if entries.len() > 1 {
                self.stack.pop(entries.len() - 1);
            }
            return;
        }
        let tabs = self.tab_pages();
        self.stack.leave_for_tab(|route| route::is_page(route, &tabs));
        match self.stack.take_kept(route) {
            Some(page) => self.stack.resume(page),
            None => self.open(route, ""),
        }
    }

    /// `wx.reLaunch({url})`: every page closes (`onUnload`), the page opens with its query.
    fn re_launch(&self, url: &str) -> Result<(), NavError> {
        let target = self.target(url, Kind::ReLaunch)?;
        self.stack.close_all();
        self.open(&target.route, &route::query_string(&target.query));
        self.stack.record(false);
        Ok(())
    }

    /// The pages of app.json's tabBar.
    fn tab_pages(&self) -> Vec<String> {
        self.config.get().map(AppJson::tab_pages).unwrap_or_default()
    }

    /// `wx.setNavigationBarTitle`: the current page's title, kept with the page.
    pub fn set_title(&self, title: String) {
        if let Some(page) = self.stack.top() {
            page.set_title(title);
            self.stack.refresh_bar();
        }
    }

    /// `wx.showNavigationBarLoading` / `hideNavigationBarLoading` on the current page.
    pub fn set_nav_loading(&self, loading: bool) {
        if let Some(page) = self.stack.top() {
            page.set_nav_loading(loading);
            self.stack.refresh_bar();
        }
    }

    /// `wx.stopPullDownRefresh`.
    pub fn stop_pull_down(&self) {
        if let Some(pull_down) = self.pull_down.get() {
            pull_down.stop();
        }
    }

    /// The page on top of the stack.
    pub fn top(&self) -> Option<Rc<Page>> {
        self.stack.top()
    }

    /// app.json's `debug`: lifecycle calls are traced on the console.
    fn debug(&self) -> bool {
        self.config.get().is_some_and(|app| app.debug)
    }

    /// Resolves a navigation url against the current page and checks that a navigation
    /// of `kind` may open it (a page of app.json; the tab-page rules).
    fn target(&self, url: &str, kind: Kind) -> Result<route::Target, NavError> {
        let current = self.stack.top().map(|page| page.route().to_owned());
        let target = route::resolve(url, current.as_deref()).map_err(NavError::Url)?;
        let pages = self.config.get().map(|app| app.pages.as_slice()).unwrap_or_default();
        navigation::check(kind, &target.route, pages, &self.tab_pages())?;
        Ok(target)
    }

    /// Opens `route` on top of the stack: onLoad(query), onShow, onReady.
    fn open(&self, route: &str, query: &str) {
        let window = self.window_of(route);
        let Some(root) = self.frame.page_element(route) else { return };
        let scope = format!("wx-page[data-route=\"{route}\"]");
        self.add_style(&format!("{route}.wxss"), Some(&scope));
        self.frame.attach(&root);
        let definition = self.definitions.get(route);
        if definition.is_none() {
            self.frame.show_problem(&format!(
                "Page[{route}] not found: {route}.js does not call Page()."
            ));
        }
        let opening = Opening {
            route,
            query,
            options: definition.as_ref(),
            window,
            root,
            debug: self.debug(),
        };
        let page = Page::new(self.app.clone(), opening);
        let navigator: Weak<dyn Navigator> = self.this.clone();
        events::listen(&page, navigator);
        match self.templates.program(route) {
            Ok(program) => page.render(program, self.frame.document().clone()),
            Err(message) => {
                self.frame.problem_in(page.root(), &message);
                crate::platform::js::console_error_text(&message);
                // A parse error was told by the sources; a missing file or an endless
                // `<include>` is a compile error of the page's WXML.
                let parsed = message
                    .split_once(": ")
                    .and_then(|(place, _)| super::errors::split_place(place));
                if parsed.is_none() {
                    let file = format!("{route}.wxml");
                    ErrorDetail::compile(&file, None, message.as_str(), None).dispatch();
                }
            }
        }
        self.stack.push(page);
    }

    /// app.json's window settings with the page's own `.json` over them.
    fn window_of(&self, route: &str) -> Window {
        let app_window = self.config.get().map(|app| app.window.clone()).unwrap_or_default();
        // An empty file counts as `{}`, as in WeChat.
        let file = format!("{route}.json");
        let Some(text) = self.sources.text(&file).filter(|t| !t.trim().is_empty()) else {
            return app_window;
        };
        match parse_json(&text) {
            Ok(json) => app_window.merged(&json),
            Err(error) => {
                let place = json_error_position(&text, &error);
                let message = format!("not valid JSON: {error}");
                ErrorDetail::compile(&file, place, message, Some(&text)).dispatch();
                self.frame.show_problem(&format!("{route}.json is not valid JSON: {error}"));
                app_window
            }
        }
    }

    /// Adds a WXSS file to the screen, warning of the problems in its files (each loses
    /// only its rule, so the page shows).
    fn add_style(&self, path: &str, scope: Option<&str>) {
        for problem in self.styles.add(path, scope) {
            self.frame.show_warning(&problem.text());
            problem.dispatch();
        }
    }

    /// `reloadStyles(paths)`: the sheets including one of the changed .wxss files at
    /// `paths` (from the app root) are fetched and recompiled in place; their problems
    /// are warned of, dispatched (`wxweb:error`) and returned.
    pub async fn reload_styles(&self, paths: &[String]) -> Vec<ErrorDetail> {
        let problems = self.styles.reload(paths).await;
        for problem in &problems {
            self.frame.show_warning(&problem.text());
            problem.dispatch();
        }
        problems
    }

    /// Runs one file; what it throws is reported. `app.js` may be missing; a page's
    /// file may be too (its page then shows the problem when opened).
    fn run_module(&self, modules: &Modules, path: &str, optional: bool) {
        match modules.run(path) {
            Ok(_) => {}
            Err(ModuleError::Missing { .. }) if optional => {}
            Err(ModuleError::Missing { path, .. }) => {
                self.frame.show_problem(&format!("{path} not found"))
            }
            Err(ModuleError::Syntax { path, message, line, column }) => {
                self.frame.show_problem(&format!("{path}:{line}:{column}: {message}"));
            }
            Err(ModuleError::Thrown(error)) => self.app.report(&error, path),
        }
    }
}

impl Navigator for Runtime {
    fn navigate(&self, to: Navigation) -> Result<(), NavError> {
        match to {
            Navigation::To(url) => self.navigate_to(&url),
            Navigation::Redirect(url) => self.redirect_to(&url),
            Navigation::Back(delta) => self.navigate_back(delta),
            Navigation::SwitchTab(url) => self.switch_tab(&url),
            Navigation::ReLaunch(url) => self.re_launch(&url),
        }
    }
}

impl WindowHandler for Runtime {
    /// The browser's back (or forward) button moved to another entry of ours.
    /// The pages both stacks share stay; the rest close, and the entry's pages open. A
    /// different first page is a tab switch (to a tab page) or a relaunch.
    fn history_moved(&self, state: &JsValue) {
        let Some(entries) = self.stack.popped(state) else { return };
        let (pages, tabs) = match self.config.get() {
            Some(app) => (app.pages.clone(), app.tab_pages()),
            None => return,
        };
        let entries = navigation::restorable(entries, &pages, &tabs, self.stack.max());
        let Some((first, first_query)) = entries.first() else { return };
        let current = self.stack.entries();
        let common = current.iter().zip(&entries).take_while(|(a, b)| a == b).count();
        if common == 0 {
            if route::is_page(first, &tabs) {
                self.show_tab(first);
            } else {
                self.stack.close_all();
                self.open(first, first_query);
            }
        } else if common < current.len() {
            self.stack.pop(current.len() - common);
        }
        for (route, query) in entries.iter().skip(common.max(1)) {
            self.stack.hide_top();
            self.open(route, query);
        }
    }

    /// `onReachBottom` when the viewport scrolls within the page's distance of the end.
    fn scrolled(&self) {
        self.stack.scrolled();
    }

    /// The app and its current page go to the background (`onHide`) or come back (`onShow`).
    fn visibility_changed(&self, hidden: bool) {
        let name = if hidden { "onHide" } else { "onShow" };
        self.app.call(name, &JsValue::UNDEFINED);
        if let Some(page) = self.stack.top() {
            page.call(name, &[]);
        }
    }

    fn uncaught(&self, error: &JsValue, promise: Option<&JsValue>) -> bool {
        self.app.uncaught(error, promise)
    }
}
