//! The wx functions, one module per family of the seed document.

pub mod device;
pub mod files;
pub mod location;
pub mod media;
pub mod network;
pub mod open;
pub mod route;
pub mod storage;
pub mod ui;
