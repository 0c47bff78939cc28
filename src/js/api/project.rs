//! JS methods: project metadata and metrics.

use crate::api::project::calls;
use crate::js::client::{json, promise, JsClient};
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = TavoraClient)]
impl JsClient {
    #[wasm_bindgen(js_name = getProject)]
    pub fn get_project(&self) -> Promise {
        promise(json(self.client.clone(), calls::get_project()))
    }

    #[wasm_bindgen(js_name = getMetrics)]
    pub fn get_metrics(&self) -> Promise {
        promise(json(self.client.clone(), calls::get_metrics()))
    }
}
