//! Files of a mini-program folder as responses, through tower-http's `ServeFile`.
//!
//! [`Root::find`] first keeps the request inside the folder and away from hidden names
//! (tower-http's `ServeDir` would refuse `..` but serve dotfiles and follow symlinks out of
//! the folder); `ServeFile` then serves the canonical file it found, so nothing is resolved
//! twice: the content type, `Content-Length`, `Last-Modified`, conditional requests
//! (`If-Modified-Since` → 304, `If-Unmodified-Since` → 412), byte ranges (206, 416) and
//! HEAD. project.config.json is not given to it: it is read whole to drop the appsecret.

use std::convert::Infallible;
use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeFile;

use crate::config_file;
use crate::content_type::content_type;
use crate::files::{clean_path, Lookup, Root};
use crate::refusal;

/// Bytes read from the file at a time: the whole file up to 1 MiB (each read is a hop to a
/// blocking thread, tower-http's 64 KiB would make sixteen of a 1 MiB image), no less than
/// 8 KiB.
const MIN_CHUNK: usize = 8 * 1024;
const MAX_CHUNK: usize = 1024 * 1024;

/// What a request path comes to, found on a blocking thread (it reads the file system).
enum Resolved {
    /// A file for `ServeFile`, by its canonical path, with the content type of its name
    /// and the size of its reads.
    File(PathBuf, &'static str, usize),
    /// An answer already: a refusal, or the project config without its secret.
    Answer(Response),
}

/// The response to `request` for `url_path` (percent-encoded, without a leading `/`).
pub async fn response(root: Root, url_path: String, request: Request) -> Response {
    let resolved = tokio::task::spawn_blocking(move || resolve(&root, &url_path)).await;
    match resolved {
        Ok(Resolved::File(path, content_type, chunk)) => {
            serve_file(path, content_type, chunk, request).await
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
        Lookup::Found(file) => {
            let size = std::fs::metadata(&file).map_or(0, |metadata| metadata.len());
            let chunk = usize::try_from(size).unwrap_or(MAX_CHUNK).clamp(MIN_CHUNK, MAX_CHUNK);
            Resolved::File(file, content_type(&name), chunk)
        }
        Lookup::NotFound => Resolved::Answer(refusal::not_found()),
        Lookup::Refused => Resolved::Answer(refusal::forbidden()),
    }
}

fn is_project_config_file(file: &Path) -> bool {
    file.file_name().and_then(|name| name.to_str()).is_some_and(config_file::is_project_config)
}

async fn serve_file(path: PathBuf, content_type: &str, chunk: usize, request: Request) -> Response {
    let mime = content_type.parse().unwrap_or(mime::APPLICATION_OCTET_STREAM);
    let served: Result<_, Infallible> =
        ServeFile::new_with_mime(path, &mime).with_buf_chunk_size(chunk).oneshot(request).await;
    match served {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    }
}
