//! Agent configs, their immutable versions, per-agent advisory eval runs and
//! the pinned eval suite. Configs are created by source sync (no
//! `POST /agent-configs`); every workspace starts with two seeded agents.

use std::collections::BTreeMap;

use super::evals::{new_run, read_runs, EvalSuite};
use super::source::SourceFile;
use crate::error::json_response;
use crate::prelude::*;

/// Default and largest `limit` of `GET /agent-configs/{id}/eval-runs`.
pub const EVAL_RUNS_DEFAULT_LIMIT: usize = 5;
pub const EVAL_RUNS_MAX_LIMIT: usize = 50;

/// What a version freezes of an agent (and a draft stages).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Spec {
    pub persona_md: String,
    pub skills_json: Value,
    pub stores_json: Value,
    pub provider: String,
    pub model: String,
}

/// Changes synced from source but not yet deployed.
#[derive(Debug, Clone, Deserialize)]
pub struct Staged {
    pub draft_id: String,
    pub source_hash: String,
    pub name: String,
    pub description: String,
    #[serde(flatten)]
    pub spec: Spec,
    pub enabled_capabilities: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AgentConfig {
    pub id: String,
    #[serde(default)]
    pub project_id: String,
    pub name: String,
    pub description: String,
    pub created_by: String,
    #[serde(flatten)]
    pub spec: Spec,
    pub enabled_capabilities: Option<Vec<String>>,
    pub eval_suite_id: Option<String>,
    pub active_version_id: Option<String>,
    pub published_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub code_first_project: Option<String>,
    pub code_first_local_id: Option<String>,
    pub run_eval_on_publish: bool,
    #[serde(skip_serializing, default)]
    pub staged: Option<Staged>,
    /// The files of the last source sync, by path.
    #[serde(skip)]
    pub files: BTreeMap<String, SourceFile>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AgentVersion {
    pub id: String,
    pub agent_id: String,
    pub semver: String,
    #[serde(flatten)]
    pub spec: Spec,
    pub eval_suite_id: Option<String>,
    pub eval_suite_version: Option<String>,
    pub created_by: String,
    pub created_at: String,
}

pub fn routes() -> Api {
    Api::default()
        .get("/agent-configs", crud::list::<AgentConfig>)
        .get("/agent-configs/{id}", crud::get::<AgentConfig>)
        .delete("/agent-configs/{id}", crud::delete::<AgentConfig>)
        .patch("/agent-configs/{id}/settings", settings)
        .get("/agent-configs/{id}/versions", versions)
        .get("/agent-configs/{id}/versions/{vid}", version)
        .post("/agent-configs/{id}/eval-runs", trigger_eval_run)
        .get("/agent-configs/{id}/eval-runs", list_eval_runs)
        .get("/agent-configs/{id}/eval-suite", eval_suite)
}

impl Record for AgentConfig {
    const SUBJECT: &'static str = "agent_config";

    fn cascade(d: &mut WorkspaceData, id: &str) -> Value {
        cascade_delete(d, id);
        json!({})
    }
}

fn find<'a>(d: &'a mut WorkspaceData, id: &str) -> ApiResult<&'a mut AgentConfig> {
    crud::find::<AgentConfig>(d, id)
}

/// Removes an agent config and what hangs off it (versions, eval runs,
/// cases and skills it defined); suites it owned are kept but unlinked.
pub fn cascade_delete(d: &mut WorkspaceData, id: &str) {
    d.agent_configs.retain(|c| c.id != id);
    d.agent_versions.retain(|v| v.agent_id != id);
    d.eval_runs.retain(|r| r.agent_id.as_deref() != Some(id));
    d.eval_cases.retain(|c| c.agent_id.as_deref() != Some(id));
    d.skills.retain(|s| s.agent_id.as_deref() != Some(id));
    for s in d.eval_suites.iter_mut() {
        if s.agent_id.as_deref() == Some(id) {
            s.agent_id = None;
        }
    }
}

#[derive(Deserialize)]
pub struct Settings {
    eval_suite_id: Option<String>,
    run_eval_on_publish: Option<bool>,
}

async fn settings(
    ctx: WorkspaceCtx,
    Path(id): Path<String>,
    body: Result<JsonBody<Settings>, ApiError>,
) -> ApiResult<Response> {
    let now = ctx.now.stamp.clone();
    let mut d = ctx.data();
    find(&mut d, &id)?;
    let JsonBody(b) = body?;
    let (suite, run_on_publish) = (b.eval_suite_id, b.run_eval_on_publish);
    if let Some(s) = suite.as_ref().filter(|s| !s.is_empty()) {
        if !d.eval_suites.iter().any(|x| &x.id == s) {
            return invalid("eval_suite_id", format!("unknown eval suite {s}"));
        }
    }
    let cfg = find(&mut d, &id)?;
    if let Some(s) = &suite {
        cfg.eval_suite_id = (!s.is_empty()).then(|| s.clone());
    }
    if let Some(r) = run_on_publish {
        cfg.run_eval_on_publish = r;
    }
    cfg.updated_at = now.clone();
    let body = to_value(&*cfg);
    record(
        &mut d,
        &ctx,
        "agent_config.settings.update",
        "agent_config",
        &id,
        json!({"eval_suite_id": suite, "run_eval_on_publish": run_on_publish}),
    );
    Ok(ok(body))
}

async fn versions(ctx: WorkspaceCtx, Path(id): Path<String>) -> ApiResult<Response> {
    let mut d = ctx.data();
    find(&mut d, &id)?;
    let items: Vec<Value> = d
        .agent_versions
        .iter()
        .rev()
        .filter(|v| v.agent_id == id)
        .map(to_value)
        .collect();
    Ok(ok(Value::Array(items)))
}

async fn version(
    ctx: WorkspaceCtx,
    Path((id, vid)): Path<(String, String)>,
) -> ApiResult<Response> {
    let mut d = ctx.data();
    find(&mut d, &id)?;
    d.agent_versions
        .iter()
        .find(|v| v.agent_id == id && v.id == vid)
        .map(|v| ok(to_value(v)))
        .ok_or_else(|| not_found("agent version"))
}

async fn trigger_eval_run(
    ctx: WorkspaceCtx,
    Path(id): Path<String>,
    q: QueryPairs,
) -> ApiResult<Response> {
    let now_t = ctx.now.t;
    let mut d = ctx.data();
    let cfg = find(&mut d, &id)?.clone();
    let target = q.get("target").unwrap_or("live");
    let run = new_run(&d, &cfg, target, now_t)?;
    let body = to_value(&run);
    record(
        &mut d,
        &ctx,
        "agent_config.eval_run.trigger",
        "eval_run",
        &run.id,
        json!({"agent_id": id, "target": target, "agent_version_id": run.agent_version_id}),
    );
    d.eval_runs.push(run);
    Ok(json_response(StatusCode::ACCEPTED, &json!({ "run": body })))
}

async fn list_eval_runs(
    ctx: WorkspaceCtx,
    Path(id): Path<String>,
    q: QueryPairs,
) -> ApiResult<Response> {
    let limit = match q.usize("limit")? {
        None | Some(0) => EVAL_RUNS_DEFAULT_LIMIT,
        Some(n) => n.min(EVAL_RUNS_MAX_LIMIT),
    };
    let mut d = ctx.data();
    find(&mut d, &id)?;
    read_runs(&ctx.state, &mut d, |r| {
        r.agent_id.as_deref() == Some(id.as_str())
    });
    let items: Vec<Value> = d
        .eval_runs
        .iter()
        .rev()
        .filter(|r| r.agent_id.as_deref() == Some(id.as_str()))
        .take(limit)
        .map(to_value)
        .collect();
    Ok(ok(Value::Array(items)))
}

async fn eval_suite(ctx: WorkspaceCtx, Path(id): Path<String>) -> ApiResult<Response> {
    let mut d = ctx.data();
    let cfg = find(&mut d, &id)?;
    let sid = cfg.eval_suite_id.clone().ok_or_else(|| {
        ApiError::not_found("eval suite not found: the agent has no pinned suite")
    })?;
    crud::find::<EvalSuite>(&mut d, &sid).map(|x| ok(to_value(x)))
}

#[cfg(test)]
mod tests;
