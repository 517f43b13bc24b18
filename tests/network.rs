//! Network functions in headless Chromium without a server of ours: parameter and URL
//! errors, unknown temporary paths, task objects, and the socket rules that need no
//! peer. Exchanges with a real server are in tests/e2e/network.test.mjs.

mod common;

use common::*;
use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn request_refuses_invalid_urls_with_wechats_text() {
    let wx = fresh_wx().await;
    for url in ["test.php", "ftp://example.com/x", "", "http://"] {
        let calls = call(&wx, "request", &obj(&[("url", url.into())])).await;
        assert_eq!(calls.labels(), ["fail", "complete"], "{url}");
        assert_eq!(calls.err_msg(), format!("request:fail invalid url \"{url}\""));
    }
}

#[wasm_bindgen_test]
async fn request_checks_its_parameters() {
    let wx = fresh_wx().await;
    let calls = call(&wx, "request", &obj(&[])).await;
    assert_eq!(
        calls.err_msg(),
        "request:fail parameter error: parameter.url should be String instead of Undefined;"
    );
    let header = js("({ 'x-count': 3 })");
    let calls =
        call(&wx, "request", &obj(&[("url", "https://example.com".into()), ("header", header)]))
            .await;
    assert_eq!(
        calls.err_msg(),
        "request:fail parameter error: parameter.header.x-count should be String instead of Number;"
    );
    let calls = call(
        &wx,
        "request",
        &obj(&[("url", "https://example.com".into()), ("method", "PATCH".into())]),
    )
    .await;
    assert_eq!(
        calls.err_msg(),
        "request:fail parameter error: parameter.method should be OPTIONS, GET, HEAD, POST, PUT, DELETE, TRACE or CONNECT instead of \"PATCH\";"
    );
    let calls = call(
        &wx,
        "request",
        &obj(&[("url", "https://example.com".into()), ("responseType", "blob".into())]),
    )
    .await;
    assert!(calls.err_msg().starts_with("request:fail parameter error: parameter.responseType"));
}

#[wasm_bindgen_test]
async fn request_returns_a_task_in_both_profiles() {
    for profile in ["seed", "modern"] {
        let wx = wx_with(&fresh_appid(), profile).await;
        let task = function(&wx, "request")
            .call1(&JsValue::UNDEFINED, &obj(&[("url", "test.php".into())]))
            .unwrap();
        assert!(!task.is_instance_of::<Promise>(), "{profile}: a task, not a Promise");
        let abort: Function = get(&task, "abort").dyn_into().unwrap();
        abort.call0(&task).unwrap();
        abort.call0(&JsValue::UNDEFINED).unwrap();
    }
}

#[wasm_bindgen_test]
async fn an_aborted_request_fails_with_abort_exactly_once() {
    let wx = fresh_wx().await;
    let sender = js("[]");
    let options = obj(&[
        ("url", js("location.origin + '/never-answered'")),
        ("fail", Function::new_with_args("r", "this.push(r.errMsg)").bind0(&sender).into()),
        ("complete", Function::new_with_args("r", "this.push('complete')").bind0(&sender).into()),
    ]);
    let task = function(&wx, "request").call1(&JsValue::UNDEFINED, &options).unwrap();
    let abort: Function = get(&task, "abort").dyn_into().unwrap();
    abort.call0(&task).unwrap();
    pause(100).await;
    abort.call0(&task).unwrap();
    pause(30).await;
    assert_eq!(json(&sender), r#"["request:fail abort","complete"]"#);
}

#[wasm_bindgen_test]
async fn transfers_need_a_known_temporary_file_and_valid_parameters() {
    let wx = fresh_wx().await;
    let options = obj(&[
        ("url", "https://example.com/upload".into()),
        ("filePath", "wxfile://tmp_0123456789abcdef".into()),
        ("name", "file".into()),
    ]);
    let calls = call(&wx, "uploadFile", &options).await;
    assert_eq!(calls.err_msg(), "uploadFile:fail file not found \"wxfile://tmp_0123456789abcdef\"");
    let calls = call(
        &wx,
        "uploadFile",
        &obj(&[("url", "https://example.com".into()), ("filePath", "x".into())]),
    )
    .await;
    assert_eq!(
        calls.err_msg(),
        "uploadFile:fail parameter error: parameter.name should be String instead of Undefined;"
    );
    let calls = call(&wx, "downloadFile", &obj(&[("url", "example.com/a.pdf".into())])).await;
    assert_eq!(calls.err_msg(), "downloadFile:fail invalid url \"example.com/a.pdf\"");

    let task = function(&wx, "downloadFile").call1(&JsValue::UNDEFINED, &obj(&[])).unwrap();
    for name in ["abort", "onProgressUpdate"] {
        assert!(get(&task, name).is_function(), "{name}");
    }
}

#[wasm_bindgen_test]
async fn sending_or_closing_without_an_open_socket_fails() {
    let wx = fresh_wx().await;
    let calls = call(&wx, "sendSocketMessage", &obj(&[("data", "hello".into())])).await;
    assert_eq!(calls.err_msg(), "sendSocketMessage:fail WebSocket is not connected");
    let calls = call(&wx, "closeSocket", &obj(&[])).await;
    assert_eq!(calls.err_msg(), "closeSocket:fail WebSocket is not connected");
    let calls = call(&wx, "sendSocketMessage", &obj(&[("data", 5.into())])).await;
    assert_eq!(
        calls.err_msg(),
        "sendSocketMessage:fail parameter error: parameter.data should be String or ArrayBuffer instead of Number;"
    );
    assert_eq!(
        thrown_message(&wx, "onSocketOpen", &["not a function".into()]),
        "onSocketOpen:fail parameter error: parameter.callback should be Function instead of String;"
    );
    let calls =
        call(&wx, "connectSocket", &obj(&[("url", "https://example.com/socket".into())])).await;
    assert_eq!(calls.err_msg(), "connectSocket:fail invalid url \"https://example.com/socket\"");
}

#[wasm_bindgen_test]
async fn a_refused_connection_is_accepted_then_reports_error_and_close() {
    let wx = fresh_wx().await;
    let events = js("[]");
    for (name, record) in [
        ("onSocketOpen", "this.push('open')"),
        ("onSocketError", "this.push('error')"),
        ("onSocketClose", "this.push('close ' + r.code)"),
    ] {
        let callback = Function::new_with_args("r", record).bind0(&events);
        call_sync(&wx, name, &[callback.into()]).unwrap();
    }
    // Port 9 (discard) is closed on loopback: the browser accepts the socket, then fails.
    let calls = call(&wx, "connectSocket", &obj(&[("url", "ws://127.0.0.1:9/".into())])).await;
    assert_eq!(calls.err_msg(), "connectSocket:ok", "success means accepted, not open");
    for _ in 0..100 {
        if js_sys::Array::from(&events).length() >= 2 {
            break;
        }
        pause(20).await;
    }
    assert_eq!(json(&events), r#"["error","close 1006"]"#);
    let calls = call(&wx, "sendSocketMessage", &obj(&[("data", "late".into())])).await;
    assert_eq!(calls.err_msg(), "sendSocketMessage:fail WebSocket is not connected");
}

#[wasm_bindgen_test]
async fn the_modern_profile_returns_a_socket_task() {
    let wx = wx_with(&fresh_appid(), "modern").await;
    let task = function(&wx, "connectSocket")
        .call1(&JsValue::UNDEFINED, &obj(&[("url", "ws://127.0.0.1:9/".into())]))
        .unwrap();
    for name in ["send", "close", "onOpen", "onClose", "onError", "onMessage"] {
        assert!(get(&task, name).is_function(), "SocketTask.{name}");
    }
    let closed = js("({})");
    let on_close: Function = get(&task, "onClose").dyn_into().unwrap();
    on_close
        .call1(&task, &Function::new_with_args("r", "this.code = r.code").bind0(&closed))
        .unwrap();
    for _ in 0..100 {
        if !get(&closed, "code").is_undefined() {
            break;
        }
        pause(20).await;
    }
    assert_eq!(get(&closed, "code").as_f64(), Some(1006.0));

    let send: Function = get(&task, "send").dyn_into().unwrap();
    let result = js("({})");
    let options = obj(&[
        ("data", "x".into()),
        ("fail", Function::new_with_args("r", "this.errMsg = r.errMsg").bind0(&result).into()),
    ]);
    send.call1(&task, &options).unwrap();
    pause(30).await;
    assert_eq!(
        get(&result, "errMsg").as_string().as_deref(),
        Some("sendSocketMessage:fail WebSocket is not connected")
    );
}
