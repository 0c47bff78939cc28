use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::*;
use crate::testutil::{parse_sse, wait_until, TestServer};

/// The end of an input_request frame (serde_json sorts keys, `type` is last).
const IR_END: &str = "\"type\":\"input_request\"}\n\n";

/// Reads a streaming response until `needle` has arrived; returns all text so far.
async fn read_until(r: &mut reqwest::Response, buf: &mut Vec<u8>, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let text = String::from_utf8_lossy(buf).into_owned();
        if text.contains(needle) {
            return text;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {needle:?} in {text:?}"
        );
        match tokio::time::timeout(Duration::from_secs(10), r.chunk()).await {
            Ok(Ok(Some(c))) => buf.extend_from_slice(&c),
            other => panic!("stream ended before {needle:?}: {other:?} / {text:?}"),
        }
    }
}

async fn read_rest(mut r: reqwest::Response, mut buf: Vec<u8>) -> String {
    while let Some(c) = r.chunk().await.unwrap() {
        buf.extend_from_slice(&c);
    }
    String::from_utf8(buf).unwrap()
}

/// Session `id` and its recorded steps, as `GET /agents/{id}` answers them.
async fn agent_detail(s: &TestServer, key: &str, id: &str) -> Value {
    s.sdk_get(key, &format!("/api/sdk/agents/{id}"))
        .await
        .json()
        .await
        .unwrap()
}

/// The `step_type` of each step, in order.
fn step_kinds(steps: &[Value]) -> Vec<&str> {
    steps
        .iter()
        .map(|x| x["step_type"].as_str().unwrap())
        .collect()
}

#[test]
fn script_selection() {
    assert_eq!(pick_script("hello").unwrap(), Script::Default);
    assert_eq!(
        pick_script("please CONFIRM").unwrap(),
        Script::Input(InputKind::Confirm)
    );
    assert_eq!(
        pick_script("choose one").unwrap(),
        Script::Input(InputKind::Choice)
    );
    assert_eq!(
        pick_script("what's your name?").unwrap(),
        Script::Input(InputKind::Text)
    );
    assert_eq!(pick_script("big:1048576").unwrap(), Script::Big(1_048_576));
    assert_eq!(pick_script("many:25").unwrap(), Script::Many(25));
    assert_eq!(pick_script("this will fail").unwrap(), Script::Fail);
    assert_eq!(pick_script("surprise me").unwrap(), Script::Surprise);
    assert!(pick_script("big:").is_err());
    assert!(pick_script("big:999999999999").is_err());
    assert_eq!(big_text(1000).len(), 1000);
    assert_eq!(big_text(3).len(), 3);
    assert!(big_text(100).contains('😀'));
}

#[tokio::test]
async fn sessions_crud_and_validation() {
    let s = TestServer::start().await;
    let key = s.api_key().await;
    // index_ids must name indexes of the workspace.
    let idx: Value = s
        .sdk_post(&key, "/api/sdk/indexes", json!({"name": "kb"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let idx = idx["id"].as_str().unwrap().to_string();
    let r = s
        .sdk_post(
            &key,
            "/api/sdk/agents",
            json!({"index_ids": [idx.clone(), "idx_nope"]}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["field"], "index_ids");
    let r = s
        .sdk_post(
            &key,
            "/api/sdk/agents",
            json!({"title": "Trip", "model": "m1", "tools": ["web_search"], "index_ids": [idx],
                   "metadata": {"k": 1}, "agent_id": "ag_1", "target": "draft"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    assert_eq!(r.headers()["content-type"], "application/json");
    let a: Value = r.json().await.unwrap();
    assert!(a["id"].as_str().unwrap().starts_with("as_"));
    assert_eq!(a["project_id"], crate::state::DEMO_WORKSPACE);
    assert_eq!(a["status"], "active");
    assert_eq!(a["title"], "Trip");
    assert_eq!(a["model"], "m1");
    assert_eq!(a["tools_config"], json!(["web_search"]));
    assert_eq!(a["index_ids"], json!([idx]));
    assert_eq!(a["metadata"], json!({"k": 1}));
    assert_eq!(a["target"], "draft");
    for k in ["system_prompt", "created_at", "updated_at"] {
        assert!(a[k].is_string(), "{k}");
    }
    let b: Value = s
        .sdk_post(&key, "/api/sdk/agents", json!({}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(b.get("index_ids").is_none(), "empty index_ids are omitted");
    let c = s.create_session(&key, json!({"title": "third"})).await;

    // Newest first, paginated.
    let l: Value = s
        .sdk_get(&key, "/api/sdk/agents?limit=50&offset=0")
        .await
        .json()
        .await
        .unwrap();
    let ids: Vec<_> = l["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].clone())
        .collect();
    assert_eq!(ids, vec![json!(c), b["id"].clone(), a["id"].clone()]);
    let l: Value = s
        .sdk_get(&key, "/api/sdk/agents?limit=1&offset=1")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(l["sessions"].as_array().unwrap().len(), 1);
    assert_eq!(l["sessions"][0]["id"], b["id"]);
    assert_eq!(
        s.sdk_get(&key, "/api/sdk/agents?limit=x").await.status(),
        400
    );

    // Other workspaces don't see them.
    let key2 = s
        .api_key_for("demo@tavora.dev", crate::state::SECOND_WORKSPACE)
        .await;
    let l2: Value = s
        .sdk_get(&key2, "/api/sdk/agents")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(l2, json!({"sessions": []}));
    let id = a["id"].as_str().unwrap();
    assert_eq!(
        s.sdk_get(&key2, &format!("/api/sdk/agents/{id}"))
            .await
            .status(),
        404
    );

    let d: Value = s
        .sdk_get(&key, &format!("/api/sdk/agents/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(d["session"], a);
    assert_eq!(d["steps"], json!([]));

    let r = s
        .delete(&format!("/api/sdk/agents/{id}"))
        .header("X-API-Key", &key)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert!(r.bytes().await.unwrap().is_empty());
    let r = s.sdk_get(&key, &format!("/api/sdk/agents/{id}")).await;
    assert_eq!(r.status(), 404);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["code"], "NOT_FOUND");
    assert_eq!(e["error"], "NOT_FOUND");
    let r = s
        .delete(&format!("/api/sdk/agents/{id}"))
        .header("X-API-Key", &key)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);

    for bad in [
        json!({"index_ids": "idx_1"}),
        json!({"index_ids": [1, 2]}),
        json!({"target": "prod"}),
        json!({"target": 1}),
        json!({"title": 5}),
        json!({"tools": [true]}),
        json!([1, 2]),
    ] {
        let r = s
            .sdk_post(&key, "/api/sdk/agents", bad.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{bad}");
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["code"], "invalid_request", "{bad}");
    }
    let r = s
        .sdk_post(&key, "/api/sdk/agents", json!({"target": "live"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);

    let p: Value = s
        .sdk_get(&key, "/api/sdk/agents/system-prompt")
        .await
        .json()
        .await
        .unwrap();
    assert!(!p["prompt"].as_str().unwrap().is_empty());
}

#[tokio::test]
async fn default_run_framing_order_and_recording() {
    let s = TestServer::start().await;
    let key = s.api_key().await;
    let id = s.create_session(&key, json!({})).await;
    let msg = "Plan a naïve trip to Lisbon";
    let r = s.run(&key, &id, msg).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "text/event-stream");
    assert_eq!(r.headers()["cache-control"], "no-cache");
    let text = r.text().await.unwrap();
    // Framing: every block is a comment or exactly `event: X\ndata: {json}`.
    assert!(text.ends_with("\n\n"));
    assert!(!text.contains('\r'));
    let blocks: Vec<&str> = text.trim_end_matches("\n\n").split("\n\n").collect();
    let mut comments = 0;
    for b in &blocks {
        if b.starts_with(':') {
            assert_eq!(*b, ": keepalive");
            comments += 1;
            continue;
        }
        let lines: Vec<&str> = b.split('\n').collect();
        assert_eq!(lines.len(), 2, "{b:?}");
        assert!(lines[0].starts_with("event: "));
        let data = lines[1].strip_prefix("data: ").unwrap();
        let _: Value = serde_json::from_str(data).unwrap();
    }
    assert!(comments >= 1);
    let events = parse_sse(&text);
    let names: Vec<&str> = events.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(
        names,
        ["step", "step", "step", "step", "step", "step", "done"]
    );
    let types: Vec<&str> = events
        .iter()
        .map(|e| e.1["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "sandbox_event",
            "execute_js",
            "execute_js_result",
            "tool_call",
            "tool_result",
            "response",
            "done"
        ]
    );
    let ev = |i: usize| &events[i].1;
    assert_eq!(ev(0)["args"]["kind"], "ai");
    assert!(ev(0)["args"]["summary"]
        .as_str()
        .unwrap()
        .starts_with("Thinking about"));
    assert!(ev(1)["content"].as_str().unwrap().contains("return"));
    assert_eq!(ev(2)["result"], json!({"words": 6, "chars": 27}));
    assert!(ev(2)["content"].is_string());
    assert_eq!(ev(3)["tool"], "web_search");
    assert_eq!(ev(3)["args"]["query"], msg);
    assert_eq!(ev(4)["tool"], "web_search");
    assert!(ev(4)["result"].is_object());
    let resp = ev(5)["content"].as_str().unwrap();
    assert!(resp.contains(&format!("> {msg}")), "{resp}");
    assert!(resp.contains("\n- ") && resp.contains('`') && resp.contains("😀"));
    assert!(ev(5)["tokens"]["completion"].as_i64().unwrap() > 0);
    let sum =
        ev(0)["tokens"]["prompt"].as_i64().unwrap() + ev(5)["tokens"]["prompt"].as_i64().unwrap();
    let done = ev(6);
    assert_eq!(done["summary"]["session_id"], id.as_str());
    assert_eq!(done["summary"]["steps"], 6);
    assert_eq!(done["summary"]["tokens"]["prompt"], sum);
    assert_eq!(
        done["summary"]["tokens"]["completion"].as_i64().unwrap(),
        ev(0)["tokens"]["completion"].as_i64().unwrap()
            + ev(5)["tokens"]["completion"].as_i64().unwrap()
    );

    let d = agent_detail(&s, &key, &id).await;
    let steps = d["steps"].as_array().unwrap();
    let kinds = step_kinds(steps);
    assert_eq!(
        kinds,
        [
            "user_message",
            "sandbox_event",
            "execute_js",
            "execute_js_result",
            "tool_call",
            "tool_result",
            "response",
            "done"
        ]
    );
    assert_eq!(steps[0]["content"], msg);
    assert_eq!(steps[4]["tool_name"], "web_search");
    assert_eq!(steps[7]["step_index"], 7);
    assert_eq!(steps[0]["session_id"], id.as_str());
    assert_eq!(d["session"]["status"], "completed");
    assert_eq!(d["session"]["step_count"], 6);
    assert_eq!(d["session"]["prompt_tokens"], sum);
    assert!(d["session"]["finished_at"].is_string());
    // A second run appends and bumps the counters.
    s.run_text(&key, &id, "again").await;
    let d: Value = s
        .sdk_get(&key, &format!("/api/sdk/agents/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(d["steps"].as_array().unwrap().len(), 16);
    assert_eq!(d["session"]["step_count"], 12);
}

#[tokio::test]
async fn run_rejects_before_streaming() {
    let s = TestServer::start().await;
    let key = s.api_key().await;
    let id = s.create_session(&key, json!({})).await;
    for body in [
        json!({}),
        json!({"message": ""}),
        json!({"message": "  "}),
        json!({"message": 3}),
    ] {
        let r = s
            .sdk_post(&key, &format!("/api/sdk/agents/{id}/run"), body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{body}");
        assert_eq!(r.headers()["content-type"], "application/json");
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["field"], "message");
    }
    let r = s.run(&key, "as_missing", "hi").await;
    assert_eq!(r.status(), 404);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["code"], "NOT_FOUND");
    let r = s.run("tvr_bogus", &id, "hi").await;
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn input_request_pauses_until_input() {
    let s = TestServer::start().await;
    let key = s.api_key().await;
    let id = s.create_session(&key, json!({})).await;
    let mut r = s.run(&key, &id, "Please confirm the booking").await;
    let mut buf = Vec::new();
    let text = read_until(&mut r, &mut buf, IR_END).await;
    let events = parse_sse(&text);
    let (name, ir) = events.last().unwrap();
    assert_eq!(name, "input_request");
    assert_eq!(ir["type"], "input_request");
    assert_eq!(ir["args"]["input_type"], "confirm");
    assert!(!ir["args"]["message"].as_str().unwrap().is_empty());
    let rid = ir["args"]["request_id"].as_str().unwrap().to_string();

    // Stream is paused: nothing else arrives for a while.
    let pending = tokio::time::timeout(Duration::from_millis(300), r.chunk()).await;
    assert!(pending.is_err(), "stream should be paused: {pending:?}");

    let input = |body: Value| {
        s.sdk_post(&key, &format!("/api/sdk/agents/{id}/input"), body)
            .send()
    };
    assert_eq!(input(json!({"value": true})).await.unwrap().status(), 400);
    assert_eq!(
        input(json!({"request_id": "ir_nope", "value": true}))
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        input(json!({"request_id": &rid, "value": "yes"}))
            .await
            .unwrap()
            .status(),
        400
    );
    let r404 = s
        .sdk_post(
            &key,
            "/api/sdk/agents/as_missing/input",
            json!({"request_id": &rid, "value": true}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r404.status(), 404);
    let ok = input(json!({"request_id": &rid, "value": true}))
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.json::<Value>().await.unwrap(), json!({"ok": true}));
    let again = input(json!({"request_id": &rid, "value": true}))
        .await
        .unwrap();
    assert_eq!(again.status(), 409);
    assert_eq!(
        again.json::<Value>().await.unwrap()["code"],
        "input_already_resolved"
    );

    let text = read_rest(r, buf).await;
    let events = parse_sse(&text);
    let types: Vec<&str> = events
        .iter()
        .map(|e| e.1["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        ["sandbox_event", "input_request", "response", "done"]
    );
    assert!(events[2].1["content"]
        .as_str()
        .unwrap()
        .contains("You answered: `true`"));
    assert_eq!(events[3].1["summary"]["steps"], 3);
    // History records the answer after the request.
    let d = agent_detail(&s, &key, &id).await;
    let steps = d["steps"].as_array().unwrap();
    let kinds = step_kinds(steps);
    assert_eq!(
        kinds,
        [
            "user_message",
            "sandbox_event",
            "input_request",
            "input_response",
            "response",
            "done"
        ]
    );
    assert_eq!(
        steps[3]["tool_args"],
        json!({"request_id": rid, "value": true})
    );
}

#[tokio::test]
async fn choice_and_text_inputs_with_keepalive() {
    let s = TestServer::start().await;
    let key = s.api_key().await;
    let id = s.create_session(&key, json!({})).await;
    let mut r = s.run(&key, &id, "choose a colour").await;
    let mut buf = Vec::new();
    let text = read_until(&mut r, &mut buf, IR_END).await;
    let ir = parse_sse(&text).pop().unwrap().1;
    assert_eq!(ir["args"]["options"], json!(["red", "green", "blue"]));
    let rid = ir["args"]["request_id"].as_str().unwrap().to_string();
    let input = |v: Value| {
        s.sdk_post(
            &key,
            &format!("/api/sdk/agents/{id}/input"),
            json!({"request_id": &rid, "value": v}),
        )
        .send()
    };
    assert_eq!(input(json!("purple")).await.unwrap().status(), 400);
    assert_eq!(input(json!("green")).await.unwrap().status(), 200);
    let text = read_rest(r, buf).await;
    assert!(text.contains("You answered: `green`"));

    // Text input; wait past one keepalive interval before answering.
    let mut r = s.run(&key, &id, "What is your name?").await;
    let mut buf = Vec::new();
    let text = read_until(&mut r, &mut buf, IR_END).await;
    let ir = parse_sse(&text).pop().unwrap().1;
    assert_eq!(ir["args"]["placeholder"], "Ada Lovelace");
    let before = buf.len();
    let text = read_until(&mut r, &mut buf, ": keepalive\n\n").await;
    assert!(text[before..].contains(": keepalive"));
    let rid = ir["args"]["request_id"].as_str().unwrap();
    let ok = s
        .sdk_post(
            &key,
            &format!("/api/sdk/agents/{id}/input"),
            json!({"request_id": rid, "value": "Grace"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let text = read_rest(r, buf).await;
    let events = parse_sse(&text);
    assert_eq!(events.last().unwrap().0, "done");
    assert!(text.contains("Nice to meet you, **Grace**!"));
}

#[tokio::test]
async fn fail_surprise_many_big() {
    let s = TestServer::start().await;
    let key = s.api_key().await;
    let id = s.create_session(&key, json!({})).await;

    let events = parse_sse(&s.run_text(&key, &id, "make it fail").await);
    let (name, last) = events.last().unwrap();
    assert_eq!(name, "error");
    assert_eq!(last["type"], "error");
    assert!(!last["content"].as_str().unwrap().is_empty());
    assert!(events.iter().all(|e| e.0 != "done"));
    let d: Value = s
        .sdk_get(&key, &format!("/api/sdk/agents/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(d["session"]["status"], "error");

    let events = parse_sse(&s.run_text(&key, &id, "surprise me").await);
    assert!(events
        .iter()
        .any(|e| e.0 == "step" && e.1["type"] == "quantum_leap"));
    assert!(events.iter().any(|e| e.0 == "telemetry"));
    assert_eq!(events.last().unwrap().0, "done");

    let events = parse_sse(&s.run_text(&key, &id, "many:250").await);
    assert_eq!(events.len(), 251);
    assert!(events[..250]
        .iter()
        .all(|e| e.0 == "step" && e.1["type"] == "sandbox_event"));
    assert_eq!(events[250].1["summary"]["steps"], 250);

    let n = 1_048_576;
    let events = parse_sse(&s.run_text(&key, &id, &format!("big:{n}")).await);
    let names: Vec<&str> = events.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(names, ["step", "step", "done"]);
    assert_eq!(events[0].1["type"], "execute_js_result");
    assert_eq!(events[0].1["content"].as_str().unwrap().len(), n);
    assert_eq!(events[1].1["type"], "response");
}

#[tokio::test]
async fn pacing_uses_stream_delay() {
    let s = TestServer::start().await;
    let key = s.api_key().await;
    let id = s.create_session(&key, json!({})).await;
    s.control("/__test/config", json!({"stream_delay_ms": 80}))
        .await;
    let t = Instant::now();
    s.run_text(&key, &id, "hello").await;
    // 7 events → 6 gaps of 80 ms.
    assert!(
        t.elapsed() >= Duration::from_millis(480),
        "{:?}",
        t.elapsed()
    );
    // many: does not pace its bulk events.
    let t = Instant::now();
    s.run_text(&key, &id, "many:40").await;
    assert!(t.elapsed() < Duration::from_millis(40 * 80));
}

#[tokio::test]
async fn client_disconnect_is_recorded() {
    let s = TestServer::start().await;
    let key = s.api_key().await;
    let id = s.create_session(&key, json!({})).await;
    s.control("/__test/config", json!({"stream_delay_ms": 400}))
        .await;
    let mut r = s.run(&key, &id, "hello").await;
    let mut buf = Vec::new();
    read_until(&mut r, &mut buf, "event: step").await;
    drop(r);
    let log = wait_until(&s, |v| v["streams"][0]["client_disconnected"] == true).await;
    let st = &log["streams"][0];
    assert_eq!(st["path"], format!("/api/sdk/agents/{id}/run"));
    assert_eq!(st["completed"], false);
    assert!(st["events_sent"].as_u64().unwrap() < 7);
    // Also while paused on an input request.
    s.control("/__test/config", json!({"stream_delay_ms": 0}))
        .await;
    let mut r = s.run(&key, &id, "confirm?").await;
    let mut buf = Vec::new();
    read_until(&mut r, &mut buf, "event: input_request").await;
    drop(r);
    wait_until(&s, |v| v["streams"][1]["client_disconnected"] == true).await;
    // The paused request can no longer be answered.
    let text = String::from_utf8_lossy(&buf).into_owned();
    let rid = text
        .split("\"request_id\":\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let r = s
        .sdk_post(
            &key,
            &format!("/api/sdk/agents/{id}/input"),
            json!({"request_id": rid, "value": true}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
}
