//! `wxweb serve`: serves the simulator page and its wasm (embedded in the binary) and a
//! mini-program folder over HTTP.

mod assets;
pub mod cli;
pub mod files;
mod project;
mod proxy;
mod routes;
mod testing;

use std::io::{self, Write};
use std::net::SocketAddr;
use std::process::ExitCode;

use tokio::net::TcpListener;

use cli::ServeArgs;
use files::Root;
pub use proxy::ProxySettings;
pub use routes::{router, AppSource};

/// Runs `wxweb serve` until the process is stopped: exit code 2 for a bad folder, 1 when the
/// server cannot listen.
pub fn run(args: ServeArgs) -> ExitCode {
    let app = match &args.dir {
        Some(dir) => match Root::new(dir) {
            Ok(root) => AppSource::Folder(root),
            Err(err) => {
                eprintln!("wxweb: {err}: {}", dir.display());
                return ExitCode::from(2);
            }
        },
        None => AppSource::BundledDemo,
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("wxweb: cannot start: {err}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(serve(args, app))
}

async fn serve(args: ServeArgs, app: AppSource) -> ExitCode {
    let address = SocketAddr::new(args.host, args.port);
    let bound = match TcpListener::bind(address).await {
        Ok(listener) => listener.local_addr().map(|bound| (listener, bound)),
        Err(err) => Err(err),
    };
    let (listener, bound) = match bound {
        Ok(bound) => bound,
        Err(err) => {
            eprintln!("wxweb: cannot listen on {address}: {}", listen_error(&err));
            return ExitCode::FAILURE;
        }
    };
    let what = match &args.dir {
        Some(dir) => dir.display().to_string(),
        None => "the bundled demo".to_owned(),
    };
    announce(&format!("wxweb: serving {what} at http://{bound}/"));
    if !assets::has_wasm_build() {
        eprintln!("wxweb: warning: no wasm build embedded; run `cargo xtask build`");
    }
    let proxy = ProxySettings { enabled: !args.no_proxy, url_check: !args.no_url_check };
    match axum::serve(listener, router(app, proxy)).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("wxweb: server stopped: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Prints the first line of stdout, which tools parse for the URL. A failed write is ignored:
/// it only means nobody reads stdout.
fn announce(line: &str) {
    let mut stdout = io::stdout().lock();
    let _ = writeln!(stdout, "{line}").and_then(|()| stdout.flush());
}

fn listen_error(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::AddrInUse => {
            "address already in use (try --port 0 for any free port)".to_owned()
        }
        io::ErrorKind::AddrNotAvailable => "address not available on this machine".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => err.to_string(),
    }
}
