//! Session forensics: the enriched trace of a session, replay from a step
//! (an SSE stream played by the scripted agent of `src/agents.rs`, so the
//! stream faults apply), and a deterministic "AI fix" analysis.

use super::agents::{pick_script, start_run, AgentSession, AgentStep, SYSTEM_PROMPT};
use crate::prelude::*;
use crate::sse::StreamShaping;

/// Tools reported for sessions created without a `tools` list.
pub const DEFAULT_TOOLS: [&str; 2] = ["execute_js", "web_search"];

pub fn routes() -> Api {
    Api::default()
        .get("/studio/{sessionID}", trace)
        .post("/studio/{sessionID}/replay", replay)
        .post("/studio/{sessionID}/analyze", analyze)
}

fn session_and_steps(d: &mut WorkspaceData, id: &str) -> ApiResult<(AgentSession, Vec<AgentStep>)> {
    let s = crud::find::<AgentSession>(d, id)?.clone();
    let steps = d.steps.get(id).cloned().unwrap_or_default();
    Ok((s, steps))
}

fn tools_of(s: &AgentSession) -> Vec<String> {
    match s.tools_config.as_array() {
        Some(a) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        None => DEFAULT_TOOLS.iter().map(|t| t.to_string()).collect(),
    }
}

async fn trace(ctx: WorkspaceCtx, Path(id): Path<String>) -> ApiResult<Response> {
    let mut d = ctx.data();
    let (session, steps) = session_and_steps(&mut d, &id)?;
    let system_prompt = if session.system_prompt.is_empty() {
        SYSTEM_PROMPT.to_string()
    } else {
        session.system_prompt.clone()
    };
    let steps: Vec<Value> = steps.iter().map(to_value).collect();
    Ok(ok(json!({
        "session": to_value(&session),
        "steps": steps,
        "system_prompt": system_prompt,
        "tools": tools_of(&session),
        "memory": {},
    })))
}

/// The user message a replay re-sends when none is given: the last
/// `user_message` before `from_step`, else the session's first one.
fn replay_message(steps: &[AgentStep], from_step: usize) -> Option<String> {
    let is_user = |s: &&AgentStep| s.step_type == "user_message" && !s.content.is_empty();
    steps[..from_step]
        .iter()
        .rev()
        .find(is_user)
        .or_else(|| steps.iter().find(is_user))
        .map(|s| s.content.clone())
}

#[derive(Deserialize)]
pub struct Replay {
    from_step: usize,
    system_prompt: Option<String>,
    message: Option<String>,
}

async fn replay(
    ctx: WorkspaceCtx,
    Path(id): Path<String>,
    stream: StreamShaping,
    body: Result<JsonBody<Replay>, ApiError>,
) -> ApiResult<Response> {
    let (orig, steps) = session_and_steps(&mut ctx.data(), &id)?;
    let JsonBody(b) = body?;
    let from_step = b.from_step;
    if from_step > steps.len() {
        return invalid(
            "from_step",
            format!("from_step is beyond the session's {} steps", steps.len()),
        );
    }
    let message = match b.message.filter(|m| !m.trim().is_empty()) {
        Some(m) => m,
        None => replay_message(&steps, from_step).unwrap_or_else(|| "replay".to_string()),
    };
    let script = pick_script(&message)?;
    let now = ctx.now.stamp.clone();
    let new_session = AgentSession {
        id: new_id("as"),
        title: format!(
            "Replay of {}",
            if orig.title.is_empty() {
                &orig.id
            } else {
                &orig.title
            }
        ),
        system_prompt: b
            .system_prompt
            .unwrap_or_else(|| orig.system_prompt.clone()),
        metadata: json!({"replay_of": id, "from_step": from_step}),
        status: "active".to_string(),
        prompt_tokens: 0,
        completion_tokens: 0,
        step_count: 0,
        duration_ms: 0,
        finished_at: None,
        created_at: now.clone(),
        updated_at: now.clone(),
        ..orig.clone()
    };
    let new_id_ = new_session.id.clone();
    {
        let mut d = ctx.data();
        let copied: Vec<AgentStep> = steps[..from_step]
            .iter()
            .map(|s| AgentStep {
                id: new_id("st"),
                session_id: new_id_.clone(),
                ..s.clone()
            })
            .collect();
        d.steps.insert(new_id_.clone(), copied);
        d.sessions.push(new_session);
        record(
            &mut d,
            &ctx,
            "studio.replay",
            "agent_session",
            &new_id_,
            json!({"replay_of": id, "from_step": from_step, "session_id": new_id_}),
        );
    }
    let started = json!({
        "type": "replay_started",
        "content": new_id_,
        "args": {"session_id": new_id_, "replay_of": id, "from_step": from_step},
    });
    Ok(start_run(
        ctx,
        new_id_,
        message,
        script,
        stream,
        vec![("step".to_string(), started)],
    ))
}

#[derive(Deserialize)]
pub struct Analyze {
    failed_steps: Option<Vec<usize>>,
    expected_outcome: NonBlank,
}

async fn analyze(
    ctx: WorkspaceCtx,
    Path(id): Path<String>,
    body: Result<JsonBody<Analyze>, ApiError>,
) -> ApiResult<Response> {
    let (session, steps) = session_and_steps(&mut ctx.data(), &id)?;
    let JsonBody(b) = body?;
    let mut failed = b.failed_steps.unwrap_or_default();
    if let Some(n) = failed.iter().find(|n| **n >= steps.len()) {
        return invalid(
            "failed_steps",
            format!(
                "step {n} does not exist (the session has {} steps)",
                steps.len()
            ),
        );
    }
    let expected = b.expected_outcome.0;
    if failed.is_empty() {
        failed = steps
            .iter()
            .enumerate()
            .filter(|(_, s)| s.step_type == "error")
            .map(|(i, _)| i)
            .collect();
    }
    let lines: Vec<String> = failed
        .iter()
        .map(|i| {
            let s = &steps[*i];
            let snippet: String = s.content.chars().take(80).collect();
            format!("- Step {i} (`{}`): {snippet}", s.step_type)
        })
        .collect();
    let first_user = steps.iter().find(|s| s.step_type == "user_message");
    let first_user = first_user.map(|s| s.content.as_str()).unwrap_or_default();
    let prompt_changes = format!(
        "Add to the system prompt:\n\n- Before the final response, check that the answer satisfies: {expected}\n- If a sandbox call fails, explain the failure and try another approach instead of stopping.{}",
        if lines.is_empty() {
            String::new()
        } else {
            format!("\n\nSteps to avoid repeating:\n{}", lines.join("\n"))
        }
    );
    let reasoning = if failed.is_empty() {
        format!(
            "No step was marked as failed and none errored; the session ended with status `{}`. The prompt change states the expected outcome explicitly.",
            session.status
        )
    } else {
        format!(
            "Steps {:?} diverged from the expected outcome (\"{expected}\"). The agent did not verify its result before answering; the prompt change adds that check and an eval case guards against regressions.",
            failed
        )
    };
    let title = if session.title.is_empty() {
        &session.id
    } else {
        &session.title
    };
    Ok(ok(json!({
        "prompt_changes": prompt_changes,
        "eval_case": {
            "name": format!("regression: {title}"),
            "prompt": first_user,
            "criteria": expected,
        },
        "reasoning": reasoning,
    })))
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use crate::testutil::{parse_sse, TestServer};

    #[tokio::test]
    async fn trace_replay_and_analyze() {
        let s = TestServer::start().await;
        let key = s.api_key().await;
        let id = s
            .create_session(&key, json!({"title": "Trip", "tools": ["web_search"]}))
            .await;
        s.run_text(&key, &id, "plan a trip").await;

        let t: Value = s
            .sdk_get(&key, &format!("/api/sdk/studio/{id}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(t["session"]["id"], id.as_str());
        assert_eq!(t["tools"], json!(["web_search"]));
        assert!(t["system_prompt"]
            .as_str()
            .unwrap()
            .contains("Tavora agent"));
        let steps = t["steps"].as_array().unwrap();
        assert_eq!(steps[0]["step_type"], "user_message");
        assert!(steps.len() > 3);

        // Replay from step 1 with a new message.
        let r = s
            .sdk_post(
                &key,
                &format!("/api/sdk/studio/{id}/replay"),
                json!({"from_step": 1, "message": "plan a short trip"}),
            )
            .header("Accept", "text/event-stream")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "text/event-stream");
        let ev = parse_sse(&r.text().await.unwrap());
        assert_eq!(ev[0].0, "step");
        assert_eq!(ev[0].1["type"], "replay_started");
        let new_id = ev[0].1["args"]["session_id"].as_str().unwrap().to_string();
        assert_ne!(new_id, id);
        assert_eq!(ev[0].1["args"]["replay_of"], id.as_str());
        let (name, done) = ev.last().unwrap();
        assert_eq!(name, "done");
        assert_eq!(done["summary"]["session_id"], new_id.as_str());
        let d: Value = s
            .sdk_get(&key, &format!("/api/sdk/agents/{new_id}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(d["session"]["title"], "Replay of Trip");
        assert_eq!(d["session"]["status"], "completed");
        assert_eq!(d["session"]["metadata"]["from_step"], 1);
        // The copied step plus this run's user message.
        assert_eq!(d["steps"][0]["content"], "plan a trip");
        assert_eq!(d["steps"][1]["content"], "plan a short trip");

        // Faults apply to replay streams too.
        s.fault(json!({"match": {"path_prefix": "/api/sdk/studio/"}, "action": {"cut_after_events": 2}})).await;
        let r = s
            .sdk_post(
                &key,
                &format!("/api/sdk/studio/{id}/replay"),
                json!({"from_step": 0}),
            )
            .send()
            .await
            .unwrap();
        let ev = parse_sse(&r.text().await.unwrap());
        assert_eq!(ev.len(), 2);
        assert_eq!(ev[0].1["type"], "replay_started");

        // Validation and 404s.
        for bad in [
            json!({}),
            json!({"from_step": -1}),
            json!({"from_step": 999}),
        ] {
            let r = s
                .sdk_post(&key, &format!("/api/sdk/studio/{id}/replay"), bad)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 400);
            let e: Value = r.json().await.unwrap();
            assert_eq!(e["field"], "from_step");
        }
        let r = s
            .sdk_post(
                &key,
                "/api/sdk/studio/as_nope/replay",
                json!({"from_step": 0}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);

        // Analyze.
        let fail_id = s.create_session(&key, json!({})).await;
        s.run_text(&key, &fail_id, "please fail").await;
        let r = s
            .sdk_post(
                &key,
                &format!("/api/sdk/studio/{fail_id}/analyze"),
                json!({"failed_steps": [2], "expected_outcome": "fetches the page"}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let a: Value = r.json().await.unwrap();
        assert!(a["prompt_changes"]
            .as_str()
            .unwrap()
            .contains("fetches the page"));
        assert!(a["prompt_changes"].as_str().unwrap().contains("Step 2"));
        assert_eq!(a["eval_case"]["prompt"], "please fail");
        assert_eq!(a["eval_case"]["criteria"], "fetches the page");
        assert!(a["reasoning"].is_string());
        for bad in [
            json!({"failed_steps": [99], "expected_outcome": "x"}),
            json!({"failed_steps": [0]}),
            json!({"failed_steps": "1", "expected_outcome": "x"}),
        ] {
            let r = s
                .sdk_post(&key, &format!("/api/sdk/studio/{fail_id}/analyze"), bad)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 400);
        }
    }
}
