//! wx storage: typed round trips, copies, bad data, info, remove, clear, separation by
//! appid, and what a fresh load (as after a reload) finds. Limits: storage_limits.rs.

mod common;

use common::*;
use js_sys::Date;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Values of every type WeChat round-trips, as JS expressions.
const VALUES: [(&str, &str); 13] = [
    ("string", "'value'"),
    ("empty", "''"),
    ("zero", "0"),
    ("negative", "-1.5"),
    ("large", "1e21"),
    ("true", "true"),
    ("false", "false"),
    ("object", "({a: {b: [1, 2]}, c: 'x'})"),
    ("array", "[1, 'a', null, {d: true}]"),
    ("emptyObject", "({})"),
    ("date", "new Date(1500000000123)"),
    ("null", "null"),
    ("undefined", "undefined"),
];

fn same(stored: &JsValue, original: &JsValue) -> bool {
    if let (Some(a), Some(b)) = (stored.dyn_ref::<Date>(), original.dyn_ref::<Date>()) {
        return a.get_time() == b.get_time();
    }
    stored.js_typeof() == original.js_typeof()
        && js_sys::Array::is_array(stored) == js_sys::Array::is_array(original)
        && json(stored) == json(original)
}

#[wasm_bindgen_test]
async fn every_type_round_trips_through_the_sync_functions() {
    let wx = fresh_wx().await;
    for (key, expression) in VALUES {
        call_sync(&wx, "setStorageSync", &[key.into(), js(expression)]).unwrap();
    }
    for (key, expression) in VALUES {
        let stored = call_sync(&wx, "getStorageSync", &[key.into()]).unwrap();
        assert!(same(&stored, &js(expression)), "{key}: got {stored:?}");
    }
    let date = call_sync(&wx, "getStorageSync", &["date".into()]).unwrap();
    assert!(date.is_instance_of::<Date>(), "a Date comes back as a Date");
}

#[wasm_bindgen_test]
async fn every_type_round_trips_through_the_async_functions() {
    let wx = fresh_wx().await;
    for (key, expression) in VALUES {
        let calls =
            call(&wx, "setStorage", &obj(&[("key", key.into()), ("data", js(expression))])).await;
        assert_eq!(calls.err_msg(), "setStorage:ok");
        let calls = call(&wx, "getStorage", &obj(&[("key", key.into())])).await;
        assert_eq!(calls.labels(), ["success", "complete"], "{key}");
        assert_eq!(calls.err_msg(), "getStorage:ok");
        assert!(same(&get(&calls.result(), "data"), &js(expression)), "{key}");
    }
}

#[wasm_bindgen_test]
async fn reads_are_copies_and_later_changes_to_the_original_do_not_leak_in() {
    let wx = fresh_wx().await;
    let original = js("({list: [1, 2]})");
    call_sync(&wx, "setStorageSync", &["k".into(), original.clone()]).unwrap();
    js_sys::Reflect::set(&original, &"list".into(), &"changed".into()).unwrap();
    let first = call_sync(&wx, "getStorageSync", &["k".into()]).unwrap();
    js_sys::Reflect::set(&first, &"extra".into(), &1.into()).unwrap();
    let second = call_sync(&wx, "getStorageSync", &["k".into()]).unwrap();
    assert_eq!(json(&second), r#"{"list":[1,2]}"#);
}

#[wasm_bindgen_test]
async fn nested_dates_become_iso_strings_as_in_wechat() {
    let wx = fresh_wx().await;
    call_sync(&wx, "setStorageSync", &["k".into(), js("({when: new Date(0)})")]).unwrap();
    let stored = call_sync(&wx, "getStorageSync", &["k".into()]).unwrap();
    assert_eq!(get(&stored, "when").as_string().as_deref(), Some("1970-01-01T00:00:00.000Z"));
}

#[wasm_bindgen_test]
async fn a_missing_key_reads_as_empty_string_sync_and_fails_async() {
    let wx = fresh_wx().await;
    assert_eq!(
        call_sync(&wx, "getStorageSync", &["nope".into()]).unwrap().as_string().as_deref(),
        Some("")
    );
    let calls = call(&wx, "getStorage", &obj(&[("key", "nope".into())])).await;
    assert_eq!(calls.err_msg(), "getStorage:fail data not found");
}

#[wasm_bindgen_test]
async fn unstorable_data_fails_clearly_and_changes_nothing() {
    let wx = fresh_wx().await;
    call_sync(&wx, "setStorageSync", &["k".into(), "kept".into()]).unwrap();
    let circular = js("(() => { const o = {}; o.self = o; return o; })()");
    let message = thrown_message(&wx, "setStorageSync", &["k".into(), circular.clone()]);
    assert!(
        message.starts_with(
            "setStorageSync:fail data cannot be stored: Converting circular structure to JSON"
        ),
        "{message}"
    );
    assert_eq!(
        thrown_message(&wx, "setStorageSync", &["k".into(), js("function f() {}")]),
        "setStorageSync:fail data of type Function cannot be stored"
    );
    let message = thrown_message(&wx, "setStorageSync", &["k".into(), js("({n: 1n})")]);
    assert!(message.starts_with("setStorageSync:fail data cannot be stored: "), "{message}");
    let calls = call(&wx, "setStorage", &obj(&[("key", "k".into()), ("data", circular)])).await;
    assert_eq!(calls.labels(), ["fail", "complete"]);
    assert!(calls.err_msg().starts_with("setStorage:fail data cannot be stored"));

    assert_eq!(
        call_sync(&wx, "getStorageSync", &["k".into()]).unwrap().as_string().as_deref(),
        Some("kept")
    );
    assert_eq!(json(&get(&call_sync(&wx, "getStorageInfoSync", &[]).unwrap(), "keys")), r#"["k"]"#);
}

#[wasm_bindgen_test]
async fn info_lists_sorted_keys_and_sizes_in_kilobytes() {
    let wx = fresh_wx().await;
    let info = call_sync(&wx, "getStorageInfoSync", &[]).unwrap();
    assert_eq!(json(&info), r#"{"keys":[],"currentSize":0,"limitSize":10240}"#);
    call_sync(&wx, "setStorageSync", &["b".into(), "x".into()]).unwrap();
    // Key "a" (1 unit) and 2047 units of data: 2048 units in all with "b" (1 + 1) = 2050.
    call_sync(&wx, "setStorageSync", &["a".into(), js("'y'.repeat(2047)")]).unwrap();
    let info = call_sync(&wx, "getStorageInfoSync", &[]).unwrap();
    assert_eq!(json(&info), r#"{"keys":["a","b"],"currentSize":3,"limitSize":10240}"#);
    let calls = call(&wx, "getStorageInfo", &obj(&[])).await;
    assert_eq!(
        json(&calls.result()),
        r#"{"keys":["a","b"],"currentSize":3,"limitSize":10240,"errMsg":"getStorageInfo:ok"}"#
    );
}

#[wasm_bindgen_test]
async fn remove_and_clear_in_both_forms() {
    let wx = fresh_wx().await;
    for key in ["a", "b", "c", "d"] {
        call_sync(&wx, "setStorageSync", &[key.into(), key.into()]).unwrap();
    }
    call_sync(&wx, "removeStorageSync", &["a".into()]).unwrap();
    let calls = call(&wx, "removeStorage", &obj(&[("key", "b".into())])).await;
    assert_eq!(calls.err_msg(), "removeStorage:ok");
    let calls = call(&wx, "removeStorage", &obj(&[("key", "never-there".into())])).await;
    assert_eq!(calls.err_msg(), "removeStorage:ok");
    assert_eq!(
        json(&get(&call_sync(&wx, "getStorageInfoSync", &[]).unwrap(), "keys")),
        r#"["c","d"]"#
    );

    call_sync(&wx, "clearStorageSync", &[]).unwrap();
    assert_eq!(json(&get(&call_sync(&wx, "getStorageInfoSync", &[]).unwrap(), "keys")), "[]");
    call_sync(&wx, "setStorageSync", &["e".into(), 1.into()]).unwrap();
    let calls = call(&wx, "clearStorage", &obj(&[])).await;
    assert_eq!(calls.err_msg(), "clearStorage:ok");
    assert_eq!(
        call_sync(&wx, "getStorageSync", &["e".into()]).unwrap().as_string().as_deref(),
        Some("")
    );
}

#[wasm_bindgen_test]
async fn each_appid_has_its_own_storage() {
    let one = fresh_wx().await;
    let other = fresh_wx().await;
    call_sync(&one, "setStorageSync", &["shared-name".into(), "one".into()]).unwrap();
    assert_eq!(
        call_sync(&other, "getStorageSync", &["shared-name".into()])
            .unwrap()
            .as_string()
            .as_deref(),
        Some("")
    );
    call_sync(&other, "clearStorageSync", &[]).unwrap();
    assert_eq!(
        call_sync(&one, "getStorageSync", &["shared-name".into()]).unwrap().as_string().as_deref(),
        Some("one")
    );
}

#[wasm_bindgen_test]
async fn a_fresh_load_finds_what_the_sync_functions_left() {
    let appid = fresh_appid();
    let wx = wx_with(&appid, "seed").await;
    for (key, expression) in VALUES {
        call_sync(&wx, "setStorageSync", &[key.into(), js(expression)]).unwrap();
    }
    call_sync(&wx, "removeStorageSync", &["zero".into()]).unwrap();

    let reloaded = wx_with(&appid, "seed").await;
    for (key, expression) in VALUES.iter().filter(|(key, _)| *key != "zero") {
        let stored = call_sync(&reloaded, "getStorageSync", &[(*key).into()]).unwrap();
        assert!(same(&stored, &js(expression)), "{key}");
    }
    let info = call_sync(&reloaded, "getStorageInfoSync", &[]).unwrap();
    assert_eq!(get(&info, "keys").dyn_into::<js_sys::Array>().unwrap().length(), 12);

    call_sync(&reloaded, "clearStorageSync", &[]).unwrap();
    let again = wx_with(&appid, "seed").await;
    assert_eq!(json(&get(&call_sync(&again, "getStorageInfoSync", &[]).unwrap(), "keys")), "[]");
}
