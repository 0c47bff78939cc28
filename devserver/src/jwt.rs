//! HS256 JSON Web Tokens (jsonwebtoken); expiry is checked against the
//! server clock, which tests can move, not the system's.

use crate::prelude::*;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};

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

/// Signs `claims` as a compact HS256 JWT.
pub fn sign(secret: &[u8], claims: &Claims) -> String {
    let key = EncodingKey::from_secret(secret);
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &key).unwrap_or_default()
}

/// Verifies signature, algorithm and expiry (`exp` must be after `now_unix`).
pub fn verify(secret: &[u8], token: &str, now_unix: i64) -> Result<Claims, JwtError> {
    let token = token.trim();
    if let Err(e) = jsonwebtoken::decode_header(token) {
        return Err(header_error(token, e.kind()));
    }
    let mut rules = Validation::new(Algorithm::HS256);
    rules.validate_exp = false;
    rules.required_spec_claims.clear();
    let key = DecodingKey::from_secret(secret);
    let claims = jsonwebtoken::decode::<Claims>(token, &key, &rules)
        .map_err(|e| match e.kind() {
            ErrorKind::InvalidSignature => JwtError::BadSignature,
            ErrorKind::InvalidAlgorithm => JwtError::UnsupportedAlgorithm,
            _ => JwtError::Malformed,
        })?
        .claims;
    if claims.exp <= now_unix {
        return Err(JwtError::Expired);
    }
    Ok(claims)
}

/// jsonwebtoken cannot read a header whose `alg` it does not know (such as
/// `none`); that is an unsupported algorithm, not a malformed token.
fn header_error(token: &str, kind: &ErrorKind) -> JwtError {
    let alg = token
        .split('.')
        .next()
        .and_then(|h| URL_SAFE_NO_PAD.decode(h).ok())
        .and_then(|h| serde_json::from_slice::<serde_json::Value>(&h).ok())
        .is_some_and(|h| h["alg"].is_string());
    match kind {
        ErrorKind::Json(_) if alg => JwtError::UnsupportedAlgorithm,
        _ => JwtError::Malformed,
    }
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
