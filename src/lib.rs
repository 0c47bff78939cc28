//! tavora-wasm: the browser SDK for the Tavora agent platform's `/api/sdk/*` API.
//!
//! Pure cores (no web-sys; tested natively): [`sse`], [`auth`], [`url`],
//! [`error`], [`time`]. The browser layer (`web`, `js`) sits on top.

pub mod auth;
pub mod error;
pub mod sse;
pub mod time;
pub mod url;

pub use error::{Error, HttpError, StreamFailure};
