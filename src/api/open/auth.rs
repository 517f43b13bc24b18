//! Authorisation (授权): wx.authorize, wx.getSetting, wx.openSetting, and the question
//! wx.getUserInfo asks first. The permission sheet and the settings page are drawn over
//! the device screen by src/platform/views.js; the answers are kept per appid in
//! `localStorage` (`wxweb-auth:<appid>`), so a reload remembers them as WeChat does.
//!
//! As in WeChat: a scope asked before is not asked again (an allowed one succeeds at
//! once, a refused one fails with `auth deny` until openSetting turns it on), and
//! getSetting lists only the scopes asked so far. Asks of a scope while its sheet is up
//! wait for the same answer (one sheet), and openSetting while the page is up shares it.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::Element;
use wxweb_core::auth::{scope, Scope, Settings, AUTH_DENY, INVALID_SCOPE};
use wxweb_core::errmsg::{Fail, ParamError};

use crate::bridge::result::wx_result;
use crate::bridge::{FromOptions, IntoResult, Options, Outcome, WxObject};
use crate::platform::local_storage::LocalStorage;

#[wasm_bindgen(module = "/src/platform/views.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = authorizeSheet)]
    fn authorize_sheet(container: &Element, app_name: &str, line: &str)
        -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_name = settingSheet)]
    fn setting_sheet(container: &Element, app_name: &str, rows: &Array)
        -> Result<Promise, JsValue>;
}

/// `(scope, allowed)` pairs, as [`Settings::entries`] gives them.
type Answers = Vec<(&'static str, bool)>;

/// The answers of one mini program, and where to ask.
#[derive(Clone)]
pub struct Auth(Rc<Inner>);

struct Inner {
    key: String,
    app_name: String,
    screen: Option<Element>,
    settings: RefCell<Settings>,
    /// The sheets on screen: the permission sheet of each scope being asked, and the
    /// settings page.
    asking: RefCell<Vec<(&'static str, Promise)>>,
    /// The settings page, with the scopes its switches stand for.
    setting: RefCell<Option<(Promise, Answers)>>,
}

impl Auth {
    /// The answers stored for `appid`; sheets go into `screen` (none: nobody to ask).
    pub fn new(appid: &str, app_name: &str, screen: Option<Element>) -> Auth {
        let key = format!("wxweb-auth:{appid}");
        let stored = LocalStorage::open().and_then(|storage| storage.get_item(&key));
        let settings = stored.and_then(|text| text.as_string()).map(|t| Settings::decode(&t));
        Auth(Rc::new(Inner {
            key,
            app_name: app_name.to_owned(),
            screen,
            settings: RefCell::new(settings.unwrap_or_default()),
            asking: RefCell::new(Vec::new()),
            setting: RefCell::new(None),
        }))
    }

    fn set(&self, scope: &str, allowed: bool) {
        let text = {
            let mut settings = self.0.settings.borrow_mut();
            settings.set(scope, allowed);
            settings.encode()
        };
        if let Some(storage) = LocalStorage::open() {
            // A full localStorage keeps the answer for this run only.
            let _ = storage.set_item(&self.0.key.as_str().into(), &text.as_str().into());
        }
    }

    /// `scope` granted: at once if answered before, else after the permission sheet.
    pub async fn ask(&self, scope: &'static Scope) -> Result<(), Fail> {
        let known = self.0.settings.borrow().get(scope.name);
        match known {
            Some(true) => return Ok(()),
            Some(false) => return Err(Fail::new(AUTH_DENY)),
            None => {}
        }
        let shown = self.0.asking.borrow().iter().find(|(name, _)| *name == scope.name).cloned();
        let sheet = match shown {
            Some((_, sheet)) => sheet,
            None => {
                let screen =
                    self.0.screen.as_ref().ok_or(Fail::new("no device screen to ask on"))?;
                let sheet = authorize_sheet(screen, &self.0.app_name, scope.sheet)
                    .map_err(|_| Fail::new("cannot show the permission sheet"))?;
                self.0.asking.borrow_mut().push((scope.name, sheet.clone()));
                sheet
            }
        };
        let allowed =
            JsFuture::from(sheet.clone()).await.ok().and_then(|v| v.as_bool()).unwrap_or(false);
        self.0.asking.borrow_mut().retain(|(_, shown)| !Object::is(shown, &sheet));
        self.set(scope.name, allowed);
        if allowed {
            Ok(())
        } else {
            Err(Fail::new(AUTH_DENY))
        }
    }

    /// `{'scope.userInfo': true, …}`: the scopes asked so far.
    fn auth_setting(&self) -> Object {
        let object = Object::new();
        for &(name, allowed) in self.0.settings.borrow().entries() {
            let _ = Reflect::set(&object, &name.into(), &allowed.into());
        }
        object
    }

    /// wx.openSetting: a switch per scope asked; the person's changes are kept.
    async fn open_setting(&self) -> Result<Object, Fail> {
        let shown = self.0.setting.borrow().clone();
        let (sheet, entries) = match shown {
            Some(shown) => shown,
            None => {
                let entries = self.0.settings.borrow().entries().to_vec();
                let screen = self.0.screen.as_ref().ok_or(Fail::new("no device screen to show"))?;
                let rows = Array::new();
                for &(name, allowed) in &entries {
                    let label = scope(name).map_or(name, |scope| scope.label);
                    rows.push(&Array::of2(&label.into(), &allowed.into()));
                }
                let sheet = setting_sheet(screen, &self.0.app_name, &rows)
                    .map_err(|_| Fail::new("cannot show the settings"))?;
                *self.0.setting.borrow_mut() = Some((sheet.clone(), entries.clone()));
                (sheet, entries)
            }
        };
        let states = JsFuture::from(sheet.clone()).await;
        let mut setting = self.0.setting.borrow_mut();
        if setting.as_ref().is_some_and(|(shown, _)| Object::is(shown, &sheet)) {
            *setting = None;
        }
        drop(setting);
        let states = states.map_err(|_| Fail::new("settings closed"))?;
        // Our own sheet's answer: an array of booleans, one per row.
        let states: Array = states.dyn_into().unwrap_or_else(|_| Array::new());
        for (index, &(name, _)) in entries.iter().enumerate() {
            if let Some(allowed) = states.get(index as u32).as_bool() {
                self.set(name, allowed);
            }
        }
        Ok(self.auth_setting())
    }
}

/// wx.authorize's options: `{scope}`.
struct AuthorizeOptions {
    scope: String,
}

impl FromOptions for AuthorizeOptions {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        Ok(AuthorizeOptions { scope: options.string("scope")? })
    }
}

wx_result! {
    /// The success result of wx.getSetting and wx.openSetting.
    struct SettingResult {
        auth_setting as "authSetting": Object,
    }
}

/// Adds wx.authorize, wx.getSetting and wx.openSetting, over `auth`.
pub fn install(wx: &WxObject, auth: &Auth) {
    let a = auth.clone();
    wx.add_async("authorize", move |options: AuthorizeOptions| {
        let auth = a.clone();
        async move {
            let scope = scope(&options.scope).ok_or(Fail::new(INVALID_SCOPE))?;
            auth.ask(scope).await?;
            Ok(JsValue::UNDEFINED)
        }
    });
    let a = auth.clone();
    wx.add_async("getSetting", move |()| {
        std::future::ready(Ok(SettingResult { auth_setting: a.auth_setting() }.into_result()))
    });
    let a = auth.clone();
    wx.add_async("openSetting", move |()| {
        let auth = a.clone();
        async move {
            let auth_setting = auth.open_setting().await?;
            Ok(SettingResult { auth_setting }.into_result()) as Outcome
        }
    });
}
