//! The accounting of saved files (saveFile, getSavedFileList, getSavedFileInfo,
//! removeSavedFile): which `wxfile://store_…` paths exist, their sizes and creation
//! times, and WeChat's 10 MB limit on their total. Pure: no browser calls.

use std::collections::HashMap;

/// The scheme and prefix of saved paths.
pub const STORE_PREFIX: &str = "wxfile://store_";

/// WeChat's limit on the total size of one mini program's saved files: 10 MB.
pub const LIMIT_BYTES: u64 = 10 * 1024 * 1024;

/// What getSavedFileInfo reports about one saved file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SavedInfo {
    /// Bytes.
    pub size: u64,
    /// Seconds since the Unix epoch.
    pub create_time: u64,
}

/// Why a file cannot be saved: the 10 MB total would be exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimitExceeded;

/// The saved files of one mini program, by path.
#[derive(Debug, Default)]
pub struct Ledger {
    files: HashMap<String, (SavedInfo, u64)>,
    total: u64,
    next_order: u64,
}

impl Ledger {
    /// Adds `path`, or refuses (changing nothing) when the total would pass 10 MB.
    pub fn add(&mut self, path: String, info: SavedInfo) -> Result<(), LimitExceeded> {
        let others = self.files.get(&path).map_or(self.total, |(old, _)| self.total - old.size);
        let total = others
            .checked_add(info.size)
            .filter(|total| *total <= LIMIT_BYTES)
            .ok_or(LimitExceeded)?;
        self.total = total;
        self.files.insert(path, (info, self.next_order));
        self.next_order += 1;
        Ok(())
    }

    /// Removes `path` and returns what it was, or `None` for an unknown path.
    pub fn remove(&mut self, path: &str) -> Option<SavedInfo> {
        let (info, _) = self.files.remove(path)?;
        self.total -= info.size;
        Some(info)
    }

    /// What is known of the saved file `path`, or `None` for an unknown path.
    pub fn get(&self, path: &str) -> Option<SavedInfo> {
        self.files.get(path).map(|(info, _)| *info)
    }

    /// Every saved file, oldest first (by creation time, then by the order of saving).
    pub fn list(&self) -> Vec<(&str, SavedInfo)> {
        let mut list: Vec<_> =
            self.files.iter().map(|(path, (info, order))| (path.as_str(), *info, *order)).collect();
        list.sort_by_key(|(_, info, order)| (info.create_time, *order));
        list.into_iter().map(|(path, info, _)| (path, info)).collect()
    }

    /// The total size of the saved files, in bytes.
    pub fn total(&self) -> u64 {
        self.total
    }
}

/// The saved path for a file saved from `temp_path`, keeping its extension:
/// `wxfile://tmp_ab12.pdf` → `wxfile://store_<id>.pdf`.
pub fn store_path(temp_path: &str, id: &str) -> String {
    let name = temp_path.rsplit('/').next().unwrap_or(temp_path);
    match name.rsplit_once('.') {
        Some((_, extension)) if !extension.is_empty() => format!("{STORE_PREFIX}{id}.{extension}"),
        _ => format!("{STORE_PREFIX}{id}"),
    }
}

/// The lower-cased extension of a path's file name (`pdf` for `…/tmp_x.PDF`), if any.
pub fn extension(path: &str) -> Option<String> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let (_, extension) = name.rsplit_once('.')?;
    (!extension.is_empty()).then(|| extension.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(size: u64, create_time: u64) -> SavedInfo {
        SavedInfo { size, create_time }
    }

    #[test]
    fn adds_up_to_exactly_ten_megabytes_and_refuses_more_without_change() {
        let mut ledger = Ledger::default();
        ledger.add("a".into(), info(LIMIT_BYTES - 10, 1)).unwrap();
        assert_eq!(ledger.add("b".into(), info(11, 2)), Err(LimitExceeded));
        assert_eq!(ledger.total(), LIMIT_BYTES - 10);
        assert_eq!(ledger.get("b"), None);
        ledger.add("b".into(), info(10, 2)).unwrap();
        assert_eq!(ledger.total(), LIMIT_BYTES);
        assert_eq!(ledger.add("c".into(), info(1, 3)), Err(LimitExceeded));
        assert_eq!(ledger.add("c".into(), info(0, 3)), Ok(()));
    }

    #[test]
    fn a_file_larger_than_the_limit_is_refused_even_alone() {
        let mut ledger = Ledger::default();
        assert_eq!(ledger.add("a".into(), info(LIMIT_BYTES + 1, 1)), Err(LimitExceeded));
        assert_eq!(ledger.add("a".into(), info(u64::MAX, 1)), Err(LimitExceeded));
        assert_eq!(ledger.total(), 0);
    }

    #[test]
    fn removing_frees_the_space_and_a_second_remove_finds_nothing() {
        let mut ledger = Ledger::default();
        ledger.add("a".into(), info(LIMIT_BYTES, 1)).unwrap();
        assert_eq!(ledger.remove("a"), Some(info(LIMIT_BYTES, 1)));
        assert_eq!(ledger.remove("a"), None);
        assert_eq!(ledger.remove("unknown"), None);
        assert_eq!(ledger.total(), 0);
        ledger.add("b".into(), info(LIMIT_BYTES, 2)).unwrap();
    }

    #[test]
    fn lists_oldest_first_and_same_second_in_saving_order() {
        let mut ledger = Ledger::default();
        ledger.add("late".into(), info(1, 20)).unwrap();
        ledger.add("z".into(), info(2, 10)).unwrap();
        ledger.add("a".into(), info(3, 10)).unwrap();
        let paths: Vec<&str> = ledger.list().iter().map(|(path, _)| *path).collect();
        assert_eq!(paths, ["z", "a", "late"]);
    }

    #[test]
    fn replacing_a_path_counts_only_its_new_size() {
        let mut ledger = Ledger::default();
        ledger.add("a".into(), info(LIMIT_BYTES, 1)).unwrap();
        ledger.add("a".into(), info(5, 2)).unwrap();
        assert_eq!(ledger.total(), 5);
        assert_eq!(ledger.list().len(), 1);
    }

    #[test]
    fn saved_paths_keep_the_extension() {
        assert_eq!(store_path("wxfile://tmp_ab12.pdf", "99"), "wxfile://store_99.pdf");
        assert_eq!(store_path("wxfile://tmp_ab12", "99"), "wxfile://store_99");
        assert_eq!(store_path("wxfile://tmp_ab12.", "99"), "wxfile://store_99");
        assert_eq!(extension("wxfile://store_1.DOCX"), Some("docx".into()));
        assert_eq!(extension("wxfile://store_1"), None);
        assert_eq!(extension("https://a.b/c.d/file"), None);
    }
}
