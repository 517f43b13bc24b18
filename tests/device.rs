//! getSystemInfo(Sync) and getNetworkType in headless Chromium, with and without the
//! simulator's device frame.

mod common;

use common::*;
use js_sys::{Object, Reflect};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const FIELDS: [&str; 10] = [
    "model",
    "pixelRatio",
    "windowWidth",
    "windowHeight",
    "language",
    "version",
    "system",
    "platform",
    "screenWidth",
    "screenHeight",
];

/// A `wx` for a simulated iPhone 6 whose page area is a 375×603 element.
async fn framed_wx() -> Object {
    let viewport = js("(() => { const el = document.createElement('div');
                 el.style.cssText = 'width:375px;height:603px;position:absolute;top:0;left:0';
                 document.body.appendChild(el); return el; })()");
    let device = js("({model: 'iPhone 6', system: 'iOS 10.0.1', platform: 'devtools',
           screenWidth: 375, screenHeight: 667, pixelRatio: 2})");
    let config =
        obj(&[("appid", fresh_appid().into()), ("device", device), ("viewport", viewport)]);
    wxweb::create_wx(config).await.unwrap()
}

#[wasm_bindgen_test]
async fn a_device_frame_is_what_the_mini_program_sees() {
    let wx = framed_wx().await;
    let info = call_sync(&wx, "getSystemInfoSync", &[]).unwrap();
    let expected = format!(
        r#"{{"model":"iPhone 6","pixelRatio":2,"windowWidth":375,"windowHeight":603,"language":"{}","version":"6.5.3","system":"iOS 10.0.1","platform":"devtools","screenWidth":375,"screenHeight":667}}"#,
        js("navigator.language.replace('-', '_')").as_string().unwrap()
    );
    assert_eq!(json(&info), expected);
}

#[wasm_bindgen_test]
async fn without_a_frame_the_browser_is_the_phone() {
    let wx = fresh_wx().await;
    let info = call_sync(&wx, "getSystemInfoSync", &[]).unwrap();
    for field in FIELDS {
        assert!(!get(&info, field).is_undefined(), "{field} is missing");
    }
    assert_eq!(get(&info, "pixelRatio").as_f64(), js("devicePixelRatio").as_f64());
    assert_eq!(get(&info, "windowWidth").as_f64(), js("innerWidth").as_f64());
    assert_eq!(get(&info, "windowHeight").as_f64(), js("innerHeight").as_f64());
    assert_eq!(get(&info, "screenWidth").as_f64(), js("screen.width").as_f64());
    // Headless Chromium on Linux: a desktop, reported as WeChat's developer tools.
    assert_eq!(get(&info, "model").as_string().as_deref(), Some("PC"));
    assert_eq!(get(&info, "platform").as_string().as_deref(), Some("devtools"));
}

#[wasm_bindgen_test]
async fn the_async_form_gives_the_same_with_err_msg() {
    let wx = framed_wx().await;
    let calls = call(&wx, "getSystemInfo", &obj(&[])).await;
    assert_eq!(calls.labels(), ["success", "complete"]);
    assert_eq!(calls.err_msg(), "getSystemInfo:ok");
    let sync = call_sync(&wx, "getSystemInfoSync", &[]).unwrap();
    Reflect::delete_property(&calls.result().into(), &"errMsg".into()).unwrap();
    assert_eq!(json(&calls.result()), json(&sync));
}

#[wasm_bindgen_test]
async fn the_modern_profile_reports_a_modern_wechat() {
    let wx = wx_with(&fresh_appid(), "modern").await;
    let info = call_sync(&wx, "getSystemInfoSync", &[]).unwrap();
    assert_eq!(get(&info, "version").as_string().as_deref(), Some("8.0.50"));
}

#[wasm_bindgen_test]
async fn the_network_type_follows_the_browser() {
    let wx = fresh_wx().await;
    let calls = call(&wx, "getNetworkType", &obj(&[])).await;
    assert_eq!(calls.err_msg(), "getNetworkType:ok");
    let network_type = get(&calls.result(), "networkType").as_string().unwrap();
    // Online headless Chromium has `effectiveType` but no `type`.
    let effective = js("navigator.connection && navigator.connection.effectiveType").as_string();
    let expected = match effective.as_deref() {
        Some("slow-2g" | "2g") => "2g",
        Some("3g") => "3g",
        Some("4g") => "4g",
        _ => "unknown",
    };
    assert_eq!(network_type, expected);
}
