//! The device frame's navigation bar: the current page's title and colours, a back
//! button when there is a page to go back to, and the loading indicator.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

use super::app_json::Window;

pub struct NavBar {
    bar: HtmlElement,
    title: Element,
    back: Element,
    loading: Element,
    _back_listener: gloo_events::EventListener,
}

impl NavBar {
    /// Takes over `bar`'s content; `on_back` runs when the back button is pressed.
    pub fn new(
        doc: &Document,
        bar: HtmlElement,
        on_back: impl FnMut() + 'static,
    ) -> Option<NavBar> {
        bar.set_text_content(None);
        let back = doc.create_element("button").ok()?;
        back.set_class_name("wx-nav-back");
        back.set_attribute("type", "button").ok()?;
        back.set_attribute("aria-label", "Back").ok()?;
        back.set_text_content(Some("‹"));
        let title = doc.create_element("h1").ok()?;
        title.set_id("nav-title");
        let loading = doc.create_element("span").ok()?;
        loading.set_class_name("wx-nav-loading");
        loading.set_attribute("role", "progressbar").ok()?;
        title.append_child(&loading).ok()?;
        bar.append_with_node_2(&back, &title).ok()?;
        let mut on_back = on_back;
        let listener = gloo_events::EventListener::new(&back, "click", move |_| on_back());
        Some(NavBar { bar, title, back, loading, _back_listener: listener })
    }

    /// Hides the loading indicator shown while the mini program starts, and the back
    /// button: for a start that failed.
    pub fn show_stopped(&self) {
        let _ = self.loading.toggle_attribute_with_force("hidden", true);
        let _ = self.back.toggle_attribute_with_force("hidden", true);
    }

    /// Shows a page's bar: its title and colours, the loading indicator when `loading`,
    /// the back button when `can_go_back`.
    pub fn show(&self, window: &Window, title: &str, loading: bool, can_go_back: bool) {
        self.title.set_text_content(Some(title));
        let _ = self.title.prepend_with_node_1(&self.loading);
        let _ = self.loading.toggle_attribute_with_force("hidden", !loading);
        let _ = self.back.toggle_attribute_with_force("hidden", !can_go_back);
        let foreground = if window.nav_text_black { "#000000" } else { "#ffffff" };
        // The screen's variables colour the status bar too, as on a phone.
        let target = self
            .bar
            .parent_element()
            .and_then(|p| p.dyn_into::<HtmlElement>().ok())
            .unwrap_or_else(|| self.bar.clone());
        let style = target.style();
        let _ = style.set_property("--nav-bg", &window.nav_background);
        let _ = style.set_property("--nav-fg", foreground);
        let _ = style.set_property("--wx-window-background", &window.background);
    }
}
