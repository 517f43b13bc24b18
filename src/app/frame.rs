//! What the pages show in: the viewport (the device's window, which scrolls), the
//! navigation bar above it, and the notes that tell of problems with the mini program's
//! files. Browser primitives: elements, container query units, `scrollTop`.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, HtmlElement};

use super::app_json::Window;
use super::nav_bar::NavBar;

pub struct Frame {
    doc: Document,
    viewport: HtmlElement,
    nav: Option<NavBar>,
}

impl Frame {
    pub fn new(doc: Document, viewport: HtmlElement, nav: Option<NavBar>) -> Frame {
        Frame { doc, viewport, nav }
    }

    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The element the pages are in: the window.
    pub fn viewport(&self) -> &HtmlElement {
        &self.viewport
    }

    /// Empties the viewport and makes it the window: `--wx-rpx` is 1/750 of its width,
    /// whatever its size.
    pub fn prepare(&self) {
        self.viewport.set_text_content(None);
        let style = self.viewport.style();
        let _ = style.set_property("container-type", "inline-size");
        let _ = style.set_property("--wx-rpx", "calc(100cqw / 750)");
    }

    /// A new page element `<wx-page data-route>`, not yet in the viewport.
    pub fn page_element(&self, route: &str) -> Option<HtmlElement> {
        let root = self.doc.create_element("wx-page").ok()?.unchecked_into::<HtmlElement>();
        let _ = root.set_attribute("data-route", route);
        Some(root)
    }

    /// Puts a new page's element in the viewport, scrolled to its top.
    pub fn attach(&self, root: &HtmlElement) {
        let _ = self.viewport.append_child(root);
        self.viewport.set_scroll_top(0);
    }

    pub fn scroll_top(&self) -> i32 {
        self.viewport.scroll_top()
    }

    pub fn set_scroll_top(&self, top: i32) {
        self.viewport.set_scroll_top(top);
    }

    /// How far, in px, the viewport is from being scrolled to the end.
    pub fn remaining_scroll(&self) -> f64 {
        let viewport = &self.viewport;
        f64::from(viewport.scroll_height() - viewport.scroll_top() - viewport.client_height())
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
        let Some(parent) = self.viewport.parent_node() else { return };
        let next =
            if top { Some(self.viewport.clone().into()) } else { self.viewport.next_sibling() };
        let _ = parent.insert_before(bar, next.as_ref());
    }

    /// Shows a problem with the mini program's files in the viewport and on the console.
    pub fn show_problem(&self, message: &str) {
        crate::platform::js::console_error(message, &JsValue::UNDEFINED);
        self.problem_in(&self.viewport, message);
    }

    /// Shows a problem at the top of `parent` (a page whose template failed).
    pub fn problem_in(&self, parent: &HtmlElement, message: &str) {
        let Ok(note) = self.doc.create_element("wx-error") else { return };
        let _ = note.set_attribute("role", "alert");
        note.set_text_content(Some(message));
        let _ = parent.prepend_with_node_1(&note);
    }
}
