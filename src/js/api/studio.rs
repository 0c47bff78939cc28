//! JS method: the streaming replay of a session.

use super::input;
use crate::api::studio::calls;
use crate::error::Error;
use crate::js::args;
use crate::js::client::{js_promise, rejected, JsClient};
use crate::js::errors::to_js;
use js_sys::{Function, Promise, Reflect};
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// `replayFromStep` input, camelCased (snake_case accepted too): renamed
/// to the wire's keys; giving both spellings of one key is an error.
fn replay_body(mut body: Map<String, Value>, what: &str) -> Result<Map<String, Value>, Error> {
    for (camel, snake) in [("fromStep", "from_step"), ("systemPrompt", "system_prompt")] {
        if let Some(v) = crate::json::take(&mut body, camel) {
            if body.contains_key(snake) {
                return Err(Error::invalid(format!(
                    "{what}: pass {camel} or {snake}, not both"
                )));
            }
            body.insert(snake.to_string(), v);
        }
    }
    Ok(body)
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    if obj.is_object() {
        Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

fn non_empty(v: JsValue) -> Option<String> {
    v.as_string().filter(|s| !s.is_empty())
}

/// The new session's id on a `replay_started` event (wire contract §10.13).
fn replay_started_id(payload: &JsValue) -> Option<String> {
    if get(payload, "type").as_string().as_deref() != Some("replay_started") {
        return None;
    }
    non_empty(get(payload, "session_id"))
        .or_else(|| non_empty(get(&get(payload, "args"), "session_id")))
        .or_else(|| non_empty(get(payload, "content")))
}

#[wasm_bindgen(js_class = TavoraClient)]
impl JsClient {
    /// `replayFromStep(sessionId, { fromStep, systemPrompt?, message? },
    /// onEvent, { signal }?)`: streams like `runAgent` and resolves with
    /// the summary, whose `session_id` is the **new** session (from the
    /// `done` summary, else from a `replay_started` event).
    #[wasm_bindgen(js_name = replayFromStep)]
    pub fn replay_from_step(
        &self,
        session_id: JsValue,
        input_: JsValue,
        on_event: JsValue,
        options: JsValue,
    ) -> Promise {
        let prepared = (|| {
            let id = args::string(&session_id, "session id")?;
            let what = "replayFromStep input";
            let body = replay_body(input(&input_, what)?, what)?;
            let call = calls::replay_from_step_body(&id, body)?;
            let on_event = args::function(on_event, "onEvent")?;
            let signal = args::signal(&options)?;
            Ok((call, on_event, signal))
        })();
        let (call, user_cb, signal) = match prepared {
            Ok(p) => p,
            Err(e) => return rejected(e),
        };
        let started: Rc<RefCell<Option<String>>> = Rc::new(RefCell::new(None));
        let seen = started.clone();
        let closure = Closure::<dyn FnMut(JsValue, JsValue) -> Result<JsValue, JsValue>>::new(
            move |name: JsValue, payload: JsValue| {
                if let Some(id) = replay_started_id(&payload) {
                    *seen.borrow_mut() = Some(id);
                }
                user_cb.call2(&JsValue::NULL, &name, &payload)
            },
        );
        let forward: Function = closure.as_ref().unchecked_ref::<Function>().clone();
        let client = self.client.clone();
        js_promise(Box::pin(async move {
            let resp = client.send(&call, signal.as_ref()).await.map_err(to_js)?;
            let result = crate::js::stream::pump(
                resp,
                signal,
                client.max_event_size(),
                client.idle_timeout_ms(),
                forward,
            )
            .await;
            drop(closure);
            let summary = result?;
            if non_empty(get(&summary, "session_id")).is_none() {
                if let Some(id) = started.borrow().clone() {
                    let _ = Reflect::set(&summary, &"session_id".into(), &id.into());
                }
            }
            Ok(summary)
        }))
    }
}
