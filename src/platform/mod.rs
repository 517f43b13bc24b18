//! Thin wrappers over browser primitives that several API families share.

pub mod files;
pub mod folder;
pub mod hooks;
pub mod indexed_db;
pub mod js;
pub mod local_storage;
pub mod screen;
