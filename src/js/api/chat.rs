//! JS methods: stateless chat completions.

use super::{input, send};
use crate::api::chat::{calls, ChatCompletionRequest};
use crate::js::client::JsClient;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = TavoraClient)]
impl JsClient {
    /// `{ model?, messages: [{ role, content }], use_rag?, index_id? }`.
    #[wasm_bindgen(js_name = chatCompletion)]
    pub fn chat_completion(&self, input_: JsValue) -> Promise {
        let call = input::<ChatCompletionRequest>(&input_, "chatCompletion input")
            .and_then(|i| calls::chat_completion(&i));
        send(&self.client, call)
    }
}
