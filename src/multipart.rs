//! `multipart/form-data` bodies built as bytes (contract §6), so an upload
//! is an ordinary [`Call`](crate::call::Call) whose retry after a 401 is
//! byte-identical. Pure: the boundary comes from a seed the caller passes
//! (the browser seeds it from `Math.random`, tests from a constant).

use crate::error::Error;
use serde_json::{Map, Value};

/// One form field: text (`filename: None`) or a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part<'a> {
    pub name: &'a str,
    pub filename: Option<&'a str>,
    pub content_type: Option<&'a str>,
    pub data: &'a [u8],
}

impl<'a> Part<'a> {
    pub fn text(name: &'a str, value: &'a str) -> Part<'a> {
        Part {
            name,
            filename: None,
            content_type: None,
            data: value.as_bytes(),
        }
    }

    pub fn file(name: &'a str, filename: &'a str, content_type: &'a str, data: &'a [u8]) -> Self {
        Part {
            name,
            filename: Some(filename),
            content_type: Some(content_type),
            data,
        }
    }
}

/// An encoded body and the `Content-Type` (with its boundary) to send it with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Encoded {
    pub content_type: String,
    pub body: Vec<u8>,
}

/// splitmix64: a tiny, good-enough mixer for boundary characters.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

const ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// A boundary of 32 random alphanumerics after a fixed prefix.
pub fn boundary(state: &mut u64) -> String {
    let mut b = String::from("----TavoraFormBoundary");
    for _ in 0..32 {
        let i = (next(state) % ALPHABET.len() as u64) as usize;
        b.push(char::from(ALPHABET[i]));
    }
    b
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty()
        && haystack.len() >= needle.len()
        && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Field names and filenames go inside quotes: escape as browsers do
/// (WHATWG: `"` → `%22`, CR → `%0D`, LF → `%0A`).
fn quoted(out: &mut Vec<u8>, value: &str) {
    out.push(b'"');
    for b in value.bytes() {
        match b {
            b'"' => out.extend_from_slice(b"%22"),
            b'\r' => out.extend_from_slice(b"%0D"),
            b'\n' => out.extend_from_slice(b"%0A"),
            _ => out.push(b),
        }
    }
    out.push(b'"');
}

/// Encodes `parts` with a boundary drawn from `seed`. A boundary that
/// occurs anywhere in the content is thrown away and drawn again.
pub fn encode(parts: &[Part<'_>], seed: u64) -> Result<Encoded, Error> {
    for p in parts {
        if p.name.is_empty() {
            return Err(Error::invalid("multipart field names must not be empty"));
        }
        if let Some(ct) = p.content_type {
            if ct.is_empty() || ct.contains(['\r', '\n']) || !ct.is_ascii() {
                return Err(Error::invalid(
                    "content type must be a non-empty ASCII string without line breaks",
                ));
            }
        }
    }
    let mut state = seed;
    let mut chosen = None;
    for _ in 0..64 {
        let b = boundary(&mut state);
        let clash = parts.iter().any(|p| {
            contains(p.data, b.as_bytes())
                || p.name.contains(&b)
                || p.filename.is_some_and(|f| f.contains(&b))
        });
        if !clash {
            chosen = Some(b);
            break;
        }
    }
    let b = chosen.ok_or_else(|| Error::invalid("could not find a multipart boundary"))?;
    let size: usize = parts.iter().map(|p| p.data.len() + 200).sum();
    let mut body = Vec::with_capacity(size + b.len() + 8);
    for p in parts {
        body.extend_from_slice(b"--");
        body.extend_from_slice(b.as_bytes());
        body.extend_from_slice(b"\r\nContent-Disposition: form-data; name=");
        quoted(&mut body, p.name);
        if let Some(f) = p.filename {
            body.extend_from_slice(b"; filename=");
            quoted(&mut body, f);
        }
        body.extend_from_slice(b"\r\n");
        if let Some(ct) = p.content_type {
            body.extend_from_slice(b"Content-Type: ");
            body.extend_from_slice(ct.as_bytes());
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(p.data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(b"--");
    body.extend_from_slice(b.as_bytes());
    body.extend_from_slice(b"--\r\n");
    Ok(Encoded {
        content_type: format!("multipart/form-data; boundary={b}"),
        body,
    })
}

/// The document `metadata` field (§6): the caller's map, then the
/// `source`/`task`/`type` shorthands, then `tags` merged flat. `None` when
/// empty (the part is then not sent).
pub fn document_metadata(
    base: &Map<String, Value>,
    source: Option<&str>,
    task: Option<&str>,
    kind: Option<&str>,
    tags: &[(String, String)],
) -> Option<String> {
    let mut m = base.clone();
    for (key, value) in [("source", source), ("task", task), ("type", kind)] {
        if let Some(v) = value {
            m.insert(key.to_string(), Value::String(v.to_string()));
        }
    }
    for (k, v) in tags {
        m.insert(k.clone(), Value::String(v.clone()));
    }
    if m.is_empty() {
        return None;
    }
    String::from_utf8(crate::json::to_vec(&Value::Object(m))).ok()
}

/// A seed for [`encode`]: `Math.random` in the browser, the std hasher's
/// per-process random keys elsewhere. Boundaries need to be unguessable
/// enough not to appear in content by chance; [`encode`] checks anyway.
pub fn random_seed() -> u64 {
    #[cfg(target_arch = "wasm32")]
    {
        let a = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
        let b = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
        a ^ b.rotate_left(29) ^ (js_sys::Date::now() as u64)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::hash::{BuildHasher, Hasher};
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
        );
        h.finish()
    }
}

/// Splits an encoded body back into `(headers, data)` per part. For tests
/// and the contract check; tolerant only of what [`encode`] writes.
pub fn parse(content_type: &str, body: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let b = content_type.split("boundary=").nth(1)?;
    let delim = format!("--{b}");
    let mut out = Vec::new();
    let mut rest = body.strip_prefix(delim.as_bytes())?;
    loop {
        if rest.starts_with(b"--") {
            return Some(out);
        }
        rest = rest.strip_prefix(b"\r\n")?;
        let head_end = rest.windows(4).position(|w| w == b"\r\n\r\n")?;
        let headers = String::from_utf8(rest[..head_end].to_vec()).ok()?;
        rest = &rest[head_end + 4..];
        let marker = format!("\r\n{delim}");
        let end = rest
            .windows(marker.len())
            .position(|w| w == marker.as_bytes())?;
        out.push((headers, rest[..end].to_vec()));
        rest = &rest[end + marker.len()..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_text_and_file_parts() {
        let parts = [
            Part::text("index_id", "idx_1"),
            Part::file("file", "a \"b\".txt", "text/plain", b"hello\r\nworld"),
        ];
        let e = encode(&parts, 7).unwrap();
        let b = e
            .content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        let expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"index_id\"\r\n\r\nidx_1\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a %22b%22.txt\"\r\n\
             Content-Type: text/plain\r\n\r\nhello\r\nworld\r\n--{b}--\r\n"
        );
        assert_eq!(String::from_utf8(e.body.clone()).unwrap(), expected);
        let parsed = parse(&e.content_type, &e.body).unwrap();
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[1].1, b"hello\r\nworld");
    }

    #[test]
    fn same_seed_same_bytes_and_boundaries_differ_by_seed() {
        let parts = [Part::text("a", "b")];
        assert_eq!(encode(&parts, 1).unwrap(), encode(&parts, 1).unwrap());
        assert_ne!(
            encode(&parts, 1).unwrap().content_type,
            encode(&parts, 2).unwrap().content_type
        );
        assert_ne!(random_seed(), random_seed());
    }

    #[test]
    fn a_boundary_found_in_the_content_is_replaced() {
        let mut state = 42;
        let first = boundary(&mut state);
        let content = format!("prefix {first} suffix");
        let e = encode(
            &[Part::file("file", "x", "text/plain", content.as_bytes())],
            42,
        )
        .unwrap();
        assert!(!e.content_type.contains(&first));
        let parsed = parse(&e.content_type, &e.body).unwrap();
        assert_eq!(parsed[0].1, content.as_bytes());
    }

    #[test]
    fn bad_parts_are_rejected() {
        assert!(encode(&[Part::file("file", "x", "text/plain\r\nX: y", b"")], 1).is_err());
        assert!(encode(&[Part::text("", "v")], 1).is_err());
    }

    #[test]
    fn metadata_merges_shorthands_then_flat_tags() {
        let mut base = Map::new();
        base.insert("source".into(), "old".into());
        base.insert("k".into(), "v".into());
        let tags = vec![("branch".to_string(), "main".to_string())];
        let m = document_metadata(&base, Some("agent"), None, Some("spec"), &tags).unwrap();
        assert_eq!(
            m,
            r#"{"branch":"main","k":"v","source":"agent","type":"spec"}"#
        );
        assert_eq!(document_metadata(&Map::new(), None, None, None, &[]), None);
    }
}
