use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::clock::parse_rfc3339;
use crate::state::DEMO_WORKSPACE;
use crate::testutil::{parse_sse, wait_until, TestServer};

fn date_secs(r: &reqwest::Response) -> i64 {
    let d = httpdate::parse_http_date(r.headers()["date"].to_str().unwrap()).unwrap();
    d.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[tokio::test]
async fn control_routes_need_the_flag() {
    let s = TestServer::start_with(|c| c.test_control = false).await;
    for path in [
        "/__test/reset",
        "/__test/faults",
        "/__test/clock",
        "/__test/jwt",
    ] {
        let r = s.post(path).json(&json!({})).send().await.unwrap();
        assert_eq!(r.status(), 404, "{path}");
    }
    assert_eq!(
        s.get("/__test/requests").send().await.unwrap().status(),
        404
    );
}

#[tokio::test]
async fn status_fault_default_body_custom_body_and_times() {
    let s = TestServer::start().await;
    let key = s.api_key().await;
    s.fault(json!({"match": {"method": "GET", "path": "/api/sdk/project"}, "times": 2, "action": {"status": 503}}))
        .await;
    for _ in 0..2 {
        let r = s.sdk_get(&key, "/api/sdk/project").await;
        assert_eq!(r.status(), 503);
        assert_eq!(r.headers()["content-type"], "application/json");
        let b: Value = r.json().await.unwrap();
        assert_eq!(b["code"], "service_unavailable");
        assert_eq!(b["error"], "service_unavailable");
        assert!(b["message"].is_string());
    }
    assert_eq!(s.sdk_get(&key, "/api/sdk/project").await.status(), 200);

    // Custom JSON body + headers; method mismatch doesn't match.
    s.fault(json!({"match": {"method": "POST", "path_prefix": "/api/sdk/"},
                   "action": {"status": 429, "body": {"code": "rate_limited", "message": "slow down", "retry_after_seconds": 3},
                              "headers": {"Retry-After": "3"}}}))
        .await;
    assert_eq!(s.sdk_get(&key, "/api/sdk/project").await.status(), 200);
    let r = s
        .sdk_post(&key, "/api/sdk/agents", json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "3");
    let b: Value = r.json().await.unwrap();
    assert_eq!(
        b,
        json!({"code": "rate_limited", "message": "slow down", "retry_after_seconds": 3})
    );

    // String body goes out raw as text/plain.
    s.fault(json!({"match": {"path": "/api/sdk/metrics"}, "action": {"status": 502, "body": "Bad Gateway"}}))
        .await;
    let r = s.sdk_get(&key, "/api/sdk/metrics").await;
    assert_eq!(r.status(), 502);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    assert_eq!(r.text().await.unwrap(), "Bad Gateway");

    // times: 0 = until reset; faults apply even to the exchange (no key needed).
    s.fault(json!({"match": {"path": "/api/auth/session-token"}, "times": 0, "action": {"status": 401}})).await;
    let jwt = s.jwt("demo@tavora.dev").await;
    for _ in 0..3 {
        let r = s
            .post("/api/auth/session-token")
            .bearer_auth(&jwt)
            .json(&json!({"workspace_id": DEMO_WORKSPACE}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
        assert_eq!(r.json::<Value>().await.unwrap()["code"], "unauthorized");
    }
    let listed: Value = s
        .get("/__test/faults")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["faults"].as_array().unwrap().len(), 1);
    assert_eq!(listed["faults"][0]["remaining"], Value::Null);
    s.control("/__test/reset", json!({})).await;
    s.api_key().await;
    // Control routes are never faulted.
    s.fault(json!({"match": {"path_prefix": "/"}, "times": 0, "action": {"status": 500}}))
        .await;
    assert_eq!(
        s.get("/__test/requests").send().await.unwrap().status(),
        200
    );
    let r = s.delete("/__test/faults").send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(s.sdk_get(&key, "/api/sdk/project").await.status(), 200);
}

#[tokio::test]
async fn bad_fault_specs_are_400() {
    let s = TestServer::start().await;
    for spec in [
        json!({}),
        json!({"action": {"status": 99}}),
        json!({"action": {"chunk_sizes": []}}),
        json!({"action": {"chunk_sizes": [0]}}),
        json!({"action": {"line_endings": "lfcr"}}),
        json!({"action": {"random_chunks": {"min": 5, "max": 2}}}),
        json!({"action": {"explode": true}}),
        json!({"times": -1, "action": {"status": 500}}),
    ] {
        let r = s.post("/__test/faults").json(&spec).send().await.unwrap();
        assert_eq!(r.status(), 400, "{spec}");
    }
}

#[tokio::test]
async fn delay_fault() {
    let s = TestServer::start().await;
    let key = s.api_key().await;
    s.fault(json!({"match": {"path": "/api/sdk/project"}, "action": {"delay_ms": 300}}))
        .await;
    let t = Instant::now();
    assert_eq!(s.sdk_get(&key, "/api/sdk/project").await.status(), 200);
    assert!(t.elapsed() >= Duration::from_millis(300));
    s.fault(
        json!({"match": {"path": "/api/sdk/project"}, "action": {"delay_ms": 200, "status": 500}}),
    )
    .await;
    let t = Instant::now();
    assert_eq!(s.sdk_get(&key, "/api/sdk/project").await.status(), 500);
    assert!(t.elapsed() >= Duration::from_millis(200));
}

#[tokio::test]
async fn close_fault_drops_the_connection() {
    let s = TestServer::start().await;
    let key = s.api_key().await;
    s.fault(json!({"match": {"path": "/api/sdk/project"}, "action": {"close": true}}))
        .await;
    let err = s
        .get("/api/sdk/project")
        .header("X-API-Key", &key)
        .send()
        .await
        .unwrap_err();
    assert!(err.status().is_none(), "{err:?}");
    assert!(
        err.is_request() || err.is_connect() || err.is_body(),
        "{err:?}"
    );
    assert_eq!(s.sdk_get(&key, "/api/sdk/project").await.status(), 200);
    let log = s.requests().await;
    let entries: Vec<&Value> = log["log"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["path"] == "/api/sdk/project")
        .collect();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["status"], Value::Null);
    assert_eq!(entries[0]["fault"], "fault_1");
    assert_eq!(entries[1]["status"], 200);
    assert_eq!(log["counts"]["GET /api/sdk/project"], 2);
}

/// Runs the default script on `id` and returns the raw body.
async fn raw_run(s: &TestServer, key: &str, id: &str) -> (Vec<u8>, Vec<usize>) {
    let mut r = s.run(key, id, "hello naïve café ✓ 😀").await;
    assert_eq!(r.status(), 200);
    let mut body = Vec::new();
    let mut sizes = Vec::new();
    while let Some(c) = r.chunk().await.unwrap() {
        sizes.push(c.len());
        body.extend_from_slice(&c);
    }
    (body, sizes)
}

#[tokio::test]
async fn cut_after_events() {
    let s = TestServer::start().await;
    let key = s.api_key().await;
    let id = s.create_session(&key, json!({})).await;
    s.fault(
        json!({"match": {"path_prefix": "/api/sdk/agents/"}, "action": {"cut_after_events": 3}}),
    )
    .await;
    let (body, _) = raw_run(&s, &key, &id).await;
    let text = String::from_utf8(body).unwrap();
    assert!(text.ends_with("\n\n"), "ends on a frame boundary");
    let events = parse_sse(&text);
    assert_eq!(events.len(), 3);
    assert!(events.iter().all(|e| e.0 == "step"));
    let log = wait_until(&s, |v| v["streams"][0]["cut"] == true).await;
    assert_eq!(log["streams"][0]["events_sent"], 3);
    assert_eq!(log["streams"][0]["completed"], false);
    assert_eq!(log["streams"][0]["client_disconnected"], false);
    // The next run (fault used up) completes.
    let (body, _) = raw_run(&s, &key, &id).await;
    assert_eq!(
        parse_sse(&String::from_utf8(body).unwrap())
            .last()
            .unwrap()
            .0,
        "done"
    );
    let log = wait_until(&s, |v| v["streams"][1]["completed"] == true).await;
    assert_eq!(log["streams"][1]["events_sent"], 7);
}

#[tokio::test]
async fn chunk_sizes_and_random_chunks_keep_the_bytes() {
    let s = TestServer::start().await;
    let key = s.api_key().await;
    let id = s.create_session(&key, json!({})).await;
    let (plain, plain_sizes) = raw_run(&s, &key, &id).await;
    assert!(plain_sizes.iter().any(|n| *n > 7));

    s.fault(json!({"match": {"path": format!("/api/sdk/agents/{id}/run")}, "action": {"chunk_sizes": [1, 3, 7]}}))
        .await;
    let (chunked, sizes) = raw_run(&s, &key, &id).await;
    assert_eq!(chunked, plain);
    assert!(sizes.iter().all(|n| *n <= 7), "{sizes:?}");
    assert!(sizes.len() >= plain.len() / 7);

    // With a chunk delay the exact sizes are observable on the client.
    s.fault(
        json!({"match": {"path": format!("/api/sdk/agents/{id}/run")},
                   "action": {"chunk_sizes": [5, 11], "chunk_delay_ms": 2, "cut_after_events": 1}}),
    )
    .await;
    let (_, sizes) = raw_run(&s, &key, &id).await;
    let n = sizes.len();
    assert!(n > 4);
    assert_eq!(
        &sizes[..n - 1]
            .iter()
            .step_by(2)
            .copied()
            .collect::<Vec<_>>()[..2],
        &[5, 5]
    );
    assert_eq!(sizes[1], 11);

    let spec = json!({"match": {"path_prefix": "/api/sdk/agents"},
                      "action": {"random_chunks": {"min": 1, "max": 16, "seed": 42}}});
    s.fault(spec.clone()).await;
    let (r1, s1) = raw_run(&s, &key, &id).await;
    assert_eq!(r1, plain);
    assert!(s1.iter().all(|n| *n <= 16));
    assert!(std::str::from_utf8(&plain).unwrap().contains("😀"));
}

#[tokio::test]
async fn malformed_frame_then_continue() {
    let s = TestServer::start().await;
    let key = s.api_key().await;
    let id = s.create_session(&key, json!({})).await;
    s.fault(json!({"match": {"path_prefix": "/api/sdk/agents/"}, "action": {"malformed_after_events": 2}})).await;
    let (body, _) = raw_run(&s, &key, &id).await;
    let text = String::from_utf8(body).unwrap();
    let frames: Vec<&str> = text
        .split("\n\n")
        .filter(|f| !f.starts_with(':') && !f.is_empty())
        .collect();
    assert_eq!(frames[2], "event: step\ndata: {not json");
    assert_eq!(text.matches("{not json").count(), 1);
    let events = parse_sse(&text);
    assert_eq!(events.len(), 8);
    assert_eq!(events[2].1, Value::String("{not json".into()));
    assert_eq!(events.last().unwrap().0, "done");
}

#[tokio::test]
async fn crlf_and_cr_line_endings() {
    let s = TestServer::start().await;
    let key = s.api_key().await;
    let id = s.create_session(&key, json!({})).await;
    let (plain, _) = raw_run(&s, &key, &id).await;
    let plain = String::from_utf8(plain).unwrap();

    s.fault(
        json!({"match": {"path_prefix": "/api/sdk/agents/"}, "action": {"line_endings": "crlf"}}),
    )
    .await;
    let (body, _) = raw_run(&s, &key, &id).await;
    let crlf = String::from_utf8(body).unwrap();
    assert!(crlf.contains("event: step\r\ndata: "));
    assert_eq!(crlf.matches('\n').count(), crlf.matches("\r\n").count());
    assert_eq!(crlf.replace("\r\n", "\n"), plain);

    s.fault(
        json!({"match": {"path_prefix": "/api/sdk/agents/"}, "action": {"line_endings": "cr"}}),
    )
    .await;
    let (body, _) = raw_run(&s, &key, &id).await;
    let cr = String::from_utf8(body).unwrap();
    assert!(!cr.contains('\n'));
    assert_eq!(cr.replace('\r', "\n"), plain);
}

#[tokio::test]
async fn clock_offset_moves_date_and_expiry() {
    let s = TestServer::start().await;
    let b = s
        .control("/__test/clock", json!({"offset_secs": -7200}))
        .await;
    assert_eq!(b["offset_secs"], -7200);
    let jwt = s.jwt("demo@tavora.dev").await;
    let r = s
        .post("/api/auth/session-token")
        .bearer_auth(&jwt)
        .json(&json!({"workspace_id": DEMO_WORKSPACE}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let date = date_secs(&r);
    assert!((date - (now_secs() - 7200)).abs() <= 2, "Date is shifted");
    let body: Value = r.json().await.unwrap();
    let exp = parse_rfc3339(body["expires_at"].as_str().unwrap())
        .unwrap()
        .unix_timestamp();
    assert!((exp - (now_secs() - 7200 + 28800)).abs() <= 2);
    // A TTL override changes the next key.
    let b = s
        .control("/__test/config", json!({"key_ttl_secs": 60}))
        .await;
    assert_eq!(b["key_ttl_secs"], 60);
    let r = s
        .post("/api/auth/session-token")
        .bearer_auth(&jwt)
        .json(&json!({"workspace_id": DEMO_WORKSPACE}))
        .send()
        .await
        .unwrap();
    let date = date_secs(&r);
    let body: Value = r.json().await.unwrap();
    let exp = parse_rfc3339(body["expires_at"].as_str().unwrap())
        .unwrap()
        .unix_timestamp();
    assert!((exp - date - 60).abs() <= 1);
    let key = body["api_key"].as_str().unwrap().to_string();
    assert_eq!(s.sdk_get(&key, "/api/sdk/project").await.status(), 200);
    // Jumping 61 s ahead expires that key, and JWTs follow the clock too.
    s.control("/__test/clock", json!({"offset_secs": -7200 + 61}))
        .await;
    assert_eq!(s.sdk_get(&key, "/api/sdk/project").await.status(), 401);
    s.control("/__test/clock", json!({"offset_secs": 13 * 3600}))
        .await;
    let r = s
        .post("/api/auth/session-token")
        .bearer_auth(&jwt)
        .json(&json!({"workspace_id": DEMO_WORKSPACE}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        401,
        "12 h JWT minted 2 h in the past is expired 13 h ahead"
    );
    // Reset puts the clock back.
    s.control("/__test/reset", json!({})).await;
    let r = s.get("/__test/requests").send().await.unwrap();
    assert!((date_secs(&r) - now_secs()).abs() <= 2);
}

#[tokio::test]
async fn request_log_counts_and_reset() {
    let s = TestServer::start().await;
    let key = s.api_key().await;
    for _ in 0..3 {
        s.get("/api/sdk/project?x=1")
            .header("X-API-Key", &key)
            .send()
            .await
            .unwrap();
    }
    s.sdk_post(&key, "/api/sdk/agents", json!({"title": "logged"}))
        .send()
        .await
        .unwrap();
    s.client
        .request(reqwest::Method::OPTIONS, s.url("/api/sdk/agents"))
        .header("Origin", crate::testutil::TEST_ORIGIN)
        .header("Access-Control-Request-Method", "POST")
        .send()
        .await
        .unwrap();
    let log = s.requests().await;
    let counts = log["counts"].as_object().unwrap();
    assert_eq!(counts["GET /api/sdk/project"], 3);
    assert_eq!(counts["POST /api/sdk/agents"], 1);
    assert_eq!(counts["POST /api/auth/session-token"], 1);
    assert_eq!(counts["POST /api/dev/sign-in"], 1);
    assert!(!counts
        .keys()
        .any(|k| k.starts_with("OPTIONS") || k.contains("/__test/")));
    assert_eq!(log["preflights"], 1);
    assert_eq!(log["preflight_counts"]["OPTIONS /api/sdk/agents"], 1);
    let entries = log["log"].as_array().unwrap();
    assert_eq!(entries.len(), 6);
    let get = &entries[2];
    assert_eq!(get["method"], "GET");
    assert_eq!(get["path"], "/api/sdk/project");
    assert_eq!(get["query"], "x=1");
    assert_eq!(get["headers"]["x-api-key"], key.as_str());
    assert_eq!(get["status"], 200);
    assert!(get["at_ms"].as_i64().unwrap() > 1_600_000_000_000);
    let post = &entries[5];
    assert_eq!(post["status"], 201);
    assert_eq!(
        serde_json::from_str::<Value>(post["body"].as_str().unwrap()).unwrap(),
        json!({"title": "logged"})
    );
    assert_eq!(post["headers"]["content-type"], "application/json");

    // Bodies over 64 KiB are truncated in the log.
    let big = "x".repeat(100_000);
    s.post("/api/dev/sign-in").body(big).send().await.unwrap();
    let log = s.requests().await;
    let last = log["log"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["body"].as_str().unwrap().len(), 64 * 1024);
    assert_eq!(last["status"], 400);

    s.control("/__test/reset", json!({})).await;
    let log = s.requests().await;
    assert_eq!(log["counts"], json!({}));
    assert_eq!(log["log"], json!([]));
    assert_eq!(log["streams"], json!([]));
    assert_eq!(log["preflights"], 0);
    // Reset keeps keys by default; {"data": true} wipes them.
    assert_eq!(s.sdk_get(&key, "/api/sdk/project").await.status(), 200);
    s.control("/__test/reset", json!({"data": true})).await;
    assert_eq!(s.sdk_get(&key, "/api/sdk/project").await.status(), 401);
}

#[tokio::test]
async fn jwt_and_expire_key_routes() {
    let s = TestServer::start().await;
    let bob = s.control("/__test/jwt", json!({"sub": "user_bob"})).await;
    let bob = bob["jwt"].as_str().unwrap();
    let r = s
        .post("/api/auth/session-token")
        .bearer_auth(bob)
        .json(&json!({"workspace_id": DEMO_WORKSPACE}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let key: Value = r.json().await.unwrap();
    let r = s
        .post("/__test/jwt")
        .json(&json!({"sub": "user_nobody"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = s
        .post("/__test/expire-key")
        .json(&json!({"key_prefix": "tvr_zzzz"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let api_key = key["api_key"].as_str().unwrap();
    assert_eq!(s.sdk_get(api_key, "/api/sdk/project").await.status(), 200);
    let b = s
        .control(
            "/__test/expire-key",
            json!({"key_prefix": key["key_prefix"]}),
        )
        .await;
    assert_eq!(b["expired"], 1);
    assert_eq!(s.sdk_get(api_key, "/api/sdk/project").await.status(), 401);
}
