//! The HTTP/1.1 accept loop and the outermost layer of every response.
//!
//! The loop is hand-rolled (rather than `axum::serve`) for one reason: a
//! `close` fault must drop the connection without an answer, which only a
//! service error does, and `axum::serve` takes infallible services only.
//! Shutdown is graceful: in-flight responses may finish, for a while.

use std::net::SocketAddr;
use std::time::Duration;

use crate::prelude::*;
use axum::http::Request;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::ServiceExt;

/// Request bodies above this size are refused with 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;
/// How long shutdown waits for in-flight responses (a paused agent run
/// would otherwise hold it up forever).
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Put on a response to make the accept loop drop the connection instead.
#[derive(Debug, Clone, Copy)]
pub struct CloseConnection;

impl std::fmt::Display for CloseConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection closed by an injected fault")
    }
}

impl std::error::Error for CloseConnection {}

/// A response that the accept loop turns into a dropped connection.
pub fn close_connection() -> Response {
    let mut resp = StatusCode::INTERNAL_SERVER_ERROR.into_response();
    resp.extensions_mut().insert(CloseConnection);
    resp
}

pub async fn bind(addr: &str) -> std::io::Result<(TcpListener, SocketAddr)> {
    let listener = TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    Ok((listener, local))
}

/// Accepts connections until `shutdown` flips to true, then lets open
/// connections finish for up to [`SHUTDOWN_GRACE`].
pub async fn accept_loop(
    listener: TcpListener,
    keep_alive: bool,
    app: Router,
    mut shutdown: watch::Receiver<bool>,
) {
    let graceful = GracefulShutdown::new();
    loop {
        let stream = tokio::select! {
            r = listener.accept() => match r {
                Ok((stream, _)) => stream,
                Err(_) => {
                    // e.g. too many open files: back off briefly.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = shutdown.changed() => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let svc = hyper::service::service_fn(move |req: Request<Incoming>| {
            let app = app.clone();
            async move {
                let resp = match app.oneshot(req).await {
                    Ok(r) => r,
                    Err(never) => match never {},
                };
                match resp.extensions().get::<CloseConnection>() {
                    Some(close) => Err(*close),
                    None => Ok(resp),
                }
            }
        });
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder.keep_alive(keep_alive);
        let conn = graceful.watch(builder.serve_connection(TokioIo::new(stream), svc));
        tokio::spawn(async move {
            let _ = conn.await;
        });
    }
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await;
}

/// The outermost layer: `Date` from the server clock (replacing hyper's; a
/// proxied answer keeps the upstream's), and the contract's JSON error body
/// for the bare 405 and 413 that axum and the body limit produce.
pub async fn finish(State(state): State<AppState>, mut resp: Response) -> Response {
    let proxied = resp.extensions().get::<crate::proxy::Proxied>().is_some();
    let json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v == "application/json");
    let status = resp.status();
    if !proxied && !json && matches!(status.as_u16(), 405 | 413) {
        let allow = resp.headers().get(header::ALLOW).cloned();
        let (code, message) = if status == StatusCode::METHOD_NOT_ALLOWED {
            ("method_not_allowed", "method not allowed for this route")
        } else {
            ("payload_too_large", "request body too large")
        };
        resp = ApiError::new(status, code, message).into_response();
        if let Some(a) = allow {
            resp.headers_mut().insert(header::ALLOW, a);
        }
    }
    if !(proxied && resp.headers().contains_key(header::DATE)) {
        if let Ok(d) = HeaderValue::from_str(&state.clock.http_date()) {
            resp.headers_mut().insert(header::DATE, d);
        }
    }
    resp
}
