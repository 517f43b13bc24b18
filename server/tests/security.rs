//! The doors `wxweb serve` must keep shut (issue 13, section 4), each tried against the
//! real binary over HTTP: a foreign Host, a navigation to the proxy, another site's POST to
//! login, dotfiles and `appsecret` (also asked for by range, HEAD or condition, through
//! encoded `..` and symlinks out of the folder), the browser's cookies through the proxy,
//! state-changing test endpoints called by another site, and IPv6 loopback.
//! `WXWEB_SERVER_BIN` runs them against another build (see `common`).
//!
//! The doors that need a client on another machine (the LAN token, the proxy's public-only
//! rule), another client's logins and the connection limits are tried in process, on the
//! router and on `listen::serve` with short timeouts.

mod common;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::body::{to_bytes, Body};
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use axum::Router;
use tower::ServiceExt;
use wxweb_server::access::Access;
use wxweb_server::listen::{self, Limits};
use wxweb_server::{router_with, AppSource, ProxySettings, Services};

/// `wxweb serve --port 0 ARGS…`.
fn serve(args: &[&str]) -> common::Server {
    common::Server::start(&[&["--port", "0"], args].concat())
}

/// What a same-origin `fetch` of the runtime sends.
fn runtime_headers(origin: &str) -> Vec<(&'static str, String)> {
    vec![
        ("Sec-Fetch-Site", "same-origin".to_owned()),
        ("Sec-Fetch-Mode", "cors".to_owned()),
        ("Sec-Fetch-Dest", "empty".to_owned()),
        ("Origin", origin.to_owned()),
        ("x-wxweb-api", "request".to_owned()),
    ]
}

fn pairs<'a>(list: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    list.iter().map(|(name, value)| (*name, value.as_str())).collect()
}

fn encode(url: &str) -> String {
    url.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[test]
fn a_foreign_host_is_refused() {
    let server = serve(&[]);
    let port = server.port().to_owned();
    for host in [
        "evil.example",
        &format!("evil.example:{port}"),
        &format!("127.0.0.1.nip.io:{port}"),
        "192.168.1.23",
    ] {
        for path in ["/", "/app/app.json", "/__wxweb/test/echo", "/__wxweb/manifest"] {
            let (status, _, body) = server.get(path, &[("Host", host)]);
            assert_eq!(status, 403, "{host} {path}: {body}");
            assert!(body.contains("--allowed-host"), "{body}");
        }
    }
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        format!("[::1]:{port}"),
        "localhost".to_owned(),
    ] {
        let (status, _, _) = server.get("/app/app.json", &[("Host", &host)]);
        assert_eq!(status, 200, "{host}");
    }
    let named = serve(&["--allowed-host", "DevBox.lan:8420", "--allowed-host", ".tunnel.example"]);
    for host in ["devbox.lan:8420", "devbox.lan", "tunnel.example", "abc.tunnel.example:443"] {
        assert_eq!(named.get("/app/app.json", &[("Host", host)]).0, 200, "{host}");
    }
    for host in ["evil.example", "eviltunnel.example", "x.devbox.lan"] {
        assert_eq!(named.get("/app/app.json", &[("Host", host)]).0, 403, "{host}");
    }
}

#[test]
fn a_navigation_to_the_proxy_is_refused_and_proxied_responses_cannot_run() {
    let server = serve(&[]);
    let target =
        encode(&format!("http://{}/__wxweb/test/bytes/20?type=text/html", server.address()));
    let path = format!("/__wxweb/proxy?url={target}");
    let navigations: [&[(&str, &str)]; 4] = [
        // Typed or bookmarked, a link from another site, an iframe, and an old browser.
        &[
            ("Sec-Fetch-Site", "none"),
            ("Sec-Fetch-Mode", "navigate"),
            ("Sec-Fetch-Dest", "document"),
        ],
        &[
            ("Sec-Fetch-Site", "cross-site"),
            ("Sec-Fetch-Mode", "navigate"),
            ("Sec-Fetch-Dest", "document"),
        ],
        &[
            ("Sec-Fetch-Site", "same-origin"),
            ("Sec-Fetch-Mode", "navigate"),
            ("Sec-Fetch-Dest", "iframe"),
        ],
        &[],
    ];
    for headers in navigations {
        let (status, head, body) = server.get(&path, headers);
        assert_eq!(status, 403, "{headers:?}: {body}");
        assert!(head.contains("x-wxweb-proxy-error:"), "{head}");
        assert!(!head.contains("content-type: text/html"), "{head}");
    }
    // Another site's fetch with the runtime's header: its preflight and the request itself.
    let preflight = [
        ("Origin", "https://evil.example"),
        ("Sec-Fetch-Site", "cross-site"),
        ("Sec-Fetch-Mode", "cors"),
        ("Access-Control-Request-Method", "GET"),
        ("Access-Control-Request-Headers", "x-wxweb-api"),
    ];
    let (status, head, _) = server.request("OPTIONS", &path, &preflight);
    assert_eq!(status, 403);
    assert!(!head.contains("access-control-allow-origin"), "{head}");
    let (status, _, _) = server.get(
        &path,
        &[
            ("Origin", "https://evil.example"),
            ("Sec-Fetch-Site", "cross-site"),
            ("x-wxweb-api", "request"),
        ],
    );
    assert_eq!(status, 403);

    let runtime = runtime_headers(&server.origin());
    let (status, head, body) = server.get(&path, &pairs(&runtime));
    assert_eq!(status, 200, "{head}");
    assert_eq!(body.len(), 20);
    assert!(head.contains("\r\ncontent-security-policy: sandbox"), "{head}");
    assert!(head.contains("\r\nx-content-type-options: nosniff"), "{head}");
}

#[test]
fn the_browsers_cookies_do_not_cross_the_proxy() {
    let server = serve(&[]);
    let target = encode(&format!("http://{}/__wxweb/test/echo", server.address()));
    let mut headers = runtime_headers(&server.origin());
    headers.push(("Cookie", "other_app_session=s3cr3t".to_owned()));
    let (status, _, body) = server.get(&format!("/__wxweb/proxy?url={target}"), &pairs(&headers));
    assert_eq!(status, 200);
    let echo: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(echo["headers"].get("cookie"), None, "{echo}");
    assert!(!body.contains("s3cr3t"));
    headers.push(("x-wxweb-cookie", "sid=mini-program".to_owned()));
    let (_, _, body) = server.get(&format!("/__wxweb/proxy?url={target}"), &pairs(&headers));
    let echo: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(echo["headers"]["cookie"], "sid=mini-program", "{echo}");
}

#[test]
fn another_sites_post_to_login_is_refused() {
    let server = serve(&[]);
    let forms: [&[(&str, &str)]; 4] = [
        // A form or a no-cors fetch from another site, with and without fetch metadata,
        // one from another port of this machine (same site, other origin), and one
        // claiming the runtime's header from another origin.
        &[
            ("Origin", "https://evil.example"),
            ("Sec-Fetch-Site", "cross-site"),
            ("Sec-Fetch-Mode", "no-cors"),
            ("Content-Type", "text/plain"),
        ],
        &[
            ("Origin", "https://evil.example"),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        &[
            ("Origin", "http://127.0.0.1:3000"),
            ("Sec-Fetch-Site", "same-site"),
            ("Sec-Fetch-Mode", "navigate"),
        ],
        &[("Origin", "https://evil.example"), ("x-wxweb-api", "login")],
    ];
    for headers in forms {
        let (status, _, body) =
            server.request("POST", "/__wxweb/login?appid=touristappid", headers);
        assert_eq!(status, 403, "{headers:?}");
        assert!(!body.contains("code"), "{body}");
    }
    // Without the runtime's header (a tool, or an old browser's form without Origin).
    assert_eq!(server.request("POST", "/__wxweb/login?appid=touristappid", &[]).0, 403);
    let mut runtime = runtime_headers(&server.origin());
    runtime.retain(|(name, _)| *name != "x-wxweb-api");
    runtime.push(("x-wxweb-api", "login".to_owned()));
    let (status, _, body) =
        server.request("POST", "/__wxweb/login?appid=touristappid", &pairs(&runtime));
    assert_eq!(status, 200, "{body}");
    let code = serde_json::from_str::<serde_json::Value>(&body).unwrap()["code"]
        .as_str()
        .unwrap()
        .to_owned();

    // jscode2session: a developer's server may call it, another site's page may not.
    let exchange = format!("/sns/jscode2session?appid=touristappid&secret=wxweb-secret&js_code={code}&grant_type=authorization_code");
    let (status, _, body) = server
        .get(&exchange, &[("Origin", "https://evil.example"), ("Sec-Fetch-Site", "cross-site")]);
    assert_eq!(status, 403);
    assert!(!body.contains("session_key"));
    let (status, _, body) = server.get(&exchange, &[]);
    assert_eq!(status, 200);
    assert!(body.contains("session_key"), "{body}");
}

#[test]
fn other_sites_cannot_change_the_test_endpoints_state_but_may_read_them() {
    let server = serve(&["--test-clock"]);
    let evil = [
        ("Origin", "https://evil.example"),
        ("Sec-Fetch-Site", "cross-site"),
        ("Sec-Fetch-Mode", "cors"),
    ];
    assert_eq!(server.request("POST", "/__wxweb/test/clock?advance=600000", &evil).0, 403);
    assert_eq!(server.request("DELETE", "/__wxweb/test/stats?group=g", &evil).0, 403);
    assert_eq!(server.request("DELETE", "/__wxweb/test/ws-stats?group=g", &evil).0, 403);
    // The tests' own calls (no browser headers) still work, and reading stays open to all.
    assert_eq!(server.request("POST", "/__wxweb/test/clock?advance=1", &[]).0, 200);
    assert_eq!(server.request("DELETE", "/__wxweb/test/stats?group=g", &[]).0, 204);
    let (status, head, _) = server.get("/__wxweb/test/stats?group=g", &evil);
    assert_eq!(status, 200);
    assert!(head.contains("access-control-allow-origin: *"), "{head}");
}

#[test]
fn dotfiles_and_the_appsecret_are_never_served() {
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path();
    write_secrets(app);
    #[cfg(unix)]
    std::os::unix::fs::symlink(app.join(".env"), app.join("env.txt")).unwrap();
    let server = serve(&[app.to_str().unwrap()]);
    for path in [
        "/app/.env",
        "/app/.git/config",
        "/app/%2eenv",
        "/app/%2Egit/config",
        "/app/pages/../.env",
        "/app/env.txt",
        "/.env",
        "/.git/config",
    ] {
        let (status, _, body) = server.get(path, &[]);
        assert!(matches!(status, 403 | 404), "{path}: {status}");
        assert!(!body.contains("TOP-SECRET"), "{path}: {body}");
    }
    for path in
        ["/app/project.config.json", "/app/PROJECT.CONFIG.JSON", "/app/./project.config.json"]
    {
        let (status, _, body) = server.get(path, &[]);
        if status == 404 {
            continue; // a case-sensitive file system
        }
        assert_eq!(status, 200, "{path}");
        assert!(!body.contains("TOP-SECRET") && !body.contains("appsecret"), "{path}: {body}");
        let config: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(config["appid"], "wxsecretapp");
        assert_eq!(config["libVersion"], "2.0.0");
    }
}

/// A mini program in `app` with the files that must never be served: a project config
/// with its appsecret, a `.env` and a `.git/config`, each holding a `TOP-SECRET`.
fn write_secrets(app: &std::path::Path) {
    std::fs::write(app.join("app.json"), r#"{"pages":["pages/index/index"]}"#).unwrap();
    std::fs::write(
        app.join("project.config.json"),
        r#"{"appid": "wxsecretapp", "appsecret": "TOP-SECRET-1", "libVersion": "2.0.0"}"#,
    )
    .unwrap();
    std::fs::write(app.join(".env"), "API_KEY=TOP-SECRET-2").unwrap();
    std::fs::create_dir(app.join(".git")).unwrap();
    std::fs::write(app.join(".git/config"), "[remote] url = TOP-SECRET-3").unwrap();
}

/// A served `app/` beside a secret outside it, with the files that must not leave:
/// dotfiles, links to them and out of the folder, and a project config with its secret.
fn folder_with_secrets() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("app");
    std::fs::create_dir_all(app.join("sub")).unwrap();
    std::fs::write(dir.path().join("secret.txt"), "TOP-SECRET-OUTSIDE").unwrap();
    std::fs::write(app.join("data.txt"), "0123456789").unwrap();
    write_secrets(&app);
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(app.join(".env"), app.join("env.txt")).unwrap();
        symlink(dir.path().join("secret.txt"), app.join("out.txt")).unwrap();
        symlink(dir.path(), app.join("up")).unwrap();
        symlink(app.join("project.config.json"), app.join("config-link.json")).unwrap();
    }
    dir
}

#[test]
fn ranges_head_and_conditions_do_not_open_the_folder_rules() {
    let dir = folder_with_secrets();
    let server = serve(&[dir.path().join("app").to_str().unwrap()]);
    let refused = [
        "/app/.env",
        "/app/%2eenv",
        "/app/.git/config",
        "/app/sub/%2E%67it/config",
        "/app/%2e%2e/secret.txt",
        "/app/%2E%2E%2Fsecret.txt",
        "/app/..%2fsecret.txt",
        "/app/sub/%2e%2e/%2e%2e/secret.txt",
        "/app/%2e%2e%5csecret.txt",
        "/app/%2fetc/passwd",
        #[cfg(unix)]
        "/app/env.txt",
        #[cfg(unix)]
        "/app/out.txt",
        #[cfg(unix)]
        "/app/up/secret.txt",
    ];
    let asks: [(&str, &[(&str, &str)]); 5] = [
        ("GET", &[("Range", "bytes=0-3")]),
        ("GET", &[("Range", "bytes=-4")]),
        ("HEAD", &[]),
        ("GET", &[("If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT")]),
        ("GET", &[("If-None-Match", "*")]),
    ];
    for path in refused {
        for (method, headers) in asks {
            let (status, head, body) = server.request(method, path, headers);
            assert_eq!(status, 403, "{method} {path} {headers:?}: {head}");
            assert!(!head.contains("content-range") && !head.contains("last-modified"), "{head}");
            assert!(!body.contains("TOP-SECRET"), "{method} {path}: {body}");
        }
    }
    // Encoded twice: a name with a literal `%2e%2e`, which is not there.
    assert_eq!(server.get("/app/%252e%252e/secret.txt", &[]).0, 404);
    // The config is rewritten whole: no range of the file as it is on disk.
    let configs = ["/app/project.config.json", "/app/./PROJECT.CONFIG.JSON"];
    #[cfg(unix)]
    let configs = [configs[0], configs[1], "/app/config-link.json"];
    for path in configs {
        for range in ["bytes=0-", "bytes=14-60", "bytes=-30"] {
            let (status, head, body) = server.get(path, &[("Range", range)]);
            if status == 404 && path.contains("PROJECT") {
                continue; // a case-sensitive file system
            }
            assert_eq!(status, 200, "{path} {range}: {head}");
            assert!(!head.contains("content-range"), "{path} {range}: {head}");
            assert!(!body.contains("TOP-SECRET") && !body.contains("appsecret"), "{body}");
            let config: serde_json::Value = serde_json::from_str(&body).unwrap();
            assert_eq!(config["appid"], "wxsecretapp");
        }
    }
}

#[test]
fn the_folders_files_answer_ranges_head_and_conditional_requests() {
    let dir = folder_with_secrets();
    let server = serve(&[dir.path().join("app").to_str().unwrap()]);
    let (status, head, body) = server.get("/app/data.txt", &[]);
    assert_eq!((status, body.as_str()), (200, "0123456789"));
    assert!(head.contains("\r\ncontent-length: 10\r\n"), "{head}");
    assert!(head.contains("\r\naccept-ranges: bytes\r\n"), "{head}");
    assert!(head.contains("\r\ncache-control: no-cache\r\n"), "{head}");
    // As written, for the browser to send back (no Last-Modified: see tests/fresh.rs).
    let raw = server.raw("GET", "/app/data.txt", &[]);
    let etag = raw
        .lines()
        .find_map(|line| line.strip_prefix("etag: "))
        .unwrap_or_else(|| panic!("no etag: {raw}"))
        .to_owned();
    assert!(!raw.contains("last-modified:"), "{raw}");

    let (status, head, body) = server.get("/app/data.txt", &[("Range", "bytes=2-5")]);
    assert_eq!((status, body.as_str()), (206, "2345"), "{head}");
    assert!(head.contains("\r\ncontent-range: bytes 2-5/10\r\n"), "{head}");
    let (status, head, _) = server.get("/app/data.txt", &[("Range", "bytes=20-30")]);
    assert_eq!(status, 416, "{head}");
    // A file larger than one read, whole and by a range across reads.
    let large: String = (0..3_000_000u32).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
    std::fs::write(dir.path().join("app/large.txt"), &large).unwrap();
    let (status, _, body) = server.get("/app/large.txt", &[]);
    assert!(status == 200 && body == large, "{status}, {} bytes", body.len());
    let (status, head, body) = server.get("/app/large.txt", &[("Range", "bytes=1048570-2097160")]);
    assert_eq!((status, body.as_str()), (206, &large[1_048_570..=2_097_160]), "{head}");

    let (status, head, body) = server.request("HEAD", "/app/sub/../data.txt", &[]);
    assert_eq!(status, 403, "{head}: `..` stays refused, whatever the method");
    assert!(body.is_empty());
    let (status, head, body) = server.request("HEAD", "/app/data.txt", &[]);
    assert_eq!((status, body.as_str()), (200, ""), "{head}");
    assert!(head.contains("\r\ncontent-length: 10\r\n"), "{head}");

    let (status, head, body) = server.get("/app/data.txt", &[("If-None-Match", &etag)]);
    assert_eq!((status, body.as_str()), (304, ""), "{head}");
    assert!(head.contains("\r\ncache-control: no-cache\r\n"), "{head}");
    let (status, _, _) =
        server.get("/app/data.txt", &[("If-Unmodified-Since", "Thu, 01 Jan 1970 00:00:00 GMT")]);
    assert_eq!(status, 412);
    assert_eq!(server.request("POST", "/app/data.txt", &[]).0, 405);
    // The mini program's own types, which the runtime reads as text.
    let (status, head, _) = server.request("HEAD", "/app/app.json", &[]);
    assert_eq!(status, 200);
    assert!(head.contains("\r\ncontent-type: application/json\r\n"), "{head}");
}

#[test]
fn embedded_files_answer_etags_and_head() {
    let server = serve(&[]);
    for path in ["/", "/simulator.js", "/app/app.json"] {
        let (status, head, body) = server.get(path, &[]);
        assert_eq!(status, 200, "{path}");
        let etag = head
            .lines()
            .find_map(|line| line.strip_prefix("etag: "))
            .unwrap_or_else(|| panic!("{path}: no etag: {head}"))
            .to_owned();
        assert!(etag.starts_with('"') && etag.ends_with('"') && etag.len() > 20, "{etag}");
        let (status, head, again) = server.get(path, &[("If-None-Match", &etag)]);
        assert_eq!((status, again.as_str()), (304, ""), "{path}: {head}");
        assert!(head.contains(&format!("\r\netag: {etag}")), "{head}");
        let listed = format!("\"other\", W/{etag}");
        assert_eq!(server.get(path, &[("If-None-Match", &listed)]).0, 304, "{path}");
        assert_eq!(server.get(path, &[("If-None-Match", "\"other\"")]).0, 200, "{path}");
        let (status, head, empty) = server.request("HEAD", path, &[]);
        assert_eq!((status, empty.as_str()), (200, ""), "{path}");
        assert!(head.contains(&format!("\r\ncontent-length: {}\r\n", body.len())), "{head}");
    }
    // The embedded demo's config has no ETag of the file as it is: it is rewritten.
    let (status, head, _) = server.get("/app/project.config.json", &[]);
    assert_eq!(status, 200);
    assert!(!head.contains("\r\netag:"), "{head}");
    let (status, _, body) = server.get("/app/.hidden", &[("If-None-Match", "*")]);
    assert_eq!(status, 403, "{body}");
}

#[test]
fn ipv6_loopback_and_port_zero() {
    if std::net::TcpListener::bind("[::1]:0").is_err() {
        return; // no IPv6 here
    }
    let server = serve(&["--host", "::1"]);
    assert!(server.address().starts_with("[::1]:"), "{}", server.address());
    assert!(!server.address().ends_with(":0"));
    assert_eq!(server.get("/__wxweb/health", &[]).0, 200);
    assert_eq!(server.get("/__wxweb/health", &[("Host", "evil.example")]).0, 403);
}

// ---- In process: clients of other machines, other clients' logins, connection limits ----

const LAN_PEER: &str = "192.168.1.50:50000";
const TOKEN: &str = "0123456789abcdef0123456789abcdef";

/// The router as `wxweb serve --host 0.0.0.0` (or `--lan`) builds it.
fn lan_router(lan_proxy_private: bool) -> Router {
    let access = Access {
        any_ip: true,
        token: Some(TOKEN.to_owned()),
        port: 8420,
        lan_proxy_private,
        ..Access::default()
    };
    let mut services = Services::for_project(&AppSource::BundledDemo, None, None, false);
    services.access = access;
    router_with(AppSource::BundledDemo, ProxySettings { enabled: true, url_check: false }, services)
}

async fn call(
    router: &Router,
    peer: &str,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, axum::http::HeaderMap, String) {
    let mut request =
        Request::builder().method(method).uri(uri).header("host", "192.168.1.23:8420");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut request = request.body(Body::empty()).unwrap();
    request.extensions_mut().insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
    let response = router.clone().oneshot(request).await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn other_machines_need_the_token_for_all_but_static_assets() {
    let router = lan_router(false);
    for path in [
        "/",
        "/index.html",
        "/app/app.json",
        "/app/project.config.json",
        "/__wxweb/lan",
        "/__wxweb/manifest",
        "/__wxweb/test/echo",
    ] {
        let (status, headers, body) = call(&router, LAN_PEER, "GET", path, &[]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(headers["content-type"], "text/html; charset=utf-8");
        assert!(body.contains("scan the QR code"), "{path}: {body}");
    }
    let (status, _, _) =
        call(&router, LAN_PEER, "POST", "/__wxweb/login?appid=x", &[("x-wxweb-api", "login")])
            .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let wrong =
        call(&router, LAN_PEER, "GET", "/?token=0123456789abcdef0123456789abcdee", &[]).await;
    assert_eq!(wrong.0, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.1.get("set-cookie"), None);
    // Static assets are the same for everyone; jscode2session is guarded by the appsecret
    // (a developer's server on another machine calls it).
    assert_eq!(call(&router, LAN_PEER, "GET", "/__wxweb/health", &[]).await.0, StatusCode::OK);
    assert_ne!(
        call(&router, LAN_PEER, "GET", "/pkg/wxweb.js", &[]).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, _, body) = call(&router, LAN_PEER, "GET", "/sns/jscode2session?appid=touristappid&secret=guess&js_code=x&grant_type=authorization_code", &[]).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, r#"{"errcode":40125,"errmsg":"invalid appsecret"}"#)
    );

    // The printed link: a cookie, and the same URL without the token.
    let (status, headers, _) =
        call(&router, LAN_PEER, "GET", &format!("/?profile=modern&token={TOKEN}"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers["location"], "/?profile=modern");
    let set_cookie = headers["set-cookie"].to_str().unwrap();
    assert_eq!(set_cookie, format!("wxweb_token_8420={TOKEN}; Path=/; HttpOnly; SameSite=Strict"));
    let cookie = format!("other=1; wxweb_token_8420={TOKEN}");
    for path in ["/app/app.json", "/__wxweb/test/echo"] {
        assert_eq!(
            call(&router, LAN_PEER, "GET", path, &[("cookie", &cookie)]).await.0,
            StatusCode::OK,
            "{path}"
        );
    }
    // This machine needs no token.
    assert_eq!(
        call(&router, "127.0.0.1:50000", "GET", "/app/app.json", &[]).await.0,
        StatusCode::OK
    );
    assert_eq!(call(&router, "[::1]:50000", "GET", "/app/app.json", &[]).await.0, StatusCode::OK);
}

#[tokio::test]
async fn the_proxy_takes_other_machines_to_public_addresses_only() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    // Something listening on this machine's loopback, which a phone must not reach.
    let local = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let local_port = local.local_addr().unwrap().port();
    tokio::spawn(async move {
        axum::serve(
            local,
            Router::new().route("/", axum::routing::get(|| async { "LOCAL-SERVICE" })),
        )
        .await
    });
    let cookie = format!("wxweb_token_8420={TOKEN}");
    let headers = [("cookie", cookie.as_str()), ("x-wxweb-api", "request")];
    for target in [
        format!("http://127.0.0.1:{local_port}/"),
        format!("http://localhost:{local_port}/"),
        format!("http://[::ffff:127.0.0.1]:{local_port}/"),
        format!("http://0x7f000001:{local_port}/"),
        "http://169.254.169.254/latest/meta-data/".to_owned(),
        "http://192.168.1.1/".to_owned(),
    ] {
        let uri = format!("/__wxweb/proxy?url={}", encode(&target));
        let (status, headers, body) =
            call(&lan_router(false), LAN_PEER, "GET", &uri, &headers).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{target}: {body}");
        let error = headers["x-wxweb-proxy-error"].to_str().unwrap();
        assert!(
            error.contains("not a public address") && error.contains("--lan-proxy-private"),
            "{target}: {error}"
        );
    }
    // This machine's own pages, and other machines' with --lan-proxy-private, may.
    let uri = format!("/__wxweb/proxy?url={}", encode(&format!("http://localhost:{local_port}/")));
    let (status, _, body) =
        call(&lan_router(false), "127.0.0.1:50000", "GET", &uri, &[("x-wxweb-api", "request")])
            .await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "LOCAL-SERVICE"));
    let (status, _, body) = call(&lan_router(true), LAN_PEER, "GET", &uri, &headers).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "LOCAL-SERVICE"));
}

#[tokio::test]
async fn one_clients_logins_block_no_other_client() {
    let router = lan_router(false);
    let cookie = format!("wxweb_token_8420={TOKEN}");
    let headers = [("cookie", cookie.as_str()), ("x-wxweb-api", "login")];
    // 10,001 logins from one client (today's WeChat has no limit a page could reach).
    for _ in 0..10_001 {
        let (status, _, _) =
            call(&router, LAN_PEER, "POST", "/__wxweb/login?appid=touristappid", &headers).await;
        assert_eq!(status, StatusCode::OK);
    }
    for peer in ["192.168.1.51:50000", "127.0.0.1:50000"] {
        let (status, _, body) =
            call(&router, peer, "POST", "/__wxweb/login?appid=touristappid", &headers).await;
        assert_eq!(status, StatusCode::OK, "{peer}: {body}");
        let code = serde_json::from_str::<serde_json::Value>(&body).unwrap()["code"]
            .as_str()
            .unwrap()
            .to_owned();
        let exchange = format!("/sns/jscode2session?appid=touristappid&secret=wxweb-secret&js_code={code}&grant_type=authorization_code");
        let (_, _, body) = call(&router, "127.0.0.1:50001", "GET", &exchange, &[]).await;
        assert!(body.contains("session_key"), "{body}");
    }
}

/// A server on loopback with `limits`, for the connection tests.
async fn limited(limits: Limits) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let services = Services::for_project(&AppSource::BundledDemo, None, None, false);
    let app = router_with(
        AppSource::BundledDemo,
        ProxySettings { enabled: true, url_check: true },
        services,
    );
    tokio::spawn(listen::serve(listener, None, app, limits));
    address
}

async fn health(address: SocketAddr) -> Result<String, reqwest::Error> {
    let client = reqwest::Client::builder().timeout(Duration::from_secs(5)).build()?;
    client.get(format!("http://{address}/__wxweb/health")).send().await?.text().await
}

/// Reads from `stream` until the server closes it; how long that took.
async fn closed_after(mut stream: tokio::net::TcpStream) -> Duration {
    use tokio::io::AsyncReadExt;
    let start = Instant::now();
    let mut buffer = [0u8; 1024];
    loop {
        match tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buffer)).await {
            Ok(Ok(0) | Err(_)) => return start.elapsed(),
            Ok(Ok(_)) => {}
            Err(_) => return Duration::MAX,
        }
    }
}

#[tokio::test]
async fn slow_headers_are_closed_after_the_timeout_while_others_are_served() {
    use tokio::io::AsyncWriteExt;
    let _ = rustls::crypto::ring::default_provider().install_default();
    let timeout = Duration::from_millis(400);
    let address = limited(Limits { header_timeout: timeout, ..Limits::default() }).await;
    // Half-sent requests (slowloris), and a connection that sends nothing.
    let mut slow = Vec::new();
    for _ in 0..20 {
        let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
        stream
            .write_all(b"GET /__wxweb/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-a: ")
            .await
            .unwrap();
        slow.push(stream);
    }
    slow.push(tokio::net::TcpStream::connect(address).await.unwrap());
    let started = Instant::now();
    assert_eq!(health(address).await.unwrap(), "ok", "served meanwhile");
    assert!(started.elapsed() < timeout, "at once: {:?}", started.elapsed());
    for stream in slow {
        let closed = closed_after(stream).await;
        assert!(closed < timeout * 3, "closed after {closed:?}");
    }
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_for_a_place() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let timeout = Duration::from_millis(500);
    let address =
        limited(Limits { header_timeout: timeout, max_connections: 4, ..Limits::default() }).await;
    let mut idle = Vec::new();
    for _ in 0..4 {
        idle.push(tokio::net::TcpStream::connect(address).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    // The fifth waits in the backlog until the idle ones are closed, then is served.
    let started = Instant::now();
    assert_eq!(health(address).await.unwrap(), "ok");
    let waited = started.elapsed();
    assert!(waited >= timeout / 2 && waited < timeout * 4, "waited {waited:?}");
    drop(idle);
    assert_eq!(health(address).await.unwrap(), "ok");
}

#[tokio::test]
async fn one_remote_client_cannot_take_every_place() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let Some(lan) = wxweb_server::lan::lan_address() else { return };
    let listener = tokio::net::TcpListener::bind(("0.0.0.0", 0)).await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut services = Services::for_project(&AppSource::BundledDemo, None, None, false);
    services.access = Access { any_ip: true, port, ..Access::default() };
    let app = router_with(
        AppSource::BundledDemo,
        ProxySettings { enabled: true, url_check: true },
        services,
    );
    let limits = Limits { per_remote_client: 3, max_connections: 8, ..Limits::default() };
    tokio::spawn(listen::serve(listener, None, app, limits));
    // Connecting to this machine's LAN address comes from it: another machine, to the server.
    let remote = SocketAddr::new(lan, port);
    let mut held = Vec::new();
    for _ in 0..3 {
        held.push(tokio::net::TcpStream::connect(remote).await.unwrap());
    }
    let fourth = tokio::net::TcpStream::connect(remote).await.unwrap();
    assert!(closed_after(fourth).await < Duration::from_secs(1), "the fourth is closed at once");
    // This machine's clients still have places.
    assert_eq!(health(SocketAddr::from(([127, 0, 0, 1], port))).await.unwrap(), "ok");
    drop(held);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let again =
        reqwest::Client::new().get(format!("http://{remote}/__wxweb/health")).send().await.unwrap();
    assert_eq!(again.status(), 200, "places free again once closed");
}
