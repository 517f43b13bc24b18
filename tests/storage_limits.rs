//! Storage limits and the IndexedDB overflow: 1 MB a key, 10 MB in all (more than
//! Chrome's localStorage holds), and what a fresh load finds after writes, moves and
//! removals. A test binary of its own, so a full localStorage disturbs no other suite.

mod common;

use common::*;
use js_sys::JsString;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const MB: u32 = 1024 * 1024;

fn text(letter: char, length: u32) -> JsValue {
    js(&format!("'{letter}'.repeat({length})"))
}

fn length_of(value: &JsValue) -> u32 {
    value.dyn_ref::<JsString>().map_or(0, JsString::length)
}

fn stored(wx: &js_sys::Object, key: &str) -> JsValue {
    call_sync(wx, "getStorageSync", &[key.into()]).unwrap()
}

/// Keys of `appid` that localStorage holds (values, not removal marks).
fn keys_in_local_storage(appid: &str) -> Vec<String> {
    let list = js(&format!(
        "Object.keys(localStorage).filter(k => k.startsWith('wxweb:{appid}:') && localStorage.getItem(k) !== 'x').map(k => k.slice('wxweb:{appid}:'.length))"
    ));
    list.dyn_into::<js_sys::Array>().unwrap().iter().map(|k| k.as_string().unwrap()).collect()
}

#[wasm_bindgen_test]
async fn one_megabyte_fits_a_key_and_one_unit_more_does_not() {
    let wx = fresh_wx().await;
    call_sync(&wx, "setStorageSync", &["k".into(), text('a', MB)]).unwrap();
    assert_eq!(
        thrown_message(&wx, "setStorageSync", &["k".into(), text('b', MB + 1)]),
        "setStorageSync:fail exceed storage item max length"
    );
    let calls = call(&wx, "setStorage", &obj(&[("key", "k".into()), ("data", text('b', MB + 1))])).await;
    assert_eq!(calls.err_msg(), "setStorage:fail exceed storage item max length");
    let kept = stored(&wx, "k");
    assert_eq!((length_of(&kept), kept.as_string().unwrap().starts_with('a')), (MB, true));
    call_sync(&wx, "clearStorageSync", &[]).unwrap();
}

#[wasm_bindgen_test]
async fn ten_megabytes_fit_in_all_beyond_what_local_storage_holds() {
    let appid = fresh_appid();
    let wx = wx_with(&appid, "seed").await;
    // Ten keys of 2 units with 1 MB - 2 units of data each: exactly 10 MB.
    let keys: Vec<String> = (0..10).map(|i| format!("k{i}")).collect();
    for (i, key) in keys.iter().enumerate() {
        let letter = char::from(b'a' + i as u8);
        let calls = call(&wx, "setStorage", &obj(&[("key", key.into()), ("data", text(letter, MB - 2))])).await;
        assert_eq!(calls.err_msg(), "setStorage:ok", "{key}");
    }
    let info = call_sync(&wx, "getStorageInfoSync", &[]).unwrap();
    assert_eq!(get(&info, "currentSize").as_f64(), Some(10240.0));
    assert_eq!(
        thrown_message(&wx, "setStorageSync", &["z".into(), "".into()]),
        "setStorageSync:fail exceed storage max size 10Mb"
    );
    let calls = call(&wx, "setStorage", &obj(&[("key", "z".into()), ("data", "".into())])).await;
    assert_eq!(calls.err_msg(), "setStorage:fail exceed storage max size 10Mb");

    let in_local = keys_in_local_storage(&appid);
    assert!(!in_local.is_empty() && in_local.len() < 10, "localStorage holds {in_local:?}");

    let reloaded = wx_with(&appid, "seed").await;
    for (i, key) in keys.iter().enumerate() {
        let value = stored(&reloaded, key);
        let letter = char::from(b'a' + i as u8);
        assert_eq!(length_of(&value), MB - 2, "{key}");
        assert!(value.as_string().unwrap().starts_with(letter), "{key}");
    }

    call_sync(&reloaded, "clearStorageSync", &[]).unwrap();
    let right_after = wx_with(&appid, "seed").await;
    assert_eq!(json(&get(&call_sync(&right_after, "getStorageInfoSync", &[]).unwrap(), "keys")), "[]");
    pause(200).await;
    let later = wx_with(&appid, "seed").await;
    assert_eq!(json(&get(&call_sync(&later, "getStorageInfoSync", &[]).unwrap(), "keys")), "[]");
    assert!(keys_in_local_storage(&appid).is_empty());
}

#[wasm_bindgen_test]
async fn values_moving_between_the_stores_are_never_lost_or_resurrected() {
    let appid = fresh_appid();
    let wx = wx_with(&appid, "seed").await;
    for i in 0..9 {
        let calls = call(&wx, "setStorage", &obj(&[("key", format!("k{i}").into()), ("data", text('f', MB - 2))])).await;
        assert_eq!(calls.err_msg(), "setStorage:ok");
    }
    let in_indexed: Vec<String> = (0..9)
        .map(|i| format!("k{i}"))
        .filter(|key| !keys_in_local_storage(&appid).contains(key))
        .collect();
    let moved = in_indexed.first().expect("some values overflowed into IndexedDB").clone();
    let removed = in_indexed.last().unwrap().clone();
    assert_ne!(moved, removed);

    // A small value replaces a big one kept in IndexedDB: it fits localStorage now.
    call_sync(&wx, "setStorageSync", &[moved.as_str().into(), "small".into()]).unwrap();
    call_sync(&wx, "removeStorageSync", &[removed.as_str().into()]).unwrap();
    // Until IndexedDB commits the delete, a reload must not bring the value back: the
    // removal is marked in localStorage (a page can only see the mark, not a cut-short
    // transaction, since IndexedDB orders transactions within one page).
    let mark = |key: &str| js(&format!("localStorage.getItem('wxweb:{appid}:{key}')"));
    assert_eq!(mark(&removed).as_string().as_deref(), Some("x"));
    let right_after = wx_with(&appid, "seed").await;
    assert_eq!(stored(&right_after, &moved).as_string().as_deref(), Some("small"));
    assert_eq!(stored(&right_after, &removed).as_string().as_deref(), Some(""));

    pause(200).await;
    assert!(mark(&removed).is_null(), "the mark goes once the delete has committed");
    let later = wx_with(&appid, "seed").await;
    assert_eq!(stored(&later, &moved).as_string().as_deref(), Some("small"));
    assert_eq!(stored(&later, &removed).as_string().as_deref(), Some(""));
    call_sync(&later, "removeStorageSync", &[moved.as_str().into()]).unwrap();
    let last = wx_with(&appid, "seed").await;
    assert_eq!(stored(&last, &moved).as_string().as_deref(), Some(""));
    assert_eq!(get(&call_sync(&last, "getStorageInfoSync", &[]).unwrap(), "keys").dyn_into::<js_sys::Array>().unwrap().length(), 7);
    call_sync(&last, "clearStorageSync", &[]).unwrap();
}
