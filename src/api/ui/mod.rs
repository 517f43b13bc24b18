//! Interface (界面): feedback (toast, modal, action sheet), the navigation bar, pull-down
//! refresh and the keyboard, animations, and the 2016 canvas drawing API.

pub mod animation;
pub mod canvas;
mod feedback;
mod keyboard;
mod page;

use std::rc::Rc;

use web_sys::Element;

use crate::app::runtime::Runtime;
use crate::bridge::WxObject;
use crate::platform::files::Files;
use crate::view::components;

/// Adds the interface APIs that need no running app to `wx`. Overlays go over
/// `screen` (the simulator's device screen), or the whole page without one. Canvas
/// images come from `files` and, for page-relative paths, the app's folder at `root`.
pub fn install(wx: &WxObject, screen: Option<Element>, files: Files, root: Option<String>) {
    let screen = screen.or_else(|| web_sys::window()?.document()?.body().map(Into::into));
    if let Some(screen) = screen {
        feedback::install(wx, screen);
    }
    keyboard::install(wx);
    animation::install(wx);
    let resolve: canvas::Resolve = Rc::new(move |src, element| {
        components::resolve_src(&files, root.as_deref(), src, Some(element))
    });
    canvas::install_with(wx, Some(resolve));
}

/// Adds the APIs that act on the current page: its navigation bar and pull-down refresh.
pub fn install_for_pages(wx: &WxObject, runtime: &Rc<Runtime>) {
    page::install(wx, runtime);
}
