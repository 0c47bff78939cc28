//! The session-token exchange in the browser: the issue's behaviours 1–12
//! against the dev server, counted from its request log.

use super::support::*;
use futures_util::future::join_all;
use serde_json::json;
use std::cell::Cell;
use std::collections::BTreeSet;
use std::rc::Rc;
use tavora_wasm::api::agents::CreateAgentSession;
use tavora_wasm::{Client, Error};
use wasm_bindgen_test::wasm_bindgen_test;

async fn projects(client: &Client, n: usize) -> Vec<Result<String, Error>> {
    join_all((0..n).map(|_| async { client.get_project().await.map(|p| p.id) })).await
}

fn distinct(v: &[String]) -> BTreeSet<String> {
    v.iter().cloned().collect()
}

#[wasm_bindgen_test]
async fn b1_fifty_cold_concurrent_calls_make_exactly_one_mint() {
    reset().await;
    let (client, _jwt) = demo_client().await;
    let results = projects(&client, 50).await;
    assert!(
        results.iter().all(|r| r.as_deref() == Ok(WS1)),
        "{results:?}"
    );
    assert_eq!(count(MINT).await, 1);
    let keys = keys_sent(PROJECT).await;
    assert_eq!(keys.len(), 50);
    assert_eq!(distinct(&keys).len(), 1, "all 50 carry the one key");
    let prefix = client.key_info().unwrap().key_prefix;
    assert!(keys[0].starts_with(&prefix));
}

#[wasm_bindgen_test]
async fn b2_warm_cache_and_a_reload_make_no_mint() {
    reset().await;
    let jwt = Jwt::new(sign_in("demo@tavora.dev").await);
    let first = client(WS1, &jwt);
    for _ in 0..100 {
        first.get_project().await.unwrap();
    }
    // A reload: a brand-new client over the same sessionStorage.
    let reloaded = client(WS1, &jwt);
    for _ in 0..100 {
        reloaded.get_project().await.unwrap();
    }
    assert_eq!(count(MINT).await, 1);
    assert_eq!(count(PROJECT).await, 200);
    assert_eq!(distinct(&keys_sent(PROJECT).await).len(), 1);
}

#[wasm_bindgen_test]
async fn b3_inside_the_early_window_one_mint_then_fallback_when_it_fails() {
    reset().await;
    // Keys that live 5 minutes are inside the 10-minute window at once.
    control("config", json!({ "key_ttl_secs": 300 })).await;
    let (client, _jwt) = demo_client().await;
    client.get_project().await.unwrap();
    assert_eq!(count(MINT).await, 1);
    let results = projects(&client, 20).await;
    assert!(results.iter().all(|r| r.is_ok()));
    assert_eq!(count(MINT).await, 2, "one re-mint for twenty calls");
    let keys = keys_sent(PROJECT).await;
    assert_ne!(keys[0], keys[1], "the twenty went out with the new key");
    assert_eq!(distinct(&keys[1..]).len(), 1);

    // The re-mint fails: the old key, still valid, carries every call.
    fault(json!({ "match": { "path": "/api/auth/session-token" }, "times": 0, "action": { "status": 503 } })).await;
    let results = projects(&client, 20).await;
    assert!(results.iter().all(|r| r.is_ok()), "{results:?}");
    assert_eq!(count(MINT).await, 3, "one failed attempt, no storm");
    assert_eq!(distinct(&keys_sent(PROJECT).await[1..]).len(), 1);
}

#[wasm_bindgen_test]
async fn b4_a_failing_mint_rejects_every_waiter_once_and_backs_off() {
    reset().await;
    fault(json!({ "match": { "path": "/api/auth/session-token" }, "times": 0, "action": { "status": 503 } })).await;
    let jwt = Jwt::new(sign_in("demo@tavora.dev").await);
    let clock = ShiftedClock::default();
    let mut opts = exchange_options(WS1, &jwt);
    opts.clock = Some(Rc::new(clock.clone()));
    let client = Client::with_exchange(opts).unwrap();

    let results = projects(&client, 50).await;
    assert_eq!(count(MINT).await, 1);
    for r in &results {
        let e = r.as_ref().unwrap_err();
        assert_eq!(e.status(), Some(503));
        assert_eq!(e.code(), "service_unavailable");
    }
    // 1,000 calls spread over 60 s (the client's clock).
    for _ in 0..1000 {
        clock.advance(60.0);
        assert!(client.get_project().await.is_err());
    }
    let mints = count(MINT).await;
    assert!(mints <= 10, "{mints} mints in 60 s");
    assert_eq!(
        count(PROJECT).await,
        0,
        "no API call went out without a key"
    );

    // Recovery: one mint serves everyone.
    control("reset", json!({})).await;
    clock.advance(30_000.0);
    assert!(projects(&client, 10).await.iter().all(|r| r.is_ok()));
    assert_eq!(count(MINT).await, 1);
}

#[wasm_bindgen_test]
async fn b4_a_network_failure_is_a_network_error() {
    reset().await;
    fault(json!({ "match": { "path": "/api/auth/session-token" }, "action": { "close": true } }))
        .await;
    let (client, _jwt) = demo_client().await;
    let e = client.get_project().await.unwrap_err();
    assert!(matches!(e, Error::Network { .. }), "{e:?}");
}

#[wasm_bindgen_test]
async fn b5_one_mint_and_one_retry_after_a_401_then_the_401_is_returned() {
    reset().await;
    let (client, _jwt) = demo_client().await;
    client.get_project().await.unwrap();
    control("reset", json!({})).await;
    fault(
        json!({ "match": { "path": "/api/sdk/project" }, "times": 2, "action": { "status": 401 } }),
    )
    .await;
    let e = client.get_project().await.unwrap_err();
    assert!(e.is_unauthorized());
    assert_eq!(e.code(), "unauthorized");
    assert_eq!(count(MINT).await, 1);
    assert_eq!(count(PROJECT).await, 2);
    let keys = keys_sent(PROJECT).await;
    assert_ne!(keys[0], keys[1], "the retry carries the new key");
}

#[wasm_bindgen_test]
async fn b5_a_retried_post_and_a_retried_run_send_identical_bodies() {
    reset().await;
    let (client, _jwt) = demo_client().await;
    fault(json!({ "match": { "method": "POST", "path": "/api/sdk/agents" }, "action": { "status": 401 } })).await;
    let session = client
        .create_agent_session(&CreateAgentSession {
            title: Some("naïve ✓".into()),
            metadata: Some(json!({ "k": [1, 2, 3] })),
            ..Default::default()
        })
        .await
        .unwrap();
    let posts = log_of("POST /api/sdk/agents").await;
    assert_eq!(posts.len(), 2);
    assert_eq!(posts[0]["body"], posts[1]["body"]);
    assert_ne!(
        posts[0]["headers"]["x-api-key"],
        posts[1]["headers"]["x-api-key"]
    );

    let run_path = format!("/api/sdk/agents/{}/run", session.id);
    fault(json!({ "match": { "path": run_path }, "action": { "status": 401 } })).await;
    let summary = client
        .run_agent(&session.id, "hello again", |_, _| {}, None)
        .await
        .unwrap();
    assert_eq!(summary.session_id, session.id);
    let runs = log_of(&format!("POST {run_path}")).await;
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0]["body"], runs[1]["body"]);
    assert_eq!(count(MINT).await, 3);
}

#[wasm_bindgen_test]
async fn b6_fifty_concurrent_401s_make_one_mint_and_late_401s_use_the_new_key() {
    reset().await;
    let (client, _jwt) = demo_client().await;
    client.get_project().await.unwrap();
    control("reset", json!({})).await;
    fault(json!({ "match": { "path": "/api/sdk/project" }, "times": 50, "action": { "status": 401 } })).await;
    let results = projects(&client, 50).await;
    assert!(results.iter().all(|r| r.is_ok()), "{results:?}");
    assert_eq!(count(MINT).await, 1);
    let keys = keys_sent(PROJECT).await;
    assert_eq!(keys.len(), 100);
    let k1 = &keys[0];
    let retries: Vec<String> = keys.iter().filter(|k| *k != k1).cloned().collect();
    assert_eq!(retries.len(), 50);
    assert_eq!(distinct(&retries).len(), 1);

    // A 401 on the old key that lands after the new key is cached: no mint.
    control("reset", json!({})).await;
    fault(json!({ "match": { "path": "/api/sdk/project" }, "action": { "status": 401 } })).await;
    fault(json!({ "match": { "path": "/api/sdk/project" }, "action": { "status": 401, "delay_ms": 400 } })).await;
    // Both go out with K2; the fast 401 mints K3, the slow one finds K3 cached.
    let results = projects(&client, 2).await;
    assert!(results.iter().all(|r| r.is_ok()));
    assert_eq!(count(MINT).await, 1);
    assert_eq!(count(PROJECT).await, 4);
}

#[wasm_bindgen_test]
async fn b7_a_refused_jwt_is_unauthenticated_clears_the_cache_and_is_not_retried() {
    reset().await;
    let jwt = Jwt::new(sign_in("demo@tavora.dev").await);
    let told = Rc::new(Cell::new(0));
    let mut opts = exchange_options(WS1, &jwt);
    let t = told.clone();
    opts.on_unauthenticated = Some(Rc::new(move || t.set(t.get() + 1)));
    let client = Client::with_exchange(opts).unwrap();
    client.get_project().await.unwrap();
    assert_eq!(session_entries().len(), 1);

    // The JWT expires; the cached key is refused too.
    let expired = control("jwt", json!({ "sub": "user_demo", "exp_in_secs": -60 })).await;
    jwt.set(expired["jwt"].as_str().unwrap().to_string());
    let prefix = client.key_info().unwrap().key_prefix;
    control("expire-key", json!({ "key_prefix": prefix })).await;
    let e = client.get_project().await.unwrap_err();
    assert_eq!(e.code(), "unauthenticated");
    assert_eq!(e.status(), Some(401));
    assert_eq!(told.get(), 1);
    assert!(session_entries().is_empty(), "cache cleared");
    assert!(client.key_info().is_none());
    let mints = count(MINT).await;
    for _ in 0..5 {
        assert_eq!(
            client.get_project().await.unwrap_err().code(),
            "unauthenticated"
        );
    }
    assert_eq!(
        count(MINT).await,
        mints,
        "the refused JWT is not tried again"
    );
}

#[wasm_bindgen_test]
async fn b7_404_and_400_are_typed_and_not_retried() {
    reset().await;
    let jwt = Jwt::new(sign_in("demo@tavora.dev").await);
    let other = client(WS_OTHER_TEAM, &jwt);
    for _ in 0..3 {
        let e = other.get_project().await.unwrap_err();
        assert!(e.is_not_found(), "{e:?}");
    }
    assert_eq!(count(MINT).await, 1);
    let malformed = client("not-a-uuid", &jwt);
    assert_eq!(
        malformed.get_project().await.unwrap_err().status(),
        Some(400)
    );
    assert_eq!(count(MINT).await, 2);
    assert!(session_entries().is_empty(), "nothing cached");

    let empty = Client::with_exchange(exchange_options("", &jwt)).unwrap_err();
    assert!(matches!(empty, Error::InvalidInput { .. }));
    assert_eq!(count(MINT).await, 2);
}

async fn work_through_life(skew_secs: i64) {
    reset().await;
    control("clock", json!({ "offset_secs": skew_secs })).await;
    let jwt = Jwt::new(sign_in("demo@tavora.dev").await);
    let clock = ShiftedClock::default();
    let mut opts = exchange_options(WS1, &jwt);
    opts.clock = Some(Rc::new(clock.clone()));
    let client = Client::with_exchange(opts).unwrap();
    // Half-hour steps through 7 h 30 min: both clocks move together.
    let step = 1800;
    for i in 0..=15 {
        let elapsed = i * step;
        control("clock", json!({ "offset_secs": skew_secs + elapsed })).await;
        clock.0.set((elapsed * 1000) as f64);
        client.get_project().await.unwrap();
    }
    assert_eq!(
        count(MINT).await,
        1,
        "skew {skew_secs}: one mint through the key's life"
    );
    // On past the key's end: refreshed in time, never sent dead.
    for i in 16..=20 {
        let elapsed = i * step;
        control("clock", json!({ "offset_secs": skew_secs + elapsed })).await;
        clock.0.set((elapsed * 1000) as f64);
        client.get_project().await.unwrap();
    }
    let statuses: Vec<_> = log_of(PROJECT)
        .await
        .iter()
        .map(|e| e["status"].clone())
        .collect();
    assert!(statuses.iter().all(|s| s == 200), "{statuses:?}");
    assert_eq!(count(MINT).await, 2);
}

#[wasm_bindgen_test]
async fn b8_server_clock_two_hours_behind() {
    work_through_life(-7200).await;
}

#[wasm_bindgen_test]
async fn b8_server_clock_two_hours_ahead() {
    work_through_life(7200).await;
}

#[wasm_bindgen_test]
async fn b8_a_machine_that_sleeps_past_expiry_mints_before_its_next_request() {
    reset().await;
    let jwt = Jwt::new(sign_in("demo@tavora.dev").await);
    let clock = ShiftedClock::default();
    let mut opts = exchange_options(WS1, &jwt);
    opts.clock = Some(Rc::new(clock.clone()));
    let client = Client::with_exchange(opts).unwrap();
    client.get_project().await.unwrap();
    // Nine hours pass with no timer firing.
    control("clock", json!({ "offset_secs": 9 * 3600 })).await;
    clock.advance(9.0 * 3600.0 * 1000.0);
    // The JWT from sign-in would have expired too: sign in again.
    jwt.set(
        control("jwt", json!({ "sub": "user_demo" })).await["jwt"]
            .as_str()
            .unwrap()
            .to_string(),
    );
    client.get_project().await.unwrap();
    assert_eq!(count(MINT).await, 2);
    let statuses: Vec<_> = log_of(PROJECT)
        .await
        .iter()
        .map(|e| e["status"].clone())
        .collect();
    assert_eq!(
        statuses,
        vec![json!(200), json!(200)],
        "the dead key was never sent"
    );
}

#[wasm_bindgen_test]
async fn b9_storage_that_throws_falls_back_to_memory() {
    reset().await;
    let jwt = Jwt::new(sign_in("demo@tavora.dev").await);
    // Access itself throws (sandboxed iframe, some privacy modes).
    // On the global object the attribute is an own property: keep it to restore.
    js("window.__ss = Object.getOwnPropertyDescriptor(window, 'sessionStorage') || Object.getOwnPropertyDescriptor(Window.prototype, 'sessionStorage'); Object.defineProperty(window, 'sessionStorage', { configurable: true, get() { throw new DOMException('denied', 'SecurityError'); } });");
    let c = client(WS1, &jwt);
    let r1 = c.get_project().await;
    let r2 = c.get_project().await;
    js("Object.defineProperty(window, 'sessionStorage', window.__ss);");
    assert!(r1.is_ok() && r2.is_ok());
    assert_eq!(count(MINT).await, 1, "kept in memory");

    // setItem throws (quota, Safari private mode).
    reset().await;
    js("window.__setItem = Storage.prototype.setItem; Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };");
    let c = client(WS1, &jwt);
    let r1 = c.get_project().await;
    let r2 = c.get_project().await;
    js("Storage.prototype.setItem = window.__setItem;");
    assert!(r1.is_ok() && r2.is_ok());
    assert_eq!(count(MINT).await, 1);
}

#[wasm_bindgen_test]
async fn b9_corrupt_entries_are_a_miss_and_are_overwritten() {
    let storage = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    for bad in [
        "{bad",
        "null",
        "{}",
        r#"{"apiKey":"tvr_x","workspaceId":"11111111-1111-4111-8111-111111111111"}"#,
        r#"{"apiKey":"tvr_x","keyId":"k","keyPrefix":"p","expiresAt":"x","expiresAtLocalMs":"soon","workspaceId":"11111111-1111-4111-8111-111111111111"}"#,
    ] {
        reset().await;
        storage.set_item(&slot(WS1, "user_demo"), bad).unwrap();
        let (client, _jwt) = demo_client().await;
        client.get_project().await.unwrap();
        assert_eq!(count(MINT).await, 1, "{bad}");
        let stored = storage.get_item(&slot(WS1, "user_demo")).unwrap().unwrap();
        assert!(
            stored.contains("\"apiKey\":\"tvr_"),
            "overwritten: {stored}"
        );
    }
}

#[wasm_bindgen_test]
async fn b10_keys_are_scoped_by_workspace_and_user() {
    reset().await;
    let jwt = Jwt::new(sign_in("demo@tavora.dev").await);
    let a = client(WS1, &jwt);
    let b = client(WS2, &jwt);
    assert_eq!(a.get_project().await.unwrap().id, WS1);
    assert_eq!(b.get_project().await.unwrap().id, WS2);
    let keys = keys_sent(PROJECT).await;
    assert_ne!(keys[0], keys[1]);

    // Bob signs in on the same tab: he gets his own key.
    jwt.set(sign_in("bob@tavora.dev").await);
    a.get_project().await.unwrap();
    assert_eq!(count(MINT).await, 3);
    assert_ne!(keys_sent(PROJECT).await[2], keys[0]);
    assert!(session_entries()
        .iter()
        .any(|(k, _)| k == &slot(WS1, "user_bob")));

    // Signing out of one workspace leaves the other's key.
    a.sign_out();
    assert!(session_entries().iter().all(|(k, _)| !k.contains(WS1)));
    jwt.set(sign_in("demo@tavora.dev").await);
    b.get_project().await.unwrap();
    assert_eq!(count(MINT).await, 3, "b kept its key");
}

#[wasm_bindgen_test]
async fn b10_sign_out_during_a_mint_keeps_the_late_answer_out() {
    reset().await;
    fault(json!({ "match": { "path": "/api/auth/session-token" }, "action": { "delay_ms": 300 } }))
        .await;
    let (client, _jwt) = demo_client().await;
    let pending = client.get_project();
    let signing_out = async {
        sleep_ms(50).await;
        client.sign_out();
    };
    let (result, ()) = futures_util::future::join(pending, signing_out).await;
    assert_eq!(result.unwrap_err().code(), "unauthenticated");
    assert!(session_entries().is_empty());
    assert!(client.key_info().is_none());
    assert_eq!(count(PROJECT).await, 0);
}

#[wasm_bindgen_test]
async fn b10_overlapping_mints_keep_the_later_expiry() {
    reset().await;
    let jwt = Jwt::new(sign_in("demo@tavora.dev").await);
    // Two clients of one page, same workspace and user, mint at once.
    let slow = client(WS1, &jwt);
    let fast = client(WS1, &jwt);
    fault(json!({ "match": { "path": "/api/auth/session-token" }, "action": { "delay_ms": 400 } }))
        .await;
    let slow_call = slow.get_project();
    let fast_then_shorten = async {
        sleep_ms(30).await;
        fast.get_project().await.unwrap();
        // The slow mint is answered after this, with a shorter life.
        control("config", json!({ "key_ttl_secs": 3600 })).await;
    };
    let (r, ()) = futures_util::future::join(slow_call, fast_then_shorten).await;
    r.unwrap();
    assert_eq!(count(MINT).await, 2);
    let kept = fast.key_info().unwrap();
    let stored = session_entries();
    assert_eq!(stored.len(), 1);
    assert!(
        stored[0].1.contains(&kept.key_prefix),
        "the 8-hour key is kept"
    );
    assert_eq!(slow.key_info().unwrap().key_prefix, kept.key_prefix);
}

#[wasm_bindgen_test]
async fn b11_secrets_go_only_where_they_belong() {
    reset().await;
    let (client, jwt) = demo_client().await;
    client.get_project().await.unwrap();
    let e404 = client.get_agent_session("as_missing").await.unwrap_err();
    let the_jwt = jwt.0.borrow().clone();
    let log = requests().await["log"].as_array().cloned().unwrap();
    let key = log
        .iter()
        .find_map(|e| e["headers"]["x-api-key"].as_str())
        .unwrap()
        .to_string();
    for e in log.iter().filter(|e| e["path"] != "/api/dev/sign-in") {
        let url = format!("{}?{}", e["path"], e["query"]);
        assert!(
            !url.contains(&key) && !url.contains(&the_jwt),
            "secret in a URL: {url}"
        );
        let is_mint = e["path"] == "/api/auth/session-token";
        assert_eq!(
            e["headers"]["authorization"].is_string(),
            is_mint,
            "JWT only to the exchange"
        );
        assert_eq!(
            e["headers"]["x-api-key"].is_string(),
            !is_mint,
            "key never to the exchange"
        );
    }
    for text in [
        format!("{e404} {e404:?}"),
        format!("{client:?}"),
        format!("{:?}", client.key_info()),
    ] {
        assert!(!text.contains(&key) && !text.contains(&the_jwt), "{text}");
    }
    // Ids cannot move a request elsewhere.
    let e = client.get_agent_session("../project").await.unwrap_err();
    assert!(e.is_not_found());
    assert_eq!(count("GET /api/sdk/agents/..%2Fproject").await, 1);
}

#[wasm_bindgen_test]
async fn b12_storage_holds_only_what_the_design_needs_in_session_storage() {
    reset().await;
    let local = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    local.clear().unwrap();
    let (client, _jwt) = demo_client().await;
    client.get_project().await.unwrap();
    assert_eq!(local.length().unwrap(), 0, "nothing in localStorage");
    let entries = session_entries();
    assert_eq!(entries.len(), 1);
    let (k, v) = &entries[0];
    assert_eq!(k, &slot(WS1, "user_demo"));
    let stored: serde_json::Value = serde_json::from_str(v).unwrap();
    let fields: BTreeSet<&str> = stored
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        fields,
        [
            "apiKey",
            "expiresAt",
            "expiresAtLocalMs",
            "keyId",
            "keyPrefix",
            "workspaceId"
        ]
        .into_iter()
        .collect()
    );
}
