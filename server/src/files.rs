//! Safe lookup of mini-program files on disk, for `/app/` when a folder is served.
//!
//! A request path is percent-decoded once and refused if any part of it could step outside the
//! folder: a `..` segment, a backslash, a NUL byte, an absolute path or a drive prefix. Hidden
//! names (`.git`, `.env`, anything starting with a dot), which are never part of a mini program,
//! are refused too (as Vite's `server.fs.deny`). The file it names is then canonicalized and
//! must still lie inside the canonical folder, and not under a hidden name there, which also
//! refuses symlinks that point outside or to a hidden file.

use std::fmt;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use percent_encoding::percent_decode_str;

/// A folder served from disk, canonicalized once.
#[derive(Clone, Debug)]
pub struct Root(Arc<Path>);

/// Why a folder cannot be served.
#[derive(Debug)]
pub enum FolderError {
    Missing,
    NotAFolder,
    Unreadable(io::Error),
}

/// [`Root::list`] looks at most at this many entries (files and folders).
pub const MAX_LISTED: usize = 20_000;
/// [`Root::list`] goes at most this many folders deep.
const MAX_DEPTH: usize = 24;

/// What a request path resolves to inside a [`Root`].
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// A regular file inside the folder, by its canonical path.
    Found(PathBuf),
    /// Nothing there, or a folder (folders are never listed).
    NotFound,
    /// The path points outside the folder.
    Refused,
}

impl Root {
    /// Canonicalizes `folder`; fails if it is missing, not a folder, or unreadable.
    pub fn new(folder: &Path) -> Result<Self, FolderError> {
        let canonical = folder.canonicalize().map_err(|err| match err.kind() {
            io::ErrorKind::NotFound => FolderError::Missing,
            _ => FolderError::Unreadable(err),
        })?;
        if !canonical.is_dir() {
            return Err(FolderError::NotAFolder);
        }
        Ok(Self(canonical.into()))
    }

    /// The folder's canonical path on disk.
    pub fn path(&self) -> &Path {
        &self.0
    }

    /// The `/`-separated names of every file [`Root::find`] serves, sorted (the manifest):
    /// hidden names are skipped, symlinks count only when they resolve inside the folder,
    /// and the walk goes [`MAX_DEPTH`] folders deep; `None` past [`MAX_LISTED`] entries (a
    /// symlink loop, a huge `node_modules`), as a partial list would hide files.
    pub fn list(&self) -> Option<Vec<String>> {
        let mut names = Vec::new();
        let mut budget = MAX_LISTED;
        self.list_into("", 0, &mut names, &mut budget)?;
        names.sort();
        Some(names)
    }

    /// Adds the files under `folder` to `names`; `None` once `budget` entries are seen.
    fn list_into(
        &self,
        folder: &str,
        depth: usize,
        names: &mut Vec<String>,
        budget: &mut usize,
    ) -> Option<()> {
        let Ok(entries) = std::fs::read_dir(self.0.join(folder)) else { return Some(()) };
        for entry in entries.flatten() {
            *budget = budget.checked_sub(1)?;
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else { continue };
            if name.starts_with('.') {
                continue;
            }
            let path = if folder.is_empty() { name } else { format!("{folder}/{name}") };
            match self.find(&path) {
                Lookup::Found(_) => names.push(path),
                Lookup::Refused => {}
                Lookup::NotFound if depth < MAX_DEPTH && self.is_folder_inside(&path) => {
                    self.list_into(&path, depth + 1, names, budget)?
                }
                Lookup::NotFound => {}
            }
        }
        Some(())
    }

    /// Whether `name` is a folder that, canonicalized, lies inside this one (not hidden).
    fn is_folder_inside(&self, name: &str) -> bool {
        self.0.join(name).canonicalize().is_ok_and(|folder| {
            folder.is_dir()
                && folder
                    .strip_prefix(&self.0)
                    .is_ok_and(|inside| !inside.components().any(is_hidden))
        })
    }

    /// Resolves a URL path relative to this folder (percent-encoded, without a leading `/`).
    pub fn lookup(&self, url_path: &str) -> Lookup {
        match clean_path(url_path) {
            Some(name) => self.find(&name),
            None => Lookup::Refused,
        }
    }

    /// Resolves a name as [`clean_path`] gives it: canonicalized, it must lie inside the
    /// folder and not under a hidden name there.
    pub fn find(&self, name: &str) -> Lookup {
        let Ok(file) = self.0.join(name).canonicalize() else {
            return Lookup::NotFound;
        };
        let inside =
            file.strip_prefix(&self.0).ok().filter(|inside| !inside.components().any(is_hidden));
        if inside.is_none() {
            Lookup::Refused
        } else if file.is_file() {
            Lookup::Found(file)
        } else {
            Lookup::NotFound
        }
    }
}

impl fmt::Display for FolderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing => f.write_str("no such folder"),
            Self::NotAFolder => f.write_str("not a folder"),
            Self::Unreadable(err) => write!(f, "cannot read folder ({err})"),
        }
    }
}

/// Whether a path component is a hidden name (`.git`, `.env`, …).
fn is_hidden(component: Component<'_>) -> bool {
    component.as_os_str().to_str().is_none_or(|name| name.starts_with('.'))
}

/// Decodes a URL path (percent-encoded, without a leading `/`) into `/`-separated plain names,
/// dropping empty and `.` segments; `None` if it could name something outside its folder or
/// a hidden name (starting with a dot).
pub fn clean_path(url_path: &str) -> Option<String> {
    let decoded = percent_decode_str(url_path).decode_utf8().ok()?;
    if decoded.starts_with('/') || decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut names = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            _ if segment.starts_with('.') => return None,
            _ if is_plain_name(segment) => names.push(segment),
            _ => return None,
        }
    }
    Some(names.join("/"))
}

/// Whether a segment is one ordinary name to the OS (not a root, a drive prefix or `..`).
fn is_plain_name(segment: &str) -> bool {
    let mut components = Path::new(segment).components();
    matches!((components.next(), components.next()), (Some(Component::Normal(_)), None))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[cfg(unix)]
    #[test]
    fn the_list_gives_up_on_symlink_loops() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("app.json"), "{}").unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("a")).unwrap();
        let root = Root::new(dir.path()).unwrap();
        let one_loop = root.list().unwrap();
        assert_eq!(one_loop.len(), MAX_DEPTH + 1);
        assert_eq!(one_loop[0], "a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/app.json");
        std::os::unix::fs::symlink(dir.path(), dir.path().join("b")).unwrap();
        assert_eq!(root.list(), None);
    }

    #[test]
    fn clean_path_keeps_plain_names() {
        assert_eq!(clean_path("pages/index/index.wxml").as_deref(), Some("pages/index/index.wxml"));
        assert_eq!(clean_path("a//./b/").as_deref(), Some("a/b"));
        assert_eq!(clean_path("my%20file.png").as_deref(), Some("my file.png"));
        assert_eq!(clean_path("%252e%252e/x").as_deref(), Some("%2e%2e/x"));
        assert_eq!(clean_path("x/y..").as_deref(), Some("x/y.."));
        assert_eq!(clean_path("").as_deref(), Some(""));
    }

    #[test]
    fn clean_path_refuses_parent_segments() {
        for path in ["..", "../x", "a/../../x", "a/..", "a/b/../c"] {
            assert_eq!(clean_path(path), None, "{path}");
        }
    }

    #[test]
    fn clean_path_refuses_encoded_parent_segments() {
        for path in ["%2e%2e/x", "%2E%2E/x", ".%2e/x", "a/%2e%2e%2f%2e%2e/x", "a%2f..%2fx"] {
            assert_eq!(clean_path(path), None, "{path}");
        }
    }

    #[test]
    fn clean_path_refuses_hidden_names() {
        for path in [
            ".env",
            ".git/config",
            "a/.git/HEAD",
            "%2egit/config",
            "a/%2Eenv",
            "..x/y",
            ".well-known/x",
        ] {
            assert_eq!(clean_path(path), None, "{path}");
        }
    }

    #[test]
    fn clean_path_refuses_backslashes() {
        for path in ["..\\x", "a\\..\\..\\x", "%5c..%5cx", "a%5Cb"] {
            assert_eq!(clean_path(path), None, "{path}");
        }
    }

    #[test]
    fn clean_path_refuses_absolute_paths_and_nul_bytes() {
        for path in ["/etc/passwd", "%2fetc/passwd", "a%00.js", "a\0b", "%ff"] {
            assert_eq!(clean_path(path), None, "{path}");
        }
    }

    fn folder_with_files() -> (tempfile::TempDir, Root) {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("app/pages/index")).unwrap();
        fs::write(dir.path().join("app/pages/index/index.js"), "Page({})").unwrap();
        fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        let root = Root::new(&dir.path().join("app")).unwrap();
        (dir, root)
    }

    #[test]
    fn lookup_finds_nested_files() {
        let (dir, root) = folder_with_files();
        let expected = dir.path().join("app/pages/index/index.js").canonicalize().unwrap();
        assert_eq!(root.lookup("pages/index/index.js"), Lookup::Found(expected));
    }

    #[test]
    fn lookup_does_not_find_missing_files_or_folders() {
        let (_dir, root) = folder_with_files();
        assert_eq!(root.lookup("pages/missing.js"), Lookup::NotFound);
        assert_eq!(root.lookup("pages/index.js/x"), Lookup::NotFound);
        assert_eq!(root.lookup("pages"), Lookup::NotFound);
        assert_eq!(root.lookup("pages/"), Lookup::NotFound);
        assert_eq!(root.lookup(""), Lookup::NotFound);
    }

    #[test]
    fn lookup_refuses_paths_outside() {
        let (_dir, root) = folder_with_files();
        for path in
            ["../secret.txt", "pages/../../secret.txt", "%2e%2e/secret.txt", "..%5csecret.txt"]
        {
            assert_eq!(root.lookup(path), Lookup::Refused, "{path}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn lookup_refuses_symlinks_pointing_outside() {
        let (dir, root) = folder_with_files();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), dir.path().join("app/link.txt"))
            .unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("app/up")).unwrap();
        assert_eq!(root.lookup("link.txt"), Lookup::Refused);
        assert_eq!(root.lookup("up/secret.txt"), Lookup::Refused);
    }

    #[cfg(unix)]
    #[test]
    fn lookup_refuses_symlinks_to_hidden_files() {
        let (dir, root) = folder_with_files();
        fs::create_dir(dir.path().join("app/.git")).unwrap();
        fs::write(dir.path().join("app/.git/config"), "[remote]").unwrap();
        fs::write(dir.path().join("app/.env"), "KEY=1").unwrap();
        std::os::unix::fs::symlink(dir.path().join("app/.env"), dir.path().join("app/env.txt"))
            .unwrap();
        std::os::unix::fs::symlink(dir.path().join("app/.git"), dir.path().join("app/git"))
            .unwrap();
        assert_eq!(root.lookup(".env"), Lookup::Refused);
        assert_eq!(root.lookup(".git/config"), Lookup::Refused);
        assert_eq!(root.lookup("env.txt"), Lookup::Refused);
        assert_eq!(root.lookup("git/config"), Lookup::Refused);
    }

    #[cfg(unix)]
    #[test]
    fn lookup_follows_symlinks_pointing_inside() {
        let (dir, root) = folder_with_files();
        let target = dir.path().join("app/pages/index/index.js");
        std::os::unix::fs::symlink(&target, dir.path().join("app/link.js")).unwrap();
        assert_eq!(root.lookup("link.js"), Lookup::Found(target.canonicalize().unwrap()));
    }

    #[test]
    fn new_tells_missing_folders_from_files() {
        let (dir, _root) = folder_with_files();
        assert!(matches!(Root::new(&dir.path().join("nope")), Err(FolderError::Missing)));
        assert!(matches!(Root::new(&dir.path().join("secret.txt")), Err(FolderError::NotAFolder)));
    }
}
