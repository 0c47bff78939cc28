use serde_json::{json, Value};

use crate::testutil::TestServer;

async fn get(s: &TestServer, key: &str, path: &str) -> (u16, Value) {
    let r = s.sdk_get(key, path).await;
    let st = r.status().as_u16();
    (st, r.json().await.unwrap_or(Value::Null))
}

async fn patch(s: &TestServer, key: &str, path: &str, body: Value) -> (u16, Value) {
    let r = s
        .client
        .patch(s.url(path))
        .header("X-API-Key", key)
        .json(&body)
        .send()
        .await
        .unwrap();
    let st = r.status().as_u16();
    (st, r.json().await.unwrap_or(Value::Null))
}

async fn trigger(s: &TestServer, key: &str, agent: &str, query: &str) -> (u16, Value) {
    // No body, like the SDKs.
    let r = s
        .post(&format!("/api/sdk/agent-configs/{agent}/eval-runs{query}"))
        .header("X-API-Key", key)
        .send()
        .await
        .unwrap();
    let st = r.status().as_u16();
    (st, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn seeded_configs_and_versions() {
    let s = TestServer::start().await;
    let key = s.api_key().await;
    let (st, l) = get(&s, &key, "/api/sdk/agent-configs").await;
    assert_eq!(st, 200);
    let l = l.as_array().expect("bare array");
    assert_eq!(l.len(), 2);
    let a = &l[0];
    assert_eq!(a["id"], "agt_support");
    for k in [
        "name",
        "description",
        "created_by",
        "persona_md",
        "provider",
        "model",
        "created_at",
        "updated_at",
    ] {
        assert!(a[k].is_string(), "{k}");
    }
    assert!(a["skills_json"].is_array() && a["stores_json"].is_array());
    assert_eq!(a["active_version_id"], "agv_support_2");
    assert_eq!(a["eval_suite_id"], "es_support");
    assert!(a["code_first_project"].is_null());
    assert_eq!(l[1]["code_first_local_id"], "research");

    let (_, one) = get(&s, &key, "/api/sdk/agent-configs/agt_research").await;
    assert_eq!(one["name"], "Research agent");
    let (st, e) = get(&s, &key, "/api/sdk/agent-configs/agt_nope").await;
    assert_eq!(
        (st, e["message"].as_str()),
        (404, Some("agent config not found"))
    );

    let (_, v) = get(&s, &key, "/api/sdk/agent-configs/agt_support/versions").await;
    let v = v.as_array().expect("bare array");
    assert_eq!(v.len(), 2);
    assert_eq!(v[0]["semver"], "1.1.0", "newest first");
    assert_eq!(v[0]["agent_id"], "agt_support");
    let (_, one) = get(
        &s,
        &key,
        "/api/sdk/agent-configs/agt_support/versions/agv_support_1",
    )
    .await;
    assert_eq!(one["semver"], "1.0.0");
    let (st, e) = get(
        &s,
        &key,
        "/api/sdk/agent-configs/agt_research/versions/agv_support_1",
    )
    .await;
    assert_eq!(
        (st, e["message"].as_str()),
        (404, Some("agent version not found"))
    );

    let (_, suite) = get(&s, &key, "/api/sdk/agent-configs/agt_support/eval-suite").await;
    assert_eq!(suite["id"], "es_support");

    // Settings: unknown suite → 400; "" clears; omitted keeps.
    let (st, e) = patch(
        &s,
        &key,
        "/api/sdk/agent-configs/agt_support/settings",
        json!({"eval_suite_id": "es_nope"}),
    )
    .await;
    assert_eq!((st, e["field"].as_str()), (400, Some("eval_suite_id")));
    let (st, c) = patch(
        &s,
        &key,
        "/api/sdk/agent-configs/agt_support/settings",
        json!({"run_eval_on_publish": false}),
    )
    .await;
    assert_eq!(st, 200);
    assert_eq!(c["eval_suite_id"], "es_support");
    assert_eq!(c["run_eval_on_publish"], false);
    let (_, c) = patch(
        &s,
        &key,
        "/api/sdk/agent-configs/agt_support/settings",
        json!({"eval_suite_id": ""}),
    )
    .await;
    assert!(c["eval_suite_id"].is_null());
    let (st, _) = get(&s, &key, "/api/sdk/agent-configs/agt_support/eval-suite").await;
    assert_eq!(st, 404);
    let (st, _) = trigger(&s, &key, "agt_support", "").await;
    assert_eq!(st, 409, "no pinned suite");
    let (_, c) = patch(
        &s,
        &key,
        "/api/sdk/agent-configs/agt_support/settings",
        json!({"eval_suite_id": "es_research"}),
    )
    .await;
    assert_eq!(c["eval_suite_id"], "es_research");

    // Delete cascades to versions.
    let r = s
        .delete("/api/sdk/agent-configs/agt_support")
        .header("X-API-Key", &key)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let (st, _) = get(&s, &key, "/api/sdk/agent-configs/agt_support/versions").await;
    assert_eq!(st, 404);
    let (_, l) = get(&s, &key, "/api/sdk/agent-configs").await;
    assert_eq!(l.as_array().unwrap().len(), 1);
    let st = s.handle.state.store();
    let d = st.data(crate::state::DEMO_WORKSPACE).unwrap();
    assert!(d.agent_versions.iter().all(|v| v.agent_id != "agt_support"));
}

#[tokio::test]
async fn eval_runs_trigger_progress_and_list() {
    let s = TestServer::start().await;
    let key = s.api_key().await;
    // Nothing staged for the support agent.
    let (st, e) = trigger(&s, &key, "agt_support", "?target=draft").await;
    assert_eq!((st, e["code"].as_str()), (409, Some("nothing_staged")));
    let (st, e) = trigger(&s, &key, "agt_support", "?target=prod").await;
    assert_eq!((st, e["field"].as_str()), (400, Some("target")));
    let (st, _) = trigger(&s, &key, "agt_nope", "").await;
    assert_eq!(st, 404);

    let (st, b) = trigger(&s, &key, "agt_support", "").await;
    assert_eq!(st, 202);
    let run = &b["run"];
    let id = run["id"].as_str().unwrap().to_string();
    assert_eq!(run["status"], "pending");
    assert_eq!(run["total_cases"], 3);
    assert_eq!(run["judge_model"], "gemini-2.5-pro");
    assert_eq!(run["target"], "live");
    assert_eq!(run["agent_version_id"], "agv_support_2");

    // Reads advance it: running, then passed/failed.
    let (_, l) = get(&s, &key, "/api/sdk/agent-configs/agt_support/eval-runs").await;
    assert_eq!(l[0]["status"], "running");
    let (_, d) = get(&s, &key, &format!("/api/sdk/eval-runs/{id}")).await;
    let status = d["run"]["status"].as_str().unwrap();
    assert!(status == "passed" || status == "failed", "{status}");
    let results = d["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    let passed = results.iter().filter(|r| r["pass"] == true).count() as i64;
    assert_eq!(d["run"]["passed"].as_i64().unwrap(), passed);
    assert_eq!(d["run"]["failed"].as_i64().unwrap(), 3 - passed);
    assert!(results[0]["score"].is_i64() && results[0]["case_name"].is_string());
    assert_eq!(status == "passed", passed == 3);

    // The draft of the research agent can be evaluated.
    let (st, b) = trigger(&s, &key, "agt_research", "?target=draft").await;
    assert_eq!(st, 202);
    assert_eq!(b["run"]["target"], "draft");
    assert!(b["run"]["agent_version_id"].is_null());

    // List: default 5, max 50, newest first, only this agent's runs.
    for _ in 0..6 {
        assert_eq!(
            trigger(&s, &key, "agt_support", "?target=live").await.0,
            202
        );
    }
    let (_, l) = get(&s, &key, "/api/sdk/agent-configs/agt_support/eval-runs").await;
    assert_eq!(l.as_array().unwrap().len(), 5);
    assert_ne!(l[0]["id"], id.as_str());
    let (_, l) = get(
        &s,
        &key,
        "/api/sdk/agent-configs/agt_support/eval-runs?limit=2",
    )
    .await;
    assert_eq!(l.as_array().unwrap().len(), 2);
    let (_, l) = get(
        &s,
        &key,
        "/api/sdk/agent-configs/agt_support/eval-runs?limit=500",
    )
    .await;
    assert_eq!(l.as_array().unwrap().len(), 7);
    assert!(l
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["agent_id"] == "agt_support"));
    let (st, _) = get(
        &s,
        &key,
        "/api/sdk/agent-configs/agt_support/eval-runs?limit=-1",
    )
    .await;
    assert_eq!(st, 400);
    let (_, all) = get(&s, &key, "/api/sdk/eval-runs").await;
    assert_eq!(all["runs"].as_array().unwrap().len(), 8);

    // Metrics count finished runs (settle them by moving the clock).
    s.control("/__test/clock", json!({"offset_secs": 10})).await;
    let (_, all) = get(&s, &key, "/api/sdk/eval-runs").await;
    assert!(all["runs"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["status"] == "passed" || r["status"] == "failed"));
    let (_, m) = get(&s, &key, "/api/sdk/metrics").await;
    assert_eq!(m["evals"]["total_runs"], 8);
    assert_eq!(m["evals"]["completed_runs"], 8);
    assert_eq!(
        m["evals"]["total_passed"].as_i64().unwrap() + m["evals"]["total_failed"].as_i64().unwrap(),
        7 * 3 + 1
    );
    assert!(m["evals"]["average_score"].as_f64().unwrap() > 50.0);
    let (_, au) = get(
        &s,
        &key,
        "/api/sdk/audit-log?action=agent_config.eval_run.trigger",
    )
    .await;
    assert_eq!(au["total"], 8);
}
