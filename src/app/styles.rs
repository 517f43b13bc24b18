//! The style sheets of the device screen: the built-in components' CSS (with the
//! window's), app.wxss, and each page's WXSS (with what it `@import`s) compiled to CSS
//! scoped to the page, each added once as a `<style data-wxss>` in the screen's shadow
//! root, where the host page's CSS does not reach. A WXSS error loses only its rule; the
//! problems are compile errors (`wxweb:error`) with their file, line and column.
//!
//! Each sheet remembers its scope and the files it was compiled from, so that
//! `reloadStyles(paths)` recompiles the sheets that include a changed file and replaces
//! their text in place (same `<style>`, same order), without relaunching.

use std::cell::RefCell;
use std::rc::Rc;

use rustc_hash::FxHashSet;
use web_sys::{Document, Element, Node};
use wxweb_core::app::source_path;
use wxweb_core::wxss;

use super::errors::ErrorDetail;
use super::sources::Sources;
use crate::platform::files::Files;
use crate::platform::folder::Folder;
use crate::view::components;

/// The name the components' sheet is added under.
const COMPONENTS: &str = "components";
/// How many rounds of newly `@import`ed files a reload fetches.
const MAX_ROUNDS: usize = 8;

/// A sheet on the screen.
struct Sheet {
    /// The file it was added for (`app.wxss`, `pages/a/a.wxss`), or [`COMPONENTS`].
    name: String,
    scope: Option<String>,
    /// The files its CSS comes from: its own and its `@import` tree.
    files: FxHashSet<String>,
    style: Element,
}

/// A sheet's CSS, the files it came from and the problems found in them.
#[derive(Default)]
struct Compiled {
    css: String,
    files: FxHashSet<String>,
    problems: Vec<ErrorDetail>,
}

pub struct Styles {
    doc: Document,
    /// Where the sheets go (the screen's shadow root).
    target: Node,
    sources: Rc<Sources>,
    /// The sheets in the document, in order.
    sheets: RefCell<Vec<Sheet>>,
}

impl Styles {
    pub fn new(doc: Document, target: Node, sources: Rc<Sources>) -> Styles {
        Styles { doc, target, sources, sheets: RefCell::default() }
    }

    /// The built-in components: their CSS, and their custom elements, which resolve
    /// `src` paths through `files` and the app's `folder`.
    pub fn add_components(&self, files: &Files, folder: &Folder) {
        if !self.has(COMPONENTS) {
            self.insert(COMPONENTS, None, FxHashSet::default(), components::CSS);
            components::define(files.clone(), folder.clone());
        }
    }

    /// Whether the sheet `name` is on the screen.
    fn has(&self, name: &str) -> bool {
        self.sheets.borrow().iter().any(|sheet| sheet.name == name)
    }

    /// Adds a WXSS file (and what it imports) to the screen once, scoped to a page
    /// by the CSS selector `scope`. Returns the problems found in the files, which each
    /// lost only the rule they were in.
    pub fn add(&self, path: &str, scope: Option<&str>) -> Vec<ErrorDetail> {
        if self.has(path) {
            return Vec::new();
        }
        let compiled = self.compile(path, scope);
        self.insert(path, scope, compiled.files, &compiled.css);
        compiled.problems
    }

    /// `reloadStyles(paths)`: fetches the files at `paths` again (bypassing the HTTP
    /// cache), and the files they newly `@import`; recompiles each sheet whose files
    /// include one and replaces its text in place. Returns the problems now found in
    /// those sheets.
    pub async fn reload(&self, paths: &[String]) -> Vec<ErrorDetail> {
        self.sources.refetch(paths).await;
        let changed: FxHashSet<&str> = paths.iter().map(String::as_str).collect();
        let affected: Vec<(String, Option<String>)> = self
            .sheets
            .borrow()
            .iter()
            .filter(|sheet| {
                sheet.name != COMPONENTS
                    && (changed.contains(sheet.name.as_str())
                        || sheet.files.iter().any(|file| changed.contains(file.as_str())))
            })
            .map(|sheet| (sheet.name.clone(), sheet.scope.clone()))
            .collect();
        let mut compiled = Vec::new();
        for _ in 0..MAX_ROUNDS {
            compiled =
                affected.iter().map(|(name, scope)| self.compile(name, scope.as_deref())).collect();
            let missing: Vec<String> = compiled
                .iter()
                .flat_map(|c| c.files.iter())
                .filter(|file| !self.sources.known(file))
                .cloned()
                .collect();
            if missing.is_empty() {
                break;
            }
            self.sources.refetch(&missing).await;
        }
        let mut problems = Vec::new();
        let mut sheets = self.sheets.borrow_mut();
        for ((name, _), result) in affected.iter().zip(compiled) {
            if let Some(sheet) = sheets.iter_mut().find(|sheet| &sheet.name == name) {
                sheet.style.set_text_content(Some(&result.css));
                sheet.files = result.files;
            }
            problems.extend(result.problems);
        }
        problems
    }

    /// Compiles the sheet of `path` with its `@import` tree; a file that is itself a
    /// sheet on the screen (app.wxss) is not imported twice.
    fn compile(&self, path: &str, scope: Option<&str>) -> Compiled {
        let mut compiled = Compiled::default();
        self.compile_into(path, path, scope, &mut compiled);
        compiled
    }

    fn compile_into(&self, sheet: &str, path: &str, scope: Option<&str>, out: &mut Compiled) {
        if !out.files.insert(path.to_owned()) || (path != sheet && self.has(path)) {
            return;
        }
        let Some(text) = self.sources.text(path) else { return };
        let compiled = wxss::compile(&text, scope);
        for warning in &compiled.warnings {
            let place = Some((warning.line, warning.column));
            out.problems.push(ErrorDetail::compile(
                path,
                place,
                warning.message.as_str(),
                Some(&text),
            ));
        }
        for import in &compiled.imports {
            if let Some(file) = source_path::join(path, import) {
                self.compile_into(sheet, &file, scope, out);
            }
        }
        out.css.push_str(&compiled.css);
        out.css.push('\n');
    }

    fn insert(&self, name: &str, scope: Option<&str>, files: FxHashSet<String>, css: &str) {
        let Ok(style) = self.doc.create_element("style") else { return };
        let _ = style.set_attribute("data-wxss", name);
        style.set_text_content(Some(css));
        let _ = self.target.append_child(&style);
        self.sheets.borrow_mut().push(Sheet {
            name: name.to_owned(),
            scope: scope.map(str::to_owned),
            files,
            style,
        });
    }
}
