//! The client: one transport every method goes through (URL, key, single
//! 401 retry, error mapping), plus the answer readers. The API areas in
//! `api/` add one method per endpoint on top.

use crate::auth::manager::DEFAULT_EARLY_REFRESH_MS;
use crate::auth::{Auth, Clock, JwtSource, KeyInfo, KeyManager, Seams, Secret};
use crate::call::{Answer, Body, Call};
use crate::error::{Error, HttpError};
use crate::sse::DEFAULT_MAX_EVENT_SIZE;
use crate::url::BaseUrl;
use crate::web::clock::JsClock;
use crate::web::exchange::FetchMinter;
use crate::web::fetch::{read_bytes, Fetcher, Outgoing};
use crate::web::storage::SessionStore;
use crate::web::stream::EventStream;
use serde::de::DeserializeOwned;
use std::rc::Rc;
use wasm_bindgen::JsValue;
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
        }
    }
}

/// A Tavora API client. Cheap to clone; clones share the key cache.
#[derive(Clone)]
pub struct Client {
    inner: Rc<Inner>,
}

struct Inner {
    base: BaseUrl,
    auth: Auth,
    fetcher: Fetcher,
    max_event_size: usize,
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
            }),
        })
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
            }),
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
        self.send_raw(
            call.method.as_str(),
            call.path.as_str(),
            call.accept,
            content_type,
            body.as_ref(),
            signal,
        )
        .await
    }

    /// The transport under every method and `sdkFetch`: URL, key, the
    /// single retry after a 401, errors mapped.
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
        if (200..300).contains(&resp.status()) {
            return Ok(resp);
        }
        let bytes = read_bytes(&resp, signal).await.unwrap_or_default();
        Err(Error::Http(HttpError::from_body(resp.status(), &bytes)))
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
        let url = self.inner.base.sdk_url(path_and_query);
        let fetcher = &self.inner.fetcher;
        self.inner
            .auth
            .send(|key: Secret| {
                let url = url.clone();
                async move {
                    let mut headers: Vec<(&str, &str)> =
                        vec![("X-API-Key", key.expose()), ("Accept", accept)];
                    if let Some(ct) = content_type {
                        headers.push(("Content-Type", ct));
                    }
                    fetcher
                        .send(Outgoing {
                            method,
                            url: &url,
                            headers: &headers,
                            body,
                            signal,
                        })
                        .await
                }
            })
            .await
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
        EventStream::new(&resp, signal, self.inner.max_event_size)
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
