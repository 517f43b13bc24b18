//! The playground at `/playground/` (issue 17): the files `cargo xtask build` writes to
//! `dist/playground/`, embedded in the server when it is compiled, served as the simulator's
//! own files are (content types, ETags, the host check), whatever mini program is served;
//! `/playground` redirects there. A server compiled without them answers `/playground/` with a
//! 404 that says how to build them. Tried in process on the router.

use std::path::{Path, PathBuf};

use axum::body::{to_bytes, Body};
use axum::http::{Request, StatusCode};
use axum::Router;
use tower::ServiceExt;
use wxweb_server::files::Root;
use wxweb_server::{router, AppSource, ProxySettings};

const PROXY: ProxySettings = ProxySettings { enabled: false, url_check: true };

/// `dist/playground/`, which the server embeds when it is compiled (its build script
/// recompiles it when the folder changes).
fn built() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../dist/playground")
}

fn is_built() -> bool {
    built().join("index.html").is_file()
}

struct Answer {
    status: StatusCode,
    content_type: String,
    location: String,
    etag: String,
    body: Vec<u8>,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

async fn get(router: &Router, path: &str, headers: &[(&str, &str)]) -> Answer {
    let mut request = Request::builder().uri(path);
    if !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("host")) {
        request = request.header("Host", "127.0.0.1:8420");
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = router.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|value| value.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let (status, content_type, location, etag) =
        (response.status(), header("content-type"), header("location"), header("etag"));
    let body = to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec();
    Answer { status, content_type, location, etag, body }
}

fn demo() -> Router {
    router(AppSource::BundledDemo, PROXY)
}

#[tokio::test]
async fn playground_without_a_slash_redirects_to_the_folder() {
    let answer = get(&demo(), "/playground", &[]).await;
    assert_eq!(answer.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(answer.location, "/playground/");
    let answer = get(&demo(), "/playground?x=1", &[]).await;
    assert_eq!(answer.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(answer.location, "/playground/?x=1");
}

#[tokio::test]
async fn serves_the_built_playground_page_bundle_and_gallery() {
    if !is_built() {
        let answer = get(&demo(), "/playground/", &[]).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND);
        assert!(answer.text().contains("run `cargo xtask build`"), "{}", answer.text());
        return;
    }
    let router = demo();
    let page = get(&router, "/playground/", &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.content_type, "text/html; charset=utf-8");
    assert_eq!(page.body, std::fs::read(built().join("index.html")).unwrap());
    assert_eq!(get(&router, "/playground/index.html", &[]).await.body, page.body);

    let bundle = get(&router, "/playground/playground.js", &[]).await;
    assert_eq!(bundle.status, StatusCode::OK);
    assert_eq!(bundle.content_type, "text/javascript; charset=utf-8");
    assert_eq!(bundle.body, std::fs::read(built().join("playground.js")).unwrap());
    let again = get(&router, "/playground/playground.js", &[("If-None-Match", &bundle.etag)]).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED, "revalidated by its ETag");

    let index = get(&router, "/playground/gallery/index.json", &[]).await;
    assert_eq!(index.status, StatusCode::OK);
    assert_eq!(index.content_type, "application/json");
    let index: serde_json::Value = serde_json::from_slice(&index.body).unwrap();
    let sections = index["sections"].as_array().unwrap();
    assert_eq!(sections.last().unwrap()["title"], "Demo");
    for section in sections {
        for entry in section["entries"].as_array().unwrap() {
            assert!(entry.get("folder").is_none(), "{entry}");
            let id = entry["id"].as_str().unwrap();
            let project = get(&router, &format!("/playground/gallery/{id}.json"), &[]).await;
            assert_eq!(project.status, StatusCode::OK, "{id}");
            let project: serde_json::Value = serde_json::from_slice(&project.body).unwrap();
            assert!(project["files"]["app.json"].is_string(), "{id}");
        }
    }
}

#[tokio::test]
async fn the_playground_keeps_the_servers_rules() {
    let router = demo();
    let foreign = get(&router, "/playground/", &[("Host", "evil.example")]).await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    for path in [
        "/playground/missing.js",
        "/playground/gallery/",
        "/playground/../Cargo.toml",
        "/playground/%2e%2e/%2e%2e/Cargo.toml",
        "/playground/gallery/..%2f..%2fCargo.toml",
    ] {
        let answer = get(&router, path, &[]).await;
        assert!(
            matches!(answer.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
            "{path}: {}",
            answer.status
        );
        assert!(!answer.text().contains("[package]"), "{path}");
    }
}

#[tokio::test]
async fn the_playground_is_there_whatever_folder_is_served() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("app.json"), r#"{"pages":["pages/index/index"]}"#).unwrap();
    std::fs::create_dir(dir.path().join("playground")).unwrap();
    std::fs::write(dir.path().join("playground/index.html"), "the folder's own").unwrap();
    let folder = router(AppSource::Folder(Root::new(dir.path()).unwrap()), PROXY);
    let answer = get(&folder, "/playground/", &[]).await;
    assert!(!answer.text().contains("the folder's own"));
    assert_eq!(answer.body, get(&demo(), "/playground/", &[]).await.body);
    let expected = if is_built() { StatusCode::OK } else { StatusCode::NOT_FOUND };
    assert_eq!(answer.status, expected);
}
