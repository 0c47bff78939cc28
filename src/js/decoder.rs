//! `SseDecoder` for JS: bytes in, `{event, data, id, retry?}` objects out.

use super::errors::to_js;
use crate::error::{Error, StreamFailure};
use crate::sse::{Decoder, SseEventRef};
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_name = SseDecoder)]
pub struct JsSseDecoder {
    decoder: Decoder,
    chunk: Vec<u8>,
}

fn to_object(ev: &SseEventRef<'_>) -> JsValue {
    let obj = Object::new();
    let _ = Reflect::set(&obj, &"event".into(), &JsValue::from_str(ev.event));
    let _ = Reflect::set(&obj, &"data".into(), &JsValue::from_str(ev.data));
    let _ = Reflect::set(&obj, &"id".into(), &JsValue::from_str(ev.id));
    if let Some(r) = ev.retry {
        let _ = Reflect::set(&obj, &"retry".into(), &JsValue::from(r));
    }
    obj.into()
}

fn malformed(e: crate::sse::SseError) -> JsValue {
    to_js(Error::Stream(StreamFailure::Malformed {
        message: e.to_string(),
    }))
}

#[wasm_bindgen(js_class = SseDecoder)]
impl JsSseDecoder {
    /// `maxEventSize` defaults to 32 MiB.
    #[wasm_bindgen(constructor)]
    pub fn new(max_event_size: Option<f64>) -> Result<JsSseDecoder, JsValue> {
        let decoder = match max_event_size {
            None => Decoder::new(),
            Some(n) if n.is_finite() && n >= 1.0 => Decoder::with_max_event_size(n as usize),
            Some(_) => {
                return Err(to_js(Error::invalid(
                    "maxEventSize must be a positive number",
                )))
            }
        };
        Ok(JsSseDecoder {
            decoder,
            chunk: Vec::new(),
        })
    }

    /// Feeds bytes; returns the events they complete, in order.
    pub fn push(&mut self, bytes: &Uint8Array) -> Result<Array, JsValue> {
        let len = bytes.length() as usize;
        self.chunk.resize(len, 0);
        bytes.copy_to(&mut self.chunk);
        let out = Array::new();
        self.decoder
            .push_borrowed(&self.chunk, &mut |ev| {
                out.push(&to_object(&ev));
            })
            .map_err(malformed)?;
        Ok(out)
    }

    /// End of stream: an unterminated last block is discarded.
    pub fn finish(&mut self) -> Result<Array, JsValue> {
        let events = self.decoder.finish().map_err(malformed)?;
        let out = Array::new();
        for ev in &events {
            out.push(&to_object(&SseEventRef {
                event: &ev.event,
                data: &ev.data,
                id: &ev.id,
                retry: ev.retry,
            }));
        }
        Ok(out)
    }

    /// The last event ID in force (`""` if never set).
    #[wasm_bindgen(getter, js_name = lastEventId)]
    pub fn last_event_id(&self) -> String {
        self.decoder.last_event_id().to_string()
    }
}
