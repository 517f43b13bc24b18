//! `app.json` and each page's `.json`: the page list, window settings and network
//! timeouts, with WeChat's defaults.

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
        Ok(AppJson {
            pages,
            window: Window::default().merged(&options.get("window")),
            debug: options.get("debug").as_bool().unwrap_or(false),
            network_timeout: options.get("networkTimeout"),
        })
    }
}

/// `JSON.parse(text)`, with the engine's message on failure.
pub fn parse_json(text: &str) -> Result<JsValue, String> {
    js_sys::JSON::parse(text).map_err(|e| crate::platform::js::error_message(&e, "invalid JSON"))
}
