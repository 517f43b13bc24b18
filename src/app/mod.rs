//! The mini-program framework: loading a project, App and Page, the page stack and its
//! lifecycle, navigation, events and the device frame's chrome.
//!
//! Its pure parts (setData keys, page urls, a module's dependencies, paths between a
//! project's files) are in `wxweb_core::app`. This runs in the browser: [`runtime`] ties
//! it together.

pub mod app_json;
pub mod events;
pub mod history;
pub mod modules;
pub mod nav_bar;
pub mod page;
pub mod pull_down;
pub mod report;
pub mod runtime;
pub mod sources;
