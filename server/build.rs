//! Rebuilds the server when the folders it embeds change: rust-embed reads them at compile time,
//! so without this a new file in `www/` or a fresh `pkg/` or `dist/playground/` would not
//! reach the binary.

fn main() {
    for folder in ["../www", "../pkg", "../dist/playground"] {
        println!("cargo::rerun-if-changed={folder}");
    }
}
