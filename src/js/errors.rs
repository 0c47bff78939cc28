//! Rust errors as JS exceptions: a `TavoraApiError` (the class the package
//! entry registers with `setErrorClass`; a plain `Error` before that) with
//! `status`, `code`, `message`, `details` and `kind`.

use crate::error::{Error, StreamFailure};
use js_sys::{Array, Function, Object, Reflect};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    static ERROR_CLASS: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// Registers the constructor used for every error this package throws
/// (called by the package entry with its `TavoraApiError` class).
#[wasm_bindgen(js_name = setErrorClass)]
pub fn set_error_class(class: Function) {
    ERROR_CLASS.with(|c| *c.borrow_mut() = Some(class));
}

fn set(obj: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

fn new_error(message: &str) -> JsValue {
    let class = ERROR_CLASS.with(|c| c.borrow().clone());
    let args = Array::of1(&JsValue::from_str(message));
    class
        .and_then(|c| Reflect::construct(&c, &args).ok())
        .unwrap_or_else(|| js_sys::Error::new(message).into())
}

/// The JS exception for an SDK error.
pub fn to_js(e: Error) -> JsValue {
    let err = new_error(&e.to_string());
    set(
        &err,
        "name",
        &JsValue::from_str(if e == Error::Aborted {
            "AbortError"
        } else {
            "TavoraApiError"
        }),
    );
    set(&err, "code", &JsValue::from_str(e.code()));
    set(
        &err,
        "status",
        &e.status().map_or(JsValue::UNDEFINED, JsValue::from),
    );
    let (kind, details) = match &e {
        Error::Http(h) => {
            set(&err, "apiMessage", &JsValue::from_str(&h.message));
            (
                "http",
                json_to_js(&serde_json::Value::Object(h.details.clone())),
            )
        }
        Error::Network { .. } => ("network", Object::new().into()),
        Error::Decode { endpoint, .. } => {
            set(&err, "endpoint", &JsValue::from_str(endpoint));
            ("decode", Object::new().into())
        }
        Error::Aborted => ("aborted", Object::new().into()),
        Error::Timeout { after_ms } => {
            let details = Object::new();
            set(&details, "timeoutMs", &JsValue::from_f64(*after_ms));
            ("network", details.into())
        }
        Error::InvalidInput { .. } => ("invalid_input", Object::new().into()),
        Error::Stream(f) => {
            let details = Object::new();
            match f {
                StreamFailure::Interrupted { events_received } => {
                    set(
                        &details,
                        "eventsReceived",
                        &JsValue::from_f64(*events_received as f64),
                    );
                }
                StreamFailure::AgentError { payload, .. } => {
                    set(&details, "payload", &json_to_js(payload));
                }
                StreamFailure::Malformed { .. } => {}
                StreamFailure::IdleTimeout {
                    after_ms,
                    events_received,
                } => {
                    set(&details, "idleTimeoutMs", &JsValue::from_f64(*after_ms));
                    set(
                        &details,
                        "eventsReceived",
                        &JsValue::from_f64(*events_received as f64),
                    );
                }
            }
            ("stream", details.into())
        }
    };
    set(&err, "kind", &JsValue::from_str(kind));
    set(&err, "details", &details);
    err
}

fn json_to_js(v: &serde_json::Value) -> JsValue {
    let text = String::from_utf8(crate::json::to_vec(v)).unwrap_or_default();
    js_sys::JSON::parse(&text).unwrap_or_else(|_| Object::new().into())
}
