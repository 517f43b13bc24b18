//! The current page's navigation bar (setNavigationBarTitle, showNavigationBarLoading,
//! hideNavigationBarLoading; each page keeps its own) and stopPullDownRefresh.

use std::future::ready;
use std::rc::Rc;

use wasm_bindgen::JsValue;
use wxweb_core::errmsg::ParamError;

use crate::app::runtime::Runtime;
use crate::bridge::{FromOptions, Options, WxObject};

/// `{title}` of setNavigationBarTitle.
struct Title(String);

impl FromOptions for Title {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        options.string("title").map(Title)
    }
}

pub fn install(wx: &WxObject, runtime: &Rc<Runtime>) {
    let app = runtime.clone();
    wx.add_async("setNavigationBarTitle", move |Title(title)| {
        app.set_title(title);
        ready(Ok(JsValue::UNDEFINED))
    });
    let app = runtime.clone();
    wx.add_async("showNavigationBarLoading", move |()| {
        app.set_nav_loading(true);
        ready(Ok(JsValue::UNDEFINED))
    });
    let app = runtime.clone();
    wx.add_async("hideNavigationBarLoading", move |()| {
        app.set_nav_loading(false);
        ready(Ok(JsValue::UNDEFINED))
    });
    let app = runtime.clone();
    wx.add_async("stopPullDownRefresh", move |()| {
        app.stop_pull_down();
        ready(Ok(JsValue::UNDEFINED))
    });
}
