//! The mini-program framework's pure parts: [`path`] (setData keys), [`route`] (page
//! urls of navigateTo, redirectTo and `<navigator>`), [`navigation`] (what a navigation
//! asks and why it fails), [`requires`] (a module's
//! dependencies, fetched before `require` runs), [`source_path`] (paths between a
//! project's files).

pub mod navigation;
pub mod path;
pub mod requires;
pub mod route;
pub mod source_path;
