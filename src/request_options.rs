//! Per-call options (`{ signal, timeoutMs, maxRetries, headers }` in JS),
//! checked before any request is made: a bad value is a typed
//! `invalid_input`, never a silently ignored option.

use crate::error::Error;
use crate::retry::{DEFAULT_MAX_RETRIES, MAX_RETRIES_LIMIT};

/// The default bound on a JSON call's whole answer, and on a stream's
/// wait for its response headers.
pub const DEFAULT_TIMEOUT_MS: f64 = 60_000.0;

/// The default longest silence of a stream: long enough for a slow tool
/// step on a server that sends no keepalive comments meanwhile.
pub const DEFAULT_IDLE_TIMEOUT_MS: f64 = 300_000.0;

/// Headers a caller may not set: the transport owns them.
const RESERVED_HEADERS: [&str; 3] = ["x-api-key", "authorization", "content-type"];

/// The checked options of one call; `None` means "the client's default".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RequestOptions {
    pub timeout_ms: Option<f64>,
    pub max_retries: Option<u32>,
    pub headers: Vec<(String, String)>,
    /// Streams only: the longest silence between bytes.
    pub idle_timeout_ms: Option<f64>,
}

impl RequestOptions {
    /// The timeout in force, `0` meaning "none".
    pub fn timeout_or(&self, client_default: f64) -> f64 {
        self.timeout_ms.unwrap_or(client_default)
    }

    pub fn max_retries_or(&self, client_default: Option<u32>) -> u32 {
        self.max_retries
            .or(client_default)
            .unwrap_or(DEFAULT_MAX_RETRIES)
    }
}

/// One attempt of a call, as the `onRequest` / `onResponse` hooks see it:
/// never the key, the JWT or a body.
#[derive(Clone, Debug, PartialEq)]
pub struct AttemptInfo {
    pub method: String,
    /// The path under `/api/sdk`, query included.
    pub path: String,
    /// 1 for the first request of a call; each retry and the 401 re-mint's
    /// second request add one.
    pub attempt: u32,
    /// The back-off or server-requested wait slept before this attempt.
    pub waited_ms: Option<f64>,
    /// `onResponse` only: the status, `None` when no answer came (network
    /// error, timeout, abort).
    pub status: Option<u16>,
    /// `onResponse` only: from sending to the response headers (or the failure).
    pub duration_ms: Option<f64>,
    /// `onResponse` only, when no answer came: the error's code.
    pub error: Option<String>,
}

/// Called for every attempt (`onRequest` before it is sent, `onResponse`
/// when its headers or its failure arrive).
pub type AttemptHook = std::rc::Rc<dyn Fn(&AttemptInfo)>;

/// A client's defaults for every call, and its hooks.
#[derive(Clone)]
pub struct TransportOptions {
    /// `timeoutMs`: a JSON call's whole answer; a stream's wait for its
    /// response headers. 0: no limit.
    pub timeout_ms: f64,
    pub max_retries: u32,
    /// `idleTimeoutMs`: a stream that sends no byte for this long is closed
    /// (`stream_idle_timeout`); SSE comments count. 0: no limit.
    pub idle_timeout_ms: f64,
    pub on_request: Option<AttemptHook>,
    pub on_response: Option<AttemptHook>,
}

impl Default for TransportOptions {
    fn default() -> Self {
        TransportOptions {
            timeout_ms: DEFAULT_TIMEOUT_MS,
            max_retries: DEFAULT_MAX_RETRIES,
            idle_timeout_ms: DEFAULT_IDLE_TIMEOUT_MS,
            on_request: None,
            on_response: None,
        }
    }
}

impl std::fmt::Debug for TransportOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TransportOptions")
            .field("timeout_ms", &self.timeout_ms)
            .field("max_retries", &self.max_retries)
            .field("on_request", &self.on_request.is_some())
            .field("on_response", &self.on_response.is_some())
            .finish()
    }
}

/// A duration option (`timeoutMs`, `idleTimeoutMs`): a finite number ≥ 0
/// of milliseconds; 0 turns the bound off.
pub fn check_duration_ms(option: &str, value: f64) -> Result<f64, Error> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(Error::invalid(format!(
            "{option} must be a finite number of milliseconds ≥ 0 (0: no limit)"
        )))
    }
}

/// `maxRetries`: a whole number from 0 to [`MAX_RETRIES_LIMIT`].
pub fn check_max_retries(value: f64) -> Result<u32, Error> {
    if value.fract() == 0.0 && (0.0..=f64::from(MAX_RETRIES_LIMIT)).contains(&value) {
        Ok(value as u32)
    } else {
        Err(Error::invalid(format!(
            "maxRetries must be a whole number from 0 to {MAX_RETRIES_LIMIT}"
        )))
    }
}

/// One entry of `headers`: an HTTP token as the name, a value without
/// line breaks, and none of the headers the transport sets itself.
pub fn check_header(name: &str, value: &str) -> Result<(), Error> {
    let is_token_char = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if name.is_empty() || !name.bytes().all(is_token_char) {
        return Err(Error::invalid(format!(
            "headers: \"{name}\" is not a valid header name"
        )));
    }
    if RESERVED_HEADERS
        .iter()
        .any(|r| r.eq_ignore_ascii_case(name))
    {
        return Err(Error::invalid(format!(
            "headers: {name} is set by the SDK and may not be given per call"
        )));
    }
    if value.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
        return Err(Error::invalid(format!(
            "headers: the value of {name} contains a line break or NUL"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_invalid_input(r: Result<impl std::fmt::Debug, Error>) -> bool {
        matches!(r, Err(ref e) if e.code() == "invalid_input")
    }

    #[test]
    fn durations() {
        assert_eq!(check_duration_ms("timeoutMs", 0.0).ok(), Some(0.0));
        assert_eq!(check_duration_ms("timeoutMs", 1500.5).ok(), Some(1500.5));
        for bad in [-1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(
                is_invalid_input(check_duration_ms("timeoutMs", bad)),
                "{bad}"
            );
        }
        let e = check_duration_ms("idleTimeoutMs", -5.0).unwrap_err();
        assert!(e.to_string().contains("idleTimeoutMs"), "{e}");
    }

    #[test]
    fn max_retries() {
        assert_eq!(check_max_retries(0.0).ok(), Some(0));
        assert_eq!(check_max_retries(10.0).ok(), Some(10));
        for bad in [11.0, -1.0, 1.5, f64::NAN, f64::INFINITY] {
            assert!(is_invalid_input(check_max_retries(bad)), "{bad}");
        }
    }

    #[test]
    fn headers() {
        assert!(check_header("X-Trace-Id", "abc-123").is_ok());
        assert!(check_header("x-request-id", "").is_ok());
        for reserved in ["X-API-Key", "x-api-key", "Authorization", "CONTENT-TYPE"] {
            let e = check_header(reserved, "v").unwrap_err();
            assert_eq!(e.code(), "invalid_input");
            assert!(e.to_string().contains(reserved), "{e}");
        }
        for bad_name in ["", "X Trace", "X-Trace:", "Ünicode", "a\nb"] {
            assert!(
                is_invalid_input(check_header(bad_name, "v")),
                "{bad_name:?}"
            );
        }
        for bad_value in ["a\r\nX-Injected: 1", "a\nb", "nul\0"] {
            assert!(
                is_invalid_input(check_header("X-Trace", bad_value)),
                "{bad_value:?}"
            );
        }
    }

    #[test]
    fn defaults() {
        let none = RequestOptions::default();
        assert_eq!(none.timeout_or(DEFAULT_TIMEOUT_MS), 60_000.0);
        assert_eq!(none.max_retries_or(None), 2);
        assert_eq!(none.max_retries_or(Some(5)), 5);
        let set = RequestOptions {
            timeout_ms: Some(0.0),
            max_retries: Some(0),
            headers: vec![],
            idle_timeout_ms: None,
        };
        assert_eq!(set.timeout_or(DEFAULT_TIMEOUT_MS), 0.0);
        assert_eq!(set.max_retries_or(Some(5)), 0);
    }
}
