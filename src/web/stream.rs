//! Reading a `text/event-stream` body: chunks from the ReadableStream
//! reader, through the SSE decoder, out as events one at a time.

use super::fetch::map_error;
use crate::error::{Error, StreamFailure};
use crate::sse::{Decoder, SseEvent};
use js_sys::{Reflect, Uint8Array};
use std::collections::VecDeque;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, ReadableStreamDefaultReader, Response};

pub struct EventStream {
    reader: ReadableStreamDefaultReader,
    watch: IdleWatch,
    idle_ms: f64,
    events: u64,
    decoder: Decoder,
    signal: Option<AbortSignal>,
    ready: VecDeque<SseEvent>,
    chunk: Vec<u8>,
    ended: bool,
    /// Bytes read so far: a 401 retry is only safe while this is 0.
    pub bytes_read: u64,
}

impl EventStream {
    pub fn new(
        resp: &Response,
        signal: Option<AbortSignal>,
        max_event_size: usize,
        idle_ms: f64,
    ) -> Result<EventStream, Error> {
        let reader = body_reader(resp)?;
        Ok(EventStream {
            watch: IdleWatch::new(&reader, idle_ms),
            idle_ms,
            events: 0,
            reader,
            decoder: Decoder::with_max_event_size(max_event_size),
            signal,
            ready: VecDeque::new(),
            chunk: Vec::new(),
            ended: false,
            bytes_read: 0,
        })
    }

    fn aborted(&self) -> bool {
        self.signal.as_ref().is_some_and(AbortSignal::aborted)
    }

    /// The next event; `Ok(None)` when the body ended (any unterminated
    /// last block is discarded, as the spec says).
    pub async fn next_event(&mut self) -> Result<Option<SseEvent>, Error> {
        loop {
            if self.aborted() {
                self.cancel();
                return Err(Error::Aborted);
            }
            if let Some(ev) = self.ready.pop_front() {
                self.events += 1;
                return Ok(Some(ev));
            }
            if self.ended {
                return Ok(None);
            }
            let result = JsFuture::from(self.reader.read())
                .await
                .map_err(|e| map_error(&e, self.signal.as_ref()))?;
            if self.watch.idle() {
                self.ended = true;
                return Err(Error::Stream(StreamFailure::IdleTimeout {
                    after_ms: self.idle_ms,
                    events_received: self.events,
                }));
            }
            self.watch.touch();
            let done = Reflect::get(&result, &"done".into())
                .ok()
                .and_then(|d| d.as_bool())
                .unwrap_or(true);
            let ready = &mut self.ready;
            if done {
                self.ended = true;
                // A last block whose lines all ended but whose blank line
                // never came is delivered (the official SDKs do).
                self.decoder
                    .finish_accepting_unterminated_block(&mut |ev| ready.push_back(ev.to_event()))
                    .map_err(malformed)?;
                continue;
            }
            let value: JsValue =
                Reflect::get(&result, &"value".into()).unwrap_or(JsValue::UNDEFINED);
            let Ok(bytes) = value.dyn_into::<Uint8Array>() else {
                return Err(Error::Stream(StreamFailure::Malformed {
                    message: "the body stream yielded something other than bytes".into(),
                }));
            };
            // Reuse one buffer for every chunk: no allocation per read.
            let len = bytes.length() as usize;
            self.chunk.resize(len, 0);
            bytes.copy_to(&mut self.chunk);
            self.bytes_read += len as u64;
            if let Err(e) = self
                .decoder
                .push_with(&self.chunk, &mut |ev| ready.push_back(ev))
            {
                self.cancel();
                return Err(malformed(e));
            }
        }
    }

    /// Puts events back at the front of the queue, in order (the lines of
    /// a multi-line `data` delivered one by one).
    pub fn unread(&mut self, events: Vec<SseEvent>) {
        for ev in events.into_iter().rev() {
            self.ready.push_front(ev);
        }
    }

    /// Stops reading; the browser closes the connection, which the server sees.
    pub fn cancel(&mut self) {
        if !self.ended {
            self.ended = true;
            cancel_quietly(&self.reader);
        }
        self.ready.clear();
    }
}

impl Drop for EventStream {
    fn drop(&mut self) {
        self.watch.stop();
        self.cancel();
    }
}

/// `reader.cancel()`, whose promise rejects when the body already failed
/// (an abort): that rejection is expected, so it is consumed here rather
/// than surfacing as an unhandled rejection.
pub fn cancel_quietly(reader: &ReadableStreamDefaultReader) {
    let promise = reader.cancel();
    wasm_bindgen_futures::spawn_local(async move {
        let _ = JsFuture::from(promise).await;
    });
}

#[wasm_bindgen(inline_js = r#"
export class IdleWatch {
  constructor(reader, ms) {
    this.last = Date.now();
    this.idle = false;
    // One coarse timer per stream, not one per read: a read only stamps
    // the time. Cancelling the reader ends the pending read (done).
    this.timer = ms > 0 ? setInterval(() => {
      if (Date.now() - this.last >= ms) {
        this.idle = true;
        clearInterval(this.timer);
        reader.cancel().catch(() => {});
      }
    }, Math.max(50, Math.min(ms / 4, 1000))) : 0;
  }
  touch() { this.last = Date.now(); }
  stop() { clearInterval(this.timer); }
}
export async function readChunks(reader, onChunk, watch) {
  try {
    for (;;) {
      const r = await reader.read();
      if (watch.idle) return 2;
      if (r.done) return 1;
      watch.last = Date.now();
      if (!onChunk(r.value)) return 0;
    }
  } finally {
    watch.stop();
  }
}
"#)]
extern "C" {
    /// Closes a stream that sends no byte for `ms` (SSE comments are bytes).
    pub type IdleWatch;
    #[wasm_bindgen(constructor)]
    pub fn new(reader: &ReadableStreamDefaultReader, ms: f64) -> IdleWatch;
    /// Whether the silence ran out (and the reader was cancelled).
    #[wasm_bindgen(method, getter)]
    pub fn idle(this: &IdleWatch) -> bool;
    /// A chunk arrived.
    #[wasm_bindgen(method)]
    pub fn touch(this: &IdleWatch);
    #[wasm_bindgen(method)]
    pub fn stop(this: &IdleWatch);

    /// Reads `reader` to its end, handing each chunk to `onChunk`
    /// synchronously; resolves `true` at the end of the body, `false` when
    /// `onChunk` asked to stop, and rejects when a read fails (abort,
    /// network). One promise for the whole body: a per-chunk `await` in
    /// Rust costs a closure pair per read, which dominated small chunks.
    #[wasm_bindgen(js_name = readChunks)]
    fn read_chunks_js(
        reader: &ReadableStreamDefaultReader,
        on_chunk: &JsValue,
        watch: &IdleWatch,
    ) -> js_sys::Promise;
}

/// The body's reader, or `stream_interrupted` when there is no body.
pub fn body_reader(resp: &Response) -> Result<ReadableStreamDefaultReader, Error> {
    let body = resp
        .body()
        .ok_or(Error::Stream(StreamFailure::Interrupted {
            events_received: 0,
        }))?;
    body.get_reader()
        .dyn_into::<ReadableStreamDefaultReader>()
        .map_err(|_| Error::Network {
            message: "the response body could not be read as a stream".into(),
        })
}

/// How reading a body ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadEnd {
    /// The body ended.
    Ended,
    /// `on_chunk` stopped it (the reader is cancelled, closing the connection).
    Stopped,
    /// No byte came for the idle timeout (the reader is cancelled).
    Idle,
}

/// Feeds every chunk of `reader` to `on_chunk` (which returns whether to
/// go on), closing the stream after `idle_ms` of silence (0: never).
pub async fn read_chunks(
    reader: &ReadableStreamDefaultReader,
    on_chunk: &Closure<dyn FnMut(Uint8Array) -> bool>,
    signal: Option<&AbortSignal>,
    idle_ms: f64,
) -> Result<ReadEnd, Error> {
    let watch = IdleWatch::new(reader, idle_ms);
    let ended = JsFuture::from(read_chunks_js(reader, on_chunk.as_ref(), &watch))
        .await
        .map_err(|e| map_error(&e, signal))?;
    // readChunks answers 1 (ended), 0 (stopped) or 2 (idle).
    let code = ended.as_f64().unwrap_or(1.0) as u8;
    Ok(match code {
        2 => ReadEnd::Idle,
        0 => {
            cancel_quietly(reader);
            ReadEnd::Stopped
        }
        _ => ReadEnd::Ended,
    })
}

pub(crate) fn malformed(e: crate::sse::SseError) -> Error {
    Error::Stream(StreamFailure::Malformed {
        message: e.to_string(),
    })
}
