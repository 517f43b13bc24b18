//! Errors in the terminal (issue 16): `POST /__wxweb/log` prints a mini program's error
//! with the local path, line and column, the message and the code frame; escape sequences
//! in what the page sends never reach the terminal; bodies past 64 KiB are refused (413),
//! a flood is cut to 20 a second and one "N more" line; only the runtime may post (the
//! `x-wxweb-api` header, same origin, one of our host names). In process on the router,
//! printing into a buffer.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use tower::ServiceExt;
use wxweb_server::files::Root;
use wxweb_server::log::{ErrorLog, MAX_BODY, PER_SECOND};
use wxweb_server::{router_with, AppSource, ProxySettings, Services};

const PROXY: ProxySettings = ProxySettings { enabled: false, url_check: true };

/// What the log printed, shared with the test.
#[derive(Clone, Default)]
struct Printed(Arc<Mutex<Vec<u8>>>);

impl Write for Printed {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Printed {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

/// A served folder, its router printing into `Printed`, with colours if `color`.
fn served(color: bool) -> (tempfile::TempDir, Router, Printed) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("app.json"), r#"{"pages":[]}"#).unwrap();
    let root = Root::new(dir.path()).unwrap();
    let app = AppSource::Folder(root.clone());
    let printed = Printed::default();
    let mut services = Services::for_project(&app, None, None, false);
    let folder = Some(root.path().to_path_buf());
    services.errors = Arc::new(ErrorLog::new(Box::new(printed.clone()), color, folder));
    (dir, router_with(app, PROXY, services), printed)
}

async fn post(router: &Router, body: &str, headers: &[(&str, &str)]) -> StatusCode {
    let mut request = Request::builder().method("POST").uri("/__wxweb/log");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request.body(Body::from(body.to_owned())).unwrap();
    router.clone().oneshot(request).await.unwrap().status()
}

const RUNTIME: [(&str, &str); 3] =
    [("Host", "127.0.0.1:8420"), ("x-wxweb-api", "1"), ("Content-Type", "application/json")];

const FRAME: &str = "  10 |   data: {\n> 11 |     a: ,\n     |        ^\n  12 |   },";

fn compile_error() -> serde_json::Value {
    serde_json::json!({
        "type": "compile", "file": "pages/index/index.js", "line": 11, "column": 8,
        "message": "Unexpected token ','", "frame": FRAME, "stack": null,
    })
}

#[tokio::test]
async fn an_error_is_printed_with_its_local_path_and_frame() {
    let (dir, router, printed) = served(false);
    let status = post(&router, &compile_error().to_string(), &RUNTIME).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let folder = dir.path().canonicalize().unwrap();
    let place = folder.join("pages/index/index.js");
    let expected = format!(
        "wxweb: compile error in {}:11:8\n  Unexpected token ','\n    10 |   data: {{\n  > 11 |     a: ,\n       |        ^\n    12 |   }},\n",
        place.display()
    );
    assert_eq!(printed.text(), expected);

    // A runtime error without a place or a frame: its stack.
    let runtime = serde_json::json!({
        "type": "runtime", "file": null, "line": null, "column": null,
        "message": "boom", "frame": null, "stack": "Error: boom\n    at onLoad (pages/index/index.js:3:11)",
    });
    assert_eq!(post(&router, &runtime.to_string(), &RUNTIME).await, StatusCode::NO_CONTENT);
    assert!(
        printed.text().ends_with(
            "wxweb: error\n  boom\n  Error: boom\n      at onLoad (pages/index/index.js:3:11)\n"
        ),
        "{}",
        printed.text()
    );
}

#[tokio::test]
async fn escape_sequences_from_the_page_never_reach_the_terminal() {
    let (_dir, router, printed) = served(false);
    let sneaky = serde_json::json!({
        "type": "runtime\u{1b}[2J", "file": "a\u{1b}]0;pwned\u{7}.js", "line": 1, "column": 2,
        "message": "\u{1b}[31mred\u{1b}[0m\r\u{8}\u{202e}text",
        "frame": "> 1 | \u{1b}[1Aup\u{9b}2Jx", "stack": null,
    });
    assert_eq!(post(&router, &sneaky.to_string(), &RUNTIME).await, StatusCode::NO_CONTENT);
    let text = printed.text();
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
    assert!(text.contains("a.js:1:2\n  redtext\n  > 1 | upx\n"), "{text:?}");
    assert!(!text.contains("pwned"), "{text:?}");

    // With colours, ours only.
    let (_dir, router, printed) = served(true);
    assert_eq!(post(&router, &sneaky.to_string(), &RUNTIME).await, StatusCode::NO_CONTENT);
    let text = printed.text();
    assert!(text.starts_with("\u{1b}[1;31mwxweb: error\u{1b}[0m in \u{1b}[36m"), "{text:?}");
    assert!(!text.contains("[2J") && !text.contains("[31m") && !text.contains("[1A"), "{text:?}");
}

#[tokio::test]
async fn bodies_past_64_kib_are_refused() {
    let (_dir, router, printed) = served(false);
    let mut large = compile_error();
    large["message"] = "x".repeat(MAX_BODY).into();
    assert_eq!(post(&router, &large.to_string(), &RUNTIME).await, StatusCode::PAYLOAD_TOO_LARGE);
    let mut fits = compile_error();
    fits["message"] = "x".repeat(MAX_BODY - 1000).into();
    assert_eq!(post(&router, &fits.to_string(), &RUNTIME).await, StatusCode::NO_CONTENT);
    assert_eq!(printed.text().matches("wxweb: compile error").count(), 1);
}

#[tokio::test]
async fn only_the_runtime_may_print() {
    let (_dir, router, printed) = served(false);
    let body = compile_error().to_string();
    // No x-wxweb-api header (a form, a navigation, a no-cors fetch cannot send it).
    let no_header = [("Host", "127.0.0.1:8420"), ("Content-Type", "application/json")];
    assert_eq!(post(&router, &body, &no_header).await, StatusCode::FORBIDDEN);
    // Another site's form.
    let form = [
        ("Host", "127.0.0.1:8420"),
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Origin", "http://evil.example"),
        ("Sec-Fetch-Site", "cross-site"),
        ("Sec-Fetch-Mode", "navigate"),
    ];
    assert_eq!(post(&router, "message=hello", &form).await, StatusCode::FORBIDDEN);
    // Another site's fetch with the header (its preflight would fail; refused anyway).
    let fetch = [RUNTIME[0], RUNTIME[1], RUNTIME[2], ("Origin", "http://evil.example")];
    assert_eq!(post(&router, &body, &fetch).await, StatusCode::FORBIDDEN);
    // A name that was rebound to this machine (DNS rebinding).
    let rebound = [("Host", "evil.example:8420"), RUNTIME[1], RUNTIME[2]];
    assert_eq!(post(&router, &body, &rebound).await, StatusCode::FORBIDDEN);
    assert_eq!(printed.text(), "");
    // The simulator's own fetch.
    let own = [
        RUNTIME[0],
        RUNTIME[1],
        RUNTIME[2],
        ("Origin", "http://127.0.0.1:8420"),
        ("Sec-Fetch-Site", "same-origin"),
        ("Sec-Fetch-Mode", "cors"),
    ];
    assert_eq!(post(&router, &body, &own).await, StatusCode::NO_CONTENT);
    assert!(printed.text().contains("Unexpected token"));
}

#[tokio::test]
async fn a_flood_is_cut_to_twenty_a_second() {
    let (_dir, router, printed) = served(false);
    let body = compile_error().to_string();
    for _ in 0..PER_SECOND + 15 {
        assert_eq!(post(&router, &body, &RUNTIME).await, StatusCode::NO_CONTENT);
    }
    assert_eq!(printed.text().matches("wxweb: compile error").count(), PER_SECOND as usize);
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let text = printed.text();
    assert!(text.ends_with("wxweb: 15 more errors not shown (at most 20 a second)\n"), "{text}");
    // The next second prints again.
    assert_eq!(post(&router, &body, &RUNTIME).await, StatusCode::NO_CONTENT);
    assert_eq!(printed.text().matches("wxweb: compile error").count(), PER_SECOND as usize + 1);
}
