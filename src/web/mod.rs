//! The browser glue: `fetch`, sessionStorage, the clock, reading a body
//! stream. Thin by design; the decisions live in the pure modules.

pub mod clock;
pub mod exchange;
pub mod fetch;
pub mod jwt_source;
pub mod storage;
pub mod stream;
pub mod timer;

use wasm_bindgen::JsValue;

/// A JS exception's message (or `name`), for errors we build ourselves.
pub(crate) fn js_message(e: &JsValue) -> String {
    let get = |k: &str| {
        js_sys::Reflect::get(e, &JsValue::from_str(k))
            .ok()
            .and_then(|v| v.as_string())
            .filter(|s| !s.is_empty())
    };
    get("message")
        .or_else(|| get("name"))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown JavaScript error".to_string())
}

/// Whether a JS exception is a DOMException/Error named `AbortError`.
pub(crate) fn is_abort_error(e: &JsValue) -> bool {
    js_sys::Reflect::get(e, &JsValue::from_str("name"))
        .ok()
        .and_then(|v| v.as_string())
        .is_some_and(|n| n == "AbortError")
}
