//! `app.json` and each page's `.json`: the page list, window settings, the tabBar and
//! network timeouts, with WeChat's defaults.

use wasm_bindgen::JsValue;

use crate::bridge::Options;

/// The `window` settings of app.json, which a page's own `.json` overrides field by field.
#[derive(Clone, Debug)]
pub struct Window {
    pub title: String,
    /// `navigationBarBackgroundColor`, default `#000000`.
    pub nav_background: String,
    /// `navigationBarTextStyle`: `white` (default) or `black`.
    pub nav_text_black: bool,
    /// `backgroundColor`, the window behind the page, default `#ffffff`.
    pub background: String,
    pub pull_down_refresh: bool,
    /// `onReachBottomDistance` in px, default 50.
    pub reach_bottom_distance: f64,
}

impl Default for Window {
    fn default() -> Self {
        Window {
            title: String::new(),
            nav_background: "#000000".into(),
            nav_text_black: false,
            background: "#ffffff".into(),
            pull_down_refresh: false,
            reach_bottom_distance: 50.0,
        }
    }
}

impl Window {
    /// These settings with the fields that `json` (a `window` object or a page's
    /// `.json`) gives replacing them.
    pub fn merged(&self, json: &JsValue) -> Window {
        let options = Options::new(json.clone());
        let text = |field: &str, current: &String| {
            options.get(field).as_string().unwrap_or_else(|| current.clone())
        };
        Window {
            title: text("navigationBarTitleText", &self.title),
            nav_background: text("navigationBarBackgroundColor", &self.nav_background),
            nav_text_black: match options.get("navigationBarTextStyle").as_string().as_deref() {
                Some("black") => true,
                Some("white") => false,
                _ => self.nav_text_black,
            },
            background: text("backgroundColor", &self.background),
            pull_down_refresh: options
                .get("enablePullDownRefresh")
                .as_bool()
                .unwrap_or(self.pull_down_refresh),
            reach_bottom_distance: options
                .get("onReachBottomDistance")
                .as_f64()
                .unwrap_or(self.reach_bottom_distance),
        }
    }
}

/// What the runtime reads from app.json.
#[derive(Clone, Debug)]
pub struct AppJson {
    /// Page paths without extension; the first is the one the app opens with.
    pub pages: Vec<String>,
    pub window: Window,
    /// `debug: true` logs each page's lifecycle to the console.
    pub debug: bool,
    /// The parsed `networkTimeout` object, for the network APIs.
    pub network_timeout: JsValue,
    /// `tabBar`, when it lists at least one page of `pages`.
    pub tab_bar: Option<TabBar>,
    /// What is wrong in app.json but does not stop the app (a tabBar item without a page).
    pub problems: Vec<String>,
}

/// app.json's `tabBar`: the tab pages and how their bar looks.
#[derive(Clone, Debug)]
pub struct TabBar {
    /// `color` of the items' text, default `#7A7E83`.
    pub color: String,
    /// `selectedColor` of the current item's text, default `#3cc51f`.
    pub selected_color: String,
    /// `backgroundColor`, default `#ffffff`.
    pub background: String,
    /// `borderStyle`: `black` (default) or `white`, the line between bar and page.
    pub border_white: bool,
    /// `position: top`: the bar under the navigation bar, text only.
    pub top: bool,
    /// `list`: 2 to 5 items, in order.
    pub items: Vec<TabItem>,
}

/// One item of `tabBar.list`.
#[derive(Clone, Debug)]
pub struct TabItem {
    /// `pagePath`, as in `pages` (no leading slash, no extension).
    pub page: String,
    pub text: String,
    /// `iconPath` and `selectedIconPath`, relative to the mini program's root.
    pub icon: Option<String>,
    pub selected_icon: Option<String>,
}

impl TabBar {
    /// Reads `tabBar` (`json`); items whose page is not in `pages` are left out, and
    /// the problems are told.
    fn parse(json: &JsValue, pages: &[String], problems: &mut Vec<String>) -> Option<TabBar> {
        if json.is_undefined() || json.is_null() {
            return None;
        }
        let options = Options::new(json.clone());
        let text = |field: &str, default: &str| {
            options.get(field).as_string().unwrap_or_else(|| default.to_owned())
        };
        let list = match crate::bridge::read::elements(&options.get("list")) {
            Ok(Some(list)) => list.iter().collect::<Vec<_>>(),
            _ => Vec::new(),
        };
        if !(2..=5).contains(&list.len()) {
            problems.push(format!(
                "app.json: tabBar.list must have 2 to 5 items, it has {}",
                list.len()
            ));
        }
        let mut items = Vec::new();
        for item in list.iter().take(5) {
            let item = Options::new(item.clone());
            let path = |field: &str| item.get(field).as_string().filter(|p| !p.is_empty());
            let Some(page) = path("pagePath").map(|p| p.trim_start_matches('/').to_owned()) else {
                problems.push("app.json: a tabBar.list item has no pagePath".into());
                continue;
            };
            if !pages.contains(&page) {
                problems.push(format!("app.json: tabBar pagePath \"{page}\" is not in pages"));
                continue;
            }
            items.push(TabItem {
                page,
                text: path("text").unwrap_or_default(),
                icon: path("iconPath"),
                selected_icon: path("selectedIconPath"),
            });
        }
        if items.is_empty() {
            return None;
        }
        Some(TabBar {
            color: text("color", "#7A7E83"),
            selected_color: text("selectedColor", "#3cc51f"),
            background: text("backgroundColor", "#ffffff"),
            border_white: options.get("borderStyle").as_string().as_deref() == Some("white"),
            top: options.get("position").as_string().as_deref() == Some("top"),
            items,
        })
    }

    /// The index of `route` in the bar, if it is a tab page.
    pub fn index_of(&self, route: &str) -> Option<usize> {
        self.items.iter().position(|item| item.page == route)
    }
}

impl AppJson {
    /// Parses app.json's text; the error says what is wrong, for the simulator to show.
    pub fn parse(text: &str) -> Result<AppJson, String> {
        let json = parse_json(text).map_err(|e| format!("app.json is not valid JSON: {e}"))?;
        let options = Options::new(json.clone());
        let pages = options.get("pages");
        let pages: Vec<String> = match crate::bridge::read::elements(&pages) {
            Ok(Some(pages)) => pages
                .iter()
                .filter_map(|p| p.as_string())
                .map(|p| p.trim_start_matches('/').to_owned())
                .collect(),
            _ => Vec::new(),
        };
        if pages.is_empty() {
            return Err(
                "app.json: \"pages\" must list at least one page, e.g. [\"pages/index/index\"]"
                    .into(),
            );
        }
        let mut problems = Vec::new();
        let tab_bar = TabBar::parse(&options.get("tabBar"), &pages, &mut problems);
        Ok(AppJson {
            tab_bar,
            problems,
            pages,
            window: Window::default().merged(&options.get("window")),
            debug: options.get("debug").as_bool().unwrap_or(false),
            network_timeout: options.get("networkTimeout"),
        })
    }
}

impl AppJson {
    /// The pages of the tabBar, in its order; none without a tabBar.
    pub fn tab_pages(&self) -> Vec<String> {
        let items = self.tab_bar.as_ref().map(|bar| bar.items.as_slice()).unwrap_or_default();
        items.iter().map(|item| item.page.clone()).collect()
    }
}

/// `JSON.parse(text)`, with the engine's message on failure.
pub fn parse_json(text: &str) -> Result<JsValue, String> {
    js_sys::JSON::parse(text).map_err(|e| crate::platform::js::error_message(&e, "invalid JSON"))
}
