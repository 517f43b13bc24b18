//! wx.login and wx.getUserInfo in headless Chromium without `wxweb serve` behind the page
//! (the test runner's own server): a clear `login:fail` / `getUserInfo:fail`, through fail
//! and complete; and getSetting's shape. The flows with the server are
//! tests/e2e/login.test.mjs and tests/e2e/user.test.mjs.

mod common;

use common::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn without_a_wxweb_server_login_fails_clearly() {
    let wx = fresh_wx().await;
    let calls = call(&wx, "login", &obj(&[])).await;
    assert_eq!(calls.labels(), ["fail", "complete"]);
    let err_msg = calls.err_msg();
    assert!(
        err_msg.starts_with("login:fail no wxweb server answered (wx.login needs `wxweb serve`)"),
        "{err_msg}"
    );
    assert!(get(&calls.result(), "code").is_undefined());
}

/// A `wx` whose mini program was already allowed `scope.userInfo` (no sheet to answer).
async fn allowed_wx() -> js_sys::Object {
    let appid = fresh_appid();
    js_sys::eval(&format!("localStorage.setItem('wxweb-auth:{appid}', 'scope.userInfo=1')"))
        .unwrap();
    wx_with(&appid, "seed").await
}

#[wasm_bindgen_test]
async fn without_a_wxweb_server_get_user_info_fails_clearly() {
    let wx = allowed_wx().await;
    let calls = call(&wx, "getUserInfo", &obj(&[])).await;
    assert_eq!(calls.labels(), ["fail", "complete"]);
    let err_msg = calls.err_msg();
    assert!(
        err_msg.starts_with(
            "getUserInfo:fail no wxweb server answered (wx.getUserInfo needs `wxweb serve`)"
        ),
        "{err_msg}"
    );
    assert!(get(&calls.result(), "userInfo").is_undefined());
}

#[wasm_bindgen_test]
async fn get_setting_lists_the_scopes_asked() {
    let calls = call(&allowed_wx().await, "getSetting", &obj(&[])).await;
    assert_eq!(calls.labels(), ["success", "complete"]);
    assert_eq!(calls.err_msg(), "getSetting:ok");
    let setting = get(&calls.result(), "authSetting");
    assert_eq!(get(&setting, "scope.userInfo"), true);
    assert!(get(&setting, "scope.record").is_undefined());
    let calls = call(&fresh_wx().await, "getSetting", &obj(&[])).await;
    let setting = get(&calls.result(), "authSetting");
    assert_eq!(js_sys::Object::keys(setting.unchecked_ref::<js_sys::Object>()).length(), 0);
}
