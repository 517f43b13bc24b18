//! The view layer: WXML and its expressions, WXSS, and the renderer that turns a page's
//! template and data into DOM and keeps the two in step on `setData`.

pub mod components;
pub mod convert;
pub mod expr;
pub mod render;
pub mod value;
pub mod wxml;
pub mod wxss;
