//! The JS run loop: events to `onEvent(name, payload)` as their bytes
//! arrive, payloads parsed by the engine's own `JSON.parse`, the promise
//! settled by the terminal event.
//!
//! Chunks are pushed into the decoder from one JS read loop
//! (`web::stream::read_chunks`) and every event is dispatched while the
//! decoder lends it, so a chunk costs one call into wasm and an event no
//! Rust allocation.

use super::errors::to_js;
use crate::error::{Error, StreamFailure};
use crate::run::{error_message, json_lines, terminal, Terminal};
use crate::sse::{Decoder, SseEventRef};
use crate::web::js_message;
use crate::web::stream::{body_reader, malformed, read_chunks, ReadEnd};
use js_sys::{Function, Object, Reflect, Uint8Array};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{AbortSignal, Response};

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

struct Pump {
    decoder: Decoder,
    chunk: Vec<u8>,
    sink: Sink,
}

/// Where decoded events go (apart from the decoder, so both can be
/// borrowed at once).
struct Sink {
    on_event: Function,
    signal: Option<AbortSignal>,
    received: u64,
    /// Set once the run is decided; later events are not delivered.
    outcome: Option<Result<JsValue, JsValue>>,
    /// The last event name, reused while the stream repeats it.
    name: (String, JsValue),
}

impl Sink {
    fn aborted(&self) -> bool {
        self.signal.as_ref().is_some_and(AbortSignal::aborted)
    }

    fn name(&mut self, event: &str) -> JsValue {
        if self.name.0 != event {
            self.name = (event.to_string(), JsValue::from_str(event));
        }
        self.name.1.clone()
    }

    /// Delivers one event; decides the run on a terminal event, an abort
    /// or an exception from the callback.
    fn dispatch(&mut self, ev: SseEventRef<'_>) {
        if self.outcome.is_some() {
            return;
        }
        if self.aborted() {
            self.outcome = Some(Err(to_js(Error::Aborted)));
            return;
        }
        self.received += 1;
        let name = self.name(ev.event);
        let payload = match js_sys::JSON::parse(ev.data) {
            Ok(p) => p,
            Err(_) if ev.data.contains('\n') && self.split(ev) => return,
            Err(e) => {
                // Not dropped: the caller sees the raw frame and why it failed.
                let info = Object::new();
                let _ = Reflect::set(&info, &"event".into(), &name);
                let _ = Reflect::set(&info, &"raw".into(), &JsValue::from_str(ev.data));
                let _ = Reflect::set(&info, &"error".into(), &JsValue::from_str(&js_message(&e)));
                if let Err(exc) = self
                    .on_event
                    .call2(&JsValue::NULL, &"parse_error".into(), &info)
                {
                    self.outcome = Some(Err(exc));
                }
                return;
            }
        };
        if let Err(exc) = self.on_event.call2(&JsValue::NULL, &name, &payload) {
            self.outcome = Some(Err(exc));
            return;
        }
        let kind = if payload.is_object() {
            get(&payload, "type").as_string()
        } else {
            None
        };
        match terminal(ev.event, kind.as_deref()) {
            Terminal::No => {}
            Terminal::Done => {
                let summary = get(&payload, "summary");
                self.outcome = Some(Ok(if summary.is_object() {
                    summary
                } else {
                    Object::new().into()
                }));
            }
            Terminal::Error => {
                let content = get(&payload, "content").as_string();
                let err = to_js(Error::Stream(StreamFailure::AgentError {
                    message: error_message(content.as_deref()),
                    payload: serde_json::Value::Null,
                }));
                // The payload as the engine parsed it, unknown fields and all.
                let details = get(&err, "details");
                let _ = Reflect::set(&details, &"payload".into(), &payload);
                self.outcome = Some(Err(err));
            }
        }
    }
}

impl Sink {
    /// Delivers each line of a multi-line `data` as its own event when each
    /// is JSON (`run::json_lines`); whether it did.
    fn split(&mut self, ev: SseEventRef<'_>) -> bool {
        let Some(lines) = json_lines(ev.data, |l| js_sys::JSON::parse(l).is_ok()) else {
            return false;
        };
        self.received -= 1;
        for data in lines {
            self.dispatch(SseEventRef { data, ..ev });
        }
        true
    }
}

impl Pump {
    /// Takes one chunk; returns whether to read on.
    fn push(&mut self, bytes: &Uint8Array) -> bool {
        if self.sink.outcome.is_some() {
            return false;
        }
        // One buffer for every chunk: no allocation per read.
        self.chunk.resize(bytes.length() as usize, 0);
        bytes.copy_to(&mut self.chunk);
        let sink = &mut self.sink;
        let result = self
            .decoder
            .push_borrowed(&self.chunk, &mut |ev| sink.dispatch(ev));
        if let Err(e) = result {
            if sink.outcome.is_none() {
                sink.outcome = Some(Err(to_js(malformed(e))));
            }
        }
        sink.outcome.is_none()
    }
}

/// Streams `resp` into `on_event`. Resolves with the `done` summary (or
/// `{}`); rejects with a `TavoraApiError` for an `error` event, a cut
/// stream or an abort, and with the callback's own exception if it throws
/// (the connection is closed first, so nothing more arrives).
pub async fn pump(
    resp: Response,
    signal: Option<AbortSignal>,
    max_event_size: usize,
    idle_ms: f64,
    on_event: Function,
) -> Result<JsValue, JsValue> {
    let reader = body_reader(&resp).map_err(to_js)?;
    let state = Rc::new(RefCell::new(Pump {
        decoder: Decoder::with_max_event_size(max_event_size),
        chunk: Vec::new(),
        sink: Sink {
            on_event,
            signal: signal.clone(),
            received: 0,
            outcome: None,
            name: (String::new(), JsValue::UNDEFINED),
        },
    }));
    let feeder = state.clone();
    let on_chunk = Closure::<dyn FnMut(Uint8Array) -> bool>::new(move |bytes: Uint8Array| {
        // A callback cannot re-enter this closure (it runs between reads),
        // so the borrow is never contended.
        feeder
            .try_borrow_mut()
            .map(|mut p| p.push(&bytes))
            .unwrap_or(false)
    });
    let read = read_chunks(&reader, &on_chunk, signal.as_ref(), idle_ms).await;
    let mut state = state.borrow_mut();
    let Pump { decoder, sink, .. } = &mut *state;
    if matches!(read, Ok(ReadEnd::Ended)) && sink.outcome.is_none() {
        // A last block whose lines all ended, but whose blank line never
        // came (`event: done`, `data: …`, EOF), is delivered.
        let _ = decoder.finish_accepting_unterminated_block(&mut |ev| sink.dispatch(ev));
    }
    if let Some(outcome) = sink.outcome.take() {
        return outcome;
    }
    match read {
        Err(e) => Err(to_js(e)),
        Ok(ReadEnd::Idle) => Err(to_js(Error::Stream(StreamFailure::IdleTimeout {
            after_ms: idle_ms,
            events_received: sink.received,
        }))),
        Ok(_) if sink.aborted() => Err(to_js(Error::Aborted)),
        Ok(_) => Err(to_js(Error::Stream(StreamFailure::Interrupted {
            events_received: sink.received,
        }))),
    }
}
