//! Device (设备): getSystemInfo, getSystemInfoSync and getNetworkType; the sensors
//! (onAccelerometerChange, onCompassChange: sensors.rs) and makePhoneCall (phone_call.rs).
//! Browser primitives: `navigator` (userAgent, language, onLine, connection),
//! `window.screen`, `devicePixelRatio`, and the size of the simulator's page area.

mod phone_call;
mod sensors;

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use web_sys::Element;
use wxweb_core::device::detect::{network_type, phone_from_user_agent, wechat_language};

use crate::bridge::result::wx_result;
use crate::bridge::{IntoResult, Outcome, Profile, WxObject};
use crate::config::DeviceFrame;

/// The WeChat version getSystemInfo reports in each profile.
fn wechat_version(profile: Profile) -> &'static str {
    match profile {
        Profile::Seed => "6.5.3",
        Profile::Modern => "8.0.50",
    }
}

wx_result! {
    /// The result of getSystemInfo and getSystemInfoSync; sizes in CSS px.
    struct SystemInfo {
        model: String,
        pixel_ratio as "pixelRatio": f64,
        window_width as "windowWidth": f64,
        window_height as "windowHeight": f64,
        language: String,
        version: &'static str,
        system: String,
        platform: String,
        screen_width as "screenWidth": f64,
        screen_height as "screenHeight": f64,
    }
}

/// Where system information comes from: the simulated phone when the simulator shows
/// its device frame, the real browser otherwise.
#[derive(Clone)]
pub struct Device {
    frame: Option<DeviceFrame>,
    viewport: Option<Element>,
    profile: Profile,
}

impl Device {
    pub fn new(frame: Option<DeviceFrame>, viewport: Option<Element>, profile: Profile) -> Self {
        Device { frame, viewport, profile }
    }

    fn system_info(&self) -> SystemInfo {
        let window = web_sys::window();
        let navigator = window.as_ref().map(|w| w.navigator());
        let language =
            navigator.as_ref().and_then(|n| n.language()).unwrap_or_else(|| "zh-CN".into());
        let (window_width, window_height) = self.window_size(window.as_ref());
        let (model, system, platform, screen_width, screen_height, pixel_ratio) = match &self.frame
        {
            Some(frame) => (
                frame.model.clone(),
                frame.system.clone(),
                frame.platform.clone(),
                frame.screen_width,
                frame.screen_height,
                frame.pixel_ratio,
            ),
            None => {
                let user_agent =
                    navigator.as_ref().and_then(|n| n.user_agent().ok()).unwrap_or_default();
                let phone = phone_from_user_agent(&user_agent);
                let screen = window.as_ref().and_then(|w| w.screen().ok());
                let width =
                    screen.as_ref().and_then(|s| s.width().ok()).map_or(window_width, f64::from);
                let height =
                    screen.as_ref().and_then(|s| s.height().ok()).map_or(window_height, f64::from);
                let ratio = window.as_ref().map_or(1.0, |w| w.device_pixel_ratio());
                (phone.model, phone.system, phone.platform.to_owned(), width, height, ratio)
            }
        };
        SystemInfo {
            model,
            pixel_ratio,
            window_width,
            window_height,
            language: wechat_language(&language),
            version: wechat_version(self.profile),
            system,
            platform,
            screen_width,
            screen_height,
        }
    }

    /// The mini program's window: the page area of the device frame when there is one,
    /// the browser's viewport otherwise.
    fn window_size(&self, window: Option<&web_sys::Window>) -> (f64, f64) {
        if let Some(viewport) = &self.viewport {
            return (viewport.client_width().into(), viewport.client_height().into());
        }
        let size =
            |value: Result<JsValue, JsValue>| value.ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
        match window {
            Some(w) => (size(w.inner_width()), size(w.inner_height())),
            None => (0.0, 0.0),
        }
    }
}

wx_result! {
    /// The result of getNetworkType: `wifi`, `2g`, `3g`, `4g`, `unknown` or `none`.
    struct NetworkType {
        network_type as "networkType": &'static str,
    }
}

fn current_network_type() -> &'static str {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return "unknown";
    };
    let connection =
        Reflect::get(&navigator, &JsValue::from_str("connection")).unwrap_or(JsValue::UNDEFINED);
    let field = |name: &str| -> Option<String> {
        if connection.is_object() {
            Reflect::get(&connection, &JsValue::from_str(name)).ok()?.as_string()
        } else {
            None
        }
    };
    network_type(navigator.on_line(), field("type").as_deref(), field("effectiveType").as_deref())
}

/// Adds getSystemInfo, getSystemInfoSync and getNetworkType to `wx`.
pub fn install(wx: &WxObject, device: &Device) {
    let d = device.clone();
    wx.add_async("getSystemInfo", move |()| std::future::ready(system_info(&d)));
    let d = device.clone();
    wx.add_sync("getSystemInfoSync", move |_, _| system_info(&d));
    wx.add_async("getNetworkType", |()| {
        std::future::ready(Ok(NetworkType { network_type: current_network_type() }.into_result()))
    });
}

/// Adds onAccelerometerChange, onCompassChange and makePhoneCall. Sensor notices and
/// the call overlay go over `screen` (the device screen, or the page).
pub fn install_hardware(wx: &WxObject, device: &Device, screen: Option<Element>) {
    sensors::install(wx, browser_platform(), screen.clone());
    phone_call::install(wx, device.frame.is_some(), screen);
}

/// The real browser's platform, whatever phone the simulator shows: `ios` also for an
/// iPad, whose Safari says "Macintosh" but has a touch screen.
fn browser_platform() -> &'static str {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return "devtools";
    };
    let platform = phone_from_user_agent(&navigator.user_agent().unwrap_or_default()).platform;
    if platform == "mac" && navigator.max_touch_points() > 1 {
        return "ios";
    }
    platform
}

fn system_info(device: &Device) -> Outcome {
    Ok(device.system_info().into_result())
}
