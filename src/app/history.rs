//! The browser's history follows the page stack: each page is a history entry whose
//! state holds the whole stack (`{wxweb: [["pages/a/a", "id=1"], …]}`) and whose URL
//! hash names the page (`#/pages/a/a?id=1`). A reload rebuilds the stack from the
//! state (or from the hash alone), and the browser's back button goes back a page.

use std::cell::Cell;

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::bridge::read;

/// One stack entry: a route and its raw query string.
pub type Entry = (String, String);

#[derive(Default)]
pub struct History {
    /// `history.go(-n)` calls of ours whose `popstate` is still to come.
    pending_pops: Cell<u32>,
}

const KEY: &str = "wxweb";

impl History {
    /// The stack saved in the current history entry, else the page in the hash.
    pub fn saved() -> Vec<Entry> {
        let Some(window) = web_sys::window() else { return Vec::new() };
        let state = window.history().ok().and_then(|h| h.state().ok()).unwrap_or_default();
        let saved = entries(&state);
        if !saved.is_empty() {
            return saved;
        }
        let hash = window.location().hash().unwrap_or_default();
        match hash.strip_prefix("#/") {
            Some(page) if !page.is_empty() => {
                let (route, query) = page.split_once('?').unwrap_or((page, ""));
                vec![(route.to_owned(), query.to_owned())]
            }
            _ => Vec::new(),
        }
    }

    /// Records `stack` as a new entry (`navigateTo`) or in place of the current one.
    pub fn record(&self, stack: &[Entry], push: bool) {
        let Some(window) = web_sys::window() else { return };
        let Ok(history) = window.history() else { return };
        let state = Object::new();
        let list: Array =
            stack.iter().map(|(route, query)| Array::of2(&route.into(), &query.into())).collect();
        let _ = Reflect::set(&state, &KEY.into(), &list);
        let url = match stack.last() {
            Some((route, query)) if query.is_empty() => format!("#/{route}"),
            Some((route, query)) => format!("#/{route}?{query}"),
            None => String::new(),
        };
        let _ = if push {
            history.push_state_with_url(&state, "", Some(&url))
        } else {
            history.replace_state_with_url(&state, "", Some(&url))
        };
    }

    /// Goes `pages` entries back, for `navigateBack`; the `popstate` it causes is ours.
    pub fn back(&self, pages: u32) {
        let Some(history) = web_sys::window().and_then(|w| w.history().ok()) else { return };
        if pages > 0 && history.go_with_delta(-(pages as i32)).is_ok() {
            self.pending_pops.set(self.pending_pops.get() + 1);
        }
    }

    /// For a `popstate`: `None` when it answers our own `back`, otherwise the stack
    /// the browser went to.
    pub fn popped(&self, state: &JsValue) -> Option<Vec<Entry>> {
        if self.pending_pops.get() > 0 {
            self.pending_pops.set(self.pending_pops.get() - 1);
            return None;
        }
        Some(entries(state))
    }
}

fn entries(state: &JsValue) -> Vec<Entry> {
    // The state is the browser's: another script of the host page may have written it.
    let list = Reflect::get(state, &KEY.into()).unwrap_or_default();
    let Ok(Some(list)) = read::elements(&list) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|entry| {
            let entry = read::elements(&entry).ok()??;
            Some((entry.get(0).as_string()?, entry.get(1).as_string().unwrap_or_default()))
        })
        .collect()
}
