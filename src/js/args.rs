//! Reading what JS handed us, with a typed error for every wrong type.

use crate::error::Error;
use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

pub fn get(obj: &JsValue, key: &str) -> JsValue {
    if obj.is_object() {
        Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

/// A required string argument.
pub fn string(v: &JsValue, what: &str) -> Result<String, Error> {
    v.as_string()
        .ok_or_else(|| Error::invalid(format!("{what} must be a string")))
}

/// An optional string option (`undefined`/`null` = unset).
pub fn opt_string(obj: &JsValue, key: &str) -> Result<Option<String>, Error> {
    let v = get(obj, key);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    string(&v, key).map(Some)
}

pub fn opt_number(obj: &JsValue, key: &str) -> Result<Option<f64>, Error> {
    let v = get(obj, key);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_f64()
        .filter(|n| n.is_finite())
        .map(Some)
        .ok_or_else(|| Error::invalid(format!("{key} must be a finite number")))
}

pub fn opt_function(obj: &JsValue, key: &str) -> Result<Option<Function>, Error> {
    let v = get(obj, key);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.dyn_into::<Function>()
        .map(Some)
        .map_err(|_| Error::invalid(format!("{key} must be a function")))
}

pub fn function(v: JsValue, what: &str) -> Result<Function, Error> {
    v.dyn_into::<Function>()
        .map_err(|_| Error::invalid(format!("{what} must be a function")))
}

/// `options.signal`, if any.
pub fn signal(options: &JsValue) -> Result<Option<AbortSignal>, Error> {
    let v = get(options, "signal");
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.dyn_into::<AbortSignal>()
        .map(Some)
        .map_err(|_| Error::invalid("options.signal must be an AbortSignal"))
}

/// A JS value read as JSON (through `JSON.stringify`): the one generic
/// reader, so no per-type deserializer is compiled in; `undefined`/`null`
/// read as `{}`. The body builders check the fields.
pub fn from_js(v: &JsValue, what: &str) -> Result<serde_json::Value, Error> {
    let text = if v.is_undefined() || v.is_null() {
        "{}".to_string()
    } else {
        js_sys::JSON::stringify(v)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| Error::invalid(format!("{what} must be a JSON-serialisable object")))?
    };
    serde_json::from_slice::<serde_json::Value>(text.as_bytes())
        .map_err(|e| Error::invalid(format!("{what}: {e}")))
}

/// Any JSON-serialisable value (e.g. an input-request answer).
pub fn json_value(v: &JsValue, what: &str) -> Result<serde_json::Value, Error> {
    if v.is_undefined() {
        return Err(Error::invalid(format!("{what} must not be undefined")));
    }
    from_js(v, what)
}
