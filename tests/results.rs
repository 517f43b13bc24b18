//! Result objects as WeChat gives them (CONVENTIONS.md): their keys in WeChat's order
//! with `errMsg` last, keys that WeChat leaves out absent (not `undefined`), and each
//! value of WeChat's JS type. In headless Chromium.

mod common;

use common::*;
use js_sys::{Function, Object};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// `Object.keys(value)` joined by commas, then each value's `typeof` (`array` for arrays).
fn shape(value: &JsValue) -> (String, String) {
    let keys: Vec<String> = Object::keys(value.unchecked_ref::<Object>())
        .iter()
        .filter_map(|key| key.as_string())
        .collect();
    let types: Vec<String> = keys
        .iter()
        .map(|key| {
            let field = get(value, key);
            if js_sys::Array::is_array(&field) {
                "array".to_owned()
            } else {
                field.js_typeof().as_string().unwrap_or_default()
            }
        })
        .collect();
    (keys.join(","), types.join(","))
}

#[wasm_bindgen_test]
async fn storage_results_have_wechats_keys_in_order() {
    let wx = fresh_wx().await;
    call_sync(&wx, "setStorageSync", &["k".into(), 7.into()]).unwrap();
    let calls = call(&wx, "getStorage", &obj(&[("key", "k".into())])).await;
    assert_eq!(shape(&calls.result()), ("data,errMsg".into(), "number,string".into()));

    let calls = call(&wx, "getStorageInfo", &Object::new()).await;
    assert_eq!(
        shape(&calls.result()),
        ("keys,currentSize,limitSize,errMsg".into(), "array,number,number,string".into())
    );
    let info = call_sync(&wx, "getStorageInfoSync", &[]).unwrap();
    assert_eq!(shape(&info).0, "keys,currentSize,limitSize", "a sync result has no errMsg");
    assert_eq!(json(&get(&info, "keys")), r#"["k"]"#);
}

#[wasm_bindgen_test]
async fn device_results_have_wechats_keys_in_order() {
    let wx = fresh_wx().await;
    let calls = call(&wx, "getSystemInfo", &Object::new()).await;
    assert_eq!(
        shape(&calls.result()),
        (
            "model,pixelRatio,windowWidth,windowHeight,language,version,system,platform,\
             screenWidth,screenHeight,errMsg"
                .into(),
            "string,number,number,number,string,string,string,string,number,number,string".into()
        )
    );
    let calls = call(&wx, "getNetworkType", &Object::new()).await;
    assert_eq!(shape(&calls.result()), ("networkType,errMsg".into(), "string,string".into()));
}

#[wasm_bindgen_test]
async fn a_saved_file_list_is_an_array_under_file_list() {
    let wx = fresh_wx().await;
    let calls = call(&wx, "getSavedFileList", &Object::new()).await;
    assert_eq!(shape(&calls.result()), ("fileList,errMsg".into(), "array,string".into()));
}

#[wasm_bindgen_test]
async fn socket_events_have_wechats_keys() {
    let wx = fresh_wx().await;
    let events = js("[]");
    for name in ["onSocketError", "onSocketClose"] {
        let callback = Function::new_with_args("r", "this.push(r)").bind0(&events);
        call_sync(&wx, name, &[callback.into()]).unwrap();
    }
    // Port 9 (discard) is closed on loopback: the browser accepts the socket, then fails.
    call(&wx, "connectSocket", &obj(&[("url", "ws://127.0.0.1:9/".into())])).await;
    for _ in 0..100 {
        if js_sys::Array::from(&events).length() >= 2 {
            break;
        }
        pause(20).await;
    }
    let events = js_sys::Array::from(&events);
    assert_eq!(shape(&events.get(0)), ("errMsg".into(), "string".into()));
    assert_eq!(shape(&events.get(1)), ("code,reason".into(), "number,string".into()));
}
