//! The JS methods of `TavoraClient`, one file per API area (each adds an
//! `impl JsClient` block to the one exported class).

pub mod agents;
pub mod project;
