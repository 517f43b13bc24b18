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

    #[wasm_bindgen(method, js_name = getItem)]
    pub fn get_item(this: &LocalStorage, key: &str) -> Option<JsString>;

    /// Fails with a `QuotaExceededError` when the origin's localStorage is full.
    #[wasm_bindgen(method, catch, js_name = setItem)]
    pub fn set_item(this: &LocalStorage, key: &JsString, value: &JsString) -> Result<(), JsValue>;

    #[wasm_bindgen(method, js_name = removeItem)]
    pub fn remove_item(this: &LocalStorage, key: &JsString);

    #[wasm_bindgen(method)]
    pub fn key(this: &LocalStorage, index: u32) -> Option<String>;

    #[wasm_bindgen(method, getter)]
    pub fn length(this: &LocalStorage) -> u32;
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

    /// Every `(key, value)` whose key starts with `prefix`, with the prefix removed.
    pub fn entries_with_prefix(&self, prefix: &str) -> Vec<(String, JsString)> {
        (0..self.length())
            .filter_map(|index| self.key(index))
            .filter_map(|key| {
                let value = self.get_item(&key)?;
                Some((key.strip_prefix(prefix)?.to_owned(), value))
            })
            .collect()
    }
}
