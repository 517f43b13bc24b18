//! What the pages show in: the device screen, an open shadow root on the viewport element
//! the host gives (so the host page's CSS cannot reach the mini program, nor ours the
//! host), holding the style sheets and `<wx-window>`, the phone's window: it does not
//! scroll, it is the containing block of `position: fixed` and the container whose
//! `cqw`/`cqh` the WXSS `rpx`/`vw`/`vh` become (see components.css). In it `<wx-body>`
//! scrolls and holds the pages and the notes that tell of problems with the mini
//! program's files; the navigation bar is above, outside. Browser primitives: shadow DOM,
//! elements, container query units, `scrollTop`.

use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlElement, Node, ShadowRootInit, ShadowRootMode};

use super::app_json::Window;
use super::nav_bar::NavBar;

/// The device screen's parts, made once per launch.
pub struct Screen {
    viewport: HtmlElement,
    /// Where the style sheets go: the viewport's shadow root (or, for an element that
    /// cannot have one, the document's head).
    sheets: Node,
    /// The parent of the window: the shadow root, or the viewport itself.
    root: Node,
    window: HtmlElement,
    body: HtmlElement,
}

impl Screen {
    /// Gives `viewport` an open shadow root (or takes the one it has) for the screen.
    pub fn new(doc: &Document, viewport: HtmlElement) -> Option<Screen> {
        let shadow = viewport
            .shadow_root()
            .or_else(|| viewport.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open)).ok());
        crate::platform::screen::set(shadow.clone());
        let (root, sheets): (Node, Node) = match shadow {
            Some(shadow) => (shadow.clone().into(), shadow.into()),
            None => (viewport.clone().into(), doc.head()?.into()),
        };
        let window: HtmlElement = doc.create_element("wx-window").ok()?.dyn_into().ok()?;
        let body: HtmlElement = doc.create_element("wx-body").ok()?.dyn_into().ok()?;
        window.append_child(&body).ok()?;
        Some(Screen { viewport, sheets, root, window, body })
    }

    /// Where style sheets for the pages go.
    pub fn sheets(&self) -> &Node {
        &self.sheets
    }
}

pub struct Frame {
    doc: Document,
    screen: Screen,
    nav: Option<NavBar>,
}

impl Frame {
    pub fn new(doc: Document, screen: Screen, nav: Option<NavBar>) -> Frame {
        Frame { doc, screen, nav }
    }

    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The element the pages are in, which scrolls: the window's `<wx-body>`.
    pub fn scroller(&self) -> &HtmlElement {
        &self.screen.body
    }

    /// Empties the screen (what the host had in the viewport, or an earlier launch) and
    /// puts the empty window in it.
    pub fn prepare(&self) {
        let screen = &self.screen;
        screen.viewport.set_text_content(None);
        screen.root.set_text_content(None);
        screen.body.set_text_content(None);
        let _ = screen.root.append_child(&screen.window);
    }

    /// A new page element `<wx-page data-route>`, not yet in the viewport.
    pub fn page_element(&self, route: &str) -> Option<HtmlElement> {
        let root = self.doc.create_element("wx-page").ok()?.unchecked_into::<HtmlElement>();
        let _ = root.set_attribute("data-route", route);
        Some(root)
    }

    /// Puts a new page's element in the window, scrolled to its top.
    pub fn attach(&self, root: &HtmlElement) {
        let _ = self.screen.body.append_child(root);
        self.screen.body.set_scroll_top(0);
    }

    pub fn scroll_top(&self) -> i32 {
        self.screen.body.scroll_top()
    }

    pub fn set_scroll_top(&self, top: i32) {
        self.screen.body.set_scroll_top(top);
    }

    /// How far, in px, the window is from being scrolled to the end.
    pub fn remaining_scroll(&self) -> f64 {
        let body = &self.screen.body;
        f64::from(body.scroll_height() - body.scroll_top() - body.client_height())
    }

    /// Shows a page's navigation bar, if there is one: its title and colours, the
    /// loading indicator when `loading`, the back button when `can_go_back`.
    pub fn show_bar(&self, window: &Window, title: &str, loading: bool, can_go_back: bool) {
        if let Some(nav) = &self.nav {
            nav.show(window, title, loading, can_go_back);
        }
    }

    /// Places the tab bar (app.json `tabBar`) beside the viewport, in its parent: before
    /// it when `top`, after it otherwise, so the window (the viewport) shrinks by the bar.
    pub fn mount_tab_bar(&self, bar: &HtmlElement, top: bool) {
        let viewport = &self.screen.viewport;
        let Some(parent) = viewport.parent_node() else { return };
        let next = if top { Some(viewport.clone().into()) } else { viewport.next_sibling() };
        let _ = parent.insert_before(bar, next.as_ref());
    }

    /// Shows a problem with the mini program's files in the window and on the console.
    pub fn show_problem(&self, message: &str) {
        crate::platform::js::console_error_text(message);
        self.problem_in(&self.screen.body, message);
    }

    /// Shows a problem that stops the start (no app.json, a broken one): the navigation
    /// bar's loading indicator stops (no back button either), the problem shows in the
    /// window and on the console.
    pub fn show_fatal(&self, message: &str) {
        if let Some(nav) = &self.nav {
            nav.show_stopped();
        }
        self.show_problem(message);
    }

    /// Tells of a problem the mini program's files recovered from (a bad WXSS rule), on
    /// the console only: the page shows as it would without the bad part.
    pub fn show_warning(&self, message: &str) {
        crate::platform::js::console_warn(message);
    }

    /// Shows a problem at the top of `parent` (a page whose template failed).
    pub fn problem_in(&self, parent: &HtmlElement, message: &str) {
        let Ok(note) = self.doc.create_element("wx-error") else { return };
        let _ = note.set_attribute("role", "alert");
        note.set_text_content(Some(message));
        let _ = parent.prepend_with_node_1(&note);
    }
}
