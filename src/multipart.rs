//! `multipart/form-data` bodies built as bytes (wire contract §6), so an upload
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

/// Refuses what cannot be framed: an empty field name, a content type with
/// line breaks or non-ASCII.
fn check(parts: &[Part<'_>]) -> Result<(), Error> {
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
    Ok(())
}

/// The first boundary drawn from `seed` that occurs in none of `parts`.
fn pick_boundary(parts: &[Part<'_>], seed: u64) -> Result<String, Error> {
    let mut state = seed;
    for _ in 0..64 {
        let b = boundary(&mut state);
        let clash = parts.iter().any(|p| {
            contains(p.data, b.as_bytes())
                || p.name.contains(&b)
                || p.filename.is_some_and(|f| f.contains(&b))
        });
        if !clash {
            return Ok(b);
        }
    }
    Err(Error::invalid("could not find a multipart boundary"))
}

/// A part's delimiter line and headers, up to the blank line before its data.
fn write_part_head(body: &mut Vec<u8>, b: &str, p: &Part<'_>) {
    body.extend_from_slice(b"--");
    body.extend_from_slice(b.as_bytes());
    body.extend_from_slice(b"\r\nContent-Disposition: form-data; name=");
    quoted(body, p.name);
    if let Some(f) = p.filename {
        body.extend_from_slice(b"; filename=");
        quoted(body, f);
    }
    body.extend_from_slice(b"\r\n");
    if let Some(ct) = p.content_type {
        body.extend_from_slice(b"Content-Type: ");
        body.extend_from_slice(ct.as_bytes());
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(b"\r\n");
}

fn write_close(body: &mut Vec<u8>, b: &str) {
    body.extend_from_slice(b"--");
    body.extend_from_slice(b.as_bytes());
    body.extend_from_slice(b"--\r\n");
}

/// Encodes `parts` with a boundary drawn from `seed`. A boundary that
/// occurs anywhere in the content is thrown away and drawn again.
pub fn encode(parts: &[Part<'_>], seed: u64) -> Result<Encoded, Error> {
    check(parts)?;
    let b = pick_boundary(parts, seed)?;
    let size: usize = parts.iter().map(|p| p.data.len() + 200).sum();
    let mut body = Vec::with_capacity(size + b.len() + 8);
    for p in parts {
        write_part_head(&mut body, &b, p);
        body.extend_from_slice(p.data);
        body.extend_from_slice(b"\r\n");
    }
    write_close(&mut body, &b);
    Ok(Encoded {
        content_type: format!("multipart/form-data; boundary={b}"),
        body,
    })
}

/// A body whose last part's data is not in memory: send `head`, then the
/// file's bytes, then `tail` (in the browser, `new Blob([head, file, tail])`),
/// so a large file never passes through wasm memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Framing {
    pub content_type: String,
    pub head: Vec<u8>,
    pub tail: Vec<u8>,
}

/// Frames `fields` followed by `file`, whose `data` is ignored: its bytes
/// are supplied by the caller between `head` and `tail`. They cannot be
/// scanned for the boundary, which is why it is random: 32 characters from
/// 62, drawn per upload (as browsers do for `FormData`).
pub fn frame_around_file(
    fields: &[Part<'_>],
    file: &Part<'_>,
    seed: u64,
) -> Result<Framing, Error> {
    let unscanned = Part { data: b"", ..*file };
    check(fields)?;
    check(std::slice::from_ref(&unscanned))?;
    let mut scanned = fields.to_vec();
    scanned.push(unscanned.clone());
    let b = pick_boundary(&scanned, seed)?;
    let mut head = Vec::new();
    for p in fields {
        write_part_head(&mut head, &b, p);
        head.extend_from_slice(p.data);
        head.extend_from_slice(b"\r\n");
    }
    write_part_head(&mut head, &b, &unscanned);
    let mut tail = b"\r\n".to_vec();
    write_close(&mut tail, &b);
    Ok(Framing {
        content_type: format!("multipart/form-data; boundary={b}"),
        head,
        tail,
    })
}

/// The document `metadata` field (wire contract §6): the caller's map, then the
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
    fn framing_around_a_file_is_the_encoding_with_the_file_left_out() {
        let fields = [
            Part::text("index_id", "idx_1"),
            Part::text("metadata", "{}"),
        ];
        let data = b"\x00\xffbinary\r\n--not-a-boundary\r\n";
        let file = Part::file("file", "report \"q3\".pdf", "application/pdf", data);
        let framing = frame_around_file(&fields, &file, 99).unwrap();
        let mut all = fields.to_vec();
        all.push(file.clone());
        let whole = encode(&all, 99).unwrap();
        assert_eq!(framing.content_type, whole.content_type);
        let joined = [framing.head.as_slice(), data, framing.tail.as_slice()].concat();
        assert_eq!(joined, whole.body);
        let parsed = parse(&framing.content_type, &joined).unwrap();
        assert_eq!(parsed.len(), 3);
        assert_eq!(parsed[2].1, data);
        // The file's data given in the part is not what is framed.
        let other = Part {
            data: b"ignored",
            ..file
        };
        assert_eq!(frame_around_file(&fields, &other, 99).unwrap(), framing);
    }

    #[test]
    fn framing_checks_fields_and_the_file_part() {
        let file = Part::file("file", "x", "text/plain", b"");
        assert!(frame_around_file(&[Part::text("", "v")], &file, 1).is_err());
        let bad = Part::file("file", "x", "text/plain\r\nX: y", b"");
        assert!(frame_around_file(&[], &bad, 1).is_err());
        // A field value that holds the first boundary makes the framing draw another.
        let mut state = 5;
        let first = boundary(&mut state);
        let framing = frame_around_file(&[Part::text("note", &first)], &file, 5).unwrap();
        assert!(!framing.content_type.contains(&first));
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
