//! Reading JSON text into a [`serde_json::Value`]. In the browser the
//! engine's own `JSON.parse` does the reading and the result is walked into
//! a `Value`, so serde_json's reader is not compiled into the wasm (it was
//! ~10 KB); natively, serde_json reads it. Both give `None` for anything
//! that is not JSON.

use serde_json::Value;

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

/// A JS value that is already plain JSON data (what `JSON.parse` returns)
/// as a `Value`; `None` for anything else (`undefined`, functions, …).
#[cfg(target_arch = "wasm32")]
pub fn from_js_json(v: &wasm_bindgen::JsValue) -> Option<Value> {
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
    if Array::is_array(v) {
        let items = v.unchecked_ref::<Array>();
        return items
            .iter()
            .map(|x| from_js_json(&x))
            .collect::<Option<_>>()
            .map(Value::Array);
    }
    if v.is_object() {
        let mut map = serde_json::Map::new();
        for key in Object::keys(v.unchecked_ref::<Object>()).iter() {
            let value = Reflect::get(v, &key).ok()?;
            map.insert(key.as_string()?, from_js_json(&value)?);
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
