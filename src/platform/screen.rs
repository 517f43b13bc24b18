//! Where the pages are: the device screen's shadow root (set by the runtime when it
//! launches, `app/frame.rs`), else the document. APIs that find page content by selector
//! (`wx.drawCanvas`'s `<canvas>`) query through here, since the document does not see into
//! the shadow root. Browser primitives: `ShadowRoot`/`Document.querySelectorAll`.

use std::cell::RefCell;

use web_sys::{NodeList, ShadowRoot};

thread_local! {
    static SCREEN: RefCell<Option<ShadowRoot>> = const { RefCell::new(None) };
}

/// The screen the pages of the launched mini program are in.
pub fn set(root: Option<ShadowRoot>) {
    SCREEN.with(|screen| *screen.borrow_mut() = root);
}

/// The elements matching `selector` in the screen, or in the document without one.
pub fn query_all(selector: &str) -> Option<NodeList> {
    if let Some(root) = SCREEN.with(|screen| screen.borrow().clone()) {
        return root.query_selector_all(selector).ok();
    }
    web_sys::window()?.document()?.query_selector_all(selector).ok()
}
