//! The JS run loop: events to `onEvent(name, payload)` as they arrive,
//! payloads parsed by the engine's own `JSON.parse`, the promise settled
//! by the terminal event.

use super::errors::to_js;
use crate::error::{Error, StreamFailure};
use crate::run::{error_message, terminal, Terminal};
use crate::web::stream::EventStream;
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::JsValue;

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Pumps `stream` into `on_event`. Resolves with the `done` summary (or
/// `{}`); rejects with a `TavoraApiError` for an `error` event, a cut
/// stream or an abort, and with the callback's own exception if it throws
/// (the stream is cancelled first, so nothing more arrives).
pub async fn pump(mut stream: EventStream, on_event: Function) -> Result<JsValue, JsValue> {
    let mut received = 0u64;
    while let Some(ev) = stream.next_event().await.map_err(to_js)? {
        received += 1;
        let name = JsValue::from_str(&ev.event);
        let payload = match js_sys::JSON::parse(&ev.data) {
            Ok(p) => p,
            Err(e) => {
                // Not dropped: the caller sees the raw frame and why it failed.
                let info = Object::new();
                let _ = Reflect::set(&info, &"event".into(), &name);
                let _ = Reflect::set(&info, &"raw".into(), &JsValue::from_str(&ev.data));
                let _ = Reflect::set(
                    &info,
                    &"error".into(),
                    &JsValue::from_str(&super::super::web::js_message(&e)),
                );
                if let Err(exc) = on_event.call2(&JsValue::NULL, &"parse_error".into(), &info) {
                    stream.cancel();
                    return Err(exc);
                }
                continue;
            }
        };
        if let Err(exc) = on_event.call2(&JsValue::NULL, &name, &payload) {
            stream.cancel();
            return Err(exc);
        }
        let kind = if payload.is_object() {
            get(&payload, "type").as_string()
        } else {
            None
        };
        match terminal(&ev.event, kind.as_deref()) {
            Terminal::No => {}
            Terminal::Done => {
                stream.cancel();
                let summary = get(&payload, "summary");
                return Ok(if summary.is_object() {
                    summary
                } else {
                    Object::new().into()
                });
            }
            Terminal::Error => {
                stream.cancel();
                let content = get(&payload, "content").as_string();
                let err = to_js(Error::Stream(StreamFailure::AgentError {
                    message: error_message(content.as_deref()),
                    payload: serde_json::Value::Null,
                }));
                // The payload as the engine parsed it, unknown fields and all.
                if let Ok(details) = Reflect::get(&err, &"details".into()) {
                    let _ = Reflect::set(&details, &"payload".into(), &payload);
                }
                return Err(err);
            }
        }
    }
    Err(to_js(Error::Stream(StreamFailure::Interrupted {
        events_received: received,
    })))
}
