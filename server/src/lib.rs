//! `wxweb serve`: serves the simulator page and its wasm (embedded in the binary) and a
//! mini-program folder over HTTP (over HTTPS on the LAN with `--lan`), and plays WeChat's
//! login server.

pub mod access;
mod assets;
pub mod cli;
mod config_file;
mod content_type;
mod disk;
mod embedded;
pub mod events;
pub mod files;
pub mod lan;
pub mod listen;
pub mod log;
pub mod login;
mod project;
mod proxy;
mod refusal;
mod routes;
mod source;
mod testing;
mod watch;

use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use tokio::net::TcpListener;

use access::Access;
use cli::ServeArgs;
use events::Changes;
use files::Root;
use listen::Limits;
pub use proxy::ProxySettings;
pub use routes::{router, router_with, Services};
pub use source::AppSource;

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
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
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
        let tls = lan::certificate(&dir, ip)
            .and_then(|certificate| Ok((lan::tls_config(&certificate)?, certificate)));
        match tls {
            Ok((config, certificate)) => Some((ip, config, certificate)),
            Err(err) => {
                eprintln!(
                    "wxweb: --lan: cannot make or read the certificate in {}: {err}",
                    dir.display()
                );
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
    let mut access = Access {
        hosts: args.allowed_host.iter().map(|name| allowed_name(name)).collect(),
        any_ip: bound.ip().is_unspecified(),
        https: lan.is_some(),
        token: None,
        port: bound.port(),
        lan_proxy_private: args.lan_proxy_private,
    };
    if !bound.ip().is_unspecified() {
        access.hosts.push(access::host_of_ip(bound.ip()));
    }
    if let Some((ip, _, _)) = &lan {
        access.hosts.push(access::host_of_ip(*ip));
    }
    // Other machines can connect: they need the token.
    if !bound.ip().is_loopback() {
        let Some(token) = access::new_token() else {
            eprintln!("wxweb: cannot make a token: no random source");
            return ExitCode::FAILURE;
        };
        access.token = Some(token);
    }
    let with_token = |url: &str| match &access.token {
        Some(token) => format!("{url}?token={token}"),
        None => url.to_owned(),
    };
    let url = match &lan {
        Some((ip, _, _)) => format!("https://{}/", SocketAddr::new(*ip, bound.port())),
        None => format!("http://{bound}/"),
    };
    let printed = if lan.is_some() { with_token(&url) } else { url.clone() };
    announce(&format!("wxweb: serving {what} at {printed}"));
    // The line tools parse (README, "Testing your mini program in CI"): always the second.
    announce(&format!("WXWEB_URL={printed}"));
    let changes = match &app {
        AppSource::Folder(root) => match Changes::watch(root) {
            Ok(changes) => {
                let folder = root.path().display();
                announce(&format!("wxweb: watching {folder}: the simulator reloads on each save"));
                changes
            }
            Err(err) => {
                let folder = root.path().display();
                eprintln!("wxweb: not watching {folder} for changes: {err}; reload by hand");
                Changes::off()
            }
        },
        AppSource::BundledDemo => Changes::off(),
    };
    if lan.is_none() && access.token.is_some() {
        // --host with an address other machines reach: the link they need.
        let reachable = match bound.ip() {
            ip if ip.is_unspecified() => lan::lan_address().unwrap_or(ip),
            ip => ip,
        };
        let link = with_token(&format!("http://{}/", SocketAddr::new(reachable, bound.port())));
        announce(&format!("wxweb: other machines need the token: open {link}"));
    }
    if !assets::has_wasm_build() {
        eprintln!("wxweb: warning: no wasm build embedded; run `cargo xtask build`");
    }
    let proxy = ProxySettings { enabled: !args.no_proxy, url_check: !args.no_url_check };
    let mut services =
        Services::for_project(&app, args.appid.as_deref(), args.secret.as_deref(), args.test_clock);
    if let Some(login) = std::sync::Arc::get_mut(&mut services.login) {
        login.override_user(args.user_name.as_deref(), args.user_avatar.as_deref());
    }
    // A secret of the developer's own is not echoed.
    let secret = match services.login.secret() {
        login::DEFAULT_SECRET => format!("secret {}", login::DEFAULT_SECRET),
        _ => "the configured secret".to_owned(),
    };
    // With --lan, a developer's server on this machine calls it over loopback (the
    // certificate names 127.0.0.1 too).
    let login_url = match &lan {
        Some(_) => format!("https://127.0.0.1:{}/", bound.port()),
        None => url.clone(),
    };
    announce(&format!(
        "wxweb: login server: wx.login codes for appid {}; jscode2session at {login_url}sns/jscode2session with {secret}",
        services.login.appid()
    ));
    let tls = match lan {
        Some((_, config, certificate)) => {
            announce(&lan::instructions(&printed, &certificate));
            services.lan_url = Some(printed);
            Some(config)
        }
        None => None,
    };
    services.access = access;
    services.changes = changes;
    let app = router_with(app, proxy, services);
    match listen::serve(listener, tls, app, Limits::default()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("wxweb: server stopped: {err}");
            ExitCode::FAILURE
        }
    }
}

/// An `--allowed-host` name as the host check compares it: lower case, without a port or
/// a final dot (`.example.com` keeps its leading dot: the name and its subdomains).
fn allowed_name(name: &str) -> String {
    match name.strip_prefix('.') {
        Some(domain) => {
            format!(".{}", access::host_name(domain).unwrap_or_else(|| domain.to_ascii_lowercase()))
        }
        None => access::host_name(name).unwrap_or_else(|| name.to_ascii_lowercase()),
    }
}

/// Prints to stdout; the second line, `WXWEB_URL=…`, is the one tools parse for the URL (the
/// first, `wxweb: serving … at URL`, is for people). A failed write is
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
