//! The device frame's tab bar (app.json `tabBar`), drawn as WeChat draws it: 50px high at
//! the bottom of the screen (27px icons over 10px text) or under the navigation bar
//! (`position: top`, 14px text underlined when current, no icons), in app.json's colours,
//! shown on tab pages only. Browser primitives: elements, one style sheet in the
//! document's head, `click` listeners.

use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlElement, HtmlImageElement};

use super::app_json::TabBar as Config;
use crate::platform::folder::Folder;

/// The bar's own rules; colours come inline from app.json.
const STYLE: &str = "\
.wx-tab-bar{flex:none;display:flex;box-sizing:border-box;height:50px;margin:0;padding:0;\
position:relative;z-index:1;user-select:none;-webkit-user-select:none;\
font-family:-apple-system,BlinkMacSystemFont,\"PingFang SC\",\"Helvetica Neue\",sans-serif}\
.wx-tab-bar[hidden]{display:none}\
.wx-tab-bar[data-position=bottom]{border-top:1px solid var(--wx-tab-border)}\
.wx-tab-bar[data-position=top]{border-bottom:1px solid var(--wx-tab-border)}\
.wx-tab-item{flex:1;min-width:0;display:flex;flex-direction:column;align-items:center;\
justify-content:center;box-sizing:border-box;margin:0;padding:0;border:0;background:none;\
color:inherit;font:inherit;cursor:pointer;-webkit-tap-highlight-color:transparent}\
.wx-tab-icon{display:block;width:27px;height:27px;object-fit:fill}\
.wx-tab-text{display:block;max-width:100%;overflow:hidden;white-space:nowrap;\
text-overflow:ellipsis;font-size:10px;line-height:1.2;margin-top:2px}\
.wx-tab-bar[data-position=top] .wx-tab-text{font-size:14px;margin:0}\
.wx-tab-bar[data-position=top] .wx-tab-item[aria-selected=true]{\
border-bottom:2px solid currentColor;padding-top:2px}";

const STYLE_ID: &str = "wx-tab-bar-style";

struct Item {
    button: HtmlElement,
    icon: Option<HtmlImageElement>,
    /// The icons' URLs: normal and selected.
    icon_url: Option<String>,
    selected_icon_url: Option<String>,
}

pub struct TabBar {
    bar: HtmlElement,
    config: Config,
    items: Vec<Item>,
    _listeners: Vec<gloo_events::EventListener>,
}

impl TabBar {
    /// Builds the bar of `config`, hidden; icon paths are relative to the app's
    /// `folder`. `on_tap(index)` runs when an item is tapped.
    pub fn new(
        doc: &Document,
        config: &Config,
        folder: &Folder,
        on_tap: impl Fn(usize) + Clone + 'static,
    ) -> Option<TabBar> {
        add_style(doc);
        let bar = doc.create_element("nav").ok()?.dyn_into::<HtmlElement>().ok()?;
        bar.set_class_name("wx-tab-bar");
        bar.set_hidden(true);
        bar.set_attribute("role", "tablist").ok()?;
        bar.set_attribute("data-position", if config.top { "top" } else { "bottom" }).ok()?;
        let style = bar.style();
        style.set_property("background-color", &config.background).ok()?;
        let border =
            if config.border_white { "rgba(255,255,255,0.33)" } else { "rgba(0,0,0,0.33)" };
        style.set_property("--wx-tab-border", border).ok()?;
        let url = |path: &Option<String>| {
            let path = wxweb_core::app::source_path::join("", path.as_deref()?)?;
            Some(folder.url(&path))
        };
        let mut items = Vec::new();
        let mut listeners = Vec::new();
        for (index, item) in config.items.iter().enumerate() {
            let button = doc.create_element("button").ok()?.dyn_into::<HtmlElement>().ok()?;
            button.set_class_name("wx-tab-item");
            button.set_attribute("type", "button").ok()?;
            button.set_attribute("role", "tab").ok()?;
            button.set_attribute("data-page-path", &item.page).ok()?;
            let (icon_url, selected_icon_url) = (url(&item.icon), url(&item.selected_icon));
            if let (Some(selected), false) = (&selected_icon_url, config.top) {
                // Fetched now, so that a tap swaps the icon without a blank frame.
                if let Ok(preload) = HtmlImageElement::new() {
                    preload.set_src(selected);
                }
            }
            let icon = match (&icon_url, config.top) {
                (Some(_), false) => {
                    let icon =
                        doc.create_element("img").ok()?.dyn_into::<HtmlImageElement>().ok()?;
                    icon.set_class_name("wx-tab-icon");
                    icon.set_alt("");
                    button.append_child(&icon).ok()?;
                    Some(icon)
                }
                _ => None,
            };
            let text = doc.create_element("span").ok()?;
            text.set_class_name("wx-tab-text");
            text.set_text_content(Some(&item.text));
            button.append_child(&text).ok()?;
            bar.append_child(&button).ok()?;
            let on_tap = on_tap.clone();
            listeners
                .push(gloo_events::EventListener::new(&button, "click", move |_| on_tap(index)));
            items.push(Item { button, icon, icon_url, selected_icon_url });
        }
        Some(TabBar { bar, config: config.clone(), items, _listeners: listeners })
    }

    /// The bar's element, for the frame to place.
    pub fn element(&self) -> &HtmlElement {
        &self.bar
    }

    /// Whether the bar sits under the navigation bar (`position: top`).
    pub fn top(&self) -> bool {
        self.config.top
    }

    /// Shows the bar with `route`'s item selected when it is a tab page, hides it otherwise.
    pub fn show(&self, route: &str) {
        let selected = self.config.index_of(route);
        self.bar.set_hidden(selected.is_none());
        let Some(selected) = selected else { return };
        for (index, item) in self.items.iter().enumerate() {
            let chosen = index == selected;
            let _ =
                item.button.set_attribute("aria-selected", if chosen { "true" } else { "false" });
            let color = if chosen { &self.config.selected_color } else { &self.config.color };
            let _ = item.button.style().set_property("color", color);
            if let Some(icon) = &item.icon {
                let url = if chosen { item.selected_icon_url.as_ref() } else { None };
                if let Some(url) = url.or(item.icon_url.as_ref()) {
                    if icon.get_attribute("src").as_deref() != Some(url) {
                        icon.set_src(url);
                    }
                }
            }
        }
    }
}

/// Adds the bar's style sheet to the document's head, once.
fn add_style(doc: &Document) {
    if doc.get_element_by_id(STYLE_ID).is_some() {
        return;
    }
    let (Ok(style), Some(head)) = (doc.create_element("style"), doc.head()) else { return };
    style.set_id(STYLE_ID);
    style.set_text_content(Some(STYLE));
    let _ = head.append_child(&style);
}
