//! A minted key, when it expires on *our* clock, and how it is stored.

use super::secret::Secret;
use crate::time::{parse_http_date_ms, parse_rfc3339_ms};
use serde_json::{Map, Value};

/// Keys are treated as expired this long before the server would reject
/// them, so a request still in flight never arrives with a dead key.
pub const EXPIRY_MARGIN_MS: f64 = 60_000.0;

/// What the exchange answered, plus the timing needed to correct skew.
#[derive(Clone, Debug)]
pub struct MintAnswer {
    pub api_key: Secret,
    pub key_id: String,
    pub key_prefix: String,
    /// `expires_at` as the server sent it (RFC 3339, server clock).
    pub expires_at: String,
    /// The response's `Date` header, if the browser let us read it.
    pub server_date: Option<String>,
    /// Our clock when the request was sent.
    pub sent_at_ms: f64,
}

/// A cached key. `expires_at_local_ms` is the server's expiry translated to
/// this machine's clock, which is the one `now()` reads.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyRecord {
    pub api_key: Secret,
    pub key_id: String,
    pub key_prefix: String,
    pub expires_at: String,
    pub expires_at_local_ms: f64,
    pub workspace_id: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Freshness {
    /// Use it.
    Fresh,
    /// Still valid but inside the early-refresh window: mint a successor,
    /// and fall back to this one if that fails.
    Refresh,
    /// Too close to (or past) expiry to send.
    Expired,
}

impl KeyRecord {
    /// Builds the record from an answer. Expiry is judged by the server's
    /// clock: the key lives `expires_at - Date` on the server, counted here
    /// from when we *sent* the request (conservative by the round trip).
    /// Without a readable `Date`, our clock is assumed to match the server's.
    pub fn from_answer(answer: MintAnswer, workspace_id: &str) -> Result<KeyRecord, String> {
        let expires_server = parse_rfc3339_ms(&answer.expires_at)
            .ok_or_else(|| "expires_at is not an RFC 3339 timestamp".to_string())?;
        let server_now = answer.server_date.as_deref().and_then(parse_http_date_ms);
        let expires_at_local_ms = match server_now {
            // The Date header has 1 s resolution: take one more second off.
            Some(date) => answer.sent_at_ms + (expires_server - date) - 1000.0,
            None => expires_server,
        };
        if answer.api_key.is_empty() {
            return Err("api_key is empty".to_string());
        }
        Ok(KeyRecord {
            api_key: answer.api_key,
            key_id: answer.key_id,
            key_prefix: answer.key_prefix,
            expires_at: answer.expires_at,
            expires_at_local_ms,
            workspace_id: workspace_id.to_string(),
        })
    }

    pub fn freshness(&self, now_ms: f64, early_refresh_ms: f64) -> Freshness {
        let left = self.expires_at_local_ms - now_ms;
        if left <= EXPIRY_MARGIN_MS {
            Freshness::Expired
        } else if left <= early_refresh_ms {
            Freshness::Refresh
        } else {
            Freshness::Fresh
        }
    }

    /// The stored form: only what the seed's design needs (key, expiry,
    /// workspace) plus the public key id/prefix for `keyInfo()`.
    /// Written as the JSON object `{apiKey, keyId, keyPrefix, expiresAt,
    /// expiresAtLocalMs, workspaceId}`, in that order.
    pub fn encode(&self) -> String {
        let fields: [(&str, Value); 6] = [
            ("apiKey", Value::from(self.api_key.expose())),
            ("keyId", Value::from(self.key_id.as_str())),
            ("keyPrefix", Value::from(self.key_prefix.as_str())),
            ("expiresAt", Value::from(self.expires_at.as_str())),
            ("expiresAtLocalMs", Value::from(self.expires_at_local_ms)),
            ("workspaceId", Value::from(self.workspace_id.as_str())),
        ];
        let mut out = Vec::with_capacity(256);
        out.push(b'{');
        for (i, (key, value)) in fields.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            crate::json::write_str(&mut out, key);
            out.push(b':');
            crate::json::write(&mut out, value);
        }
        out.push(b'}');
        String::from_utf8(out).unwrap_or_default()
    }

    /// Reads a stored entry; anything corrupt, partial, for another
    /// workspace or with a non-numeric date is a miss (`None`).
    pub fn decode(raw: &str, workspace_id: &str) -> Option<KeyRecord> {
        let Some(Value::Object(s)) = crate::json::parse(raw.as_bytes()) else {
            return None;
        };
        let text = |key: &str| -> Option<String> { s.get(key)?.as_str().map(str::to_string) };
        let api_key = text("apiKey")?;
        let stored_workspace = text("workspaceId")?;
        let expires_at_local_ms = number(&s, "expiresAtLocalMs")?;
        let record = KeyRecord {
            api_key: Secret::new(api_key),
            key_id: text("keyId")?,
            key_prefix: text("keyPrefix")?,
            expires_at: text("expiresAt")?,
            expires_at_local_ms,
            workspace_id: stored_workspace,
        };
        if record.api_key.is_empty()
            || record.workspace_id != workspace_id
            || !record.expires_at_local_ms.is_finite()
        {
            return None;
        }
        Some(record)
    }
}

fn number(s: &Map<String, Value>, key: &str) -> Option<f64> {
    s.get(key)?.as_f64()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: f64 = 3_600_000.0;
    // 2026-11-22T12:00:00Z
    const NOON: f64 = 1_795_348_800_000.0;

    fn answer(expires_at: &str, date: Option<&str>, sent_at_ms: f64) -> MintAnswer {
        MintAnswer {
            api_key: Secret::new("tvr_abc"),
            key_id: "key_1".into(),
            key_prefix: "tvr_abc".into(),
            expires_at: expires_at.into(),
            server_date: date.map(str::to_string),
            sent_at_ms,
        }
    }

    #[test]
    fn server_clock_behind_is_corrected() {
        // Server clock reads 10:00 while ours reads 12:00; key lives 8 h.
        let a = answer(
            "2026-11-22T18:00:00Z",
            Some("Sun, 22 Nov 2026 10:00:00 GMT"),
            NOON,
        );
        let r = KeyRecord::from_answer(a, "ws").unwrap();
        assert_eq!(r.expires_at_local_ms, NOON + 8.0 * HOUR - 1000.0);
        // Without the correction the key would look expired already.
        assert_eq!(r.freshness(NOON, 600_000.0), Freshness::Fresh);
    }

    #[test]
    fn server_clock_ahead_is_corrected() {
        let a = answer(
            "2026-11-22T22:00:00Z",
            Some("Sun, 22 Nov 2026 14:00:00 GMT"),
            NOON,
        );
        let r = KeyRecord::from_answer(a, "ws").unwrap();
        assert_eq!(r.expires_at_local_ms, NOON + 8.0 * HOUR - 1000.0);
        // Uncorrected, we'd keep sending it for 2 h after it died.
        assert_eq!(
            r.freshness(NOON + 8.0 * HOUR - 30_000.0, 0.0),
            Freshness::Expired
        );
    }

    #[test]
    fn missing_or_bad_date_falls_back_to_our_clock() {
        let r = KeyRecord::from_answer(answer("2026-11-22T20:00:00Z", None, NOON), "ws").unwrap();
        assert_eq!(r.expires_at_local_ms, NOON + 8.0 * HOUR);
        let r = KeyRecord::from_answer(answer("2026-11-22T20:00:00Z", Some("soon"), NOON), "ws")
            .unwrap();
        assert_eq!(r.expires_at_local_ms, NOON + 8.0 * HOUR);
        assert!(KeyRecord::from_answer(answer("never", None, NOON), "ws").is_err());
    }

    #[test]
    fn freshness_windows() {
        let r = KeyRecord::from_answer(answer("2026-11-22T20:00:00Z", None, NOON), "ws").unwrap();
        let exp = r.expires_at_local_ms;
        let early = 600_000.0;
        assert_eq!(r.freshness(exp - early - 1.0, early), Freshness::Fresh);
        assert_eq!(r.freshness(exp - early + 1.0, early), Freshness::Refresh);
        assert_eq!(
            r.freshness(exp - EXPIRY_MARGIN_MS, early),
            Freshness::Expired
        );
        assert_eq!(r.freshness(exp + HOUR, early), Freshness::Expired);
    }

    #[test]
    fn stored_form_is_unchanged() {
        let r = KeyRecord::from_answer(answer("2026-11-22T20:00:00Z", None, NOON), "ws").unwrap();
        assert_eq!(
            r.encode(),
            r#"{"apiKey":"tvr_abc","keyId":"key_1","keyPrefix":"tvr_abc","expiresAt":"2026-11-22T20:00:00Z","expiresAtLocalMs":1795377600000.0,"workspaceId":"ws"}"#
        );
        let int = r#"{"apiKey":"k","keyId":"i","keyPrefix":"p","expiresAt":"x","expiresAtLocalMs":5,"workspaceId":"ws","extra":1}"#;
        assert_eq!(
            KeyRecord::decode(int, "ws").unwrap().expires_at_local_ms,
            5.0
        );
    }

    #[test]
    fn storage_round_trip_and_corrupt_entries() {
        let r = KeyRecord::from_answer(answer("2026-11-22T20:00:00Z", None, NOON), "ws").unwrap();
        let raw = r.encode();
        assert_eq!(KeyRecord::decode(&raw, "ws"), Some(r));
        assert_eq!(KeyRecord::decode(&raw, "other-ws"), None);
        for bad in [
            "{bad",
            "null",
            "{}",
            r#"{"apiKey":"tvr_x","workspaceId":"ws"}"#,
            r#"{"apiKey":"tvr_x","keyId":"k","keyPrefix":"p","expiresAt":"x","expiresAtLocalMs":"soon","workspaceId":"ws"}"#,
            r#"{"apiKey":"","keyId":"k","keyPrefix":"p","expiresAt":"x","expiresAtLocalMs":1,"workspaceId":"ws"}"#,
        ] {
            assert_eq!(KeyRecord::decode(bad, "ws"), None, "{bad}");
        }
    }
}
