//! Navigation (导航): navigateTo, redirectTo, navigateBack, switchTab and reLaunch, over
//! the running app's page stack (its [`Navigator`]). Present on `wx` only when a mini
//! program is running.

use std::future::ready;
use std::rc::Rc;

use wasm_bindgen::JsValue;
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
    wx.add_async("navigateTo", move |Url(url)| ready(settle(app.navigate(Navigation::To(url)))));
    let app = navigator.clone();
    wx.add_async("redirectTo", move |Url(url)| {
        ready(settle(app.navigate(Navigation::Redirect(url))))
    });
    let app = navigator.clone();
    wx.add_async("switchTab", move |Url(url)| {
        ready(settle(app.navigate(Navigation::SwitchTab(url))))
    });
    let app = navigator.clone();
    wx.add_async("reLaunch", move |Url(url)| {
        ready(settle(app.navigate(Navigation::ReLaunch(url))))
    });
    wx.add_async("navigateBack", move |Delta(delta)| {
        ready(settle(navigator.navigate(Navigation::Back(delta))))
    });
}

fn settle(outcome: Result<(), NavError>) -> Result<JsValue, Fail> {
    outcome.map(|()| JsValue::UNDEFINED).map_err(|error| Fail::owned(error.to_string()))
}
