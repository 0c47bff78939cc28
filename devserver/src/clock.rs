//! The server clock: real UTC time shifted by a test-controlled offset.
//!
//! Everything time-dependent (the `Date` header, `expires_at`, key and JWT
//! expiry checks, timestamps on records) reads this clock, so
//! `POST /__test/clock` moves all of it together.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

#[derive(Debug, Default)]
pub struct Clock {
    offset_secs: AtomicI64,
}

impl Clock {
    pub fn set_offset_secs(&self, secs: i64) {
        self.offset_secs.store(secs, Ordering::SeqCst);
    }

    pub fn offset_secs(&self) -> i64 {
        self.offset_secs.load(Ordering::SeqCst)
    }

    /// Shifted wall-clock time.
    pub fn now_system(&self) -> SystemTime {
        let off = self.offset_secs();
        let real = SystemTime::now();
        if off >= 0 {
            real + Duration::from_secs(off.unsigned_abs())
        } else {
            real.checked_sub(Duration::from_secs(off.unsigned_abs()))
                .unwrap_or(UNIX_EPOCH)
        }
    }

    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::from(self.now_system())
    }

    pub fn now_unix(&self) -> i64 {
        self.now().unix_timestamp()
    }

    pub fn now_unix_ms(&self) -> i64 {
        (self.now().unix_timestamp_nanos() / 1_000_000) as i64
    }

    /// RFC 7231 IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
    pub fn http_date(&self) -> String {
        httpdate::fmt_http_date(self.now_system())
    }
}

/// One reading of the server clock, and its RFC 3339 stamp.
#[derive(Debug, Clone)]
pub struct Now {
    pub t: OffsetDateTime,
    pub stamp: String,
}

impl Clock {
    pub fn at(&self) -> Now {
        let t = self.now();
        Now {
            t,
            stamp: rfc3339(t),
        }
    }
}

/// RFC 3339 in UTC with whole seconds, e.g. `2026-05-17T10:30:00Z`.
pub fn rfc3339(t: OffsetDateTime) -> String {
    let t = t
        .to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .unwrap_or(t);
    t.format(&Rfc3339).unwrap_or_default()
}

/// Parses an RFC 3339 timestamp (used by tests and fixtures).
pub fn parse_rfc3339(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_moves_time_and_formats() {
        let c = Clock::default();
        let real = c.now_unix();
        c.set_offset_secs(-7200);
        assert!((c.now_unix() - (real - 7200)).abs() <= 2);
        let d = httpdate::parse_http_date(&c.http_date()).unwrap();
        let d = d.duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
        assert!((d - (real - 7200)).abs() <= 2);
        let s = rfc3339(c.now());
        assert!(s.ends_with('Z') && !s.contains('.'), "{s}");
        assert!(parse_rfc3339(&s).is_some());
    }
}
