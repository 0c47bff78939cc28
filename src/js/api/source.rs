//! JS methods: the code-first source surface (camelCase JSON).

use super::{input, send};
use crate::api::source::calls;
use crate::js::client::JsClient;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = TavoraClient)]
impl JsClient {
    #[wasm_bindgen(js_name = sourceSync)]
    pub fn source_sync(&self, manifest: JsValue) -> Promise {
        let call = input(&manifest, "sourceSync manifest").and_then(calls::source_sync_body);
        send(&self.client, call)
    }

    /// Resolves to the array of issues.
    #[wasm_bindgen(js_name = sourceValidate)]
    pub fn source_validate(&self, manifest: JsValue) -> Promise {
        let call =
            input(&manifest, "sourceValidate manifest").and_then(calls::source_validate_body);
        send(&self.client, call)
    }

    #[wasm_bindgen(js_name = sourceDeploy)]
    pub fn source_deploy(&self, input_: JsValue) -> Promise {
        let call = input(&input_, "sourceDeploy input").and_then(calls::source_deploy_body);
        send(&self.client, call)
    }

    #[wasm_bindgen(js_name = sourceRename)]
    pub fn source_rename(&self, input_: JsValue) -> Promise {
        let call = input(&input_, "sourceRename input").and_then(calls::source_rename_body);
        send(&self.client, call)
    }

    /// `{ project, localId, force: true }`.
    #[wasm_bindgen(js_name = sourceDelete)]
    pub fn source_delete(&self, input_: JsValue) -> Promise {
        let call = input(&input_, "sourceDelete input").and_then(calls::source_delete_body);
        send(&self.client, call)
    }
}
