//! JS methods: scheduled runs.

use super::{input, send};
use crate::api::scheduled::calls;
use crate::js::args;
use crate::js::client::JsClient;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = TavoraClient)]
impl JsClient {
    #[wasm_bindgen(js_name = listScheduledRuns)]
    pub fn list_scheduled_runs(&self) -> Promise {
        send(&self.client, Ok(calls::list_scheduled_runs()))
    }

    /// `{ agent_session_id, name?, cron_expression, message }`.
    #[wasm_bindgen(js_name = createScheduledRun)]
    pub fn create_scheduled_run(&self, input_: JsValue) -> Promise {
        let call =
            input(&input_, "createScheduledRun input").and_then(calls::create_scheduled_run_body);
        send(&self.client, call)
    }

    #[wasm_bindgen(js_name = getScheduledRun)]
    pub fn get_scheduled_run(&self, id: JsValue) -> Promise {
        let call =
            args::string(&id, "scheduled run id").and_then(|id| calls::get_scheduled_run(&id));
        send(&self.client, call)
    }

    /// `{ name?, cron_expression?, message?, enabled? }`.
    #[wasm_bindgen(js_name = updateScheduledRun)]
    pub fn update_scheduled_run(&self, id: JsValue, input_: JsValue) -> Promise {
        let call = (|| {
            let id = args::string(&id, "scheduled run id")?;
            calls::update_scheduled_run_body(&id, input(&input_, "updateScheduledRun input")?)
        })();
        send(&self.client, call)
    }

    #[wasm_bindgen(js_name = deleteScheduledRun)]
    pub fn delete_scheduled_run(&self, id: JsValue) -> Promise {
        let call =
            args::string(&id, "scheduled run id").and_then(|id| calls::delete_scheduled_run(&id));
        send(&self.client, call)
    }
}
