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

/// A JS value read as JSON: what `JSON.stringify` makes of it (so `toJSON`,
/// dropped `undefined`s and the rest follow the engine's rules), read back
/// by the engine and walked into a `Value` — no per-type deserializer and
/// no Rust JSON reader compiled in. `undefined`/`null` read as `{}`. The
/// body builders check the fields.
pub fn from_js(v: &JsValue, what: &str) -> Result<serde_json::Value, Error> {
    if v.is_undefined() || v.is_null() {
        return Ok(serde_json::Value::Object(serde_json::Map::new()));
    }
    let not_json = || Error::invalid(format!("{what} must be a JSON-serialisable object"));
    let text = js_sys::JSON::stringify(v).map_err(|_| not_json())?;
    if text.is_undefined() {
        return Err(not_json());
    }
    let plain = js_sys::JSON::parse(&String::from(text)).map_err(|_| not_json())?;
    crate::json::from_js_json(&plain).ok_or_else(not_json)
}

/// Any JSON-serialisable value (e.g. an input-request answer).
pub fn json_value(v: &JsValue, what: &str) -> Result<serde_json::Value, Error> {
    if v.is_undefined() {
        return Err(Error::invalid(format!("{what} must not be undefined")));
    }
    // `null` is a value to send as given (an answer may be null).
    if v.is_null() {
        return Ok(serde_json::Value::Null);
    }
    from_js(v, what)
}
