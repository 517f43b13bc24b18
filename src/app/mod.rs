//! The mini-program framework: loading a project, App and Page, the page stack and its
//! lifecycle, navigation, events and the device frame's chrome.
//!
//! Pure parts (host-tested): [`path`] (setData keys), [`route`] (page urls), [`requires`]
//! (a module's dependencies), [`source_path`] (paths between a project's files). The rest
//! runs in the browser: [`runtime`] ties it together.

pub mod app_json;
pub mod events;
pub mod history;
pub mod modules;
pub mod nav_bar;
pub mod page;
pub mod path;
pub mod pull_down;
pub mod report;
pub mod requires;
pub mod route;
pub mod runtime;
pub mod source_path;
pub mod sources;
