//! The JavaScript surface: thin wrappers that read JS arguments, call the
//! Rust client, and hand back JS values. No decisions are made here.

pub mod api;
pub mod args;
pub mod client;
pub mod decoder;
pub mod errors;
pub mod stream;

use wasm_bindgen::prelude::*;

/// Runs once when the module is instantiated: a Rust panic, should one
/// ever happen, then reaches the console with its message instead of an
/// opaque `unreachable`.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}
