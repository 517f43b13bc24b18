//! Storage accounting without the browser: which keys exist, how big each is, where it
//! is kept, and WeChat's limits (1 MB a key, 10 MB in all; CONVENTIONS.md, "Storage").
//!
//! Sizes are counted in UTF-16 code units (a JS string's `length`), so an ASCII text of
//! 1,048,576 characters is exactly 1 MB. An item's data must fit 1 MB; the total counts
//! each item's key and data.

use rustc_hash::FxHashMap;

/// Most data one key may hold.
pub const ITEM_LIMIT: usize = 1024 * 1024;
/// Most all keys and data together may hold.
pub const TOTAL_LIMIT: usize = 10 * 1024 * 1024;
/// `limitSize` of getStorageInfo, in KB.
pub const LIMIT_KB: usize = TOTAL_LIMIT / 1024;

/// Why a write was refused; the texts are WeChat's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitError {
    ItemTooLarge,
    StorageFull,
}

impl LimitError {
    pub const fn detail(self) -> &'static str {
        match self {
            LimitError::ItemTooLarge => "exceed storage item max length",
            LimitError::StorageFull => "exceed storage max size 10Mb",
        }
    }
}

/// Where an item's current value is durable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// In localStorage, written synchronously. `stale_in_indexed`: IndexedDB may still
    /// hold an older value of this key until a queued delete commits.
    Local { stale_in_indexed: bool },
    /// In IndexedDB (it did not fit localStorage).
    Indexed,
}

impl Place {
    /// Whether IndexedDB may hold a value for this key, which a removal must delete.
    pub fn touches_indexed(self) -> bool {
        !matches!(self, Place::Local { stale_in_indexed: false })
    }
}

/// One stored item: its encoded value and what it costs.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot<V> {
    pub value: V,
    pub size: usize,
    pub place: Place,
}

/// The in-memory map of one mini program's storage.
#[derive(Debug)]
pub struct Ledger<V> {
    slots: FxHashMap<String, Slot<V>>,
    total: usize,
}

impl<V> Default for Ledger<V> {
    fn default() -> Self {
        Ledger { slots: FxHashMap::default(), total: 0 }
    }
}

/// The length of `text` as a JS string.
pub fn utf16_len(text: &str) -> usize {
    text.encode_utf16().count()
}

impl<V> Ledger<V> {
    /// Checks that `key` may hold `data_len` units of data, replacing its old value.
    /// Returns the new item's size and the slot it replaces.
    pub fn admit(&self, key: &str, data_len: usize) -> Result<(usize, Option<&Slot<V>>), LimitError> {
        if data_len > ITEM_LIMIT {
            return Err(LimitError::ItemTooLarge);
        }
        let size = utf16_len(key) + data_len;
        let old = self.slots.get(key);
        if self.total - old.map_or(0, |slot| slot.size) + size > TOTAL_LIMIT {
            return Err(LimitError::StorageFull);
        }
        Ok((size, old))
    }

    /// Stores a value admitted with [`Ledger::admit`]; returns the old slot.
    pub fn insert(&mut self, key: String, slot: Slot<V>) -> Option<Slot<V>> {
        self.total += slot.size;
        let old = self.slots.insert(key, slot);
        if let Some(old) = &old {
            self.total -= old.size;
        }
        old
    }

    pub fn get(&self, key: &str) -> Option<&Slot<V>> {
        self.slots.get(key)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Slot<V>> {
        self.slots.get_mut(key)
    }

    pub fn remove(&mut self, key: &str) -> Option<Slot<V>> {
        let old = self.slots.remove(key);
        if let Some(old) = &old {
            self.total -= old.size;
        }
        old
    }

    /// Empties the ledger, handing back every key and slot.
    pub fn drain(&mut self) -> impl Iterator<Item = (String, Slot<V>)> + '_ {
        self.total = 0;
        self.slots.drain()
    }

    /// All keys, sorted, as getStorageInfo lists them.
    pub fn keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = self.slots.keys().map(String::as_str).collect();
        keys.sort_unstable();
        keys
    }

    /// `currentSize` of getStorageInfo: KB in use, rounded up.
    pub fn current_kb(&self) -> usize {
        self.total.div_ceil(1024)
    }

    pub fn total(&self) -> usize {
        self.total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCAL: Place = Place::Local { stale_in_indexed: false };

    fn put(ledger: &mut Ledger<()>, key: &str, data_len: usize) -> Result<(), LimitError> {
        let (size, _) = ledger.admit(key, data_len)?;
        ledger.insert(key.to_owned(), Slot { value: (), size, place: LOCAL });
        Ok(())
    }

    #[test]
    fn an_item_of_exactly_one_megabyte_fits_and_one_more_unit_does_not() {
        let mut ledger = Ledger::default();
        assert_eq!(put(&mut ledger, "k", ITEM_LIMIT), Ok(()));
        assert_eq!(put(&mut ledger, "k", ITEM_LIMIT + 1), Err(LimitError::ItemTooLarge));
        assert_eq!(ledger.total(), 1 + ITEM_LIMIT, "a refused write changes nothing");
    }

    #[test]
    fn the_total_counts_keys_and_data_and_stops_at_ten_megabytes() {
        let mut ledger = Ledger::default();
        for key in ["a", "b", "c", "d", "e", "f", "g", "h", "i"] {
            put(&mut ledger, key, ITEM_LIMIT - 1).unwrap();
        }
        let room = TOTAL_LIMIT - ledger.total() - 1;
        assert_eq!(put(&mut ledger, "j", room), Ok(()), "key j takes the last unit");
        assert_eq!(ledger.total(), TOTAL_LIMIT);
        assert_eq!(put(&mut ledger, "k", 0), Err(LimitError::StorageFull));
        assert_eq!(ledger.current_kb(), LIMIT_KB);
    }

    #[test]
    fn replacing_a_value_frees_the_old_one_first() {
        let mut ledger = Ledger::default();
        for key in ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"] {
            put(&mut ledger, key, ITEM_LIMIT - 1).unwrap();
        }
        assert_eq!(ledger.total(), TOTAL_LIMIT);
        assert_eq!(put(&mut ledger, "a", ITEM_LIMIT - 1), Ok(()), "same size again");
        assert_eq!(put(&mut ledger, "a", ITEM_LIMIT), Err(LimitError::StorageFull));
        ledger.remove("b");
        assert_eq!(put(&mut ledger, "a", ITEM_LIMIT), Ok(()));
    }

    #[test]
    fn keys_are_sorted_and_sizes_round_up_to_kilobytes() {
        let mut ledger = Ledger::default();
        put(&mut ledger, "b", 1).unwrap();
        put(&mut ledger, "a", 1024).unwrap();
        assert_eq!(ledger.keys(), ["a", "b"]);
        assert_eq!(ledger.current_kb(), 2);
        ledger.remove("a");
        assert_eq!(ledger.current_kb(), 1);
        ledger.drain().for_each(drop);
        assert_eq!((ledger.total(), ledger.current_kb()), (0, 0));
    }

    #[test]
    fn key_length_counts_utf16_units() {
        assert_eq!(utf16_len("key"), 3);
        assert_eq!(utf16_len("键"), 1);
        assert_eq!(utf16_len("😀"), 2);
    }

    #[test]
    fn only_a_clean_local_item_can_be_removed_without_touching_indexeddb() {
        assert!(!LOCAL.touches_indexed());
        assert!(Place::Local { stale_in_indexed: true }.touches_indexed());
        assert!(Place::Indexed.touches_indexed());
    }
}
