//! Storage without the browser: the accounting (which keys exist, how big each is, and
//! WeChat's limits, 1 MB a key and 10 MB in all; CONVENTIONS.md, "Storage") and the
//! durability rules (the [`Journal`] of changes IndexedDB has not committed yet, and
//! [`recover`], which merges what the two browser stores hold at start-up).
//!
//! Sizes are counted in UTF-16 code units (a JS string's `length`), so an ASCII text of
//! 1,048,576 characters is exactly 1 MB. An item's data must fit 1 MB; the total counts
//! each item's key and data.
//!
//! # Durability
//!
//! Every change (a set, a removal, a clear) takes the next sequence number ([`Seq`]).
//! IndexedDB is the store of record: the changes of one turn of the event loop go in one
//! transaction, which also records the highest sequence number it covers (its
//! *watermark*); one transaction is in flight at a time, so IndexedDB always holds the
//! storage as it stood after some sequence number, and a later reload or crash can only
//! cut that history short, never reorder it. localStorage is a write-ahead copy of the
//! changes not committed yet, written synchronously with the sequence number of each
//! change (a removal as a stamped marker, a clear as one marker for the mini program) and
//! dropped once IndexedDB has committed it. At start-up a localStorage record counts only
//! if it is newer than IndexedDB's watermark (and than a clear marker): an older one is
//! either in IndexedDB already or superseded there, so neither store can bring back an
//! older value or a removed key.

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

/// One stored item: its encoded value and what it costs.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot<V> {
    pub value: V,
    pub size: usize,
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
    pub fn admit(
        &self,
        key: &str,
        data_len: usize,
    ) -> Result<(usize, Option<&Slot<V>>), LimitError> {
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

/// A change's place in one mini program's history: every set, removal and clear takes
/// the next number. Stays far below 2^53, so it also survives a trip through a JS number.
pub type Seq = u64;

/// The largest number read back from a store: 2^53, the last integer a JS number holds
/// exactly (a store holding a larger one was not written by wxweb).
pub const MAX_SEQ: Seq = 1 << 53;

/// One key's pending change: its new value, or `None` for a removal.
#[derive(Debug, Clone, PartialEq)]
pub struct Change<V> {
    pub seq: Seq,
    pub value: Option<V>,
}

/// What one IndexedDB transaction writes: first a clear (if `cleared`), then `changes`,
/// then the `watermark`, the highest sequence number the transaction covers. Once it has
/// committed, IndexedDB reflects every change numbered up to the watermark.
#[derive(Debug)]
pub struct Batch<V> {
    pub cleared: Option<Seq>,
    pub changes: Vec<(String, Change<V>)>,
    pub watermark: Seq,
}

/// The changes IndexedDB has not been given yet, one per key (a later change of a key
/// replaces the earlier one; a clear drops them all), and the sequence counter.
#[derive(Debug)]
pub struct Journal<V> {
    last: Seq,
    cleared: Option<Seq>,
    changes: FxHashMap<String, Change<V>>,
}

impl<V> Journal<V> {
    /// An empty journal whose next change is numbered `last + 1`.
    pub fn after(last: Seq) -> Self {
        Journal { last, cleared: None, changes: FxHashMap::default() }
    }

    fn next(&mut self) -> Seq {
        self.last += 1;
        self.last
    }

    /// Records that `key` now holds `value`; returns the change's number.
    pub fn set(&mut self, key: &str, value: V) -> Seq {
        self.change(key, Some(value))
    }

    /// Records that `key` was removed; returns the change's number.
    pub fn remove(&mut self, key: &str) -> Seq {
        self.change(key, None)
    }

    /// A key written again before the next transaction (the common case of a loop of
    /// writes) updates its change in place, without building a key.
    fn change(&mut self, key: &str, value: Option<V>) -> Seq {
        let seq = self.next();
        match self.changes.get_mut(key) {
            Some(change) => *change = Change { seq, value },
            None => drop(self.changes.insert(key.to_owned(), Change { seq, value })),
        }
        seq
    }

    /// Records a clear, which makes every earlier change moot; returns its number.
    pub fn clear(&mut self) -> Seq {
        let seq = self.next();
        self.changes.clear();
        self.cleared = Some(seq);
        seq
    }

    /// Whether a change of `key` waits for the next transaction.
    pub fn pending(&self, key: &str) -> bool {
        self.changes.contains_key(key)
    }

    /// Whether a clear waits for the next transaction.
    pub fn clear_pending(&self) -> bool {
        self.cleared.is_some()
    }

    /// Whether `key`'s localStorage record is moot once the transaction in flight has
    /// committed: no change of the key waits for a later one, and no clear does (a clear
    /// drops the changes it supersedes from the journal, but until it commits, the
    /// records of those changes may be the newest copy there is).
    pub fn moot_after_commit(&self, key: &str) -> bool {
        !self.pending(key) && !self.clear_pending()
    }

    pub fn is_empty(&self) -> bool {
        self.cleared.is_none() && self.changes.is_empty()
    }

    /// The number of the latest change.
    pub fn last(&self) -> Seq {
        self.last
    }

    /// Takes everything pending for one transaction, or `None` if nothing is.
    pub fn take(&mut self) -> Option<Batch<V>> {
        if self.is_empty() {
            return None;
        }
        let mut changes: Vec<(String, Change<V>)> = self.changes.drain().collect();
        changes.sort_unstable_by_key(|(_, change)| change.seq);
        Some(Batch { cleared: self.cleared.take(), changes, watermark: self.last })
    }

    /// The same journal with the values dropped: for a store that reads each key's
    /// current value elsewhere when it writes the transaction.
    pub fn without_values(self) -> Journal<()> {
        let changes = self
            .changes
            .into_iter()
            .map(|(key, change)| (key, Change { seq: change.seq, value: change.value.map(drop) }))
            .collect();
        Journal { last: self.last, cleared: self.cleared, changes }
    }

    /// Puts back the changes of a transaction that failed, under the ones made since.
    pub fn failed(&mut self, batch: Batch<V>) {
        let floor = match (self.cleared, batch.cleared) {
            (Some(now), _) => now,
            (None, Some(then)) => {
                self.cleared = Some(then);
                then
            }
            (None, None) => 0,
        };
        for (key, change) in batch.changes {
            if change.seq > floor && !self.changes.contains_key(&key) {
                self.changes.insert(key, change);
            }
        }
    }
}

/// A localStorage record as read at start-up: the change's number (`None` for a record
/// written by wxweb before sequence numbers, which counts as newer than IndexedDB) and
/// the value, or `None` for a removal.
#[derive(Debug, Clone, PartialEq)]
pub struct Record<V> {
    pub seq: Option<Seq>,
    pub value: Option<V>,
}

/// The storage as it stands at start-up.
#[derive(Debug)]
pub struct Recovered<V> {
    /// Every key and its value.
    pub items: Vec<(String, V)>,
    /// The changes that localStorage holds and IndexedDB lacks, to be written again.
    pub journal: Journal<V>,
    /// localStorage records that IndexedDB has made moot, to be deleted.
    pub obsolete: Vec<String>,
    /// Whether the clear marker is moot too.
    pub marker_obsolete: bool,
}

/// Merges IndexedDB's contents (`indexed`, complete up to `watermark`) with the write-ahead
/// records of localStorage (`local`, and the number of the last clear, `cleared`).
pub fn recover<V: Clone>(
    indexed: Vec<(String, V)>,
    watermark: Seq,
    cleared: Option<Seq>,
    local: Vec<(String, Record<V>)>,
) -> Recovered<V> {
    // A clear that IndexedDB has not committed empties it, and every record before it.
    let uncommitted_clear = cleared.filter(|&clear| clear > watermark);
    let floor = uncommitted_clear.unwrap_or(watermark);
    let newest =
        local.iter().filter_map(|(_, record)| record.seq).chain(cleared).fold(watermark, Seq::max);
    let mut journal = Journal::after(newest);
    journal.cleared = uncommitted_clear;
    let mut items: FxHashMap<String, V> = FxHashMap::default();
    if uncommitted_clear.is_none() {
        items.extend(indexed);
    }
    let mut obsolete = Vec::new();
    let mut legacy = Vec::new();
    for (key, record) in local {
        match record.seq {
            Some(seq) if seq > floor => {
                match &record.value {
                    Some(value) => items.insert(key.clone(), value.clone()),
                    None => items.remove(&key),
                };
                journal.changes.insert(key, Change { seq, value: record.value });
            }
            None if uncommitted_clear.is_none() => legacy.push((key, record.value)),
            _ => obsolete.push(key),
        }
    }
    // Records of an older wxweb are newer than IndexedDB (they were its write-through
    // copy); they move to IndexedDB under fresh numbers.
    for (key, value) in legacy {
        match &value {
            Some(value) => items.insert(key.clone(), value.clone()),
            None => items.remove(&key),
        };
        match value {
            Some(value) => journal.set(&key, value),
            None => journal.remove(&key),
        };
    }
    Recovered {
        items: items.into_iter().collect(),
        journal,
        obsolete,
        marker_obsolete: cleared.is_some() && uncommitted_clear.is_none(),
    }
}

/// Reads the stamp that starts a localStorage record of change `seq`, `#<seq>:` (the
/// rest is the encoded value, or nothing for a removal): the change's number and the
/// stamp's length.
pub fn parse_stamp(head: &str) -> Option<(Seq, usize)> {
    let digits = head.strip_prefix('#')?;
    let end = digits.find(':')?;
    let seq: Seq = digits.get(..end)?.parse().ok()?;
    (seq <= MAX_SEQ).then_some((seq, end + 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(ledger: &mut Ledger<()>, key: &str, data_len: usize) -> Result<(), LimitError> {
        let (size, _) = ledger.admit(key, data_len)?;
        ledger.insert(key.to_owned(), Slot { value: (), size });
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
    fn stamps_read_back_and_anything_else_is_refused() {
        assert_eq!(parse_stamp("#12:sv"), Some((12, 4)));
        assert_eq!(parse_stamp("#0:"), Some((0, 3)));
        assert_eq!(parse_stamp("#9007199254740992:"), Some((MAX_SEQ, 18)));
        for head in ["#9007199254740993:", "#:x", "#12", "12:", "#1a:", "#-1:", "x"] {
            assert_eq!(parse_stamp(head), None, "{head}");
        }
    }

    #[test]
    fn records_of_an_older_wxweb_win_over_indexeddb_and_move_there() {
        let legacy = |value: Option<u32>| Record { seq: None, value };
        let recovered = recover(
            vec![("a".to_owned(), 1), ("b".to_owned(), 2), ("c".to_owned(), 3)],
            0,
            None,
            vec![
                ("a".to_owned(), legacy(Some(10))),
                ("b".to_owned(), legacy(None)),
                ("d".to_owned(), legacy(Some(40))),
            ],
        );
        let mut items = recovered.items.clone();
        items.sort();
        assert_eq!(items, [("a".to_owned(), 10), ("c".to_owned(), 3), ("d".to_owned(), 40)]);
        let mut journal = recovered.journal;
        let batch = journal.take().unwrap();
        let mut keys: Vec<&str> = batch.changes.iter().map(|(key, _)| key.as_str()).collect();
        keys.sort();
        assert_eq!(keys, ["a", "b", "d"], "each goes to IndexedDB");
        assert!(recovered.obsolete.is_empty(), "and leaves localStorage once it is there");
    }

    #[test]
    fn an_uncommitted_clear_hides_indexeddb_and_older_records() {
        let at = |seq: Seq, value: Option<u32>| Record { seq: Some(seq), value };
        let recovered = recover(
            vec![("a".to_owned(), 1), ("b".to_owned(), 2)],
            5,
            Some(8),
            vec![
                ("b".to_owned(), at(7, Some(20))),
                ("c".to_owned(), at(9, Some(30))),
                ("d".to_owned(), at(4, Some(4))),
            ],
        );
        assert_eq!(recovered.items, [("c".to_owned(), 30)]);
        let mut obsolete = recovered.obsolete.clone();
        obsolete.sort();
        assert_eq!(obsolete, ["b", "d"]);
        assert!(!recovered.marker_obsolete);
        let mut journal = recovered.journal;
        let batch = journal.take().unwrap();
        assert_eq!((batch.cleared, batch.watermark, batch.changes.len()), (Some(8), 9, 1));
        assert_eq!(journal.set("e", 5), 10, "numbering goes on after the newest record");
    }

    #[test]
    fn key_length_counts_utf16_units() {
        assert_eq!(utf16_len("key"), 3);
        assert_eq!(utf16_len("键"), 1);
        assert_eq!(utf16_len("😀"), 2);
    }
}

/// The durability rules against a model of the two browser stores, with crashes at random
/// points: a reload (localStorage complete, the transaction in flight committed or not)
/// or a browser kill (localStorage also cut back to any point since it last reached the
/// disk). After each crash, every key must read as one of its values since the last
/// change that had to survive (committed to IndexedDB, or on localStorage's disk).
#[cfg(test)]
mod crashes {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// xorshift64*: enough randomness for a test, and no dependency.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
        fn chance(&mut self, percent: u64) -> bool {
            self.below(100) < percent
        }
    }

    type Val = u64;

    /// localStorage's contents for one mini program.
    #[derive(Clone, Default, Debug)]
    struct LocalState {
        records: BTreeMap<String, (Seq, Option<Val>, usize)>,
        marker: Option<Seq>,
    }

    impl LocalState {
        fn used(&self) -> usize {
            self.records.values().map(|(_, _, size)| size).sum::<usize>()
                + usize::from(self.marker.is_some())
        }
        fn apply(&mut self, op: &LocalOp) {
            match op {
                LocalOp::Write(key, record) => drop(self.records.insert(key.clone(), *record)),
                LocalOp::Remove(key) => drop(self.records.remove(key)),
                LocalOp::Mark(seq) => self.marker = *seq,
            }
        }
    }

    #[derive(Debug)]
    enum LocalOp {
        Write(String, (Seq, Option<Val>, usize)),
        Remove(String),
        Mark(Option<Seq>),
    }

    /// localStorage: what the page sees (`now`), and what is on disk: `disk` plus any
    /// prefix of `log`. Writes that do not fit `capacity` fail, as setItem throws.
    struct Local {
        disk: LocalState,
        now: LocalState,
        log: Vec<LocalOp>,
        /// Index (counted over the whole session) of `log[0]`.
        base: usize,
        capacity: usize,
    }

    impl Local {
        fn new(state: LocalState, capacity: usize) -> Local {
            Local { disk: state.clone(), now: state, log: Vec::new(), base: 0, capacity }
        }
        fn record(&mut self, op: LocalOp) -> usize {
            self.now.apply(&op);
            self.log.push(op);
            self.base + self.log.len() - 1
        }
        /// setItem: the op's index, or `None` when it does not fit.
        fn write(&mut self, key: &str, seq: Seq, value: Option<Val>, size: usize) -> Option<usize> {
            let old = self.now.records.get(key).map_or(0, |(_, _, size)| *size);
            let size = size + key.len() + 2;
            if self.now.used() - old + size > self.capacity {
                return None;
            }
            Some(self.record(LocalOp::Write(key.to_owned(), (seq, value, size))))
        }
        fn remove(&mut self, key: &str) {
            if self.now.records.contains_key(key) {
                self.record(LocalOp::Remove(key.to_owned()));
            }
        }
        fn mark(&mut self, seq: Option<Seq>) -> Option<usize> {
            if seq.is_some() && self.now.marker.is_none() && self.now.used() + 1 > self.capacity {
                return None;
            }
            Some(self.record(LocalOp::Mark(seq)))
        }
        /// The browser writes localStorage to disk.
        fn persist(&mut self) {
            self.base += self.log.len();
            self.log.clear();
            self.disk = self.now.clone();
        }
    }

    #[derive(Default)]
    struct Indexed {
        items: BTreeMap<String, Val>,
        watermark: Seq,
    }

    impl Indexed {
        fn commit(&mut self, batch: &Batch<Val>) {
            if batch.cleared.is_some() {
                self.items.clear();
            }
            for (key, change) in &batch.changes {
                match change.value {
                    Some(value) => drop(self.items.insert(key.clone(), value)),
                    None => drop(self.items.remove(key)),
                }
            }
            self.watermark = batch.watermark;
        }
    }

    /// One change as the app made it: `key` `None` for a clear; `local` the index of its
    /// localStorage write, if that fitted.
    struct Made {
        key: Option<String>,
        value: Option<Val>,
        seq: Seq,
        local: Option<usize>,
    }

    /// The store of `store.rs`, over the model stores.
    struct Session {
        items: BTreeMap<String, Val>,
        journal: Journal<Val>,
        in_flight: Option<Batch<Val>>,
        local: Local,
        baseline: BTreeMap<String, Val>,
        made: Vec<Made>,
    }

    impl Session {
        fn open(indexed: &Indexed, disk: LocalState, capacity: usize) -> Session {
            let local_records = disk
                .records
                .iter()
                .map(|(key, (seq, value, _))| {
                    (key.clone(), Record { seq: Some(*seq), value: *value })
                })
                .collect();
            let recovered = recover(
                indexed.items.clone().into_iter().collect(),
                indexed.watermark,
                disk.marker,
                local_records,
            );
            let mut local = Local::new(disk, capacity);
            for key in &recovered.obsolete {
                local.remove(key);
            }
            if recovered.marker_obsolete {
                local.mark(None);
            }
            let items: BTreeMap<String, Val> = recovered.items.into_iter().collect();
            Session {
                baseline: items.clone(),
                items,
                journal: recovered.journal,
                in_flight: None,
                local,
                made: Vec::new(),
            }
        }

        fn set(&mut self, key: &str, value: Val, size: usize) {
            let seq = self.journal.set(key, value);
            let local = self.local.write(key, seq, Some(value), size);
            self.items.insert(key.to_owned(), value);
            self.made.push(Made { key: Some(key.to_owned()), value: Some(value), seq, local });
        }

        fn remove(&mut self, key: &str) {
            let present = self.items.remove(key).is_some();
            let seq = self.journal.remove(key);
            let local = if present { self.local.write(key, seq, None, 0) } else { None };
            self.made.push(Made { key: Some(key.to_owned()), value: None, seq, local });
        }

        fn clear(&mut self) {
            let seq = self.journal.clear();
            let local = self.local.mark(Some(seq));
            if local.is_some() {
                let keys: Vec<String> = self.local.now.records.keys().cloned().collect();
                for key in keys {
                    self.local.remove(&key);
                }
            }
            self.items.clear();
            self.made.push(Made { key: None, value: None, seq, local });
        }

        fn flush(&mut self) {
            if self.in_flight.is_none() {
                self.in_flight = self.journal.take();
            }
        }

        fn committed(&mut self, indexed: &mut Indexed) {
            let Some(batch) = self.in_flight.take() else { return };
            indexed.commit(&batch);
            let keys: Vec<String> = if batch.cleared.is_some() {
                self.local.now.records.keys().cloned().collect()
            } else {
                batch.changes.iter().map(|(key, _)| key.clone()).collect()
            };
            for key in keys {
                if self.journal.moot_after_commit(&key) {
                    self.local.remove(&key);
                }
            }
            if batch.cleared.is_some() && !self.journal.clear_pending() {
                self.local.mark(None);
            }
        }

        fn failed(&mut self) {
            if let Some(batch) = self.in_flight.take() {
                self.journal.failed(batch);
            }
        }

        /// The page goes away: the transaction in flight commits or not, and
        /// localStorage's disk keeps `cut` more of its log. Checks what the next start-up
        /// recovers and returns the next session.
        fn crash(
            mut self,
            indexed: &mut Indexed,
            cut: usize,
            commit: bool,
            context: &str,
        ) -> Session {
            if commit {
                if let Some(batch) = self.in_flight.take() {
                    indexed.commit(&batch);
                }
            }
            let mut disk = self.local.disk.clone();
            for op in &self.local.log[..cut] {
                disk.apply(op);
            }
            let kept = self.local.base + cut;
            let capacity = self.local.capacity;
            let next = Session::open(indexed, disk, capacity);

            let survives = |made: &Made| {
                made.seq <= indexed.watermark || made.local.is_some_and(|at| at < kept)
            };
            let mut keys: BTreeSet<&String> = self.baseline.keys().collect();
            keys.extend(self.made.iter().filter_map(|made| made.key.as_ref()));
            keys.extend(next.items.keys());
            for key in keys {
                let mut states = vec![self.baseline.get(key).copied()];
                let mut first = 0;
                for made in
                    self.made.iter().filter(|made| made.key.as_ref().is_none_or(|k| k == key))
                {
                    states.push(made.value);
                    if survives(made) {
                        first = states.len() - 1;
                    }
                }
                let found = next.items.get(key).copied();
                assert!(
                    states[first..].contains(&found),
                    "{context}: key {key} reads {found:?}; allowed {:?} (history {states:?})",
                    &states[first..]
                );
            }
            next
        }
    }

    fn run(seed: u64, steps: usize) {
        let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let capacity = 40 + rng.below(400) as usize;
        let keys = ["a", "b", "c", "d", "e", "f", "g", "h"];
        let mut indexed = Indexed::default();
        let mut session = Session::open(&indexed, LocalState::default(), capacity);
        let mut next_value: Val = 1;
        for step in 0..steps {
            let key = keys[rng.below(keys.len() as u64) as usize];
            match rng.below(100) {
                0..=39 => {
                    let size = if rng.chance(15) { 60 + rng.below(200) } else { 1 + rng.below(30) };
                    session.set(key, next_value, size as usize);
                    next_value += 1;
                }
                40..=51 => session.remove(key),
                52..=53 => session.clear(),
                54..=69 => session.flush(),
                70..=84 => {
                    if rng.chance(90) {
                        session.committed(&mut indexed);
                    } else {
                        session.failed();
                    }
                }
                85..=94 => session.local.persist(),
                _ => {
                    let kill = rng.chance(50);
                    let log = session.local.log.len();
                    let cut = if kill { rng.below(log as u64 + 1) as usize } else { log };
                    let commit = rng.chance(50);
                    let context = format!(
                        "seed {seed}, step {step}: {} (cut {cut} of {log}, in-flight {})",
                        if kill { "kill" } else { "reload" },
                        if commit { "committed" } else { "lost" }
                    );
                    session = session.crash(&mut indexed, cut, commit, &context);
                    // The new page flushes what it recovered at once.
                    session.flush();
                }
            }
        }
    }

    #[test]
    fn no_acknowledged_change_is_lost_and_nothing_older_comes_back() {
        // 300 histories of 2,000 steps: about 600,000 steps, 10,000 crashes.
        for seed in 0..300 {
            run(seed, 2_000);
        }
    }

    #[test]
    fn with_room_in_local_storage_a_reload_finds_exactly_what_was_written() {
        let mut indexed = Indexed::default();
        let mut session = Session::open(&indexed, LocalState::default(), usize::MAX / 2);
        session.set("a", 1, 5);
        session.set("b", 2, 5);
        session.flush();
        session.committed(&mut indexed);
        session.remove("a");
        session.set("b", 3, 5);
        session.flush();
        session.clear();
        session.set("c", 4, 5);
        let expected = session.items.clone();
        let log = session.local.log.len();
        let next = session.crash(&mut indexed, log, false, "reload");
        assert_eq!(next.items, expected);
    }
}
