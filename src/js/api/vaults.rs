//! JS methods: secret vaults and their (redacted) secrets.

use super::{input, send};
use crate::api::vaults::calls;
use crate::js::args;
use crate::js::client::JsClient;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = TavoraClient)]
impl JsClient {
    /// `{ name, metadata? }`.
    #[wasm_bindgen(js_name = createSecretVault)]
    pub fn create_secret_vault(&self, input_: JsValue) -> Promise {
        let call =
            input(&input_, "createSecretVault input").and_then(calls::create_secret_vault_body);
        send(&self.client, call)
    }

    #[wasm_bindgen(js_name = listSecretVaults)]
    pub fn list_secret_vaults(&self) -> Promise {
        send(&self.client, Ok(calls::list_secret_vaults()))
    }

    #[wasm_bindgen(js_name = getSecretVault)]
    pub fn get_secret_vault(&self, id: JsValue) -> Promise {
        let call = args::string(&id, "vault id").and_then(|id| calls::get_secret_vault(&id));
        send(&self.client, call)
    }

    /// `{ metadata? }`.
    #[wasm_bindgen(js_name = updateSecretVault)]
    pub fn update_secret_vault(&self, id: JsValue, input_: JsValue) -> Promise {
        let call = (|| {
            let id = args::string(&id, "vault id")?;
            let i = input(&input_, "updateSecretVault input")?;
            calls::update_secret_vault_body(&id, i)
        })();
        send(&self.client, call)
    }

    #[wasm_bindgen(js_name = deleteSecretVault)]
    pub fn delete_secret_vault(&self, id: JsValue) -> Promise {
        let call = args::string(&id, "vault id").and_then(|id| calls::delete_secret_vault(&id));
        send(&self.client, call)
    }

    #[wasm_bindgen(js_name = listSecrets)]
    pub fn list_secrets(&self, vault_id: JsValue) -> Promise {
        let call = args::string(&vault_id, "vault id").and_then(|id| calls::list_secrets(&id));
        send(&self.client, call)
    }

    /// Stores `value` under `name`; resolves to the redacted secret.
    #[wasm_bindgen(js_name = putSecret)]
    pub fn put_secret(&self, vault_id: JsValue, name: JsValue, value: JsValue) -> Promise {
        let call = (|| {
            let id = args::string(&vault_id, "vault id")?;
            let name = args::string(&name, "secret name")?;
            let value = args::string(&value, "secret value")?;
            calls::put_secret(&id, &name, &value)
        })();
        send(&self.client, call)
    }

    #[wasm_bindgen(js_name = deleteSecret)]
    pub fn delete_secret(&self, vault_id: JsValue, name: JsValue) -> Promise {
        let call = (|| {
            let id = args::string(&vault_id, "vault id")?;
            let name = args::string(&name, "secret name")?;
            calls::delete_secret(&id, &name)
        })();
        send(&self.client, call)
    }
}
