//! The mini-program framework: loading a project, App and Page, the page stack and its
//! lifecycle, navigation, events and the device frame's chrome.
//!
//! Its pure parts (setData keys, page urls, a module's dependencies, paths between a
//! project's files, what a navigation asks and why it fails) are in `wxweb_core::app`.
//! The rest runs in the browser: [`runtime`] composes the parts, each with one job:
//! [`sources`] and [`modules`] (the files and their code), [`instance`] (the App instance
//! and onError), [`registry`] (`Page()` registrations, the globals), [`templates`] and
//! [`styles`] (compiled WXML and WXSS), [`stack`] (the open pages and their lifecycle),
//! [`page`], [`events`], [`frame`] (viewport, navigation bar, problem notes), [`tab_bar`],
//! [`pull_down`] and [`window_events`].

pub mod app_json;
pub mod errors;
pub mod events;
pub mod frame;
pub mod history;
pub mod instance;
pub mod modules;
pub mod nav_bar;
pub mod page;
pub mod pull_down;
pub mod registry;
pub mod report;
pub mod runtime;
pub mod sources;
pub mod stack;
pub mod styles;
pub mod tab_bar;
pub mod templates;
pub mod window_events;
