//! Live reload (issue 16): `GET /__wxweb/events` says `hello` (watching or not), then one
//! debounced `change` event per burst of edits in the served folder, naming the files
//! relative to it; hidden names, `node_modules`, editor temp files and symlinks leading
//! outside are not reported; deletions and renames are. At most 32 streams. In process on
//! the router, with a real watcher on a temp folder, and once through the binary.

mod common;

use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use axum::body::{Body, BodyDataStream};
use axum::http::{Request, StatusCode};
use axum::Router;
use futures_util::StreamExt;
use tower::ServiceExt;
use wxweb_server::events::{Changes, MAX_STREAMS};
use wxweb_server::files::Root;
use wxweb_server::{router, router_with, AppSource, ProxySettings, Services};

const PROXY: ProxySettings = ProxySettings { enabled: false, url_check: true };

/// A mini-program folder, watched, and its router.
fn watched() -> (tempfile::TempDir, Router) {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("pages/index")).unwrap();
    fs::create_dir_all(dir.path().join(".git/objects")).unwrap();
    fs::create_dir_all(dir.path().join("node_modules/lib")).unwrap();
    fs::write(dir.path().join("app.json"), r#"{"pages":["pages/index/index"]}"#).unwrap();
    fs::write(dir.path().join("pages/index/index.js"), "Page({})").unwrap();
    let root = Root::new(dir.path()).unwrap();
    let app = AppSource::Folder(root.clone());
    let mut services = Services::for_project(&app, None, None, false);
    services.changes = Changes::watch(&root).unwrap();
    (dir, router_with(app, PROXY, services))
}

async fn open(router: &Router, headers: &[(&str, &str)]) -> (StatusCode, BodyDataStream) {
    let mut request = Request::builder().uri("/__wxweb/events").header("Host", "127.0.0.1");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = router.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
    (response.status(), response.into_body().into_data_stream())
}

/// An event stream, read one event at a time.
struct Events {
    body: BodyDataStream,
    buffer: String,
}

impl Events {
    async fn open(router: &Router) -> Events {
        let (status, body) = open(router, &[]).await;
        assert_eq!(status, StatusCode::OK);
        Events { body, buffer: String::new() }
    }

    /// The next event's name and data, or `None` if none comes within `wait`.
    async fn next(&mut self, wait: Duration) -> Option<(String, serde_json::Value)> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some((event, rest)) = self.buffer.split_once("\n\n") {
                let (event, rest) = (event.to_owned(), rest.to_owned());
                self.buffer = rest;
                let field = |name: &str| {
                    event.lines().find_map(|line| line.strip_prefix(name)).unwrap_or("").to_owned()
                };
                if event.lines().all(|line| line.starts_with(':')) {
                    continue; // a keep-alive comment
                }
                let data = serde_json::from_str(&field("data: ")).unwrap();
                return Some((field("event: "), data));
            }
            let chunk = tokio::time::timeout_at(deadline, self.body.next()).await.ok()??;
            self.buffer.push_str(std::str::from_utf8(&chunk.unwrap()).unwrap());
        }
    }

    /// The files of the next `change` event within `wait`.
    async fn change(&mut self, wait: Duration) -> Option<Vec<String>> {
        let (event, data) = self.next(wait).await?;
        assert_eq!(event, "change", "{data}");
        Some(serde_json::from_value(data["files"].clone()).unwrap())
    }

    /// Skips the hello.
    async fn hello(&mut self) -> serde_json::Value {
        let (event, data) = self.next(Duration::from_secs(5)).await.unwrap();
        assert_eq!(event, "hello");
        data
    }
}

const SOON: Duration = Duration::from_secs(1);
/// Longer than a burst may last: nothing more comes after it.
const QUIET: Duration = Duration::from_millis(700);

#[tokio::test]
async fn hello_says_whether_the_folder_is_watched() {
    let (_dir, router) = watched();
    assert_eq!(Events::open(&router).await.hello().await, serde_json::json!({"watching": true}));
    let demo = router_demo();
    let mut events = Events::open(&demo).await;
    assert_eq!(events.hello().await, serde_json::json!({"watching": false}));
    assert_eq!(events.next(Duration::from_millis(200)).await, None);
}

fn router_demo() -> Router {
    router(AppSource::BundledDemo, PROXY)
}

#[tokio::test]
async fn a_write_is_one_change_event_within_a_second() {
    let (dir, router) = watched();
    let mut events = Events::open(&router).await;
    events.hello().await;
    let started = Instant::now();
    fs::write(dir.path().join("pages/index/index.wxss"), ".a { color: red }").unwrap();
    let files = events.change(SOON).await.expect("a change event");
    assert!(started.elapsed() < SOON, "{:?}", started.elapsed());
    assert_eq!(files, ["pages/index/index.wxss"]);
    assert_eq!(events.change(QUIET).await, None, "one event for one write");
}

#[tokio::test]
async fn a_burst_of_writes_is_one_or_two_events() {
    let (dir, router) = watched();
    let mut events = Events::open(&router).await;
    events.hello().await;
    for i in 0..20 {
        let name = format!("pages/index/f{}.js", i % 5);
        fs::write(dir.path().join(name), format!("// {i}")).unwrap();
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let mut batches = Vec::new();
    while let Some(files) = events.change(QUIET).await {
        batches.push(files);
    }
    assert!((1..=2).contains(&batches.len()), "{batches:?}");
    let mut all: Vec<String> = batches.concat();
    all.sort();
    all.dedup();
    let expected: Vec<String> = (0..5).map(|i| format!("pages/index/f{i}.js")).collect();
    assert_eq!(all, expected);
}

#[tokio::test]
async fn a_long_burst_is_cut_at_half_a_second() {
    let (dir, router) = watched();
    let mut events = Events::open(&router).await;
    events.hello().await;
    let started = Instant::now();
    let mut first = None;
    while started.elapsed() < Duration::from_millis(1200) {
        fs::write(dir.path().join("app.js"), "App({})").unwrap();
        tokio::time::sleep(Duration::from_millis(30)).await;
        if first.is_none() {
            // Look for an event without holding up the writes.
            if let Some(files) = events.change(Duration::from_millis(1)).await {
                first = Some((files, started.elapsed()));
            }
        }
    }
    let (files, after) = first.expect("an event during the burst");
    assert_eq!(files, ["app.js"]);
    assert!(after < Duration::from_millis(900), "{after:?}");
}

#[tokio::test]
async fn reading_files_is_no_change() {
    let (_dir, router) = watched();
    let mut events = Events::open(&router).await;
    events.hello().await;
    // The simulator loads the files after each change: its reads must not start another.
    for path in ["/app/app.json", "/app/pages/index/index.js", "/__wxweb/manifest"] {
        let request = Request::builder().uri(path).header("Host", "127.0.0.1");
        let response = router.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    }
    assert_eq!(events.change(QUIET).await, None);
}

#[tokio::test]
async fn hidden_names_node_modules_and_editor_files_are_ignored() {
    let (dir, router) = watched();
    let mut events = Events::open(&router).await;
    events.hello().await;
    let path = dir.path();
    fs::write(path.join(".git/index"), "x").unwrap();
    fs::write(path.join(".git/objects/ab"), "x").unwrap();
    fs::create_dir(path.join(".vscode")).unwrap();
    fs::write(path.join(".vscode/settings.json"), "{}").unwrap();
    fs::write(path.join(".env"), "SECRET=1").unwrap();
    fs::write(path.join("node_modules/lib/index.js"), "x").unwrap();
    fs::create_dir_all(path.join("pages/node_modules/x")).unwrap();
    fs::write(path.join("pages/node_modules/x/a.js"), "x").unwrap();
    fs::write(path.join("pages/index/index.js~"), "x").unwrap();
    fs::write(path.join("pages/index/.index.js.swp"), "x").unwrap();
    fs::write(path.join("pages/index/index.js.swx"), "x").unwrap();
    fs::write(path.join("pages/index/4913"), "x").unwrap();
    fs::remove_file(path.join("pages/index/4913")).unwrap();
    assert_eq!(events.change(QUIET).await, None);
    fs::write(path.join("app.json"), r#"{"pages":["pages/index/index"]}"#).unwrap();
    assert_eq!(events.change(SOON).await.unwrap(), ["app.json"]);
}

#[tokio::test]
async fn deletions_renames_and_new_folders_are_reported() {
    let (dir, router) = watched();
    let mut events = Events::open(&router).await;
    events.hello().await;
    let path = dir.path();
    fs::remove_file(path.join("pages/index/index.js")).unwrap();
    assert_eq!(events.change(SOON).await.unwrap(), ["pages/index/index.js"]);
    fs::rename(path.join("app.json"), path.join("app2.json")).unwrap();
    assert_eq!(events.change(SOON).await.unwrap(), ["app.json", "app2.json"]);
    // A folder made now is watched too.
    fs::create_dir(path.join("pages/new")).unwrap();
    assert_eq!(events.change(SOON).await.unwrap(), ["pages/new"]);
    fs::write(path.join("pages/new/new.wxml"), "<view/>").unwrap();
    assert_eq!(events.change(SOON).await.unwrap(), ["pages/new/new.wxml"]);
    // A folder renamed away: its old name; the files in it under their new one after.
    fs::rename(path.join("pages/new"), path.join("pages/moved")).unwrap();
    assert_eq!(events.change(SOON).await.unwrap(), ["pages/moved", "pages/new"]);
    fs::write(path.join("pages/moved/new.wxml"), "<text/>").unwrap();
    assert_eq!(events.change(SOON).await.unwrap(), ["pages/moved/new.wxml"]);
}

#[cfg(unix)]
#[tokio::test]
async fn symlinks_leading_outside_are_not_reported() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.txt"), "x").unwrap();
    fs::create_dir(outside.path().join("dir")).unwrap();
    let (dir, router) = watched();
    std::os::unix::fs::symlink(outside.path().join("dir"), dir.path().join("out")).unwrap();
    let mut events = Events::open(&router).await;
    events.hello().await;
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), dir.path().join("link.txt"))
        .unwrap();
    fs::write(outside.path().join("dir/a.js"), "x").unwrap();
    fs::write(outside.path().join("secret.txt"), "y").unwrap();
    assert_eq!(events.change(QUIET).await, None);
}

#[tokio::test]
async fn streams_are_capped_and_freed_when_clients_go() {
    let (_dir, router) = watched();
    let mut streams = Vec::new();
    for _ in 0..MAX_STREAMS {
        let (status, body) = open(&router, &[]).await;
        assert_eq!(status, StatusCode::OK);
        streams.push(body);
    }
    assert_eq!(open(&router, &[]).await.0, StatusCode::SERVICE_UNAVAILABLE);
    streams.pop();
    assert_eq!(open(&router, &[]).await.0, StatusCode::OK);
}

#[tokio::test]
async fn other_sites_and_navigations_get_no_stream() {
    let (_dir, router) = watched();
    let (status, _) = open(&router, &[("Sec-Fetch-Site", "cross-site")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = open(&router, &[("Sec-Fetch-Mode", "navigate")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = open(&router, &[("Origin", "http://evil.example")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) =
        open(&router, &[("Sec-Fetch-Site", "same-origin"), ("Sec-Fetch-Mode", "cors")]).await;
    assert_eq!(status, StatusCode::OK);
}

/// An event stream on its own connection to the binary; the text read so far.
fn raw_stream(server: &common::Server) -> (TcpStream, String) {
    let mut stream = TcpStream::connect(server.address()).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let request = format!("GET /__wxweb/events HTTP/1.1\r\nHost: {}\r\n\r\n", server.address());
    stream.write_all(request.as_bytes()).unwrap();
    let mut text = String::new();
    read_until(&mut stream, &mut text, "\n\n");
    (stream, text)
}

/// Reads from `stream` into `text` until it holds `end` (or the read times out).
fn read_until(stream: &mut TcpStream, text: &mut String, end: &str) {
    let mut buffer = [0; 4096];
    while !text.contains(end) {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => text.push_str(&String::from_utf8_lossy(&buffer[..n])),
        }
    }
}

#[test]
fn the_binary_says_it_watches_and_streams_changes() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("app.json"), r#"{"pages":[]}"#).unwrap();
    let folder = dir.path().canonicalize().unwrap();
    let server = common::Server::start_until(&["--port", "0", folder.to_str().unwrap()], |line| {
        line.starts_with("wxweb: watching")
    });
    assert!(server.lines[1].starts_with("WXWEB_URL="), "{:?}", server.lines);
    let watching = format!("wxweb: watching {}", folder.display());
    assert!(server.lines[2].starts_with(&watching), "{:?}", server.lines);

    let (mut stream, mut text) = raw_stream(&server);
    assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
    assert!(text.to_ascii_lowercase().contains("content-type: text/event-stream"), "{text}");
    assert!(text.contains("retry: 1000\nevent: hello\ndata: {\"watching\":true}\n\n"), "{text}");
    text.clear();
    fs::write(dir.path().join("app.wxss"), "page {}").unwrap();
    read_until(&mut stream, &mut text, "\n\n");
    assert!(text.contains("event: change\ndata: {\"files\":[\"app.wxss\"]}\n\n"), "{text}");

    // The places of clients that hung up are given back.
    let mut streams: Vec<TcpStream> = (1..MAX_STREAMS).map(|_| raw_stream(&server).0).collect();
    let (status, _, _) = server.get("/__wxweb/events", &[]);
    assert_eq!(status, 503);
    drop(stream);
    streams.truncate(MAX_STREAMS - 4);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let (_, text) = raw_stream(&server);
        if text.starts_with("HTTP/1.1 200") {
            break;
        }
        assert!(Instant::now() < deadline, "no place given back: {text}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_binary_serving_the_demo_watches_nothing() {
    let server =
        common::Server::start_until(&["--port", "0"], |line| line.starts_with("WXWEB_URL="));
    let (_stream, text) = raw_stream(&server);
    assert!(text.contains("retry: 1000\nevent: hello\ndata: {\"watching\":false}\n\n"), "{text}");
}
