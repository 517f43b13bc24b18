//! The command line: `wxweb serve [DIR] [--port N] [--host ADDR] [--lan [--cert-dir DIR]]
//! [--appid ID] [--secret SECRET] [--no-proxy] [--no-url-check] [--allowed-host NAME]…
//! [--user-name NAME] [--user-avatar URL_OR_PATH] [--lan-proxy-private]`.

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// WeChat mini programs in any browser.
#[derive(Debug, Parser)]
#[command(name = "wxweb", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the simulator and a mini program over HTTP.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The mini-program folder (the one holding app.json); without it, the bundled demo.
    pub dir: Option<PathBuf>,
    /// The port to listen on; 0 picks any free port.
    #[arg(long, default_value_t = 8420)]
    pub port: u16,
    /// The address to listen on.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub host: IpAddr,
    /// Turn off the proxy that carries the page's cross-origin requests.
    #[arg(long)]
    pub no_proxy: bool,
    /// Forward to any host, whatever the project's domain lists say (the developer
    /// tools' "do not check domains" switch).
    #[arg(long)]
    pub no_url_check: bool,
    /// Serve over HTTPS on this machine's LAN address (all interfaces), for phones on the
    /// same network, with a self-signed certificate made on first use; prints a QR code.
    #[arg(long, conflicts_with = "host")]
    pub lan: bool,
    /// Where --lan keeps its certificate (default: ~/.config/wxweb/lan).
    #[arg(long, requires = "lan")]
    pub cert_dir: Option<PathBuf>,
    /// The appid jscode2session accepts (default: project.config.json's appid).
    #[arg(long)]
    pub appid: Option<String>,
    /// The secret jscode2session accepts (default: project.config.json's `appsecret`, else
    /// `wxweb-secret`).
    #[arg(long)]
    pub secret: Option<String>,
    /// The simulated user's nickName in wx.getUserInfo (default: project.config.json's
    /// `wxweb.user.nickName`, else `wxweb`).
    #[arg(long, value_name = "NAME")]
    pub user_name: Option<String>,
    /// The simulated user's avatar: a URL, or a path in the mini-program folder (default:
    /// project.config.json's `wxweb.user.avatarUrl`, else a silhouette the server serves).
    #[arg(long, value_name = "URL_OR_PATH")]
    pub user_avatar: Option<String>,
    /// Also answer to this host name (a `Host` header), besides 127.0.0.1, localhost, [::1]
    /// and the addresses the server listens on: e.g. a name for this machine on the LAN, or
    /// a tunnel's; `.example.com` allows the name and its subdomains. Repeatable. Other
    /// names get 403 (a protection against DNS rebinding).
    #[arg(long, value_name = "NAME")]
    pub allowed_host: Vec<String>,
    /// Let the proxy forward requests of other machines (phones on the LAN) to private
    /// addresses too: this machine's loopback services, the LAN. By default it forwards
    /// them only to public addresses.
    #[arg(long)]
    pub lan_proxy_private: bool,
    /// Tests only: the login server's clock stands still until
    /// `POST /__wxweb/test/clock?advance=MS` moves it.
    #[arg(long, hide = true)]
    pub test_clock: bool,
}
