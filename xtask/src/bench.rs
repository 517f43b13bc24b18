//! `cargo xtask bench`: builds, starts a fresh server, runs each `tests/e2e/bench/*.mjs`
//! (sorted) with `node` and `WXWEB_URL` set (and `WXWEB_DIST`, the static build, for the
//! playground's), then prints the sizes as the last lines.

use std::path::Path;

use crate::cmd;
use crate::config::{self, Project};
use crate::dist;
use crate::server::Server;
use crate::wasm;
use crate::Result;

/// Returns whether every bench script succeeded; errors if the build or server fails.
pub fn run(project: &Project) -> Result<bool> {
    wasm::build(project, false)?;
    let scripts = config::files_ending_with(&project.e2e_dir().join("bench"), ".mjs");
    if scripts.is_empty() {
        println!("xtask: no tests/e2e/bench/*.mjs scripts");
    }
    let server = Server::start(project)?;
    let failures: Vec<String> =
        scripts.iter().filter_map(|script| bench(project, &server, script).err()).collect();
    drop(server); // Killed now, so that nothing it prints comes after the last line.
    for failure in &failures {
        println!("xtask: bench failed: {failure}");
    }
    println!("xtask: {}", dist::size_report(project)?);
    println!("xtask: {}", wasm::size_report(project)?);
    Ok(failures.is_empty())
}

fn bench(project: &Project, server: &Server, script: &Path) -> Result {
    let mut node = project.command("node");
    node.arg(project.relative(script))
        .env("WXWEB_URL", server.url())
        .env("WXWEB_BIN", project.server_bin())
        .env("WXWEB_DIST", project.dist_dir());
    let status = cmd::status(&mut node)?;
    cmd::check(&node, status)
}
