//! `TavoraClient` for JS. Each method reads its JS arguments, builds the
//! same [`Call`] the Rust method would, and returns a Promise of the
//! parsed JSON answer (parsed by the engine, so unknown fields survive).

use super::args;
use super::errors::to_js;
use crate::api::agents::calls as agents;
use crate::api::ListOptions;
use crate::auth::{JwtSource, KeyInfo};
use crate::call::{Answer, Call};
use crate::client::{Client, ExchangeOptions, StorageKind};
use crate::error::Error;
use crate::url::validate_sdk_path;
use crate::web::clock::JsClock;
use crate::web::fetch::map_error;
use crate::web::jwt_source::JsJwtSource;
use js_sys::{Function, Object, Promise, Reflect};
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

#[wasm_bindgen(js_name = TavoraClient)]
pub struct JsClient {
    pub(crate) client: Client,
}

/// Runs `f` as a Promise; an error before the first await (bad input)
/// rejects it without any request.
pub(crate) fn promise<F>(fut: F) -> Promise
where
    F: Future<Output = Result<JsValue, Error>> + 'static,
{
    rejecting_with_js_errors(Box::pin(fut))
}

/// One instance of the error-mapping wrapper for every future type.
fn rejecting_with_js_errors(
    fut: std::pin::Pin<Box<dyn Future<Output = Result<JsValue, Error>>>>,
) -> Promise {
    js_promise(Box::pin(async move { fut.await.map_err(to_js) }))
}

/// The one `future_to_promise` instance: each distinct future type would
/// otherwise compile its own copy of the executor glue.
pub(crate) fn js_promise(
    fut: std::pin::Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>>,
) -> Promise {
    future_to_promise(fut)
}

pub(crate) fn rejected(e: Error) -> Promise {
    Promise::reject(&to_js(e))
}

fn key_info_js(info: Option<KeyInfo>) -> JsValue {
    let Some(info) = info else {
        return JsValue::NULL;
    };
    let obj = Object::new();
    let _ = Reflect::set(&obj, &"keyId".into(), &info.key_id.into());
    let _ = Reflect::set(&obj, &"keyPrefix".into(), &info.key_prefix.into());
    let _ = Reflect::set(&obj, &"expiresAt".into(), &info.expires_at.into());
    let _ = Reflect::set(&obj, &"expiresAtMs".into(), &info.expires_at_ms.into());
    obj.into()
}

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse` of a JS string (js_sys's takes a Rust `&str`).
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    fn json_parse(text: &js_sys::JsString) -> Result<JsValue, JsValue>;
}

/// Sends `call` and returns its JSON answer as a JS value.
pub(crate) async fn json(client: Client, call: Call) -> Result<JsValue, Error> {
    let resp = client.send(&call, None).await?;
    json_answer(&call, resp).await
}

/// The JSON answer of `call` as a JS value (unwrapped as the call says).
pub(crate) async fn json_answer(call: &Call, resp: web_sys::Response) -> Result<JsValue, Error> {
    if call.answer == Answer::Empty {
        return Ok(JsValue::UNDEFINED);
    }
    let route = call.route_name();
    let text = resp.text().map_err(|e| map_error(&e, None))?;
    // The text stays a JS string (never copied into wasm memory) and the
    // engine's JSON.parse reads it.
    let text: js_sys::JsString = JsFuture::from(text)
        .await
        .map_err(|e| map_error(&e, None))?
        .unchecked_into();
    // An empty 2xx (a 204, or no body) is `undefined`, as the TS SDK has it.
    if text.trim().length() == 0 {
        return Ok(JsValue::UNDEFINED);
    }
    let value =
        json_parse(&text).map_err(|_| Error::decode(&route, "the response body is not JSON"))?;
    let value = match call.unwrap {
        Some(key) if value.is_object() => {
            let inner = Reflect::get(&value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
            if inner.is_undefined() {
                value
            } else {
                inner
            }
        }
        _ => value,
    };
    if !value.is_object() && !value.is_string() {
        return Err(Error::decode(&route, "expected a JSON object or array"));
    }
    Ok(value)
}

pub(crate) fn list_options(options: &JsValue) -> Result<ListOptions, Error> {
    let d = ListOptions::default();
    let num = |key: &str, default: u32| -> Result<u32, Error> {
        match args::opt_number(options, key)? {
            None => Ok(default),
            Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX) => Ok(n as u32),
            Some(_) => Err(Error::invalid(format!(
                "{key} must be a non-negative integer"
            ))),
        }
    };
    Ok(ListOptions {
        limit: num("limit", d.limit)?,
        offset: num("offset", d.offset)?,
    })
}

struct Callback(Function);
impl Callback {
    fn call0(&self) {
        let _ = self.0.call0(&JsValue::NULL);
    }
}

fn build_client(options: &JsValue) -> Result<Client, Error> {
    if !options.is_object() {
        return Err(Error::invalid("TavoraClient options must be an object"));
    }
    let base_url = args::opt_string(options, "baseUrl")?.unwrap_or_default();
    let fetch = args::opt_function(options, "fetch")?;
    let api_key = args::opt_string(options, "apiKey")?;
    let get_jwt = args::opt_function(options, "getJwt")?;
    let transport = super::call_options::transport_options(options)?;
    match (api_key, get_jwt) {
        (Some(_), Some(_)) => Err(Error::invalid("pass either apiKey or getJwt, not both")),
        (Some(key), None) => Client::with_api_key_and_transport(&base_url, &key, fetch, transport),
        (None, None) => Err(Error::invalid(
            "pass getJwt and workspaceId (session-token exchange) or apiKey (fixed key)",
        )),
        (None, Some(get_jwt)) => {
            let workspace_id = args::opt_string(options, "workspaceId")?.unwrap_or_default();
            let jwt: Rc<dyn JwtSource> = Rc::new(JsJwtSource::new(get_jwt));
            let mut opts = ExchangeOptions::new(&base_url, &workspace_id, jwt);
            opts.storage = match args::opt_string(options, "storage")?.as_deref() {
                None | Some("session") => StorageKind::Session,
                Some("memory") => StorageKind::Memory,
                Some(_) => return Err(Error::invalid("storage must be \"session\" or \"memory\"")),
            };
            if let Some(ms) = args::opt_number(options, "earlyRefreshMs")? {
                opts.early_refresh_ms = ms;
            }
            opts.fetch = fetch;
            opts.transport = transport;
            if let Some(now) = args::opt_function(options, "now")? {
                opts.clock = Some(Rc::new(JsClock::new(Some(now))));
            }
            if let Some(cb) = args::opt_function(options, "onKeyChange")? {
                opts.on_key_change = Some(Rc::new(move |info: Option<KeyInfo>| {
                    let _ = cb.call1(&JsValue::NULL, &key_info_js(info));
                }));
            }
            if let Some(cb) = args::opt_function(options, "onUnauthenticated")? {
                let cb = Callback(cb);
                opts.on_unauthenticated = Some(Rc::new(move || cb.call0()));
            }
            Client::with_exchange(opts)
        }
    }
}

#[wasm_bindgen(js_class = TavoraClient)]
impl JsClient {
    /// `{ baseUrl, workspaceId, getJwt, storage?, earlyRefreshMs?, fetch?,
    /// onKeyChange?, onUnauthenticated?, now? }` or `{ baseUrl, apiKey, fetch? }`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<JsClient, JsValue> {
        build_client(&options)
            .map(|client| JsClient { client })
            .map_err(to_js)
    }

    /// Forgets this client's cached keys; a mint in flight is not stored.
    #[wasm_bindgen(js_name = signOut)]
    pub fn sign_out(&self) {
        self.client.sign_out();
    }

    /// `{ keyId, keyPrefix, expiresAt, expiresAtMs }` of the key in use, or
    /// `null`. Never the key.
    #[wasm_bindgen(js_name = keyInfo)]
    pub fn key_info(&self) -> JsValue {
        key_info_js(self.client.key_info())
    }

    /// The authenticated escape hatch: `fetch(/api/sdk + path, init)` with
    /// the key handling of every other call. Resolves with the Response
    /// whatever its status (as the seed's helper does).
    #[wasm_bindgen(js_name = sdkFetch)]
    pub fn sdk_fetch(&self, path: JsValue, init: JsValue) -> Promise {
        let client = self.client.clone();
        let parsed = (|| -> Result<_, Error> {
            let path = args::string(&path, "path")?;
            validate_sdk_path(&path)?;
            let method = args::opt_string(&init, "method")?
                .unwrap_or_else(|| "GET".into())
                .to_ascii_uppercase();
            let signal = args::signal(&init)?;
            let body = args::get(&init, "body");
            let content_type = args::opt_string(&init, "contentType")?;
            Ok((path, method, signal, body, content_type))
        })();
        let (path, method, signal, body, content_type) = match parsed {
            Ok(p) => p,
            Err(e) => return rejected(e),
        };
        promise(async move {
            let body = if body.is_undefined() || body.is_null() {
                None
            } else {
                Some(body)
            };
            let content_type = content_type.or_else(|| {
                body.as_ref()
                    .filter(|b| b.is_string())
                    .map(|_| "application/json".to_string())
            });
            let resp = client
                .send_unchecked(
                    &method,
                    &path,
                    "application/json",
                    content_type.as_deref(),
                    body.as_ref(),
                    signal.as_ref(),
                )
                .await?;
            Ok(resp.into())
        })
    }

    /// Streams a run: `onEvent(name, payload)` per event, in order, as it
    /// arrives; resolves with the `done` summary. See the README for the
    /// failure modes (agent error, cut stream, abort, callback exception).
    #[wasm_bindgen(js_name = runAgent)]
    pub fn run_agent(
        &self,
        session_id: JsValue,
        message: JsValue,
        on_event: JsValue,
        options: JsValue,
    ) -> Promise {
        let prepared = (|| {
            let id = args::string(&session_id, "session id")?;
            let message = args::string(&message, "message")?;
            let on_event = args::function(on_event, "onEvent")?;
            let (per_call, signal) = super::call_options::request_options(&options)?;
            Ok((
                agents::run_agent(&id, &message)?,
                on_event,
                per_call,
                signal,
            ))
        })();
        let (call, on_event, per_call, signal) = match prepared {
            Ok(p) => p,
            Err(e) => return rejected(e),
        };
        let client = self.client.with_options(per_call, signal.clone());
        js_promise(Box::pin(async move {
            let resp = client.send(&call, signal.as_ref()).await.map_err(to_js)?;
            super::stream::pump(
                resp,
                signal,
                client.max_event_size(),
                client.idle_timeout_ms(),
                on_event,
            )
            .await
        }))
    }
}
