use base64::Engine;
use serde_json::{json, Value};

use super::valid_local_id;
use crate::api::sha256_hex;
use crate::testutil::TestServer;

fn file(path: &str, content: &str) -> Value {
    json!({
        "path": path,
        "hash": format!("sha256:{}", sha256_hex(content.as_bytes())),
        "size": content.len(),
        "content": content,
    })
}

fn manifest(project: &str, agents: Value) -> Value {
    json!({"project": project, "sourceHash": "sha256:abc", "agents": agents, "generatedAt": "2026-05-17T10:00:00Z"})
}

fn helper_agent() -> Value {
    json!({"id": "helper", "sourceHash": "sha256:helper1", "files": [
        file("tavora/agents/helper/persona.md", "# Helper\n\nYou help."),
        file("tavora/agents/helper/agent.json", r#"{"name": "Helper", "description": "Helps", "model": "gemini-2.5-pro", "capabilities": ["execute_js"]}"#),
        file("tavora/agents/helper/skills/shout.js", "export default ({ text }) => text.toUpperCase();\n"),
        file("tavora/agents/helper/skills/polite.md", "Be polite about {{topic}}."),
        file("tavora/agents/helper/evals/hello.json", r#"{"prompt": "Say hello", "criteria": "Greets"}"#),
    ]})
}

async fn call(s: &TestServer, key: &str, method: &str, path: &str, body: Value) -> (u16, Value) {
    let req = match method {
        "PUT" => s.client.put(s.url(path)),
        _ => s.client.post(s.url(path)),
    };
    let r = req
        .header("X-API-Key", key)
        .json(&body)
        .send()
        .await
        .unwrap();
    let st = r.status().as_u16();
    (st, r.json().await.unwrap_or(Value::Null))
}

#[test]
fn local_ids() {
    assert!(valid_local_id("helper-2_x"));
    for bad in ["", "Helper", "-a", "a b", "a/b", &"a".repeat(64)] {
        assert!(!valid_local_id(bad), "{bad}");
    }
}

#[tokio::test]
async fn validate_reports_issues_without_persisting() {
    let s = TestServer::start().await;
    let key = s.api_key().await;
    let (st, b) = call(
        &s,
        &key,
        "POST",
        "/api/sdk/source-validate",
        manifest("shop", json!([helper_agent()])),
    )
    .await;
    assert_eq!(st, 200);
    assert_eq!(b, json!({"issues": []}));

    let b64 = base64::engine::general_purpose::STANDARD.encode("# Persona");
    let bad = manifest(
        "shop",
        json!([
            {"id": "Bad Id", "files": []},
            {"id": "x", "files": [
                {"path": "persona.md", "hash": format!("sha256:{}", sha256_hex(b"# Persona")), "size": 9, "content": b64},
                {"path": "../escape.md", "hash": format!("sha256:{}", "0".repeat(64)), "content": "x"},
                {"path": "notes.md", "hash": "md5:1", "content": "x"},
                {"path": "other.md", "hash": format!("sha256:{}", "0".repeat(64)), "content": "not matching"},
                file("skills/broken.js", "export default () => {"),
                file("evals/bad.json", "{\"criteria\": 1}"),
                file("agent.json", "{\n  \"name\": }"),
                {"path": "new.md", "hash": format!("sha256:{}", "1".repeat(64))},
            ]},
            {"id": "x", "files": []},
        ]),
    );
    let (st, b) = call(&s, &key, "POST", "/api/sdk/source-validate", bad).await;
    assert_eq!(st, 200, "validate is 200 whatever the severity");
    let issues = b["issues"].as_array().unwrap();
    let codes: Vec<&str> = issues.iter().map(|i| i["code"].as_str().unwrap()).collect();
    for want in [
        "invalid_agent_id",
        "invalid_path",
        "invalid_hash",
        "hash_mismatch",
        "skill_lint",
        "invalid_eval_case",
        "invalid_json",
        "content_missing",
        "duplicate_agent_id",
    ] {
        assert!(codes.contains(&want), "{want} missing from {codes:?}");
    }
    assert!(issues
        .iter()
        .all(|i| i["severity"] == "fatal" || i["severity"] == "warn"));
    let lint = issues.iter().find(|i| i["code"] == "skill_lint").unwrap();
    assert_eq!(lint["file"], "skills/broken.js");
    assert_eq!(lint["line"], 1);
    let json_issue = issues.iter().find(|i| i["code"] == "invalid_json").unwrap();
    assert_eq!(json_issue["line"], 2);
    assert!(json_issue["column"].is_u64());
    // The base64 persona was accepted (no missing_persona warning for x).
    assert!(!codes.contains(&"missing_persona"), "{codes:?}");
    let missing = call(
        &s,
        &key,
        "POST",
        "/api/sdk/source-validate",
        json!({"agents": []}),
    )
    .await
    .1;
    assert_eq!(missing["issues"][0]["code"], "missing_project");
    let (st, _) = call(
        &s,
        &key,
        "POST",
        "/api/sdk/source-validate",
        json!({"project": "p", "agents": 3}),
    )
    .await;
    assert_eq!(st, 400);
    // Nothing was persisted.
    let (_, l) = (
        200,
        s.sdk_get(&key, "/api/sdk/agent-configs")
            .await
            .json::<Value>()
            .await
            .unwrap(),
    );
    assert_eq!(l.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn sync_deploy_rename_delete() {
    let s = TestServer::start().await;
    let key = s.api_key().await;
    let (st, r) = call(
        &s,
        &key,
        "PUT",
        "/api/sdk/source-sync",
        manifest("shop", json!([helper_agent()])),
    )
    .await;
    assert_eq!(st, 200, "{r}");
    assert!(r["draftHash"].as_str().unwrap().starts_with("sha256:"));
    assert!(r["syncedAt"].as_str().unwrap().ends_with('Z'));
    assert!(r.get("serverIssues").is_none());
    let a = &r["agents"][0];
    assert_eq!(a["localId"], "helper");
    assert_eq!(a["sourceHash"], "sha256:helper1");
    assert!(a["draftId"].as_str().unwrap().starts_with("drf_"));
    let agent_id = a["agentId"].as_str().unwrap().to_string();

    let cfg: Value = s
        .sdk_get(&key, &format!("/api/sdk/agent-configs/{agent_id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(cfg["code_first_project"], "shop");
    assert_eq!(cfg["code_first_local_id"], "helper");
    assert_eq!(cfg["name"], "Helper");
    assert!(cfg["active_version_id"].is_null() && cfg["published_at"].is_null());
    // Skills and eval cases arrived.
    let skills: Value = s
        .sdk_get(&key, "/api/sdk/skills")
        .await
        .json()
        .await
        .unwrap();
    let mine: Vec<&Value> = skills["skills"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["agent_id"] == agent_id.as_str())
        .collect();
    assert_eq!(mine.len(), 2);
    let cases: Value = s
        .sdk_get(&key, "/api/sdk/evals")
        .await
        .json()
        .await
        .unwrap();
    assert!(cases["cases"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["set_name"] == "helper" && c["prompt"] == "Say hello"));
    // A draft but no live version: live eval → 409, no suite → 409.
    let r = s
        .post(&format!("/api/sdk/agent-configs/{agent_id}/eval-runs"))
        .header("X-API-Key", &key)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);

    // Re-sync without content for unchanged files: the server reuses what it has.
    let mut again = helper_agent();
    for f in again["files"].as_array_mut().unwrap() {
        f.as_object_mut().unwrap().remove("content");
    }
    let (st, r2) = call(
        &s,
        &key,
        "PUT",
        "/api/sdk/source-sync",
        manifest("shop", json!([again])),
    )
    .await;
    assert_eq!(st, 200, "{r2}");
    assert_eq!(r2["agents"][0]["agentId"], agent_id.as_str());
    // Fatal issues block the sync.
    let (st, e) = call(
        &s,
        &key,
        "PUT",
        "/api/sdk/source-sync",
        manifest(
            "shop",
            json!([{"id": "x", "files": [file("skills/a.js", "(")]}]),
        ),
    )
    .await;
    assert_eq!((st, e["code"].as_str()), (400, Some("source_invalid")));
    assert_eq!(e["issues"][0]["code"], "skill_lint");
    // Warnings come back as serverIssues.
    let (_, r3) = call(
        &s,
        &key,
        "PUT",
        "/api/sdk/source-sync",
        manifest("shop", json!([{"id": "bare", "files": []}])),
    )
    .await;
    assert_eq!(r3["serverIssues"][0]["code"], "missing_persona");
    assert_eq!(r3["serverIssues"][0]["severity"], "warn");

    // Deploy one agent.
    let (st, d) = call(
        &s,
        &key,
        "POST",
        "/api/sdk/source-deploy",
        json!({"project": "shop", "localAgentId": "helper"}),
    )
    .await;
    assert_eq!(st, 200, "{d}");
    assert_eq!(d["version"], "v1");
    assert!(d["deployedAt"].is_string());
    let da = &d["agents"][0];
    assert_eq!(
        (da["localId"].as_str(), da["semver"].as_str()),
        (Some("helper"), Some("1.0.0"))
    );
    assert_eq!(da["agentId"], agent_id.as_str());
    let vid = da["versionId"].as_str().unwrap().to_string();
    let cfg: Value = s
        .sdk_get(&key, &format!("/api/sdk/agent-configs/{agent_id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(cfg["active_version_id"], vid.as_str());
    assert_eq!(cfg["model"], "gemini-2.5-pro");
    assert_eq!(cfg["enabled_capabilities"], json!(["execute_js"]));
    assert!(cfg["persona_md"].as_str().unwrap().contains("You help."));
    assert_eq!(cfg["skills_json"].as_array().unwrap().len(), 2);
    let v: Value = s
        .sdk_get(
            &key,
            &format!("/api/sdk/agent-configs/{agent_id}/versions/{vid}"),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["semver"], "1.0.0");
    // Nothing left to deploy for helper; the whole project still has "bare".
    let (st, e) = call(
        &s,
        &key,
        "POST",
        "/api/sdk/source-deploy",
        json!({"project": "shop", "localAgentId": "helper"}),
    )
    .await;
    assert_eq!((st, e["code"].as_str()), (409, Some("nothing_to_deploy")));
    let (st, d2) = call(
        &s,
        &key,
        "POST",
        "/api/sdk/source-deploy",
        json!({"project": "shop", "runEvals": true}),
    )
    .await;
    assert_eq!(st, 200);
    assert_eq!(d2["version"], "v2");
    assert_eq!(d2["serverIssues"][0]["code"], "eval_not_started");
    let (st, _) = call(
        &s,
        &key,
        "POST",
        "/api/sdk/source-deploy",
        json!({"project": "nope"}),
    )
    .await;
    assert_eq!(st, 404);
    let (st, _) = call(&s, &key, "POST", "/api/sdk/source-deploy", json!({})).await;
    assert_eq!(st, 400);
    // Sync + deploy again bumps the minor version; runEvals starts a run for the seeded research agent.
    call(
        &s,
        &key,
        "PUT",
        "/api/sdk/source-sync",
        manifest("shop", json!([helper_agent()])),
    )
    .await;
    let (_, d3) = call(
        &s,
        &key,
        "POST",
        "/api/sdk/source-deploy",
        json!({"project": "shop"}),
    )
    .await;
    assert_eq!(d3["agents"][0]["semver"], "1.1.0");
    let (st, d4) = call(
        &s,
        &key,
        "POST",
        "/api/sdk/source-deploy",
        json!({"project": "demo", "runEvals": true}),
    )
    .await;
    assert_eq!(st, 200);
    assert_eq!(d4["agents"][0]["semver"], "1.1.0");
    assert!(d4.get("serverIssues").is_none());
    let runs: Value = s
        .sdk_get(&key, "/api/sdk/agent-configs/agt_research/eval-runs")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(runs.as_array().unwrap().len(), 1);

    // Rename.
    let (st, e) = call(
        &s,
        &key,
        "POST",
        "/api/sdk/source-rename",
        json!({"project": "shop", "oldLocalId": "helper", "newLocalId": "bare"}),
    )
    .await;
    assert_eq!((st, e["code"].as_str()), (409, Some("local_id_taken")));
    let (st, e) = call(
        &s,
        &key,
        "POST",
        "/api/sdk/source-rename",
        json!({"project": "shop", "oldLocalId": "ghost", "newLocalId": "g2"}),
    )
    .await;
    assert_eq!((st, e["code"].as_str()), (404, Some("NOT_FOUND")));
    let (st, r) = call(
        &s,
        &key,
        "POST",
        "/api/sdk/source-rename",
        json!({"project": "shop", "oldLocalId": "helper", "newLocalId": "assistant"}),
    )
    .await;
    assert_eq!(st, 200);
    assert_eq!(
        r,
        json!({"agentId": agent_id, "oldLocalId": "helper", "newLocalId": "assistant"})
    );

    // Delete needs force.
    let (st, e) = call(
        &s,
        &key,
        "POST",
        "/api/sdk/source-delete",
        json!({"project": "shop", "localId": "assistant"}),
    )
    .await;
    assert_eq!((st, e["code"].as_str()), (400, Some("force_required")));
    let (st, r) = call(
        &s,
        &key,
        "POST",
        "/api/sdk/source-delete",
        json!({"project": "shop", "localId": "assistant", "force": true}),
    )
    .await;
    assert_eq!(st, 200);
    assert_eq!(
        r,
        json!({"agentId": agent_id, "localId": "assistant", "deleted": true})
    );
    let st = s
        .sdk_get(&key, &format!("/api/sdk/agent-configs/{agent_id}"))
        .await
        .status();
    assert_eq!(st, 404);
    let skills: Value = s
        .sdk_get(&key, "/api/sdk/skills")
        .await
        .json()
        .await
        .unwrap();
    assert!(skills["skills"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["agent_id"] != agent_id.as_str()));
    let (st, _) = call(
        &s,
        &key,
        "POST",
        "/api/sdk/source-delete",
        json!({"project": "shop", "localId": "assistant", "force": true}),
    )
    .await;
    assert_eq!(st, 404);
    let au: Value = s
        .sdk_get(&key, "/api/sdk/audit-log?subject_type=source_project")
        .await
        .json()
        .await
        .unwrap();
    assert!(au["total"].as_u64().unwrap() >= 6);
}
