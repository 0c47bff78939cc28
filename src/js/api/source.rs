//! JS methods: the code-first source surface (camelCase JSON).

use super::{input, send};
use crate::api::source::{calls, SourceDelete, SourceDeploy, SourceManifest, SourceRename};
use crate::js::client::JsClient;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = TavoraClient)]
impl JsClient {
    #[wasm_bindgen(js_name = sourceSync)]
    pub fn source_sync(&self, manifest: JsValue) -> Promise {
        let call = input::<SourceManifest>(&manifest, "sourceSync manifest")
            .and_then(|m| calls::source_sync(&m));
        send(&self.client, call)
    }

    /// Resolves to the array of issues.
    #[wasm_bindgen(js_name = sourceValidate)]
    pub fn source_validate(&self, manifest: JsValue) -> Promise {
        let call = input::<SourceManifest>(&manifest, "sourceValidate manifest")
            .and_then(|m| calls::source_validate(&m));
        send(&self.client, call)
    }

    #[wasm_bindgen(js_name = sourceDeploy)]
    pub fn source_deploy(&self, input_: JsValue) -> Promise {
        let call = input::<SourceDeploy>(&input_, "sourceDeploy input")
            .and_then(|i| calls::source_deploy(&i));
        send(&self.client, call)
    }

    #[wasm_bindgen(js_name = sourceRename)]
    pub fn source_rename(&self, input_: JsValue) -> Promise {
        let call = input::<SourceRename>(&input_, "sourceRename input")
            .and_then(|i| calls::source_rename(&i));
        send(&self.client, call)
    }

    /// `{ project, localId, force: true }`.
    #[wasm_bindgen(js_name = sourceDelete)]
    pub fn source_delete(&self, input_: JsValue) -> Promise {
        let call = input::<SourceDelete>(&input_, "sourceDelete input")
            .and_then(|i| calls::source_delete(&i));
        send(&self.client, call)
    }
}
