//! A string that must never be printed: an API key or a JWT.

use std::fmt;

/// Holds a credential. `Debug` and `Display` print only a redacted marker,
/// so a stray `{:?}` in a log or an error can never leak it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The credential itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A short non-reversible tag (FNV-1a, 64 bit) to tell two credentials
    /// apart without keeping either: used to remember "this JWT was refused".
    pub fn fingerprint(&self) -> String {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in self.0.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        format!("{h:016x}")
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_printed() {
        let s = Secret::new("tvr_0123456789abcdef");
        assert!(!format!("{s:?}").contains("tvr_"));
        assert!(!format!("{s}").contains("tvr_"));
        assert!(!format!("{:?}", Some(s.clone())).contains("0123"));
        assert_eq!(s.expose(), "tvr_0123456789abcdef");
        assert_ne!(s.fingerprint(), Secret::new("tvr_other").fingerprint());
        assert!(!s.fingerprint().contains("tvr"));
    }
}
