//! A page's template made ready for the renderer: [`program`] (its WXML compiled into
//! one arena, with the data each subtree reads) and [`scope`] (what an expression sees
//! while rendering, and what a `setData` changed). The DOM side is `wxweb`'s
//! `view::render`.

pub mod program;
pub mod scope;
