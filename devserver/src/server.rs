//! The HTTP/1.1 accept loop and the per-request pipeline around the axum
//! router: CORS preflights, the request log, fault injection (including
//! dropping the connection), the `Date` header from the server clock, and
//! JSON bodies for bare 405s.

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, Response, StatusCode};
use axum::response::IntoResponse;
use axum::Router;
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::Service;

use crate::control::{fault_response, log_body, log_headers, LogEntry};
use crate::cors;
use crate::error::{json_response, ApiError};
use crate::state::AppState;

/// Request bodies above this size are refused with 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// Returned by the pipeline to make hyper drop the connection without a response.
#[derive(Debug)]
pub struct CloseConnection;

impl std::fmt::Display for CloseConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection closed by an injected fault")
    }
}

impl std::error::Error for CloseConnection {}

/// Accepts connections until `shutdown` flips to true.
pub async fn accept_loop(
    listener: TcpListener,
    state: AppState,
    router: Router,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let (stream, _peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok(x) => x,
                Err(_) => {
                    // e.g. too many open files: back off briefly.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = shutdown.changed() => break,
        };
        let _ = stream.set_nodelay(true);
        let keep_alive = state.config.keep_alive;
        let state = state.clone();
        let router = router.clone();
        let mut conn_shutdown = shutdown.clone();
        tokio::spawn(async move {
            let svc = hyper::service::service_fn(move |req: Request<Incoming>| {
                let state = state.clone();
                let router = router.clone();
                async move { handle(state, router, req).await }
            });
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder.keep_alive(keep_alive);
            let conn = builder.serve_connection(TokioIo::new(stream), svc);
            tokio::select! {
                _ = conn => {}
                _ = conn_shutdown.changed() => {}
            }
        });
    }
}

/// The pipeline for one request.
pub async fn handle(
    state: AppState,
    mut router: Router,
    req: Request<Incoming>,
) -> Result<Response<Body>, CloseConnection> {
    let (parts, body) = req.into_parts();
    let origin = cors::allowed_origin(&state.config, &parts.headers);
    let path = parts.uri.path().to_string();
    let control_on = state.config.test_control;

    if cors::is_preflight(&parts.method, &parts.headers) {
        // A fault can target a preflight only by naming method OPTIONS.
        let fault = control_on
            .then(|| state.control().take_fault(&parts.method, &path))
            .flatten();
        if let Some((_, action)) = fault {
            if action.delay_ms > 0 {
                tokio::time::sleep(Duration::from_millis(action.delay_ms)).await;
            }
            if action.close {
                return Err(CloseConnection);
            }
            if let Some(status) = action.status {
                let mut resp = fault_response(&action, status);
                finish(&state, &mut resp, None);
                return Ok(resp);
            }
        }
        if control_on {
            state.control().count_preflight(&path);
        }
        let mut resp = cors::preflight_response(origin);
        finish(&state, &mut resp, None);
        return Ok(resp);
    }

    let body = match Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(c) => c.to_bytes(),
        Err(e) => {
            if e.downcast_ref::<http_body_util::LengthLimitError>()
                .is_some()
            {
                let mut resp = ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    "request body too large",
                )
                .into_response();
                finish(&state, &mut resp, origin);
                return Ok(resp);
            }
            // The client went away mid-body.
            return Err(CloseConnection);
        }
    };

    let logged = control_on && !path.starts_with("/__test/");
    let mut fault = None;
    if logged {
        let mut control = state.control();
        control.count(&parts.method, &path);
        fault = control.take_fault(&parts.method, &path);
    }
    let entry = logged.then(|| LogEntry {
        method: parts.method.to_string(),
        path: path.clone(),
        query: parts.uri.query().map(str::to_string),
        headers: log_headers(&parts.headers),
        body: log_body(&body),
        status: None,
        at_ms: state.clock.now_unix_ms(),
        fault: fault.as_ref().map(|(id, _)| id.clone()),
    });

    let mut stream_faults = None;
    let mut resp = None;
    if let Some((_, action)) = fault {
        if action.delay_ms > 0 {
            tokio::time::sleep(Duration::from_millis(action.delay_ms)).await;
        }
        if action.close {
            if let Some(e) = entry {
                state.control().log(e);
            }
            return Err(CloseConnection);
        }
        if let Some(status) = action.status {
            resp = Some(fault_response(&action, status));
        } else {
            stream_faults = Some(action.stream.clone());
        }
    }

    let mut resp = match resp {
        Some(r) => r,
        None => {
            let mut req = Request::from_parts(parts, Body::from(body));
            if let Some(sf) = stream_faults {
                req.extensions_mut().insert(sf);
            }
            match router.call(req).await {
                Ok(r) => r,
                Err(never) => match never {},
            }
        }
    };
    if resp.status() == StatusCode::METHOD_NOT_ALLOWED
        && !resp.headers().contains_key(header::CONTENT_TYPE)
    {
        let allow = resp.headers().get(header::ALLOW).cloned();
        resp = json_response(
            StatusCode::METHOD_NOT_ALLOWED,
            &ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "method not allowed for this route",
            )
            .body(),
        );
        if let Some(a) = allow {
            resp.headers_mut().insert(header::ALLOW, a);
        }
    }
    if let Some(mut e) = entry {
        e.status = Some(resp.status().as_u16());
        state.control().log(e);
    }
    finish(&state, &mut resp, origin);
    Ok(resp)
}

/// `Date` from the server clock (replacing hyper's; a proxied answer keeps
/// the upstream's) and CORS headers.
fn finish(state: &AppState, resp: &mut Response<Body>, origin: Option<HeaderValue>) {
    let proxied_date = resp.extensions().get::<crate::proxy::Proxied>().is_some()
        && resp.headers().contains_key(header::DATE);
    if !proxied_date {
        if let Ok(d) = HeaderValue::from_str(&state.clock.http_date()) {
            resp.headers_mut().insert(header::DATE, d);
        }
    }
    cors::decorate(resp.headers_mut(), origin);
}

/// Binds `addr`.
pub async fn bind(addr: &str) -> std::io::Result<(TcpListener, SocketAddr)> {
    let listener = TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    Ok((listener, local))
}
