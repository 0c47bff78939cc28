//! When a failed attempt is tried again, and after how long: the pure
//! policy the transport asks after every attempt. It never duplicates a
//! write: a POST or PATCH is retried only when the server says it did not
//! do the work (429, or 503 with a retry hint). Streams follow the same
//! rules up to their response status; once a stream's status has arrived
//! it is never retried (the transport does not ask).
//!
//! The single re-mint retry after a 401 is the key manager's, not this
//! policy's: a 401 is never retried here.

use crate::call::Method;
use crate::time::parse_http_date_ms;

/// The first back-off step; each retry doubles it, up to [`BACKOFF_CAP_MS`].
pub const BACKOFF_BASE_MS: f64 = 500.0;
/// The longest back-off step.
pub const BACKOFF_CAP_MS: f64 = 8_000.0;
/// The longest wait a server may ask for that is still slept; a longer one
/// is returned to the caller at once (with the wait it asked for).
pub const MAX_SERVER_WAIT_MS: f64 = 60_000.0;
/// The default `maxRetries`.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// The largest `maxRetries` a caller may set.
pub const MAX_RETRIES_LIMIT: u32 = 10;

/// How an attempt ended, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Outcome {
    /// The server answered with a non-2xx status. `retry_after_ms` is the
    /// server's requested wait, from the `Retry-After` header or the
    /// body's `retry_after_seconds` (see [`server_wait_ms`]).
    Status {
        status: u16,
        retry_after_ms: Option<f64>,
    },
    /// The request failed before any status arrived (DNS, reset, offline).
    Network,
    /// The attempt exceeded its `timeoutMs`.
    Timeout,
}

/// What the transport does next.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Decision {
    /// Send the same request again (same body, byte for byte) after `wait_ms`.
    Retry { wait_ms: f64 },
    /// Return this attempt's error.
    GiveUp,
    /// Return this attempt's error at once: the server asked for a wait
    /// longer than [`MAX_SERVER_WAIT_MS`]; the error carries it.
    GiveUpRetryAfter { retry_after_ms: f64 },
}

/// GET, PUT and DELETE may be sent twice without changing the outcome.
pub fn is_idempotent(method: Method) -> bool {
    matches!(method, Method::Get | Method::Put | Method::Delete)
}

/// Decides after a failed attempt. `retries_done` counts the retries
/// already made for this call (0 after the first attempt); `random` is a
/// uniform sample in `[0, 1)` for the back-off's full jitter.
pub fn decide(
    method: Method,
    outcome: Outcome,
    retries_done: u32,
    max_retries: u32,
    random: f64,
) -> Decision {
    let (retryable, server_wait) = match outcome {
        Outcome::Status {
            status,
            retry_after_ms,
        } => {
            let server_says_not_done = status == 429 || (status == 503 && retry_after_ms.is_some());
            let transient = matches!(status, 408 | 500 | 502 | 503 | 504);
            (
                server_says_not_done || (transient && is_idempotent(method)),
                retry_after_ms,
            )
        }
        Outcome::Network | Outcome::Timeout => (is_idempotent(method), None),
    };
    if !retryable {
        return Decision::GiveUp;
    }
    if let Some(wait) = server_wait {
        if wait > MAX_SERVER_WAIT_MS {
            return Decision::GiveUpRetryAfter {
                retry_after_ms: wait,
            };
        }
    }
    if retries_done >= max_retries {
        return Decision::GiveUp;
    }
    let wait_ms = server_wait.unwrap_or_else(|| backoff_ms(retries_done, random));
    Decision::Retry { wait_ms }
}

/// Exponential back-off with full jitter: a uniform wait in
/// `[0, min(cap, base · 2^retry))`.
pub fn backoff_ms(retries_done: u32, random: f64) -> f64 {
    let step = BACKOFF_BASE_MS * 2f64.powi(retries_done.min(16) as i32);
    step.min(BACKOFF_CAP_MS) * random.clamp(0.0, 1.0)
}

/// `Retry-After`: delta-seconds (`"3"`) or an HTTP date, as milliseconds
/// from `now_ms` (a date in the past is a wait of 0). Anything else is
/// `None`, as if the header were absent.
pub fn parse_retry_after(header: &str, now_ms: f64) -> Option<f64> {
    let value = header.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Digits only: an integer parse (a float parser would add much code
        // to the wasm); more seconds than u64 holds is "too long to wait".
        return Some(
            value
                .parse::<u64>()
                .map_or(f64::INFINITY, |s| s as f64 * 1000.0),
        );
    }
    parse_http_date_ms(value).map(|at| (at - now_ms).max(0.0))
}

/// The server's requested wait: the `Retry-After` header when it is
/// readable and valid, else the error body's `retry_after_seconds` when it
/// is a non-negative number.
pub fn server_wait_ms(
    retry_after_header: Option<&str>,
    body_retry_after_seconds: Option<f64>,
    now_ms: f64,
) -> Option<f64> {
    retry_after_header
        .and_then(|h| parse_retry_after(h, now_ms))
        .or_else(|| {
            body_retry_after_seconds
                .filter(|s| s.is_finite() && *s >= 0.0)
                .map(|s| s * 1000.0)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Method::*;

    fn status(status: u16) -> Outcome {
        Outcome::Status {
            status,
            retry_after_ms: None,
        }
    }

    fn hinted(status: u16, ms: f64) -> Outcome {
        Outcome::Status {
            status,
            retry_after_ms: Some(ms),
        }
    }

    fn retries(method: Method, outcome: Outcome) -> bool {
        matches!(decide(method, outcome, 0, 2, 0.5), Decision::Retry { .. })
    }

    #[test]
    fn decision_table() {
        // (outcome, retried for GET/PUT/DELETE, retried for POST/PATCH)
        let table = [
            (status(429), true, true),
            (hinted(429, 1000.0), true, true),
            (hinted(503, 1000.0), true, true),
            (status(503), true, false),
            (status(408), true, false),
            (status(500), true, false),
            (status(502), true, false),
            (status(504), true, false),
            (Outcome::Network, true, false),
            (Outcome::Timeout, true, false),
            (status(400), false, false),
            (status(401), false, false),
            (status(403), false, false),
            (status(404), false, false),
            (status(409), false, false),
            (status(422), false, false),
            (status(501), false, false),
            (hinted(500, 1000.0), true, false),
            (hinted(404, 1000.0), false, false),
        ];
        for (outcome, idempotent, write) in table {
            for m in [Get, Put, Delete] {
                assert_eq!(retries(m, outcome), idempotent, "{m:?} {outcome:?}");
            }
            for m in [Post, Patch] {
                assert_eq!(retries(m, outcome), write, "{m:?} {outcome:?}");
            }
        }
    }

    #[test]
    fn at_most_max_retries() {
        for max in [0, 1, 2, 10] {
            let made = (0..20)
                .take_while(|&done| {
                    matches!(
                        decide(Get, status(503), done, max, 0.3),
                        Decision::Retry { .. }
                    )
                })
                .count() as u32;
            assert_eq!(made, max);
        }
    }

    #[test]
    fn backoff_is_full_jitter_doubling_to_the_cap() {
        assert_eq!(backoff_ms(0, 0.0), 0.0);
        assert_eq!(backoff_ms(0, 0.999), 500.0 * 0.999);
        assert_eq!(backoff_ms(1, 1.0), 1000.0);
        assert_eq!(backoff_ms(2, 1.0), 2000.0);
        assert_eq!(backoff_ms(3, 1.0), 4000.0);
        assert_eq!(backoff_ms(4, 1.0), 8000.0);
        assert_eq!(backoff_ms(9, 1.0), 8000.0);
        assert_eq!(backoff_ms(u32::MAX, 0.5), 4000.0);
        // Samples outside [0, 1) cannot leave the bounds.
        assert_eq!(backoff_ms(1, -3.0), 0.0);
        assert_eq!(backoff_ms(1, 7.0), 1000.0);
        for n in 0..12 {
            for r in [0.0, 0.1, 0.5, 0.9, 0.999_999] {
                let w = backoff_ms(n, r);
                assert!((0.0..=BACKOFF_CAP_MS).contains(&w), "{n} {r} {w}");
            }
        }
    }

    #[test]
    fn the_server_wait_replaces_the_backoff() {
        assert_eq!(
            decide(Post, hinted(429, 1500.0), 0, 2, 0.9),
            Decision::Retry { wait_ms: 1500.0 }
        );
        assert_eq!(
            decide(Get, hinted(503, 60_000.0), 1, 2, 0.9),
            Decision::Retry { wait_ms: 60_000.0 }
        );
        assert_eq!(
            decide(Get, status(503), 1, 2, 0.5),
            Decision::Retry { wait_ms: 500.0 }
        );
    }

    #[test]
    fn a_wait_longer_than_a_minute_is_returned_not_slept() {
        assert_eq!(
            decide(Post, hinted(429, 60_001.0), 0, 2, 0.5),
            Decision::GiveUpRetryAfter {
                retry_after_ms: 60_001.0
            }
        );
        // Even with no retries left the caller learns the wait.
        assert_eq!(
            decide(Get, hinted(503, 120_000.0), 2, 2, 0.5),
            Decision::GiveUpRetryAfter {
                retry_after_ms: 120_000.0
            }
        );
        // Not for a status that is never retried.
        assert_eq!(
            decide(Post, hinted(500, 120_000.0), 0, 2, 0.5),
            Decision::GiveUp
        );
    }

    #[test]
    fn retry_after_header_forms() {
        let now = 784_111_777_000.0; // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(parse_retry_after("0", now), Some(0.0));
        assert_eq!(parse_retry_after("3", now), Some(3000.0));
        assert_eq!(parse_retry_after(" 120 ", now), Some(120_000.0));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:42 GMT", now),
            Some(5000.0)
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now),
            Some(0.0)
        );
        for bad in [
            "",
            "-1",
            "1.5",
            "soon",
            "3s",
            "Sun, 06 Nov 1994 08:49:42 UTC",
        ] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
        }
    }

    #[test]
    fn header_first_then_body_hint() {
        assert_eq!(server_wait_ms(Some("2"), Some(9.0), 0.0), Some(2000.0));
        assert_eq!(server_wait_ms(Some("junk"), Some(9.0), 0.0), Some(9000.0));
        assert_eq!(server_wait_ms(None, Some(0.25), 0.0), Some(250.0));
        assert_eq!(server_wait_ms(None, Some(-1.0), 0.0), None);
        assert_eq!(server_wait_ms(None, Some(f64::NAN), 0.0), None);
        assert_eq!(server_wait_ms(None, None, 0.0), None);
    }
}
