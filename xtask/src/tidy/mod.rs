//! `cargo xtask tidy`: the rules of the house, checked rather than kept by custom, in the
//! spirit of rust-analyzer's tidy. Runs every check, even after one fails, and lists what
//! each found:
//! - formatting: `cargo fmt --check`, Biome (format and lint) for the JavaScript;
//! - lints: clippy with `-D warnings`, for the host and for the wasm target;
//! - a `//!` header on every Rust file, a header comment on our JavaScript;
//! - no panicking call outside tests in the runtime (`src/`, `core/src/`);
//! - no path that leads outside the repository in code or tests;
//! - no import cycle between the files of a crate (see [`ACYCLIC`]), and the runtime's
//!   layers importing only downwards (see [`LAYERS`]).

mod imports;
mod source;

use std::path::{Path, PathBuf};

use crate::cmd::{self, query};
use crate::config::{self, Project};
use crate::setup::WASM_TARGET;
use crate::Result;

use imports::Graph;
use source::Finding;

/// Crates whose files must not import each other in a circle (no file can then be read,
/// changed or tested without the others).
const ACYCLIC: [&str; 3] = ["src", "core/src", "server/src"];

/// Imports the runtime's layers must not make: (crate folder, importer, imported). The
/// view renders what the app hands it; it never reaches up into the app.
const LAYERS: [(&str, &str, &str); 1] = [("src", "view", "app")];

/// The file that names the outside paths in order to forbid them.
const RULES_FILE: &str = "xtask/src/tidy/source.rs";

/// Returns whether every check passed.
pub fn run(project: &Project) -> Result<bool> {
    let mut failed: Vec<String> = Vec::new();
    let mut check = |name: &str, outcome: Result| match outcome {
        Ok(()) => println!("xtask: tidy: {name}: ok"),
        Err(problem) => {
            println!("xtask: tidy: {name}: FAILED\n{problem}");
            failed.push(name.to_owned());
        }
    };
    check("rustfmt", cmd::run(&mut project.cargo(&["fmt", "--all", "--check"])));
    check(
        "clippy (host)",
        cmd::run(&mut project.cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])),
    );
    check(
        "clippy (wasm)",
        cmd::run(&mut project.cargo(&[
            "clippy",
            "-p",
            "wxweb",
            "--all-targets",
            "--target",
            WASM_TARGET,
            "--",
            "-D",
            "warnings",
        ])),
    );
    check("biome", cmd::run(project.command(project.biome()).args(["ci", "."])));
    let files = tracked_files(project)?;
    check("source rules", report(source_findings(project, &files)));
    check("imports", report(import_findings(project, &files)));
    if failed.is_empty() {
        println!("xtask: tidy: every check passed");
        return Ok(true);
    }
    println!("xtask: tidy: FAILED: {}", failed.join(", "));
    Ok(false)
}

/// The repository's files (tracked, and new ones git does not ignore), relative to it.
fn tracked_files(project: &Project) -> Result<Vec<PathBuf>> {
    let listing = query(project.command("git").args([
        "ls-files",
        "--cached",
        "--others",
        "--exclude-standard",
    ]))
    .ok_or("`git ls-files` failed: tidy runs in a git checkout")?;
    Ok(listing
        .lines()
        .map(PathBuf::from)
        .filter(|path| project.root.join(path).is_file())
        .collect())
}

fn report(findings: Vec<String>) -> Result {
    if findings.is_empty() {
        return Ok(());
    }
    Err(findings.iter().map(|finding| format!("  {finding}")).collect::<Vec<_>>().join("\n"))
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension().and_then(|ext| ext.to_str()).is_some_and(|ext| extensions.contains(&ext))
}

/// Our JavaScript: the runtime's, the simulator's and the tests', not the sample mini
/// programs (www/demo, the playground's gallery, test fixtures), which are written as
/// their authors would.
fn is_our_javascript(path: &Path) -> bool {
    let text = path.to_string_lossy();
    has_extension(path, &["js", "mjs"])
        && !text.starts_with("www/demo/")
        && !text.starts_with("playground/gallery/")
        && !text.contains("/fixtures/")
}

/// Whether `path` is part of the runtime, where no panic may happen outside tests.
fn is_runtime(path: &Path) -> bool {
    (path.starts_with("src") || path.starts_with("core/src")) && !source::is_test_file(path)
}

fn source_findings(project: &Project, files: &[PathBuf]) -> Vec<String> {
    let mut findings = Vec::new();
    for path in files {
        let is_rust = has_extension(path, &["rs"]);
        let is_code =
            has_extension(path, &["rs", "js", "mjs", "ts", "json", "jsonc", "toml", "html", "css"]);
        if !is_code {
            continue;
        }
        let Ok(text) = config::read(&project.root.join(path)) else {
            findings.push(format!("{}: cannot read it", path.display()));
            continue;
        };
        let mut found: Vec<Finding> = Vec::new();
        if is_rust {
            found.extend(source::rust_header(&text));
        }
        if is_our_javascript(path) {
            found.extend(source::js_header(&text));
        }
        if is_rust && is_runtime(path) {
            found.extend(source::panicking_calls(&text));
        }
        if path != Path::new(RULES_FILE) {
            found.extend(source::outside_paths(&text));
        }
        findings.extend(
            found
                .into_iter()
                .map(|finding| format!("{}:{}: {}", path.display(), finding.line, finding.message)),
        );
    }
    findings
}

fn import_findings(project: &Project, files: &[PathBuf]) -> Vec<String> {
    let mut findings = Vec::new();
    let crates: Vec<&str> =
        ACYCLIC.iter().copied().chain(LAYERS.iter().map(|(dir, _, _)| *dir)).collect();
    for dir in dedup(crates) {
        let graph = match crate_graph(project, files, dir) {
            Ok(graph) => graph,
            Err(error) => {
                findings.push(error);
                continue;
            }
        };
        if ACYCLIC.contains(&dir) {
            for cycle in graph.cycles_within(&[]) {
                let names: Vec<String> =
                    cycle.iter().map(|module| graph.file(module).display().to_string()).collect();
                findings.push(format!(
                    "{dir}: these files import each other in a circle: {}",
                    names.join(", ")
                ));
            }
        }
        for (_, importer, imported) in LAYERS.iter().filter(|(crate_dir, _, _)| *crate_dir == dir) {
            for (from, targets) in &graph.edges {
                if from.first().map(String::as_str) != Some(*importer) {
                    continue;
                }
                for target in
                    targets.iter().filter(|t| t.first().map(String::as_str) == Some(*imported))
                {
                    findings.push(format!(
                        "{dir}/{}: {importer}/ imports {imported}/ ({}): the {importer} must not reach up into the {imported}",
                        graph.file(from).display(),
                        target.join("::"),
                    ));
                }
            }
        }
    }
    findings
}

fn dedup(mut items: Vec<&str>) -> Vec<&str> {
    items.sort_unstable();
    items.dedup();
    items
}

/// The import graph of the crate in `dir` (its `.rs` files, paths relative to `dir`).
fn crate_graph(project: &Project, files: &[PathBuf], dir: &str) -> Result<Graph> {
    let mut sources = Vec::new();
    for path in files.iter().filter(|path| path.starts_with(dir) && has_extension(path, &["rs"])) {
        let text = config::read(&project.root.join(path))?;
        let relative = path.strip_prefix(dir).map_err(|e| e.to_string())?;
        sources.push((relative.to_path_buf(), text));
    }
    if sources.is_empty() {
        return Err(format!("{dir}: no Rust files found"));
    }
    Ok(Graph::build(&sources))
}
