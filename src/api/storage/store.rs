//! One mini program's storage: an in-memory [`Ledger`] that the `*Sync` functions read
//! and write synchronously, made durable in two browser stores (the rules, and why they
//! are right: [`wxweb_core::storage`], "Durability").
//!
//! - **IndexedDB** is the store of record. Each change joins the [`Journal`]; the changes
//!   of one turn of the event loop are written in one transaction with the watermark,
//!   one transaction at a time. `setStorage`, `removeStorage` and `clearStorage` succeed
//!   once their transaction has committed: then the change survives a browser crash.
//! - **localStorage** holds a write-ahead copy of each change until IndexedDB has it,
//!   under `wxweb:<appid>:<key>`: `#<seq>:<encoded value>`, or `#<seq>:` for a removal;
//!   a clear is `wxweb-cleared:<appid>` = `<seq>`. Written synchronously, so a
//!   `*Sync` call that returned survives a reload right after it. Chromium writes
//!   localStorage to disk lazily, so this copy is lost in a crash of the browser within
//!   seconds; IndexedDB has committed long before.
//!
//! A change that does not fit in localStorage (more than about 5 M UTF-16 units waiting
//! for IndexedDB) keeps the key's previous record there and is durable once IndexedDB
//! commits it. Without IndexedDB, localStorage is the only store and holds everything.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, JsString, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use wxweb_core::errmsg::Fail;
use wxweb_core::storage::{recover, utf16_len, Batch, Journal, Ledger, Seq, Slot, MAX_SEQ};

use super::codec::{self, Stored};
use crate::platform::indexed_db::{KeyValueDb, Op};
use crate::platform::js::error_message;
use crate::platform::local_storage::LocalStorage;

/// The IndexedDB key of the watermark: a number, so that no storage key can clash.
const WATERMARK: u32 = 0;

/// What getStorageInfo reports.
pub struct Info {
    pub keys: Vec<String>,
    pub current_kb: usize,
}

/// A handle on one mini program's storage; clones share it.
#[derive(Clone)]
pub struct Storage(Rc<RefCell<Store>>);

/// A promise that resolves once a write is durable; `None` when it already is.
pub type Durable = Option<Promise>;

struct Store {
    /// `wxweb:<appid>:`, which starts the localStorage name of every key.
    prefix: String,
    /// `wxweb-cleared:<appid>`, the localStorage name of the clear marker.
    marker: JsString,
    ledger: Ledger<Entry>,
    local: Option<LocalStorage>,
    indexed: Option<Rc<KeyValueDb>>,
    /// The changes IndexedDB has not been given yet (values: the ledger's, which agrees
    /// with the journal's latest change of every key).
    journal: Journal<()>,
    /// Settles when the changes now in the journal have committed.
    next: Option<Waiters>,
    /// Whether a transaction is being written (then the journal waits for it).
    flushing: bool,
}

/// A stored value and its key in localStorage (kept so that writes to an existing key
/// build no string).
struct Entry {
    text: JsString,
    local_key: JsString,
}

/// A promise and its resolve/reject functions.
struct Waiters {
    promise: Promise,
    resolve: Function,
    reject: Function,
}

impl Storage {
    /// Loads the storage of `appid` from IndexedDB and localStorage.
    pub async fn open(appid: &str) -> Storage {
        let local = LocalStorage::open();
        let mut indexed =
            KeyValueDb::open(&format!("wxweb-storage-{appid}")).await.ok().map(Rc::new);
        // A database that cannot be read is not written either: nothing in it is lost.
        let contents = match &indexed {
            Some(db) => db.read_everything().await.ok(),
            None => None,
        };
        if contents.is_none() {
            indexed = None;
        }
        let store = Store {
            prefix: format!("wxweb:{appid}:"),
            marker: JsString::from(format!("wxweb-cleared:{appid}")),
            ledger: Ledger::default(),
            local,
            indexed,
            journal: Journal::after(0),
            next: None,
            flushing: false,
        };
        let storage = Storage(Rc::new(RefCell::new(store)));
        storage.load(contents.unwrap_or_default());
        storage
    }

    /// Fills the ledger from what the stores hold, and writes to IndexedDB again what only
    /// localStorage had.
    fn load(&self, contents: Vec<(JsValue, JsValue)>) {
        let mut store = self.0.borrow_mut();
        let mut watermark: Seq = 0;
        let mut indexed = Vec::with_capacity(contents.len());
        for (key, value) in contents {
            match (key.as_string(), value.dyn_into::<JsString>()) {
                (Some(key), Ok(text)) if codec::classify(&text) == Stored::Value => {
                    indexed.push((key, text))
                }
                (None, Err(number)) if key.as_f64() == Some(WATERMARK.into()) => {
                    watermark = number.as_f64().map_or(0, |n| n as Seq).min(MAX_SEQ);
                }
                _ => {}
            }
        }
        let local = match &store.local {
            Some(local) => local
                .entries_with_prefix(&store.prefix)
                .into_iter()
                .filter_map(|(key, text)| Some((key, codec::read_record(&text)?)))
                .collect(),
            None => Vec::new(),
        };
        let cleared = store
            .local
            .as_ref()
            .and_then(|local| local.get_item(&String::from(&store.marker)))
            .and_then(|text| String::from(text).parse::<Seq>().ok())
            .filter(|&seq| seq <= MAX_SEQ);
        let recovered = recover(indexed, watermark, cleared, local);
        for (key, text) in recovered.items {
            let size = utf16_len(&key) + codec::data_len(&text);
            let local_key = store.local_key(&key);
            store.ledger.insert(key, Slot { value: Entry { text, local_key }, size });
        }
        store.journal = recovered.journal.without_values();
        for key in &recovered.obsolete {
            store.remove_local(&store.local_key(key));
        }
        if recovered.marker_obsolete {
            store.remove_local(&store.marker);
        }
        drop(store);
        // Writing again what IndexedDB lacks concerns no caller.
        self.schedule(false);
    }

    /// setStorage: stores `data` under `key`, replacing the old value. On failure
    /// nothing has changed.
    pub fn set(&self, key: String, data: &JsValue) -> Result<Durable, Fail> {
        self.write(key, data)?;
        Ok(self.schedule(true))
    }

    /// setStorageSync: [`Storage::set`] without a promise to wait on.
    pub fn set_sync(&self, key: String, data: &JsValue) -> Result<(), Fail> {
        self.write(key, data)?;
        self.schedule(false);
        Ok(())
    }

    fn write(&self, key: String, data: &JsValue) -> Result<(), Fail> {
        let encoded = codec::encode(data)?;
        let mut store = self.0.borrow_mut();
        let (size, old) =
            store.ledger.admit(&key, encoded.data_len).map_err(|e| Fail::new(e.detail()))?;
        let local_key = match old {
            Some(slot) => slot.value.local_key.clone(),
            None => store.local_key(&key),
        };
        let seq = store.journal.last() + 1;
        let written = match &store.local {
            Some(local) => local.write_stamped(&local_key, seq, Some(&encoded.text)).is_ok(),
            None => false,
        };
        if !written && store.indexed.is_none() {
            return Err(Fail::new("the browser has no room left for storage"));
        }
        store.journal.set(&key, ());
        store.ledger.insert(key, Slot { value: Entry { text: encoded.text, local_key }, size });
        Ok(())
    }

    /// getStorage/getStorageSync: a fresh copy of the value, or `None`.
    pub fn get(&self, key: &str) -> Option<JsValue> {
        self.0.borrow().ledger.get(key).map(|slot| codec::decode(&slot.value.text))
    }

    /// removeStorage/removeStorageSync. Removing a missing key succeeds (once an earlier
    /// removal of it, which may still be on its way, is durable).
    pub fn remove(&self, key: &str) -> Durable {
        let mut store = self.0.borrow_mut();
        let slot = store.ledger.remove(key);
        if store.indexed.is_none() {
            store.remove_local(&slot?.value.local_key);
            return None;
        }
        if let Some(slot) = slot {
            let seq = store.journal.last() + 1;
            // If even the stamp does not fit, the key's older record stays: it is newer
            // than what IndexedDB holds, and the removal reaches IndexedDB in a moment.
            if let Some(local) = &store.local {
                let _ = local.write_stamped(&slot.value.local_key, seq, None);
            }
        }
        store.journal.remove(key);
        drop(store);
        self.schedule(true)
    }

    /// clearStorage/clearStorageSync.
    pub fn clear(&self) -> Durable {
        let mut store = self.0.borrow_mut();
        store.ledger.drain().for_each(drop);
        let seq = store.journal.last() + 1;
        let marked = match (&store.local, &store.indexed) {
            (Some(local), Some(_)) => {
                local.set_item(&store.marker, &JsString::from(seq.to_string())).is_ok()
            }
            // localStorage is all there is: emptying it is the clear.
            (Some(_), None) => true,
            (None, _) => false,
        };
        // Once the marker is there, every older record is moot.
        if marked {
            store.remove_all_local();
        }
        // Without IndexedDB, emptying localStorage was the whole clear.
        store.indexed.as_ref()?;
        store.journal.clear();
        drop(store);
        self.schedule(true)
    }

    /// getStorageInfo/getStorageInfoSync.
    pub fn info(&self) -> Info {
        let store = self.0.borrow();
        Info {
            keys: store.ledger.keys().into_iter().map(str::to_owned).collect(),
            current_kb: store.ledger.current_kb(),
        }
    }

    /// Makes sure the journal gets written; returns the promise of its commit if `wanted`
    /// (`None` without IndexedDB, where localStorage was the only place to write).
    fn schedule(&self, wanted: bool) -> Durable {
        let mut store = self.0.borrow_mut();
        if store.indexed.is_none() || store.journal.is_empty() {
            return None;
        }
        if !store.flushing {
            store.flushing = true;
            spawn_local(self.clone().flush());
        }
        if !wanted {
            return None;
        }
        if let Some(waiters) = &store.next {
            return Some(waiters.promise.clone());
        }
        let mut handles = None;
        let promise = Promise::new(&mut |resolve, reject| handles = Some((resolve, reject)));
        let (resolve, reject) = handles?;
        store.next = Some(Waiters { promise: promise.clone(), resolve, reject });
        Some(promise)
    }

    /// Writes the journal to IndexedDB, one transaction at a time, until it is empty (or
    /// a transaction fails: its changes wait in the journal for the next change).
    async fn flush(self) {
        loop {
            let taken = {
                let mut store = self.0.borrow_mut();
                let batch = store.journal.take();
                match (batch, store.indexed.clone()) {
                    (Some(batch), Some(db)) => Some((db, batch, store.next.take())),
                    _ => None,
                }
            };
            let Some((db, batch, waiters)) = taken else {
                self.0.borrow_mut().flushing = false;
                return;
            };
            let ops = operations(&batch, &self.0.borrow().ledger);
            let outcome = db.write(&ops).await;
            let succeeded = outcome.is_ok();
            {
                let mut store = self.0.borrow_mut();
                if succeeded {
                    store.committed(&batch);
                } else {
                    store.journal.failed(batch);
                    store.flushing = false;
                }
            }
            if let Some(waiters) = waiters {
                let (settle, value) = match outcome {
                    Ok(()) => (waiters.resolve, JsValue::UNDEFINED),
                    Err(error) => (waiters.reject, error),
                };
                // resolve/reject of a native Promise never throw.
                let _ = settle.call1(&JsValue::UNDEFINED, &value);
            }
            if !succeeded {
                return;
            }
        }
    }
}

/// A batch as IndexedDB operations: the clear, the changes (with the values the ledger
/// holds), then the watermark.
fn operations(batch: &Batch<()>, ledger: &Ledger<Entry>) -> Vec<Op> {
    let mut ops = Vec::with_capacity(batch.changes.len() + 2);
    if batch.cleared.is_some() {
        ops.push(Op::Clear);
    }
    for (key, change) in &batch.changes {
        ops.push(match (change.value, ledger.get(key)) {
            (Some(()), Some(slot)) => Op::Put(key.clone(), slot.value.text.clone()),
            // The journal's change of a key agrees with the ledger, so a key set there is
            // in the ledger; a removal (or, were they ever to disagree, a missing key) is
            // a delete.
            _ => Op::Delete(key.clone()),
        });
    }
    ops.push(Op::PutNumbered(WATERMARK, JsValue::from_f64(batch.watermark as f64)));
    ops
}

impl Store {
    /// `key`'s name in localStorage: `wxweb:<appid>:<key>`.
    fn local_key(&self, key: &str) -> JsString {
        match self.ledger.get(key) {
            Some(slot) => slot.value.local_key.clone(),
            None => JsString::from(format!("{}{key}", self.prefix)),
        }
    }

    fn remove_local(&self, local_key: &JsString) {
        if let Some(local) = &self.local {
            local.remove_item(local_key);
        }
    }

    /// Removes every record of this mini program from localStorage (not the marker).
    fn remove_all_local(&self) {
        if let Some(local) = &self.local {
            for key in local.keys_with_prefix(&self.prefix) {
                local.remove_item(&JsString::from(format!("{}{key}", self.prefix)));
            }
        }
    }

    /// `batch` has committed: the localStorage records it made moot go (see
    /// [`Journal::moot_after_commit`]), and the marker unless another clear waits.
    fn committed(&mut self, batch: &Batch<()>) {
        let Some(local) = &self.local else { return };
        if batch.cleared.is_some() {
            for key in local.keys_with_prefix(&self.prefix) {
                if self.journal.moot_after_commit(&key) {
                    local.remove_item(&self.local_key(&key));
                }
            }
            if !self.journal.clear_pending() {
                local.remove_item(&self.marker);
            }
        } else {
            for (key, _) in &batch.changes {
                if self.journal.moot_after_commit(key) {
                    local.remove_item(&self.local_key(key));
                }
            }
        }
    }
}

/// Waits until a write is durable.
pub async fn durable(pending: Durable) -> Result<(), Fail> {
    match pending {
        None => Ok(()),
        Some(promise) => match JsFuture::from(promise).await {
            Ok(_) => Ok(()),
            Err(error) => Err(Fail::owned(format!(
                "IndexedDB write failed: {}",
                error_message(&error, "unknown error")
            ))),
        },
    }
}
