//! `window.localStorage`, with values kept as JS strings (never copied into wasm) and
//! a failed write (quota) reported instead of thrown.

use js_sys::{JsString, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// The Web Storage `Storage` interface.
    #[wasm_bindgen(js_name = Storage)]
    pub type LocalStorage;

    #[wasm_bindgen(method, catch, js_name = getItem)]
    fn try_get_item(this: &LocalStorage, key: &str) -> Result<Option<JsString>, JsValue>;

    /// Fails with a `QuotaExceededError` when the origin's localStorage is full.
    #[wasm_bindgen(method, catch, js_name = setItem)]
    pub fn set_item(this: &LocalStorage, key: &JsString, value: &JsString) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch, js_name = removeItem)]
    fn try_remove_item(this: &LocalStorage, key: &JsString) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch, js_name = key)]
    fn try_key(this: &LocalStorage, index: u32) -> Result<Option<JsString>, JsValue>;

    #[wasm_bindgen(method, getter)]
    pub fn length(this: &LocalStorage) -> u32;
}

#[wasm_bindgen(
    inline_js = "export function set_stamped(storage, key, seq, text) { storage.setItem(key, '#' + seq + ':' + (text ?? '')); }"
)]
extern "C" {
    /// One call for the hot path of setStorageSync: the stamp is built inside the engine.
    #[wasm_bindgen(catch)]
    fn set_stamped(
        storage: &LocalStorage,
        key: &JsString,
        seq: f64,
        text: Option<&JsString>,
    ) -> Result<(), JsValue>;
}

impl LocalStorage {
    /// The page's localStorage, or `None` where the browser denies it (for example a
    /// sandboxed frame, where reading the property throws).
    pub fn open() -> Option<LocalStorage> {
        let storage = Reflect::get(&js_sys::global(), &JsValue::from_str("localStorage")).ok()?;
        if storage.is_object() {
            Some(storage.unchecked_into())
        } else {
            None
        }
    }

    pub fn get_item(&self, key: &str) -> Option<JsString> {
        self.try_get_item(key).ok().flatten()
    }

    /// Removes `key`; a browser that refuses (none does) leaves it.
    pub fn remove_item(&self, key: &JsString) {
        let _ = self.try_remove_item(key);
    }

    /// Writes `#<seq>:<text>` (`#<seq>:` without a text) under `key`; fails when it does
    /// not fit.
    pub fn write_stamped(
        &self,
        key: &JsString,
        seq: u64,
        text: Option<&JsString>,
    ) -> Result<(), JsValue> {
        set_stamped(self, key, seq as f64, text)
    }

    /// The keys that start with `prefix`, compared inside the engine so that other
    /// keys (another mini program's, maybe megabytes long) are never copied into wasm.
    fn matching_keys<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = JsString> + 'a {
        (0..self.length())
            .filter_map(|index| self.try_key(index).ok().flatten())
            .filter(move |key| key.starts_with(prefix, 0))
    }

    /// Every key that starts with `prefix`, with the prefix removed.
    pub fn keys_with_prefix(&self, prefix: &str) -> Vec<String> {
        self.matching_keys(prefix)
            .filter_map(|key| Some(String::from(key).strip_prefix(prefix)?.to_owned()))
            .collect()
    }

    /// Every `(key, value)` whose key starts with `prefix`, with the prefix removed.
    pub fn entries_with_prefix(&self, prefix: &str) -> Vec<(String, JsString)> {
        self.matching_keys(prefix)
            .filter_map(|key| {
                let key = String::from(key);
                let value = self.get_item(&key)?;
                Some((key.strip_prefix(prefix)?.to_owned(), value))
            })
            .collect()
    }
}
