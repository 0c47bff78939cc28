//! Browser tests: the real SDK in headless Chromium against the dev server
//! (started by `scripts/browser-tests.sh`, URL compiled in).
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod support;

mod keys;
mod runs;
mod smoke;
