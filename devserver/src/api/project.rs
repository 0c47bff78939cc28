//! `GET /project` (+ the legacy `/app` alias) and `GET /metrics`.

use super::agents::AgentSession;
use super::evals::EvalRun;
use crate::prelude::*;

pub fn routes() -> Api {
    Api::default()
        .get("/project", project)
        .get("/app", project)
        .get("/metrics", metrics)
}

async fn project(ctx: WorkspaceCtx) -> ApiResult<Response> {
    let store = ctx.state.store();
    let w = store
        .workspace(&ctx.workspace_id)
        .ok_or_else(|| ApiError::not_found("project not found"))?;
    Ok(ok(json!({
        "id": w.id,
        "team_id": w.team_id,
        "name": w.name,
        "slug": w.slug,
        "description": w.description,
        "created_at": w.created_at,
        "updated_at": w.created_at,
    })))
}

async fn metrics(ctx: WorkspaceCtx) -> Response {
    let d = ctx.data();
    let sum = |f: fn(&AgentSession) -> i64| d.sessions.iter().map(f).sum::<i64>();
    let with_status = |status: &str| d.sessions.iter().filter(|s| s.status == status).count();
    let prompt = d.chat_prompt_tokens + sum(|s| s.prompt_tokens);
    let completion = d.chat_completion_tokens + sum(|s| s.completion_tokens);
    let done: Vec<&EvalRun> = d.eval_runs.iter().filter(|r| r.is_complete()).collect();
    let score: f64 = done.iter().map(|r| r.average_score).sum();
    ok(json!({
        "tokens": {
            "prompt_tokens": prompt,
            "candidate_tokens": completion,
            "total_tokens": prompt + completion,
            "request_count": d.llm_requests,
        },
        "agents": {
            "total_sessions": d.sessions.len(),
            "active_sessions": with_status("active"),
            "completed_sessions": with_status("completed"),
            "error_sessions": with_status("error"),
            "total_steps": sum(|s| s.step_count),
        },
        "evals": {
            "total_runs": d.eval_runs.len(),
            "completed_runs": done.len(),
            "total_passed": done.iter().map(|r| r.passed).sum::<i64>(),
            "total_failed": done.iter().map(|r| r.failed).sum::<i64>(),
            "average_score": if done.is_empty() { 0.0 } else { score / done.len() as f64 },
        },
    }))
}

#[cfg(test)]
mod tests {
    use crate::state::{DEMO_WORKSPACE, SECOND_WORKSPACE};
    use crate::testutil::{parse_sse, TestServer};
    use serde_json::{json, Value};

    #[tokio::test]
    async fn project_and_app_alias() {
        let s = TestServer::start().await;
        let key = s.api_key().await;
        let r = s.sdk_get(&key, "/api/sdk/project").await;
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "application/json");
        let p: Value = r.json().await.unwrap();
        assert_eq!(
            p,
            json!({
                "id": DEMO_WORKSPACE,
                "team_id": "team_demo",
                "name": "Demo workspace",
                "slug": "demo-workspace",
                "description": "Seeded workspace for the SDK demo and tests",
                "created_at": "2026-01-01T00:00:00Z",
                "updated_at": "2026-01-01T00:00:00Z",
            })
        );
        let a: Value = s.sdk_get(&key, "/api/sdk/app").await.json().await.unwrap();
        assert_eq!(a, p);
        // A key for the second workspace sees that workspace.
        let key2 = s.api_key_for("demo@tavora.dev", SECOND_WORKSPACE).await;
        let p2: Value = s
            .sdk_get(&key2, "/api/sdk/project")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(p2["name"], "Second workspace");
    }

    #[tokio::test]
    async fn metrics_count_sessions_steps_and_tokens() {
        let s = TestServer::start().await;
        let key = s.api_key().await;
        let m: Value = s
            .sdk_get(&key, "/api/sdk/metrics")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(m["agents"]["total_sessions"], 0);
        assert_eq!(m["tokens"]["total_tokens"], 0);
        assert_eq!(m["evals"]["average_score"], 0.0);
        let a = s.create_session(&key, json!({})).await;
        let b = s.create_session(&key, json!({})).await;
        s.create_session(&key, json!({})).await;
        let text = s.run_text(&key, &a, "hello there").await;
        let done = parse_sse(&text).pop().unwrap();
        s.run_text(&key, &b, "please fail").await;
        let m: Value = s
            .sdk_get(&key, "/api/sdk/metrics")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(m["agents"]["total_sessions"], 3);
        assert_eq!(m["agents"]["active_sessions"], 1);
        assert_eq!(m["agents"]["completed_sessions"], 1);
        assert_eq!(m["agents"]["error_sessions"], 1);
        // default: 6 steps; fail: 2 steps.
        assert_eq!(m["agents"]["total_steps"], 8);
        let t = &done.1["summary"]["tokens"];
        let fail_prompt = 100 + "please fail".len() as i64 / 4;
        assert_eq!(
            m["tokens"]["prompt_tokens"].as_i64().unwrap(),
            t["prompt"].as_i64().unwrap() + fail_prompt
        );
        assert_eq!(
            m["tokens"]["candidate_tokens"].as_i64().unwrap(),
            t["completion"].as_i64().unwrap() + 12
        );
        assert_eq!(m["tokens"]["request_count"], 3);
        // Another workspace's metrics are separate.
        let key2 = s.api_key_for("demo@tavora.dev", SECOND_WORKSPACE).await;
        let m2: Value = s
            .sdk_get(&key2, "/api/sdk/metrics")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(m2["agents"]["total_sessions"], 0);
    }
}
