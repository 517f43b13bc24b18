//! Byte ranges (issue 15, item 19): `<audio>`/`<video>` seek with `Range` requests, so the
//! mini program's files answer `Range: bytes=a-b` with `206` and `Content-Range`, `416`
//! past the end, suffix ranges from the end; `If-Range` with a stale validator gets the
//! whole file. Tried in process on the router, for a folder on disk (tower-http's
//! `ServeFile`) and for the bundled demo and the simulator's own files (embedded).

use axum::body::{to_bytes, Body};
use axum::http::{Request, StatusCode};
use axum::Router;
use tower::ServiceExt;
use wxweb_server::files::Root;
use wxweb_server::{router, AppSource, ProxySettings};

const PROXY: ProxySettings = ProxySettings { enabled: false, url_check: true };

/// A folder with `clip.mp3`: the 256 bytes 0, 1, …, 255.
fn folder() -> (tempfile::TempDir, Router) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("app.json"), r#"{"pages":["pages/index/index"]}"#).unwrap();
    std::fs::write(dir.path().join("clip.mp3"), (0..=255u8).collect::<Vec<u8>>()).unwrap();
    let root = Root::new(dir.path()).unwrap();
    (dir, router(AppSource::Folder(root), PROXY))
}

struct Answer {
    status: StatusCode,
    range: Option<String>,
    etag: Option<String>,
    body: Vec<u8>,
}

async fn get(router: &Router, path: &str, headers: &[(&str, &str)]) -> Answer {
    let mut request = Request::builder().uri(path).header("Host", "127.0.0.1");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = router.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
    let header =
        |name: &str| response.headers().get(name).map(|value| value.to_str().unwrap().to_owned());
    let (status, range, etag) = (response.status(), header("content-range"), header("etag"));
    let body = to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec();
    Answer { status, range, etag, body }
}

#[tokio::test]
async fn a_folders_files_answer_byte_ranges() {
    let (_dir, router) = folder();
    let whole = get(&router, "/app/clip.mp3", &[]).await;
    assert_eq!(whole.status, StatusCode::OK);
    assert_eq!(whole.body.len(), 256);

    let part = get(&router, "/app/clip.mp3", &[("Range", "bytes=10-19")]).await;
    assert_eq!(part.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(part.range.as_deref(), Some("bytes 10-19/256"));
    assert_eq!(part.body, (10..=19u8).collect::<Vec<u8>>());

    let open = get(&router, "/app/clip.mp3", &[("Range", "bytes=250-")]).await;
    assert_eq!(open.range.as_deref(), Some("bytes 250-255/256"));
    assert_eq!(open.body, (250..=255u8).collect::<Vec<u8>>());

    let suffix = get(&router, "/app/clip.mp3", &[("Range", "bytes=-4")]).await;
    assert_eq!(suffix.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(suffix.range.as_deref(), Some("bytes 252-255/256"));
    assert_eq!(suffix.body, [252, 253, 254, 255]);

    let past = get(&router, "/app/clip.mp3", &[("Range", "bytes=300-")]).await;
    assert_eq!(past.status, StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(past.range.as_deref(), Some("bytes */256"));
}

#[tokio::test]
async fn ranges_leave_the_folders_rules_alone() {
    let (dir, router) = folder();
    std::fs::write(dir.path().join(".env"), "SECRET=1").unwrap();
    let hidden = get(&router, "/app/.env", &[("Range", "bytes=0-3")]).await;
    assert_eq!(hidden.status, StatusCode::FORBIDDEN);
    assert!(!String::from_utf8_lossy(&hidden.body).contains("SECRET"));
}

#[tokio::test]
async fn embedded_files_answer_byte_ranges() {
    let router = router(AppSource::BundledDemo, PROXY);
    for path in ["/app/app.json", "/simulator.js"] {
        let whole = get(&router, path, &[]).await;
        assert_eq!(whole.status, StatusCode::OK, "{path}");
        let total = whole.body.len();
        assert!(total > 20, "{path}");

        let part = get(&router, path, &[("Range", "bytes=2-9")]).await;
        assert_eq!(part.status, StatusCode::PARTIAL_CONTENT, "{path}");
        assert_eq!(part.range, Some(format!("bytes 2-9/{total}")));
        assert_eq!(part.body, whole.body[2..=9]);

        let suffix = get(&router, path, &[("Range", "bytes=-5")]).await;
        assert_eq!(suffix.range, Some(format!("bytes {}-{}/{total}", total - 5, total - 1)));
        assert_eq!(suffix.body, whole.body[total - 5..]);

        let open = get(&router, path, &[("Range", &format!("bytes={}-", total - 3))]).await;
        assert_eq!(open.body, whole.body[total - 3..]);

        let past = get(&router, path, &[("Range", &format!("bytes={total}-"))]).await;
        assert_eq!(past.status, StatusCode::RANGE_NOT_SATISFIABLE);
        assert_eq!(past.range, Some(format!("bytes */{total}")));

        // If-Range: the current ETag gets the part, a stale one the whole file.
        let etag = whole.etag.clone().unwrap();
        let current = get(&router, path, &[("Range", "bytes=0-0"), ("If-Range", &etag)]).await;
        assert_eq!(current.status, StatusCode::PARTIAL_CONTENT);
        let stale = get(&router, path, &[("Range", "bytes=0-0"), ("If-Range", "\"stale\"")]).await;
        assert_eq!(stale.status, StatusCode::OK);
        assert_eq!(stale.body.len(), total);

        // Several ranges: the whole file (allowed by RFC 9110).
        let several = get(&router, path, &[("Range", "bytes=0-1,4-5")]).await;
        assert_eq!(several.status, StatusCode::OK);
        // Revalidation still wins over a range.
        let revalidated =
            get(&router, path, &[("Range", "bytes=0-1"), ("If-None-Match", &etag)]).await;
        assert_eq!(revalidated.status, StatusCode::NOT_MODIFIED);
    }
}
