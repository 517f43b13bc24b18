//! Drawing (绘图), the 2016 API: `wx.createContext()` records drawing calls as
//! WeChat's `[{method, data}]` actions, `wx.drawCanvas({canvasId, actions, reserve})`
//! replays them on a page's `<canvas>` (CanvasRenderingContext2D), and
//! `wx.canvasToTempFilePath` (first named `wx.toTempFilePath`) exports it as a file.
//!
//! The records, the tape and their checking into commands are pure, in
//! `wxweb_core::canvas`. Browser shells: `context`, `draw` and `export`.

mod context;
mod draw;
mod export;

use crate::bridge::WxObject;
use crate::platform::files::Files;
pub use draw::{PageRoot, Resolve};

/// Adds createContext, drawCanvas, canvasToTempFilePath and toTempFilePath, with
/// `resolve` turning image paths (`wxfile://`, page-relative) into URLs, canvases
/// looked for under `page` (the current page's root), and exports kept in `files`.
pub fn install_with(wx: &WxObject, resolve: Option<Resolve>, files: Files, page: Option<PageRoot>) {
    wx.add_sync("createContext", |_, _| Ok(context::create()));
    let root = page.clone();
    wx.add_async("drawCanvas", move |options| draw::draw(options, resolve.clone(), root.clone()));
    let profile = wx.profile();
    for name in ["canvasToTempFilePath", "toTempFilePath"] {
        let (files, page) = (files.clone(), page.clone());
        wx.add_async(name, move |options| {
            export::export(options, files.clone(), page.clone(), profile)
        });
    }
}
