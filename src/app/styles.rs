//! The style sheets of the device screen: the built-in components' CSS (with the
//! window's), app.wxss, and each page's WXSS (with what it `@import`s) compiled to CSS
//! scoped to the page, each added once as a `<style data-wxss>` in the screen's shadow
//! root, where the host page's CSS does not reach. A WXSS error loses only its rule; the
//! problems are told with their file and line.

use std::cell::RefCell;
use std::rc::Rc;

use rustc_hash::FxHashSet;
use web_sys::{Document, Node};
use wxweb_core::app::source_path;
use wxweb_core::wxss;

use super::sources::Sources;
use crate::platform::files::Files;
use crate::view::components;

/// The name the components' sheet is added under.
const COMPONENTS: &str = "components";

pub struct Styles {
    doc: Document,
    /// Where the sheets go (the screen's shadow root).
    target: Node,
    sources: Rc<Sources>,
    /// The sheets already in the document, by file.
    added: RefCell<FxHashSet<String>>,
}

impl Styles {
    pub fn new(doc: Document, target: Node, sources: Rc<Sources>) -> Styles {
        Styles { doc, target, sources, added: RefCell::default() }
    }

    /// The built-in components: their CSS, and their custom elements, which resolve
    /// `src` paths through `files` and the folder at `root`.
    pub fn add_components(&self, files: &Files, root: &str) {
        if !self.added.borrow().contains(COMPONENTS) {
            self.insert(COMPONENTS, components::CSS);
            components::define(files.clone(), root.to_owned());
        }
    }

    /// Adds a WXSS file (and what it imports) to the screen once, scoped to a page
    /// by the CSS selector `scope`. Returns the problems found in the files
    /// (`file:line:column: message`), which each lost only the rule they were in.
    pub fn add(&self, path: &str, scope: Option<&str>) -> Vec<String> {
        let mut css = String::new();
        let mut seen = FxHashSet::default();
        let mut problems = Vec::new();
        self.compile(path, scope, &mut seen, &mut css, &mut problems);
        if !css.is_empty() {
            self.insert(path, &css);
        }
        problems
    }

    fn compile(
        &self,
        path: &str,
        scope: Option<&str>,
        seen: &mut FxHashSet<String>,
        css: &mut String,
        problems: &mut Vec<String>,
    ) {
        if !seen.insert(path.to_owned()) || self.added.borrow().contains(path) {
            return;
        }
        let Some(text) = self.sources.text(path) else { return };
        let sheet = wxss::compile(&text, scope);
        problems.extend(sheet.warnings.iter().map(|warning| format!("{path}:{warning}")));
        for import in &sheet.imports {
            if let Some(file) = source_path::join(path, import) {
                self.compile(&file, scope, seen, css, problems);
            }
        }
        css.push_str(&sheet.css);
        css.push('\n');
    }

    fn insert(&self, name: &str, css: &str) {
        self.added.borrow_mut().insert(name.to_owned());
        let Ok(style) = self.doc.create_element("style") else { return };
        let _ = style.set_attribute("data-wxss", name);
        style.set_text_content(Some(css));
        let _ = self.target.append_child(&style);
    }
}
