//! Browser tests: the real SDK in headless Chromium against the dev server
//! (started by `scripts/browser-tests.sh`, URL compiled in).
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod support;

mod json;
mod keys;
mod resilience;
mod runs;
mod smoke;

mod api_audit;
mod api_chat;
mod api_common;
mod api_configs;
mod api_conversations;
mod api_documents;
mod api_evals;
mod api_indexes;
mod api_scheduled;
mod api_skills;
mod api_source;
mod api_studio;
mod api_templates;
mod api_vaults;
