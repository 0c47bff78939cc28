//! tavora-devserver: an in-memory, Tavora-compatible HTTP server for the
//! browser SDK's tests and demo. See `devserver/README.md`.

pub mod api;
pub mod auth;
pub mod clock;
pub mod config;
pub mod control;
pub mod cors;
pub mod error;
pub mod extract;
pub mod jwt;
pub mod prelude;
pub mod proxy;
pub mod server;
pub mod sse;
pub mod state;
pub mod static_files;

#[cfg(test)]
pub mod testutil;

use std::net::SocketAddr;

use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn_with_state, map_response_with_state};
use axum::Router;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

pub use config::Config;
pub use state::AppState;

/// Every `/api/sdk/*` route, behind the `X-API-Key` check.
pub fn sdk_routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .merge(api::routes().router)
        .fallback(error::not_found_fallback)
        .layer(from_fn_with_state(state.clone(), auth::require_api_key))
}

/// The full application router. With `--upstream`, every `/api/*` route is
/// forwarded there instead (see `proxy`); static files stay local.
pub fn router(state: AppState) -> Router {
    let cfg = &state.config;
    let mut app = match &cfg.upstream {
        Some(upstream) => proxy::routes(upstream),
        None => Router::new()
            .merge(auth::routes())
            .nest("/api/sdk", sdk_routes(&state)),
    };
    if cfg.test_control {
        app = app.merge(control::routes());
    }
    app = match &cfg.static_dir {
        Some(dir) => app.fallback_service(static_files::service(dir)),
        None => app.fallback(error::not_found_fallback),
    };
    // Around the whole router, so they run before routing. Innermost first:
    // the request log and faults; CORS, which covers their answers too;
    // preflights, counted before CORS answers them.
    Router::new()
        .fallback_service(app.with_state(state.clone()))
        .layer(from_fn_with_state(state.clone(), control::faults_and_log))
        .layer(RequestBodyLimitLayer::new(server::MAX_BODY_BYTES))
        .layer(DefaultBodyLimit::disable())
        .layer(from_fn_with_state(cors::Cors::new(cfg), cors::middleware))
        .layer(from_fn_with_state(state.clone(), control::preflights))
        .layer(map_response_with_state(state.clone(), server::finish))
        .layer(TraceLayer::new_for_http())
}

/// A running server.
pub struct ServerHandle {
    pub state: AppState,
    shutdown: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl ServerHandle {
    /// Stops accepting and waits for open connections (for a while, see
    /// [`server::SHUTDOWN_GRACE`]).
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        let _ = self.task.await;
    }
}

/// Binds `config.host:config.port` (port 0 = any free port) and serves in
/// the background.
pub async fn serve(config: Config) -> std::io::Result<(SocketAddr, ServerHandle)> {
    if let Some(upstream) = &config.upstream {
        proxy::parse_upstream(upstream).map_err(std::io::Error::other)?;
    }
    let host = if config.host.contains(':') && !config.host.starts_with('[') {
        format!("[{}]", config.host)
    } else {
        config.host.clone()
    };
    let (listener, addr) = server::bind(&format!("{host}:{}", config.port)).await?;
    let state = AppState::new(config);
    let app = router(state.clone());
    let (tx, rx) = watch::channel(false);
    let task = tokio::spawn(server::accept_loop(
        listener,
        state.config.keep_alive,
        app,
        rx,
    ));
    Ok((
        addr,
        ServerHandle {
            state,
            shutdown: tx,
            task,
        },
    ))
}
