//! Accepting connections, with limits (in place of `axum::serve`, which has none): a
//! connection that has not sent a request's headers within [`Limits::header_timeout`]
//! is closed (a half-sent request, or an idle keep-alive connection: hyper's
//! `header_read_timeout` runs from the moment it waits for the next request), a TLS
//! handshake has [`Limits::handshake_timeout`], and at most [`Limits::max_connections`] are
//! open at once: beyond that new ones wait in the kernel's backlog, so the server never
//! runs out of file descriptors (1,024 by default). A client of another machine may hold
//! at most [`Limits::per_remote_client`] of them (more are closed at once), so one device
//! on the LAN cannot take the places of this machine's browser. Each request carries its
//! client's address (`ConnectInfo<SocketAddr>`).

use std::collections::HashMap;
use std::convert::Infallible;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt;

/// How long clients may take, and how many may be connected.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Time to send a request's headers, counted from the connection's start or the end
    /// of the previous response (so also the time an idle keep-alive connection is kept).
    pub header_timeout: Duration,
    /// Time for a TLS handshake (`--lan`).
    pub handshake_timeout: Duration,
    /// Connections open at once.
    pub max_connections: usize,
    /// Connections open at once from one address of another machine.
    pub per_remote_client: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_timeout: Duration::from_secs(15),
            handshake_timeout: Duration::from_secs(10),
            max_connections: 512,
            per_remote_client: 128,
        }
    }
}

/// Open connections per address of another machine.
#[derive(Default)]
struct PerClient(Mutex<HashMap<IpAddr, usize>>);

/// One connection counted in [`PerClient`], until dropped.
struct Counted(Arc<PerClient>, IpAddr);

impl PerClient {
    fn enter(self: &Arc<Self>, ip: IpAddr, limit: usize) -> Option<Counted> {
        let mut open = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let count = open.entry(ip).or_default();
        if *count >= limit {
            return None;
        }
        *count += 1;
        Some(Counted(self.clone(), ip))
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        let mut open = (self.0).0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = open.get_mut(&self.1) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.1);
            }
        }
    }
}

/// Serves `app` on `listener` (over TLS with `tls`) until the process ends.
pub async fn serve(
    listener: TcpListener,
    tls: Option<Arc<rustls::ServerConfig>>,
    app: Router,
    limits: Limits,
) -> io::Result<()> {
    let open = Arc::new(Semaphore::new(limits.max_connections));
    let per_client = Arc::new(PerClient::default());
    let tls = tls.map(TlsAcceptor::from);
    loop {
        let Ok(permit) = open.clone().acquire_owned().await else {
            return Err(io::Error::other("connection limit closed"));
        };
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(err) => {
                // Out of file descriptors (other processes' share) or a connection reset
                // before it was accepted: try again shortly.
                tracing::debug!("accept failed: {err}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let counted = match crate::access::is_local(Some(peer)) {
            true => None,
            false => match per_client.enter(peer.ip(), limits.per_remote_client) {
                Some(counted) => Some(counted),
                None => {
                    tracing::debug!("{peer}: too many connections from this address");
                    continue; // the stream and the permit are dropped: closed at once
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let (app, tls) = (app.clone(), tls.clone());
        tokio::spawn(async move {
            let _held = (permit, counted);
            match tls {
                None => connection(stream, peer, app, limits).await,
                Some(acceptor) => {
                    match tokio::time::timeout(limits.handshake_timeout, acceptor.accept(stream))
                        .await
                    {
                        Ok(Ok(stream)) => connection(stream, peer, app, limits).await,
                        // Expected once per browser until the person accepts the certificate.
                        Ok(Err(err)) => tracing::debug!("TLS handshake with {peer} failed: {err}"),
                        Err(_) => tracing::debug!("TLS handshake with {peer} timed out"),
                    }
                }
            }
        });
    }
}

/// Serves HTTP/1.1 requests (and WebSocket upgrades) on one connection.
async fn connection<I>(io: I, peer: SocketAddr, app: Router, limits: Limits)
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(peer));
        let app = app.clone();
        async move {
            Ok::<_, Infallible>(
                app.oneshot(request.map(Body::new)).await.unwrap_or_else(|never| match never {}),
            )
        }
    });
    let served = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .serve_connection(TokioIo::new(io), service)
        .with_upgrades()
        .await;
    if let Err(err) = served {
        tracing::debug!("connection with {peer}: {err}");
    }
}
