//! Drawing (绘图), the 2016 API: `wx.createContext()` records drawing calls as
//! WeChat's `[{method, data}]` actions and `wx.drawCanvas({canvasId, actions, reserve})`
//! replays them on a page's `<canvas>` (CanvasRenderingContext2D).
//!
//! The records, the tape and their checking into commands are pure, in
//! `wxweb_core::canvas`. Browser shells: `context` and `draw`.

mod context;
mod draw;

use crate::bridge::WxObject;
pub use draw::Resolve;

/// Adds createContext and drawCanvas, with `resolve` turning image paths (`wxfile://`,
/// page-relative) into URLs.
pub fn install_with(wx: &WxObject, resolve: Option<Resolve>) {
    wx.add_sync("createContext", |_, _| Ok(context::create()));
    wx.add_async("drawCanvas", move |options| draw::draw(options, resolve.clone()));
}
