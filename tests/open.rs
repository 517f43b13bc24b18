//! wx.login in headless Chromium without `wxweb serve` behind the page (the test runner's
//! own server): a clear `login:fail`, through fail and complete. The flow with the server
//! is tests/e2e/login.test.mjs.

mod common;

use common::*;
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
