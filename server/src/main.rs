//! The `wxweb` command.

use std::process::ExitCode;

use clap::Parser;
use tracing::Level;
use wxweb_server::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    match cli.command {
        Command::Serve(args) => wxweb_server::run(args),
    }
}

/// Logs to stderr at the level `RUST_LOG` names (`debug` shows each request), else `info`.
fn init_logging() {
    let level =
        std::env::var("RUST_LOG").ok().and_then(|level| level.parse().ok()).unwrap_or(Level::INFO);
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(level)
        .with_target(false)
        .init();
}
