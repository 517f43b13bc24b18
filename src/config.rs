//! What the host page tells the runtime when it installs `wx`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;
use wxweb_core::errmsg::ParamError;

use crate::api::network::Timeouts;
use crate::bridge::params::{mismatch, FromOptions};
use crate::bridge::{Options, Profile};

/// The appid of a mini program that has none, as in WeChat's developer tools.
pub const TOURIST_APPID: &str = "touristappid";

/// The simulated phone shown by the simulator's device frame.
#[derive(Debug, Clone)]
pub struct DeviceFrame {
    pub model: String,
    pub system: String,
    pub platform: String,
    pub screen_width: f64,
    pub screen_height: f64,
    pub pixel_ratio: f64,
}

impl FromOptions for DeviceFrame {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        let number = |field: &'static str| {
            let value = options.get(field);
            value.as_f64().ok_or_else(|| mismatch(&value, field, "Number"))
        };
        Ok(DeviceFrame {
            model: options.string("model")?,
            system: options.string("system")?,
            platform: options.string("platform")?,
            screen_width: number("screenWidth")?,
            screen_height: number("screenHeight")?,
            pixel_ratio: number("pixelRatio")?,
        })
    }
}

/// `install(config)`: `{appid?, profile?, device?, viewport?, proxy?, networkTimeout?,
/// tileUrl?}`.
pub struct Config {
    /// Keeps each mini program's storage apart.
    pub appid: String,
    pub profile: Profile,
    /// The simulated phone; absent on a real phone, where the browser is the phone.
    pub device: Option<DeviceFrame>,
    /// The element whose size is the mini program's window.
    pub viewport: Option<Element>,
    /// `wxweb serve`'s proxy for cross-origin requests (`/__wxweb/proxy`), if any.
    pub proxy: Option<String>,
    /// app.json's `networkTimeout`.
    pub timeouts: Timeouts,
    /// The map tiles of openLocation/chooseLocation: a URL template with `{z}`, `{x}`
    /// and `{y}` (OpenStreetMap's when absent).
    pub tile_url: Option<String>,
    /// The mini program's name on the permission sheets (`appName`: project.config.json's
    /// `projectname`); the appid when absent.
    pub app_name: Option<String>,
}

impl Config {
    pub fn from_js(value: JsValue) -> Result<Config, String> {
        let options = Options::new(value);
        let appid = match options.get("appid").as_string() {
            Some(appid) if is_appid(&appid) => appid,
            Some(appid) => {
                return Err(format!("invalid appid \"{appid}\": use letters, digits, _ and -"))
            }
            None => TOURIST_APPID.to_owned(),
        };
        let profile = match options.get("profile").as_string().as_deref() {
            None | Some("seed") => Profile::Seed,
            Some("modern") => Profile::Modern,
            Some(other) => {
                return Err(format!("unknown profile \"{other}\": use \"seed\" or \"modern\""))
            }
        };
        let device = options.get("device");
        let device = if device.is_object() {
            Some(
                DeviceFrame::from_options(&Options::new(device))
                    .map_err(|e| format!("invalid device: {e}"))?,
            )
        } else {
            None
        };
        let viewport = options.get("viewport").dyn_into::<Element>().ok();
        let proxy = options.get("proxy").as_string().map(|proxy| absolute(&proxy));
        let timeouts = timeouts(&options.get("networkTimeout"));
        let tile_url = match options.get("tileUrl").as_string() {
            Some(template) if !["{z}", "{x}", "{y}"].iter().all(|part| template.contains(part)) => {
                return Err(format!(
                    "invalid tileUrl \"{template}\": it needs {{z}}, {{x}} and {{y}}"
                ))
            }
            template => template,
        };
        let app_name = options.get("appName").as_string().filter(|name| !name.is_empty());
        Ok(Config { appid, profile, device, viewport, proxy, timeouts, tile_url, app_name })
    }
}

/// `networkTimeout: {request, connectSocket, uploadFile, downloadFile}` in milliseconds;
/// missing or non-positive entries keep WeChat's 60 s.
fn timeouts(value: &JsValue) -> Timeouts {
    let options = Options::new(value.clone());
    let read = |field: &str, default: u32| match options.get(field).as_f64() {
        Some(ms) if ms >= 1.0 => ms.min(f64::from(u32::MAX)) as u32,
        _ => default,
    };
    let defaults = Timeouts::default();
    Timeouts {
        request: read("request", defaults.request),
        connect_socket: read("connectSocket", defaults.connect_socket),
        upload_file: read("uploadFile", defaults.upload_file),
        download_file: read("downloadFile", defaults.download_file),
    }
}

/// A proxy path such as `/__wxweb/proxy`, made absolute against the page.
fn absolute(path: &str) -> String {
    let base = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    web_sys::Url::new_with_base(path, &base)
        .map(|url| url.href())
        .unwrap_or_else(|_| path.to_owned())
}

/// Appids are short words (`wx0123456789abcdef`); storage keys are built from them.
fn is_appid(appid: &str) -> bool {
    (1..=64).contains(&appid.len())
        && appid.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::is_appid;

    #[test]
    fn appids_are_plain_words() {
        assert!(is_appid("touristappid"));
        assert!(is_appid("wx0123456789abcdef"));
        assert!(!is_appid(""));
        assert!(!is_appid("a:b"));
        assert!(!is_appid("../x"));
        assert!(!is_appid(&"a".repeat(65)));
    }
}
