//! wxweb-core: the part of wxweb that needs no browser, kept apart from the `wxweb`
//! crate (the wasm runtime) so that the compiler, not custom, keeps it pure. It depends
//! on no wasm-bindgen, web-sys, js-sys or gloo, and its tests run with plain
//! `cargo test` on the host.
//!
//! - The view: [`wxml`] (parsing pages), [`expr`] (`{{…}}` expressions), [`value`] (the
//!   data templates see), [`template`] (a page compiled for rendering), [`wxss`].
//! - The framework: [`app`] (setData paths, page routes, module dependencies, paths
//!   between a project's files, navigation and its errors).
//! - The rules of the wx functions, one module per family: [`storage`], [`files`],
//!   [`network`], [`media`], [`location`], [`device`], [`animation`], [`canvas`],
//!   [`login`]; what a failed call says, [`errmsg`]; and which base library's
//!   behaviour to follow, [`profile`].

pub mod animation;
pub mod app;
pub mod auth;
pub mod canvas;
pub mod code_frame;
pub mod device;
pub mod errmsg;
pub mod expr;
pub mod files;
pub mod json_text;
pub mod location;
pub mod login;
pub mod media;
pub mod network;
pub mod profile;
pub mod storage;
pub mod template;
pub mod value;
pub mod wxml;
pub mod wxss;
