//! Watching the served folder for live reload: the `notify` crate (inotify on Linux,
//! FSEvents on macOS) tells of changes; a thread of our own debounces them into batches of
//! file names (`pages/a/a.wxss`, relative to the folder, `/`-separated) that it sends on a
//! tokio broadcast channel (`/__wxweb/events` relays them).
//!
//! - Each folder is watched on its own (not notify's recursive mode), so that hidden
//!   folders (`.git`), `node_modules` and symlinks (which may lead outside) cost no watch
//!   and make no noise; a folder created later is watched when its creation is seen.
//! - A batch goes out once the folder has been quiet for [`QUIET`], or [`CAP`] after its
//!   first change during a longer burst (a `git checkout`, a build writing many files).
//! - Reported: names the server would serve or that are gone (deleted, renamed away), and
//!   folders; not hidden names, editor temp files (`*~`, `*.swp`, `*.swx`, vim's `4913`,
//!   `#autosave#`), `node_modules`, nor names that lead outside the folder (a symlink).
//!   Reads (the server's own, notify reports opens) are not changes.
//! - The thread ends when the [`Watch`] is dropped (it holds the watcher; the channel the
//!   watcher feeds closes with it), and never keeps the process from exiting.

use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::{Duration, Instant};

use notify::event::{CreateKind, ModifyKind, RenameMode};
use notify::{Config, Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::broadcast;

use crate::files::{Lookup, Root};

/// A batch of changed names, relative to the folder, sorted.
pub type Batch = Arc<[String]>;

/// How long the folder must be quiet before a batch goes out.
pub const QUIET: Duration = Duration::from_millis(100);
/// A batch goes out at the latest this long after its first change.
pub const CAP: Duration = Duration::from_millis(500);
/// Folders watched at most (each costs an inotify watch; the default limit is per user).
const MAX_FOLDERS: usize = 10_000;
/// Folders deeper than this are not watched (as the manifest lists no deeper files).
const MAX_DEPTH: usize = 24;

/// A running watch of a folder; dropping it stops it.
pub struct Watch {
    _watcher: Arc<Mutex<RecommendedWatcher>>,
}

/// Why a folder cannot be watched.
#[derive(Debug)]
pub struct WatchError(String);

impl fmt::Display for WatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<notify::Error> for WatchError {
    fn from(err: notify::Error) -> WatchError {
        WatchError(match err.kind {
            notify::ErrorKind::MaxFilesWatch => "the system's limit of watched folders is reached \
                 (on Linux, raise fs.inotify.max_user_watches)"
                .to_owned(),
            _ => err.to_string(),
        })
    }
}

/// Starts watching `root`, sending each batch of changes on `changes`.
pub fn start(root: &Root, changes: broadcast::Sender<Batch>) -> Result<Watch, WatchError> {
    let (events, received) = mpsc::channel();
    let config = Config::default().with_follow_symlinks(false);
    let mut watcher = RecommendedWatcher::new(events, config)?;
    let mut budget = MAX_FOLDERS;
    watch_tree(&mut watcher, root, "", 0, &mut budget)?;
    let watcher = Arc::new(Mutex::new(watcher));
    let mut debouncer =
        Debouncer { root: root.clone(), watcher: Arc::downgrade(&watcher), changes, warned: false };
    std::thread::Builder::new()
        .name("wxweb-watch".to_owned())
        .spawn(move || debouncer.run(&received))
        .map_err(|err| WatchError(format!("cannot start a thread: {err}")))?;
    Ok(Watch { _watcher: watcher })
}

/// Watches `folder` (relative to `root`, `""` for itself) and the folders under it that
/// are not ignored, not symlinks, at most [`MAX_DEPTH`] deep, [`MAX_FOLDERS`] in all.
/// Fails only for the system's limit (or the root itself); other folders that cannot be
/// watched (unreadable) are skipped.
fn watch_tree(
    watcher: &mut RecommendedWatcher,
    root: &Root,
    folder: &str,
    depth: usize,
    budget: &mut usize,
) -> Result<(), WatchError> {
    let Some(left) = budget.checked_sub(1) else {
        return Err(WatchError(format!("more than {MAX_FOLDERS} folders")));
    };
    *budget = left;
    let path = root.path().join(folder);
    match watcher.watch(&path, RecursiveMode::NonRecursive) {
        Ok(()) => {}
        Err(err) if folder.is_empty() || matches!(err.kind, notify::ErrorKind::MaxFilesWatch) => {
            return Err(err.into())
        }
        Err(_) => return Ok(()),
    }
    if depth >= MAX_DEPTH {
        return Ok(());
    }
    let Ok(entries) = std::fs::read_dir(&path) else { return Ok(()) };
    for entry in entries.flatten() {
        // The entry's own type: a symlink is not followed.
        if !entry.file_type().is_ok_and(|kind| kind.is_dir()) {
            continue;
        }
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else { continue };
        let name = if folder.is_empty() { name } else { format!("{folder}/{name}") };
        if !is_ignored(&name) {
            watch_tree(watcher, root, &name, depth + 1, budget)?;
        }
    }
    Ok(())
}

/// Whether a change to `name` (relative, `/`-separated) is none of the mini program's.
pub fn is_ignored(name: &str) -> bool {
    let mut segments = name.split('/');
    let last = segments.next_back().unwrap_or_default();
    let ignored_part = |segment: &str| segment.starts_with('.') || segment == "node_modules";
    segments.any(ignored_part)
        || ignored_part(last)
        || last.ends_with('~')
        || last.ends_with(".swp")
        || last.ends_with(".swx")
        || last == "4913"
        || (last.len() > 1 && last.starts_with('#') && last.ends_with('#'))
        || last.ends_with("___jb_tmp___")
        || last.ends_with("___jb_old___")
}

/// The thread that turns notify's events into batches.
struct Debouncer {
    root: Root,
    watcher: Weak<Mutex<RecommendedWatcher>>,
    changes: broadcast::Sender<Batch>,
    /// A new folder could not be watched, and the terminal was told (once is enough).
    warned: bool,
}

impl Debouncer {
    /// Runs until the watcher is dropped (its end of the channel closes).
    fn run(&mut self, events: &Receiver<notify::Result<Event>>) {
        let mut pending = BTreeSet::new();
        loop {
            let Ok(event) = events.recv() else { return };
            if !self.note(event, &mut pending) {
                continue;
            }
            let first = Instant::now();
            let mut last = first;
            loop {
                let deadline = (last + QUIET).min(first + CAP);
                let Some(wait) = deadline.checked_duration_since(Instant::now()) else { break };
                match events.recv_timeout(wait) {
                    Ok(event) => {
                        if self.note(event, &mut pending) {
                            last = Instant::now();
                        }
                    }
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            let batch: Vec<String> = std::mem::take(&mut pending).into_iter().collect();
            // No receiver (no page open) is not an error.
            let _ = self.changes.send(batch.into());
        }
    }

    /// Adds the names `event` reports to `pending`; whether it added any. A folder that
    /// appeared is watched from now on.
    fn note(&mut self, event: notify::Result<Event>, pending: &mut BTreeSet<String>) -> bool {
        let Ok(event) = event else { return false };
        let appeared = match event.kind {
            EventKind::Access(_) => return false,
            EventKind::Create(CreateKind::Folder | CreateKind::Any) => true,
            EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both)) => true,
            _ => false,
        };
        let mut added = false;
        for path in &event.paths {
            let Some(name) = self.name_of(path) else { continue };
            if is_ignored(&name) || self.root.find(&name) == Lookup::Refused {
                continue;
            }
            if appeared && std::fs::symlink_metadata(path).is_ok_and(|meta| meta.is_dir()) {
                self.watch_new(&name);
            }
            added |= pending.insert(name);
        }
        added
    }

    /// The `/`-separated name of `path` inside the folder; `None` for the folder itself,
    /// paths outside and names that are not Unicode.
    fn name_of(&self, path: &Path) -> Option<String> {
        let inside = path.strip_prefix(self.root.path()).ok()?;
        let names: Option<Vec<&str>> = inside.iter().map(|name| name.to_str()).collect();
        let name = names?.join("/");
        (!name.is_empty()).then_some(name)
    }

    /// Watches a folder that appeared (and the folders in it), if the watch is still on.
    fn watch_new(&mut self, name: &str) {
        let Some(watcher) = self.watcher.upgrade() else { return };
        let mut watcher = watcher.lock().unwrap_or_else(PoisonError::into_inner);
        let depth = name.split('/').count();
        let mut budget = MAX_FOLDERS;
        if let Err(err) = watch_tree(&mut watcher, &self.root, name, depth, &mut budget) {
            if !std::mem::replace(&mut self.warned, true) {
                eprintln!("wxweb: new folders are not all watched for changes ({name}: {err})");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_many_folders_is_an_error_that_says_so() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::fs::create_dir_all(dir.path().join(".git/objects")).unwrap();
        std::fs::create_dir_all(dir.path().join("node_modules/x")).unwrap();
        let root = Root::new(dir.path()).unwrap();
        let (events, _received) = mpsc::channel();
        let mut watcher = RecommendedWatcher::new(events, Config::default()).unwrap();
        let mut budget = 3;
        watch_tree(&mut watcher, &root, "", 0, &mut budget).unwrap();
        assert_eq!(budget, 0, "the folder, a and a/b; not .git nor node_modules");
        let mut budget = 2;
        let err = watch_tree(&mut watcher, &root, "", 0, &mut budget).unwrap_err();
        assert_eq!(err.to_string(), format!("more than {MAX_FOLDERS} folders"));
    }

    #[test]
    fn ignored_names() {
        for name in [
            ".git/index",
            "a/.hidden/b.js",
            ".env",
            "node_modules/x/index.js",
            "a/node_modules/b.js",
            "pages/a.js~",
            "pages/.a.js.swp",
            "pages/a.js.swp",
            "pages/a.swx",
            "pages/4913",
            "pages/#a.js#",
            "pages/a.js___jb_tmp___",
        ] {
            assert!(is_ignored(name), "{name}");
        }
        for name in ["app.js", "pages/a/a.wxss", "pages/4913.js", "pages/#", "node_modules.js"] {
            assert!(!is_ignored(name), "{name}");
        }
    }
}
