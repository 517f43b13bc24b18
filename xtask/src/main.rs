//! `cargo xtask <command>`: wxweb's build, test, serve and bench automation.
//!
//! Every command first runs [`setup`] (installing only what is missing, and fast when
//! nothing is), so a fresh clone needs nothing but `cargo xtask test`. Settings come from
//! `wasm-pack.toml` at the workspace root (see [`config`]).

mod bench;
mod cmd;
mod config;
mod dist;
mod proxy;
mod server;
mod setup;
mod summary;
mod test;
mod tidy;
mod wasm;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Errors are messages for a human, printed once by `main`.
pub type Result<T = ()> = std::result::Result<T, String>;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "Build, test, serve and bench wxweb"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Install what is missing: wasm32 target, wasm-bindgen-cli, binaryen (tools/),
    /// Chromium + chromedriver (apt), playwright-core (tests/e2e), Biome and esbuild (the
    /// root package.json)
    Setup,
    /// Build pkg/ (wasm + JS glue, optimized with wasm-opt), the static site dist/ (the
    /// simulator, the demo and the playground), then the server
    Build {
        /// Debug wasm build without wasm-opt (faster, bigger)
        #[arg(long)]
        dev: bool,
    },
    /// Build, then run `wxweb serve ARGS…` in the foreground
    Serve {
        /// Arguments for `wxweb serve`, e.g. `examples/demo --port 9000`
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Build, then run host, wasm (headless Chromium) and Playwright end-to-end tests
    Test {
        /// Run a single stage
        #[arg(long, value_enum)]
        only: Option<test::Stage>,
    },
    /// Build, then run tests/e2e/bench/*.mjs against a fresh server
    Bench,
    /// Check the rules of the house: rustfmt, clippy, Biome, file headers, no panics in
    /// the runtime, no paths outside the repo, no import cycles
    Tidy,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = config::Project::load().and_then(|project| match cli.command {
        Command::Setup => setup::run(&project).map(|_| true),
        Command::Build { dev } => wasm::build(&project, dev).map(|_| true),
        Command::Serve { args } => server::serve(&project, &args).map(|_| true),
        Command::Test { only } => test::run(&project, only),
        Command::Bench => bench::run(&project),
        Command::Tidy => setup::run(&project).and_then(|()| tidy::run(&project)),
    });
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        // The command already explained the failure (its last line is a summary).
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("xtask: error: {message}");
            ExitCode::FAILURE
        }
    }
}
