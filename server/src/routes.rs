//! The HTTP routes: `/` and `/<file>` serve the simulator shell, `/pkg/` the wasm build, `/app/`
//! the mini program, `/playground/` the playground (its own projects, in memory: it works
//! whatever folder is served), `/__wxweb/` is reserved for the server's own endpoints, and
//! `/sns/jscode2session` is WeChat's login API. `/__wxweb/manifest` lists the files `/app/`
//! serves and the folder's path on disk, so the runtime requests no file the folder lacks
//! (a 404 on the console fails CI suites) and names the folder in start-up errors.
//! `/__wxweb/events` tells of the folder's changes (live reload), `/__wxweb/log` prints the
//! mini program's errors in the terminal.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Json;
use axum::Router;
use tower_http::timeout::RequestBodyTimeoutLayer;

use crate::access::{self, Access};
use crate::assets::{self, Demo, Pkg, Playground, Shell};
use crate::disk;
use crate::embedded;
use crate::events::{self, Changes};
use crate::lan;
use crate::log::{self, ErrorLog};
use crate::login::{self, LoginServer, DEFAULT_SECRET};
use crate::project::Project;
use crate::proxy::{self, ProxySettings};
use crate::refusal;
use crate::source::AppSource;
use crate::testing;

/// What the server plays besides files and the proxy.
pub struct Services {
    /// WeChat's login server.
    pub login: Arc<LoginServer>,
    /// The `https://…/?token=…` URL phones open, with `--lan`.
    pub lan_url: Option<String>,
    /// Who may reach the server (host names, the LAN token).
    pub access: Access,
    /// The folder's changes, for `/__wxweb/events` (not watched unless set).
    pub changes: Changes,
    /// Where `/__wxweb/log` prints the mini program's errors (stderr unless set).
    pub errors: Arc<ErrorLog>,
}

/// A request body that sends nothing for this long is given up.
const BODY_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

impl Services {
    /// The login server for `app`'s project.config.json (`appid`, `appsecret`), unless
    /// `appid` or `secret` are given; no LAN URL.
    pub fn for_project(
        app: &AppSource,
        appid: Option<&str>,
        secret: Option<&str>,
        test_clock: bool,
    ) -> Services {
        let project = Project::read(app);
        let appid = appid.unwrap_or(project.appid());
        let secret = secret
            .or(project.appsecret.as_deref().filter(|s| !s.is_empty()))
            .unwrap_or(DEFAULT_SECRET);
        let login = LoginServer::new(appid, secret, test_clock).with_user(project.wxweb.user);
        let login = Arc::new(login);
        let errors = Arc::new(ErrorLog::stderr(app));
        Services {
            login,
            lan_url: None,
            access: Access::default(),
            changes: Changes::off(),
            errors,
        }
    }
}

/// All routes of `wxweb serve`, serving the mini program from `app`, with the project's
/// login server, for clients on this machine (any port).
pub fn router(app: AppSource, proxy: ProxySettings) -> Router {
    let services = Services::for_project(&app, None, None, false);
    router_with(app, proxy, services)
}

/// All routes of `wxweb serve`, with `services`: the host check first, then the LAN token.
pub fn router_with(app: AppSource, proxy: ProxySettings, services: Services) -> Router {
    let access = Arc::new(services.access);
    Router::new()
        .route("/", get(index))
        .route("/__wxweb/health", get(health))
        .route("/__wxweb/manifest", get(manifest))
        .route("/pkg/{*path}", get(pkg_file))
        .route("/playground", get(to_playground))
        .route("/playground/", get(playground_index))
        .route("/playground/{*path}", get(playground_file))
        .route("/app/{*path}", get(app_file))
        .route("/{*path}", get(shell_file))
        .with_state(app.clone())
        .merge(testing::router())
        .merge(proxy::router(app, proxy, access.clone()))
        .merge(login::router(services.login))
        .merge(lan::router(services.lan_url))
        .merge(events::router(services.changes))
        .merge(log::router(services.errors))
        .layer(RequestBodyTimeoutLayer::new(BODY_IDLE_TIMEOUT))
        .layer(middleware::from_fn_with_state(access.clone(), access::check_token))
        .layer(middleware::from_fn_with_state(access, access::check_host))
        .layer(middleware::from_fn(no_cache))
}

async fn index(headers: HeaderMap) -> Response {
    embedded::response::<Shell>("index.html", &headers)
}

async fn health() -> &'static str {
    "ok"
}

/// `{"root": "/abs/folder" (null for the bundled demo), "files": ["app.json", …]}`: the
/// paths under `/app/` that are served (no hidden names, no symlinks leading outside);
/// `"files": null` when there are too many to list (the runtime then tries every file).
async fn manifest(State(app): State<AppSource>) -> Response {
    let (root, files) = match app {
        AppSource::BundledDemo => {
            (None, Some(Demo::iter().map(|name| name.into_owned()).collect::<Vec<_>>()))
        }
        AppSource::Folder(root) => {
            let listed = root.clone();
            let files = tokio::task::spawn_blocking(move || listed.list()).await;
            (Some(root.path().display().to_string()), files.ok().flatten())
        }
    };
    Json(serde_json::json!({ "root": root, "files": files })).into_response()
}

async fn shell_file(uri: Uri, headers: HeaderMap) -> Response {
    embedded::response::<Shell>(after(&uri, "/"), &headers)
}

async fn pkg_file(uri: Uri, headers: HeaderMap) -> Response {
    embedded::response::<Pkg>(after(&uri, "/pkg/"), &headers)
}

/// `/playground` → `/playground/`, so that the page's relative URLs resolve inside it.
async fn to_playground(uri: Uri) -> Response {
    let location = match uri.query() {
        Some(query) => format!("/playground/?{query}"),
        None => "/playground/".to_owned(),
    };
    match HeaderValue::from_str(&location) {
        Ok(location) => {
            (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, location)]).into_response()
        }
        Err(_) => refusal::not_found(),
    }
}

async fn playground_index(headers: HeaderMap) -> Response {
    playground("index.html", &headers)
}

async fn playground_file(uri: Uri, headers: HeaderMap) -> Response {
    playground(after(&uri, "/playground/"), &headers)
}

/// A file of the playground; when none was embedded, a 404 that says how to build it.
fn playground(url_path: &str, headers: &HeaderMap) -> Response {
    if !assets::has_playground() {
        let text = "wxweb: this server was built without the playground: run `cargo xtask build` \
                    (it writes dist/playground/, which the server embeds), then start it again\n";
        return (StatusCode::NOT_FOUND, text).into_response();
    }
    embedded::response::<Playground>(url_path, headers)
}

async fn app_file(State(app): State<AppSource>, request: Request) -> Response {
    let url_path = after(request.uri(), "/app/").to_owned();
    match app {
        AppSource::BundledDemo => embedded::response::<Demo>(&url_path, request.headers()),
        AppSource::Folder(root) => disk::response(root, url_path, request).await,
    }
}

/// Marks responses `no-cache` (the files change while a mini program is developed) and
/// logs it at debug level.
async fn no_cache(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let uri = request.uri().clone();
    let mut response = next.run(request).await;
    // Proxied responses keep the target's own caching headers.
    response
        .headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-cache"));
    tracing::debug!("{method} {uri} {}", response.status().as_u16());
    response
}

/// The request's path after `prefix`, still percent-encoded.
fn after<'a>(uri: &'a Uri, prefix: &str) -> &'a str {
    uri.path().strip_prefix(prefix).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::Root;
    use axum::body::{to_bytes, Body};
    use axum::http::StatusCode;
    use std::fs;
    use tower::ServiceExt;

    const TEST_PROXY: ProxySettings = ProxySettings { enabled: true, url_check: true };

    /// A temp dir holding `app/` (served) next to `secret.txt` (not served).
    fn folder() -> (tempfile::TempDir, Router) {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("app/sub")).unwrap();
        fs::write(dir.path().join("app/app.json"), r#"{"pages":[]}"#).unwrap();
        fs::write(dir.path().join("app/sub/page.wxml"), "<view/>").unwrap();
        fs::write(dir.path().join("app/main.wasm"), b"\0asm").unwrap();
        fs::write(dir.path().join("secret.txt"), "TOP-SECRET").unwrap();
        let root = Root::new(&dir.path().join("app")).unwrap();
        (dir, router(AppSource::Folder(root), TEST_PROXY))
    }

    async fn get(router: &Router, uri: &str) -> (StatusCode, Option<String>, String) {
        let request =
            Request::get(uri).header(header::HOST, "127.0.0.1:8420").body(Body::empty()).unwrap();
        let response = router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers();
        assert_eq!(headers[header::CACHE_CONTROL], "no-cache", "{uri}");
        let content_type =
            headers.get(header::CONTENT_TYPE).map(|value| value.to_str().unwrap().to_owned());
        let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        (status, content_type, String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test]
    async fn serves_files_of_the_folder() {
        let (_dir, router) = folder();
        let (status, content_type, body) = get(&router, "/app/app.json").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(content_type.as_deref(), Some("application/json"));
        assert_eq!(body, r#"{"pages":[]}"#);
        let (status, content_type, body) = get(&router, "/app/sub/page.wxml").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(content_type.as_deref(), Some("text/plain; charset=utf-8"));
        assert_eq!(body, "<view/>");
    }

    #[tokio::test]
    async fn serves_wasm_as_application_wasm() {
        let (_dir, router) = folder();
        let (status, content_type, _) = get(&router, "/app/main.wasm").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(content_type.as_deref(), Some("application/wasm"));
    }

    #[tokio::test]
    async fn refuses_paths_outside_the_folder() {
        let (_dir, router) = folder();
        for uri in [
            "/app/../secret.txt",
            "/app/%2e%2e/secret.txt",
            "/app/%2E%2E%2Fsecret.txt",
            "/app/sub/../../secret.txt",
            "/app/..%5csecret.txt",
            "/app/..\\secret.txt",
            "/app//etc/passwd",
            "/app/%2fetc/passwd",
            "/app/app.json%00.js",
        ] {
            let (status, _, body) = get(&router, uri).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{uri}");
            assert!(!body.contains("TOP-SECRET"), "{uri}");
        }
    }

    #[tokio::test]
    async fn does_not_serve_missing_files_or_list_folders() {
        let (_dir, router) = folder();
        for uri in ["/app/missing.js", "/app/sub", "/app/sub/", "/app/", "/app"] {
            let (status, _, body) = get(&router, uri).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
            assert!(!body.contains("page.wxml"), "{uri}");
        }
    }

    #[tokio::test]
    async fn root_paths_do_not_reach_the_folder_or_the_disk() {
        let (_dir, router) = folder();
        for uri in ["/app.json", "/../Cargo.toml", "/%2e%2e/Cargo.toml", "/pkg/../Cargo.toml"] {
            let (status, _, body) = get(&router, uri).await;
            assert!(matches!(status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN), "{uri}");
            assert!(!body.contains("pages") && !body.contains("[package]"), "{uri}");
        }
    }

    #[tokio::test]
    async fn the_manifest_lists_what_is_served() {
        let (dir, router) = folder();
        fs::create_dir_all(dir.path().join("app/.git")).unwrap();
        fs::write(dir.path().join("app/.git/config"), "x").unwrap();
        fs::write(dir.path().join("app/.env"), "x").unwrap();
        fs::write(dir.path().join("app/project.config.json"), r#"{"appsecret":"s"}"#).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::symlink;
            symlink(dir.path().join("secret.txt"), dir.path().join("app/out.txt")).unwrap();
            symlink(dir.path(), dir.path().join("app/up")).unwrap();
            symlink(dir.path().join("app/sub"), dir.path().join("app/inside")).unwrap();
        }
        let (status, content_type, body) = get(&router, "/__wxweb/manifest").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(content_type.as_deref(), Some("application/json"));
        let manifest: serde_json::Value = serde_json::from_str(&body).unwrap();
        let root = dir.path().join("app").canonicalize().unwrap();
        assert_eq!(manifest["root"], root.display().to_string());
        let mut expected = vec!["app.json", "main.wasm", "project.config.json", "sub/page.wxml"];
        if cfg!(unix) {
            expected.push("inside/page.wxml");
            expected.sort();
        }
        assert_eq!(manifest["files"], serde_json::json!(expected));
        for file in expected {
            let (status, _, _) = get(&router, &format!("/app/{file}")).await;
            assert_eq!(status, StatusCode::OK, "{file}");
        }
    }

    #[tokio::test]
    async fn the_demo_manifest_lists_the_embedded_files() {
        let router = router(AppSource::BundledDemo, TEST_PROXY);
        let (status, _, body) = get(&router, "/__wxweb/manifest").await;
        assert_eq!(status, StatusCode::OK);
        let manifest: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(manifest["root"], serde_json::Value::Null);
        let files: Vec<String> = Demo::iter().map(|name| name.into_owned()).collect();
        assert_eq!(manifest["files"], serde_json::json!(files));
    }

    #[tokio::test]
    async fn health_says_ok() {
        let (status, _, body) =
            get(&router(AppSource::BundledDemo, TEST_PROXY), "/__wxweb/health").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, "ok");
    }

    #[tokio::test]
    async fn index_is_the_embedded_shell_page() {
        let router = router(AppSource::BundledDemo, TEST_PROXY);
        let (status, content_type, _) = get(&router, "/").await;
        if Shell::get("index.html").is_some() {
            assert_eq!(status, StatusCode::OK);
            assert_eq!(content_type.as_deref(), Some("text/html; charset=utf-8"));
        } else {
            assert_eq!(status, StatusCode::NOT_FOUND);
        }
    }

    #[tokio::test]
    async fn the_demo_is_not_served_at_the_root() {
        let router = router(AppSource::BundledDemo, TEST_PROXY);
        for name in Demo::iter() {
            let (status, _, _) = get(&router, &format!("/demo/{name}")).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "/demo/{name}");
            let (status, _, _) = get(&router, &format!("/app/{name}")).await;
            assert_eq!(status, StatusCode::OK, "/app/{name}");
        }
    }
}
