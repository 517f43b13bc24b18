//! The files that wx APIs make and take, under opaque `wxfile://` paths that every API
//! taking a file accepts.
//!
//! - **Temporary files** (`wxfile://tmp_…`): Blobs made by downloads, chosen images and
//!   videos, recordings. They last as long as the page, like WeChat's "until the app
//!   closes".
//! - **Saved files** (`wxfile://store_…`): temporary files moved by saveFile into
//!   IndexedDB (the Blob itself, with its size and creation time, one record per file),
//!   so they are there after a reload and the next launch. They are read back into
//!   memory when the `wx` object is built, so [`Files::get`] and [`Files::object_url`]
//!   answer synchronously for both kinds.
//!
//! Browser primitives: Blob, `URL.createObjectURL`, IndexedDB, `crypto.getRandomValues`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Blob;
use wxweb_core::files::ledger::{self, Ledger, SavedInfo};

use crate::platform::indexed_db::{KeyValueDb, Op};
use crate::platform::js::error_message;

/// The scheme and prefix of temporary paths.
pub const TEMP_PREFIX: &str = "wxfile://tmp_";

/// The files of one `wx` instance; clones share them.
#[derive(Clone, Default)]
pub struct Files(Rc<Inner>);

#[derive(Default)]
struct Inner {
    temp: RefCell<HashMap<String, Blob>>,
    saved: RefCell<HashMap<String, Blob>>,
    ledger: RefCell<Ledger>,
    urls: RefCell<HashMap<String, String>>,
    db: RefCell<Option<Rc<KeyValueDb>>>,
}

/// Why saveFile or removeSavedFile did nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveError {
    /// No such temporary (for saveFile) or saved (for removeSavedFile) file.
    NotFound,
    /// The saved files would pass 10 MB in all.
    LimitExceeded,
    /// IndexedDB is missing or refused the write.
    Storage(String),
}

impl Files {
    /// Keeps `blob` and returns its new path, `wxfile://tmp_<128 random bits>[.ext]`.
    pub fn add_temp(&self, blob: Blob, extension: Option<&str>) -> String {
        let mut path = format!("{TEMP_PREFIX}{}", random_hex());
        if let Some(extension) = extension {
            path.push('.');
            path.push_str(extension);
        }
        self.0.temp.borrow_mut().insert(path.clone(), blob);
        path
    }

    /// The Blob behind `path` (temporary or saved), or `None` for a path that does not
    /// exist (never made, moved by saveFile, or removed).
    pub fn get(&self, path: &str) -> Option<Blob> {
        if let Some(blob) = self.0.temp.borrow().get(path) {
            return Some(blob.clone());
        }
        self.0.saved.borrow().get(path).cloned()
    }

    /// A `blob:` URL for `path` that `<image src>` and media elements can load
    /// (`URL.createObjectURL`), made once per file and valid as long as the file.
    pub fn object_url(&self, path: &str) -> Option<String> {
        if let Some(url) = self.0.urls.borrow().get(path) {
            return Some(url.clone());
        }
        let url = web_sys::Url::create_object_url_with_blob(&self.get(path)?).ok()?;
        self.0.urls.borrow_mut().insert(path.to_owned(), url.clone());
        Some(url)
    }

    /// Loads the saved files of the mini program `appid` from IndexedDB. Without
    /// IndexedDB there are no saved files and saveFile fails.
    pub async fn open_saved(&self, appid: &str) {
        let Ok(db) = KeyValueDb::open(&format!("wxweb-files-{appid}")).await else { return };
        let records = db.read_all_values().await.unwrap_or_default();
        let mut saved = self.0.saved.borrow_mut();
        let mut ledger = self.0.ledger.borrow_mut();
        for (path, record) in records {
            let Some((blob, info)) = read_record(&record) else { continue };
            // Records were within the limit when written; one that is not (written by a
            // newer build with other limits) is left out rather than counted.
            if ledger.add(path.clone(), info).is_ok() {
                saved.insert(path, blob);
            }
        }
        *self.0.db.borrow_mut() = Some(Rc::new(db));
    }

    /// wx.saveFile: moves the temporary file `temp_path` to a new saved path in one
    /// IndexedDB transaction and returns that path. The temporary path is gone at once
    /// (a second save of it fails, as in WeChat); on any failure nothing changes.
    pub async fn save(&self, temp_path: &str) -> Result<String, SaveError> {
        let db = self
            .0
            .db
            .borrow()
            .clone()
            .ok_or_else(|| SaveError::Storage("IndexedDB is not available".into()))?;
        let blob = self.0.temp.borrow_mut().remove(temp_path).ok_or(SaveError::NotFound)?;
        let info = SavedInfo {
            size: blob.size() as u64,
            create_time: (js_sys::Date::now() / 1000.0) as u64,
        };
        let path = ledger::store_path(temp_path, &random_hex());
        if self.0.ledger.borrow_mut().add(path.clone(), info).is_err() {
            self.0.temp.borrow_mut().insert(temp_path.to_owned(), blob);
            return Err(SaveError::LimitExceeded);
        }
        self.0.saved.borrow_mut().insert(path.clone(), blob.clone());
        let url = self.0.urls.borrow_mut().remove(temp_path);
        let written = db.write(&[Op::PutValue(path.clone(), record(&blob, info))]).await;
        if let Err(error) = written {
            self.0.ledger.borrow_mut().remove(&path);
            self.0.saved.borrow_mut().remove(&path);
            self.0.temp.borrow_mut().insert(temp_path.to_owned(), blob);
            if let Some(url) = url {
                self.0.urls.borrow_mut().insert(temp_path.to_owned(), url);
            }
            return Err(SaveError::Storage(error_message(&error, "IndexedDB write failed")));
        }
        if let Some(url) = url {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
        Ok(path)
    }

    /// wx.removeSavedFile: deletes a saved file from memory and IndexedDB; unknown paths
    /// (and a second removal) fail with [`SaveError::NotFound`].
    pub async fn remove_saved(&self, path: &str) -> Result<(), SaveError> {
        let info = self.0.ledger.borrow_mut().remove(path).ok_or(SaveError::NotFound)?;
        let blob = self.0.saved.borrow_mut().remove(path);
        let url = self.0.urls.borrow_mut().remove(path);
        let db = self.0.db.borrow().clone();
        let written = match db {
            Some(db) => db.write(&[Op::Delete(path.to_owned())]).await,
            None => Err(JsValue::from_str("IndexedDB is not available")),
        };
        if let Err(error) = written {
            // Removing an entry that was there cannot pass the limit.
            let _ = self.0.ledger.borrow_mut().add(path.to_owned(), info);
            if let Some(blob) = blob {
                self.0.saved.borrow_mut().insert(path.to_owned(), blob);
            }
            if let Some(url) = url {
                self.0.urls.borrow_mut().insert(path.to_owned(), url);
            }
            return Err(SaveError::Storage(error_message(&error, "IndexedDB delete failed")));
        }
        if let Some(url) = url {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
        Ok(())
    }

    /// wx.getSavedFileList: every saved file with its size and creation time, oldest first.
    pub fn saved_list(&self) -> Vec<(String, SavedInfo)> {
        self.0
            .ledger
            .borrow()
            .list()
            .into_iter()
            .map(|(path, info)| (path.to_owned(), info))
            .collect()
    }

    /// wx.getSavedFileInfo: the size and creation time of a saved file.
    pub fn saved_info(&self, path: &str) -> Option<SavedInfo> {
        self.0.ledger.borrow().get(path)
    }
}

/// The IndexedDB record of a saved file: `{blob, size, createTime}`.
fn record(blob: &Blob, info: SavedInfo) -> JsValue {
    let record = Object::new();
    // Setting properties on a fresh plain object cannot fail.
    let _ = Reflect::set(&record, &"blob".into(), blob);
    let _ = Reflect::set(&record, &"size".into(), &(info.size as f64).into());
    let _ = Reflect::set(&record, &"createTime".into(), &(info.create_time as f64).into());
    record.into()
}

fn read_record(record: &JsValue) -> Option<(Blob, SavedInfo)> {
    let field = |name: &str| Reflect::get(record, &JsValue::from_str(name)).ok();
    let blob: Blob = field("blob")?.dyn_into().ok()?;
    let create_time = field("createTime")?.as_f64()?;
    Some((blob.clone(), SavedInfo { size: blob.size() as u64, create_time: create_time as u64 }))
}

/// The last segment of a path, as a file name for uploads: `tmp_….jpg`.
pub fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn random_hex() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // No Web Crypto (not a secure page on an old browser): Math.random still gives
        // paths that do not collide, though they are guessable.
        for byte in &mut bytes {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
