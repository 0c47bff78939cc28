//! Further `/api/sdk/*` areas, one file per area (e.g. `indexes.rs`).
//!
//! To add an area: create `src/api/<area>.rs` exposing
//! `pub fn routes() -> Router<AppState>` with paths relative to `/api/sdk`
//! (e.g. `.route("/indexes", get(list))`), declare it below and merge it in
//! [`routes`]. Handlers take [`crate::auth::WorkspaceCtx`] to learn the
//! key's workspace; the `X-API-Key` check is already applied. Per-workspace
//! data goes into [`crate::state::WorkspaceData`]; errors use
//! [`crate::error::ApiError`]; tests use [`crate::testutil::TestServer`].

use axum::Router;

use crate::state::AppState;

/// All areas under `src/api/`, merged.
pub fn routes() -> Router<AppState> {
    Router::new()
}
