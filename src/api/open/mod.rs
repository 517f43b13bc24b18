//! Open interfaces (开发接口): wx.login, over `fetch` to `wxweb serve`, which plays
//! WeChat's login server (server/src/login). The result is `{code}` only: the session key
//! stays between wxweb serve and the developer's server, as in WeChat.
//!
//! Differs from WeChat: without `wxweb serve` behind the page (the npm package on another
//! server) there is nobody to issue codes, and wx.login fails with `login:fail no wxweb
//! server answered …`.

use js_sys::{Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestCache, RequestInit, Response};
use wxweb_core::errmsg::Fail;
use wxweb_core::login::{code_of, login_path, Answer, NO_SERVER};

use crate::bridge::result::wx_result;
use crate::bridge::{IntoResult, Outcome, WxObject};
use crate::platform::js::error_message;

/// Adds wx.login to `wx`; codes are asked for `appid`.
pub fn install(wx: &WxObject, appid: &str) {
    let path = login_path(appid);
    wx.add_async("login", move |()| {
        let path = path.clone();
        async move { login(&path).await }
    });
}

wx_result! {
    /// The success result of wx.login: a code for the developer's server.
    struct LoginResult {
        code: String,
    }
}

/// `POST /__wxweb/login?appid=…` on the page's origin → `{code}`.
async fn login(path: &str) -> Outcome {
    let no_server = |error: JsValue| {
        Fail::owned(format!("{NO_SERVER}: {}", error_message(&error, "network error")))
    };
    let window = web_sys::window().ok_or(Fail::new("no window"))?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_cache(RequestCache::NoStore);
    // wxweb serve issues codes only to requests with this header, which a navigation or
    // another site's form cannot send (and another site's fetch only after a refused preflight).
    let headers = Headers::new().map_err(|_| Fail::new("cannot build headers"))?;
    let _ = headers.set("x-wxweb-api", "login");
    init.set_headers(&headers);
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(path, &init))
        .await
        .map_err(no_server)?
        .unchecked_into();
    let text = match response.text() {
        Ok(text) => JsFuture::from(text).await.map_err(no_server)?,
        Err(error) => return Err(no_server(error)),
    };
    let body = text.as_string().and_then(|text| JSON::parse(&text).ok()).filter(JsValue::is_object);
    let field = |name: &str| {
        body.as_ref()
            .and_then(|body| Reflect::get(body, &name.into()).ok())
            .and_then(|v| v.as_string())
    };
    let code =
        code_of(Answer { status: response.status(), code: field("code"), error: field("error") })?;
    Ok(LoginResult { code }.into_result())
}
