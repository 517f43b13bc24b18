//! `/__wxweb/proxy?url=…`: a mini program may call any HTTPS host, a browser page may
//! not (CORS), so the runtime sends cross-origin requests here and the server makes them.
//! It forwards method, headers, body and status faithfully, streaming both bodies, and
//! follows the developer tools' domain check. `x-wxweb-method` carries the methods
//! `fetch` refuses to send (TRACE, CONNECT); `x-wxweb-api` names the wx function.
//!
//! Its own refusals and failures carry `x-wxweb-proxy-error: <text>`, which the runtime
//! reports as `request:fail <text>`; anything else is the target's own response.
//!
//! What it keeps apart, since it answers on wxweb's own origin:
//! - Only the runtime may call it: navigations, other sites and requests without
//!   `x-wxweb-api` are refused (see `access`).
//! - A proxied response can never run as wxweb's origin: it carries
//!   `Content-Security-Policy: sandbox` (were it ever shown as a document, it would have an
//!   opaque origin and no script) and `X-Content-Type-Options: nosniff`. Headers that act on
//!   the origin (`Set-Cookie`, `Clear-Site-Data`, `Alt-Svc`) do not reach the browser as
//!   such: `Set-Cookie` arrives as `x-wxweb-set-cookie`, which the runtime gives the mini
//!   program as `set-cookie` in `res.header` (as WeChat does), so the browser never stores
//!   it for wxweb's origin.
//! - The browser's cookies for wxweb's origin (other local apps' sessions on 127.0.0.1) are
//!   not forwarded; a `cookie` header the mini program sets arrives as `x-wxweb-cookie`
//!   (browsers do not let a page send `cookie`) and is forwarded as `cookie`.
//! - Requests of other machines (`--lan`) go to public addresses only (checked on the
//!   address the name resolves to, at each redirect too), unless `--lan-proxy-private`.
//! - At most [`MAX_IN_FLIGHT`] requests are forwarded at once, over a bounded pool.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use futures_util::{Stream, StreamExt};
use tokio::sync::Semaphore;

use crate::access::{self, Access};
use crate::project::{Api, Project};
use crate::source::AppSource;

/// Largest request body forwarded.
const MAX_REQUEST: u64 = 64 * 1024 * 1024;
/// Largest response body forwarded.
const MAX_RESPONSE: u64 = 256 * 1024 * 1024;
const TIMEOUT: Duration = Duration::from_secs(120);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
/// Requests forwarded at once (a later one waits for a place).
pub const MAX_IN_FLIGHT: usize = 64;
/// Idle upstream connections kept per host, and for how long.
const IDLE_PER_HOST: usize = 8;
const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// How the proxy was asked to behave on the command line.
#[derive(Debug, Clone, Copy)]
pub struct ProxySettings {
    pub enabled: bool,
    /// `false` with `--no-url-check`: no domain check whatever the project says.
    pub url_check: bool,
}

struct Proxy {
    /// For this machine's clients.
    client: Option<reqwest::Client>,
    /// For other machines' clients: public addresses only.
    public_client: Option<reqwest::Client>,
    app: AppSource,
    settings: ProxySettings,
    access: Arc<Access>,
    in_flight: Arc<Semaphore>,
}

/// The `/__wxweb/proxy` route.
pub fn router(app: AppSource, settings: ProxySettings, access: Arc<Access>) -> Router {
    // rustls needs a process-wide crypto provider; installing one twice is harmless.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let builder = || {
        reqwest::Client::builder()
            .timeout(TIMEOUT)
            .connect_timeout(CONNECT_TIMEOUT)
            .pool_max_idle_per_host(IDLE_PER_HOST)
            .pool_idle_timeout(IDLE_TIMEOUT)
    };
    let client = builder().build().ok();
    // No system proxy for it: the addresses are checked here, where the names are resolved.
    let public_client = builder()
        .no_proxy()
        .dns_resolver(PublicOnly)
        .redirect(reqwest::redirect::Policy::custom(|attempt| {
            let private = literal_ip(attempt.url()).filter(|ip| !access::is_public(*ip));
            if attempt.previous().len() >= 10 {
                attempt.error("too many redirects")
            } else if let Some(ip) = private {
                attempt.error(NotPublic(ip.to_string()))
            } else {
                attempt.follow()
            }
        }))
        .build()
        .ok();
    let in_flight = Arc::new(Semaphore::new(MAX_IN_FLIGHT));
    let proxy = Arc::new(Proxy { client, public_client, app, settings, access, in_flight });
    Router::new().route("/__wxweb/proxy", any(forward)).with_state(proxy)
}

/// A target refused for a client of another machine: its address is not public.
#[derive(Debug)]
struct NotPublic(String);

impl std::fmt::Display for NotPublic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} is not a public address: the proxy forwards other machines' requests to public addresses only (wxweb serve --lan-proxy-private allows more)",
            self.0
        )
    }
}

impl std::error::Error for NotPublic {}

/// Resolves names to their public addresses only (for other machines' requests), so that
/// no name can lead the proxy to this machine or the LAN, even one that changes its answer.
struct PublicOnly;

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let all: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let public: Vec<SocketAddr> =
                all.into_iter().filter(|address| access::is_public(address.ip())).collect();
            if public.is_empty() {
                return Err(Box::new(NotPublic(host)) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(public.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// The address a URL's host is, when it is one (IPv4 in any of its forms, IPv6).
fn literal_ip(url: &reqwest::Url) -> Option<std::net::IpAddr> {
    access::ip_of_host(&url.host_str()?.to_ascii_lowercase())
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
        "connection"
            | "keep-alive"
            | "proxy-authenticate"
            | "proxy-authorization"
            | "proxy-connection"
            | "te"
            | "trailer"
            | "transfer-encoding"
            | "upgrade"
            | "host"
            | "origin"
            | "referer"
    ) && !name.as_str().starts_with("x-wxweb-")
}

/// The headers sent to the target: the page's, without the browser's own cookies and
/// fetch metadata; the mini program's `cookie` (sent as `x-wxweb-cookie`) as `cookie`.
fn request_headers(incoming: &HeaderMap) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in incoming.iter().filter(|(name, _)| forwarded(name)) {
        if name != header::COOKIE && !name.as_str().starts_with("sec-fetch-") {
            headers.append(name.clone(), value.clone());
        }
    }
    for value in incoming.get_all("x-wxweb-cookie") {
        headers.append(header::COOKIE, value.clone());
    }
    headers
}

/// The headers the browser gets: the target's, except those that would act on wxweb's
/// origin (`Set-Cookie` becomes `x-wxweb-set-cookie`), with the sandbox and nosniff.
fn response_headers(upstream: &HeaderMap) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in upstream.iter().filter(|(name, _)| forwarded(name)) {
        match name.as_str() {
            "set-cookie" => {
                headers.append("x-wxweb-set-cookie", value.clone());
            }
            "clear-site-data" | "alt-svc" => {}
            _ => {
                headers.append(name.clone(), value.clone());
            }
        }
    }
    headers.append(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers
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
    let url = reqwest::Url::parse(&raw)
        .map_err(|_| (StatusCode::BAD_REQUEST, format!("invalid url \"{raw}\"")))?;
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
    if let Some(why) = access::not_from_the_runtime(request.headers()) {
        return refuse(StatusCode::FORBIDDEN, why);
    }
    // Other machines' requests go to public addresses only, unless the developer allows more.
    let public_only =
        !access::is_local(access::peer(request.extensions())) && !proxy.access.lan_proxy_private;
    let client = if public_only { &proxy.public_client } else { &proxy.client };
    let Some(client) = client else {
        return refuse(StatusCode::BAD_GATEWAY, "the proxy has no HTTP client");
    };
    let (parts, body) = request.into_parts();
    let url = match target(parts.uri.query()) {
        Ok(url) => url,
        Err((status, text)) => return refuse(status, &text),
    };
    if let Some(ip) = literal_ip(&url).filter(|ip| public_only && !access::is_public(*ip)) {
        return refuse(StatusCode::FORBIDDEN, &NotPublic(ip.to_string()).to_string());
    }
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
    // Held until the response's body has been passed on.
    let Ok(permit) = proxy.in_flight.clone().acquire_owned().await else {
        return refuse(StatusCode::SERVICE_UNAVAILABLE, "the proxy is closing");
    };

    let mut headers = request_headers(&parts.headers);
    let referer = format!("https://servicewechat.com/{}/devtools/page-frame.html", project.appid());
    if let Ok(value) = HeaderValue::from_str(&referer) {
        headers.insert(header::REFERER, value);
    }
    let outgoing = client.request(method, url).headers(headers).body(reqwest::Body::wrap_stream(
        capped(body.into_data_stream(), MAX_REQUEST, "request body too large"),
    ));
    let upstream = match outgoing.send().await {
        Ok(upstream) => upstream,
        Err(error) if error.is_timeout() => return refuse(StatusCode::GATEWAY_TIMEOUT, "timeout"),
        Err(error) if is_too_large(&error) => {
            return refuse(StatusCode::PAYLOAD_TOO_LARGE, "request body too large")
        }
        Err(error) => match cause::<NotPublic>(&error) {
            Some(not_public) => return refuse(StatusCode::FORBIDDEN, &not_public.to_string()),
            None => return refuse(StatusCode::BAD_GATEWAY, &one_line(&error)),
        },
    };
    if upstream.content_length().is_some_and(|length| length > MAX_RESPONSE) {
        return refuse(StatusCode::BAD_GATEWAY, "response body too large");
    }
    let status = upstream.status();
    let headers = response_headers(upstream.headers());
    let body = capped(upstream.bytes_stream(), MAX_RESPONSE, "response body too large").map(
        move |chunk| {
            let _permit = &permit;
            chunk
        },
    );
    let mut response = Response::new(Body::from_stream(body));
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}

/// The first error of type `T` in `error`'s chain of causes.
fn cause<T: std::error::Error + 'static>(error: &reqwest::Error) -> Option<&T> {
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        if let Some(found) = cause.downcast_ref::<T>() {
            return Some(found);
        }
        source = cause.source();
    }
    None
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
        assert_eq!(
            refusal("url=https%3A%2F%2Fapi.example.com%2Fv1%3Fa%3D1"),
            "accepted https://api.example.com/v1?a=1"
        );
        assert_eq!(refusal("url=file%3A%2F%2F%2Fetc%2Fpasswd"), "url scheme must be http or https");
        assert_eq!(refusal("url=ftp%3A%2F%2Fexample.com%2F"), "url scheme must be http or https");
        assert_eq!(
            refusal("url=http%3A%2F%2Fuser%3Apw%40example.com%2F"),
            "url must not carry credentials"
        );
        assert_eq!(refusal("url=not%20a%20url"), "invalid url \"not a url\"");
        assert_eq!(refusal(""), "invalid url \"\"");
    }

    #[test]
    fn the_proxy_never_forwards_to_a_proxy() {
        assert_eq!(
            refusal("url=http%3A%2F%2F127.0.0.1%3A8420%2F__wxweb%2Fproxy%3Furl%3Dx"),
            "proxy loop refused"
        );
        assert_eq!(
            refusal("url=https%3A%2F%2Fother.example%2F__wxweb%2Fproxy"),
            "proxy loop refused"
        );
        assert!(refusal("url=http%3A%2F%2F127.0.0.1%3A8420%2F__wxweb%2Ftest%2Fecho")
            .starts_with("accepted"));
    }

    #[test]
    fn hop_by_hop_and_own_headers_stay_behind() {
        for name in ["connection", "host", "origin", "referer", "transfer-encoding", "x-wxweb-api"]
        {
            assert!(!forwarded(&HeaderName::from_static(name)), "{name}");
        }
        for name in ["content-type", "authorization", "cookie", "x-custom"] {
            assert!(forwarded(&HeaderName::from_static(name)), "{name}");
        }
    }

    #[test]
    fn the_browsers_cookies_stay_behind_the_mini_programs_go() {
        let mut incoming = HeaderMap::new();
        incoming.insert(header::COOKIE, HeaderValue::from_static("other_app_session=secret"));
        incoming.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
        incoming.insert("x-custom", HeaderValue::from_static("yes"));
        let sent = request_headers(&incoming);
        assert_eq!(sent.get(header::COOKIE), None);
        assert_eq!(sent.get("sec-fetch-site"), None);
        assert_eq!(sent["x-custom"], "yes");
        incoming.insert("x-wxweb-cookie", HeaderValue::from_static("sid=mine"));
        let sent = request_headers(&incoming);
        assert_eq!(sent.get_all(header::COOKIE).iter().collect::<Vec<_>>(), ["sid=mine"]);
        assert_eq!(sent.get("x-wxweb-cookie"), None);
    }

    #[test]
    fn responses_cannot_act_on_the_origin() {
        let mut upstream = HeaderMap::new();
        upstream.append(header::SET_COOKIE, HeaderValue::from_static("a=1; Path=/"));
        upstream.append(header::SET_COOKIE, HeaderValue::from_static("b=2"));
        upstream.insert("clear-site-data", HeaderValue::from_static("\"storage\""));
        upstream.insert("alt-svc", HeaderValue::from_static("h3=\":443\""));
        upstream.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
        upstream.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'"),
        );
        let sent = response_headers(&upstream);
        assert_eq!(sent.get(header::SET_COOKIE), None);
        assert_eq!(
            sent.get_all("x-wxweb-set-cookie").iter().collect::<Vec<_>>(),
            ["a=1; Path=/", "b=2"]
        );
        assert_eq!(sent.get("clear-site-data"), None);
        assert_eq!(sent.get("alt-svc"), None);
        assert_eq!(sent[header::CONTENT_TYPE], "text/html");
        let policies: Vec<_> = sent.get_all(header::CONTENT_SECURITY_POLICY).iter().collect();
        assert_eq!(policies, ["default-src 'self'", "sandbox"]);
        assert_eq!(sent[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    }
}
