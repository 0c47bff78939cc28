//! JS methods: agent sessions and input requests (`runAgent` lives with
//! the client, beside the stream pump).

use super::input as object;
use crate::api::agents::calls;
use crate::js::args;
use crate::js::client::{json, list_options, promise, rejected, JsClient};
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = TavoraClient)]
impl JsClient {
    #[wasm_bindgen(js_name = getAgentSystemPrompt)]
    pub fn get_agent_system_prompt(&self) -> Promise {
        promise(json(self.client.clone(), calls::get_agent_system_prompt()))
    }

    #[wasm_bindgen(js_name = createAgentSession)]
    pub fn create_agent_session(&self, input: JsValue) -> Promise {
        match object(&input, "createAgentSession input").and_then(calls::create_agent_session_body)
        {
            Ok(call) => promise(json(self.client.clone(), call)),
            Err(e) => rejected(e),
        }
    }

    #[wasm_bindgen(js_name = listAgentSessions)]
    pub fn list_agent_sessions(&self, options: JsValue) -> Promise {
        match list_options(&options).and_then(calls::list_agent_sessions) {
            Ok(call) => promise(json(self.client.clone(), call)),
            Err(e) => rejected(e),
        }
    }

    #[wasm_bindgen(js_name = getAgentSession)]
    pub fn get_agent_session(&self, id: JsValue) -> Promise {
        match args::string(&id, "session id").and_then(|id| calls::get_agent_session(&id)) {
            Ok(call) => promise(json(self.client.clone(), call)),
            Err(e) => rejected(e),
        }
    }

    #[wasm_bindgen(js_name = deleteAgentSession)]
    pub fn delete_agent_session(&self, id: JsValue) -> Promise {
        match args::string(&id, "session id").and_then(|id| calls::delete_agent_session(&id)) {
            Ok(call) => promise(json(self.client.clone(), call)),
            Err(e) => rejected(e),
        }
    }

    /// Answers a paused `input_request` (`value`: a boolean for confirm,
    /// one of the options for choice, a string for text).
    #[wasm_bindgen(js_name = respondToAgentInput)]
    pub fn respond_to_agent_input(
        &self,
        session_id: JsValue,
        request_id: JsValue,
        value: JsValue,
    ) -> Promise {
        let call = (|| {
            let id = args::string(&session_id, "session id")?;
            let rid = args::string(&request_id, "request id")?;
            let value = args::json_value(&value, "value")?;
            calls::respond_to_agent_input(&id, &rid, &value)
        })();
        match call {
            Ok(call) => promise(json(self.client.clone(), call)),
            Err(e) => rejected(e),
        }
    }
}
