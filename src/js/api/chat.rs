//! JS methods: stateless chat completions.

use super::{input, send};
use crate::api::chat::calls;
use crate::js::client::JsClient;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = TavoraClient)]
impl JsClient {
    /// `{ model?, messages: [{ role, content }], use_rag?, index_id? }`.
    #[wasm_bindgen(js_name = chatCompletion)]
    pub fn chat_completion(&self, input_: JsValue) -> Promise {
        let call = input(&input_, "chatCompletion input").and_then(calls::chat_completion_body);
        send(&self.client, call)
    }
}
