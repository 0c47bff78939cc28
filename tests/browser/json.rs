//! `tavora_wasm::json::parse` in the browser reads through the engine's
//! `JSON.parse`; it must give what serde_json gives for the same text.

use serde_json::{json, Value};
use tavora_wasm::json::parse;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn reads_what_serde_json_reads() {
    let docs: &[&[u8]] = &[
        b"null",
        b"true",
        b"\"text\"",
        b"0",
        b"-7",
        b"0.5",
        b"-2.25e-3",
        b"1e21",
        b"9007199254740991",
        b"-9007199254740991",
        b"[]",
        b"{}",
        br#"{"code":"not_found","message":"index not found","details":{"n":[1,2,{"x":null}]}}"#,
        br#"{"a":"caf\u00e9 \ud83d\ude00 \n\t\"q\"","b":[true,false]}"#,
        "{\"k\":\"café ✓\",\"z\":1,\"a\":2}".as_bytes(),
        br#"{"dup":1,"dup":2}"#,
    ];
    for doc in docs {
        let want: Value = serde_json::from_slice(doc).unwrap();
        assert_eq!(parse(doc), Some(want), "{}", String::from_utf8_lossy(doc));
    }
}

#[wasm_bindgen_test]
fn refuses_what_is_not_json() {
    for bad in [
        &b""[..],
        b"{",
        b"<html>Bad Gateway</html>",
        b"{\"a\":1}x",
        b"\xff\xfe",
        b"undefined",
        b"NaN",
    ] {
        assert_eq!(parse(bad), None, "{}", String::from_utf8_lossy(bad));
    }
}

#[wasm_bindgen_test]
fn integral_numbers_read_as_integers() {
    // JS has one number type: `1.0` reads as the integer 1, as
    // `JSON.stringify` would have written it.
    assert_eq!(parse(b"[1.0, 2e3]"), Some(json!([1, 2000])));
}

#[wasm_bindgen_test]
fn writes_what_serde_json_writes_with_the_engines_float_digits() {
    use tavora_wasm::json::to_vec;
    let every_control: String = (0u8..0x20).map(char::from).collect();
    let exact = [
        json!({"b": {"z": [], "a": {}}, "a": "café ✓ \u{7f}", "q": "\"\\/", "n": [0, -7, u64::MAX, i64::MIN, null, true]}),
        json!(every_control),
    ];
    for v in exact {
        assert_eq!(to_vec(&v), serde_json::to_vec(&v).unwrap());
    }
    // Floats: the engine's shortest round-trip digits, valid JSON that
    // reads back to the same numbers.
    let floats = json!([0.5, -0.00225, 1e21, 123.456, 1.5e-7]);
    let text = to_vec(&floats);
    assert_eq!(text, b"[0.5,-0.00225,1e+21,123.456,1.5e-7]");
    assert_eq!(serde_json::from_slice::<Value>(&text).unwrap(), floats);
}

#[wasm_bindgen_test]
fn refuses_nesting_deeper_than_serde_json_reads() {
    use tavora_wasm::json::MAX_DEPTH;
    let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    assert!(parse(nested(MAX_DEPTH).as_bytes()).is_some());
    assert_eq!(parse(nested(MAX_DEPTH + 1).as_bytes()), None);
    // Far deeper than the wasm stack would take: refused, not a trap.
    assert_eq!(parse(nested(200_000).as_bytes()), None);
}
