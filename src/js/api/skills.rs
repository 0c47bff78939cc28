//! JS method: the skill authoring guide (text).

use super::text;
use crate::api::skills::calls;
use crate::js::client::{promise, JsClient};
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = TavoraClient)]
impl JsClient {
    /// Resolves to the Markdown text.
    #[wasm_bindgen(js_name = getSkillAuthoringGuide)]
    pub fn get_skill_authoring_guide(&self) -> Promise {
        promise(text(
            self.client.clone(),
            calls::get_skill_authoring_guide(),
        ))
    }
}
