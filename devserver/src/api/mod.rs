//! The `/api/sdk/*` areas beyond project/metrics/agents, one file per area.
//!
//! Each area exposes `pub fn routes() -> Router<AppState>` with paths
//! relative to `/api/sdk` and is merged in [`routes`] (the `X-API-Key` check
//! is applied by [`crate::sdk_routes`]). Handlers take
//! [`crate::auth::WorkspaceCtx`]; per-workspace data lives in
//! [`crate::state::WorkspaceData`]; errors use [`crate::error::ApiError`];
//! tests use [`crate::testutil::TestServer`]. [`route_table`] lists every
//! `/api/sdk` route the server implements.

pub mod agents;
pub mod audit;
pub mod chat;
pub mod configs;
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

use std::collections::HashMap;

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::Router;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::clock::rfc3339;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// All areas under `src/api/`, merged.
pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(project::routes())
        .merge(agents::routes())
        .merge(indexes::routes())
        .merge(documents::routes())
        .merge(vaults::routes())
        .merge(chat::routes())
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
/// template relative to `/api/sdk` with `:param` names as in the REST seed).
/// `GET /app` is the legacy alias of `GET /project`.
pub fn route_table() -> Vec<(&'static str, &'static str)> {
    vec![
        // Project and metrics
        ("GET", "/project"),
        ("GET", "/app"),
        ("GET", "/metrics"),
        // Indexes
        ("GET", "/indexes"),
        ("POST", "/indexes"),
        ("GET", "/indexes/:id"),
        ("PATCH", "/indexes/:id"),
        ("DELETE", "/indexes/:id"),
        // Documents and search
        ("POST", "/indexes/:id/documents"),
        ("GET", "/indexes/:id/documents"),
        ("GET", "/indexes/:id/documents/:docId"),
        ("GET", "/indexes/:id/documents/by-name/:name"),
        ("GET", "/indexes/:id/documents/by-name/:name/versions"),
        ("DELETE", "/indexes/:id/documents/:docId"),
        ("GET", "/documents"),
        ("GET", "/documents/:id"),
        ("DELETE", "/documents/:id"),
        ("POST", "/search"),
        ("POST", "/indexes/:id/search"),
        // Secret vaults
        ("POST", "/secret-vaults"),
        ("GET", "/secret-vaults"),
        ("GET", "/secret-vaults/:id"),
        ("PATCH", "/secret-vaults/:id"),
        ("DELETE", "/secret-vaults/:id"),
        ("GET", "/secret-vaults/:id/secrets"),
        ("PUT", "/secret-vaults/:id/secrets/:name"),
        ("DELETE", "/secret-vaults/:id/secrets/:name"),
        // Agent sessions
        ("GET", "/agents/system-prompt"),
        ("POST", "/agents"),
        ("GET", "/agents"),
        ("GET", "/agents/:id"),
        ("DELETE", "/agents/:id"),
        ("POST", "/agents/:id/run"),
        ("POST", "/agents/:id/input"),
        // Agent configs and history
        ("GET", "/agent-configs"),
        ("GET", "/agent-configs/:id"),
        ("DELETE", "/agent-configs/:id"),
        ("PATCH", "/agent-configs/:id/settings"),
        ("GET", "/agent-configs/:id/versions"),
        ("GET", "/agent-configs/:id/versions/:vid"),
        ("POST", "/agent-configs/:id/eval-runs"),
        ("GET", "/agent-configs/:id/eval-runs"),
        ("GET", "/agent-configs/:id/eval-suite"),
        // Code-first source
        ("PUT", "/source-sync"),
        ("POST", "/source-validate"),
        ("POST", "/source-deploy"),
        ("POST", "/source-rename"),
        ("POST", "/source-delete"),
        // Chat and conversations
        ("POST", "/chat/completions"),
        ("POST", "/conversations"),
        ("GET", "/conversations"),
        ("GET", "/conversations/:id"),
        ("DELETE", "/conversations/:id"),
        ("POST", "/conversations/:id/messages"),
        // Skills
        ("GET", "/skills"),
        ("GET", "/skills/:id"),
        ("POST", "/skills/validate"),
        ("GET", "/skills/authoring-guide"),
        // Scheduled runs
        ("GET", "/scheduled-runs"),
        ("POST", "/scheduled-runs"),
        ("GET", "/scheduled-runs/:id"),
        ("PATCH", "/scheduled-runs/:id"),
        ("DELETE", "/scheduled-runs/:id"),
        // Evals
        ("GET", "/evals"),
        ("GET", "/evals/:id"),
        ("GET", "/eval-runs"),
        ("GET", "/eval-runs/:id"),
        ("GET", "/eval-suites"),
        ("GET", "/eval-suites/:id"),
        ("GET", "/eval-suites/:id/versions"),
        // Prompt templates
        ("GET", "/prompt-templates"),
        ("POST", "/prompt-templates"),
        ("GET", "/prompt-templates/:id"),
        ("PATCH", "/prompt-templates/:id"),
        ("DELETE", "/prompt-templates/:id"),
        // Studio
        ("GET", "/studio/:sessionID"),
        ("POST", "/studio/:sessionID/replay"),
        ("POST", "/studio/:sessionID/analyze"),
        // Audit log
        ("GET", "/audit-log"),
        ("GET", "/audit-log/export"),
    ]
}

// ---------------------------------------------------------------------------
// Shared helpers for the areas.

/// The server clock as RFC 3339.
pub fn now(state: &AppState) -> String {
    rfc3339(state.clock.now())
}

pub fn to_value<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// 404 `NOT_FOUND` with the message `"<entity> not found"`.
pub fn not_found(entity: &str) -> ApiError {
    ApiError::not_found(format!("{entity} not found"))
}

/// A record kept in a workspace list and addressed by its `id`.
pub trait Keyed {
    fn key(&self) -> &str;
}

macro_rules! keyed {
    ($($t:ty),* $(,)?) => {
        $(impl Keyed for $t {
            fn key(&self) -> &str {
                &self.id
            }
        })*
    };
}

keyed!(
    crate::api::agents::AgentSession,
    chat::Conversation,
    configs::AgentConfig,
    evals::EvalCase,
    evals::EvalRun,
    evals::EvalSuite,
    indexes::Index,
    scheduled::ScheduledRun,
    skills::Skill,
    templates::PromptTemplate,
    vaults::SecretVault,
);

/// The record `id` of `items`, or 404 `"<entity> not found"`.
pub fn by_id<'a, T: Keyed>(items: &'a [T], id: &str, entity: &str) -> ApiResult<&'a T> {
    items
        .iter()
        .find(|x| x.key() == id)
        .ok_or_else(|| not_found(entity))
}

/// [`by_id`], to change the record.
pub fn by_id_mut<'a, T: Keyed>(items: &'a mut [T], id: &str, entity: &str) -> ApiResult<&'a mut T> {
    items
        .iter_mut()
        .find(|x| x.key() == id)
        .ok_or_else(|| not_found(entity))
}

/// Removes the record `id` (the others keep their order), or 404.
pub fn remove_by_id<T: Keyed>(items: &mut Vec<T>, id: &str, entity: &str) -> ApiResult<T> {
    let at = items
        .iter()
        .position(|x| x.key() == id)
        .ok_or_else(|| not_found(entity))?;
    Ok(items.remove(at))
}

/// A required, non-blank string field.
pub fn req_str(m: &Map<String, Value>, field: &str) -> ApiResult<String> {
    match m.get(field) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        Some(Value::String(_)) => Err(ApiError::invalid_field(
            field,
            format!("{field} must not be empty"),
        )),
        None | Some(Value::Null) => Err(ApiError::invalid_field(
            field,
            format!("{field} is required"),
        )),
        Some(_) => Err(ApiError::invalid_field(
            field,
            format!("{field} must be a string"),
        )),
    }
}

/// An optional JSON object field.
pub fn opt_obj(m: &Map<String, Value>, field: &str) -> ApiResult<Option<Map<String, Value>>> {
    match m.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(o)) => Ok(Some(o.clone())),
        Some(_) => Err(ApiError::invalid_field(
            field,
            format!("{field} must be a JSON object"),
        )),
    }
}

/// An optional boolean field.
pub fn opt_bool(m: &Map<String, Value>, field: &str) -> ApiResult<Option<bool>> {
    match m.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(ApiError::invalid_field(
            field,
            format!("{field} must be a boolean"),
        )),
    }
}

/// An optional integer field.
pub fn opt_i64(m: &Map<String, Value>, field: &str) -> ApiResult<Option<i64>> {
    match m.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_i64()
            .map(Some)
            .ok_or_else(|| ApiError::invalid_field(field, format!("{field} must be an integer"))),
    }
}

/// The raw query pairs (repeated keys kept, in order); a malformed query is a 400.
#[derive(Debug, Clone, Default)]
pub struct QueryPairs(pub Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for QueryPairs {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Query(q) = Query::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map_err(|e| ApiError::bad_request(format!("invalid query string: {e}")))?;
        Ok(QueryPairs(q))
    }
}

impl QueryPairs {
    /// The last value of `key`, if present and non-empty.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// `key` as a non-negative integer (absent/empty → `None`).
    pub fn usize(&self, key: &str) -> ApiResult<Option<usize>> {
        self.get(key)
            .map(|v| {
                v.parse::<usize>().map_err(|_| {
                    ApiError::invalid_field(key, format!("{key} must be a non-negative integer"))
                })
            })
            .transpose()
    }

    /// `key` as a boolean (`true`/`1` or `false`/`0`).
    pub fn bool(&self, key: &str) -> ApiResult<bool> {
        match self.get(key) {
            None => Ok(false),
            Some("true") | Some("1") => Ok(true),
            Some("false") | Some("0") => Ok(false),
            Some(_) => Err(ApiError::invalid_field(
                key,
                format!("{key} must be true or false"),
            )),
        }
    }

    pub fn map(&self) -> HashMap<String, String> {
        self.0.iter().cloned().collect()
    }
}

/// `limit` (0/absent → `default`, capped at `max`) and `offset` from a query.
pub fn limit_offset(q: &QueryPairs, default: usize, max: usize) -> ApiResult<(usize, usize)> {
    let limit = match q.usize("limit")? {
        None | Some(0) => default,
        Some(n) => n.min(max),
    };
    Ok((limit, q.usize("offset")?.unwrap_or(0)))
}

/// Lower-case alphanumeric tokens of `text` (used by search and chat).
pub fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Hex sha256 of `bytes`.
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
