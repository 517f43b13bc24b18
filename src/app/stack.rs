//! The page stack: the open pages, the current one last, and the lifecycle calls as
//! pages come and go (`onLoad`/`onShow`/`onReady`, `onHide`, `onUnload`, `onShow` again).
//! The navigation bar shows the current page, and the browser's history holds the
//! stack (see [`History`]).

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Array;
use wasm_bindgen::JsValue;

use super::frame::Frame;
use super::history::{Entry, History};
use super::page::Page;

pub struct Stack {
    pages: RefCell<Vec<Rc<Page>>>,
    frame: Rc<Frame>,
    history: History,
    /// How many pages may be open at once.
    max: usize,
}

impl Stack {
    pub fn new(frame: Rc<Frame>, max: usize) -> Stack {
        Stack { pages: RefCell::default(), frame, history: History::default(), max }
    }

    /// The current page.
    pub fn top(&self) -> Option<Rc<Page>> {
        self.pages.borrow().last().cloned()
    }

    /// How many pages are open.
    pub fn depth(&self) -> usize {
        self.pages.borrow().len()
    }

    /// The most pages that may be open at once.
    pub fn max(&self) -> usize {
        self.max
    }

    /// `getCurrentPages()`: the pages' instances, the current page last.
    pub fn instances(&self) -> Array {
        self.pages.borrow().iter().map(|page| page.instance()).collect()
    }

    /// Puts a new page on top and starts it: `onLoad(query)`, `onShow`, `onReady`.
    pub fn push(&self, page: Rc<Page>) {
        self.pages.borrow_mut().push(page.clone());
        self.show_bar(&page);
        page.start();
    }

    /// Hides the current page for another to open over it: `onHide`.
    pub fn hide_top(&self) {
        if let Some(top) = self.top() {
            top.hide(self.frame.scroll_top());
        }
    }

    /// Closes the current page (`onUnload`) for another to take its place.
    pub fn unload_top(&self) {
        let top = self.pages.borrow_mut().pop();
        if let Some(top) = top {
            top.unload();
        }
    }

    /// Closes the top `pages` pages (`onUnload` each) and shows the one below (`onShow`),
    /// where it was scrolled.
    pub fn pop(&self, pages: usize) {
        for _ in 0..pages {
            self.unload_top();
        }
        if let Some(page) = self.top() {
            self.frame.set_scroll_top(page.reveal());
            self.show_bar(&page);
            page.call("onShow", &[]);
        }
    }

    /// Shows the navigation bar of the current page, after a change to its title or
    /// loading indicator.
    pub fn refresh_bar(&self) {
        if let Some(page) = self.top() {
            self.show_bar(&page);
        }
    }

    fn show_bar(&self, page: &Page) {
        let can_go_back = self.depth() > 1;
        self.frame.show_bar(page.window(), &page.title(), page.nav_loading(), can_go_back);
    }

    /// The viewport scrolled: the current page hears whether it reached the bottom.
    pub fn scrolled(&self) {
        if let Some(page) = self.top() {
            page.scrolled(self.frame.remaining_scroll());
        }
    }

    /// Writes the stack into the browser's history, as a new entry when `push`.
    pub fn record(&self, push: bool) {
        let entries: Vec<Entry> = self
            .pages
            .borrow()
            .iter()
            .map(|page| (page.route().to_owned(), page.query().to_owned()))
            .collect();
        self.history.record(&entries, push);
    }

    /// Goes `pages` entries back in the browser's history, for `navigateBack`.
    pub fn back_in_history(&self, pages: usize) {
        self.history.back(pages as u32);
    }

    /// For a `popstate`: `None` when it answers our own going back, otherwise the
    /// stack the browser went to.
    pub fn popped(&self, state: &JsValue) -> Option<Vec<Entry>> {
        self.history.popped(state)
    }
}
