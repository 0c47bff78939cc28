//! The test-control API (`/__test/*`, only with `--test-control`): fault
//! injection, the request log, clock offset, config overrides, JWT minting
//! and key expiry.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::HeaderName;
use axum::routing::{get, post};
use parking_lot::Mutex;
use serde_json::Map;

use crate::auth::jwt_for_user;
use crate::clock::rfc3339;
use crate::extract::{from_value, nullable};
use crate::prelude::*;
use crate::server::{close_connection, CloseConnection};
use crate::sse::{StreamFaults, StreamRecord};
use crate::state::Store;

/// Request bodies longer than this are truncated in the log.
pub const LOG_BODY_LIMIT: usize = 64 * 1024;
/// The log keeps at most this many entries (oldest dropped first).
pub const LOG_MAX_ENTRIES: usize = 10_000;

/// Which requests a fault applies to; every given field must match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct FaultMatch {
    pub method: Option<String>,
    pub path: Option<String>,
    pub path_prefix: Option<String>,
}

impl FaultMatch {
    pub fn matches(&self, method: &Method, path: &str) -> bool {
        let method_ok = match &self.method {
            Some(m) => m.eq_ignore_ascii_case(method.as_str()),
            // Preflights are only faulted when asked for explicitly.
            None => method != Method::OPTIONS,
        };
        method_ok
            && self.path.as_deref().is_none_or(|p| p == path)
            && self
                .path_prefix
                .as_deref()
                .is_none_or(|p| path.starts_with(p))
    }
}

/// What a fault does to a matching request (`action` of `POST /__test/faults`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct FaultAction {
    pub status: Option<u16>,
    pub body: Option<Value>,
    pub headers: Map<String, Value>,
    pub delay_ms: u64,
    pub close: bool,
    #[serde(flatten)]
    pub stream: StreamFaults,
    /// Keys no action has: serde cannot deny unknown fields beside a
    /// flattened struct, so [`FaultAction::check`] refuses them.
    #[serde(flatten)]
    unknown: Map<String, Value>,
}

impl FaultAction {
    /// The checks serde does not make.
    fn check(&self) -> ApiResult<()> {
        let bad = ApiError::invalid_field;
        if let Some(k) = self.unknown.keys().next() {
            return Err(bad("action", format!("unknown action {k:?}")));
        }
        if self.status.is_some_and(|s| !(100..=599).contains(&s)) {
            return Err(bad("status", "status must be 100..=599".to_string()));
        }
        if let Some((k, _)) = self.headers().find(|(k, v)| {
            HeaderName::try_from(k.as_str()).is_err() || HeaderValue::try_from(v).is_err()
        }) {
            return Err(bad("headers", format!("invalid header {k:?}")));
        }
        let f = &self.stream;
        if f.chunk_sizes
            .as_ref()
            .is_some_and(|c| c.is_empty() || c.contains(&0))
        {
            let msg = "chunk_sizes must be a non-empty array of positive integers";
            return Err(bad("chunk_sizes", msg.to_string()));
        }
        if f.random_chunks.is_some_and(|r| r.min == 0 || r.max < r.min) {
            let msg = "random_chunks needs 1 <= min <= max";
            return Err(bad("random_chunks", msg.to_string()));
        }
        Ok(())
    }

    /// The extra response headers; a value that is not a string is sent as JSON.
    fn headers(&self) -> impl Iterator<Item = (&String, String)> {
        self.headers.iter().map(|(k, v)| match v {
            Value::String(s) => (k, s.clone()),
            other => (k, other.to_string()),
        })
    }
}

#[derive(Debug, Clone)]
pub struct Fault {
    pub id: String,
    pub matcher: FaultMatch,
    /// `None` = forever (until reset).
    pub remaining: Option<u64>,
    pub action: FaultAction,
    /// The request body as given, for `GET /__test/faults`.
    pub spec: Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct LogEntry {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub headers: BTreeMap<String, String>,
    pub body: String,
    /// `null` when a `close` fault dropped the connection.
    pub status: Option<u16>,
    pub at_ms: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fault: Option<String>,
}

#[derive(Debug, Default)]
pub struct ControlState {
    pub faults: Vec<Fault>,
    pub next_fault: u64,
    pub counts: BTreeMap<String, u64>,
    pub preflights: u64,
    pub preflight_counts: BTreeMap<String, u64>,
    pub log: Vec<LogEntry>,
    pub streams: Vec<Arc<Mutex<StreamRecord>>>,
    pub key_ttl_override: Option<i64>,
    pub stream_delay_override: Option<u64>,
}

impl ControlState {
    /// Consumes one use of the first matching fault (insertion order).
    pub fn take_fault(&mut self, method: &Method, path: &str) -> Option<(String, FaultAction)> {
        let i = self
            .faults
            .iter()
            .position(|f| f.remaining.is_none_or(|n| n > 0) && f.matcher.matches(method, path))?;
        let f = &mut self.faults[i];
        let out = (f.id.clone(), f.action.clone());
        if let Some(n) = &mut f.remaining {
            *n -= 1;
            if *n == 0 {
                self.faults.remove(i);
            }
        }
        Some(out)
    }

    pub fn count(&mut self, method: &Method, path: &str) {
        *self.counts.entry(format!("{method} {path}")).or_default() += 1;
    }

    pub fn count_preflight(&mut self, path: &str) {
        self.preflights += 1;
        *self
            .preflight_counts
            .entry(format!("OPTIONS {path}"))
            .or_default() += 1;
    }

    pub fn log(&mut self, entry: LogEntry) {
        if self.log.len() >= LOG_MAX_ENTRIES {
            self.log.remove(0);
        }
        self.log.push(entry);
    }

    /// Clears faults, log, counters, stream records and overrides.
    pub fn reset(&mut self) {
        *self = ControlState::default();
    }
}

/// Lower-cased header map for the log (repeated headers joined with ", ").
pub fn log_headers(headers: &HeaderMap) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in headers {
        let v = String::from_utf8_lossy(value.as_bytes()).into_owned();
        out.entry(name.as_str().to_ascii_lowercase())
            .and_modify(|e| {
                e.push_str(", ");
                e.push_str(&v);
            })
            .or_insert(v);
    }
    out
}

/// UTF-8-lossy body, truncated beyond [`LOG_BODY_LIMIT`] bytes.
pub fn log_body(bytes: &[u8]) -> String {
    let cut = &bytes[..bytes.len().min(LOG_BODY_LIMIT)];
    String::from_utf8_lossy(cut).into_owned()
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/__test/reset", post(reset))
        .route(
            "/__test/faults",
            post(add_fault).get(list_faults).delete(clear_faults),
        )
        .route("/__test/requests", get(requests))
        .route("/__test/clock", post(clock))
        .route("/__test/config", post(config))
        .route("/__test/jwt", post(mint_jwt))
        .route("/__test/expire-key", post(expire_key))
}

#[derive(Deserialize)]
struct Reset {
    #[serde(default)]
    data: bool,
}

async fn reset(
    State(state): State<AppState>,
    JsonBody(Reset { data }): JsonBody<Reset>,
) -> ApiResult<Response> {
    state.control().reset();
    state.clock.set_offset_secs(0);
    if data {
        *state.store() = Store::seeded();
    }
    Ok(ok(json!({"ok": true, "data_reset": data})))
}

#[derive(Deserialize)]
struct FaultSpec {
    #[serde(default, rename = "match")]
    matcher: FaultMatch,
    #[serde(default = "once")]
    times: u64,
    action: FaultAction,
}

fn once() -> u64 {
    1
}

async fn add_fault(
    State(state): State<AppState>,
    JsonBody(spec): JsonBody<Value>,
) -> ApiResult<Response> {
    let f: FaultSpec = from_value(spec.clone())?;
    f.action.check()?;
    let mut control = state.control();
    control.next_fault += 1;
    let id = format!("fault_{}", control.next_fault);
    control.faults.push(Fault {
        id: id.clone(),
        matcher: f.matcher,
        remaining: (f.times > 0).then_some(f.times),
        action: f.action,
        spec,
    });
    let queued = control.faults.len();
    Ok(ok(json!({"ok": true, "id": id, "queued": queued})))
}

async fn list_faults(State(state): State<AppState>) -> Response {
    let control = state.control();
    let faults: Vec<Value> = control
        .faults
        .iter()
        .map(|f| json!({"id": f.id, "remaining": f.remaining, "spec": f.spec}))
        .collect();
    ok(json!({ "faults": faults }))
}

async fn clear_faults(State(state): State<AppState>) -> Response {
    state.control().faults.clear();
    ok(json!({"ok": true}))
}

async fn requests(State(state): State<AppState>) -> Response {
    let control = state.control();
    let streams: Vec<StreamRecord> = control.streams.iter().map(|s| s.lock().clone()).collect();
    ok(json!({
        "counts": control.counts,
        "preflights": control.preflights,
        "preflight_counts": control.preflight_counts,
        "log": control.log,
        "streams": streams,
    }))
}

#[derive(Deserialize)]
struct ClockOffset {
    offset_secs: i64,
}

async fn clock(
    State(state): State<AppState>,
    JsonBody(ClockOffset { offset_secs }): JsonBody<ClockOffset>,
) -> ApiResult<Response> {
    state.clock.set_offset_secs(offset_secs);
    Ok(ok(json!({
        "ok": true,
        "offset_secs": offset_secs,
        "now": rfc3339(state.clock.now()),
        "date": state.clock.http_date(),
    })))
}

/// Overrides: absent = unchanged, `null` = back to the flag's value.
#[derive(Deserialize)]
struct Overrides {
    #[serde(default, deserialize_with = "nullable")]
    key_ttl_secs: Option<Option<i64>>,
    #[serde(default, deserialize_with = "nullable")]
    stream_delay_ms: Option<Option<u64>>,
}

async fn config(
    State(state): State<AppState>,
    JsonBody(b): JsonBody<Overrides>,
) -> ApiResult<Response> {
    if b.key_ttl_secs.flatten().is_some_and(|n| n <= 0) {
        return invalid("key_ttl_secs", "key_ttl_secs must be a positive integer");
    }
    {
        let mut control = state.control();
        if let Some(t) = b.key_ttl_secs {
            control.key_ttl_override = t;
        }
        if let Some(d) = b.stream_delay_ms {
            control.stream_delay_override = d;
        }
    }
    Ok(ok(json!({
        "ok": true,
        "key_ttl_secs": state.key_ttl_secs(),
        "stream_delay_ms": state.stream_delay_ms(),
    })))
}

#[derive(Deserialize)]
struct MintJwt {
    sub: String,
    exp_in_secs: Option<i64>,
}

async fn mint_jwt(
    State(state): State<AppState>,
    JsonBody(MintJwt { sub, exp_in_secs }): JsonBody<MintJwt>,
) -> ApiResult<Response> {
    let ttl = exp_in_secs.unwrap_or(crate::auth::SIGN_IN_JWT_TTL_SECS);
    let jwt = jwt_for_user(&state, &sub, ttl)
        .ok_or_else(|| ApiError::not_found(format!("no user {sub:?}")))?;
    Ok(ok(json!({ "jwt": jwt })))
}

#[derive(Deserialize)]
struct ExpireKey {
    key_prefix: NonBlank,
}

async fn expire_key(
    State(state): State<AppState>,
    JsonBody(ExpireKey { key_prefix }): JsonBody<ExpireKey>,
) -> ApiResult<Response> {
    let prefix = key_prefix.0;
    let now = state.clock.now();
    let mut store = state.store();
    let mut expired = 0;
    for k in store.keys.values_mut() {
        if k.key_prefix == prefix || k.api_key.starts_with(&prefix) {
            k.expires_at = now;
            expired += 1;
        }
    }
    if expired == 0 {
        return Err(ApiError::not_found("no key with that prefix"));
    }
    Ok(ok(json!({"ok": true, "expired": expired})))
}

/// Middleware for preflights (outside CORS, which answers them): they are
/// counted, and faulted only by a fault that names method `OPTIONS`.
pub async fn preflights(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !state.config.test_control || !crate::cors::is_preflight(&req) {
        return next.run(req).await;
    }
    let path = req.uri().path().to_string();
    let fault = state.control().take_fault(req.method(), &path);
    if let Some((_, action)) = fault {
        if let Some(resp) = apply_early(&action).await {
            return resp;
        }
    }
    state.control().count_preflight(&path);
    next.run(req).await
}

/// Middleware for every other request but `/__test/*`: counts and logs it,
/// and applies the first matching fault.
pub async fn faults_and_log(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if !state.config.test_control || path.starts_with("/__test/") {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(e) if too_large(&e) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
        // The client went away mid-body.
        Err(_) => return close_connection(),
    };
    let fault = {
        let mut control = state.control();
        control.count(&parts.method, &path);
        control.take_fault(&parts.method, &path)
    };
    let mut entry = LogEntry {
        method: parts.method.to_string(),
        path,
        query: parts.uri.query().map(str::to_string),
        headers: log_headers(&parts.headers),
        body: log_body(&body),
        status: None,
        at_ms: state.clock.now_unix_ms(),
        fault: fault.as_ref().map(|(id, _)| id.clone()),
    };
    let mut req = Request::from_parts(parts, Body::from(body));
    let resp = match fault {
        Some((_, action)) => match apply_early(&action).await {
            Some(resp) => resp,
            None => {
                req.extensions_mut().insert(action.stream);
                next.run(req).await
            }
        },
        None => next.run(req).await,
    };
    if resp.extensions().get::<CloseConnection>().is_none() {
        entry.status = Some(resp.status().as_u16());
    }
    state.control().log(entry);
    resp
}

/// Sleeps for `delay_ms`, then answers for the fault if it says so (a
/// status, or dropping the connection).
async fn apply_early(action: &FaultAction) -> Option<Response> {
    if action.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(action.delay_ms)).await;
    }
    if action.close {
        return Some(close_connection());
    }
    action.status.map(|status| fault_response(action, status))
}

fn too_large(e: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        if err.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = err.source();
    }
    false
}

/// Response for a fault with a `status`.
pub fn fault_response(action: &FaultAction, status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut resp = match &action.body {
        // A string body is sent raw as text/plain (e.g. "Bad Gateway").
        Some(Value::String(s)) => {
            let text = [(header::CONTENT_TYPE, "text/plain; charset=utf-8")];
            (status, text, s.clone()).into_response()
        }
        Some(v) => crate::error::json_response(status, v),
        None if status == StatusCode::NO_CONTENT => crate::error::no_content(),
        None => crate::error::json_response(status, &ApiError::for_status(status).body()),
    };
    for (k, v) in action.headers() {
        if let (Ok(k), Ok(v)) = (HeaderName::try_from(k.as_str()), HeaderValue::try_from(v)) {
            resp.headers_mut().insert(k, v);
        }
    }
    resp
}

#[cfg(test)]
mod tests;
