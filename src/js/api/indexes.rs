//! JS methods: indexes.

use super::{input, send};
use crate::api::indexes::calls;
use crate::js::args;
use crate::js::client::JsClient;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = TavoraClient)]
impl JsClient {
    /// Resolves to the array of indexes.
    #[wasm_bindgen(js_name = listIndexes)]
    pub fn list_indexes(&self) -> Promise {
        send(&self.client, Ok(calls::list_indexes()))
    }

    /// `{ name, description?, metadata? }`.
    #[wasm_bindgen(js_name = createIndex)]
    pub fn create_index(&self, input_: JsValue) -> Promise {
        let call = input(&input_, "createIndex input").and_then(calls::create_index_body);
        send(&self.client, call)
    }

    /// Resolves to the index (unwrapped from `{ index }`).
    #[wasm_bindgen(js_name = getIndex)]
    pub fn get_index(&self, id: JsValue) -> Promise {
        let call = args::string(&id, "index id").and_then(|id| calls::get_index(&id));
        send(&self.client, call)
    }

    /// `{ name, description?, metadata? }`: `name` is required by the wire.
    #[wasm_bindgen(js_name = updateIndex)]
    pub fn update_index(&self, id: JsValue, input_: JsValue) -> Promise {
        let call = (|| {
            let id = args::string(&id, "index id")?;
            calls::update_index_body(&id, input(&input_, "updateIndex input")?)
        })();
        send(&self.client, call)
    }

    #[wasm_bindgen(js_name = deleteIndex)]
    pub fn delete_index(&self, id: JsValue) -> Promise {
        let call = args::string(&id, "index id").and_then(|id| calls::delete_index(&id));
        send(&self.client, call)
    }
}
