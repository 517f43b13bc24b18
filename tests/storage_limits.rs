//! Storage limits and the two stores: 1 MB a key, 10 MB in all (more than Chrome's
//! localStorage holds), localStorage as the write-ahead copy of what IndexedDB has not
//! committed, and what a fresh load finds after writes and removals, with localStorage
//! full. A test binary of its own, so a full localStorage disturbs no other suite.

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

/// Keys of `appid` that localStorage holds a record of (a value or a removal).
fn keys_in_local_storage(appid: &str) -> Vec<String> {
    let list = js(&format!(
        "Object.keys(localStorage).filter(k => k.startsWith('wxweb:{appid}:')).map(k => k.slice('wxweb:{appid}:'.length))"
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
    let calls =
        call(&wx, "setStorage", &obj(&[("key", "k".into()), ("data", text('b', MB + 1))])).await;
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
        let calls =
            call(&wx, "setStorage", &obj(&[("key", key.into()), ("data", text(letter, MB - 2))]))
                .await;
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

    // Each success came after IndexedDB committed, and localStorage dropped its copy.
    assert_eq!(keys_in_local_storage(&appid), Vec::<String>::new());

    let reloaded = wx_with(&appid, "seed").await;
    for (i, key) in keys.iter().enumerate() {
        let value = stored(&reloaded, key);
        let letter = char::from(b'a' + i as u8);
        assert_eq!(length_of(&value), MB - 2, "{key}");
        assert!(value.as_string().unwrap().starts_with(letter), "{key}");
    }

    call_sync(&reloaded, "clearStorageSync", &[]).unwrap();
    let right_after = wx_with(&appid, "seed").await;
    assert_eq!(
        json(&get(&call_sync(&right_after, "getStorageInfoSync", &[]).unwrap(), "keys")),
        "[]"
    );
    pause(200).await;
    let later = wx_with(&appid, "seed").await;
    assert_eq!(json(&get(&call_sync(&later, "getStorageInfoSync", &[]).unwrap(), "keys")), "[]");
    assert!(keys_in_local_storage(&appid).is_empty());
}

/// The localStorage record of `key`, or null.
fn record(appid: &str, key: &str) -> JsValue {
    js(&format!("localStorage.getItem('wxweb:{appid}:{key}')"))
}

#[wasm_bindgen_test]
async fn local_storage_holds_a_change_only_until_indexeddb_has_committed_it() {
    let appid = fresh_appid();
    let wx = wx_with(&appid, "seed").await;
    call_sync(&wx, "setStorageSync", &["k".into(), "v".into()]).unwrap();
    let stamped = record(&appid, "k").as_string().unwrap();
    assert!(stamped.starts_with('#') && stamped.ends_with(":sv"), "{stamped}");
    call_sync(&wx, "removeStorageSync", &["k".into()]).unwrap();
    let removal = record(&appid, "k").as_string().unwrap();
    assert!(removal.starts_with('#') && removal.ends_with(':'), "{removal}");
    call_sync(&wx, "setStorageSync", &["k".into(), 1.into()]).unwrap();
    pause(200).await;
    assert!(record(&appid, "k").is_null(), "committed, so the copy is gone");
    let reloaded = wx_with(&appid, "seed").await;
    assert_eq!(stored(&reloaded, "k").as_f64(), Some(1.0));
}

/// Fills localStorage with foreign items until less than about 64 K units fit.
fn fill_local_storage() {
    js("(() => { let i = 0; for (let size = 1 << 20; size >= 1 << 16; size >>= 1) {
        try { for (;;) localStorage.setItem('filler-' + i++, 'f'.repeat(size)); } catch {} } })()");
}

fn empty_filler() {
    js("Object.keys(localStorage).filter(k => k.startsWith('filler-')).forEach(k => localStorage.removeItem(k))");
}

/// Issue 13: with localStorage full, a removal left a mark, the next large write of the
/// key went to IndexedDB alone, and the next start-up trusted the mark over the value.
#[wasm_bindgen_test]
async fn with_local_storage_full_a_removal_never_hides_a_later_write() {
    let appid = fresh_appid();
    let wx = wx_with(&appid, "seed").await;
    let calls =
        call(&wx, "setStorage", &obj(&[("key", "k".into()), ("data", "small".into())])).await;
    assert_eq!(calls.err_msg(), "setStorage:ok");
    fill_local_storage();
    call_sync(&wx, "removeStorageSync", &["k".into()]).unwrap();
    let calls =
        call(&wx, "setStorage", &obj(&[("key", "k".into()), ("data", text('g', MB / 2))])).await;
    assert_eq!(calls.err_msg(), "setStorage:ok");
    let reloaded = wx_with(&appid, "seed").await;
    let value = stored(&reloaded, "k");
    assert_eq!((length_of(&value), value.as_string().unwrap().starts_with('g')), (MB / 2, true));

    // A removal right before a reload, with localStorage still full.
    call_sync(&reloaded, "removeStorageSync", &["k".into()]).unwrap();
    let again = wx_with(&appid, "seed").await;
    assert_eq!(stored(&again, "k").as_string().as_deref(), Some(""));
    // A large sync write that does not fit localStorage is durable once IndexedDB commits.
    call_sync(&again, "setStorageSync", &["big".into(), text('h', MB)]).unwrap();
    pause(300).await;
    let last = wx_with(&appid, "seed").await;
    assert_eq!(length_of(&stored(&last, "big")), MB);
    assert_eq!(
        json(&get(&call_sync(&last, "getStorageInfoSync", &[]).unwrap(), "keys")),
        r#"["big"]"#
    );
    empty_filler();
    call_sync(&last, "clearStorageSync", &[]).unwrap();
}
