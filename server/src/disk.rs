//! Files of a mini-program folder as responses, through tower-http's `ServeFile`.
//!
//! [`Root::find`] first keeps the request inside the folder and away from hidden names
//! (tower-http's `ServeDir` would refuse `..` but serve dotfiles and follow symlinks out of
//! the folder); `ServeFile` then serves the canonical file it found, so nothing is resolved
//! twice: the content type, `Content-Length`, `If-Unmodified-Since` (412), byte ranges
//! (206, 416) and HEAD. project.config.json is not given to it: it is read whole to drop
//! the appsecret.
//!
//! Revalidation is by an `ETag` made here from the file's size, modification time in
//! nanoseconds (and, on Unix, its inode and change time), answered with 304 when
//! `If-None-Match` names it; `ServeFile`'s `Last-Modified` is dropped and
//! `If-Modified-Since` ignored, as their one-second resolution would answer 304 with the
//! old file after two saves within a second (live reload fetches right after a save).
//! `If-Range` is answered here too (`ServeFile` ignores it): another tag gets the whole file.

use std::convert::Infallible;
use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeFile;

use crate::config_file;
use crate::content_type::content_type;
use crate::embedded::{if_range_holds, matches_none};
use crate::files::{clean_path, Lookup, Root};
use crate::refusal;

/// Bytes read from the file at a time: the whole file up to 1 MiB (each read is a hop to a
/// blocking thread, tower-http's 64 KiB would make sixteen of a 1 MiB image), no less than
/// 8 KiB.
const MIN_CHUNK: usize = 8 * 1024;
const MAX_CHUNK: usize = 1024 * 1024;

/// What a request path comes to, found on a blocking thread (it reads the file system).
enum Resolved {
    /// A file for `ServeFile`, by its canonical path, with the content type of its name,
    /// the size of its reads and its entity tag.
    File(PathBuf, &'static str, usize, HeaderValue),
    /// An answer already: a refusal, or the project config without its secret.
    Answer(Response),
}

/// The response to `request` for `url_path` (percent-encoded, without a leading `/`).
pub async fn response(root: Root, url_path: String, request: Request) -> Response {
    let resolved = tokio::task::spawn_blocking(move || resolve(&root, &url_path)).await;
    match resolved {
        Ok(Resolved::File(path, content_type, chunk, tag)) => {
            serve_file(path, content_type, chunk, tag, request).await
        }
        Ok(Resolved::Answer(response)) => response,
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

fn resolve(root: &Root, url_path: &str) -> Resolved {
    let Some(name) = clean_path(url_path) else {
        return Resolved::Answer(refusal::forbidden());
    };
    match root.find(&name) {
        // By the name asked for and by the file's own (a link to it, another case).
        Lookup::Found(file)
            if config_file::is_project_config(&name) || is_project_config_file(&file) =>
        {
            Resolved::Answer(match std::fs::read(&file) {
                Ok(bytes) => config_file::response(&bytes),
                Err(_) => refusal::not_found(),
            })
        }
        Lookup::Found(file) => match std::fs::metadata(&file) {
            Ok(metadata) => {
                let size = metadata.len();
                let chunk = usize::try_from(size).unwrap_or(MAX_CHUNK).clamp(MIN_CHUNK, MAX_CHUNK);
                Resolved::File(file, content_type(&name), chunk, etag(&metadata))
            }
            Err(_) => Resolved::Answer(refusal::not_found()),
        },
        Lookup::NotFound => Resolved::Answer(refusal::not_found()),
        Lookup::Refused => Resolved::Answer(refusal::forbidden()),
    }
}

fn is_project_config_file(file: &Path) -> bool {
    file.file_name().and_then(|name| name.to_str()).is_some_and(config_file::is_project_config)
}

/// A strong entity tag that changes with each write: size, modification time in
/// nanoseconds, and on Unix the inode and the change time (which no tool can set back).
fn etag(metadata: &Metadata) -> HeaderValue {
    let nanos = metadata
        .modified()
        .ok()
        .and_then(|time| time.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |since| since.as_nanos());
    #[allow(unused_mut)]
    let mut tag = format!("\"{:x}-{nanos:x}", metadata.len());
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        tag.push_str(&format!(
            "-{:x}-{:x}.{:x}",
            metadata.ino(),
            metadata.ctime(),
            metadata.ctime_nsec()
        ));
    }
    tag.push('"');
    HeaderValue::from_str(&tag).unwrap_or(HeaderValue::from_static("\"\""))
}

async fn serve_file(
    path: PathBuf,
    content_type: &str,
    chunk: usize,
    tag: HeaderValue,
    mut request: Request,
) -> Response {
    if matches_none(request.headers(), &tag) {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, tag)]).into_response();
    }
    let headers = request.headers_mut();
    headers.remove(header::IF_MODIFIED_SINCE);
    if !if_range_holds(headers, &tag) {
        headers.remove(header::RANGE);
    }
    headers.remove(header::IF_RANGE);
    let mime = content_type.parse().unwrap_or(mime::APPLICATION_OCTET_STREAM);
    let served: Result<_, Infallible> =
        ServeFile::new_with_mime(path, &mime).with_buf_chunk_size(chunk).oneshot(request).await;
    let mut response = match served {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    };
    let headers = response.headers_mut();
    headers.remove(header::LAST_MODIFIED);
    if response.status().is_success() {
        response.headers_mut().insert(header::ETAG, tag);
    }
    response
}
