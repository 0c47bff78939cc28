//! The SDK's one error type.
//!
//! Every failure a caller can observe is one of these variants, so a UI can
//! tell "the server said no" from "the network dropped" from "we could not
//! read what the server sent". No variant ever carries an API key or a JWT:
//! messages are built from status codes, server error bodies and our own text.

use serde_json::{Map, Value};
use std::fmt;

/// An error answered by the server: a non-2xx status with (usually) the
/// contract's `{"code","message",...details}` body.
#[derive(Clone, Debug, PartialEq)]
pub struct HttpError {
    pub status: u16,
    /// The stable machine-readable code (`code`, else `error`), if any.
    pub code: Option<String>,
    /// The human-readable message; falls back to `HTTP <status>`.
    pub message: String,
    /// Every other top-level key of the error body (without `code`,
    /// `message` and `error`).
    pub details: Map<String, Value>,
}

impl HttpError {
    /// Builds the error from a status and whatever body the server sent.
    /// A non-JSON body (an HTML "Bad Gateway" page, plain text) still gives
    /// a useful message: its first line, trimmed and shortened.
    pub fn from_body(status: u16, body: &[u8]) -> Self {
        let parsed = match crate::json::parse(body) {
            Some(Value::Object(map)) => Some(map),
            _ => None,
        };
        match parsed {
            Some(mut map) => {
                let code = take_string(&mut map, "code");
                let error = take_string(&mut map, "error");
                let message = take_string(&mut map, "message");
                HttpError {
                    status,
                    code: code.or(error.clone()),
                    message: message
                        .or(error)
                        .unwrap_or_else(|| format!("HTTP {status}")),
                    details: map,
                }
            }
            None => HttpError {
                status,
                code: None,
                message: plain_text_message(status, body),
                details: Map::new(),
            },
        }
    }

    /// Error raised by the SDK itself with a given status and code.
    pub fn new(status: u16, code: &str, message: impl Into<String>) -> Self {
        HttpError {
            status,
            code: Some(code.to_string()),
            message: message.into(),
            details: Map::new(),
        }
    }
}

fn take_string(map: &mut Map<String, Value>, key: &str) -> Option<String> {
    match crate::json::take(map, key) {
        Some(Value::String(s)) if !s.is_empty() => Some(s),
        _ => None,
    }
}

fn plain_text_message(status: u16, body: &[u8]) -> String {
    const MAX: usize = 200;
    let text = String::from_utf8_lossy(body);
    let line = text.lines().map(str::trim).find(|l| !l.is_empty());
    match line {
        Some(l) if l.chars().count() > MAX => {
            let short: String = l.chars().take(MAX).collect();
            format!("HTTP {status}: {short}…")
        }
        Some(l) => format!("HTTP {status}: {l}"),
        None => format!("HTTP {status}"),
    }
}

/// Why a stream of agent events ended badly.
#[derive(Clone, Debug, PartialEq)]
pub enum StreamFailure {
    /// The connection ended before a terminal `done` or `error` event.
    Interrupted { events_received: u64 },
    /// The agent reported a terminal `error` event; `message` is its content.
    AgentError { message: String, payload: Value },
    /// The event-stream bytes broke a limit (e.g. an event over the maximum size).
    Malformed { message: String },
    /// No byte arrived for `idleTimeoutMs`; the connection was closed.
    IdleTimeout { after_ms: f64, events_received: u64 },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Error {
    /// The server answered with a non-2xx status.
    Http(HttpError),
    /// The request never got an answer: DNS, TLS, CORS, connection reset.
    Network { message: String },
    /// A 2xx answer whose body is not what the endpoint promises.
    Decode { endpoint: String, message: String },
    /// The caller's AbortSignal fired.
    Aborted,
    /// An attempt took longer than its `timeoutMs`; its request was aborted.
    Timeout { after_ms: f64 },
    /// Rejected before sending: an empty id, a bad option.
    InvalidInput { message: String },
    /// A streaming run ended without success.
    Stream(StreamFailure),
}

impl Error {
    pub fn invalid(message: impl Into<String>) -> Self {
        Error::InvalidInput {
            message: message.into(),
        }
    }

    pub fn decode(endpoint: &str, message: impl fmt::Display) -> Self {
        Error::Decode {
            endpoint: endpoint.to_string(),
            message: message.to_string(),
        }
    }

    /// HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Http(e) => Some(e.status),
            _ => None,
        }
    }

    /// The stable code: the server's for HTTP errors, ours otherwise.
    pub fn code(&self) -> &str {
        match self {
            Error::Http(e) => e.code.as_deref().unwrap_or("http_error"),
            Error::Network { .. } => "network_error",
            Error::Decode { .. } => "decode_error",
            Error::Aborted => "aborted",
            Error::Timeout { .. } => "timeout",
            Error::InvalidInput { .. } => "invalid_input",
            Error::Stream(StreamFailure::Interrupted { .. }) => "stream_interrupted",
            Error::Stream(StreamFailure::AgentError { .. }) => "agent_error",
            Error::Stream(StreamFailure::Malformed { .. }) => "stream_malformed",
            Error::Stream(StreamFailure::IdleTimeout { .. }) => "stream_idle_timeout",
        }
    }

    /// Status 404, as the official SDKs decide it (by status, not by code).
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(401)
    }

    /// For a `version_conflict` (decided on the code alone, as the official
    /// SDKs do), the server's current version (0 when the body omits it or
    /// it is not a number).
    pub fn as_version_conflict(&self) -> Option<i64> {
        match self {
            Error::Http(e) if e.code.as_deref() == Some("version_conflict") => Some(
                e.details
                    .get("current_version")
                    .and_then(Value::as_i64)
                    .unwrap_or(0),
            ),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Http(e) => write!(f, "tavora: {} (status {})", e.message, e.status),
            Error::Network { message } => write!(f, "tavora: request failed: {message}"),
            Error::Decode { endpoint, message } => {
                write!(f, "tavora: unexpected response from {endpoint}: {message}")
            }
            Error::Aborted => f.write_str("tavora: the request was aborted"),
            Error::Timeout { after_ms } => {
                // Whole milliseconds: float formatting would add much code to the wasm.
                let ms = after_ms.round() as u64;
                write!(f, "tavora: no answer within {ms} ms (timeoutMs); the request was aborted")
            }
            Error::InvalidInput { message } => write!(f, "tavora: invalid input: {message}"),
            Error::Stream(StreamFailure::Interrupted { events_received }) => write!(
                f,
                "tavora: the event stream ended before a terminal event ({events_received} events received)"
            ),
            Error::Stream(StreamFailure::AgentError { message, .. }) => {
                write!(f, "tavora: the agent run failed: {message}")
            }
            Error::Stream(StreamFailure::IdleTimeout {
                after_ms,
                events_received,
            }) => {
                let ms = after_ms.round() as u64;
                write!(
                    f,
                    "tavora: the event stream was silent for {ms} ms (idleTimeoutMs) after {events_received} events; it was closed"
                )
            }
            Error::Stream(StreamFailure::Malformed { message }) => {
                write!(f, "tavora: malformed event stream: {message}")
            }
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_error_body_is_split_into_code_message_details() {
        let body = br#"{"error":"version_conflict","message":"document was modified","code":"version_conflict","current_version":5}"#;
        let e = HttpError::from_body(409, body);
        assert_eq!(e.code.as_deref(), Some("version_conflict"));
        assert_eq!(e.message, "document was modified");
        assert_eq!(e.details.len(), 1);
        assert_eq!(e.details["current_version"], 5);
        assert_eq!(Error::Http(e).as_version_conflict(), Some(5));
    }

    #[test]
    fn error_key_is_used_when_code_is_missing() {
        let e = HttpError::from_body(401, br#"{"error":"unauthorized"}"#);
        assert_eq!(e.code.as_deref(), Some("unauthorized"));
        assert_eq!(e.message, "unauthorized");
    }

    #[test]
    fn non_json_body_gives_a_useful_message() {
        let e = HttpError::from_body(502, b"\n  Bad Gateway\n<html>");
        assert_eq!(e.code, None);
        assert_eq!(e.message, "HTTP 502: Bad Gateway");
        let e = HttpError::from_body(503, b"");
        assert_eq!(e.message, "HTTP 503");
        let long = "x".repeat(500);
        let e = HttpError::from_body(500, long.as_bytes());
        assert!(e.message.len() < 260, "{}", e.message);
    }

    #[test]
    fn helpers_key_on_status() {
        let nf = Error::Http(HttpError::from_body(404, br#"{"code":"NOT_FOUND"}"#));
        assert!(nf.is_not_found());
        assert!(!nf.is_unauthorized());
        assert_eq!(nf.as_version_conflict(), None);
        let conflict_without_version = Error::Http(HttpError::from_body(
            409,
            br#"{"code":"version_conflict","current_version":"x"}"#,
        ));
        assert_eq!(conflict_without_version.as_version_conflict(), Some(0));
        // The code decides, whatever the status (a proxy may change it).
        let as_412 = Error::Http(HttpError::from_body(
            412,
            br#"{"code":"version_conflict","current_version":3}"#,
        ));
        assert_eq!(as_412.as_version_conflict(), Some(3));
        assert_eq!(Error::Aborted.code(), "aborted");
    }

    #[test]
    fn display_matches_the_official_sdks() {
        let e = Error::Http(HttpError::from_body(
            404,
            br#"{"code":"NOT_FOUND","message":"session not found"}"#,
        ));
        assert_eq!(e.to_string(), "tavora: session not found (status 404)");
    }
}
