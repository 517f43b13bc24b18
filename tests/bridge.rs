//! The calling contract (CONVENTIONS.md, "The calling contract"), in headless Chromium.

mod common;

use common::*;
use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// What a `wx` from createWx offers: the whole seed API except what needs a running app
/// (navigation, the page's bar, the audio and video contexts, createSelectorQuery:
/// `launch`), and the 1.x additions 1.x projects call (showLoading, hideLoading,
/// canvasToTempFilePath and its first name toTempFilePath). Later APIs are absent, not
/// faked.
const IMPLEMENTED: [&str; 68] = [
    "authorize",
    "canvasToTempFilePath",
    "chooseImage",
    "chooseLocation",
    "chooseVideo",
    "clearStorage",
    "clearStorageSync",
    "closeSocket",
    "connectSocket",
    "createAnimation",
    "createContext",
    "downloadFile",
    "drawCanvas",
    "getBackgroundAudioPlayerState",
    "getImageInfo",
    "getLocation",
    "getNetworkType",
    "getSavedFileInfo",
    "getSavedFileList",
    "getSetting",
    "getStorage",
    "getStorageInfo",
    "getStorageInfoSync",
    "getStorageSync",
    "getSystemInfo",
    "getSystemInfoSync",
    "getUserInfo",
    "hideKeyboard",
    "hideLoading",
    "hideToast",
    "login",
    "makePhoneCall",
    "onAccelerometerChange",
    "onBackgroundAudioPause",
    "onBackgroundAudioPlay",
    "onBackgroundAudioStop",
    "onCompassChange",
    "onSocketClose",
    "onSocketError",
    "onSocketMessage",
    "onSocketOpen",
    "openDocument",
    "openLocation",
    "openSetting",
    "pauseBackgroundAudio",
    "pauseVoice",
    "playBackgroundAudio",
    "playVoice",
    "previewImage",
    "removeSavedFile",
    "removeStorage",
    "removeStorageSync",
    "request",
    "saveFile",
    "seekBackgroundAudio",
    "sendSocketMessage",
    "setStorage",
    "setStorageSync",
    "showActionSheet",
    "showLoading",
    "showModal",
    "showToast",
    "startRecord",
    "stopBackgroundAudio",
    "stopRecord",
    "stopVoice",
    "toTempFilePath",
    "uploadFile",
];

#[wasm_bindgen_test]
async fn every_function_is_an_own_property_and_nothing_is_faked() {
    let wx = fresh_wx().await;
    let mut names: Vec<String> = Object::keys(&wx).iter().map(|k| k.as_string().unwrap()).collect();
    names.sort();
    assert_eq!(names, IMPLEMENTED);
    for name in IMPLEMENTED {
        assert!(Reflect::get(&wx, &name.into()).unwrap().is_function(), "{name}");
    }
    assert!(Reflect::get(&wx, &"createSelectorQuery".into()).unwrap().is_undefined());
}

#[wasm_bindgen_test]
async fn success_then_complete_once_each_with_the_same_result() {
    let wx = fresh_wx().await;
    let calls = call(&wx, "getStorageInfo", &obj(&[])).await;
    assert_eq!(calls.labels(), ["success", "complete"]);
    assert_eq!(calls.err_msg(), "getStorageInfo:ok");
    assert!(calls.complete_shares_result());
}

#[wasm_bindgen_test]
async fn fail_then_complete_once_each_with_the_same_result() {
    let wx = fresh_wx().await;
    let calls = call(&wx, "getStorage", &obj(&[("key", "missing".into())])).await;
    assert_eq!(calls.labels(), ["fail", "complete"]);
    assert_eq!(calls.err_msg(), "getStorage:fail data not found");
    assert!(calls.complete_shares_result());
}

#[wasm_bindgen_test]
async fn callbacks_run_after_the_call_returns() {
    let wx = fresh_wx().await;
    let calls = call(&wx, "getStorageInfo", &obj(&[])).await;
    let (returned, callback_ran_first) = calls.returned();
    assert!(returned.is_undefined(), "the seed profile returns undefined");
    assert!(!callback_ran_first);
}

#[wasm_bindgen_test]
async fn parameter_errors_name_the_field_and_both_types() {
    let wx = fresh_wx().await;
    let calls = call(&wx, "setStorage", &obj(&[("data", 1.into())])).await;
    assert_eq!(calls.labels(), ["fail", "complete"]);
    assert_eq!(
        calls.err_msg(),
        "setStorage:fail parameter error: parameter.key should be String instead of Undefined;"
    );
    let calls = call(&wx, "getStorage", &obj(&[("key", JsValue::NULL)])).await;
    assert_eq!(
        calls.err_msg(),
        "getStorage:fail parameter error: parameter.key should be String instead of Null;"
    );
    let calls = call(&wx, "removeStorage", &obj(&[("key", js("[1]"))])).await;
    assert_eq!(
        calls.err_msg(),
        "removeStorage:fail parameter error: parameter.key should be String instead of Array;"
    );
}

#[wasm_bindgen_test]
async fn sync_functions_throw_an_error_with_the_same_text() {
    let wx = fresh_wx().await;
    assert_eq!(
        thrown_message(&wx, "setStorageSync", &[7.into(), "v".into()]),
        "setStorageSync:fail parameter error: parameter.key should be String instead of Number;"
    );
    assert_eq!(
        thrown_message(&wx, "getStorageSync", &[]),
        "getStorageSync:fail parameter error: parameter.key should be String instead of Undefined;"
    );
}

#[wasm_bindgen_test]
async fn a_throwing_callback_neither_stops_complete_nor_breaks_wx() {
    let wx = fresh_wx().await;
    let completed = js("{count: 0}");
    let options = obj(&[
        ("success", Function::new_no_args("throw new Error('boom in success')").into()),
        ("complete", Function::new_with_args("r", "this.count++").bind0(&completed).into()),
    ]);
    function(&wx, "getStorageInfo").call1(&JsValue::UNDEFINED, &options).unwrap();
    pause(30).await;
    assert_eq!(get(&completed, "count").as_f64(), Some(1.0));

    let options =
        obj(&[("complete", Function::new_no_args("throw new Error('boom in complete')").into())]);
    function(&wx, "getStorageInfo").call1(&JsValue::UNDEFINED, &options).unwrap();
    pause(30).await;
    call_sync(&wx, "setStorageSync", &["after".into(), "still works".into()]).unwrap();
    let calls = call(&wx, "getStorage", &obj(&[("key", "after".into())])).await;
    assert_eq!(get(&calls.result(), "data").as_string().as_deref(), Some("still works"));
}

#[wasm_bindgen_test]
async fn a_throwing_getter_on_the_options_reads_as_missing() {
    let wx = fresh_wx().await;
    let options = js("{ get key() { throw new Error('getter') } }");
    let calls = call(&wx, "getStorage", &options).await;
    assert_eq!(
        calls.err_msg(),
        "getStorage:fail parameter error: parameter.key should be String instead of Undefined;"
    );
}

#[wasm_bindgen_test]
async fn detached_functions_and_no_options_at_all() {
    let wx = fresh_wx().await;
    let detached = function(&wx, "getStorageInfoSync");
    let info = detached.call0(&JsValue::NULL).unwrap();
    assert_eq!(get(&info, "limitSize").as_f64(), Some(10240.0));
    // No argument: nothing to call back in the seed profile, and nothing breaks.
    assert!(function(&wx, "getStorage").call0(&JsValue::UNDEFINED).unwrap().is_undefined());
    assert!(function(&wx, "clearStorage")
        .call1(&JsValue::UNDEFINED, &"not an object".into())
        .unwrap()
        .is_undefined());
}

#[wasm_bindgen_test]
async fn the_modern_profile_returns_a_promise_without_callbacks() {
    let wx = wx_with(&fresh_appid(), "modern").await;
    call_sync(&wx, "setStorageSync", &["k".into(), "v".into()]).unwrap();

    let returned = function(&wx, "getStorage")
        .call1(&JsValue::UNDEFINED, &obj(&[("key", "k".into())]))
        .unwrap();
    let promise: Promise = returned.dyn_into().expect("a Promise");
    let result = JsFuture::from(promise).await.unwrap();
    assert_eq!(get(&result, "data").as_string().as_deref(), Some("v"));
    assert_eq!(get(&result, "errMsg").as_string().as_deref(), Some("getStorage:ok"));

    let returned = function(&wx, "getStorage")
        .call1(&JsValue::UNDEFINED, &obj(&[("key", "nope".into())]))
        .unwrap();
    let rejection = JsFuture::from(returned.dyn_into::<Promise>().unwrap()).await.unwrap_err();
    assert_eq!(
        get(&rejection, "errMsg").as_string().as_deref(),
        Some("getStorage:fail data not found")
    );

    // With any callback, the modern profile answers through callbacks only.
    let calls = call(&wx, "getStorage", &obj(&[("key", "k".into())])).await;
    assert!(calls.returned().0.is_undefined());
    assert_eq!(calls.labels(), ["success", "complete"]);
}

#[wasm_bindgen_test]
async fn the_seed_profile_never_returns_a_promise() {
    let wx = fresh_wx().await;
    let returned = function(&wx, "getStorageInfo").call1(&JsValue::UNDEFINED, &obj(&[])).unwrap();
    assert!(returned.is_undefined());
}

#[wasm_bindgen_test]
async fn bad_configs_are_refused_clearly() {
    let bad_profile = wxweb::create_wx(obj(&[("profile", "future".into())])).await.unwrap_err();
    let message: String = bad_profile.dyn_into::<js_sys::Error>().unwrap().message().into();
    assert_eq!(message, "unknown profile \"future\": use \"seed\" or \"modern\"");
    let bad_appid = wxweb::create_wx(obj(&[("appid", "a:b".into())])).await.unwrap_err();
    let message: String = bad_appid.dyn_into::<js_sys::Error>().unwrap().message().into();
    assert!(message.starts_with("invalid appid"), "{message}");
    let bad_tiles =
        wxweb::create_wx(obj(&[("tileUrl", "https://tiles.example/{z}/{x}.png".into())]))
            .await
            .unwrap_err();
    let message: String = bad_tiles.dyn_into::<js_sys::Error>().unwrap().message().into();
    assert_eq!(
        message,
        "invalid tileUrl \"https://tiles.example/{z}/{x}.png\": it needs {z}, {x} and {y}"
    );
}

#[wasm_bindgen_test]
async fn install_sets_the_global_wx() {
    let wx = wxweb::install(obj(&[("appid", fresh_appid().into())])).await.unwrap();
    let global = Reflect::get(&js_sys::global(), &"wx".into()).unwrap();
    assert!(Object::is(&global, &wx));
}
