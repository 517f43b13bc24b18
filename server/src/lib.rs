//! `wxweb serve`: serves the simulator page and its wasm (embedded in the binary) and a
//! mini-program folder over HTTP (over HTTPS on the LAN with `--lan`), and plays WeChat's
//! login server.

mod assets;
pub mod cli;
pub mod files;
pub mod lan;
pub mod login;
mod project;
mod proxy;
mod routes;
mod testing;

use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use tokio::net::TcpListener;

use cli::ServeArgs;
use files::Root;
pub use proxy::ProxySettings;
pub use routes::{router, router_with, AppSource, Services};

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
    // With --lan: the LAN address to announce, and its certificate.
    let lan = if args.lan {
        let Some(ip) = lan::lan_address() else {
            eprintln!(
                "wxweb: --lan: no LAN address found (this machine has no route to other \
                 machines); connect it to the phone's network, or serve on loopback without --lan"
            );
            return ExitCode::FAILURE;
        };
        let dir = args.cert_dir.clone().unwrap_or_else(lan::default_cert_dir);
        let tls = lan::certificate(&dir, ip).and_then(|certificate| Ok((lan::tls_config(&certificate)?, certificate)));
        match tls {
            Ok((config, certificate)) => Some((ip, config, certificate)),
            Err(err) => {
                eprintln!("wxweb: --lan: cannot make or read the certificate in {}: {err}", dir.display());
                return ExitCode::FAILURE;
            }
        }
    } else {
        None
    };
    let host = if lan.is_some() { IpAddr::V4(Ipv4Addr::UNSPECIFIED) } else { args.host };
    let address = SocketAddr::new(host, args.port);
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
    let url = match &lan {
        Some((ip, _, _)) => format!("https://{}/", SocketAddr::new(*ip, bound.port())),
        None => format!("http://{bound}/"),
    };
    announce(&format!("wxweb: serving {what} at {url}"));
    if !assets::has_wasm_build() {
        eprintln!("wxweb: warning: no wasm build embedded; run `cargo xtask build`");
    }
    let proxy = ProxySettings { enabled: !args.no_proxy, url_check: !args.no_url_check };
    let mut services = Services::for_project(&app, args.appid.as_deref(), args.secret.as_deref(), args.test_clock);
    // A secret of the developer's own is not echoed.
    let secret = match services.login.secret() {
        login::DEFAULT_SECRET => format!("secret {}", login::DEFAULT_SECRET),
        _ => "the configured secret".to_owned(),
    };
    announce(&format!(
        "wxweb: login server: wx.login codes for appid {}; jscode2session at {url}sns/jscode2session with {secret}",
        services.login.appid()
    ));
    let served = match lan {
        Some((_, config, certificate)) => {
            announce(&lan::instructions(&url, &certificate));
            services.lan_url = Some(url);
            let app = router_with(app, proxy, services);
            match lan::TlsListener::new(listener, config) {
                Ok(listener) => axum::serve(listener, app).await,
                Err(err) => Err(err),
            }
        }
        None => axum::serve(listener, router_with(app, proxy, services)).await,
    };
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("wxweb: server stopped: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Prints to stdout; the first line is the one tools parse for the URL. A failed write is
/// ignored: it only means nobody reads stdout.
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
