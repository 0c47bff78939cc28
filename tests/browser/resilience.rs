//! The resilient transport against the dev server's faults: which failures
//! are retried (never a write the server may have done), the waits between
//! attempts (measured on the server's request log), timeouts, per-call
//! options and abort, and the per-attempt hooks.

use super::api_common::*;
use super::support::*;
use serde_json::{json, Value};
use tavora_wasm::request_options::RequestOptions;
use tavora_wasm::Error;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

const PROJECT: &str = "GET /api/sdk/project";
const CREATE: &str = "POST /api/sdk/agents";

/// The server's log entries for `METHOD path` (path under `/api/sdk`).
async fn attempts(method: &str, path: &str) -> Vec<Value> {
    let full = format!("/api/sdk{path}");
    sdk_log()
        .await
        .into_iter()
        .filter(|e| e["method"] == method && e["path"] == full.as_str())
        .collect()
}

/// Milliseconds between consecutive attempts, on the server's clock.
fn gaps(entries: &[Value]) -> Vec<f64> {
    entries
        .windows(2)
        .map(|w| w[1]["at_ms"].as_f64().unwrap_or(0.0) - w[0]["at_ms"].as_f64().unwrap_or(0.0))
        .collect()
}

async fn fault_once(method: &str, path: &str, action: Value) {
    fault(json!({"match": {"method": method, "path": format!("/api/sdk{path}")}, "times": 1, "action": action})).await;
}

fn js_err(e: &JsValue) -> (String, String, JsValue) {
    (
        prop(e, "code").as_string().unwrap_or_default(),
        prop(e, "name").as_string().unwrap_or_default(),
        prop(e, "details"),
    )
}

fn invoke(c: &tavora_wasm::js::client::JsClient, name: &str, args: &[JsValue]) -> js_sys::Promise {
    c.invoke(name, js_args(args))
}

#[wasm_bindgen_test]
async fn r1_get_on_503_is_retried_after_the_servers_retry_after() {
    let c = fresh().await;
    c.get_project().await.unwrap(); // the key, minted before the faults
    fault_once(
        "GET",
        "/project",
        json!({"status": 503, "headers": {"Retry-After": "1"}}),
    )
    .await;
    c.get_project().await.unwrap();
    let tries = attempts("GET", "/project").await;
    assert_eq!(tries.len(), 3, "the first call, then a 503 and its retry");
    let gap = gaps(&tries[1..])[0];
    assert!(
        gap >= 950.0,
        "waited for Retry-After: 1 (read through CORS): {gap} ms"
    );
}

#[wasm_bindgen_test]
async fn r2_post_on_429_is_retried_with_the_bodys_retry_after_seconds() {
    let c = fresh().await;
    c.get_project().await.unwrap();
    // The dev server's 429 body carries retry_after_seconds: 1.
    fault_once("POST", "/agents", json!({"status": 429})).await;
    c.create_agent_session(&Default::default()).await.unwrap();
    assert_eq!(count(CREATE).await, 2);
    let gap = gaps(&attempts("POST", "/agents").await)[0];
    assert!(gap >= 950.0, "{gap} ms");
}

#[wasm_bindgen_test]
async fn r3_a_write_is_never_retried_after_a_5xx_without_hint_but_a_read_is() {
    let c = fresh().await;
    c.get_project().await.unwrap();
    fault_once("POST", "/agents", json!({"status": 500})).await;
    let e = c
        .create_agent_session(&Default::default())
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(500));
    assert_eq!(
        count(CREATE).await,
        1,
        "a POST after a 500 may have been done: not sent again"
    );
    fault_once("POST", "/agents", json!({"status": 503})).await;
    assert_eq!(
        c.create_agent_session(&Default::default())
            .await
            .unwrap_err()
            .status(),
        Some(503)
    );
    assert_eq!(
        count(CREATE).await,
        2,
        "nor after a 503 that gives no retry hint"
    );

    fault_once("GET", "/project", json!({"status": 502})).await;
    c.get_project().await.unwrap();
    let tries = attempts("GET", "/project").await;
    assert_eq!(tries.len(), 3);
    let gap = gaps(&tries[1..])[0];
    assert!(
        gap < 700.0,
        "the first back-off is at most 0.5 s (plus the request): {gap} ms"
    );
}

#[wasm_bindgen_test]
async fn r4_max_retries_bounds_the_requests_per_call() {
    let c = fresh().await;
    c.get_project().await.unwrap();
    fault(json!({"match": {"path": "/api/sdk/project"}, "times": 0, "action": {"status": 504}}))
        .await;
    let e = c.get_project().await.unwrap_err();
    assert_eq!(e.status(), Some(504));
    assert_eq!(count(PROJECT).await, 1 + 3, "1 + the default 2 retries");

    let once = c.with_options(
        RequestOptions {
            max_retries: Some(0),
            ..Default::default()
        },
        None,
    );
    once.get_project().await.unwrap_err();
    assert_eq!(count(PROJECT).await, 4 + 1, "maxRetries 0: one request");
}

#[wasm_bindgen_test]
async fn r5_a_requested_wait_over_a_minute_is_returned_at_once() {
    let c = fresh().await;
    c.get_project().await.unwrap();
    fault_once(
        "GET",
        "/project",
        json!({"status": 429, "body": {"error": "rate_limited", "code": "rate_limited", "message": "slow down", "retry_after_seconds": 120}}),
    )
    .await;
    let started = js_sys::Date::now();
    let e = c.get_project().await.unwrap_err();
    assert!(js_sys::Date::now() - started < 1000.0);
    let Error::Http(h) = &e else { panic!("{e:?}") };
    assert_eq!(h.status, 429);
    assert_eq!(h.details["retryAfterMs"], json!(120_000.0));
    assert_eq!(count(PROJECT).await, 2);
}

#[wasm_bindgen_test]
async fn r6_timeouts_abort_the_attempt_and_a_read_is_tried_again() {
    let c = fresh().await;
    c.get_project().await.unwrap();
    fault(json!({"match": {"path": "/api/sdk/project"}, "times": 0, "action": {"delay_ms": 3000}}))
        .await;
    let quick = c.with_options(
        RequestOptions {
            timeout_ms: Some(300.0),
            max_retries: Some(0),
            ..Default::default()
        },
        None,
    );
    let started = js_sys::Date::now();
    let e = quick.get_project().await.unwrap_err();
    let took = js_sys::Date::now() - started;
    assert_eq!(e.code(), "timeout", "{e:?}");
    assert!((280.0..1500.0).contains(&took), "{took} ms");
    control("reset", json!({})).await;

    fault_once("GET", "/project", json!({"delay_ms": 3000})).await;
    let retried = c.with_options(
        RequestOptions {
            timeout_ms: Some(300.0),
            ..Default::default()
        },
        None,
    );
    retried.get_project().await.unwrap();
    assert_eq!(count(PROJECT).await, 2, "the timed-out GET, then its retry");
}

#[wasm_bindgen_test]
async fn r7_js_per_call_options_signal_timeout_and_headers() {
    fresh().await;
    let c = js_client().await;
    settle(invoke(&c, "getProject", &[])).await.unwrap();

    // A trace header reaches the server.
    let opts = jv(json!({"headers": {"X-Trace-Id": "trace-7"}}));
    settle(invoke(&c, "getProject", &[opts])).await.unwrap();
    assert_eq!(
        header(&last("GET", "/project").await, "x-trace-id"),
        "trace-7"
    );

    // An AbortSignal ends a JSON call at once, in flight.
    fault_once("GET", "/project", json!({"delay_ms": 3000})).await;
    let controller = web_sys::AbortController::new().unwrap();
    let opts = js_sys::Object::new();
    js_sys::Reflect::set(&opts, &"signal".into(), &controller.signal()).unwrap();
    let pending = invoke(&c, "getProject", &[opts.into()]);
    let started = js_sys::Date::now();
    let abort = controller.clone();
    wasm_bindgen_futures::spawn_local(async move {
        tavora_wasm::web::timer::sleep(100.0, None).await.unwrap();
        abort.abort();
    });
    let e = settle(pending).await.unwrap_err();
    let (code, name, _) = js_err(&e);
    assert_eq!((code.as_str(), name.as_str()), ("aborted", "AbortError"));
    assert!(js_sys::Date::now() - started < 1500.0);

    // timeoutMs per call, on a method that ends in an options bag of its own.
    control("reset", json!({})).await;
    fault_once("GET", "/indexes", json!({"delay_ms": 3000})).await;
    let e = settle(invoke(
        &c,
        "listIndexes",
        &[jv(json!({"timeoutMs": 200, "maxRetries": 0}))],
    ))
    .await
    .unwrap_err();
    let (code, _, details) = js_err(&e);
    assert_eq!(code, "timeout");
    assert_eq!(prop(&details, "timeoutMs").as_f64(), Some(200.0));
}

#[wasm_bindgen_test]
async fn r8_bad_options_are_invalid_input_before_any_request() {
    fresh().await;
    let c = js_client().await;
    settle(invoke(&c, "getProject", &[])).await.unwrap();
    let before = sdk_log().await.len();
    for bad in [
        json!({"timeoutMs": -1}),
        json!({"timeoutMs": "soon"}),
        json!({"maxRetries": 11}),
        json!({"maxRetries": 1.5}),
        json!({"signal": {}}),
        json!({"headers": {"X-API-Key": "tvr_other"}}),
        json!({"headers": {"authorization": "Bearer x"}}),
        json!({"headers": {"X-Trace": 5}}),
        json!({"headers": {"X-Trace": "a\r\nInjected: 1"}}),
        json!("fast"),
    ] {
        let e = settle(invoke(&c, "getProject", &[jv(bad.clone())]))
            .await
            .unwrap_err();
        assert_eq!(js_err(&e).0, "invalid_input", "{bad}");
    }
    assert_eq!(sdk_log().await.len(), before, "nothing was sent");
    // Client defaults are checked when the client is built (the package's
    // wrapper reports that on the first call).
    for bad in [
        json!({"timeoutMs": -5}),
        json!({"maxRetries": 99}),
        json!({"onRequest": "log"}),
    ] {
        let opts = jv(json!({"baseUrl": server(), "apiKey": "tvr_x"}));
        for (k, v) in bad.as_object().unwrap() {
            js_sys::Reflect::set(&opts, &JsValue::from_str(k), &jv(v.clone())).unwrap();
        }
        let e = tavora_wasm::js::client::JsClient::new(opts)
            .err()
            .expect("refused");
        assert_eq!(js_err(&e).0, "invalid_input", "{bad}");
    }
    assert_eq!(sdk_log().await.len(), before, "nothing was sent");
}

#[wasm_bindgen_test]
async fn r9_hooks_see_every_attempt_and_never_a_secret() {
    fresh().await;
    let record = |kind: &str| -> JsValue {
        js_sys::Function::new_with_args(
            "info",
            &format!("(globalThis.tavoraHooks ||= []).push(['{kind}', info]); if (info.path === '/agents') throw new Error('a broken hook');"),
        )
        .into()
    };
    js_sys::Reflect::set(
        &js_sys::global(),
        &"tavoraHooks".into(),
        &js_sys::Array::new(),
    )
    .unwrap();
    let c = js_client_with(&[
        ("onRequest", record("request")),
        ("onResponse", record("response")),
    ])
    .await;
    settle(invoke(&c, "getProject", &[])).await.unwrap();
    fault_once(
        "GET",
        "/project",
        json!({"status": 503, "headers": {"Retry-After": "0"}}),
    )
    .await;
    settle(invoke(&c, "getProject", &[])).await.unwrap();
    // A hook that throws changes nothing.
    settle(invoke(
        &c,
        "createAgentSession",
        &[jv(json!({"title": "hooked"}))],
    ))
    .await
    .unwrap();

    let seen = js_sys::Reflect::get(&js_sys::global(), &"tavoraHooks".into()).unwrap();
    let text = js_sys::JSON::stringify(&seen).unwrap().as_string().unwrap();
    assert!(
        !text.contains("tvr_") && !text.contains("eyJ"),
        "a key or JWT reached a hook: {text}"
    );
    let seen: Value = serde_json::from_str(&text).unwrap();
    let project: Vec<&Value> = seen
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e[1]["path"] == "/project")
        .collect();
    let kinds: Vec<(String, u64, Value)> = project
        .iter()
        .map(|e| {
            (
                e[0].as_str().unwrap().to_string(),
                e[1]["attempt"].as_u64().unwrap(),
                e[1]["status"].clone(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("request".into(), 1, Value::Null),
            ("response".into(), 1, json!(200)),
            ("request".into(), 1, Value::Null),
            ("response".into(), 1, json!(503)),
            ("request".into(), 2, Value::Null),
            ("response".into(), 2, json!(200)),
        ],
        "{text}"
    );
    assert_eq!(
        project[4][1]["waitedMs"].as_f64(),
        Some(0.0),
        "the retry says how long it waited"
    );
    assert_eq!(project[1][1]["method"], "GET");
    assert!(project[1][1]["durationMs"].as_f64().is_some());
    assert_eq!(count(CREATE).await, 1);
}

#[wasm_bindgen_test]
async fn r10_a_run_is_retried_on_429_and_never_on_a_500() {
    let c = fresh().await;
    let session = c.create_agent_session(&Default::default()).await.unwrap();
    let run = format!("/agents/{}/run", session.id);
    fault_once("POST", &run, json!({"status": 429, "body": {"error": "rate_limited", "code": "rate_limited", "message": "busy", "retry_after_seconds": 0.2}})).await;
    let summary = c
        .run_agent(&session.id, "hello", |_, _| {}, None)
        .await
        .unwrap();
    assert!(summary.steps > 0);
    assert_eq!(attempts("POST", &run).await.len(), 2);

    fault_once("POST", &run, json!({"status": 500})).await;
    let e = c
        .run_agent(&session.id, "hello", |_, _| {}, None)
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(500));
    assert_eq!(attempts("POST", &run).await.len(), 3, "not sent again");
}

#[wasm_bindgen_test]
async fn r11_tolerance_empty_answers_null_answers_and_empty_filters() {
    fresh().await;
    let c = js_client().await;
    settle(invoke(&c, "getProject", &[])).await.unwrap();
    // An empty 2xx is undefined, not a decode error.
    fault_once("GET", "/project", json!({"status": 204})).await;
    assert!(settle(invoke(&c, "getProject", &[]))
        .await
        .unwrap()
        .is_undefined());
    fault_once("GET", "/project", json!({"status": 200, "body": ""})).await;
    assert!(settle(invoke(&c, "getProject", &[]))
        .await
        .unwrap()
        .is_undefined());

    // An input answer of null is sent as null (the server refuses it here:
    // nothing is pending; what matters is what it received).
    let s = settle(invoke(
        &c,
        "createAgentSession",
        &[jv(json!({"title": "t"}))],
    ))
    .await
    .unwrap();
    let id = prop(&s, "id").as_string().unwrap();
    let _ = settle(invoke(
        &c,
        "respondToAgentInput",
        &[
            JsValue::from_str(&id),
            JsValue::from_str("rq_1"),
            JsValue::NULL,
        ],
    ))
    .await;
    let sent = body(&last("POST", &format!("/agents/{id}/input")).await);
    assert_eq!(sent, json!({"request_id": "rq_1", "value": null}));

    // Empty-string filters are left out of the query.
    settle(invoke(
        &c,
        "listAllDocuments",
        &[jv(json!({"q": "", "source": "web"}))],
    ))
    .await
    .unwrap();
    let q = query(&last("GET", "/documents").await);
    assert!(!q.contains("q="), "{q}");
    assert!(q.contains("source=web"), "{q}");
}

/// A `fetch` that answers every request with `body` as an event stream.
fn stream_fetch(body: &str) -> js_sys::Function {
    js_sys::Function::new_with_args(
        "url, init",
        &format!(
            "return Promise.resolve(new Response({}, {{ status: 200, headers: {{ 'Content-Type': 'text/event-stream' }} }}));",
            Value::String(body.to_string())
        ),
    )
}

const DONE_UNTERMINATED: &str = "event: step\ndata: {\"type\":\"response\",\"content\":\"hi\"}\n\nevent: done\ndata: {\"type\":\"done\",\"summary\":{\"steps\":1}}\n";
const DONE_CUT: &str = "event: step\ndata: {\"type\":\"response\",\"content\":\"hi\"}\n\nevent: done\ndata: {\"type\":\"do";
const TWO_LINES: &str = "event: step\ndata: {\"type\":\"sandbox_event\"}\ndata: {\"type\":\"response\",\"content\":\"hi\"}\n\nevent: done\ndata: {\"type\":\"done\",\"summary\":{\"steps\":2}}\n\n";

#[wasm_bindgen_test]
async fn r12_streams_a_final_block_without_its_blank_line_and_data_lines_each_json() {
    // The Rust run loop.
    let rust = |body: &str| {
        tavora_wasm::Client::with_api_key(server(), "tvr_x", Some(stream_fetch(body))).unwrap()
    };
    let mut kinds = Vec::new();
    let summary = rust(DONE_UNTERMINATED)
        .run_agent("as_1", "hi", |_, e| kinds.push(e.kind.clone()), None)
        .await
        .unwrap();
    assert_eq!(summary.steps, 1);
    assert_eq!(kinds, ["response", "done"]);
    let e = rust(DONE_CUT)
        .run_agent("as_1", "hi", |_, _| {}, None)
        .await
        .unwrap_err();
    assert_eq!(
        e.code(),
        "stream_interrupted",
        "a line cut before its end is still discarded"
    );
    let mut kinds = Vec::new();
    rust(TWO_LINES)
        .run_agent(
            "as_1",
            "hi",
            |name, e| kinds.push(format!("{name}:{}", e.kind)),
            None,
        )
        .await
        .unwrap();
    assert_eq!(kinds, ["step:sandbox_event", "step:response", "done:done"]);

    // The JS run loop.
    for (body, want) in [
        (DONE_UNTERMINATED, Ok(vec!["step:response", "done:done"])),
        (DONE_CUT, Err("stream_interrupted")),
        (
            TWO_LINES,
            Ok(vec!["step:sandbox_event", "step:response", "done:done"]),
        ),
    ] {
        let opts = jv(json!({"baseUrl": server(), "apiKey": "tvr_x"}));
        js_sys::Reflect::set(&opts, &"fetch".into(), &stream_fetch(body)).unwrap();
        let c = tavora_wasm::js::client::JsClient::new(opts).unwrap();
        js_sys::Reflect::set(
            &js_sys::global(),
            &"tavoraSeen".into(),
            &js_sys::Array::new(),
        )
        .unwrap();
        let on_event = js_sys::Function::new_with_args(
            "name, payload",
            "globalThis.tavoraSeen.push(name + ':' + payload.type)",
        );
        let r = settle(c.run_agent(
            "as_1".into(),
            "hi".into(),
            on_event.into(),
            JsValue::UNDEFINED,
        ))
        .await;
        let seen: Vec<String> = js_sys::Array::from(
            &js_sys::Reflect::get(&js_sys::global(), &"tavoraSeen".into()).unwrap(),
        )
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
        match want {
            Ok(kinds) => {
                assert!(r.is_ok(), "{body:?}: {r:?}");
                assert_eq!(seen, kinds, "{body:?}");
            }
            Err(code) => assert_eq!(js_err(&r.unwrap_err()).0, code, "{body:?}"),
        }
    }
}

#[wasm_bindgen_test]
async fn r13_a_silent_stream_is_closed_after_idle_timeout_ms_but_keepalives_count() {
    let c = fresh().await;
    let session = c.create_agent_session(&Default::default()).await.unwrap();
    let run = format!("/agents/{}/run", session.id);
    // Each chunk waits longer than the idle limit.
    fault_once("POST", &run, json!({"chunk_delay_ms": 1500})).await;
    let quiet = c.with_options(
        RequestOptions {
            idle_timeout_ms: Some(400.0),
            ..Default::default()
        },
        None,
    );
    let started = js_sys::Date::now();
    let e = quiet
        .run_agent(&session.id, "hello", |_, _| {}, None)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "stream_idle_timeout", "{e:?}");
    assert!(
        js_sys::Date::now() - started < 1400.0,
        "closed before the next chunk"
    );

    // The JS loop, with the option in runAgent's options.
    let js = js_client().await;
    fault_once("POST", &run, json!({"chunk_delay_ms": 1500})).await;
    let noop = js_sys::Function::new_no_args("");
    let e = settle(js.run_agent(
        JsValue::from_str(&session.id),
        "hello".into(),
        noop.clone().into(),
        jv(json!({"idleTimeoutMs": 400})),
    ))
    .await
    .unwrap_err();
    let (code, _, details) = js_err(&e);
    assert_eq!(code, "stream_idle_timeout");
    assert_eq!(prop(&details, "idleTimeoutMs").as_f64(), Some(400.0));
    let streams = requests().await["streams"].clone();
    let last = streams.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["completed"], false);

    // Paused on input, the server's keepalive comments every 2 s keep a
    // 2.5 s limit from firing.
    let patient = c.with_options(
        RequestOptions {
            idle_timeout_ms: Some(2500.0),
            ..Default::default()
        },
        None,
    );
    let (c2, id2) = (c.clone(), session.id.clone());
    let answered = std::rc::Rc::new(std::cell::Cell::new(false));
    let flag = answered.clone();
    let summary = patient
        .run_agent(
            &session.id,
            "please confirm",
            move |name, ev| {
                if name == "input_request" {
                    let rid = ev.as_input_request().unwrap().request_id;
                    let (c, id, flag) = (c2.clone(), id2.clone(), flag.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        tavora_wasm::web::timer::sleep(4500.0, None).await.unwrap();
                        c.respond_to_agent_input(&id, &rid, &json!(true))
                            .await
                            .unwrap();
                        flag.set(true);
                    });
                }
            },
            None,
        )
        .await
        .unwrap();
    // The answer's own response and the stream's end race each other.
    for _ in 0..200 {
        if answered.get() {
            break;
        }
        tavora_wasm::web::timer::sleep(10.0, None).await.unwrap();
    }
    assert!(
        answered.get(),
        "answered after 4.5 s of silence but keepalives"
    );
    assert!(summary.steps > 0);
}

#[wasm_bindgen_test]
async fn r14_an_upload_sends_the_blob_with_progress_never_copying_it_into_wasm_memory() {
    fresh().await;
    let c = js_client().await;
    let index = settle(invoke(&c, "createIndex", &[jv(json!({"name": "uploads"}))]))
        .await
        .unwrap();
    let index_id = prop(&index, "id").as_string().unwrap();
    let make = js_sys::Function::new_no_args(
        "const n = 32 * 1024 * 1024; const b = new Uint8Array(n);
         for (let i = 0; i < n; i += 4096) b[i] = 65 + (i % 26);
         return new Blob([b], { type: 'text/plain' });",
    );
    let blob = make.call0(&JsValue::NULL).unwrap();
    let digest = js_sys::Function::new_with_args(
        "blob",
        "return blob.arrayBuffer().then((b) => crypto.subtle.digest('SHA-256', b)).then((d) =>
           [...new Uint8Array(d)].map((x) => x.toString(16).padStart(2, '0')).join(''));",
    );
    let sha = settle(digest.call1(&JsValue::NULL, &blob).unwrap().into())
        .await
        .unwrap()
        .as_string()
        .unwrap();
    js_sys::Reflect::set(
        &js_sys::global(),
        &"tavoraProgress".into(),
        &js_sys::Array::new(),
    )
    .unwrap();
    let on_progress = js_sys::Function::new_with_args(
        "loaded, total",
        "globalThis.tavoraProgress.push([loaded, total])",
    );
    let opts = jv(json!({"filename": "big.txt"}));
    js_sys::Reflect::set(&opts, &"onProgress".into(), &on_progress).unwrap();
    // The first attempt is refused (429): the same Blob is sent again.
    fault(json!({"match": {"method": "POST", "path": format!("/api/sdk/indexes/{index_id}/documents")}, "times": 1, "action": {"status": 429, "body": {"error": "rate_limited", "code": "rate_limited", "message": "busy", "retry_after_seconds": 0.1}}})).await;
    let memory = || {
        let mem: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
        js_sys::ArrayBuffer::from(mem.buffer()).byte_length() as f64
    };
    let before = memory();
    let doc = settle(c.upload_document(JsValue::from_str(&index_id), blob, opts))
        .await
        .unwrap_or_else(|e| panic!("{e:?}"));
    let grown = memory() - before;
    assert!(grown < 1024.0 * 1024.0, "wasm memory grew by {grown} bytes");
    assert_eq!(
        prop(&doc, "file_size").as_f64(),
        Some(32.0 * 1024.0 * 1024.0)
    );
    assert_eq!(
        prop(&doc, "content_sha256").as_string().as_deref(),
        Some(sha.as_str())
    );
    let progress: Vec<(f64, f64)> = js_sys::Array::from(
        &js_sys::Reflect::get(&js_sys::global(), &"tavoraProgress".into()).unwrap(),
    )
    .iter()
    .map(|p| {
        let p = js_sys::Array::from(&p);
        (p.get(0).as_f64().unwrap(), p.get(1).as_f64().unwrap())
    })
    .collect();
    let (loaded, total) = *progress.last().expect("onProgress was called");
    assert!(
        total > 32.0 * 1024.0 * 1024.0,
        "the body: the file plus its framing ({total})"
    );
    assert_eq!(loaded, total);
    assert_eq!(
        count(&format!("POST /api/sdk/indexes/{index_id}/documents")).await,
        2
    );
}
