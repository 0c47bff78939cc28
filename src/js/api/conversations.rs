//! JS methods: stored conversations.

use super::{input, options, send};
use crate::api::conversations::calls;
use crate::js::args;
use crate::js::client::{list_options, JsClient};
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = TavoraClient)]
impl JsClient {
    /// `{ title?, system_prompt?, model?, metadata? }` (all optional).
    #[wasm_bindgen(js_name = createConversation)]
    pub fn create_conversation(&self, input_: JsValue) -> Promise {
        let call =
            input(&input_, "createConversation input").and_then(calls::create_conversation_body);
        send(&self.client, call)
    }

    /// `{ limit?, offset? }` (default 50 / 0); resolves to the array.
    #[wasm_bindgen(js_name = listConversations)]
    pub fn list_conversations(&self, opts: JsValue) -> Promise {
        let call = options(&opts, "options")
            .and_then(|_| list_options(&opts))
            .and_then(calls::list_conversations);
        send(&self.client, call)
    }

    /// Resolves to `{ conversation, messages, token_usage }`.
    #[wasm_bindgen(js_name = getConversation)]
    pub fn get_conversation(&self, id: JsValue) -> Promise {
        let call = args::string(&id, "conversation id").and_then(|id| calls::get_conversation(&id));
        send(&self.client, call)
    }

    #[wasm_bindgen(js_name = deleteConversation)]
    pub fn delete_conversation(&self, id: JsValue) -> Promise {
        let call =
            args::string(&id, "conversation id").and_then(|id| calls::delete_conversation(&id));
        send(&self.client, call)
    }

    /// `{ content, use_rag?, index_id? }`.
    #[wasm_bindgen(js_name = sendMessage)]
    pub fn send_message(&self, id: JsValue, input_: JsValue) -> Promise {
        let call = (|| {
            let id = args::string(&id, "conversation id")?;
            calls::send_message_body(&id, input(&input_, "sendMessage input")?)
        })();
        send(&self.client, call)
    }
}
