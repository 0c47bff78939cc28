//! Building request URLs so that no argument can change where a request goes.
//!
//! Ids and names become single percent-encoded path segments (everything but
//! RFC 3986 unreserved characters is escaped, so `a/b` stays one segment).
//! Dot segments are refused outright: the WHATWG URL parser folds `..`
//! *and* `%2e%2e` away, so encoding alone cannot keep them in place.

use crate::error::Error;
use std::fmt::Write;

/// Where the API lives: an origin (`https://api.tavora.ai`), or `""` for the
/// page's own origin (relative URLs), plus an optional path prefix for a
/// deployment mounted below the root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl {
    origin: String,
    prefix: String,
}

impl BaseUrl {
    /// Accepts `https://host[:port]`, with an optional path prefix and an
    /// optional trailing `/api/sdk` (the REST docs' form) or `/`.
    /// `""` or `"/"` means the page's own origin.
    pub fn parse(input: &str) -> Result<Self, Error> {
        let trimmed = input.trim();
        if trimmed.is_empty() || trimmed == "/" {
            return Ok(BaseUrl {
                origin: String::new(),
                prefix: String::new(),
            });
        }
        let lower = trimmed.get(..8).unwrap_or(trimmed).to_ascii_lowercase();
        let rest = if lower.starts_with("https://") {
            &trimmed[8..]
        } else if lower.starts_with("http://") {
            &trimmed[7..]
        } else {
            return Err(Error::invalid(
                "baseUrl must start with http:// or https:// (or be \"\" for this page's origin)",
            ));
        };
        let scheme_len = trimmed.len() - rest.len();
        let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let host = &rest[..host_end];
        if host.is_empty() || host.contains('@') || host.contains('\\') {
            return Err(Error::invalid("baseUrl must name a host (no credentials)"));
        }
        let path = &rest[host_end..];
        if path.contains(['?', '#']) {
            return Err(Error::invalid(
                "baseUrl must not contain a query or fragment",
            ));
        }
        let mut prefix = path.trim_end_matches('/');
        if let Some(p) = prefix.strip_suffix("/api/sdk") {
            prefix = p;
        }
        if prefix.split('/').any(is_dot_segment) {
            return Err(Error::invalid("baseUrl must not contain dot segments"));
        }
        Ok(BaseUrl {
            origin: trimmed[..scheme_len + host_end].to_ascii_lowercase(),
            prefix: prefix.to_string(),
        })
    }

    /// The origin keys are bound to (`""` for the page's own origin).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The URL of the session-token exchange.
    pub fn exchange_url(&self) -> String {
        format!("{}{}/api/auth/session-token", self.origin, self.prefix)
    }

    /// The URL of an SDK route. `path` must come from [`Path`] or
    /// [`validate_sdk_path`], i.e. start with `/` and be encoded already.
    pub fn sdk_url(&self, path_and_query: &str) -> String {
        format!("{}{}/api/sdk{}", self.origin, self.prefix, path_and_query)
    }
}

fn is_dot_segment(seg: &str) -> bool {
    let lower = seg.to_ascii_lowercase().replace("%2e", ".");
    lower == "." || lower == ".."
}

/// Percent-encodes one path segment or query component: everything except
/// RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`).
pub fn encode_component(out: &mut String, value: &str) {
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{b:02X}");
        }
    }
}

/// A path under `/api/sdk`, built segment by segment, with a query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Path {
    buf: String,
    has_query: bool,
}

impl Path {
    pub fn new() -> Self {
        Path::default()
    }

    /// A fixed route word, e.g. `"agents"`; never user data.
    pub fn lit(mut self, word: &'static str) -> Self {
        debug_assert!(!self.has_query, "path segment after query");
        self.buf.push('/');
        self.buf.push_str(word);
        self
    }

    /// A user-supplied id or name: must be non-empty and not a dot segment;
    /// encoded so it stays exactly one segment. `what` names it in errors.
    pub fn id(mut self, what: &str, value: &str) -> Result<Self, Error> {
        if value.is_empty() {
            return Err(Error::invalid(format!("{what} must not be empty")));
        }
        if value == "." || value == ".." {
            return Err(Error::invalid(format!(
                "{what} must not be \".\" or \"..\""
            )));
        }
        self.buf.push('/');
        encode_component(&mut self.buf, value);
        Ok(self)
    }

    /// Appends `key=value` to the query, both encoded.
    pub fn query(mut self, key: &str, value: &str) -> Self {
        self.buf.push(if self.has_query { '&' } else { '?' });
        self.has_query = true;
        encode_component(&mut self.buf, key);
        self.buf.push('=');
        encode_component(&mut self.buf, value);
        self
    }

    /// Appends `key=value` when `value` is set and not empty (an empty
    /// filter is left out, as the official SDKs do).
    pub fn query_opt<V: ToString>(self, key: &str, value: Option<V>) -> Self {
        match value.map(|v| v.to_string()) {
            Some(v) if !v.is_empty() => self.query(key, &v),
            _ => self,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.buf
    }

    /// The route without its query, for error messages ("decode error in
    /// GET /agents/{id}") and contract tests.
    pub fn route(&self) -> &str {
        self.buf.split('?').next().unwrap_or("")
    }
}

/// Checks a caller-written path for `sdkFetch(path)`: it is appended to
/// `/api/sdk`, so it must start with one `/`, and may not hold dot
/// segments, backslashes, control characters or a fragment that could move
/// the request (and its key) elsewhere.
pub fn validate_sdk_path(path: &str) -> Result<(), Error> {
    if !path.starts_with('/') || path.starts_with("//") {
        return Err(Error::invalid(
            "path must start with a single \"/\" (it is relative to /api/sdk)",
        ));
    }
    if path.contains(['\\', '#']) || path.chars().any(char::is_control) {
        return Err(Error::invalid(
            "path must not contain backslashes, fragments or control characters",
        ));
    }
    let route = path.split('?').next().unwrap_or("");
    if route.split('/').any(is_dot_segment) {
        return Err(Error::invalid(
            "path must not contain \".\" or \"..\" segments",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {

    #[test]
    fn empty_filters_are_left_out() {
        let p = Path::new()
            .lit("documents")
            .query_opt("q", Some(""))
            .query_opt("source", Some("web"))
            .query_opt::<&str>("task", None)
            .query_opt("kind", Some(String::new()));
        assert_eq!(p.as_str(), "/documents?source=web");
    }
    use super::*;

    #[test]
    fn base_url_forms_are_normalised() {
        for input in [
            "https://api.tavora.ai",
            "https://api.tavora.ai/",
            "https://api.tavora.ai/api/sdk",
            "https://api.tavora.ai/api/sdk/",
            "HTTPS://API.tavora.ai",
        ] {
            let b = BaseUrl::parse(input).unwrap();
            assert_eq!(
                b.sdk_url("/project"),
                "https://api.tavora.ai/api/sdk/project",
                "{input}"
            );
            assert_eq!(
                b.exchange_url(),
                "https://api.tavora.ai/api/auth/session-token"
            );
        }
        let b = BaseUrl::parse("http://127.0.0.1:8080/tavora/").unwrap();
        assert_eq!(b.origin(), "http://127.0.0.1:8080");
        assert_eq!(b.sdk_url("/x"), "http://127.0.0.1:8080/tavora/api/sdk/x");
        assert_eq!(BaseUrl::parse("").unwrap().sdk_url("/x"), "/api/sdk/x");
    }

    #[test]
    fn bad_base_urls_are_rejected() {
        for input in [
            "api.tavora.ai",
            "ftp://x",
            "https://",
            "https://user:pw@host",
            "https://host/?q",
            "https://host/a/../b",
            "javascript:alert(1)",
        ] {
            assert!(
                matches!(BaseUrl::parse(input), Err(Error::InvalidInput { .. })),
                "{input}"
            );
        }
    }

    #[test]
    fn ids_stay_one_segment() {
        let p = Path::new()
            .lit("agents")
            .id("session id", "../x")
            .unwrap()
            .lit("run");
        assert_eq!(p.as_str(), "/agents/..%2Fx/run");
        let p = Path::new().id("name", "a/b c+d?e#f%g").unwrap();
        assert_eq!(p.as_str(), "/a%2Fb%20c%2Bd%3Fe%23f%25g");
        let p = Path::new().id("name", "naïve").unwrap();
        assert_eq!(p.as_str(), "/na%C3%AFve");
    }

    #[test]
    fn empty_and_dot_ids_are_rejected_before_sending() {
        for bad in ["", ".", ".."] {
            let err = Path::new().lit("agents").id("session id", bad).unwrap_err();
            assert!(err.to_string().contains("session id"), "{err}");
        }
    }

    #[test]
    fn query_is_encoded() {
        let p = Path::new()
            .lit("documents")
            .query("limit", "50")
            .query("metadata.source", "a&b=c")
            .query_opt("offset", Some(0))
            .query_opt::<u32>("x", None);
        assert_eq!(
            p.as_str(),
            "/documents?limit=50&metadata.source=a%26b%3Dc&offset=0"
        );
        assert_eq!(p.route(), "/documents");
    }

    #[test]
    fn sdk_fetch_paths_cannot_escape() {
        for ok in ["/project", "/agents?limit=5", "/documents/doc%2F1"] {
            validate_sdk_path(ok).unwrap();
        }
        for bad in [
            "project",
            "//evil.example/x",
            "https://evil.example/x",
            "/../auth/session-token",
            "/agents/%2e%2E/x",
            "/a\\b",
            "/a#frag",
            "/a\nb",
        ] {
            assert!(validate_sdk_path(bad).is_err(), "{bad}");
        }
    }
}
