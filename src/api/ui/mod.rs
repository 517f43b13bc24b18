//! Interface (界面): feedback (toast, modal, action sheet), the navigation bar, pull-down
//! refresh and the keyboard, animations, the 2016 canvas drawing API, and
//! createSelectorQuery.

pub mod animation;
pub mod canvas;
mod feedback;
mod keyboard;
mod page;
mod selector_query;

use std::rc::Rc;

use web_sys::Element;

use crate::app::runtime::Runtime;
use crate::bridge::WxObject;
use crate::platform::files::Files;
use crate::view::components;

/// Adds the interface APIs that need no running app to `wx`. Overlays go over
/// `screen` (the simulator's device screen), or the whole page without one. Canvas
/// images come from `files` and, for page-relative paths, the folder of the app
/// `runtime`, whose current page holds the canvases (the document's, without one).
pub fn install(
    wx: &WxObject,
    screen: Option<Element>,
    files: Files,
    runtime: Option<&Rc<Runtime>>,
) {
    let screen = screen.or_else(|| web_sys::window()?.document()?.body().map(Into::into));
    if let Some(screen) = screen {
        feedback::install(wx, screen);
    }
    keyboard::install(wx);
    animation::install(wx);
    let folder = runtime.map(|r| r.folder().clone());
    let images = files.clone();
    let resolve: canvas::Resolve = Rc::new(move |src, element| {
        components::resolve_src(&images, folder.as_ref(), src, Some(element))
    });
    let page = runtime.map(|runtime| {
        let runtime = runtime.clone();
        let page: canvas::PageRoot = Rc::new(move || Some(runtime.top()?.root().clone().into()));
        page
    });
    canvas::install_with(wx, Some(resolve), files, page);
}

/// Adds the APIs that act on the current page: its navigation bar, pull-down refresh,
/// and createSelectorQuery.
pub fn install_for_pages(wx: &WxObject, runtime: &Rc<Runtime>) {
    page::install(wx, runtime);
    selector_query::install(wx, runtime);
}
