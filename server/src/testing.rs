//! Test endpoints under `/__wxweb/test/`, for the runtime's network tests and for people
//! trying wx.request in the simulator: echo, a chosen status, a delay that counts how
//! many requests are in flight, a multipart receiver, N bytes of download, and a
//! WebSocket echo. All answer CORS requests from any origin (the wasm-bindgen-test page
//! runs on another one), except that those which change state (resetting counters) refuse
//! navigations and other sites (see `access`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::multipart::Multipart;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, delete, get, post};
use axum::{Json, Router};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::access;

const MAX_DELAY_MS: u64 = 60_000;
const MAX_BYTES: u64 = 256 * 1024 * 1024;
const MAX_UPLOAD: usize = 64 * 1024 * 1024;

/// Counters the tests read back.
#[derive(Default)]
struct Lab {
    delays: Mutex<HashMap<String, InFlight>>,
    sockets: Mutex<HashMap<String, SocketStats>>,
}

/// Requests of one delay group: in flight now, most at once, finished.
#[derive(Default, Clone, Copy)]
struct InFlight {
    current: u64,
    max: u64,
    total: u64,
}

/// WebSockets of one group, as the server saw them.
#[derive(Default, Clone)]
struct SocketStats {
    opened: u64,
    open: u64,
    closed: u64,
    last_close: Option<(u16, String)>,
}

type Shared = Arc<Lab>;

/// The routes under `/__wxweb/test/`.
pub fn router() -> Router {
    let same_site = || middleware::from_fn(access::same_site_only);
    Router::new()
        .route("/__wxweb/test/echo", any(echo))
        .route("/__wxweb/test/echo/{*rest}", any(echo))
        .route("/__wxweb/test/status/{code}", any(status))
        .route("/__wxweb/test/delay/{ms}", any(delay))
        .route("/__wxweb/test/stats", get(stats).merge(delete(reset_stats).layer(same_site())))
        .route("/__wxweb/test/upload", post(upload).layer(DefaultBodyLimit::max(MAX_UPLOAD)))
        .route("/__wxweb/test/bytes/{n}", get(bytes))
        .route("/__wxweb/test/tone", get(tone))
        .route("/__wxweb/test/ws", get(socket))
        .route(
            "/__wxweb/test/ws-stats",
            get(socket_stats).merge(delete(reset_socket_stats).layer(same_site())),
        )
        .layer(middleware::from_fn(cors))
        .with_state(Shared::default())
}

/// Any origin may call these endpoints; preflights are answered here.
async fn cors(request: Request, next: Next) -> Response {
    let preflight = request.method() == Method::OPTIONS
        && request.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut response =
        if preflight { StatusCode::NO_CONTENT.into_response() } else { next.run(request).await };
    let headers = response.headers_mut();
    for name in [
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        header::ACCESS_CONTROL_ALLOW_METHODS,
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
    ] {
        headers.insert(name, HeaderValue::from_static("*"));
    }
    response
}

/// The query string as a map (the last value of a repeated key wins).
pub fn query_map(raw: &str) -> Map<String, Value> {
    raw.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), Value::String(decode(value)))
        })
        .collect()
}

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(&text.replace('+', " ")).decode_utf8_lossy().into_owned()
}

fn headers_json(headers: &HeaderMap) -> Map<String, Value> {
    let mut map = Map::new();
    for name in headers.keys() {
        let values: Vec<String> = headers
            .get_all(name)
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect();
        map.insert(name.as_str().to_owned(), Value::String(values.join(", ")));
    }
    map
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the request was: `{method, path, query, rawQuery, headers, body, bodyLength, bodySha256}`.
fn echo_json(method: &Method, uri: &Uri, headers: &HeaderMap, body: &[u8]) -> Value {
    let raw_query = uri.query().unwrap_or("");
    json!({
        "method": method.as_str(),
        "path": uri.path(),
        "query": query_map(raw_query),
        "rawQuery": raw_query,
        "headers": headers_json(headers),
        "body": String::from_utf8_lossy(body),
        "bodyLength": body.len(),
        "bodySha256": hex(&Sha256::digest(body)),
    })
}

/// The request as JSON; `?setCookie=` answers with that `Set-Cookie` too (for the tests of
/// the proxy's cookie handling).
async fn echo(method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let mut response = Json(echo_json(&method, &uri, &headers, &body)).into_response();
    if let Some(Value::String(cookie)) = query_map(uri.query().unwrap_or("")).get("setCookie") {
        if let Ok(value) = HeaderValue::from_str(cookie) {
            response.headers_mut().insert(header::SET_COOKIE, value);
        }
    }
    response
}

async fn status(Path(code): Path<u16>) -> Response {
    let Ok(status) = StatusCode::from_u16(code) else {
        return (StatusCode::BAD_REQUEST, "status must be 200 to 599\n").into_response();
    };
    if status.is_informational() {
        return (StatusCode::BAD_REQUEST, "status must be 200 to 599\n").into_response();
    }
    let mut response = if status == StatusCode::NO_CONTENT || status == StatusCode::NOT_MODIFIED {
        status.into_response()
    } else {
        (status, Json(json!({ "status": code }))).into_response()
    };
    response.headers_mut().insert("x-wxweb-test", HeaderValue::from_static("status"));
    response
}

/// Counts a delayed request in its group while it is in flight, even if the client
/// gives up (the handler's future is dropped).
struct Counted {
    lab: Shared,
    group: String,
}

impl Counted {
    fn start(lab: Shared, group: String) -> Counted {
        let mut delays = lab.delays.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = delays.entry(group.clone()).or_default();
        entry.current += 1;
        entry.max = entry.max.max(entry.current);
        drop(delays);
        Counted { lab, group }
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        let mut delays = self.lab.delays.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = delays.entry(self.group.clone()).or_default();
        entry.current = entry.current.saturating_sub(1);
        entry.total += 1;
    }
}

fn group_of(uri: &Uri) -> String {
    match query_map(uri.query().unwrap_or("")).get("group") {
        Some(Value::String(group)) => group.clone(),
        _ => "default".to_owned(),
    }
}

async fn delay(
    State(lab): State<Shared>,
    Path(ms): Path<u64>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Json<Value> {
    let _counted = Counted::start(lab, group_of(&uri));
    tokio::time::sleep(Duration::from_millis(ms.min(MAX_DELAY_MS))).await;
    Json(echo_json(&method, &uri, &headers, &body))
}

async fn stats(State(lab): State<Shared>, uri: Uri) -> Json<Value> {
    let delays = lab.delays.lock().unwrap_or_else(PoisonError::into_inner);
    let counts = delays.get(&group_of(&uri)).copied().unwrap_or_default();
    Json(json!({ "current": counts.current, "max": counts.max, "total": counts.total }))
}

async fn reset_stats(State(lab): State<Shared>, uri: Uri) -> StatusCode {
    lab.delays.lock().unwrap_or_else(PoisonError::into_inner).remove(&group_of(&uri));
    StatusCode::NO_CONTENT
}

/// Each part: `{name, filename, contentType, size, sha256, value}` (value: the text of
/// a part without a file name).
async fn upload(headers: HeaderMap, mut multipart: Multipart) -> Response {
    let mut parts = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => {
                return (StatusCode::BAD_REQUEST, format!("bad multipart body: {error}\n"))
                    .into_response()
            }
        };
        let name = field.name().map(str::to_owned);
        let filename = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(str::to_owned);
        let data = match field.bytes().await {
            Ok(data) => data,
            Err(error) => {
                return (StatusCode::BAD_REQUEST, format!("bad multipart part: {error}\n"))
                    .into_response()
            }
        };
        let value = filename.is_none().then(|| String::from_utf8_lossy(&data).into_owned());
        parts.push(json!({
            "name": name, "filename": filename, "contentType": content_type,
            "size": data.len(), "sha256": hex(&Sha256::digest(&data)), "value": value,
        }));
    }
    Json(json!({ "parts": parts, "headers": headers_json(&headers) })).into_response()
}

/// A sine tone as a WAV file (16-bit mono, 8 kHz): `?seconds=` (default 1, 0.1 to 600)
/// and `?hz=` (default 440), for the media tests. Answers byte ranges, which a media
/// element needs to seek.
async fn tone(uri: Uri, headers: HeaderMap) -> Response {
    let query = query_map(uri.query().unwrap_or(""));
    let number = |key: &str, default: f64| {
        query
            .get(key)
            .and_then(Value::as_str)
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|v| v.is_finite())
            .unwrap_or(default)
    };
    let seconds = number("seconds", 1.0).clamp(0.1, 600.0);
    let hz = number("hz", 440.0).clamp(1.0, 4000.0);
    let wav = wav_tone(seconds, hz);
    let total = wav.len();
    let range =
        headers.get(header::RANGE).and_then(|v| v.to_str().ok()).and_then(|v| byte_range(v, total));
    match range {
        Some((start, end)) => (
            StatusCode::PARTIAL_CONTENT,
            [
                (header::CONTENT_TYPE, "audio/wav".to_owned()),
                (header::ACCEPT_RANGES, "bytes".to_owned()),
                (header::CONTENT_RANGE, format!("bytes {start}-{end}/{total}")),
            ],
            wav[start..=end].to_vec(),
        )
            .into_response(),
        None => ([(header::CONTENT_TYPE, "audio/wav"), (header::ACCEPT_RANGES, "bytes")], wav)
            .into_response(),
    }
}

/// The first and last byte of a `Range: bytes=a-[b]` header within `total` bytes.
fn byte_range(header: &str, total: usize) -> Option<(usize, usize)> {
    let (start, end) = header.strip_prefix("bytes=")?.split_once('-')?;
    let start: usize = start.trim().parse().ok()?;
    let end = match end.trim() {
        "" => total.checked_sub(1)?,
        end => end.parse::<usize>().ok()?.min(total.checked_sub(1)?),
    };
    (start <= end).then_some((start, end))
}

/// The bytes of a WAV file holding `seconds` of a sine wave at `hz`.
fn wav_tone(seconds: f64, hz: f64) -> Vec<u8> {
    const RATE: u32 = 8000;
    let samples = (seconds * f64::from(RATE)).round() as u32;
    let data_len = samples * 2;
    let mut wav = Vec::with_capacity(44 + data_len as usize);
    wav.extend_from_slice(b"RIFF");
    wav.extend_from_slice(&(36 + data_len).to_le_bytes());
    wav.extend_from_slice(b"WAVEfmt ");
    wav.extend_from_slice(&16u32.to_le_bytes());
    wav.extend_from_slice(&1u16.to_le_bytes()); // PCM
    wav.extend_from_slice(&1u16.to_le_bytes()); // mono
    wav.extend_from_slice(&RATE.to_le_bytes());
    wav.extend_from_slice(&(RATE * 2).to_le_bytes());
    wav.extend_from_slice(&2u16.to_le_bytes());
    wav.extend_from_slice(&16u16.to_le_bytes());
    wav.extend_from_slice(b"data");
    wav.extend_from_slice(&data_len.to_le_bytes());
    for i in 0..samples {
        let t = f64::from(i) / f64::from(RATE);
        let sample = ((t * hz * std::f64::consts::TAU).sin() * 0.3 * f64::from(i16::MAX)) as i16;
        wav.extend_from_slice(&sample.to_le_bytes());
    }
    wav
}

/// `n` bytes, byte i being `i % 251`, streamed in 64 KiB chunks.
async fn bytes(Path(n): Path<u64>, uri: Uri) -> Response {
    if n > MAX_BYTES {
        return (StatusCode::BAD_REQUEST, "at most 256 MiB\n").into_response();
    }
    let query = query_map(uri.query().unwrap_or(""));
    let text = |key: &str| query.get(key).and_then(Value::as_str).map(str::to_owned);
    let status = text("status")
        .and_then(|s| s.parse().ok())
        .and_then(|c| StatusCode::from_u16(c).ok())
        .unwrap_or(StatusCode::OK);
    let chunks = futures_util::stream::unfold(0u64, move |offset| async move {
        if offset >= n {
            return None;
        }
        let length = (n - offset).min(64 * 1024);
        let chunk: Vec<u8> = (offset..offset + length).map(|i| (i % 251) as u8).collect();
        Some((Ok::<_, std::io::Error>(Bytes::from(chunk)), offset + length))
    });
    let mut response = Response::new(Body::from_stream(chunks));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(n));
    let content_type = text("type").unwrap_or_else(|| "application/octet-stream".into());
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    if let Some(Ok(value)) =
        text("name").map(|name| HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")))
    {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

async fn socket(State(lab): State<Shared>, uri: Uri, upgrade: WebSocketUpgrade) -> Response {
    let group = group_of(&uri);
    upgrade.on_upgrade(move |socket| echo_socket(socket, lab, group))
}

/// Echoes text and binary messages; `close:CODE:REASON` makes the server close.
async fn echo_socket(mut socket: WebSocket, lab: Shared, group: String) {
    update_sockets(&lab, &group, |stats| {
        stats.opened += 1;
        stats.open += 1;
    });
    // The close code and reason the client sent, once it has sent one.
    let mut client_close = None;
    loop {
        match socket.recv().await {
            Some(Ok(Message::Text(text))) => {
                if let Some(rest) = text.as_str().strip_prefix("close:") {
                    let (code, reason) = rest.split_once(':').unwrap_or((rest, ""));
                    let frame = CloseFrame {
                        code: code.parse().unwrap_or(1000),
                        reason: reason.to_owned().into(),
                    };
                    let _ = socket.send(Message::Close(Some(frame))).await;
                } else if socket.send(Message::Text(text)).await.is_err() {
                    break;
                }
            }
            Some(Ok(Message::Binary(data))) => {
                if socket.send(Message::Binary(data)).await.is_err() {
                    break;
                }
            }
            // The reply to a client's close frame goes out on the next read, which then ends.
            Some(Ok(Message::Close(frame))) => {
                client_close = Some(
                    frame.map_or((1005, String::new()), |f| (f.code, f.reason.as_str().to_owned())),
                );
            }
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
            Some(Err(_)) | None => break,
        }
    }
    let close = client_close.unwrap_or((1006, String::new()));
    update_sockets(&lab, &group, |stats| {
        stats.open = stats.open.saturating_sub(1);
        stats.closed += 1;
        stats.last_close = Some(close);
    });
}

fn update_sockets(lab: &Shared, group: &str, change: impl FnOnce(&mut SocketStats)) {
    let mut sockets = lab.sockets.lock().unwrap_or_else(PoisonError::into_inner);
    change(sockets.entry(group.to_owned()).or_default());
}

async fn socket_stats(State(lab): State<Shared>, uri: Uri) -> Json<Value> {
    let sockets = lab.sockets.lock().unwrap_or_else(PoisonError::into_inner);
    let stats = sockets.get(&group_of(&uri)).cloned().unwrap_or_default();
    let last_close =
        stats.last_close.map(|(code, reason)| json!({ "code": code, "reason": reason }));
    Json(
        json!({ "opened": stats.opened, "open": stats.open, "closed": stats.closed, "lastClose": last_close }),
    )
}

async fn reset_socket_stats(State(lab): State<Shared>, uri: Uri) -> StatusCode {
    lab.sockets.lock().unwrap_or_else(PoisonError::into_inner).remove(&group_of(&uri));
    StatusCode::NO_CONTENT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_decode_and_the_last_value_wins() {
        let map = query_map("a=1&b=x%20y&c=a+b&a=2&flag");
        assert_eq!(Value::Object(map), json!({"a": "2", "b": "x y", "c": "a b", "flag": ""}));
    }

    #[test]
    fn a_tone_is_a_wav_file_of_the_asked_length() {
        let wav = wav_tone(1.5, 440.0);
        assert_eq!(&wav[..4], b"RIFF");
        assert_eq!(&wav[8..16], b"WAVEfmt ");
        assert_eq!(wav.len(), 44 + 12_000 * 2);
        assert_eq!(u32::from_le_bytes([wav[40], wav[41], wav[42], wav[43]]), 24_000);
        let peak = wav[44..]
            .chunks(2)
            .map(|s| i16::from_le_bytes([s[0], s[1]]).unsigned_abs())
            .max()
            .unwrap();
        assert!(peak > 9000 && peak < 10_000, "amplitude 0.3: {peak}");
    }

    #[test]
    fn byte_ranges() {
        assert_eq!(byte_range("bytes=0-", 10), Some((0, 9)));
        assert_eq!(byte_range("bytes=2-4", 10), Some((2, 4)));
        assert_eq!(byte_range("bytes=2-40", 10), Some((2, 9)));
        assert_eq!(byte_range("bytes=12-", 10), None);
        assert_eq!(byte_range("bytes=-5", 10), None);
        assert_eq!(byte_range("items=0-1", 10), None);
    }

    #[test]
    fn echo_describes_the_request() {
        let uri: Uri = "/__wxweb/test/echo/p?q=1".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("x-a", HeaderValue::from_static("1"));
        headers.append("x-a", HeaderValue::from_static("2"));
        let echoed = echo_json(&Method::PUT, &uri, &headers, b"abc");
        assert_eq!(echoed["method"], "PUT");
        assert_eq!(echoed["path"], "/__wxweb/test/echo/p");
        assert_eq!(echoed["headers"]["x-a"], "1, 2");
        assert_eq!(echoed["bodyLength"], 3);
        assert_eq!(
            echoed["bodySha256"],
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
