//! The view layer: the renderer that turns a page's template and data into DOM and keeps
//! the two in step on `setData`, and the built-in components. Parsing WXML, evaluating
//! its expressions and WXSS are pure, in `wxweb_core` (`wxml`, `expr`, `template`, `wxss`).

pub mod components;
pub mod convert;
pub mod describe;
pub mod render;
