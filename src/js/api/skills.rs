//! JS methods: skills, the skill linter and the authoring guide.

use super::{input, send, text};
use crate::api::skills::calls;
use crate::js::args;
use crate::js::client::{promise, JsClient};
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = TavoraClient)]
impl JsClient {
    #[wasm_bindgen(js_name = listSkills)]
    pub fn list_skills(&self) -> Promise {
        send(&self.client, Ok(calls::list_skills()))
    }

    #[wasm_bindgen(js_name = getSkill)]
    pub fn get_skill(&self, id: JsValue) -> Promise {
        let call = args::string(&id, "skill id").and_then(|id| calls::get_skill(&id));
        send(&self.client, call)
    }

    /// `{ source, type? }`; resolves to the server's answer as it is.
    #[wasm_bindgen(js_name = validateSkill)]
    pub fn validate_skill(&self, input_: JsValue) -> Promise {
        let call = input(&input_, "validateSkill input").and_then(calls::validate_skill_body);
        send(&self.client, call)
    }

    /// Resolves to the Markdown text.
    #[wasm_bindgen(js_name = getSkillAuthoringGuide)]
    pub fn get_skill_authoring_guide(&self) -> Promise {
        promise(text(
            self.client.clone(),
            calls::get_skill_authoring_guide(),
        ))
    }
}
