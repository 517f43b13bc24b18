//! The page stack: the open pages, the current one last, and the lifecycle calls as
//! pages come and go (`onLoad`/`onShow`/`onReady`, `onHide`, `onUnload`, `onShow` again).
//! The navigation bar shows the current page, the tab bar shows on tab pages, and the
//! browser's history holds the stack (see [`History`]).
//!
//! Tab pages (app.json `tabBar`) stay alive once opened: switchTab hides one (`onHide`)
//! and keeps it out of the stack, and showing it again is `onShow`, not a new `onLoad`.

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use js_sys::Array;
use wasm_bindgen::JsValue;

use super::frame::Frame;
use super::history::{Entry, History};
use super::page::Page;
use super::tab_bar::TabBar;

pub struct Stack {
    pages: RefCell<Vec<Rc<Page>>>,
    /// Tab pages opened before and hidden by a switchTab, alive outside the stack.
    kept: RefCell<Vec<Rc<Page>>>,
    /// app.json's tabBar, once launched, when it has one.
    tab_bar: OnceCell<TabBar>,
    frame: Rc<Frame>,
    history: History,
    /// How many pages may be open at once.
    max: usize,
}

impl Stack {
    pub fn new(frame: Rc<Frame>, max: usize) -> Stack {
        Stack {
            pages: RefCell::default(),
            kept: RefCell::default(),
            tab_bar: OnceCell::new(),
            frame,
            history: History::default(),
            max,
        }
    }

    /// The tab bar to show on tab pages, set once at launch.
    pub fn set_tab_bar(&self, bar: TabBar) {
        let _ = self.tab_bar.set(bar);
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
            page.announce_shown();
        }
    }

    /// For switchTab: closes the stack. The current page is hidden (`onHide`) and kept
    /// when it is a tab page, closed (`onUnload`) otherwise; below it the other pages
    /// close, and the tab page at the bottom, hidden already, is kept.
    pub fn leave_for_tab(&self, is_tab: impl Fn(&str) -> bool) {
        let mut top = true;
        loop {
            let page = self.pages.borrow_mut().pop();
            let Some(page) = page else { break };
            if is_tab(page.route()) {
                if top {
                    page.hide(self.frame.scroll_top());
                }
                self.kept.borrow_mut().push(page);
            } else {
                page.unload();
            }
            top = false;
        }
    }

    /// Takes the kept tab page `route` out of the kept pages, if it was opened before.
    pub fn take_kept(&self, route: &str) -> Option<Rc<Page>> {
        let mut kept = self.kept.borrow_mut();
        let index = kept.iter().position(|page| page.route() == route)?;
        Some(kept.remove(index))
    }

    /// Shows a kept tab page again as the only page of the stack: `onShow`, where it
    /// was scrolled.
    pub fn resume(&self, page: Rc<Page>) {
        self.pages.borrow_mut().push(page.clone());
        self.frame.set_scroll_top(page.reveal());
        self.show_bar(&page);
        page.call("onShow", &[]);
        page.announce_shown();
    }

    /// For reLaunch: closes every page (`onUnload`), the current one first, then the kept
    /// tab pages.
    pub fn close_all(&self) {
        while self.depth() > 0 {
            self.unload_top();
        }
        let kept = std::mem::take(&mut *self.kept.borrow_mut());
        for page in kept {
            page.unload();
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
        if let Some(tab_bar) = self.tab_bar.get() {
            tab_bar.show(page.route());
        }
    }

    /// The viewport scrolled: the current page hears whether it reached the bottom.
    pub fn scrolled(&self) {
        if let Some(page) = self.top() {
            page.scrolled(self.frame.remaining_scroll());
        }
    }

    /// Writes the stack into the browser's history, as a new entry when `push`.
    pub fn record(&self, push: bool) {
        self.history.record(&self.entries(), push);
    }

    /// The open pages as history entries, the current page last.
    pub fn entries(&self) -> Vec<Entry> {
        let pages = self.pages.borrow();
        pages.iter().map(|page| (page.route().to_owned(), page.query().to_owned())).collect()
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
