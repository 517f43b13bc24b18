//! `cargo xtask test`: builds, then runs three stages in order — host unit tests,
//! wasm-bindgen-test suites in headless Chromium, Playwright end-to-end tests — all of them
//! even when one fails. Output streams to the terminal and is counted (see [`summary`]);
//! the last line printed is the total, `N passed, M failed`.
//!
//! [`summary`]: crate::summary

use std::process::Command;

use clap::ValueEnum;

use crate::cmd;
use crate::config::{self, Project};
use crate::proxy::Proxy;
use crate::server::Server;
use crate::setup::{CHROMEDRIVER, WASM_TARGET};
use crate::summary::{Counts, Tally};
use crate::wasm;
use crate::Result;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Stage {
    /// `cargo test` for wxweb-core, wxweb's lib, the server and the xtask
    Host,
    /// wasm-bindgen-test suites (tests/*.rs) in headless Chromium
    Wasm,
    /// Playwright tests (tests/e2e/*.test.mjs) against a fresh server (and the static
    /// build, `dist/`, which the build writes, named by `WXWEB_DIST`)
    E2e,
}

impl Stage {
    const ALL: [Stage; 3] = [Stage::Host, Stage::Wasm, Stage::E2e];

    fn name(self) -> &'static str {
        match self {
            Stage::Host => "host",
            Stage::Wasm => "wasm",
            Stage::E2e => "e2e",
        }
    }
}

/// What one stage did: its test counts and anything else that went wrong.
struct Outcome {
    stage: Stage,
    counts: Counts,
    problems: Vec<String>,
}

impl Outcome {
    fn passed(&self) -> bool {
        self.problems.is_empty() && self.counts.failed == 0
    }

    /// Runs `command`, streaming and counting its output; a non-zero exit is a problem.
    fn run(&mut self, command: &mut Command) {
        let mut tally = Tally::default();
        let result = cmd::tee(command, |line| tally.feed(line))
            .and_then(|status| cmd::check(command, status));
        self.counts += tally.counts();
        self.problems.extend(result.err());
    }
}

/// Returns whether every stage passed; errors only if the build fails.
pub fn run(project: &Project, only: Option<Stage>) -> Result<bool> {
    wasm::build(project, false)?;
    let outcomes: Vec<Outcome> = Stage::ALL
        .into_iter()
        .filter(|stage| only.is_none_or(|only| only == *stage))
        .map(|stage| run_stage(project, stage))
        .collect();
    print_summary(&outcomes);
    Ok(outcomes.iter().all(Outcome::passed))
}

fn run_stage(project: &Project, stage: Stage) -> Outcome {
    println!("\nxtask: ── {} tests ──", stage.name());
    let mut outcome = Outcome { stage, counts: Counts::default(), problems: Vec::new() };
    match stage {
        Stage::Host => host(project, &mut outcome),
        Stage::Wasm => wasm(project, &mut outcome),
        Stage::E2e => e2e(project, &mut outcome),
    }
    if outcome.problems.is_empty() && outcome.counts.total() == 0 {
        outcome.problems.push("found no tests (a stage that runs none fails)".into());
    }
    outcome
}

fn host(project: &Project, outcome: &mut Outcome) {
    outcome.run(&mut project.cargo(&["test", "--no-fail-fast", "-p", "wxweb-core"]));
    outcome.run(&mut project.cargo(&["test", "--no-fail-fast", "-p", "wxweb", "--lib"]));
    outcome.run(&mut project.cargo(&["test", "--no-fail-fast", "-p", "wxweb-server"]));
    outcome.run(&mut project.cargo(&["test", "--no-fail-fast", "-p", "xtask"]));
}

fn wasm(project: &Project, outcome: &mut Outcome) {
    let args = ["test", "--no-fail-fast", "-p", "wxweb", "--target", WASM_TARGET, "--tests"];
    let capabilities = match Proxy::start()
        .map_err(|e| format!("starting the test page proxy: {e}"))
        .and_then(|proxy| proxied_capabilities(project, &proxy))
    {
        Ok(path) => path,
        Err(error) => return outcome.problems.push(error),
    };
    outcome.run(
        project
            .cargo(&args)
            .env("CHROMEDRIVER", CHROMEDRIVER)
            .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", capabilities),
    );
}

/// The crate's `webdriver.json` with Chromium sent through `proxy` for every address,
/// loopback included (see [`crate::proxy`]), written beside the build.
fn proxied_capabilities(project: &Project, proxy: &Proxy) -> Result<std::path::PathBuf> {
    let source = project.root.join("webdriver.json");
    let mut capabilities: serde_json::Value = serde_json::from_str(&config::read(&source)?)
        .map_err(|e| format!("{}: {e}", source.display()))?;
    let args = capabilities
        .pointer_mut("/goog:chromeOptions/args")
        .and_then(serde_json::Value::as_array_mut)
        .ok_or_else(|| format!("{}: no goog:chromeOptions.args list", source.display()))?;
    args.push(format!("--proxy-server={}", proxy.address()).into());
    args.push("--proxy-bypass-list=<-loopback>".into());
    let path = project.target_dir.join("webdriver-proxied.json");
    config::write_json(&path, &capabilities)?;
    Ok(path)
}

fn e2e(project: &Project, outcome: &mut Outcome) {
    let tests = config::files_ending_with(&project.e2e_dir(), ".test.mjs");
    if tests.is_empty() {
        outcome.problems.push("no tests/e2e/*.test.mjs files".into());
        return;
    }
    let server = match Server::start(project) {
        Ok(server) => server,
        Err(error) => return outcome.problems.push(error),
    };
    let mut node = project.command("node");
    // A test that hangs fails after two minutes instead of holding up the whole run.
    node.args(["--test", "--test-concurrency=1", "--test-timeout=120000", "--test-reporter=tap"])
        .args(tests.iter().map(|test| project.relative(test)))
        .env("WXWEB_URL", server.url())
        .env("WXWEB_BIN", project.server_bin())
        .env("WXWEB_DIST", project.dist_dir());
    outcome.run(&mut node);
}

fn print_summary(outcomes: &[Outcome]) {
    println!("\nxtask: ── summary ──");
    let mut total = Counts::default();
    for outcome in outcomes {
        let verdict = if outcome.passed() { "ok" } else { "FAILED" };
        println!("xtask: {:<5} {:<6} {}", outcome.stage.name(), verdict, outcome.counts);
        for problem in &outcome.problems {
            println!("xtask:              {problem}");
        }
        total += outcome.counts;
    }
    println!("{total}");
}
