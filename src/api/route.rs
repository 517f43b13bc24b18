//! Navigation (导航): navigateTo, redirectTo and navigateBack, over the running app's
//! page stack ([`Runtime`]). Present on `wx` only when a mini program is running.

use std::future::ready;
use std::rc::Rc;

use wasm_bindgen::JsValue;
use wxweb_core::errmsg::{Fail, ParamError};

use crate::app::runtime::Runtime;
use crate::bridge::{FromOptions, Options, WxObject};

/// `{url}` of navigateTo and redirectTo.
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

pub fn install(wx: &WxObject, runtime: &Rc<Runtime>) {
    let app = runtime.clone();
    wx.add_async("navigateTo", move |Url(url)| ready(settle(app.navigate_to(&url))));
    let app = runtime.clone();
    wx.add_async("redirectTo", move |Url(url)| ready(settle(app.redirect_to(&url))));
    let app = runtime.clone();
    wx.add_async("navigateBack", move |Delta(delta)| ready(settle(app.navigate_back(delta))));
}

fn settle(outcome: Result<(), String>) -> Result<JsValue, Fail> {
    outcome.map(|()| JsValue::UNDEFINED).map_err(Fail::owned)
}
