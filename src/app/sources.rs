//! The mini program's files, fetched from its folder before any of its code runs:
//! `require` is synchronous, so every module, template and style sheet a page can reach
//! is found (app.json's pages, then their `require`s, `<import>`s, `<include>`s and
//! `@import`s) and fetched in parallel rounds up front. WXML files are parsed once. With the
//! server's manifest (the folder's file list), files it does not list are not requested:
//! optional files a project lacks cause no 404 on the browser's console. A WXML file that
//! does not parse is a compile error (`wxweb:error`), told once. An app given in memory
//! (the playground's `launch({files})`) is read from there instead, with no request.

use std::cell::RefCell;
use std::rc::Rc;

use rustc_hash::{FxHashMap, FxHashSet};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, Response, Url};
use wxweb_core::app::{requires, source_path};
use wxweb_core::template::program::Documents;
use wxweb_core::wxml::{self, Document, Node};
use wxweb_core::wxss;

use super::app_json::AppJson;
use super::errors::ErrorDetail;
use crate::bridge::read;
use crate::platform::folder::Folder;

pub struct Sources {
    /// The folder's absolute URL, and the `blob:` URLs of files given in memory.
    folder: Folder,
    /// Whether the app was given in memory: its text files are in `texts` from the
    /// start, and nothing is fetched.
    in_memory: bool,
    /// Fetched files by path from the root; `None` when the server had none.
    texts: RefCell<FxHashMap<String, Option<Rc<str>>>>,
    /// The folder's files by path from the root, when the server listed them.
    listed: Option<FxHashSet<String>>,
    documents: RefCell<FxHashMap<String, Result<Rc<Document>, String>>>,
}

/// An app given in memory (`launch({files})`): its text files, and the `blob:` URLs of
/// the others, by path from the app's root.
pub struct InMemory {
    pub texts: Vec<(String, Rc<str>)>,
    pub blobs: Vec<(String, String)>,
}

impl InMemory {
    /// Reads `files`, `{path: string | Blob}`: a string is a text file, a Blob (a File, an
    /// image) gets a `blob:` URL. `None` when `files` is not an object; entries with
    /// another value, or a path with `..`, are left out, and so is everything when
    /// listing `files` throws (a Proxy's trap): the app then has no files.
    pub fn read(files: &JsValue) -> Option<InMemory> {
        if !files.is_object() {
            return None;
        }
        let mut memory = InMemory { texts: Vec::new(), blobs: Vec::new() };
        for (path, value) in read::entries(files).unwrap_or_default() {
            let path = path.trim_start_matches("./").trim_start_matches('/');
            if path.is_empty() || path.split('/').any(|name| name == ".." || name.is_empty()) {
                continue;
            }
            if let Some(text) = value.as_string() {
                memory.texts.push((path.to_owned(), text.into()));
            } else if let Some(blob) = value.dyn_ref::<Blob>() {
                if let Ok(url) = Url::create_object_url_with_blob(blob) {
                    memory.blobs.push((path.to_owned(), url));
                }
            }
        }
        Some(memory)
    }
}

/// How many discovery rounds to make: deeper chains of `require` are not followed.
const MAX_ROUNDS: usize = 32;

impl Sources {
    /// The files of `folder`; only those in `listed` are fetched, if given. With
    /// `memory`, the text files are those and nothing is fetched.
    pub fn new(
        folder: Folder,
        listed: Option<FxHashSet<String>>,
        memory: Option<Vec<(String, Rc<str>)>>,
    ) -> Sources {
        let in_memory = memory.is_some();
        let mut texts = FxHashMap::default();
        for (path, text) in memory.into_iter().flatten() {
            texts.insert(path, Some(text));
        }
        Sources {
            folder,
            in_memory,
            texts: RefCell::new(texts),
            listed,
            documents: RefCell::default(),
        }
    }

    /// The folder's URL, ending with `/`.
    pub fn root(&self) -> &str {
        self.folder.root()
    }

    /// Where the browser loads the folder's files from.
    pub fn folder(&self) -> &Folder {
        &self.folder
    }

    /// The URL of a file of the folder (a script's `sourceURL`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.root(), path)
    }

    /// A fetched file's text.
    pub fn text(&self, path: &str) -> Option<Rc<str>> {
        self.texts.borrow().get(path).cloned().flatten()
    }

    /// Whether `path` was fetched (found or not).
    pub fn known(&self, path: &str) -> bool {
        self.texts.borrow().contains_key(path)
    }

    /// Fetches `paths` again, bypassing the HTTP cache and the manifest (a file may be
    /// new): `reloadStyles` after the files changed on disk.
    pub async fn refetch(&self, paths: &[String]) {
        self.fetch_as(paths.to_vec(), true).await;
    }

    /// Fetches app.json's text (`None` when the folder has none).
    pub async fn app_json(&self) -> Option<Rc<str>> {
        self.fetch(vec!["app.json".into()]).await;
        self.text("app.json")
    }

    /// Fetches everything the app and its pages can reach.
    pub async fn load(&self, app: &AppJson) {
        let mut wanted = vec!["app.js".to_owned(), "app.wxss".to_owned()];
        for page in &app.pages {
            for extension in ["js", "wxml", "wxss", "json"] {
                wanted.push(format!("{page}.{extension}"));
            }
        }
        for _ in 0..MAX_ROUNDS {
            if wanted.is_empty() {
                break;
            }
            let fetched = self.fetch(wanted).await;
            wanted = fetched.iter().flat_map(|path| self.references(path)).collect();
        }
    }

    /// The files `path` refers to that are not fetched yet.
    fn references(&self, path: &str) -> Vec<String> {
        let Some(text) = self.text(path) else { return Vec::new() };
        let found: Vec<String> = if path.ends_with(".js") {
            requires::requires(&text)
                .iter()
                .filter_map(|spec| requires::resolve(path, spec))
                .collect()
        } else if path.ends_with(".wxml") {
            match self.document(path) {
                Ok(doc) => wxml_references(&doc)
                    .into_iter()
                    .filter_map(|src| {
                        source_path::join(path, &src)
                            .map(|p| source_path::with_extension(p, "wxml"))
                    })
                    .collect(),
                Err(_) => Vec::new(),
            }
        } else if path.ends_with(".wxss") {
            let sheet = wxss::compile(&text, None);
            sheet.imports.iter().filter_map(|src| source_path::join(path, src)).collect()
        } else {
            Vec::new()
        };
        let known = self.texts.borrow();
        found.into_iter().filter(|p| !known.contains_key(p)).collect()
    }

    /// Fetches `paths` in parallel; returns those that exist.
    async fn fetch(&self, paths: Vec<String>) -> Vec<String> {
        self.fetch_as(paths, false).await
    }

    /// Fetches `paths` in parallel, `fresh` from the server (no HTTP cache, not only
    /// the listed files); returns those that exist.
    async fn fetch_as(&self, paths: Vec<String>, fresh: bool) -> Vec<String> {
        if self.in_memory {
            let mut texts = self.texts.borrow_mut();
            return paths
                .into_iter()
                .filter(|path| {
                    let found = texts.get(path.as_str()).is_some_and(Option::is_some);
                    if !found {
                        texts.insert(path.clone(), None);
                    }
                    found
                })
                .collect();
        }
        let Some(window) = web_sys::window() else { return Vec::new() };
        let (mut paths, unlisted): (Vec<_>, Vec<_>) = paths.into_iter().partition(|path| {
            fresh || self.listed.as_ref().is_none_or(|listed| listed.contains(path))
        });
        for path in unlisted {
            self.texts.borrow_mut().insert(path, None);
        }
        paths.sort();
        paths.dedup();
        let init = web_sys::RequestInit::new();
        if fresh {
            init.set_cache(web_sys::RequestCache::NoStore);
        }
        let requests: Vec<_> = paths
            .iter()
            .map(|path| JsFuture::from(window.fetch_with_str_and_init(&self.url(path), &init)))
            .collect();
        let mut found = Vec::new();
        for (path, request) in paths.into_iter().zip(requests) {
            let text = match request.await.ok().and_then(|r| r.dyn_into::<Response>().ok()) {
                Some(response) if response.ok() => match response.text() {
                    Ok(promise) => JsFuture::from(promise).await.ok().and_then(|t| t.as_string()),
                    Err(_) => None,
                },
                _ => None,
            };
            if text.is_some() {
                found.push(path.clone());
            }
            self.texts.borrow_mut().insert(path, text.map(Rc::from));
        }
        found
    }
}

impl Documents for Sources {
    fn document(&self, path: &str) -> Result<Rc<Document>, String> {
        if let Some(parsed) = self.documents.borrow().get(path) {
            return parsed.clone();
        }
        let parsed = match self.text(path) {
            Some(text) => wxml::parse(&text).map(Rc::new).map_err(|e| {
                let place = Some((e.pos.line, e.pos.column));
                ErrorDetail::compile(path, place, e.message.as_str(), Some(&text)).dispatch();
                format!("{path}:{e}")
            }),
            None => Err(format!("{path} not found")),
        };
        self.documents.borrow_mut().insert(path.to_owned(), parsed.clone());
        parsed
    }
}

/// The `<import src>` and `<include src>` paths of a document, as written.
fn wxml_references(doc: &Document) -> Vec<String> {
    fn walk(nodes: &[Node], out: &mut Vec<String>) {
        for node in nodes {
            match node {
                Node::Include(src) => out.push(src.to_string()),
                Node::Element(element) => walk(&element.children, out),
                Node::Block(children) => walk(children, out),
                Node::If(branches) => {
                    branches.iter().for_each(|b| walk(std::slice::from_ref(&b.node), out))
                }
                Node::For(looped) => walk(std::slice::from_ref(&looped.body), out),
                Node::Text(_) | Node::Template(_) => {}
            }
        }
    }
    let mut out: Vec<String> = doc.imports.iter().map(|s| s.to_string()).collect();
    walk(&doc.nodes, &mut out);
    for template in &doc.templates {
        walk(&template.nodes, &mut out);
    }
    out
}
