//! House rules that a read of the runtime's source, or of its dependency graph, can
//! check, run with the host tests.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// js-sys calls that run a caller's code (Proxy traps, getters, `toString`) without
/// catching what it throws. An exception that unwinds through wasm corrupts the
/// instance, so the runtime reads caller values only through `src/bridge/read.rs`,
/// whose imports are declared `catch`.
const UNCAUGHT_READS: [&str; 9] = [
    "Array::is_array",
    "Array::from(",
    "Object::keys(",
    "Object::entries(",
    "Object::values(",
    ".get_time()",
    "dyn_ref::<Array>",
    "dyn_into::<js_sys::Array>",
    "js_name = String)",
];

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("src/ is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn caller_values_are_read_only_through_bridge_read() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 20, "found the runtime's sources in {}", src.display());
    let mut offences = Vec::new();
    for file in files.iter().filter(|file| !file.ends_with("bridge/read.rs")) {
        let text = fs::read_to_string(file).expect("a source file is readable");
        for (number, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            if let Some(call) = UNCAUGHT_READS.iter().find(|call| code.contains(*call)) {
                offences.push(format!("{}:{}: {call}", file.display(), number + 1));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "read these through bridge::read instead:\n{}",
        offences.join("\n")
    );
}

/// Crates that reach the browser. `wxweb-core` holds what needs no browser, so none of
/// them may enter its graph, directly or through another crate.
const BROWSER_CRATES: [&str; 4] = ["wasm-bindgen", "web-sys", "js-sys", "gloo"];

fn reaches_the_browser(name: &str) -> bool {
    BROWSER_CRATES
        .iter()
        .any(|browser| name == *browser || name.starts_with(&format!("{browser}-")))
}

#[test]
fn the_core_crate_depends_on_nothing_of_the_browser() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    // Every target's dependencies, so that one pulled in only for wasm32 counts too.
    let output = Command::new(cargo)
        .current_dir(&root)
        .args(["tree", "-p", "wxweb-core", "-e", "normal,build", "--target", "all"])
        .args(["--prefix", "none", "--format", "{p}"])
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "cargo tree -p wxweb-core failed:\n{stderr}");
    let tree = String::from_utf8_lossy(&output.stdout);
    let names: Vec<&str> = tree.lines().filter_map(|line| line.split_whitespace().next()).collect();
    assert!(names.contains(&"wxweb-core"), "cargo tree listed no wxweb-core:\n{tree}");
    let mut browser: Vec<&str> =
        names.into_iter().filter(|name| reaches_the_browser(name)).collect();
    browser.sort_unstable();
    browser.dedup();
    assert!(
        browser.is_empty(),
        "wxweb-core must build without the browser, but its dependencies include {}:\n{tree}",
        browser.join(", ")
    );
}
