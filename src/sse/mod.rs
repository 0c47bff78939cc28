//! Server-sent events: an incremental decoder for `text/event-stream` bodies.
//!
//! The SDK reads agent runs over streaming `fetch` (not `EventSource`, which
//! cannot POST or send `X-API-Key`), so it has to interpret the byte stream
//! itself. [`Decoder`] implements the WHATWG HTML "event stream
//! interpretation" algorithm exactly, byte chunk by byte chunk, independent of
//! how the network happens to split the body. It is pure `std` Rust so it is
//! tested natively and reused unchanged by the wasm layer.
//!
//! ```
//! use tavora_wasm::sse::Decoder;
//!
//! let mut decoder = Decoder::new();
//! let mut events = decoder.push(b"event: step\ndata: {\"n\":").unwrap();
//! events.extend(decoder.push(b"1}\n\n").unwrap());
//! assert_eq!(events.len(), 1);
//! assert_eq!(events[0].event, "step");
//! assert_eq!(events[0].data, "{\"n\":1}");
//! ```

mod decoder;

pub use decoder::{
    Decoder, SseError, SseEvent, SseEventRef, DEFAULT_MAX_EVENT_SIZE, RETRY_HISTORY_CAP,
};

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
