//! JSON text in and out of [`serde_json::Value`] without compiling
//! serde_json's reader and writer into the wasm (a large part of its size).
//!
//! Reading: in the browser the engine's own `JSON.parse` reads and the
//! result is walked into a `Value`; natively serde_json reads. Both give
//! `None` for anything that is not JSON.
//!
//! Writing: one small writer, byte for byte what serde_json writes (compact,
//! same string escapes, keys in map order); only float digits differ by
//! platform — serde_json's natively, the engine's shortest round-trip form
//! in the browser (`1e+21` where serde_json writes `1e21`; both JSON).
//!
//! Removing a key: [`take`], without `BTreeMap::remove`.

use serde_json::{Map, Value};

/// `bytes` as JSON, or `None` when they are not JSON (or not UTF-8).
#[cfg(not(target_arch = "wasm32"))]
pub fn parse(bytes: &[u8]) -> Option<Value> {
    serde_json::from_slice(bytes).ok()
}

/// `bytes` as JSON, or `None` when they are not JSON (or not UTF-8).
#[cfg(target_arch = "wasm32")]
pub fn parse(bytes: &[u8]) -> Option<Value> {
    let text = std::str::from_utf8(bytes).ok()?;
    let parsed = js_sys::JSON::parse(text).ok()?;
    from_js_json(&parsed)
}

/// How deep arrays and objects may nest: what serde_json reads (its
/// recursion limit), so both platforms refuse the same documents and a
/// hostile body cannot run the walk out of wasm stack.
pub const MAX_DEPTH: usize = 127;

/// A JS value that is already plain JSON data (what `JSON.parse` returns)
/// as a `Value`; `None` for anything else (`undefined`, functions, …) and
/// for nesting deeper than [`MAX_DEPTH`].
#[cfg(target_arch = "wasm32")]
pub fn from_js_json(v: &wasm_bindgen::JsValue) -> Option<Value> {
    walk(v, MAX_DEPTH)
}

#[cfg(target_arch = "wasm32")]
fn walk(v: &wasm_bindgen::JsValue, depth: usize) -> Option<Value> {
    use js_sys::{Array, Object, Reflect};
    use wasm_bindgen::JsCast;

    if v.is_null() {
        return Some(Value::Null);
    }
    if let Some(b) = v.as_bool() {
        return Some(Value::Bool(b));
    }
    if let Some(n) = v.as_f64() {
        return Some(number(n));
    }
    if let Some(s) = v.as_string() {
        return Some(Value::String(s));
    }
    let depth = depth.checked_sub(1)?;
    if Array::is_array(v) {
        let items = v.unchecked_ref::<Array>();
        return items
            .iter()
            .map(|x| walk(&x, depth))
            .collect::<Option<_>>()
            .map(Value::Array);
    }
    if v.is_object() {
        let mut map = serde_json::Map::new();
        for key in Object::keys(v.unchecked_ref::<Object>()).iter() {
            let value = Reflect::get(v, &key).ok()?;
            map.insert(key.as_string()?, walk(&value, depth)?);
        }
        return Some(Value::Object(map));
    }
    None
}

/// A JS number as serde_json would have read its `JSON.stringify` text:
/// integral values as integers, the rest as floats. (JSON text has no
/// NaN or infinity; `JSON.parse` never yields them.)
#[cfg(target_arch = "wasm32")]
fn number(n: f64) -> Value {
    // Below 2^63 in magnitude an integral f64 converts to i64 exactly.
    if n.fract() == 0.0 && n.abs() < 9.2e18 {
        Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

/// `v` as compact JSON text.
pub fn to_vec(v: &Value) -> Vec<u8> {
    let mut out = Vec::with_capacity(64);
    write(&mut out, v);
    out
}

/// Appends `v` as compact JSON text.
pub fn write(out: &mut Vec<u8>, v: &Value) {
    match v {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(n) => write_number(out, n),
        Value::String(s) => write_str(out, s),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write(out, item);
            }
            out.push(b']');
        }
        Value::Object(map) => {
            out.push(b'{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_str(out, key);
                out.push(b':');
                write(out, item);
            }
            out.push(b'}');
        }
    }
}

/// Appends `s` as a JSON string, escaped as serde_json escapes.
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let short = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            b'\n' => b'n',
            b'\r' => b'r',
            b'\t' => b't',
            0x08 => b'b',
            0x0c => b'f',
            0x00..=0x1f => 0,
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        start = i + 1;
        if short == 0 {
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0xf)]);
        } else {
            out.push(b'\\');
            out.push(short);
        }
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

fn write_number(out: &mut Vec<u8>, n: &serde_json::Number) {
    if let Some(i) = n.as_i64() {
        out.extend_from_slice(i.to_string().as_bytes());
    } else if let Some(u) = n.as_u64() {
        out.extend_from_slice(u.to_string().as_bytes());
    } else {
        write_float(out, n);
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn write_float(out: &mut Vec<u8>, n: &serde_json::Number) {
    // Writing into a Vec cannot fail.
    let _ = serde_json::to_writer(out, n);
}

#[cfg(target_arch = "wasm32")]
fn write_float(out: &mut Vec<u8>, n: &serde_json::Number) {
    // A `Number` is always finite, so `toString` is a JSON number.
    let f = n.as_f64().unwrap_or(0.0);
    let text = js_sys::Number::from(f)
        .to_string_with_radix(10)
        .map(String::from);
    out.extend_from_slice(text.as_deref().unwrap_or("0").as_bytes());
}

/// Removes `key` from `map` and returns its value, keeping the rest in
/// order. Rebuilds the map with `insert` instead of calling
/// `BTreeMap::remove`, whose node-merging code is a measurable part of the
/// shipped wasm; request objects hold a few keys, and a key that is absent
/// costs one lookup.
pub fn take(map: &mut Map<String, Value>, key: &str) -> Option<Value> {
    if !map.contains_key(key) {
        return None;
    }
    let mut taken = None;
    for (k, v) in std::mem::take(map) {
        if k == key {
            taken = Some(v);
        } else {
            map.insert(k, v);
        }
    }
    taken
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_json_and_refuses_the_rest() {
        assert_eq!(
            parse(br#"{"a":[1,2.5,"x",null,true]}"#),
            Some(serde_json::json!({"a": [1, 2.5, "x", null, true]}))
        );
        for bad in [&b""[..], b"{", b"<html>", b"{\"a\":1}x", b"\xff\xfe"] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn refuses_nesting_deeper_than_the_limit() {
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(parse(nested(MAX_DEPTH).as_bytes()).is_some());
        assert_eq!(parse(nested(MAX_DEPTH + 1).as_bytes()), None);
    }

    #[test]
    fn writes_what_serde_json_writes() {
        let every_control: String = (0u8..0x20).map(char::from).collect();
        let values = [
            json!(null),
            json!([true, false, 0, -7, u64::MAX, i64::MIN, 0.5, -2.25e-3, 1e21]),
            json!({"b": {"z": [], "a": {}}, "a": "café ✓ \u{7f} \u{2028}", "q": "\"\\/"}),
            json!(every_control),
        ];
        for v in values {
            assert_eq!(
                String::from_utf8(to_vec(&v)).unwrap(),
                serde_json::to_string(&v).unwrap()
            );
        }
    }

    #[test]
    fn take_removes_one_key_and_keeps_the_rest() {
        let mut m = json!({"a": 1, "b": null, "c": [2]})
            .as_object()
            .cloned()
            .unwrap();
        assert_eq!(take(&mut m, "b"), Some(Value::Null));
        assert_eq!(Value::Object(m.clone()), json!({"a": 1, "c": [2]}));
        assert_eq!(take(&mut m, "b"), None);
        assert_eq!(take(&mut m, "zz"), None);
        assert_eq!(take(&mut m, "c"), Some(json!([2])));
        assert_eq!(Value::Object(m), json!({"a": 1}));
    }
}
