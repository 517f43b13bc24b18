//! The mini-program framework: App and Page, the page stack, app.json and the module loader.
pub mod source_path;
pub mod app_json;
pub mod sources;
pub mod modules;
pub mod report;
pub mod history;
pub mod nav_bar;
pub mod page;
pub mod events;
pub mod runtime;
pub mod path;
pub mod requires;
pub mod route;
pub mod pull_down;
