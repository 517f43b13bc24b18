//! The mini program's folder as the browser loads it: where a file of the app
//! (`images/a.png`) comes from. Served (`wxweb serve`, a static host), a file is the
//! folder's URL plus its path; given in memory (the playground's `launch({files})`), a
//! file that is not text is a `blob:` URL (`URL.createObjectURL`) made at launch.

use std::rc::Rc;

/// The folder's URL and the `blob:` URLs of the files given in memory.
#[derive(Clone, Default)]
pub struct Folder {
    root: Rc<str>,
    /// `(path, blob: URL)`: a playground project has a few images.
    blobs: Rc<[(String, String)]>,
}

impl Folder {
    /// The folder at `root` (a URL ending with `/`); `blobs`: path → `blob:` URL.
    pub fn new(root: String, blobs: Vec<(String, String)>) -> Folder {
        Folder { root: root.into(), blobs: blobs.into() }
    }

    /// The folder's URL, ending with `/`.
    pub fn root(&self) -> &str {
        &self.root
    }

    /// Where the browser loads the file at `path` (from the folder, no leading `/`).
    pub fn url(&self, path: &str) -> String {
        match self.blobs.iter().find(|(known, _)| known == path) {
            Some((_, blob)) => blob.clone(),
            None => format!("{}{path}", self.root),
        }
    }
}
