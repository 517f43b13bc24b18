//! Open interfaces (开发接口): wx.login and wx.getUserInfo, over `fetch` to `wxweb serve`,
//! which plays WeChat's login server (server/src/login); and authorisation (auth.rs:
//! wx.authorize, wx.getSetting, wx.openSetting). wx.login's result is `{code}` only: the
//! session key stays between wxweb serve and the developer's server, as in WeChat;
//! getUserInfo's answer is signed and encrypted with it by the server.
//!
//! Differs from WeChat: without `wxweb serve` behind the page (the npm package on another
//! server) there is nobody to issue codes, and wx.login fails with `login:fail no wxweb
//! server answered …` (getUserInfo likewise).

mod auth;

use js_sys::{Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, Headers, RequestCache, RequestInit, Response};
use wxweb_core::auth::scope;
use wxweb_core::errmsg::{Fail, ParamError};
use wxweb_core::login::{
    code_of, login_path, userinfo_path, Answer, NO_SERVER, USERINFO_NO_SERVER,
};

use crate::bridge::result::wx_result;
use crate::bridge::{FromOptions, IntoResult, Options, Outcome, WxObject};
use crate::platform::js::error_message;

/// Adds wx.login, wx.getUserInfo and the authorisation APIs to `wx`; codes are asked for
/// `appid`, permission sheets name `app_name` and go into `screen`.
pub fn install(wx: &WxObject, appid: &str, app_name: &str, screen: Option<Element>) {
    let path = login_path(appid);
    wx.add_async("login", move |()| {
        let path = path.clone();
        async move { login(&path).await }
    });
    let auth = auth::Auth::new(appid, app_name, screen);
    auth::install(wx, &auth);
    let path = userinfo_path(appid);
    wx.add_async("getUserInfo", move |options: UserInfoOptions| {
        let (path, auth) = (path.clone(), auth.clone());
        async move {
            if let Some(user_info) = scope("scope.userInfo") {
                auth.ask(user_info).await?;
            }
            get_user_info(&path, options).await
        }
    });
}

wx_result! {
    /// The success result of wx.login: a code for the developer's server.
    struct LoginResult {
        code: String,
    }
}

wx_result! {
    /// The success result of wx.getUserInfo, as WeChat's server signs it.
    struct UserInfoResult {
        user_info as "userInfo": JsValue,
        raw_data as "rawData": String,
        signature: String,
        encrypted_data as "encryptedData": Option<String>,
        iv: Option<String>,
    }
}

/// wx.getUserInfo's options: `withCredentials: false` leaves encryptedData and iv out.
struct UserInfoOptions {
    with_credentials: bool,
}

impl FromOptions for UserInfoOptions {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        Ok(UserInfoOptions {
            with_credentials: options.get("withCredentials").as_bool() != Some(false),
        })
    }
}

/// A `POST` to `path` on the page's origin with the `x-wxweb-api` header: the status and
/// the body when it is a JSON object. `no_server` begins the fail text of a network error.
async fn post(path: &str, api: &str, no_server: &str) -> Result<(u16, Option<JsValue>), Fail> {
    let failed = |error: JsValue| {
        Fail::owned(format!("{no_server}: {}", error_message(&error, "network error")))
    };
    let window = web_sys::window().ok_or(Fail::new("no window"))?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_cache(RequestCache::NoStore);
    // wxweb serve answers only requests with this header, which a navigation or another
    // site's form cannot send (and another site's fetch only after a refused preflight).
    let headers = Headers::new().map_err(|_| Fail::new("cannot build headers"))?;
    let _ = headers.set("x-wxweb-api", api);
    init.set_headers(&headers);
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(path, &init))
        .await
        .map_err(failed)?
        .unchecked_into();
    let text = match response.text() {
        Ok(text) => JsFuture::from(text).await.map_err(failed)?,
        Err(error) => return Err(failed(error)),
    };
    let body = text.as_string().and_then(|text| JSON::parse(&text).ok()).filter(JsValue::is_object);
    Ok((response.status(), body))
}

/// `body[name]` when it is a string.
fn text_field(body: Option<&JsValue>, name: &str) -> Option<String> {
    body.and_then(|body| Reflect::get(body, &name.into()).ok()).and_then(|v| v.as_string())
}

/// `POST /__wxweb/login?appid=…` on the page's origin → `{code}`.
async fn login(path: &str) -> Outcome {
    let (status, body) = post(path, "login", NO_SERVER).await?;
    let field = |name: &str| text_field(body.as_ref(), name);
    let code = code_of(Answer { status, code: field("code"), error: field("error") })?;
    Ok(LoginResult { code }.into_result())
}

/// `POST /__wxweb/userinfo?appid=…` → `{userInfo, rawData, signature, encryptedData, iv}`.
async fn get_user_info(path: &str, options: UserInfoOptions) -> Outcome {
    let (status, body) = post(path, "getUserInfo", USERINFO_NO_SERVER).await?;
    let field = |name: &str| text_field(body.as_ref(), name);
    let user_info = body.as_ref().and_then(|body| Reflect::get(body, &"userInfo".into()).ok());
    match (status, user_info.filter(JsValue::is_object), field("rawData"), field("signature")) {
        (200, Some(user_info), Some(raw_data), Some(signature)) => Ok(UserInfoResult {
            user_info,
            raw_data,
            signature,
            encrypted_data: field("encryptedData").filter(|_| options.with_credentials),
            iv: field("iv").filter(|_| options.with_credentials),
        }
        .into_result()),
        _ => Err(match field("error") {
            Some(error) => Fail::owned(error),
            None => {
                Fail::owned(format!("{USERINFO_NO_SERVER}: HTTP {status} from /__wxweb/userinfo"))
            }
        }),
    }
}
