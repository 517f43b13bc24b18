//! Temporary files (`wxfile://tmp_…`): the Blobs that wx APIs make (downloads; later
//! chosen images and recordings) under opaque, unguessable paths that every API taking
//! a file accepts. They last as long as the page, like WeChat's "until the app closes".
//! Browser primitives: Blob, `crypto.getRandomValues`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use web_sys::Blob;

/// The scheme and prefix of temporary paths.
pub const TEMP_PREFIX: &str = "wxfile://tmp_";

/// The files of one `wx` instance; clones share them.
#[derive(Clone, Default)]
pub struct Files(Rc<RefCell<HashMap<String, Blob>>>, Rc<RefCell<HashMap<String, String>>>);

impl Files {
    /// Keeps `blob` and returns its new path, `wxfile://tmp_<128 random bits>[.ext]`.
    pub fn add_temp(&self, blob: Blob, extension: Option<&str>) -> String {
        let mut path = format!("{TEMP_PREFIX}{}", random_hex());
        if let Some(extension) = extension {
            path.push('.');
            path.push_str(extension);
        }
        self.0.borrow_mut().insert(path.clone(), blob);
        path
    }

    /// The Blob behind `path`, or `None` for a path this page never made.
    pub fn get(&self, path: &str) -> Option<Blob> {
        self.0.borrow().get(path).cloned()
    }

    /// A `blob:` URL for `path` that `<image src>` and media elements can load
    /// (`URL.createObjectURL`), made once per file and valid as long as the file.
    pub fn object_url(&self, path: &str) -> Option<String> {
        if let Some(url) = self.1.borrow().get(path) {
            return Some(url.clone());
        }
        let url = web_sys::Url::create_object_url_with_blob(&self.get(path)?).ok()?;
        self.1.borrow_mut().insert(path.to_owned(), url.clone());
        Some(url)
    }
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
