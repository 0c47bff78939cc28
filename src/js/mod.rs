//! The JavaScript surface: thin wrappers that read JS arguments, call the
//! Rust client, and hand back JS values. No decisions are made here.

pub mod api;
pub mod args;
pub mod call_options;
pub mod client;
pub mod decoder;
pub mod errors;
pub mod stream;

use wasm_bindgen::prelude::*;

/// Runs once when the module is instantiated: a Rust panic, should one
/// ever happen, then reaches the console with its message instead of an
/// opaque `unreachable`. The npm package's build traps at once on a panic
/// (`panic=immediate-abort`, scripts/lib/release-build.sh), where no hook runs.
#[wasm_bindgen(start)]
pub fn start() {
    #[cfg(not(panic = "immediate-abort"))]
    console_error_panic_hook::set_once();
}

/// Bytes of linear memory the module holds: for a memory dashboard, and
/// for the benchmarks' memory-growth measurement.
#[wasm_bindgen(js_name = wasmMemoryBytes)]
pub fn wasm_memory_bytes() -> f64 {
    use wasm_bindgen::JsCast;
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| f64::from(js_sys::ArrayBuffer::from(m.buffer()).byte_length()))
        .unwrap_or(0.0)
}
