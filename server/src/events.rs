//! `GET /__wxweb/events`: Server-Sent Events telling the simulator that files of the served
//! folder changed (live reload). First `event: hello` with `{"watching": bool}` (false for
//! the bundled demo, or when the folder cannot be watched), then `event: change` with
//! `{"files": [...]}` for each batch [`watch`](crate::watch) makes; a comment every 15 s
//! keeps the stream open. One watcher feeds every stream (a tokio broadcast channel); at
//! most [`MAX_STREAMS`] are open at once (503 beyond), each freed when its client goes.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::middleware;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::stream::{self, StreamExt};
use tokio::sync::{broadcast, Semaphore};

use crate::access;
use crate::files::Root;
use crate::watch::{self, Batch, Watch, WatchError};

/// Event streams open at once.
pub const MAX_STREAMS: usize = 32;
/// A comment line this often keeps a quiet stream open (and finds clients that left).
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How soon a browser reconnects after the stream broke (`retry:`).
const RECONNECT: Duration = Duration::from_secs(1);
/// Batches a slow stream may fall behind before it skips some.
const BACKLOG: usize = 16;

/// The changes of the served folder, for every stream; cheap to clone.
#[derive(Clone)]
pub struct Changes(Arc<Inner>);

struct Inner {
    sender: broadcast::Sender<Batch>,
    /// The running watch, `None` when nothing is watched.
    watch: Option<Watch>,
    streams: Arc<Semaphore>,
}

impl Changes {
    /// No watching (the bundled demo, or a folder that cannot be watched).
    pub fn off() -> Changes {
        Changes::with(None, broadcast::channel(BACKLOG).0)
    }

    /// Watches `root`; the error says why it cannot be watched.
    pub fn watch(root: &Root) -> Result<Changes, WatchError> {
        let (sender, _) = broadcast::channel(BACKLOG);
        let watch = watch::start(root, sender.clone())?;
        Ok(Changes::with(Some(watch), sender))
    }

    fn with(watch: Option<Watch>, sender: broadcast::Sender<Batch>) -> Changes {
        let streams = Arc::new(Semaphore::new(MAX_STREAMS));
        Changes(Arc::new(Inner { sender, watch, streams }))
    }

    /// Whether the folder is watched.
    pub fn watching(&self) -> bool {
        self.0.watch.is_some()
    }
}

/// The route, on `changes`; navigations and other sites are refused (they would only take
/// the places of the simulator's streams).
pub fn router(changes: Changes) -> Router {
    Router::new()
        .route("/__wxweb/events", get(events).layer(middleware::from_fn(access::same_site_only)))
        .with_state(changes)
}

async fn events(State(changes): State<Changes>) -> Response {
    let Ok(permit) = changes.0.streams.clone().try_acquire_owned() else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("wxweb: too many event streams (at most {MAX_STREAMS})\n"),
        )
            .into_response();
    };
    // A restarted server is found again within a second (the browser's default is ~3 s).
    let hello = Event::default()
        .retry(RECONNECT)
        .event("hello")
        .data(serde_json::json!({ "watching": changes.watching() }).to_string());
    let receiver = changes.0.sender.subscribe();
    // The permit goes with the stream: dropped when the client's connection is.
    let batches = stream::unfold((receiver, permit), |(mut receiver, permit)| async move {
        loop {
            match receiver.recv().await {
                Ok(batch) => {
                    let data = serde_json::json!({ "files": &*batch }).to_string();
                    let change = Event::default().event("change").data(data);
                    return Some((Ok::<_, Infallible>(change), (receiver, permit)));
                }
                // Fell behind: the next batch still tells of a change.
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let stream = stream::once(async { Ok(hello) }).chain(batches);
    Sse::new(stream).keep_alive(KeepAlive::new().interval(KEEP_ALIVE)).into_response()
}
