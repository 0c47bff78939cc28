//! Studio: trace, streaming replay (new session), fix analysis.

use super::api_common::*;
use super::support::control;
use serde_json::json;
use std::cell::RefCell;
use std::rc::Rc;
use tavora_wasm::api::agents::CreateAgentSession;
use tavora_wasm::api::studio::{AnalyzeFixRequest, ReplayRequest};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn trace_replay_and_analysis() {
    let c = fresh().await;
    control("config", json!({"stream_delay_ms": 0})).await;
    let s = c
        .create_agent_session(&CreateAgentSession::default())
        .await
        .unwrap();
    c.run_agent(&s.id, "hello studio", |_, _| {}, None)
        .await
        .unwrap();

    let trace = c.get_studio_trace(&s.id).await.unwrap();
    assert_eq!(trace.session.id, s.id);
    assert!(!trace.steps.is_empty());

    let mut names = Vec::new();
    let summary = c
        .replay_from_step(
            &s.id,
            &ReplayRequest {
                from_step: 1,
                system_prompt: Some("be brief".into()),
                message: None,
            },
            |name, ev| names.push(format!("{name}/{}", ev.kind)),
            None,
        )
        .await
        .unwrap();
    let req = last("POST", &format!("/studio/{}/replay", s.id)).await;
    assert_eq!(
        body(&req),
        json!({"from_step": 1, "system_prompt": "be brief"})
    );
    assert_eq!(header(&req, "accept"), "text/event-stream");
    assert_eq!(
        names.first().map(String::as_str),
        Some("step/replay_started")
    );
    assert_eq!(names.last().map(String::as_str), Some("done/done"));
    assert_ne!(summary.session_id, s.id, "the replay is a new session");
    c.get_agent_session(&summary.session_id).await.unwrap();

    let fix = c
        .analyze_fix(
            &s.id,
            &AnalyzeFixRequest {
                failed_steps: vec![1],
                expected_outcome: "a short answer".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        body(&last("POST", &format!("/studio/{}/analyze", s.id)).await),
        json!({"failed_steps": [1], "expected_outcome": "a short answer"})
    );
    assert!(!fix.reasoning.is_empty());

    rejected_locally(c.replay_from_step(
        &s.id,
        &ReplayRequest {
            from_step: -1,
            ..Default::default()
        },
        |_, _| {},
        None,
    ))
    .await;
    rejected_locally(c.analyze_fix(&s.id, &AnalyzeFixRequest::default())).await;
}

#[wasm_bindgen_test]
async fn js_replay_streams_and_reports_the_new_session() {
    let c = fresh().await;
    control("config", json!({"stream_delay_ms": 0})).await;
    let s = c
        .create_agent_session(&CreateAgentSession::default())
        .await
        .unwrap();
    c.run_agent(&s.id, "hello js replay", |_, _| {}, None)
        .await
        .unwrap();

    let jc = js_client().await;
    let seen: Rc<RefCell<Vec<String>>> = Rc::default();
    let sink = seen.clone();
    let cb =
        Closure::<dyn FnMut(JsValue, JsValue)>::new(move |name: JsValue, _payload: JsValue| {
            sink.borrow_mut().push(name.as_string().unwrap_or_default());
        });
    let summary = settle(jc.replay_from_step(
        JsValue::from_str(&s.id),
        jv(json!({"fromStep": 1})),
        cb.as_ref().clone(),
        JsValue::UNDEFINED,
    ))
    .await
    .unwrap();
    let new_id = prop(&summary, "session_id").as_string().unwrap();
    assert_ne!(new_id, s.id);
    assert_eq!(seen.borrow().last().map(String::as_str), Some("done"));
    assert_eq!(
        body(&last("POST", &format!("/studio/{}/replay", s.id)).await),
        json!({"from_step": 1})
    );

    let before = sdk_log().await.len();
    let err = settle(jc.replay_from_step(
        JsValue::from_str(&s.id),
        jv(json!({"fromStep": -2})),
        cb.as_ref().clone(),
        JsValue::UNDEFINED,
    ))
    .await
    .unwrap_err();
    assert_eq!(
        prop(&err, "code").as_string().as_deref(),
        Some("invalid_input")
    );
    assert_eq!(sdk_log().await.len(), before);
}
