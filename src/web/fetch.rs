//! One `fetch` call, and reading its answer, with errors mapped to ours.

use super::{is_abort_error, js_message};
use crate::auth::Status;
use crate::error::Error;
use js_sys::{Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Headers, RequestCredentials, RequestInit, Response};

impl Status for Response {
    fn status(&self) -> u16 {
        Response::status(self)
    }
}

/// `globalThis.fetch`, or the app's own (`fetch` option).
#[derive(Clone, Default)]
pub struct Fetcher {
    custom: Option<Function>,
}

/// A request about to go out. Headers are few and fixed by the SDK.
pub struct Outgoing<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
    pub body: Option<&'a JsValue>,
    pub signal: Option<&'a AbortSignal>,
    /// `onProgress(loaded, total)` of the body's upload: the request then
    /// goes through XMLHttpRequest, as `fetch` cannot report it.
    pub progress: Option<&'a Function>,
}

#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
export function xhrFetch(url, init, onProgress) {
  return new Promise((resolve, reject) => {
    const signal = init.signal;
    if (signal && signal.aborted) return reject(new DOMException('The request was aborted', 'AbortError'));
    const xhr = new XMLHttpRequest();
    xhr.open(init.method, url);
    xhr.responseType = 'arraybuffer';
    init.headers.forEach((value, name) => xhr.setRequestHeader(name, value));
    const size = init.body && typeof init.body.size === 'number' ? init.body.size : 0;
    xhr.upload.onprogress = (e) => {
      try { onProgress(e.loaded, e.lengthComputable ? e.total : size); } catch (err) { console.error(err); }
    };
    xhr.onload = () => {
      const headers = new Headers();
      for (const line of xhr.getAllResponseHeaders().split('\r\n')) {
        const i = line.indexOf(':');
        if (i > 0) headers.append(line.slice(0, i).trim(), line.slice(i + 1).trim());
      }
      const empty = xhr.status === 204 || xhr.status === 205 || xhr.status === 304;
      resolve(new Response(empty ? null : xhr.response, { status: xhr.status, statusText: xhr.statusText, headers }));
    };
    xhr.onerror = () => reject(new TypeError('Failed to fetch (XMLHttpRequest)'));
    xhr.onabort = () => reject(new DOMException('The request was aborted', 'AbortError'));
    if (signal) signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(init.body);
  });
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = xhrFetch)]
    fn xhr_fetch(url: &str, init: &RequestInit, on_progress: &Function) -> Promise;
}

impl Fetcher {
    pub fn new(custom: Option<Function>) -> Fetcher {
        Fetcher { custom }
    }

    /// [`send`](Self::send) with owned headers, started now: the request
    /// is built (and handed to `fetch`) before the future is first polled.
    pub fn send_owned(
        &self,
        method: &str,
        url: &str,
        headers: Vec<(String, String)>,
        body: Option<&JsValue>,
        signal: &AbortSignal,
        progress: Option<&Function>,
    ) -> impl std::future::Future<Output = Result<Response, Error>> {
        let pairs: Vec<(&str, &str)> = headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let started = self.start(Outgoing {
            method,
            url,
            headers: &pairs,
            body,
            signal: Some(signal),
            progress,
        });
        let signal = signal.clone();
        async move {
            let promise = started?;
            let response = JsFuture::from(promise)
                .await
                .map_err(|e| map_error(&e, Some(&signal)))?;
            response.dyn_into::<Response>().map_err(|_| Error::Network {
                message: "fetch did not resolve to a Response".into(),
            })
        }
    }

    pub async fn send(&self, req: Outgoing<'_>) -> Result<Response, Error> {
        let signal = req.signal.cloned();
        let promise = self.start(req)?;
        let response = JsFuture::from(promise)
            .await
            .map_err(|e| map_error(&e, signal.as_ref()))?;
        response.dyn_into::<Response>().map_err(|_| Error::Network {
            message: "fetch did not resolve to a Response".into(),
        })
    }

    /// Calls `fetch` now; its promise.
    fn start(&self, req: Outgoing<'_>) -> Result<Promise, Error> {
        if req.signal.is_some_and(AbortSignal::aborted) {
            return Err(Error::Aborted);
        }
        let init = RequestInit::new();
        init.set_method(req.method);
        // Keys travel in a header; cookies are never needed.
        init.set_credentials(RequestCredentials::Omit);
        let headers = Headers::new().map_err(|e| network(&e))?;
        for (name, value) in req.headers {
            headers.set(name, value).map_err(|e| network(&e))?;
        }
        init.set_headers(&headers);
        if let Some(body) = req.body {
            init.set_body(body);
        }
        if let Some(signal) = req.signal {
            init.set_signal(Some(signal));
        }
        if let Some(on_progress) = req.progress {
            return Ok(xhr_fetch(req.url, &init, on_progress));
        }
        let global = js_sys::global();
        let (func, this) = match &self.custom {
            Some(f) => (f.clone(), JsValue::UNDEFINED),
            None => {
                let f = Reflect::get(&global, &"fetch".into())
                    .ok()
                    .and_then(|f| f.dyn_into::<Function>().ok())
                    .ok_or_else(|| Error::Network {
                        message: "fetch is not available in this environment".into(),
                    })?;
                (f, global.into())
            }
        };
        let promise = func
            .call2(&this, &JsValue::from_str(req.url), &init)
            .map_err(|e| map_error(&e, req.signal))?;
        promise.dyn_into().map_err(|_| Error::Network {
            message: "fetch did not return a Promise".into(),
        })
    }
}

fn network(e: &JsValue) -> Error {
    Error::Network {
        message: js_message(e),
    }
}

/// A rejected fetch or body read: ours if the signal fired, else the network's.
pub fn map_error(e: &JsValue, signal: Option<&AbortSignal>) -> Error {
    if is_abort_error(e) || signal.is_some_and(AbortSignal::aborted) {
        Error::Aborted
    } else {
        network(e)
    }
}

pub fn header(resp: &Response, name: &str) -> Option<String> {
    resp.headers().get(name).ok().flatten()
}

/// The whole body as bytes.
pub async fn read_bytes(resp: &Response, signal: Option<&AbortSignal>) -> Result<Vec<u8>, Error> {
    let promise = resp.array_buffer().map_err(|e| map_error(&e, signal))?;
    let buf = JsFuture::from(promise)
        .await
        .map_err(|e| map_error(&e, signal))?;
    Ok(Uint8Array::new(&buf).to_vec())
}
