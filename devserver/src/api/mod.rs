//! The `/api/sdk/*` areas, one module per area of the SDK's `src/api/`.
//!
//! Each area exposes `pub fn routes() -> Api` with paths relative to
//! `/api/sdk`, spelled as axum does (`{id}`), and is merged in [`routes`]
//! (the `X-API-Key` check is applied by [`crate::sdk_routes`]). Handlers take
//! [`crate::auth::WorkspaceCtx`]; per-workspace data lives in
//! [`crate::state::WorkspaceData`]; errors use [`crate::error::ApiError`];
//! the list/create/get/update/delete shape is [`crud`]; tests use
//! [`crate::testutil::TestServer`].

pub mod agents;
pub mod audit;
pub mod chat;
pub mod configs;
pub mod conversations;
pub mod crud;
pub mod documents;
pub mod evals;
pub mod indexes;
pub mod project;
pub mod scheduled;
pub mod skills;
pub mod source;
pub mod studio;
pub mod templates;
pub mod vaults;

use axum::handler::Handler;
use axum::routing::{on, MethodFilter};
use axum::Router;
use serde::Serialize;
use serde_json::Value;

use crate::error::ApiError;
use crate::state::AppState;

/// A router that also lists what it routes, so [`route_table`] and the
/// routing share one spelling of every path.
#[derive(Default)]
pub struct Api {
    pub router: Router<AppState>,
    pub table: Vec<(&'static str, &'static str)>,
}

impl Api {
    fn on<H: Handler<T, AppState>, T: 'static>(
        mut self,
        (filter, method): (MethodFilter, &'static str),
        path: &'static str,
        handler: H,
    ) -> Self {
        self.router = self.router.route(path, on(filter, handler));
        self.table.push((method, path));
        self
    }

    pub fn get<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, h: H) -> Self {
        self.on((MethodFilter::GET, "GET"), path, h)
    }

    pub fn post<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, h: H) -> Self {
        self.on((MethodFilter::POST, "POST"), path, h)
    }

    pub fn put<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, h: H) -> Self {
        self.on((MethodFilter::PUT, "PUT"), path, h)
    }

    pub fn patch<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, h: H) -> Self {
        self.on((MethodFilter::PATCH, "PATCH"), path, h)
    }

    pub fn delete<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, h: H) -> Self {
        self.on((MethodFilter::DELETE, "DELETE"), path, h)
    }

    /// The whole [`crud`] shape at `collection` and `member` (`…/{id}`).
    pub fn crud<R: crud::Create + crud::Update>(
        self,
        collection: &'static str,
        member: &'static str,
    ) -> Self {
        self.get(collection, crud::list::<R>)
            .post(collection, crud::create::<R>)
            .get(member, crud::get::<R>)
            .patch(member, crud::update::<R>)
            .delete(member, crud::delete::<R>)
    }

    pub fn merge(mut self, other: Api) -> Self {
        self.router = self.router.merge(other.router);
        self.table.extend(other.table);
        self
    }
}

pub fn routes() -> Api {
    Api::default()
        .merge(project::routes())
        .merge(agents::routes())
        .merge(indexes::routes())
        .merge(documents::routes())
        .merge(vaults::routes())
        .merge(chat::routes())
        .merge(conversations::routes())
        .merge(configs::routes())
        .merge(source::routes())
        .merge(skills::routes())
        .merge(scheduled::routes())
        .merge(evals::routes())
        .merge(templates::routes())
        .merge(studio::routes())
        .merge(audit::routes())
}

/// Every `/api/sdk` route the server implements: (HTTP method, path
/// relative to `/api/sdk`, with `{param}` names as in the REST seed's
/// `:param`). `GET /app` is the legacy alias of `GET /project`.
pub fn route_table() -> Vec<(&'static str, &'static str)> {
    routes().table
}

// ---------------------------------------------------------------------------
// Shared helpers for the areas.

pub fn to_value<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// 404 `NOT_FOUND` with the message `"<entity> not found"`.
pub fn not_found(entity: &str) -> ApiError {
    ApiError::not_found(format!("{entity} not found"))
}

/// Lower-case alphanumeric tokens of `text` (used by search and chat).
pub fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A rough token count for usage figures (4 characters per token, at least 1).
pub fn approx_tokens(text: &str) -> i64 {
    (text.chars().count() as i64 / 4).max(1)
}

#[cfg(test)]
mod tests;
