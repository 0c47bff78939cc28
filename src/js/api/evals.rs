//! JS methods: eval cases, runs and suites.

use super::send;
use crate::api::evals::calls;
use crate::js::args;
use crate::js::client::JsClient;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = TavoraClient)]
impl JsClient {
    #[wasm_bindgen(js_name = listEvalCases)]
    pub fn list_eval_cases(&self) -> Promise {
        send(&self.client, Ok(calls::list_eval_cases()))
    }

    #[wasm_bindgen(js_name = getEvalCase)]
    pub fn get_eval_case(&self, id: JsValue) -> Promise {
        let call = args::string(&id, "eval case id").and_then(|id| calls::get_eval_case(&id));
        send(&self.client, call)
    }

    #[wasm_bindgen(js_name = listEvalRuns)]
    pub fn list_eval_runs(&self) -> Promise {
        send(&self.client, Ok(calls::list_eval_runs()))
    }

    /// Resolves to `{ run, results }`.
    #[wasm_bindgen(js_name = getEvalRun)]
    pub fn get_eval_run(&self, id: JsValue) -> Promise {
        let call = args::string(&id, "eval run id").and_then(|id| calls::get_eval_run(&id));
        send(&self.client, call)
    }

    #[wasm_bindgen(js_name = listEvalSuites)]
    pub fn list_eval_suites(&self) -> Promise {
        send(&self.client, Ok(calls::list_eval_suites()))
    }

    #[wasm_bindgen(js_name = getEvalSuite)]
    pub fn get_eval_suite(&self, id: JsValue) -> Promise {
        let call = args::string(&id, "eval suite id").and_then(|id| calls::get_eval_suite(&id));
        send(&self.client, call)
    }

    #[wasm_bindgen(js_name = listEvalSuiteVersions)]
    pub fn list_eval_suite_versions(&self, id: JsValue) -> Promise {
        let call =
            args::string(&id, "eval suite id").and_then(|id| calls::list_eval_suite_versions(&id));
        send(&self.client, call)
    }
}
