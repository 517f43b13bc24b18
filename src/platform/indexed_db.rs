//! IndexedDB as a promised key-value store: open one, read it whole, write a batch of
//! operations in one transaction. Requests are awaited by handing the Promise's own
//! resolve/reject to `onsuccess`/`onerror`, so no closure outlives a call.

use js_sys::{Array, Function, JsString, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbRequest, IdbTransaction, IdbTransactionMode};

const STORE: &str = "items";

/// One write of a batch.
pub enum Op {
    Put(String, JsString),
    /// Any structured-cloneable value (an object holding a Blob, …).
    PutValue(String, JsValue),
    Delete(String),
    Clear,
    /// A record under a number key, which no string key of the other operations can
    /// clash with (bookkeeping such as a version or a watermark).
    PutNumbered(u32, JsValue),
}

/// An open database with a single object store of string keys and string values (or,
/// through [`Op::PutValue`] and [`KeyValueDb::read_all_values`], any cloneable values).
pub struct KeyValueDb {
    db: IdbDatabase,
}

impl KeyValueDb {
    /// Opens (creating on first use) the database `name`.
    pub async fn open(name: &str) -> Result<KeyValueDb, JsValue> {
        let factory = web_sys::window()
            .ok_or_else(|| JsValue::from_str("no window"))?
            .indexed_db()?
            .ok_or_else(|| JsValue::from_str("IndexedDB is not available"))?;
        let request = factory.open_with_u32(name, 1)?;
        let target = request.clone();
        let upgrade = Closure::once(move || {
            if let Ok(db) = target.result().and_then(|db| db.dyn_into::<IdbDatabase>()) {
                // A fresh database at version 1 has no store yet; creating it cannot clash.
                let _ = db.create_object_store(STORE);
            }
        });
        request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
        let opened = requested(&request).await;
        request.set_onupgradeneeded(None);
        Ok(KeyValueDb { db: opened?.dyn_into()? })
    }

    /// Every `(key, value)` pair with a string value, in key order.
    pub async fn read_all(&self) -> Result<Vec<(String, JsString)>, JsValue> {
        let all = self.read_all_values().await?;
        Ok(all.into_iter().filter_map(|(key, value)| Some((key, value.dyn_into().ok()?))).collect())
    }

    /// Every `(key, value)` pair with a string key, in key order.
    pub async fn read_all_values(&self) -> Result<Vec<(String, JsValue)>, JsValue> {
        let all = self.read_everything().await?;
        Ok(all.into_iter().filter_map(|(key, value)| Some((key.as_string()?, value))).collect())
    }

    /// Every record, whatever its key (numbers first, then strings, each in order), read
    /// in one transaction: a consistent snapshot.
    pub async fn read_everything(&self) -> Result<Vec<(JsValue, JsValue)>, JsValue> {
        let store = self.db.transaction_with_str(STORE)?.object_store(STORE)?;
        let keys = store.get_all_keys()?;
        let values = store.get_all()?;
        let keys: Array = requested(&keys).await?.dyn_into()?;
        let values: Array = requested(&values).await?.dyn_into()?;
        Ok(keys.iter().zip(values.iter()).collect())
    }

    /// Applies `ops` in order in one transaction; resolves once it has committed.
    pub async fn write(&self, ops: &[Op]) -> Result<(), JsValue> {
        let transaction =
            self.db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?;
        let store = transaction.object_store(STORE)?;
        for op in ops {
            match op {
                Op::Put(key, value) => store.put_with_key(value, &JsValue::from_str(key))?,
                Op::PutValue(key, value) => store.put_with_key(value, &JsValue::from_str(key))?,
                Op::Delete(key) => store.delete(&JsValue::from_str(key))?,
                Op::Clear => store.clear()?,
                Op::PutNumbered(key, value) => store.put_with_key(value, &JsValue::from(*key))?,
            };
        }
        committed(&transaction).await
    }
}

/// The result of a request, or its error.
async fn requested(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let settled = promise(|resolve, reject| {
        request.set_onsuccess(Some(resolve));
        request.set_onerror(Some(reject));
    });
    let outcome = JsFuture::from(settled).await;
    request.set_onsuccess(None);
    request.set_onerror(None);
    match outcome {
        Ok(_) => request.result(),
        Err(_) => Err(request.error().ok().flatten().map_or(JsValue::NULL, Into::into)),
    }
}

/// Resolves once `transaction` has committed; fails if it errs or aborts.
async fn committed(transaction: &IdbTransaction) -> Result<(), JsValue> {
    let settled = promise(|resolve, reject| {
        transaction.set_oncomplete(Some(resolve));
        transaction.set_onerror(Some(reject));
        transaction.set_onabort(Some(reject));
    });
    match JsFuture::from(settled).await {
        Ok(_) => Ok(()),
        Err(_) => Err(transaction.error().map_or(JsValue::NULL, Into::into)),
    }
}

fn promise(mut attach: impl FnMut(&Function, &Function)) -> Promise {
    Promise::new(&mut |resolve, reject| attach(&resolve, &reject))
}
