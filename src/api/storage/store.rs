//! One mini program's storage: an in-memory [`Ledger`] that the `*Sync` functions read
//! and write synchronously, made durable in two browser stores.
//!
//! Chrome's localStorage holds only about 5 M UTF-16 units per origin, half of WeChat's
//! 10 MB, so each value lives in exactly one place:
//! - **localStorage** while it fits: written synchronously, so a `setStorageSync` that
//!   returned survives a reload right after it;
//! - **IndexedDB** when localStorage is full: written in batches, one transaction per
//!   turn of the event loop; `setStorage` succeeds once that transaction has committed.
//!
//! At start-up localStorage wins over IndexedDB for a key present in both. A removal of
//! a key that IndexedDB may still hold leaves a tombstone in localStorage until the
//! IndexedDB delete commits, so a reload in between cannot bring the value back. An
//! item moved to IndexedDB keeps its old localStorage copy until the move commits, so a
//! reload in between finds the previous value rather than none.

use std::cell::RefCell;
use std::collections::HashSet;

use rustc_hash::FxHashMap;
use std::rc::Rc;

use js_sys::{Function, JsString, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};

use super::codec::{self, Stored};
use super::ledger::{utf16_len, Ledger, Place, Slot};
use crate::bridge::Fail;
use crate::platform::indexed_db::{KeyValueDb, Op};
use crate::platform::js::error_message;
use crate::platform::local_storage::LocalStorage;

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
    prefix: String,
    ledger: Ledger<Entry>,
    local: Option<LocalStorage>,
    indexed: Option<Rc<KeyValueDb>>,
    journal: Journal,
}

/// A stored value and its key in localStorage (kept so that writes to an existing key
/// build no string).
struct Entry {
    text: JsString,
    local_key: JsString,
}

/// IndexedDB operations waiting for the next transaction.
#[derive(Default)]
struct Journal {
    ops: Vec<Op>,
    keys: Vec<String>,
    batch: Option<Batch>,
    /// Keys with an IndexedDB operation queued or in a transaction not yet committed.
    in_flight: FxHashMap<String, usize>,
}

/// The transaction being gathered, and the promise its writers wait on.
struct Batch {
    promise: Promise,
    resolve: Function,
    reject: Function,
}

impl Storage {
    /// Loads the storage of `appid` from localStorage and IndexedDB.
    pub async fn open(appid: &str) -> Storage {
        let prefix = format!("wxweb:{appid}:");
        let local = LocalStorage::open();
        let indexed = KeyValueDb::open(&format!("wxweb-storage-{appid}")).await.ok().map(Rc::new);
        let from_indexed = match &indexed {
            Some(db) => db.read_all().await.unwrap_or_default(),
            None => Vec::new(),
        };
        let from_local = local.as_ref().map(|l| l.entries_with_prefix(&prefix)).unwrap_or_default();
        let store = Store { prefix, ledger: Ledger::default(), local, indexed, journal: Journal::default() };
        let storage = Storage(Rc::new(RefCell::new(store)));
        storage.load(from_local, from_indexed);
        storage
    }

    fn load(&self, from_local: Vec<(String, JsString)>, from_indexed: Vec<(String, JsString)>) {
        let in_indexed: HashSet<&str> = from_indexed.iter().map(|(key, _)| key.as_str()).collect();
        let mut stale = Vec::new();
        let mut store = self.0.borrow_mut();
        let mut seen_locally = HashSet::new();
        for (key, text) in &from_local {
            let kind = codec::classify(text);
            if kind == Stored::Foreign {
                continue;
            }
            seen_locally.insert(key.as_str());
            let stale_in_indexed = in_indexed.contains(key.as_str());
            if stale_in_indexed || kind == Stored::Tombstone {
                stale.push(key.clone());
            }
            if kind == Stored::Value {
                store.load_slot(key, text, Place::Local { stale_in_indexed });
            }
        }
        for (key, text) in &from_indexed {
            if !seen_locally.contains(key.as_str()) && codec::classify(text) == Stored::Value {
                store.load_slot(key, text, Place::Indexed);
            }
        }
        drop(store);
        for key in stale {
            // Dropping stale IndexedDB copies concerns no caller.
            let _ = self.queue(Op::Delete(key.clone()), key);
        }
    }

    /// setStorage/setStorageSync: stores `data` under `key`, replacing the old value.
    /// On failure nothing has changed.
    pub fn set(&self, key: String, data: &JsValue) -> Result<Durable, Fail> {
        let encoded = codec::encode(data)?;
        let mut store = self.0.borrow_mut();
        let (size, old) = store.ledger.admit(&key, encoded.data_len).map_err(|e| Fail::new(e.detail()))?;
        let (local_key, indexed_copy) = match old {
            Some(slot) => (slot.value.local_key.clone(), slot.place.touches_indexed()),
            None => (store.local_key(&key), false),
        };
        let indexed_copy = indexed_copy || store.journal.in_flight.contains_key(&key);
        let written_locally = match &store.local {
            Some(local) => local.set_item(&local_key, &encoded.text).is_ok(),
            None => false,
        };
        let place = if written_locally {
            Place::Local { stale_in_indexed: indexed_copy }
        } else if store.indexed.is_some() {
            Place::Indexed
        } else {
            return Err(Fail::new("the browser has no room left for storage"));
        };
        let op = match place {
            Place::Indexed => Some(Op::Put(key.clone(), encoded.text.clone())),
            Place::Local { stale_in_indexed: true } => Some(Op::Delete(key.clone())),
            Place::Local { stale_in_indexed: false } => None,
        };
        let queued_key = op.as_ref().map(|_| key.clone());
        let value = Entry { text: encoded.text, local_key };
        store.ledger.insert(key, Slot { value, size, place });
        drop(store);
        Ok(match (op, queued_key) {
            (Some(put @ Op::Put(..)), Some(key)) => Some(self.queue(put, key)),
            // The value is durable in localStorage already; the stale copy goes later.
            (Some(delete), Some(key)) => {
                let _ = self.queue(delete, key);
                None
            }
            _ => None,
        })
    }

    /// getStorage/getStorageSync: a fresh copy of the value, or `None`.
    pub fn get(&self, key: &str) -> Option<JsValue> {
        self.0.borrow().ledger.get(key).map(|slot| codec::decode(&slot.value.text))
    }

    /// removeStorage/removeStorageSync. Removing a missing key succeeds.
    pub fn remove(&self, key: &str) -> Durable {
        let mut store = self.0.borrow_mut();
        let slot = store.ledger.remove(key)?;
        let in_flight = store.journal.in_flight.contains_key(key);
        if !slot.place.touches_indexed() && !in_flight {
            store.remove_local(&slot.value.local_key);
            return None;
        }
        store.write_tombstone(&slot.value.local_key);
        drop(store);
        Some(self.queue(Op::Delete(key.to_owned()), key.to_owned()))
    }

    /// clearStorage/clearStorageSync.
    pub fn clear(&self) -> Durable {
        let mut store = self.0.borrow_mut();
        let slots: Vec<(String, Slot<Entry>)> = store.ledger.drain().collect();
        let mut tombstoned = Vec::new();
        for (key, slot) in slots {
            if slot.place.touches_indexed() || store.journal.in_flight.contains_key(&key) {
                store.write_tombstone(&slot.value.local_key);
                tombstoned.push(key);
            } else {
                store.remove_local(&slot.value.local_key);
            }
        }
        drop(store);
        let mut durable = None;
        for key in tombstoned {
            durable = Some(self.queue(Op::Delete(key.clone()), key));
        }
        durable
    }

    /// getStorageInfo/getStorageInfoSync.
    pub fn info(&self) -> Info {
        let store = self.0.borrow();
        Info {
            keys: store.ledger.keys().into_iter().map(str::to_owned).collect(),
            current_kb: store.ledger.current_kb(),
        }
    }

    /// Queues an IndexedDB operation on `key` for the next transaction; the promise
    /// resolves when that transaction commits.
    fn queue(&self, op: Op, key: String) -> Promise {
        let mut store = self.0.borrow_mut();
        let journal = &mut store.journal;
        *journal.in_flight.entry(key.clone()).or_default() += 1;
        journal.ops.push(op);
        journal.keys.push(key);
        if let Some(batch) = &journal.batch {
            return batch.promise.clone();
        }
        let mut handles = None;
        let promise = Promise::new(&mut |resolve, reject| handles = Some((resolve, reject)));
        if let Some((resolve, reject)) = handles {
            journal.batch = Some(Batch { promise: promise.clone(), resolve, reject });
            spawn_local(self.clone().flush());
        }
        promise
    }

    /// Writes the gathered operations in one transaction, then lets every key whose
    /// operations have all committed drop its localStorage leftovers.
    async fn flush(self) {
        let (db, ops, keys, batch) = {
            let mut store = self.0.borrow_mut();
            let journal = &mut store.journal;
            let taken = (std::mem::take(&mut journal.ops), std::mem::take(&mut journal.keys), journal.batch.take());
            (store.indexed.clone(), taken.0, taken.1, taken.2)
        };
        let outcome = match db {
            Some(db) => db.write(&ops).await,
            None => Err(JsValue::from_str("IndexedDB is not available")),
        };
        {
            let mut store = self.0.borrow_mut();
            for key in keys {
                store.committed(key, outcome.is_ok());
            }
        }
        if let Some(batch) = batch {
            let (settle, value) = match outcome {
                Ok(()) => (batch.resolve, JsValue::UNDEFINED),
                Err(error) => (batch.reject, error),
            };
            // resolve/reject of a native Promise never throw.
            let _ = settle.call1(&JsValue::UNDEFINED, &value);
        }
    }
}

impl Store {
    /// `key`'s name in localStorage: `wxweb:<appid>:<key>`.
    fn local_key(&self, key: &str) -> JsString {
        JsString::from(format!("{}{key}", self.prefix))
    }

    fn load_slot(&mut self, key: &str, text: &JsString, place: Place) {
        let size = utf16_len(key) + codec::data_len(text);
        let value = Entry { text: text.clone(), local_key: self.local_key(key) };
        self.ledger.insert(key.to_owned(), Slot { value, size, place });
    }

    fn remove_local(&self, local_key: &JsString) {
        if let Some(local) = &self.local {
            local.remove_item(local_key);
        }
    }

    /// Marks a key removed in localStorage; if even that does not fit, at least no
    /// stale localStorage value remains.
    fn write_tombstone(&self, local_key: &JsString) {
        if let Some(local) = &self.local {
            if local.set_item(local_key, &codec::tombstone()).is_err() {
                local.remove_item(local_key);
            }
        }
    }

    /// One operation on `key` has committed (or failed). When it was the last one in
    /// flight, IndexedDB now agrees with the ledger for `key`, and localStorage can
    /// drop what it kept meanwhile.
    fn committed(&mut self, key: String, succeeded: bool) {
        let remaining = match self.journal.in_flight.get_mut(&key) {
            Some(count) => {
                *count -= 1;
                *count
            }
            None => return,
        };
        if remaining > 0 {
            return;
        }
        self.journal.in_flight.remove(&key);
        if !succeeded {
            return;
        }
        match self.ledger.get_mut(&key) {
            Some(Slot { place: Place::Local { stale_in_indexed }, .. }) => *stale_in_indexed = false,
            Some(Slot { place: Place::Indexed, value, .. }) => {
                let local_key = value.local_key.clone();
                self.remove_local(&local_key);
            }
            None => self.remove_local(&self.local_key(&key)),
        }
    }
}

/// Waits until a write is durable.
pub async fn durable(pending: Durable) -> Result<(), Fail> {
    match pending {
        None => Ok(()),
        Some(promise) => match JsFuture::from(promise).await {
            Ok(_) => Ok(()),
            Err(error) => Err(Fail::owned(format!("IndexedDB write failed: {}", error_message(&error, "unknown error")))),
        },
    }
}
