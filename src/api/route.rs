//! Navigation (导航): navigateTo, redirectTo, navigateBack, switchTab and reLaunch, over
//! the running app's page stack (its [`Navigator`]). Present on `wx` only when a mini
//! program is running.

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wxweb_core::app::navigation::{NavError, Navigation, Navigator};
use wxweb_core::errmsg::{Fail, ParamError};

use crate::bridge::{FromOptions, Options, WxObject};

/// `{url}` of navigateTo, redirectTo, switchTab and reLaunch.
struct Url(String);

impl FromOptions for Url {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        options.string("url").map(Url)
    }
}

/// `{delta}` of navigateBack, default 1.
struct Delta(f64);

impl FromOptions for Delta {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        Ok(Delta(options.optional_number("delta")?.unwrap_or(1.0)))
    }
}

pub fn install(wx: &WxObject, navigator: Rc<dyn Navigator>) {
    let app = navigator.clone();
    wx.add_async("navigateTo", move |Url(url)| route(app.clone(), Navigation::To(url)));
    let app = navigator.clone();
    wx.add_async("redirectTo", move |Url(url)| route(app.clone(), Navigation::Redirect(url)));
    let app = navigator.clone();
    wx.add_async("switchTab", move |Url(url)| route(app.clone(), Navigation::SwitchTab(url)));
    let app = navigator.clone();
    wx.add_async("reLaunch", move |Url(url)| route(app.clone(), Navigation::ReLaunch(url)));
    wx.add_async("navigateBack", move |Delta(delta)| {
        route(navigator.clone(), Navigation::Back(delta))
    });
}

/// Navigates once the calling code has returned (a microtask later), as WeChat routes
/// after the current callback: a page that redirects in its own `onLoad` finishes
/// `onLoad` and `onShow` first, and a route asked for in `App.onLaunch` starts from
/// the first page.
async fn route(navigator: Rc<dyn Navigator>, to: Navigation) -> Result<JsValue, Fail> {
    let _ = JsFuture::from(Promise::resolve(&JsValue::UNDEFINED)).await;
    settle(navigator.navigate(to))
}

fn settle(outcome: Result<(), NavError>) -> Result<JsValue, Fail> {
    outcome.map(|()| JsValue::UNDEFINED).map_err(|error| Fail::owned(error.to_string()))
}
