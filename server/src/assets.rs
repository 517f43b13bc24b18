//! The files embedded in the binary, so that it runs from anywhere: the simulator shell
//! (`www/` without `www/demo/`), the wasm build (`pkg/`, made by `cargo xtask build`), the
//! bundled demo mini program (`www/demo/`) and the playground (`dist/playground/`, made by
//! `cargo xtask build`).

use rust_embed::Embed;

/// The simulator page and its scripts and styles, served at the root.
#[derive(Embed)]
#[folder = "../www/"]
#[exclude = "demo/*"]
pub struct Shell;

/// The wasm build, served under `/pkg/`; empty if `pkg/` did not exist at compile time.
#[derive(Embed)]
#[folder = "../pkg/"]
#[allow_missing = true]
pub struct Pkg;

/// The mini program served under `/app/` when no folder is given.
#[derive(Embed)]
#[folder = "../www/demo/"]
#[allow_missing = true]
pub struct Demo;

/// The playground, served under `/playground/`; empty if `dist/playground/` did not exist
/// at compile time.
#[derive(Embed)]
#[folder = "../dist/playground/"]
#[allow_missing = true]
pub struct Playground;

/// Whether a wasm build was embedded, i.e. `pkg/` held one when the server was compiled.
pub fn has_wasm_build() -> bool {
    Pkg::get("wxweb_bg.wasm").is_some()
}

/// Whether the playground was embedded, i.e. `dist/playground/` held one when the server
/// was compiled.
pub fn has_playground() -> bool {
    Playground::get("index.html").is_some()
}
