//! JS methods: agent configs, versions and advisory eval runs.

use super::{input, opt_int, options, send};
use crate::api::configs::calls;
use crate::error::Error;
use crate::js::args;
use crate::js::client::JsClient;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = TavoraClient)]
impl JsClient {
    /// Resolves to the array of configs.
    #[wasm_bindgen(js_name = listAgentConfigs)]
    pub fn list_agent_configs(&self) -> Promise {
        send(&self.client, Ok(calls::list_agent_configs()))
    }

    #[wasm_bindgen(js_name = getAgentConfig)]
    pub fn get_agent_config(&self, id: JsValue) -> Promise {
        let call = args::string(&id, "agent config id").and_then(|id| calls::get_agent_config(&id));
        send(&self.client, call)
    }

    #[wasm_bindgen(js_name = deleteAgentConfig)]
    pub fn delete_agent_config(&self, id: JsValue) -> Promise {
        let call =
            args::string(&id, "agent config id").and_then(|id| calls::delete_agent_config(&id));
        send(&self.client, call)
    }

    /// `{ eval_suite_id?, run_eval_on_publish? }` (`eval_suite_id: ""` clears the pin).
    #[wasm_bindgen(js_name = updateAgentSettings)]
    pub fn update_agent_settings(&self, id: JsValue, input_: JsValue) -> Promise {
        let call = (|| {
            let id = args::string(&id, "agent config id")?;
            calls::update_agent_settings_body(&id, input(&input_, "updateAgentSettings input")?)
        })();
        send(&self.client, call)
    }

    #[wasm_bindgen(js_name = listAgentVersions)]
    pub fn list_agent_versions(&self, id: JsValue) -> Promise {
        let call =
            args::string(&id, "agent config id").and_then(|id| calls::list_agent_versions(&id));
        send(&self.client, call)
    }

    #[wasm_bindgen(js_name = getAgentVersion)]
    pub fn get_agent_version(&self, id: JsValue, version_id: JsValue) -> Promise {
        let call = (|| {
            let id = args::string(&id, "agent config id")?;
            let vid = args::string(&version_id, "version id")?;
            calls::get_agent_version(&id, &vid)
        })();
        send(&self.client, call)
    }

    /// `{ target?: "live" | "draft" }`; resolves to the queued run.
    #[wasm_bindgen(js_name = triggerAgentEval)]
    pub fn trigger_agent_eval(&self, id: JsValue, opts: JsValue) -> Promise {
        let call = (|| {
            let id = args::string(&id, "agent config id")?;
            options(&opts, "options")?;
            let target = args::opt_string(&opts, "target")?;
            calls::trigger_agent_eval(&id, target.as_deref())
        })();
        send(&self.client, call)
    }

    /// `{ limit? }` (default 5, at most 50 server-side).
    #[wasm_bindgen(js_name = listAgentEvalRuns)]
    pub fn list_agent_eval_runs(&self, id: JsValue, opts: JsValue) -> Promise {
        let call = (|| {
            let id = args::string(&id, "agent config id")?;
            options(&opts, "options")?;
            let limit = opt_int(&opts, "limit", 1)?
                .map(|l| u32::try_from(l).map_err(|_| Error::invalid("limit is too large")))
                .transpose()?;
            calls::list_agent_eval_runs(&id, limit)
        })();
        send(&self.client, call)
    }

    #[wasm_bindgen(js_name = getAgentEvalSuite)]
    pub fn get_agent_eval_suite(&self, id: JsValue) -> Promise {
        let call =
            args::string(&id, "agent config id").and_then(|id| calls::get_agent_eval_suite(&id));
        send(&self.client, call)
    }
}
