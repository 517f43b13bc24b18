//! `/__wxweb/proxy?url=…`: a mini program may call any HTTPS host, a browser page may
//! not (CORS), so the runtime sends cross-origin requests here and the server makes them.
//! It forwards method, headers, body and status faithfully, streaming both bodies, and
//! follows the developer tools' domain check. `x-wxweb-method` carries the methods
//! `fetch` refuses to send (TRACE, CONNECT); `x-wxweb-api` names the wx function.
//!
//! Its own refusals and failures carry `x-wxweb-proxy-error: <text>`, which the runtime
//! reports as `request:fail <text>`; anything else is the target's own response.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use futures_util::{Stream, StreamExt};

use crate::project::{Api, Project};
use crate::routes::AppSource;

/// Largest request body forwarded.
const MAX_REQUEST: u64 = 64 * 1024 * 1024;
/// Largest response body forwarded.
const MAX_RESPONSE: u64 = 256 * 1024 * 1024;
const TIMEOUT: Duration = Duration::from_secs(120);

/// How the proxy was asked to behave on the command line.
#[derive(Debug, Clone, Copy)]
pub struct ProxySettings {
    pub enabled: bool,
    /// `false` with `--no-url-check`: no domain check whatever the project says.
    pub url_check: bool,
}

struct Proxy {
    client: Option<reqwest::Client>,
    app: AppSource,
    settings: ProxySettings,
}

/// The `/__wxweb/proxy` route.
pub fn router(app: AppSource, settings: ProxySettings) -> Router {
    // rustls needs a process-wide crypto provider; installing one twice is harmless.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder().timeout(TIMEOUT).build().ok();
    let proxy = Arc::new(Proxy { client, app, settings });
    Router::new().route("/__wxweb/proxy", any(forward)).with_state(proxy)
}

/// A refusal or failure of the proxy itself.
fn refuse(status: StatusCode, text: &str) -> Response {
    let mut response = (status, format!("{text}\n")).into_response();
    if let Ok(value) = HeaderValue::from_str(text) {
        response.headers_mut().insert("x-wxweb-proxy-error", value);
    }
    response
}

/// Hop-by-hop headers and the ones the proxy sets itself are not forwarded.
fn forwarded(name: &HeaderName) -> bool {
    !matches!(
        name.as_str(),
        "connection" | "keep-alive" | "proxy-authenticate" | "proxy-authorization" | "proxy-connection"
            | "te" | "trailer" | "transfer-encoding" | "upgrade" | "host" | "origin" | "referer"
    ) && !name.as_str().starts_with("x-wxweb-")
}

/// Why the proxy refuses a target: the status and the `x-wxweb-proxy-error` text.
type Refusal = (StatusCode, String);

/// The target URL, checked: absolute http(s), no credentials, not the proxy itself.
fn target(query: Option<&str>) -> Result<reqwest::Url, Refusal> {
    let raw = query
        .unwrap_or("")
        .split('&')
        .find_map(|pair| pair.strip_prefix("url="))
        .map(|value| percent_encoding::percent_decode_str(value).decode_utf8_lossy().into_owned())
        .unwrap_or_default();
    let url = reqwest::Url::parse(&raw).map_err(|_| (StatusCode::BAD_REQUEST, format!("invalid url \"{raw}\"")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err((StatusCode::BAD_REQUEST, "url scheme must be http or https".into()));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err((StatusCode::BAD_REQUEST, "url must not carry credentials".into()));
    }
    if url.path().starts_with("/__wxweb/proxy") {
        return Err((StatusCode::FORBIDDEN, "proxy loop refused".into()));
    }
    Ok(url)
}

async fn forward(State(proxy): State<Arc<Proxy>>, request: Request) -> Response {
    if !proxy.settings.enabled {
        return refuse(StatusCode::NOT_FOUND, "the proxy is off (wxweb serve --no-proxy)");
    }
    let Some(client) = &proxy.client else {
        return refuse(StatusCode::BAD_GATEWAY, "the proxy has no HTTP client");
    };
    let (parts, body) = request.into_parts();
    let url = match target(parts.uri.query()) {
        Ok(url) => url,
        Err((status, text)) => return refuse(status, &text),
    };
    let text = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
    let method = match text("x-wxweb-method").map(|m| Method::from_bytes(m.as_bytes())) {
        Some(Ok(method)) => method,
        Some(Err(_)) => return refuse(StatusCode::BAD_REQUEST, "invalid x-wxweb-method"),
        None => parts.method.clone(),
    };
    let project = Project::read(&proxy.app);
    let origin = url.origin().ascii_serialization();
    if proxy.settings.url_check && !project.allows(Api::from_header(text("x-wxweb-api")), &origin) {
        return refuse(StatusCode::FORBIDDEN, "url not in domain list");
    }

    let mut headers = HeaderMap::new();
    for (name, value) in parts.headers.iter().filter(|(name, _)| forwarded(name)) {
        headers.append(name.clone(), value.clone());
    }
    let referer = format!("https://servicewechat.com/{}/devtools/page-frame.html", project.appid());
    if let Ok(value) = HeaderValue::from_str(&referer) {
        headers.insert(header::REFERER, value);
    }
    let outgoing = client
        .request(method, url)
        .headers(headers)
        .body(reqwest::Body::wrap_stream(capped(body.into_data_stream(), MAX_REQUEST, "request body too large")));
    let upstream = match outgoing.send().await {
        Ok(upstream) => upstream,
        Err(error) if error.is_timeout() => return refuse(StatusCode::GATEWAY_TIMEOUT, "timeout"),
        Err(error) if is_too_large(&error) => return refuse(StatusCode::PAYLOAD_TOO_LARGE, "request body too large"),
        Err(error) => return refuse(StatusCode::BAD_GATEWAY, &one_line(&error)),
    };
    if upstream.content_length().is_some_and(|length| length > MAX_RESPONSE) {
        return refuse(StatusCode::BAD_GATEWAY, "response body too large");
    }
    let status = upstream.status();
    let mut headers = HeaderMap::new();
    for (name, value) in upstream.headers().iter().filter(|(name, _)| forwarded(name)) {
        headers.append(name.clone(), value.clone());
    }
    let mut response = Response::new(Body::from_stream(capped(upstream.bytes_stream(), MAX_RESPONSE, "response body too large")));
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}

/// `stream`, ended with an error once more than `limit` bytes went through.
fn capped<E: std::error::Error + Send + Sync + 'static>(
    stream: impl Stream<Item = Result<Bytes, E>> + Send + 'static,
    limit: u64,
    message: &'static str,
) -> impl Stream<Item = Result<Bytes, Box<dyn std::error::Error + Send + Sync>>> + Send + 'static {
    let mut seen = 0u64;
    stream.map(move |chunk| {
        let chunk = chunk.map_err(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>)?;
        seen += chunk.len() as u64;
        if seen > limit {
            return Err(message.into());
        }
        Ok(chunk)
    })
}

fn is_too_large(error: &reqwest::Error) -> bool {
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        if cause.to_string() == "request body too large" {
            return true;
        }
        source = cause.source();
    }
    false
}

/// An upstream error on one line, with its innermost cause (e.g. "connection refused").
fn one_line(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text = format!("{text}: {cause}");
        source = cause.source();
    }
    text.replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(query: &str) -> String {
        match target(Some(query)) {
            Ok(url) => format!("accepted {url}"),
            Err((_, text)) => text,
        }
    }

    #[test]
    fn only_plain_http_and_https_targets_pass() {
        assert_eq!(refusal("url=https%3A%2F%2Fapi.example.com%2Fv1%3Fa%3D1"), "accepted https://api.example.com/v1?a=1");
        assert_eq!(refusal("url=file%3A%2F%2F%2Fetc%2Fpasswd"), "url scheme must be http or https");
        assert_eq!(refusal("url=ftp%3A%2F%2Fexample.com%2F"), "url scheme must be http or https");
        assert_eq!(refusal("url=http%3A%2F%2Fuser%3Apw%40example.com%2F"), "url must not carry credentials");
        assert_eq!(refusal("url=not%20a%20url"), "invalid url \"not a url\"");
        assert_eq!(refusal(""), "invalid url \"\"");
    }

    #[test]
    fn the_proxy_never_forwards_to_a_proxy() {
        assert_eq!(refusal("url=http%3A%2F%2F127.0.0.1%3A8420%2F__wxweb%2Fproxy%3Furl%3Dx"), "proxy loop refused");
        assert_eq!(refusal("url=https%3A%2F%2Fother.example%2F__wxweb%2Fproxy"), "proxy loop refused");
        assert!(refusal("url=http%3A%2F%2F127.0.0.1%3A8420%2F__wxweb%2Ftest%2Fecho").starts_with("accepted"));
    }

    #[test]
    fn hop_by_hop_and_own_headers_stay_behind() {
        for name in ["connection", "host", "origin", "referer", "transfer-encoding", "x-wxweb-api"] {
            assert!(!forwarded(&HeaderName::from_static(name)), "{name}");
        }
        for name in ["content-type", "authorization", "cookie", "x-custom"] {
            assert!(forwarded(&HeaderName::from_static(name)), "{name}");
        }
    }
}
