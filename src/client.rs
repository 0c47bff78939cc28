//! The client: one transport every method goes through (URL, key, single
//! 401 retry, error mapping), plus the answer readers. The API areas in
//! `api/` add one method per endpoint on top.

use crate::auth::manager::DEFAULT_EARLY_REFRESH_MS;
use crate::auth::{Auth, Clock, JwtSource, KeyInfo, KeyManager, Seams, Secret};
use crate::call::{Answer, Body, Call, Method};
use crate::error::{Error, HttpError};
use crate::request_options::{AttemptInfo, RequestOptions, TransportOptions};
use crate::retry::{decide, server_wait_ms, Decision, Outcome};
use crate::sse::DEFAULT_MAX_EVENT_SIZE;
use crate::url::BaseUrl;
use crate::web::clock::JsClock;
use crate::web::exchange::FetchMinter;
use crate::web::fetch::{header, map_error, read_bytes, Fetcher};
use crate::web::storage::SessionStore;
use crate::web::stream::EventStream;
use crate::web::timer::{sleep, AttemptDeadline};
use serde::de::DeserializeOwned;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Response};

/// Where cached keys are kept.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StorageKind {
    /// sessionStorage (cleared when the tab closes), falling back to
    /// memory where the browser refuses it.
    #[default]
    Session,
    Memory,
}

/// Options for a client that mints keys through the session-token exchange.
pub struct ExchangeOptions {
    pub base_url: String,
    pub workspace_id: String,
    pub get_jwt: Rc<dyn JwtSource>,
    pub storage: StorageKind,
    pub early_refresh_ms: f64,
    /// The app's own `fetch`, if any.
    pub fetch: Option<js_sys::Function>,
    /// A clock other than `Date.now()` (tests, or an app with a trusted time source).
    pub clock: Option<Rc<dyn Clock>>,
    pub on_key_change: Option<Rc<dyn Fn(Option<KeyInfo>)>>,
    pub on_unauthenticated: Option<Rc<dyn Fn()>>,
    /// Timeouts, retries and the per-attempt hooks of every call.
    pub transport: TransportOptions,
}

impl ExchangeOptions {
    pub fn new(base_url: &str, workspace_id: &str, get_jwt: Rc<dyn JwtSource>) -> Self {
        ExchangeOptions {
            base_url: base_url.to_string(),
            workspace_id: workspace_id.to_string(),
            get_jwt,
            storage: StorageKind::Session,
            early_refresh_ms: DEFAULT_EARLY_REFRESH_MS,
            fetch: None,
            clock: None,
            on_key_change: None,
            on_unauthenticated: None,
            transport: TransportOptions::default(),
        }
    }
}

/// A Tavora API client. Cheap to clone; clones share the key cache.
/// [`Client::with_options`] gives a clone whose calls use per-call options.
#[derive(Clone)]
pub struct Client {
    inner: Rc<Inner>,
    per_call: Option<Rc<PerCall>>,
}

struct Inner {
    base: BaseUrl,
    auth: Auth,
    fetcher: Fetcher,
    max_event_size: usize,
    transport: TransportOptions,
}

/// Options of the calls made through one [`Client::with_options`] clone.
struct PerCall {
    options: RequestOptions,
    signal: Option<AbortSignal>,
}

/// What the transport does with a 2xx answer before handing it back.
#[derive(Clone, Copy, PartialEq)]
enum Keep {
    /// Read the whole body inside the attempt's deadline (a JSON call's
    /// timeout covers its answer).
    Buffered,
    /// Hand the body over unread; the deadline stops at the headers and
    /// the caller's signal still aborts it (streams, `sdkFetch`).
    Streaming,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.inner.base)
            .field("auth", &self.inner.auth)
            .finish()
    }
}

impl Client {
    /// A client with a fixed API key (server-minted; no exchange).
    pub fn with_api_key(
        base_url: &str,
        api_key: &str,
        fetch: Option<js_sys::Function>,
    ) -> Result<Client, Error> {
        if api_key.trim().is_empty() {
            return Err(Error::invalid("apiKey must not be empty"));
        }
        Ok(Client {
            inner: Rc::new(Inner {
                base: BaseUrl::parse(base_url)?,
                auth: Auth::Fixed(Secret::new(api_key)),
                fetcher: Fetcher::new(fetch),
                max_event_size: DEFAULT_MAX_EVENT_SIZE,
                transport: TransportOptions::default(),
            }),
            per_call: None,
        })
    }

    /// The fixed-key client with its own timeouts, retries and hooks.
    pub fn with_api_key_and_transport(
        base_url: &str,
        api_key: &str,
        fetch: Option<js_sys::Function>,
        transport: TransportOptions,
    ) -> Result<Client, Error> {
        let mut client = Client::with_api_key(base_url, api_key, fetch)?;
        if let Some(inner) = Rc::get_mut(&mut client.inner) {
            inner.transport = transport;
        }
        Ok(client)
    }

    /// A clone whose calls use `options` (timeout, retries, extra headers)
    /// and `signal` instead of the client's defaults. The options must have
    /// been checked (`request_options::check_*`).
    pub fn with_options(&self, options: RequestOptions, signal: Option<AbortSignal>) -> Client {
        Client {
            inner: self.inner.clone(),
            per_call: Some(Rc::new(PerCall { options, signal })),
        }
    }

    /// A stream's longest silence in force for this clone's calls.
    pub fn idle_timeout_ms(&self) -> f64 {
        let t = &self.inner.transport;
        self.per_call
            .as_ref()
            .and_then(|p| p.options.idle_timeout_ms)
            .unwrap_or(t.idle_timeout_ms)
    }

    /// The per-call signal, if this clone has one.
    pub fn call_signal(&self) -> Option<AbortSignal> {
        self.per_call.as_ref().and_then(|p| p.signal.clone())
    }

    /// A client that trades the user's JWT for short-lived workspace keys.
    pub fn with_exchange(opts: ExchangeOptions) -> Result<Client, Error> {
        let base = BaseUrl::parse(&opts.base_url)?;
        let fetcher = Fetcher::new(opts.fetch);
        let clock: Rc<dyn Clock> = opts.clock.unwrap_or_else(|| Rc::new(JsClock::new(None)));
        let store = Rc::new(SessionStore::new(opts.storage == StorageKind::Session));
        let keys = KeyManager::new(
            &origin_for_scope(&base),
            &opts.workspace_id,
            opts.early_refresh_ms,
            Seams {
                minter: Rc::new(FetchMinter {
                    fetcher: fetcher.clone(),
                    url: base.exchange_url(),
                    clock: clock.clone(),
                }),
                jwt: opts.get_jwt,
                clock,
                store,
                on_key_change: opts.on_key_change,
                on_unauthenticated: opts.on_unauthenticated,
            },
        )?;
        Ok(Client {
            inner: Rc::new(Inner {
                base,
                auth: Auth::Exchange(keys),
                fetcher,
                max_event_size: DEFAULT_MAX_EVENT_SIZE,
                transport: opts.transport,
            }),
            per_call: None,
        })
    }

    /// The largest SSE event streams accept (32 MiB).
    pub fn max_event_size(&self) -> usize {
        self.inner.max_event_size
    }

    /// Forgets every cached key of this client (see `KeyManager::sign_out`).
    pub fn sign_out(&self) {
        if let Auth::Exchange(keys) = &self.inner.auth {
            keys.sign_out();
        }
    }

    /// The key in use (prefix, id, expiry), never the key itself.
    pub fn key_info(&self) -> Option<KeyInfo> {
        match &self.inner.auth {
            Auth::Exchange(keys) => keys.key_info(),
            Auth::Fixed(_) => None,
        }
    }

    /// Sends a call with a key; a non-2xx answer becomes `Error::Http`.
    pub async fn send(&self, call: &Call, signal: Option<&AbortSignal>) -> Result<Response, Error> {
        let (body, content_type) = match &call.body {
            Body::Empty => (None, None),
            Body::Json(bytes) => (Some(bytes), Some("application/json")),
            Body::Bytes {
                content_type,
                bytes,
            } => (Some(bytes), Some(content_type.as_str())),
        };
        let body = body.map(|b| JsValue::from(js_sys::Uint8Array::from(&b[..])));
        let keep = if call.answer == Answer::Stream {
            Keep::Streaming
        } else {
            Keep::Buffered
        };
        let resp = self
            .transport(
                call.method,
                call.path.as_str(),
                call.accept,
                content_type,
                body.as_ref(),
                signal,
                keep,
                None,
            )
            .await?;
        checked(resp, signal).await
    }

    /// Sends `call` with a body built outside wasm memory (a `Blob`), as
    /// is, on every attempt; `progress(loaded, total)` reports its upload.
    pub async fn send_body(
        &self,
        call: &Call,
        content_type: &str,
        body: &JsValue,
        progress: Option<&js_sys::Function>,
    ) -> Result<Response, Error> {
        let resp = self
            .transport(
                call.method,
                call.path.as_str(),
                call.accept,
                Some(content_type),
                Some(body),
                None,
                Keep::Buffered,
                progress,
            )
            .await?;
        checked(resp, None).await
    }

    /// `sdkFetch`'s transport: a non-2xx answer becomes `Error::Http`.
    pub async fn send_raw(
        &self,
        method: &str,
        path_and_query: &str,
        accept: &str,
        content_type: Option<&str>,
        body: Option<&JsValue>,
        signal: Option<&AbortSignal>,
    ) -> Result<Response, Error> {
        let resp = self
            .send_unchecked(method, path_and_query, accept, content_type, body, signal)
            .await?;
        checked(resp, signal).await
    }

    /// Like [`send_raw`](Self::send_raw) but hands back any status (for
    /// `sdkFetch`, which returns the Response as the seed's helper does).
    pub async fn send_unchecked(
        &self,
        method: &str,
        path_and_query: &str,
        accept: &str,
        content_type: Option<&str>,
        body: Option<&JsValue>,
        signal: Option<&AbortSignal>,
    ) -> Result<Response, Error> {
        let method = Method::parse(method)
            .ok_or_else(|| Error::invalid(format!("unsupported HTTP method {method}")))?;
        self.transport(
            method,
            path_and_query,
            accept,
            content_type,
            body,
            signal,
            Keep::Streaming,
            None,
        )
        .await
    }

    /// The transport under every call: URL, key (and the single re-mint
    /// after a 401), each attempt bounded by its timeout, and the retries
    /// `retry::decide` allows, with their waits. Hands back the last
    /// answer whatever its status; a failure before any answer is an error.
    #[allow(clippy::too_many_arguments)]
    async fn transport(
        &self,
        method: Method,
        path_and_query: &str,
        accept: &str,
        content_type: Option<&str>,
        body: Option<&JsValue>,
        signal: Option<&AbortSignal>,
        keep: Keep,
        progress: Option<&js_sys::Function>,
    ) -> Result<Response, Error> {
        let t = &self.inner.transport;
        let per_call = self.per_call.as_deref();
        let options = per_call.map(|p| &p.options);
        let signal = signal.or_else(|| per_call.and_then(|p| p.signal.as_ref()));
        let timeout_ms = options.map_or(t.timeout_ms, |o| o.timeout_or(t.timeout_ms));
        let max_retries = options.map_or(t.max_retries, |o| o.max_retries_or(Some(t.max_retries)));
        let extra: &[(String, String)] = options.map_or(&[], |o| &o.headers[..]);
        let url = self.inner.base.sdk_url(path_and_query);
        let attempts = Cell::new(0u32);
        let mut waited_ms = None;
        let mut retries = 0u32;
        loop {
            let deadline = AttemptDeadline::new(timeout_ms, signal);
            let attempt_signal = deadline.signal();
            let sent_before = attempts.get();
            let result = self
                .inner
                .auth
                .send(|key: Secret| {
                    let hooks = Hooks::start(t, method, path_and_query, &attempts, waited_ms);
                    let headers = request_headers(&key, accept, content_type, extra);
                    let sent = self.inner.fetcher.send_owned(
                        method.as_str(),
                        &url,
                        headers,
                        body,
                        &attempt_signal,
                        progress,
                    );
                    let deadline = &deadline;
                    async move {
                        let result = sent.await.map_err(|e| deadline.map(e));
                        hooks.finish(&result);
                        result
                    }
                })
                .await;
            // No request went out: getting the key failed, and the key
            // manager has its own policy for the exchange.
            if result.is_err() && attempts.get() == sent_before {
                return result;
            }
            let outcome = match &result {
                Ok(resp) if (200..300).contains(&resp.status()) => {
                    let resp = match result {
                        Ok(resp) => resp,
                        Err(e) => return Err(e),
                    };
                    return match keep {
                        Keep::Streaming => {
                            deadline.keep_for_body();
                            Ok(resp)
                        }
                        Keep::Buffered => buffered(resp, &attempt_signal)
                            .await
                            .map_err(|e| deadline.map(e)),
                    };
                }
                Ok(resp) => Outcome::Status {
                    status: resp.status(),
                    retry_after_ms: retry_hint(resp, &attempt_signal).await,
                },
                Err(Error::Network { .. }) => Outcome::Network,
                Err(Error::Timeout { .. }) => Outcome::Timeout,
                Err(_) => return result,
            };
            match decide(
                method,
                outcome,
                retries,
                max_retries,
                js_sys::Math::random(),
            ) {
                Decision::Retry { wait_ms } => {
                    drop(deadline);
                    sleep(wait_ms, signal).await?;
                    waited_ms = Some(wait_ms);
                    retries += 1;
                }
                Decision::GiveUp => return result,
                Decision::GiveUpRetryAfter { retry_after_ms } => {
                    let resp = result?;
                    let bytes = read_bytes(&resp, Some(&attempt_signal))
                        .await
                        .unwrap_or_default();
                    let mut err = HttpError::from_body(resp.status(), &bytes);
                    err.details.insert(
                        "retryAfterMs".into(),
                        serde_json::Value::from(retry_after_ms),
                    );
                    return Err(Error::Http(err));
                }
            }
        }
    }

    /// Sends and reads a JSON answer into `T` (unwrapping if the call says so).
    pub async fn json<T: DeserializeOwned>(&self, call: Call) -> Result<T, Error> {
        let resp = self.send(&call, None).await?;
        let bytes = read_bytes(&resp, None).await?;
        call.decode(&bytes)
    }

    /// Sends a call whose answer carries nothing (204, or a body we ignore).
    pub async fn empty(&self, call: Call) -> Result<(), Error> {
        self.send(&call, None).await.map(|_| ())
    }

    /// Sends and returns the raw answer bytes.
    pub async fn bytes(&self, call: Call) -> Result<Vec<u8>, Error> {
        let resp = self.send(&call, None).await?;
        read_bytes(&resp, None).await
    }

    /// Sends a streaming call and returns its event stream.
    pub async fn stream(
        &self,
        call: &Call,
        signal: Option<AbortSignal>,
    ) -> Result<EventStream, Error> {
        debug_assert_eq!(call.answer, Answer::Stream);
        let resp = self.send(call, signal.as_ref()).await?;
        EventStream::new(
            &resp,
            signal,
            self.inner.max_event_size,
            self.idle_timeout_ms(),
        )
    }
}

/// A non-2xx answer as `Error::Http` (its body read for the error).
async fn checked(resp: Response, signal: Option<&AbortSignal>) -> Result<Response, Error> {
    if (200..300).contains(&resp.status()) {
        return Ok(resp);
    }
    let bytes = read_bytes(&resp, signal).await.unwrap_or_default();
    Err(Error::Http(HttpError::from_body(resp.status(), &bytes)))
}

/// The server's requested wait on a 429 or 503: its `Retry-After` (where
/// CORS lets us read it) or the error body's `retry_after_seconds`, read
/// from a copy so the answer stays readable.
async fn retry_hint(resp: &Response, signal: &AbortSignal) -> Option<f64> {
    if !matches!(resp.status(), 429 | 503) {
        return None;
    }
    let now = js_sys::Date::now();
    let header = header(resp, "Retry-After");
    let body_seconds = match resp.clone() {
        Ok(copy) => read_bytes(&copy, Some(signal))
            .await
            .ok()
            .and_then(|b| crate::json::parse(&b))
            .and_then(|v| {
                v.get("retry_after_seconds")
                    .and_then(serde_json::Value::as_f64)
            }),
        Err(_) => None,
    };
    server_wait_ms(header.as_deref(), body_seconds, now)
}

/// The answer with its body read now (inside the attempt's deadline), as a
/// new Response the callers read as before.
async fn buffered(resp: Response, signal: &AbortSignal) -> Result<Response, Error> {
    let status = resp.status();
    // These statuses may not carry a body (the constructor refuses one).
    if matches!(status, 204 | 205 | 304) {
        return Ok(resp);
    }
    // The bytes stay in JS: a JSON answer never passes through wasm memory.
    let promise = resp
        .array_buffer()
        .map_err(|e| map_error(&e, Some(signal)))?;
    let buf = JsFuture::from(promise)
        .await
        .map_err(|e| map_error(&e, Some(signal)))?;
    let init = web_sys::ResponseInit::new();
    init.set_status(status);
    init.set_headers(&resp.headers());
    Response::new_with_opt_buffer_source_and_init(Some(buf.unchecked_ref()), &init).map_err(|e| {
        Error::Network {
            message: crate::web::js_message(&e),
        }
    })
}

/// The headers of one attempt: the key, what it accepts, its body's type,
/// and the caller's extra headers (checked: none of these three).
fn request_headers(
    key: &Secret,
    accept: &str,
    content_type: Option<&str>,
    extra: &[(String, String)],
) -> Vec<(String, String)> {
    let mut headers = vec![
        ("X-API-Key".to_string(), key.expose().to_string()),
        ("Accept".to_string(), accept.to_string()),
    ];
    if let Some(ct) = content_type {
        headers.push(("Content-Type".to_string(), ct.to_string()));
    }
    headers.extend(extra.iter().cloned());
    headers
}

/// One attempt as the `onRequest` / `onResponse` hooks see it; nothing is
/// built when the client has no hooks.
struct Hooks<'a> {
    t: &'a TransportOptions,
    info: Option<AttemptInfo>,
    started: f64,
}

impl<'a> Hooks<'a> {
    #[inline(never)]
    fn start(
        t: &'a TransportOptions,
        method: Method,
        path: &str,
        attempts: &Cell<u32>,
        waited_ms: Option<f64>,
    ) -> Hooks<'a> {
        attempts.set(attempts.get() + 1);
        let info = (t.on_request.is_some() || t.on_response.is_some()).then(|| AttemptInfo {
            method: method.as_str().to_string(),
            path: path.to_string(),
            attempt: attempts.get(),
            waited_ms,
            status: None,
            duration_ms: None,
            error: None,
        });
        if let (Some(f), Some(info)) = (&t.on_request, &info) {
            f(info);
        }
        Hooks {
            t,
            info,
            started: js_sys::Date::now(),
        }
    }

    #[inline(never)]
    fn finish(self, result: &Result<Response, Error>) {
        if let (Some(f), Some(info)) = (&self.t.on_response, self.info) {
            f(&AttemptInfo {
                status: result.as_ref().ok().map(Response::status),
                duration_ms: Some(js_sys::Date::now() - self.started),
                error: result.as_ref().err().map(|e| e.code().to_string()),
                ..info
            });
        }
    }
}

/// The exchange scopes keys by origin; a same-origin client uses the page's.
fn origin_for_scope(base: &BaseUrl) -> String {
    if !base.origin().is_empty() {
        return base.origin().to_string();
    }
    js_sys::Reflect::get(&js_sys::global(), &"location".into())
        .ok()
        .and_then(|l| js_sys::Reflect::get(&l, &"origin".into()).ok())
        .and_then(|o| o.as_string())
        .unwrap_or_default()
}
