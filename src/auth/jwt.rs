//! Reading who a JWT belongs to, without verifying it (the server does):
//! cached keys are scoped by the token's `sub` so a second user signing in
//! on the same tab never gets the first user's key.

use super::secret::Secret;

fn b64url_decode(input: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(input.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in input.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

/// The user a JWT names: its `sub` claim when the token is a readable JWT,
/// else a fingerprint of the whole token (opaque session tokens still get
/// a stable, per-token scope).
pub fn subject(jwt: &Secret) -> String {
    let payload = jwt.expose().split('.').nth(1).and_then(b64url_decode);
    let sub = payload.and_then(|bytes| {
        let v = crate::json::parse(&bytes)?;
        v.get("sub")?.as_str().map(str::to_string)
    });
    match sub {
        Some(s) if !s.is_empty() => format!("sub:{s}"),
        _ => format!("fp:{}", jwt.fingerprint()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_of_a_real_jwt() {
        // {"alg":"HS256"} . {"sub":"user_demo","team_id":"t"} . sig
        let jwt =
            Secret::new("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyX2RlbW8iLCJ0ZWFtX2lkIjoidCJ9.c2ln");
        assert_eq!(subject(&jwt), "sub:user_demo");
    }

    #[test]
    fn opaque_tokens_fall_back_to_a_fingerprint() {
        let a = subject(&Secret::new("not-a-jwt"));
        let b = subject(&Secret::new("another-token"));
        assert!(a.starts_with("fp:"));
        assert_ne!(a, b);
        assert!(!a.contains("not-a-jwt"));
        assert!(subject(&Secret::new("a.!!!.c")).starts_with("fp:"));
    }
}
