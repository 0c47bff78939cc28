//! tavora-wasm: the browser SDK for the Tavora agent platform's `/api/sdk/*` API.
//!
//! Pure cores (no web-sys; tested natively): [`sse`], [`auth`], [`url`],
//! [`error`], [`time`]. The browser layer (`web`, `js`) sits on top.

pub mod api;
pub mod auth;
pub mod call;
pub mod endpoints;
pub mod error;
pub mod events;
pub mod json;
pub mod multipart;
pub mod request_options;
pub mod retry;
pub mod run;
pub mod sse;
pub mod time;
pub mod url;

pub use error::{Error, HttpError, StreamFailure};
pub use events::EventKind;

#[cfg(target_arch = "wasm32")]
pub mod client;
#[cfg(target_arch = "wasm32")]
pub mod web;

#[cfg(target_arch = "wasm32")]
pub use client::{Client, ExchangeOptions, StorageKind};
#[cfg(target_arch = "wasm32")]
pub mod js;

/// The npm package's allocator: talc, which is smaller than the default
/// dlmalloc in the wasm and grows linear memory the same way.
#[cfg(all(target_arch = "wasm32", feature = "global-allocator"))]
#[global_allocator]
// SAFETY: the wasm module is single-threaded (no shared memory), which is
// what `TalckWasm`'s lock-free global handle requires.
static ALLOC: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };
