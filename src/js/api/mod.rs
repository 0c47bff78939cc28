//! The JS methods of `TavoraClient`, one file per API area (each adds an
//! `impl JsClient` block to the one exported class), plus the small
//! argument readers and answer readers they share.

pub mod agents;
pub mod audit;
pub mod chat;
pub mod configs;
pub mod conversations;
pub mod documents;
pub mod evals;
pub mod indexes;
pub mod project;
pub mod scheduled;
pub mod skills;
pub mod source;
pub mod studio;
pub mod templates;
pub mod vaults;

use crate::call::Call;
use crate::client::Client;
use crate::error::Error;
use crate::js::args;
use crate::js::client::{json, promise, rejected};
use crate::web::fetch::map_error;
use js_sys::Promise;
use serde_json::{Map, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// Sends a prepared call and resolves with its parsed JSON (or
/// `undefined` for a 204 delete); a preparation error rejects at once,
/// with no request.
pub(crate) fn send(client: &Client, call: Result<Call, Error>) -> Promise {
    match call {
        Ok(call) => promise(json(client.clone(), call)),
        Err(e) => rejected(e),
    }
}

/// An optional options bag: `undefined`, `null` or an object.
pub(crate) fn options(v: &JsValue, what: &str) -> Result<(), Error> {
    if v.is_undefined() || v.is_null() || (v.is_object() && !v.is_function()) {
        Ok(())
    } else {
        Err(Error::invalid(format!("{what} must be an object")))
    }
}

/// A request object read as a JSON object (`undefined` reads as `{}`),
/// for a `*_body` builder to check.
pub(crate) fn input(v: &JsValue, what: &str) -> Result<Map<String, Value>, Error> {
    options(v, what)?;
    match args::from_js(v, what)? {
        Value::Object(m) => Ok(m),
        _ => Err(Error::invalid(format!("{what} must be an object"))),
    }
}

pub(crate) fn opt_bool(obj: &JsValue, key: &str) -> Result<Option<bool>, Error> {
    let v = args::get(obj, key);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_bool()
        .map(Some)
        .ok_or_else(|| Error::invalid(format!("{key} must be a boolean")))
}

/// An optional whole number of at least `min`.
pub(crate) fn opt_int(obj: &JsValue, key: &str, min: i64) -> Result<Option<i64>, Error> {
    match args::opt_number(obj, key)? {
        None => Ok(None),
        Some(n) if n.fract() == 0.0 && n >= min as f64 && n <= 9_007_199_254_740_991.0 => {
            Ok(Some(n as i64))
        }
        Some(_) => Err(Error::invalid(format!(
            "{key} must be a whole number of at least {min}"
        ))),
    }
}

/// Sends `call` and resolves with its body as text.
pub(crate) async fn text(client: Client, call: Call) -> Result<JsValue, Error> {
    let resp = client.send(&call, None).await?;
    let p = resp.text().map_err(|e| map_error(&e, None))?;
    JsFuture::from(p).await.map_err(|e| map_error(&e, None))
}

/// Sends `call` and resolves with its body as a `Blob` (typed with the
/// response's `Content-Type`).
pub(crate) async fn blob(client: Client, call: Call) -> Result<JsValue, Error> {
    let resp = client.send(&call, None).await?;
    let p = resp.blob().map_err(|e| map_error(&e, None))?;
    JsFuture::from(p).await.map_err(|e| map_error(&e, None))
}
