//! A mini program's files never come back stale after an edit (issue 16): live reload
//! fetches right after a save, and a second save within the same second must not get a 304
//! with the old file, as `Last-Modified` (one-second resolution) would give. Files under
//! `/app/` revalidate by an `ETag` that changes with each write; `If-Modified-Since` is
//! ignored. In process on the router, for a folder on disk.

use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::http::{Request, StatusCode};
use axum::Router;
use tower::ServiceExt;
use wxweb_server::files::Root;
use wxweb_server::{router, AppSource, ProxySettings};

const PROXY: ProxySettings = ProxySettings { enabled: false, url_check: true };

struct Answer {
    status: StatusCode,
    etag: Option<String>,
    last_modified: Option<String>,
    body: String,
}

async fn get(router: &Router, path: &str, headers: &[(&str, &str)]) -> Answer {
    let mut request = Request::builder().uri(path).header("Host", "127.0.0.1");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = router.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
    let header =
        |name: &str| response.headers().get(name).map(|value| value.to_str().unwrap().to_owned());
    let (status, etag, last_modified) =
        (response.status(), header("etag"), header("last-modified"));
    let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    Answer { status, etag, last_modified, body: String::from_utf8_lossy(&body).into_owned() }
}

#[tokio::test]
async fn two_saves_within_a_second_are_both_seen() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("index.wxss");
    std::fs::write(&file, ".a { color: red }").unwrap();
    let router = router(AppSource::Folder(Root::new(dir.path()).unwrap()), PROXY);

    let first = get(&router, "/app/index.wxss", &[]).await;
    assert_eq!((first.status, first.body.as_str()), (StatusCode::OK, ".a { color: red }"));
    assert_eq!(first.last_modified, None, "a one-second validator would go stale");
    let etag = first.etag.expect("an ETag");
    // Unchanged: 304, by the tag (a browser sends both validators it has).
    let again = get(&router, "/app/index.wxss", &[("If-None-Match", &etag)]).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert_eq!(again.etag.as_deref(), Some(etag.as_str()));

    // A second save, same size, a moment later: within the same second.
    tokio::time::sleep(Duration::from_millis(20)).await;
    std::fs::write(&file, ".a { color: tan }").unwrap();
    let future = "Fri, 01 Jan 2100 00:00:00 GMT";
    let second =
        get(&router, "/app/index.wxss", &[("If-None-Match", &etag), ("If-Modified-Since", future)])
            .await;
    assert_eq!((second.status, second.body.as_str()), (StatusCode::OK, ".a { color: tan }"));
    let new_etag = second.etag.expect("an ETag");
    assert_ne!(new_etag, etag);
    // If-Modified-Since alone no longer answers 304.
    let dated = get(&router, "/app/index.wxss", &[("If-Modified-Since", future)]).await;
    assert_eq!(dated.status, StatusCode::OK);

    // If-Range: the current tag gets the part, a stale one the whole file.
    let part =
        get(&router, "/app/index.wxss", &[("Range", "bytes=0-1"), ("If-Range", &new_etag)]).await;
    assert_eq!((part.status, part.body.as_str()), (StatusCode::PARTIAL_CONTENT, ".a"));
    let whole =
        get(&router, "/app/index.wxss", &[("Range", "bytes=0-1"), ("If-Range", &etag)]).await;
    assert_eq!((whole.status, whole.body.as_str()), (StatusCode::OK, ".a { color: tan }"));
}
