//! The JS methods of `TavoraClient`: `invoke(name, args)`, the one export
//! behind every plain JSON method (the table in `crate::endpoints`), and
//! the special methods that do not fit it (uploads, Blob and text answers,
//! the replay stream), one file per area, plus the small argument readers
//! and answer readers they share.

pub mod audit;
pub mod documents;
pub mod skills;
pub mod studio;

use crate::api::endpoint::Endpoint;
use crate::call::Call;
use crate::client::Client;
use crate::endpoints::{Arg, Args, Val, TABLE};
use crate::error::Error;
use crate::js::args;
use crate::js::client::{json, promise, rejected, JsClient};
use crate::web::fetch::map_error;
use js_sys::{Array, Promise};
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;
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

/// Reads `args` as `spec` says, in order (the first wrong one is the error).
fn read_args(spec: &[Arg], args: &Array) -> Result<Args, Error> {
    let mut out = Vec::with_capacity(spec.len());
    for (i, arg) in spec.iter().enumerate() {
        let v = args.get(i as u32);
        out.push(match *arg {
            Arg::Id(what) => Val::Str(args::string(&v, what)?),
            Arg::Input(what) => Val::Obj(input(&v, what)?),
            Arg::Opts => {
                options(&v, "options")?;
                Val::Js(v)
            }
            Arg::Raw => Val::Js(v),
            Arg::Json(what) => Val::Json(args::json_value(&v, what)?),
        });
    }
    Ok(Args(out))
}

#[wasm_bindgen(js_class = TavoraClient)]
impl JsClient {
    /// `invoke(name, args)`: the plain JSON method `name` of the endpoint
    /// table with its JS arguments; the package's `TavoraClient` defines
    /// one method per table entry on top of it. Bad input rejects at once,
    /// with no request.
    #[wasm_bindgen(js_name = invoke)]
    pub fn invoke(&self, name: &str, args: Array) -> Promise {
        let Some(entry) = TABLE.iter().find(|e| e.endpoint.name == name) else {
            return rejected(Error::invalid(format!("unknown method {name}")));
        };
        let endpoint = entry.endpoint;
        let arity = match &entry.custom {
            Some((spec, _)) => spec.len(),
            None => endpoint.params().count() + usize::from(endpoint.body.is_some()),
        };
        // One argument more than the method takes: the per-call options.
        let client = if args.length() as usize == arity + 1 {
            match super::call_options::request_options(&args.get(arity as u32)) {
                Ok((options, signal)) => self.client.with_options(options, signal),
                Err(e) => return rejected(e),
            }
        } else {
            self.client.clone()
        };
        let call = match &entry.custom {
            Some((spec, build)) => read_args(spec, &args).and_then(|mut a| build(&mut a)),
            None => declared_call(endpoint, &args),
        };
        send(&client, call)
    }
}

/// The call of a declared endpoint: its ids, then its body if it has one.
fn declared_call(endpoint: &Endpoint, js: &Array) -> Result<Call, Error> {
    let mut ids = Vec::new();
    for (i, what) in endpoint.params().enumerate() {
        ids.push(args::string(&js.get(i as u32), what)?);
    }
    let body = match &endpoint.body {
        Some(spec) => Some(input(&js.get(ids.len() as u32), spec.what)?),
        None => None,
    };
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    endpoint.call(&ids, body)
}
