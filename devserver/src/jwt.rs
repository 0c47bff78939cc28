//! HS256 JSON Web Tokens (sign + verify) on top of `hmac` and `sha2`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The claims the dev server issues and expects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub team_id: String,
    pub email: String,
    pub exp: i64,
    pub iat: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JwtError {
    Malformed,
    UnsupportedAlgorithm,
    BadSignature,
    Expired,
}

impl std::fmt::Display for JwtError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            JwtError::Malformed => "malformed token",
            JwtError::UnsupportedAlgorithm => "unsupported token algorithm",
            JwtError::BadSignature => "invalid token signature",
            JwtError::Expired => "token expired",
        })
    }
}

fn mac(secret: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length; this cannot fail.
    match HmacSha256::new_from_slice(secret) {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC takes keys of any size"),
    }
}

/// Signs `claims` as a compact HS256 JWT.
pub fn sign(secret: &[u8], claims: &Claims) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).unwrap_or_default());
    let signing_input = format!("{header}.{payload}");
    let mut m = mac(secret);
    m.update(signing_input.as_bytes());
    let sig = URL_SAFE_NO_PAD.encode(m.finalize().into_bytes());
    format!("{signing_input}.{sig}")
}

/// Verifies signature, algorithm and expiry (`exp` must be after `now_unix`).
pub fn verify(secret: &[u8], token: &str, now_unix: i64) -> Result<Claims, JwtError> {
    let mut parts = token.trim().split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwtError::Malformed);
    };
    let header: serde_json::Value = URL_SAFE_NO_PAD
        .decode(h)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or(JwtError::Malformed)?;
    if header.get("alg").and_then(|a| a.as_str()) != Some("HS256") {
        return Err(JwtError::UnsupportedAlgorithm);
    }
    let sig = URL_SAFE_NO_PAD.decode(s).map_err(|_| JwtError::Malformed)?;
    let mut m = mac(secret);
    m.update(h.as_bytes());
    m.update(b".");
    m.update(p.as_bytes());
    m.verify_slice(&sig).map_err(|_| JwtError::BadSignature)?;
    let claims: Claims = URL_SAFE_NO_PAD
        .decode(p)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or(JwtError::Malformed)?;
    if claims.exp <= now_unix {
        return Err(JwtError::Expired);
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp: i64) -> Claims {
        Claims {
            sub: "user_demo".into(),
            team_id: "team_demo".into(),
            email: "demo@tavora.dev".into(),
            exp,
            iat: 1_000,
        }
    }

    #[test]
    fn round_trip_and_failures() {
        let t = sign(b"k", &claims(2_000));
        assert_eq!(t.split('.').count(), 3);
        assert_eq!(verify(b"k", &t, 1_500), Ok(claims(2_000)));
        assert_eq!(verify(b"k", &t, 2_000), Err(JwtError::Expired));
        assert_eq!(verify(b"other", &t, 1_500), Err(JwtError::BadSignature));
        assert_eq!(verify(b"k", "a.b", 0), Err(JwtError::Malformed));
        assert_eq!(verify(b"k", "x.y.z", 0), Err(JwtError::Malformed));
        // Tamper with the payload: signature no longer matches.
        let mut parts: Vec<&str> = t.split('.').collect();
        let forged = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims(9_999)).unwrap());
        parts[1] = &forged;
        assert_eq!(
            verify(b"k", &parts.join("."), 1_500),
            Err(JwtError::BadSignature)
        );
        // alg=none is refused.
        let none = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(br#"{"alg":"none"}"#),
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims(9_999)).unwrap())
        );
        assert_eq!(verify(b"k", &none, 0), Err(JwtError::UnsupportedAlgorithm));
    }

    #[test]
    fn known_vector() {
        // HS256 of the jwt.io header/payload with secret "your-256-bit-secret".
        let token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        // Claims do not match our struct (no exp), but the signature must verify first.
        assert_eq!(
            verify(b"your-256-bit-secret", token, 0),
            Err(JwtError::Malformed)
        );
        assert_eq!(verify(b"wrong", token, 0), Err(JwtError::BadSignature));
    }
}
