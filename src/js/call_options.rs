//! The JS shapes of the transport's options: per call, `{ signal,
//! timeoutMs, maxRetries, headers }` (the final argument of every method);
//! per client, `timeoutMs`, `maxRetries`, `onRequest`, `onResponse`. Each is
//! checked before any request (`request_options` has the rules).

use super::args;
use crate::error::Error;
use crate::request_options::{
    check_duration_ms, check_header, check_max_retries, AttemptHook, AttemptInfo, RequestOptions,
    TransportOptions,
};
use js_sys::{Function, Object, Reflect};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

/// `{ signal?, timeoutMs?, maxRetries?, headers? }` (`undefined`/`null`: none).
pub fn request_options(v: &JsValue) -> Result<(RequestOptions, Option<AbortSignal>), Error> {
    if v.is_undefined() || v.is_null() {
        return Ok((RequestOptions::default(), None));
    }
    if !v.is_object() || v.is_function() {
        return Err(Error::invalid("request options must be an object"));
    }
    let signal = args::signal(v)?;
    let timeout_ms = match args::opt_number(v, "timeoutMs")? {
        Some(ms) => Some(check_duration_ms("timeoutMs", ms)?),
        None => None,
    };
    let max_retries = match args::opt_number(v, "maxRetries")? {
        Some(n) => Some(check_max_retries(n)?),
        None => None,
    };
    let headers = headers(&args::get(v, "headers"))?;
    let idle_timeout_ms = match args::opt_number(v, "idleTimeoutMs")? {
        Some(ms) => Some(check_duration_ms("idleTimeoutMs", ms)?),
        None => None,
    };
    Ok((
        RequestOptions {
            timeout_ms,
            max_retries,
            headers,
            idle_timeout_ms,
        },
        signal,
    ))
}

fn headers(v: &JsValue) -> Result<Vec<(String, String)>, Error> {
    if v.is_undefined() || v.is_null() {
        return Ok(Vec::new());
    }
    if !v.is_object() || v.is_function() || js_sys::Array::is_array(v) {
        return Err(Error::invalid(
            "headers must be an object of header names to strings",
        ));
    }
    let mut out = Vec::new();
    let obj: &Object = v.unchecked_ref();
    for key in Object::keys(obj).iter() {
        let name = key.as_string().unwrap_or_default();
        let value = Reflect::get(v, &key).unwrap_or(JsValue::UNDEFINED);
        let Some(value) = value.as_string() else {
            return Err(Error::invalid(format!(
                "headers: the value of {name} must be a string"
            )));
        };
        check_header(&name, &value)?;
        out.push((name, value));
    }
    Ok(out)
}

/// The client options' `timeoutMs`, `maxRetries`, `onRequest`, `onResponse`.
pub fn transport_options(options: &JsValue) -> Result<TransportOptions, Error> {
    let mut t = TransportOptions::default();
    if let Some(ms) = args::opt_number(options, "timeoutMs")? {
        t.timeout_ms = check_duration_ms("timeoutMs", ms)?;
    }
    if let Some(n) = args::opt_number(options, "maxRetries")? {
        t.max_retries = check_max_retries(n)?;
    }
    if let Some(ms) = args::opt_number(options, "idleTimeoutMs")? {
        t.idle_timeout_ms = check_duration_ms("idleTimeoutMs", ms)?;
    }
    t.on_request = args::opt_function(options, "onRequest")?.map(hook);
    t.on_response = args::opt_function(options, "onResponse")?.map(hook);
    Ok(t)
}

/// A JS hook: called with a fresh info object; what it throws is logged
/// and otherwise ignored.
fn hook(f: Function) -> AttemptHook {
    Rc::new(move |info: &AttemptInfo| {
        if let Err(e) = f.call1(&JsValue::NULL, &info_js(info)) {
            web_sys::console::error_2(
                &"tavora-wasm: an onRequest/onResponse hook threw:".into(),
                &e,
            );
        }
    })
}

fn info_js(info: &AttemptInfo) -> JsValue {
    let obj = Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&obj, &k.into(), &v);
    };
    set("method", info.method.as_str().into());
    set("path", info.path.as_str().into());
    set("attempt", info.attempt.into());
    if let Some(ms) = info.waited_ms {
        set("waitedMs", ms.into());
    }
    if let Some(ms) = info.duration_ms {
        set("durationMs", ms.into());
        set("status", info.status.map_or(JsValue::NULL, JsValue::from));
    }
    if let Some(code) = &info.error {
        set("error", code.as_str().into());
    }
    obj.into()
}
