//! JS methods: prompt templates.

use super::{input, send};
use crate::api::templates::calls;
use crate::js::args;
use crate::js::client::JsClient;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = TavoraClient)]
impl JsClient {
    #[wasm_bindgen(js_name = listPromptTemplates)]
    pub fn list_prompt_templates(&self) -> Promise {
        send(&self.client, Ok(calls::list_prompt_templates()))
    }

    /// `{ name, content, variables? }`.
    #[wasm_bindgen(js_name = createPromptTemplate)]
    pub fn create_prompt_template(&self, input_: JsValue) -> Promise {
        let call = input(&input_, "createPromptTemplate input")
            .and_then(calls::create_prompt_template_body);
        send(&self.client, call)
    }

    #[wasm_bindgen(js_name = getPromptTemplate)]
    pub fn get_prompt_template(&self, id: JsValue) -> Promise {
        let call = args::string(&id, "template id").and_then(|id| calls::get_prompt_template(&id));
        send(&self.client, call)
    }

    /// `{ name, content, variables? }` (name and content are required).
    #[wasm_bindgen(js_name = updatePromptTemplate)]
    pub fn update_prompt_template(&self, id: JsValue, input_: JsValue) -> Promise {
        let call = (|| {
            let id = args::string(&id, "template id")?;
            let i = input(&input_, "updatePromptTemplate input")?;
            calls::update_prompt_template_body(&id, i)
        })();
        send(&self.client, call)
    }

    #[wasm_bindgen(js_name = deletePromptTemplate)]
    pub fn delete_prompt_template(&self, id: JsValue) -> Promise {
        let call =
            args::string(&id, "template id").and_then(|id| calls::delete_prompt_template(&id));
        send(&self.client, call)
    }
}
