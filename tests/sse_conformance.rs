//! Conformance of the SSE decoder against `tests/data/sse-cases.json`, cases
//! derived from the WHATWG HTML "event stream interpretation" algorithm.
//!
//! Every case must hold for its own chunking, for the whole input in one
//! chunk, for every two-chunk split, and for one byte per push.

use serde_json::Value;
use tavora_wasm::sse::{Decoder, SseEvent};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

struct Case {
    name: String,
    note: String,
    bytes: Vec<u8>,
    chunks: Vec<Vec<u8>>,
    /// (event, data, id) in dispatch order.
    expected: Vec<(String, String, String)>,
    expected_retry: Option<Vec<u32>>,
}

fn load_cases() -> Vec<Case> {
    // Compiled in, so the same test runs natively and in the browser.
    let text = include_str!("data/sse-cases.json");
    let json: Value = serde_json::from_str(text).expect("parse sse-cases.json");
    json.as_array()
        .expect("top level is an array")
        .iter()
        .map(parse_case)
        .collect()
}

fn parse_case(case: &Value) -> Case {
    let name = case["name"].as_str().expect("name").to_owned();
    let chunks: Vec<Vec<u8>> = if let Some(chunks) = case["chunks"].as_array() {
        chunks
            .iter()
            .map(|c| c.as_str().expect("chunk string").as_bytes().to_vec())
            .collect()
    } else {
        case["chunks_b64"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: no chunks or chunks_b64"))
            .iter()
            .map(|c| base64_decode(c.as_str().expect("chunk string")))
            .collect()
    };
    let expected = case["expected"]
        .as_array()
        .expect("expected")
        .iter()
        .map(|e| {
            let field = |key: &str| match &e[key] {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                other => panic!("{name}: bad {key}: {other}"),
            };
            (field("event"), field("data"), field("id"))
        })
        .collect();
    let expected_retry = case.get("expected_retry").map(|r| {
        r.as_array()
            .expect("expected_retry array")
            .iter()
            .map(|n| u32::try_from(n.as_u64().expect("retry number")).expect("retry fits u32"))
            .collect()
    });
    Case {
        name,
        note: case["note"].as_str().unwrap_or_default().to_owned(),
        bytes: chunks.concat(),
        chunks,
        expected,
        expected_retry,
    }
}

/// Standard base64 (RFC 4648, with padding), enough for the fixtures.
fn base64_decode(text: &str) -> Vec<u8> {
    fn sextet(c: u8) -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("invalid base64 byte {c:#x}"),
        }
    }
    let symbols: Vec<u8> = text.bytes().filter(|&c| c != b'=').collect();
    let mut out = Vec::with_capacity(symbols.len() * 3 / 4);
    for group in symbols.chunks(4) {
        let bits = group
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &c)| acc | sextet(c) << (18 - 6 * i));
        let bytes = bits.to_be_bytes();
        out.extend_from_slice(&bytes[1..group.len()]);
    }
    out
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn base64_decoder_works() {
    assert_eq!(base64_decode(""), b"");
    assert_eq!(base64_decode("Zg=="), b"f");
    assert_eq!(base64_decode("Zm8="), b"fo");
    assert_eq!(base64_decode("Zm9v"), b"foo");
    assert_eq!(base64_decode("Zm9vYg=="), b"foob");
    assert_eq!(base64_decode("+/8="), [0xFB, 0xFF]);
}

/// Decodes the chunks, returning the events and the retry history.
fn run<'a>(chunks: impl IntoIterator<Item = &'a [u8]>) -> (Vec<SseEvent>, Vec<u32>) {
    let mut decoder = Decoder::new();
    let mut events = Vec::new();
    for chunk in chunks {
        decoder
            .push_with(chunk, &mut |e| events.push(e))
            .expect("push");
    }
    events.extend(decoder.finish().expect("finish"));
    (events, decoder.retry_history().to_vec())
}

/// Compares one run with the case's expectations; `None` if it matches.
fn check(case: &Case, how: &str, (events, retries): (Vec<SseEvent>, Vec<u32>)) -> Option<String> {
    let got: Vec<(String, String, String)> = events
        .into_iter()
        .map(|e| (e.event, e.data, e.id))
        .collect();
    let mut problems = Vec::new();
    if got != case.expected {
        problems.push(format!(
            "events\n    expected {:?}\n    got      {:?}",
            case.expected, got
        ));
    }
    if let Some(expected) = &case.expected_retry {
        if &retries != expected {
            problems.push(format!(
                "retry history\n    expected {expected:?}\n    got      {retries:?}"
            ));
        }
    }
    if problems.is_empty() {
        return None;
    }
    Some(format!(
        "case `{}` ({how}): {}\n  note: {}",
        case.name,
        problems.join("; "),
        case.note
    ))
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn every_case_passes_under_every_chunking() {
    let cases = load_cases();
    assert!(!cases.is_empty(), "no cases loaded");
    let mut failures = Vec::new();
    for case in &cases {
        let bytes = &case.bytes[..];
        let mut runs = vec![
            (
                "given chunks".to_owned(),
                run(case.chunks.iter().map(Vec::as_slice)),
            ),
            ("one chunk".to_owned(), run([bytes])),
            ("one byte per push".to_owned(), run(bytes.chunks(1))),
        ];
        for split in 0..=bytes.len() {
            let (a, b) = bytes.split_at(split);
            runs.push((format!("split at byte {split}"), run([a, b])));
        }
        // Report only the first failing chunking of each case.
        if let Some(failure) = runs
            .into_iter()
            .find_map(|(how, result)| check(case, &how, result))
        {
            failures.push(failure);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    println!("{} cases passed under every chunking", cases.len());
}
