//! Data cache (数据): setStorage, getStorage, removeStorage, clearStorage and
//! getStorageInfo, each with its `*Sync` twin, per CONVENTIONS.md "Storage".
//! Browser primitives: localStorage and IndexedDB (see [`store`]).

mod codec;
mod store;

use wasm_bindgen::prelude::*;
use wxweb_core::errmsg::{Fail, ParamError};

use crate::bridge::params::{self, FromOptions, Options};
use crate::bridge::result::wx_result;
use crate::bridge::{IntoResult, Outcome, WxObject};
use store::durable;
pub use store::Storage;

/// Options of setStorage: `{key, data}`.
struct KeyAndData {
    key: String,
    data: JsValue,
}

impl FromOptions for KeyAndData {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        Ok(KeyAndData { key: options.string("key")?, data: options.get("data") })
    }
}

/// Options of getStorage and removeStorage: `{key}`.
struct Key(String);

impl FromOptions for Key {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        options.string("key").map(Key)
    }
}

wx_result! {
    /// The success result of getStorage: the value, with the type it was stored with.
    struct StorageData {
        data: JsValue,
    }
}

wx_result! {
    /// The result of getStorageInfo: sizes in KB.
    struct StorageInfo {
        keys: Vec<String>,
        current_size as "currentSize": u32,
        limit_size as "limitSize": u32,
    }
}

/// Adds the ten storage functions to `wx`.
pub fn install(wx: &WxObject, storage: &Storage) {
    let s = storage.clone();
    wx.add_async("setStorage", move |KeyAndData { key, data }: KeyAndData| {
        let written = s.set(key.clone(), &data);
        async move {
            durable(written?).await?;
            changed("setStorage", Some(&key));
            Ok(JsValue::UNDEFINED)
        }
    });
    let s = storage.clone();
    wx.add_sync("setStorageSync", move |key, data| {
        let key = params::string(key, "key")?;
        s.set_sync(key.clone(), data)?;
        changed("setStorageSync", Some(&key));
        Ok(JsValue::UNDEFINED)
    });

    let s = storage.clone();
    wx.add_async("getStorage", move |Key(key)| {
        let found = s.get(&key);
        async move {
            let data = found.ok_or(Fail::new("data not found"))?;
            Ok(StorageData { data }.into_result())
        }
    });
    let s = storage.clone();
    wx.add_sync("getStorageSync", move |key, _| {
        Ok(s.get(&params::string(key, "key")?).unwrap_or_else(|| JsValue::from_str("")))
    });

    let s = storage.clone();
    wx.add_async("removeStorage", move |Key(key)| {
        let removed = s.remove(&key);
        async move {
            durable(removed).await?;
            changed("removeStorage", Some(&key));
            Ok(JsValue::UNDEFINED)
        }
    });
    let s = storage.clone();
    wx.add_sync("removeStorageSync", move |key, _| {
        let key = params::string(key, "key")?;
        s.remove(&key);
        changed("removeStorageSync", Some(&key));
        Ok(JsValue::UNDEFINED)
    });

    let s = storage.clone();
    wx.add_async("clearStorage", move |()| {
        let cleared = s.clear();
        async move {
            durable(cleared).await?;
            changed("clearStorage", None);
            Ok(JsValue::UNDEFINED)
        }
    });
    let s = storage.clone();
    wx.add_sync("clearStorageSync", move |_, _| {
        s.clear();
        changed("clearStorageSync", None);
        Ok(JsValue::UNDEFINED)
    });

    let s = storage.clone();
    wx.add_async("getStorageInfo", move |()| std::future::ready(info(&s)));
    let s = storage.clone();
    wx.add_sync("getStorageInfoSync", move |_, _| info(&s));
}

/// Tells the simulator's Storage panel of a write (`wxweb:storage`).
fn changed(op: &'static str, key: Option<&str>) {
    crate::platform::hooks::storage_changed("storage", op, key);
}

fn info(storage: &Storage) -> Outcome {
    let info = storage.info();
    Ok(StorageInfo {
        keys: info.keys,
        current_size: u32::try_from(info.current_kb).unwrap_or(u32::MAX),
        limit_size: wxweb_core::storage::LIMIT_KB as u32,
    }
    .into_result())
}
