//! Streaming runs in the browser against the dev server's stream faults:
//! chunking, cuts, malformed frames, aborts, big and long runs, and the
//! JS callback surface.

use super::support::*;
use serde_json::{json, Value};
use std::cell::RefCell;
use std::rc::Rc;
use tavora_wasm::api::agents::CreateAgentSession;
use tavora_wasm::run::AgentEvent;
use tavora_wasm::{Client, Error, StreamFailure};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

async fn session(client: &Client) -> String {
    client
        .create_agent_session(&CreateAgentSession::default())
        .await
        .unwrap()
        .id
}

type Seen = Vec<(String, AgentEvent)>;

async fn run(
    client: &Client,
    id: &str,
    message: &str,
) -> (Result<tavora_wasm::run::RunSummary, Error>, Seen) {
    let mut seen = Vec::new();
    let r = client
        .run_agent(
            id,
            message,
            |name, ev| seen.push((name.to_string(), ev.clone())),
            None,
        )
        .await;
    (r, seen)
}

/// What must not change with chunking: names, types, contents, args.
fn shape(seen: &Seen) -> Vec<(String, String, Option<String>, Option<Value>)> {
    seen.iter()
        .filter(|(n, _)| n != "done")
        .map(|(n, e)| (n.clone(), e.kind.clone(), e.content.clone(), e.args.clone()))
        .collect()
}

fn run_path(id: &str) -> String {
    format!("/api/sdk/agents/{id}/run")
}

#[wasm_bindgen_test]
async fn any_chunking_and_line_ending_gives_the_same_events() {
    reset().await;
    let (client, _jwt) = demo_client().await;
    let id = session(&client).await;
    let (r, baseline) = run(&client, &id, "naïve café ✓ 😀 hello").await;
    r.unwrap();
    assert!(baseline
        .iter()
        .any(|(_, e)| e.content.as_deref().is_some_and(|c| c.contains("😀"))));
    let faults = [
        json!({ "random_chunks": { "min": 1, "max": 7, "seed": 1 }, "chunk_delay_ms": 0 }),
        json!({ "random_chunks": { "min": 1, "max": 64, "seed": 42 } }),
        json!({ "chunk_sizes": [1] }),
        json!({ "chunk_sizes": [2, 3, 5, 7] }),
        json!({ "line_endings": "crlf", "random_chunks": { "min": 1, "max": 5, "seed": 7 } }),
        json!({ "line_endings": "cr", "chunk_sizes": [1, 2] }),
    ];
    for action in faults {
        fault(json!({ "match": { "path": run_path(&id) }, "action": action })).await;
        let (r, seen) = run(&client, &id, "naïve café ✓ 😀 hello").await;
        assert!(r.is_ok(), "{action}: {r:?}");
        assert_eq!(shape(&seen), shape(&baseline), "{action}");
    }
}

#[wasm_bindgen_test]
async fn a_cut_stream_rejects_with_stream_interrupted_after_delivering_what_came() {
    reset().await;
    let (client, _jwt) = demo_client().await;
    let id = session(&client).await;
    fault(json!({ "match": { "path": run_path(&id) }, "action": { "cut_after_events": 3 } })).await;
    let (r, seen) = run(&client, &id, "hello").await;
    assert_eq!(seen.len(), 3);
    let e = r.unwrap_err();
    assert_eq!(e.code(), "stream_interrupted");
    assert_eq!(
        e,
        Error::Stream(StreamFailure::Interrupted { events_received: 3 })
    );
}

#[wasm_bindgen_test]
async fn a_malformed_frame_reaches_the_caller_and_the_run_goes_on() {
    reset().await;
    let (client, _jwt) = demo_client().await;
    let id = session(&client).await;
    fault(json!({ "match": { "path": run_path(&id) }, "action": { "malformed_after_events": 2 } }))
        .await;
    let (r, seen) = run(&client, &id, "hello").await;
    r.unwrap();
    assert_eq!(seen[2].0, "parse_error");
    assert_eq!(seen[2].1.extra["raw"], "{not json");
    assert_eq!(seen[2].1.extra["event"], "step");
    assert_eq!(seen.last().unwrap().0, "done");
}

#[wasm_bindgen_test]
async fn abort_mid_stream_stops_callbacks_and_the_server_sees_the_disconnect() {
    reset().await;
    control("config", json!({ "stream_delay_ms": 150 })).await;
    let (client, _jwt) = demo_client().await;
    let id = session(&client).await;
    let controller = web_sys::AbortController::new().unwrap();
    let signal = controller.signal();
    let mut seen = 0;
    let r = client
        .run_agent(
            &id,
            "hello",
            |_, _| {
                seen += 1;
                if seen == 2 {
                    controller.abort();
                }
            },
            Some(signal),
        )
        .await;
    assert_eq!(r.unwrap_err(), Error::Aborted);
    assert_eq!(seen, 2, "no callback after the abort");
    let mut disconnected = false;
    for _ in 0..40 {
        let streams = requests().await["streams"].clone();
        if streams[0]["client_disconnected"] == true {
            disconnected = true;
            break;
        }
        sleep_ms(100).await;
    }
    assert!(disconnected, "the server saw the request cancelled");
}

#[wasm_bindgen_test]
async fn an_already_aborted_signal_sends_nothing() {
    reset().await;
    let (client, _jwt) = demo_client().await;
    let id = session(&client).await;
    let controller = web_sys::AbortController::new().unwrap();
    controller.abort();
    let r = client
        .run_agent(
            &id,
            "hello",
            |_, _| panic!("no event"),
            Some(controller.signal()),
        )
        .await;
    assert_eq!(r.unwrap_err(), Error::Aborted);
    assert_eq!(count(&format!("POST {}", run_path(&id))).await, 0);
}

#[wasm_bindgen_test]
async fn agent_errors_and_unknown_events() {
    reset().await;
    let (client, _jwt) = demo_client().await;
    let id = session(&client).await;
    let (r, _) = run(&client, &id, "please fail").await;
    match r.unwrap_err() {
        Error::Stream(StreamFailure::AgentError { message, payload }) => {
            assert!(message.contains("sandbox error"), "{message}");
            assert_eq!(payload["type"], "error");
        }
        other => panic!("{other:?}"),
    }
    let (r, seen) = run(&client, &id, "surprise me").await;
    r.unwrap();
    assert!(seen.iter().any(|(_, e)| e.kind == "quantum_leap"));
    assert!(seen.iter().any(|(n, _)| n == "telemetry"));
}

#[wasm_bindgen_test]
async fn a_one_mebibyte_event_arrives_whole() {
    reset().await;
    let (client, _jwt) = demo_client().await;
    let id = session(&client).await;
    let (r, seen) = run(&client, &id, "big:1048576").await;
    r.unwrap();
    let big = seen
        .iter()
        .find(|(_, e)| e.kind == "execute_js_result")
        .unwrap();
    assert_eq!(big.1.content.as_ref().unwrap().len(), 1_048_576);
}

#[wasm_bindgen_test]
async fn a_hundred_thousand_event_run() {
    reset().await;
    let (client, _jwt) = demo_client().await;
    let id = session(&client).await;
    let mut n = 0u32;
    let mut last = String::new();
    let summary = client
        .run_agent(
            &id,
            "many:100000",
            |name, _| {
                n += 1;
                last = name.to_string();
            },
            None,
        )
        .await
        .unwrap();
    assert_eq!(n, 100_001);
    assert_eq!(last, "done");
    assert_eq!(summary.steps, 100_000);
}

#[wasm_bindgen_test]
async fn an_input_request_is_answered_and_the_run_continues() {
    reset().await;
    let (client, _jwt) = demo_client().await;
    let id = session(&client).await;
    let answering = Rc::new(RefCell::new(None));
    let a = answering.clone();
    let c2 = client.clone();
    let id2 = id.clone();
    let (r, seen) = {
        let mut seen = Vec::new();
        let r = client
            .run_agent(
                &id,
                "please confirm this",
                |name, ev| {
                    seen.push((name.to_string(), ev.clone()));
                    if name == "input_request" {
                        let rid = ev.args.as_ref().unwrap()["request_id"]
                            .as_str()
                            .unwrap()
                            .to_string();
                        let (c, id, a) = (c2.clone(), id2.clone(), a.clone());
                        wasm_bindgen_futures::spawn_local(async move {
                            let res = c.respond_to_agent_input(&id, &rid, &json!(true)).await;
                            *a.borrow_mut() = Some(res);
                        });
                    }
                },
                None,
            )
            .await;
        (r, seen)
    };
    r.unwrap();
    // The answer's own response and the stream's end race each other.
    for _ in 0..200 {
        if answering.borrow().is_some() {
            break;
        }
        tavora_wasm::web::timer::sleep(10.0, None).await.unwrap();
    }
    assert!(answering.borrow().as_ref().unwrap().is_ok());
    let response = seen.iter().find(|(_, e)| e.kind == "response").unwrap();
    assert!(response.1.content.as_ref().unwrap().contains("true"));
}

// ---- the JS surface -----------------------------------------------------

async fn js_client() -> (tavora_wasm::js::client::JsClient, String) {
    let jwt = sign_in("demo@tavora.dev").await;
    let opts = js_sys::Object::new();
    let set = |k: &str, v: &JsValue| js_sys::Reflect::set(&opts, &k.into(), v).unwrap();
    set("baseUrl", &server().into());
    set("workspaceId", &WS1.into());
    let j = jwt.clone();
    let get_jwt = Closure::<dyn Fn() -> js_sys::Promise>::new(move || {
        js_sys::Promise::resolve(&JsValue::from_str(&j))
    });
    set("getJwt", get_jwt.as_ref());
    get_jwt.forget();
    set("storage", &"memory".into());
    let c = tavora_wasm::js::client::JsClient::new(opts.into())
        .map_err(|e| format!("{e:?}"))
        .unwrap();
    let s = JsFuture::from(c.invoke(
        "createAgentSession",
        js_sys::Array::of1(&JsValue::UNDEFINED),
    ))
    .await
    .unwrap();
    let id = js_sys::Reflect::get(&s, &"id".into())
        .unwrap()
        .as_string()
        .unwrap();
    (c, id)
}

fn field(v: &JsValue, k: &str) -> JsValue {
    js_sys::Reflect::get(v, &k.into()).unwrap()
}

#[wasm_bindgen_test]
async fn js_run_agent_delivers_parsed_payloads_and_resolves_with_the_summary() {
    reset().await;
    let (c, id) = js_client().await;
    fault(json!({ "match": { "path": run_path(&id) }, "action": { "malformed_after_events": 1 } }))
        .await;
    let names = Rc::new(RefCell::new(Vec::<String>::new()));
    let n = names.clone();
    let cb = Closure::<dyn FnMut(String, JsValue)>::new(move |name: String, payload: JsValue| {
        assert!(payload.is_object());
        n.borrow_mut().push(name);
    });
    let summary = JsFuture::from(c.run_agent(
        id.clone().into(),
        "hello".into(),
        cb.as_ref().clone(),
        JsValue::UNDEFINED,
    ))
    .await
    .unwrap();
    assert_eq!(field(&summary, "session_id").as_string().unwrap(), id);
    assert_eq!(names.borrow()[1], "parse_error");
    assert_eq!(names.borrow().last().unwrap(), "done");
}

#[wasm_bindgen_test]
async fn js_a_throwing_callback_cancels_the_run_and_rejects_with_its_exception() {
    reset().await;
    control("config", json!({ "stream_delay_ms": 100 })).await;
    let (c, id) = js_client().await;
    let calls = Rc::new(RefCell::new(0));
    let k = calls.clone();
    let cb = Closure::<dyn FnMut(String, JsValue) -> Result<(), JsValue>>::new(
        move |_n: String, _p: JsValue| {
            *k.borrow_mut() += 1;
            Err(js_sys::Error::new("boom from the app").into())
        },
    );
    let err = JsFuture::from(c.run_agent(
        id.into(),
        "hello".into(),
        cb.as_ref().clone(),
        JsValue::UNDEFINED,
    ))
    .await
    .unwrap_err();
    assert_eq!(
        field(&err, "message").as_string().unwrap(),
        "boom from the app"
    );
    assert_eq!(*calls.borrow(), 1);
    sleep_ms(300).await;
    assert_eq!(*calls.borrow(), 1, "nothing after the exception");
    assert_eq!(requests().await["streams"][0]["client_disconnected"], true);
}

#[wasm_bindgen_test]
async fn js_errors_are_typed_and_bad_arguments_send_nothing() {
    reset().await;
    let (c, id) = js_client().await;
    let before = requests().await["log"].as_array().unwrap().len();
    for p in [
        c.run_agent(
            JsValue::from(5),
            "x".into(),
            js_sys::Function::new_no_args("").into(),
            JsValue::UNDEFINED,
        ),
        c.run_agent(
            id.clone().into(),
            "".into(),
            js_sys::Function::new_no_args("").into(),
            JsValue::UNDEFINED,
        ),
        c.run_agent(
            id.clone().into(),
            "x".into(),
            JsValue::from("not a function"),
            JsValue::UNDEFINED,
        ),
        c.invoke("getAgentSession", js_sys::Array::of1(&"".into())),
    ] {
        let e = JsFuture::from(p).await.unwrap_err();
        assert_eq!(field(&e, "code").as_string().unwrap(), "invalid_input");
        assert_eq!(field(&e, "kind").as_string().unwrap(), "invalid_input");
    }
    assert_eq!(requests().await["log"].as_array().unwrap().len(), before);
    let e = JsFuture::from(c.invoke("getAgentSession", js_sys::Array::of1(&"as_nope".into())))
        .await
        .unwrap_err();
    assert_eq!(field(&e, "status").as_f64(), Some(404.0));
    assert_eq!(field(&e, "code").as_string().unwrap(), "NOT_FOUND");
    assert_eq!(field(&e, "name").as_string().unwrap(), "TavoraApiError");
    assert!(field(&e, "details").is_object());
}

#[wasm_bindgen_test]
async fn js_sse_decoder_decodes_split_utf8_and_reports_oversize() {
    use tavora_wasm::js::decoder::JsSseDecoder;
    let bytes = "data: café 😀\r\n\r\nid: 7\nevent: x\ndata: a\ndata: b\n\n".as_bytes();
    let mut d = JsSseDecoder::new(None).unwrap();
    let mut out = Vec::new();
    for b in bytes {
        let arr = d.push(&js_sys::Uint8Array::from(&[*b][..])).unwrap();
        out.extend(arr.iter());
    }
    assert_eq!(out.len(), 2);
    assert_eq!(field(&out[0], "data").as_string().unwrap(), "café 😀");
    assert_eq!(field(&out[0], "event").as_string().unwrap(), "message");
    assert_eq!(field(&out[1], "data").as_string().unwrap(), "a\nb");
    assert_eq!(field(&out[1], "id").as_string().unwrap(), "7");
    assert!(field(&out[1], "retry").is_undefined());
    assert_eq!(d.finish().unwrap().length(), 0);

    let mut small = JsSseDecoder::new(Some(16.0)).unwrap();
    let e = small
        .push(&js_sys::Uint8Array::from(
            &b"data: 0123456789abcdefghij\n\n"[..],
        ))
        .unwrap_err();
    assert_eq!(field(&e, "code").as_string().unwrap(), "stream_malformed");
}

#[wasm_bindgen_test]
async fn js_sdk_fetch_is_authenticated_and_cannot_be_redirected() {
    reset().await;
    let (c, _id) = js_client().await;
    let before = requests().await["log"].as_array().unwrap().len();
    for bad in [
        "//evil.example/x",
        "https://evil.example/x",
        "/../auth/session-token",
        "/agents/%2e%2e/x",
        "project",
    ] {
        let e = JsFuture::from(c.sdk_fetch(bad.into(), JsValue::UNDEFINED))
            .await
            .unwrap_err();
        assert_eq!(
            field(&e, "code").as_string().unwrap(),
            "invalid_input",
            "{bad}"
        );
    }
    assert_eq!(requests().await["log"].as_array().unwrap().len(), before);
    // A good path: the Response comes back whatever its status, with the key sent.
    let resp: web_sys::Response =
        JsFuture::from(c.sdk_fetch("/project".into(), JsValue::UNDEFINED))
            .await
            .unwrap()
            .into();
    assert_eq!(resp.status(), 200);
    let missing: web_sys::Response =
        JsFuture::from(c.sdk_fetch("/agents/as_missing".into(), JsValue::UNDEFINED))
            .await
            .unwrap()
            .into();
    assert_eq!(missing.status(), 404);
    let keys = keys_sent(PROJECT).await;
    assert_eq!(keys.len(), 1);
    assert!(keys[0].starts_with("tvr_"));
}

#[wasm_bindgen_test]
async fn the_rust_stream_yields_every_event_then_ends_or_fails() {
    use futures_util::StreamExt;
    reset().await;
    let (client, _jwt) = demo_client().await;
    let id = session(&client).await;

    let items: Vec<_> = client.stream_agent(&id, "hello", None).collect().await;
    let names: Vec<String> = items
        .iter()
        .map(|i| i.as_ref().unwrap().0.clone())
        .collect();
    assert_eq!(names.last().map(String::as_str), Some("done"));
    assert!(names.len() > 3);

    fault(json!({ "match": { "path": run_path(&id) }, "action": { "cut_after_events": 2 } })).await;
    let items: Vec<_> = client.stream_agent(&id, "hello", None).collect().await;
    assert_eq!(items.len(), 3);
    assert_eq!(
        items[2].as_ref().unwrap_err(),
        &Error::Stream(StreamFailure::Interrupted { events_received: 2 })
    );

    let items: Vec<_> = client
        .stream_agent(&id, "please fail", None)
        .collect()
        .await;
    let (last_event, _) = items[items.len() - 2].as_ref().unwrap();
    assert_eq!(last_event, "error");
    assert_eq!(
        items.last().unwrap().as_ref().unwrap_err().code(),
        "agent_error"
    );

    // Dropping the stream mid-run closes the connection.
    reset().await;
    control("config", json!({ "stream_delay_ms": 100 })).await;
    {
        let mut run = Box::pin(client.stream_agent(&id, "hello", None));
        run.next().await.unwrap().unwrap();
    }
    let mut disconnected = false;
    for _ in 0..40 {
        if requests().await["streams"][0]["client_disconnected"] == true {
            disconnected = true;
            break;
        }
        sleep_ms(100).await;
    }
    assert!(disconnected);
}
