//! Files embedded in the binary (the simulator shell, the wasm build, the bundled demo) as
//! responses. tower-http's `ServeDir` and `ServeFile` read only the file system, so these
//! are answered here: the content type, an `ETag` from the SHA-256 that rust-embed computes
//! at compile time, and `304 Not Modified` when `If-None-Match` names it, so that a browser
//! revalidating (`Cache-Control: no-cache`) does not fetch the wasm build again; and a
//! single byte range (`Range: bytes=a-b`, `a-`, `-n`) as `206` with `Content-Range`, or
//! `416` when it lies past the end, so `<audio>`/`<video>` on a bundled file can seek.
//! `If-Range` with another tag, or several ranges, get the whole file (RFC 9110 allows it).

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
    let total = file.data.len();
    let range = request_headers
        .get(header::RANGE)
        .filter(|_| if_range_holds(request_headers, &tag))
        .and_then(|value| value.to_str().ok())
        .and_then(|value| byte_range(value, total));
    let headers = [
        (header::CONTENT_TYPE, content_type),
        (header::ETAG, tag),
        (header::ACCEPT_RANGES, HeaderValue::from_static("bytes")),
    ];
    match range {
        None => (headers, Body::from(file.data)).into_response(),
        Some(Some((first, last))) => {
            let part = file.data.get(first..=last).map(<[u8]>::to_vec).unwrap_or_default();
            let range = [(header::CONTENT_RANGE, ascii(format!("bytes {first}-{last}/{total}")))];
            (StatusCode::PARTIAL_CONTENT, headers, range, part).into_response()
        }
        Some(None) => {
            let range = [(header::CONTENT_RANGE, ascii(format!("bytes */{total}")))];
            (StatusCode::RANGE_NOT_SATISFIABLE, range).into_response()
        }
    }
}

/// A header value of ASCII text (digits and punctuation here, so always valid).
fn ascii(text: String) -> HeaderValue {
    HeaderValue::from_str(&text).unwrap_or(HeaderValue::from_static(""))
}

/// Whether a `Range` applies: no `If-Range`, or one naming the current `tag` (a date
/// never matches, as these files carry no Last-Modified).
pub(crate) fn if_range_holds(request_headers: &HeaderMap, tag: &HeaderValue) -> bool {
    request_headers.get(header::IF_RANGE).is_none_or(|value| value == tag)
}

/// One byte range of a `total`-byte file, as first and last byte: `None` to ignore the
/// header (not bytes, malformed, several ranges), `Some(None)` when it cannot be met
/// (starts past the end, an empty suffix, an empty file).
fn byte_range(header: &str, total: usize) -> Option<Option<(usize, usize)>> {
    let spec = header.trim().strip_prefix("bytes=")?.trim();
    if spec.contains(',') {
        return None;
    }
    let (first, last) = spec.split_once('-')?;
    let number = |text: &str| text.trim().parse::<usize>().ok();
    let range = match (first.trim().is_empty(), last.trim().is_empty()) {
        (true, false) => {
            let suffix = number(last)?;
            (suffix > 0 && total > 0).then(|| (total - suffix.min(total), total - 1))
        }
        (false, true) => {
            let first = number(first)?;
            (first < total).then(|| (first, total - 1))
        }
        (false, false) => {
            let (first, last) = (number(first)?, number(last)?);
            if last < first {
                return None;
            }
            (first < total).then(|| (first, last.min(total - 1)))
        }
        (true, true) => return None,
    };
    Some(range)
}

/// A strong entity tag from a file's hash: its first 16 bytes in hex, quoted.
fn etag(hash: &[u8; 32]) -> HeaderValue {
    let hex: String = hash[..16].iter().map(|byte| format!("{byte:02x}")).collect();
    HeaderValue::from_str(&format!("\"{hex}\"")).unwrap_or(HeaderValue::from_static("\"\""))
}

/// Whether `If-None-Match` names `tag` or is `*` (by the weak comparison RFC 9110 asks
/// for this header: a `W/` prefix is ignored).
pub(crate) fn matches_none(request_headers: &HeaderMap, tag: &HeaderValue) -> bool {
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
    fn byte_ranges_as_rfc_9110_reads_them() {
        assert_eq!(byte_range("bytes=0-9", 100), Some(Some((0, 9))));
        assert_eq!(byte_range("bytes=90-", 100), Some(Some((90, 99))));
        assert_eq!(byte_range("bytes=90-200", 100), Some(Some((90, 99))));
        assert_eq!(byte_range("bytes=-5", 100), Some(Some((95, 99))));
        assert_eq!(byte_range("bytes=-500", 100), Some(Some((0, 99))));
        assert_eq!(byte_range("bytes=100-", 100), Some(None));
        assert_eq!(byte_range("bytes=-0", 100), Some(None));
        assert_eq!(byte_range("bytes=0-", 0), Some(None));
        for ignored in ["items=0-1", "bytes=5-2", "bytes=0-1,4-5", "bytes=-", "bytes=a-b"] {
            assert_eq!(byte_range(ignored, 100), None, "{ignored}");
        }
    }

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
