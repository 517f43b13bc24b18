//! Who may use `wxweb serve`, and for what. The server runs on a developer's machine beside
//! their other work, so it opens no door to other sites, the LAN or other local services:
//!
//! - **Host check** (as Vite's `server.allowedHosts`, webpack-dev-server's host check): a
//!   request must name one of the server's own addresses in `Host` (127.0.0.1, localhost,
//!   [::1], the address it listens on, the LAN address, names given with `--allowed-host`;
//!   any IP address when it listens on all of them), else 403. A page of another site whose
//!   name was rebound to 127.0.0.1 (DNS rebinding) sends its own name and is refused.
//! - **Acting endpoints** (the proxy, `login`, jscode2session, test endpoints that change
//!   state) refuse what a browser marks as a navigation or as coming from another site
//!   (`Sec-Fetch-Mode: navigate`, `Sec-Fetch-Site` other than `same-origin`, an `Origin`
//!   other than the server's own). The proxy and `login`, which only the runtime calls,
//!   also need the `x-wxweb-api` request header: a navigation, a form or a `no-cors` request
//!   cannot send it, and a cross-origin `fetch` that sends it needs a preflight, which is
//!   refused. jscode2session and the test clock take requests without browser headers (a
//!   developer's server, the tests' own `fetch`).
//! - **LAN token**: when the server listens beyond loopback (`--lan`, `--host` with another
//!   address), clients other than this machine's need the token of the printed URL
//!   (`?token=…`, then an HttpOnly cookie) for everything but the static assets (the
//!   simulator's scripts and styles, the wasm build, `/__wxweb/health`) and jscode2session
//!   (guarded by the appsecret): 401 and a page that says how to get in otherwise.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::assets::{Playground, Shell};

/// The request header the runtime sends to the proxy and to `login` (the wx function's name).
pub const API_HEADER: &str = "x-wxweb-api";

/// Who may reach the server, and how.
#[derive(Clone, Debug, Default)]
pub struct Access {
    /// Host names and addresses the server answers to besides the loopback ones (the
    /// address it listens on, the LAN address, `--allowed-host` names), in lower case.
    pub hosts: Vec<String>,
    /// Any IP address is a valid `Host` (the server listens on all addresses).
    pub any_ip: bool,
    /// Served over HTTPS (`--lan`): the token cookie is `Secure`.
    pub https: bool,
    /// The token clients of other machines need; `None` when listening on loopback only.
    pub token: Option<String>,
    /// The port, for the token cookie's name (cookies do not tell ports apart).
    pub port: u16,
    /// The proxy forwards other machines' requests to private and loopback addresses too
    /// (`--lan-proxy-private`); by default only to public ones.
    pub lan_proxy_private: bool,
}

impl Access {
    /// The token cookie's name: one per port, so that two servers on one address do not
    /// overwrite each other's.
    fn cookie_name(&self) -> String {
        format!("wxweb_token_{}", self.port)
    }

    /// Whether `host` (a `Host` header: a name or address, maybe with a port) is one of ours.
    pub fn allows_host(&self, host: &str) -> bool {
        let Some(name) = host_name(host) else { return false };
        let listed = |allowed: &String| {
            *allowed == name
                // `.example.com`: the name and its subdomains (as Vite's allowedHosts).
                || allowed.strip_prefix('.').is_some_and(|domain| {
                    name == domain || name.strip_suffix(domain).is_some_and(|sub| sub.ends_with('.'))
                })
        };
        if matches!(name.as_str(), "localhost" | "127.0.0.1" | "[::1]")
            || self.hosts.iter().any(listed)
        {
            return true;
        }
        self.any_ip && ip_of_host(&name).is_some()
    }
}

/// The host part of a `Host` header, in lower case, without the port and a final dot;
/// IPv6 addresses keep their brackets. `None` if malformed.
pub fn host_name(host: &str) -> Option<String> {
    let host = host.trim().to_ascii_lowercase();
    let name = if host.starts_with('[') {
        let end = host.find(']')?;
        let rest = &host[end + 1..];
        if !(rest.is_empty() || rest.strip_prefix(':').is_some_and(is_port)) {
            return None;
        }
        host[..=end].to_owned()
    } else {
        let (name, port) = host.rsplit_once(':').unwrap_or((&host, ""));
        if !(port.is_empty() && !host.ends_with(':') || is_port(port)) {
            return None;
        }
        name.strip_suffix('.').unwrap_or(name).to_owned()
    };
    (!name.is_empty()).then_some(name)
}

fn is_port(text: &str) -> bool {
    !text.is_empty() && text.len() <= 5 && text.bytes().all(|b| b.is_ascii_digit())
}

/// The address a host name (as [`host_name`] gives it) is, if it is one.
pub(crate) fn ip_of_host(name: &str) -> Option<IpAddr> {
    match name.strip_prefix('[').and_then(|name| name.strip_suffix(']')) {
        Some(v6) => v6.parse::<Ipv6Addr>().ok().map(IpAddr::V6),
        None => name.parse::<Ipv4Addr>().ok().map(IpAddr::V4),
    }
}

/// How `ip` is written in a `Host` header (IPv6 in brackets), in lower case.
pub fn host_of_ip(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

/// The client's address, when the server put it on the request (see `listen`).
pub fn peer(request_extensions: &axum::http::Extensions) -> Option<SocketAddr> {
    request_extensions.get::<ConnectInfo<SocketAddr>>().map(|info| info.0)
}

/// Whether the client is this machine over loopback. Unknown clients are not.
pub fn is_local(peer: Option<SocketAddr>) -> bool {
    peer.is_some_and(|peer| match peer.ip() {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    })
}

fn text(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

/// Middleware: the host check. A request without `Host` is malformed (HTTP/1.1 requires it).
pub async fn check_host(
    State(access): State<Arc<Access>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request.headers().get(header::HOST).and_then(|host| host.to_str().ok());
    match host {
        Some(host) if access.allows_host(host) => next.run(request).await,
        Some(host) => {
            let name = host_name(host).unwrap_or_else(|| host.to_owned());
            text(
                StatusCode::FORBIDDEN,
                format!(
                    "wxweb: this server does not answer to the host name \"{name}\" (a protection against DNS rebinding).\n\
                     If it is yours, start the server with --allowed-host {name}\n"
                ),
            )
        }
        None => text(StatusCode::BAD_REQUEST, "wxweb: the request has no Host header\n".to_owned()),
    }
}

/// Why a browser's request to an acting endpoint is refused: it is a navigation, or it
/// comes from another site (by `Sec-Fetch-*` and `Origin`). `None` for a same-origin
/// request and for requests without browser headers (a server, a test's `fetch`).
pub fn cross_site(headers: &HeaderMap) -> Option<&'static str> {
    let value =
        |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_ascii_lowercase);
    if matches!(value("sec-fetch-mode").as_deref(), Some("navigate" | "nested-navigate")) {
        return Some("navigations are refused");
    }
    if value("sec-fetch-site").is_some_and(|site| site != "same-origin") {
        return Some("requests from other sites are refused");
    }
    if let Some(origin) = value("origin") {
        // The scheme is not compared: no page of the other scheme can exist at this host
        // and port (it speaks one), and a tunnel in front of the server may change it.
        let host = value("host").unwrap_or_default();
        let authority = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://"));
        if authority != Some(host.as_str()) {
            return Some("requests from other sites are refused");
        }
    }
    None
}

/// Why a request to an endpoint only the runtime calls (the proxy, `login`) is refused:
/// as [`cross_site`], or without the `x-wxweb-api` header.
pub fn not_from_the_runtime(headers: &HeaderMap) -> Option<&'static str> {
    cross_site(headers).or_else(|| {
        (!headers.contains_key(API_HEADER))
            .then_some("only the wxweb runtime may call this (x-wxweb-api header missing)")
    })
}

/// Middleware for test endpoints that change state: refuses navigations and other sites.
pub async fn same_site_only(request: Request, next: Next) -> Response {
    match cross_site(request.headers()) {
        Some(why) => text(StatusCode::FORBIDDEN, format!("wxweb: {why}\n")),
        None => next.run(request).await,
    }
}

/// Paths other machines may fetch without the token: files that are the same for everyone
/// and carry nothing of the project (the simulator's and the playground's scripts, styles
/// and gallery, the wasm build; not the pages themselves), and jscode2session, which the
/// appsecret guards as WeChat's own does (a developer's server on another machine calls it;
/// the codes it takes come only from `login`).
fn is_static_asset(path: &str) -> bool {
    if path.starts_with("/pkg/") || path == "/__wxweb/health" || path == "/sns/jscode2session" {
        return true;
    }
    if let Some(name) = path.strip_prefix("/playground/") {
        return !name.is_empty() && name != "index.html" && Playground::get(name).is_some();
    }
    let name = path.trim_start_matches('/');
    !name.is_empty() && name != "index.html" && !name.contains('/') && Shell::get(name).is_some()
}

/// The value of cookie `name` in the request.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find_map(|(key, value)| (key == name).then_some(value))
}

/// Compares in time that does not depend on where the texts differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

/// Middleware: the LAN token, for clients of other machines when the server listens beyond
/// loopback. `?token=…` sets the cookie and redirects to the same URL without it.
pub async fn check_token(
    State(access): State<Arc<Access>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(token) = access.token.as_deref() else { return next.run(request).await };
    if is_local(peer(request.extensions())) || is_static_asset(request.uri().path()) {
        return next.run(request).await;
    }
    let query = request.uri().query().unwrap_or("");
    let given = query.split('&').find_map(|pair| pair.strip_prefix("token="));
    if let Some(given) = given {
        if !same_secret(given, token) {
            return unauthorized(
                "The link's token is not this server's (it changes each time wxweb serve starts)",
            );
        }
        let rest: Vec<&str> = query
            .split('&')
            .filter(|pair| !pair.starts_with("token=") && !pair.is_empty())
            .collect();
        let location = match rest.is_empty() {
            true => request.uri().path().to_owned(),
            false => format!("{}?{}", request.uri().path(), rest.join("&")),
        };
        let secure = if access.https { "; Secure" } else { "" };
        let set_cookie =
            format!("{}={token}; Path=/; HttpOnly; SameSite=Strict{secure}", access.cookie_name());
        let mut response = StatusCode::SEE_OTHER.into_response();
        if let (Ok(location), Ok(set_cookie)) =
            (HeaderValue::from_str(&location), HeaderValue::from_str(&set_cookie))
        {
            response.headers_mut().insert(header::LOCATION, location);
            response.headers_mut().insert(header::SET_COOKIE, set_cookie);
        }
        return response;
    }
    match cookie(request.headers(), &access.cookie_name()) {
        Some(kept) if same_secret(kept, token) => next.run(request).await,
        _ => unauthorized("This server is open to other machines only through the link it printed"),
    }
}

fn unauthorized(why: &str) -> Response {
    let page = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>wxweb: open the link with its token</title></head>\n\
         <body style=\"font: 16px/1.5 system-ui, sans-serif; max-width: 36em; margin: 2em auto; padding: 0 1em\">\n\
         <h1>wxweb: open the link with its token</h1>\n<p>{why}.</p>\n\
         <p>On the computer running <code>wxweb serve</code>, scan the QR code it printed in the terminal, \
         or the one above the simulator's console there, or open the link it printed \
         (<code>…/?token=…</code>). The browser then keeps the token in a cookie for this server.</p>\n\
         </body></html>\n"
    );
    (StatusCode::UNAUTHORIZED, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], page)
        .into_response()
}

/// A fresh token: 128 random bits from the system's secure source, in hex.
pub fn new_token() -> Option<String> {
    let mut bytes = [0u8; 16];
    rustls::crypto::ring::default_provider().secure_random.fill(&mut bytes).ok()?;
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether the proxy may forward to `ip` for a client of another machine by default: a
/// public address, not this machine, the LAN, link-local (cloud metadata) or reserved ones.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_v4(v4);
            }
            let s = v6.segments();
            let embedded =
                |a: u16, b: u16| Ipv4Addr::new((a >> 8) as u8, a as u8, (b >> 8) as u8, b as u8);
            if s[0] == 0x2002 {
                return is_public_v4(embedded(s[1], s[2])); // 6to4
            }
            if s[0] == 0x64 && s[1] == 0xff9b {
                return is_public_v4(embedded(s[6], s[7])); // NAT64
            }
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || s[..6] == [0; 6] // IPv4-compatible (deprecated)
                || (s[0] & 0xfe00) == 0xfc00 // unique local
                || (s[0] & 0xffc0) == 0xfe80 // link-local
                || (s[0] & 0xffc0) == 0xfec0 // site-local (deprecated)
                || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
                || (s[0] == 0x2001 && s[1] < 0x0200) // protocol assignments, Teredo
                || (s[0] == 0x0100 && s[1..4] == [0; 3])) // discard
        }
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_unspecified()
        || ip.is_multicast()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 192 && b == 0 && c == 0) // protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240) // reserved
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loopback() -> Access {
        Access { port: 8420, ..Access::default() }
    }

    #[test]
    fn loopback_names_with_and_without_a_port() {
        let access = loopback();
        for host in [
            "127.0.0.1",
            "127.0.0.1:8420",
            "localhost",
            "LOCALHOST:8420",
            "localhost.:8420",
            "[::1]",
            "[::1]:8420",
        ] {
            assert!(access.allows_host(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:8420",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "192.168.1.23:8420",
            "[::2]",
            "",
            ":8420",
            "localhost:",
            "localhost:x",
            "[::1]x",
            "a:b:c",
        ] {
            assert!(!access.allows_host(host), "{host}");
        }
    }

    #[test]
    fn listening_everywhere_allows_addresses_but_not_names() {
        let access = Access {
            any_ip: true,
            hosts: vec!["myhost.local".into(), ".tunnel.example".into()],
            ..loopback()
        };
        for host in [
            "192.168.1.23:8420",
            "10.0.0.1",
            "[fe80::1]:8420",
            "myhost.local:8420",
            "MyHost.Local",
            "tunnel.example",
            "a.b.tunnel.example:443",
        ] {
            assert!(access.allows_host(host), "{host}");
        }
        for host in [
            "evil.example",
            "1.2.3.4.nip.io",
            "[not-an-ip]",
            "eviltunnel.example",
            "sub.myhost.local",
        ] {
            assert!(!access.allows_host(host), "{host}");
        }
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn browsers_mark_navigations_and_other_sites() {
        let own = [("host", "127.0.0.1:8420")];
        assert_eq!(cross_site(&headers(&own)), None, "no browser headers");
        let same = headers(&[
            ("host", "127.0.0.1:8420"),
            ("origin", "http://127.0.0.1:8420"),
            ("sec-fetch-site", "same-origin"),
            ("sec-fetch-mode", "cors"),
        ]);
        assert_eq!(cross_site(&same), None);
        let tunnel =
            headers(&[("host", "dev.tunnel.example"), ("origin", "https://dev.tunnel.example")]);
        assert_eq!(cross_site(&tunnel), None, "a tunnel's https in front of plain http");
        for refused in [
            headers(&[
                ("host", "127.0.0.1:8420"),
                ("sec-fetch-mode", "navigate"),
                ("sec-fetch-site", "same-origin"),
            ]),
            headers(&[("host", "127.0.0.1:8420"), ("sec-fetch-site", "cross-site")]),
            headers(&[("host", "127.0.0.1:8420"), ("sec-fetch-site", "same-site")]),
            headers(&[("host", "127.0.0.1:8420"), ("sec-fetch-site", "none")]),
            headers(&[("host", "127.0.0.1:8420"), ("origin", "http://127.0.0.1:3000")]),
            headers(&[("host", "127.0.0.1:8420"), ("origin", "null")]),
            headers(&[("host", "127.0.0.1:8420"), ("origin", "chrome-extension://127.0.0.1:8420")]),
            headers(&[
                ("host", "127.0.0.1:8420"),
                ("origin", "http://127.0.0.1:8420.evil.example"),
            ]),
        ] {
            assert!(cross_site(&refused).is_some(), "{refused:?}");
        }
        assert!(not_from_the_runtime(&headers(&own)).is_some());
        assert_eq!(
            not_from_the_runtime(&headers(&[("host", "h"), ("x-wxweb-api", "login")])),
            None
        );
    }

    #[test]
    fn static_assets_are_the_shell_and_the_wasm_build() {
        assert!(is_static_asset("/pkg/wxweb.js"));
        assert!(is_static_asset("/__wxweb/health"));
        assert!(!is_static_asset("/"));
        assert!(!is_static_asset("/index.html"));
        assert!(!is_static_asset("/app/app.js"));
        assert!(!is_static_asset("/__wxweb/lan"));
        assert!(!is_static_asset("/__wxweb/proxy"));
        assert!(!is_static_asset("/missing.js"));
        assert!(!is_static_asset("/playground/"));
        assert!(!is_static_asset("/playground/index.html"));
        assert!(!is_static_asset("/playground/missing.js"));
        assert_eq!(
            is_static_asset("/playground/gallery/index.json"),
            crate::assets::has_playground()
        );
    }

    #[test]
    fn cookies_and_secrets() {
        let map = headers(&[("cookie", "a=1; wxweb_token_8420=abc; b=2")]);
        assert_eq!(cookie(&map, "wxweb_token_8420"), Some("abc"));
        assert_eq!(cookie(&map, "wxweb_token_1"), None);
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd") && !same_secret("abc", "ab"));
    }

    #[test]
    fn public_addresses() {
        for ip in [
            "8.8.8.8",
            "1.1.1.1",
            "203.0.114.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
            "2002:808:808::1",
        ] {
            assert!(is_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.23",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "192.0.0.1",
            "198.18.0.1",
            "240.0.0.1",
            "203.0.113.5",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:192.168.0.1",
            "::127.0.0.1",
            "2002:c0a8:101::1",
            "64:ff9b::a00:1",
            "2001:db8::1",
            "2001::1",
            "ff02::1",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
    }
}
