//! Files embedded in the binary (the simulator shell, the wasm build, the bundled demo) as
//! responses. tower-http's `ServeDir` and `ServeFile` read only the file system, so these
//! are answered here: the content type, an `ETag` from the SHA-256 that rust-embed computes
//! at compile time, and `304 Not Modified` when `If-None-Match` names it, so that a browser
//! revalidating (`Cache-Control: no-cache`) does not fetch the wasm build again.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rust_embed::Embed;

use crate::config_file;
use crate::content_type::content_type;
use crate::files::clean_path;
use crate::refusal;

/// The response for `url_path` (percent-encoded, without a leading `/`) in `E`.
pub fn response<E: Embed>(url_path: &str, request_headers: &HeaderMap) -> Response {
    let Some(name) = clean_path(url_path) else {
        return refusal::forbidden();
    };
    let Some(file) = E::get(&name) else {
        return refusal::not_found();
    };
    if config_file::is_project_config(&name) {
        return config_file::response(&file.data);
    }
    let tag = etag(&file.metadata.sha256_hash());
    if matches_none(request_headers, &tag) {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, tag)]).into_response();
    }
    let content_type = HeaderValue::from_static(content_type(&name));
    ([(header::CONTENT_TYPE, content_type), (header::ETAG, tag)], Body::from(file.data))
        .into_response()
}

/// A strong entity tag from a file's hash: its first 16 bytes in hex, quoted.
fn etag(hash: &[u8; 32]) -> HeaderValue {
    let hex: String = hash[..16].iter().map(|byte| format!("{byte:02x}")).collect();
    HeaderValue::from_str(&format!("\"{hex}\"")).unwrap_or(HeaderValue::from_static("\"\""))
}

/// Whether `If-None-Match` names `tag` or is `*` (by the weak comparison RFC 9110 asks
/// for this header: a `W/` prefix is ignored).
fn matches_none(request_headers: &HeaderMap, tag: &HeaderValue) -> bool {
    let Ok(tag) = tag.to_str() else { return false };
    request_headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|listed| listed == "*" || listed.strip_prefix("W/").unwrap_or(listed) == tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_etag_is_the_quoted_hash_prefix() {
        let mut hash = [0u8; 32];
        hash[0] = 0xab;
        hash[15] = 0x01;
        hash[16] = 0xff;
        assert_eq!(etag(&hash), "\"ab000000000000000000000000000001\"");
    }

    #[test]
    fn if_none_match_lists_weak_tags_and_stars() {
        let tag = HeaderValue::from_static("\"abc\"");
        let with = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::IF_NONE_MATCH, HeaderValue::from_static(value));
            matches_none(&headers, &tag)
        };
        assert!(with("\"abc\""));
        assert!(with("\"x\", W/\"abc\""));
        assert!(with("*"));
        assert!(!with("\"abd\""));
        assert!(!with("abc"));
        assert!(!matches_none(&HeaderMap::new(), &tag));
    }
}
