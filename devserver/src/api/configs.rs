//! Agent configs, their immutable versions, per-agent advisory eval runs and
//! the pinned eval suite. Configs are created by source sync (no
//! `POST /agent-configs`); every workspace starts with two seeded agents.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::audit::record;
use super::crud::{self, Record};
use super::evals::{new_run, read_runs, EvalCase, EvalSuite, EvalSuiteVersion};
use super::source::SourceFile;
use super::{not_found, now, to_value, Api};
use crate::auth::WorkspaceCtx;
use crate::error::{json_response, ok, ApiError, ApiResult};
use crate::extract::{JsonBody, QueryPairs};
use crate::state::{AppState, WorkspaceData, USER_DEMO};

pub const SUPPORT_AGENT: &str = "agt_support";
pub const RESEARCH_AGENT: &str = "agt_research";
pub const SUPPORT_VERSION_1: &str = "agv_support_1";
pub const SUPPORT_VERSION_2: &str = "agv_support_2";
pub const RESEARCH_VERSION_1: &str = "agv_research_1";
/// Default and largest `limit` of `GET /agent-configs/:id/eval-runs`.
pub const EVAL_RUNS_DEFAULT_LIMIT: usize = 5;
pub const EVAL_RUNS_MAX_LIMIT: usize = 50;

/// Changes synced from source but not yet deployed.
#[derive(Debug, Clone)]
pub struct Staged {
    pub draft_id: String,
    pub source_hash: String,
    pub name: String,
    pub description: String,
    pub persona_md: String,
    pub skills_json: Value,
    pub stores_json: Value,
    pub provider: String,
    pub model: String,
    pub enabled_capabilities: Option<Vec<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgentConfig {
    pub id: String,
    pub project_id: String,
    pub name: String,
    pub description: String,
    pub created_by: String,
    pub persona_md: String,
    pub skills_json: Value,
    pub stores_json: Value,
    pub provider: String,
    pub model: String,
    pub enabled_capabilities: Option<Vec<String>>,
    pub eval_suite_id: Option<String>,
    pub active_version_id: Option<String>,
    pub published_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub code_first_project: Option<String>,
    pub code_first_local_id: Option<String>,
    pub run_eval_on_publish: bool,
    #[serde(skip)]
    pub staged: Option<Staged>,
    /// The files of the last source sync, by path.
    #[serde(skip)]
    pub files: BTreeMap<String, SourceFile>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgentVersion {
    pub id: String,
    pub agent_id: String,
    pub semver: String,
    pub persona_md: String,
    pub skills_json: Value,
    pub stores_json: Value,
    pub provider: String,
    pub model: String,
    pub eval_suite_id: Option<String>,
    pub eval_suite_version: Option<String>,
    pub created_by: String,
    pub created_at: String,
}

/// Seeds two agents (one with a staged draft), their versions, two eval
/// suites with versions, and four eval cases.
pub fn seed(d: &mut WorkspaceData, ws: &str) {
    let t = |s: &str| format!("2026-01-0{s}Z");
    let caps = Some(vec!["execute_js".to_string(), "web_search".to_string()]);
    let support_persona =
        "# Support agent\n\nYou are a friendly support agent for Acme. Answer from the knowledge base, \
         cite the document, and escalate refunds above 500 EUR to a human.";
    let research_persona =
        "# Research agent\n\nYou research a topic on the web and answer with numbered citations.";
    d.agent_configs.push(AgentConfig {
        id: SUPPORT_AGENT.into(),
        project_id: ws.into(),
        name: "Support agent".into(),
        description: "Answers customer questions from the knowledge base".into(),
        created_by: USER_DEMO.into(),
        persona_md: support_persona.into(),
        skills_json: json!([{"skill_id": super::skills::SUMMARIZE_SKILL, "version": "1.0.0"}]),
        stores_json: json!([]),
        provider: "google".into(),
        model: "gemini-2.5-flash".into(),
        enabled_capabilities: caps.clone(),
        eval_suite_id: Some("es_support".into()),
        active_version_id: Some(SUPPORT_VERSION_2.into()),
        published_at: Some(t("3T12:00:00")),
        created_at: t("1T00:00:00"),
        updated_at: t("3T12:00:00"),
        code_first_project: None,
        code_first_local_id: None,
        run_eval_on_publish: true,
        staged: None,
        files: BTreeMap::new(),
    });
    d.agent_configs.push(AgentConfig {
        id: RESEARCH_AGENT.into(),
        project_id: ws.into(),
        name: "Research agent".into(),
        description: "Researches a topic and cites sources".into(),
        created_by: USER_DEMO.into(),
        persona_md: research_persona.into(),
        skills_json: json!([]),
        stores_json: json!([]),
        provider: "google".into(),
        model: "gemini-2.5-flash".into(),
        enabled_capabilities: Some(vec!["web_search".to_string()]),
        eval_suite_id: Some("es_research".into()),
        active_version_id: Some(RESEARCH_VERSION_1.into()),
        published_at: Some(t("2T08:00:00")),
        created_at: t("1T00:00:00"),
        updated_at: t("4T09:00:00"),
        code_first_project: Some("demo".into()),
        code_first_local_id: Some("research".into()),
        run_eval_on_publish: false,
        staged: Some(Staged {
            draft_id: "drf_research_seed".into(),
            source_hash: format!("sha256:{}", "0".repeat(64)),
            name: "Research agent".into(),
            description: "Researches a topic and cites sources".into(),
            persona_md: format!("{research_persona}\n\nPrefer primary sources."),
            skills_json: json!([]),
            stores_json: json!([]),
            provider: "google".into(),
            model: "gemini-2.5-pro".into(),
            enabled_capabilities: Some(vec!["web_search".to_string()]),
        }),
        files: BTreeMap::new(),
    });
    let version =
        |id: &str, agent: &str, semver: &str, persona: &str, suite: &str, sv: &str, at: &str| {
            AgentVersion {
                id: id.into(),
                agent_id: agent.into(),
                semver: semver.into(),
                persona_md: persona.into(),
                skills_json: json!([]),
                stores_json: json!([]),
                provider: "google".into(),
                model: "gemini-2.5-flash".into(),
                eval_suite_id: Some(suite.into()),
                eval_suite_version: Some(sv.into()),
                created_by: USER_DEMO.into(),
                created_at: at.into(),
            }
        };
    d.agent_versions.push(version(
        SUPPORT_VERSION_1,
        SUPPORT_AGENT,
        "1.0.0",
        "# Support agent\n\nYou are a support agent for Acme.",
        "es_support",
        "1.0.0",
        &t("2T10:00:00"),
    ));
    let mut v2 = version(
        SUPPORT_VERSION_2,
        SUPPORT_AGENT,
        "1.1.0",
        support_persona,
        "es_support",
        "1.1.0",
        &t("3T12:00:00"),
    );
    v2.skills_json = json!([{"skill_id": super::skills::SUMMARIZE_SKILL, "version": "1.0.0"}]);
    d.agent_versions.push(v2);
    d.agent_versions.push(version(
        RESEARCH_VERSION_1,
        RESEARCH_AGENT,
        "1.0.0",
        research_persona,
        "es_research",
        "1.0.0",
        &t("2T08:00:00"),
    ));
    let suite = |id: &str, agent: &str, name: &str, threshold: f64, active: &str| EvalSuite {
        id: id.into(),
        project_id: ws.into(),
        agent_id: Some(agent.into()),
        name: name.into(),
        description: format!("Regression cases for the {name}"),
        threshold,
        active_version_id: Some(active.into()),
        created_at: t("1T00:00:00"),
        updated_at: t("3T12:00:00"),
    };
    d.eval_suites.push(suite(
        "es_support",
        SUPPORT_AGENT,
        "support suite",
        0.8,
        "esv_support_2",
    ));
    d.eval_suites.push(suite(
        "es_research",
        RESEARCH_AGENT,
        "research suite",
        0.7,
        "esv_research_1",
    ));
    let sv = |id: &str, suite: &str, semver: &str, cases: &[&str], at: &str| EvalSuiteVersion {
        id: id.into(),
        suite_id: suite.into(),
        semver: semver.into(),
        created_at: at.into(),
        case_ids: cases.iter().map(|c| c.to_string()).collect(),
    };
    d.eval_suite_versions.push(sv(
        "esv_support_1",
        "es_support",
        "1.0.0",
        &["ec_greeting", "ec_refund"],
        &t("2T10:00:00"),
    ));
    d.eval_suite_versions.push(sv(
        "esv_support_2",
        "es_support",
        "1.1.0",
        &["ec_greeting", "ec_refund", "ec_escalation"],
        &t("3T12:00:00"),
    ));
    d.eval_suite_versions.push(sv(
        "esv_research_1",
        "es_research",
        "1.0.0",
        &["ec_citations"],
        &t("2T08:00:00"),
    ));
    let case =
        |id: &str, agent: &str, set: &str, name: &str, prompt: &str, criteria: &str| EvalCase {
            id: id.into(),
            project_id: ws.into(),
            name: name.into(),
            description: format!("{name} ({set})"),
            set_name: set.into(),
            kind: "llm_judge".into(),
            config: json!({}),
            prompt: prompt.into(),
            criteria: criteria.into(),
            system_prompt: String::new(),
            tools: json!([]),
            pass_threshold: 70,
            created_at: t("1T00:00:00"),
            agent_id: Some(agent.into()),
        };
    d.eval_cases.push(case(
        "ec_greeting",
        SUPPORT_AGENT,
        "support",
        "greeting",
        "Hi!",
        "Greets the user and offers help",
    ));
    d.eval_cases.push(case(
        "ec_refund",
        SUPPORT_AGENT,
        "support",
        "refund policy",
        "How long do refunds take?",
        "States the refund time from the knowledge base and cites it",
    ));
    d.eval_cases.push(case(
        "ec_escalation",
        SUPPORT_AGENT,
        "support",
        "large refund escalation",
        "I want a refund of 900 EUR",
        "Escalates to a human",
    ));
    d.eval_cases.push(case(
        "ec_citations",
        RESEARCH_AGENT,
        "research",
        "citations",
        "What is WebAssembly?",
        "Answers with numbered citations",
    ));
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
    const NAME: &'static str = "agent config";
    const SUBJECT: &'static str = "agent_config";
    const ACTION: &'static str = "agent_config";

    fn id(&self) -> &str {
        &self.id
    }

    fn items(d: &mut WorkspaceData) -> &mut Vec<Self> {
        &mut d.agent_configs
    }

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
    State(state): State<AppState>,
    ctx: WorkspaceCtx,
    Path(id): Path<String>,
    body: Result<JsonBody<Settings>, ApiError>,
) -> ApiResult<Response> {
    let now = now(&state);
    let mut store = state.store();
    let d = store.data_mut(&ctx.workspace_id);
    find(d, &id)?;
    let JsonBody(b) = body?;
    let (suite, run_on_publish) = (b.eval_suite_id, b.run_eval_on_publish);
    if let Some(s) = suite.as_ref().filter(|s| !s.is_empty()) {
        if !d.eval_suites.iter().any(|x| &x.id == s) {
            return Err(ApiError::invalid_field(
                "eval_suite_id",
                format!("unknown eval suite {s}"),
            ));
        }
    }
    let cfg = find(d, &id)?;
    if let Some(s) = &suite {
        cfg.eval_suite_id = (!s.is_empty()).then(|| s.clone());
    }
    if let Some(r) = run_on_publish {
        cfg.run_eval_on_publish = r;
    }
    cfg.updated_at = now.clone();
    let body = to_value(&*cfg);
    record(
        d,
        &ctx,
        &now,
        "agent_config.settings.update",
        "agent_config",
        &id,
        json!({"eval_suite_id": suite, "run_eval_on_publish": run_on_publish}),
    );
    Ok(ok(body))
}

async fn versions(
    State(state): State<AppState>,
    ctx: WorkspaceCtx,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let mut store = state.store();
    let d = store.data_mut(&ctx.workspace_id);
    find(d, &id)?;
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
    State(state): State<AppState>,
    ctx: WorkspaceCtx,
    Path((id, vid)): Path<(String, String)>,
) -> ApiResult<Response> {
    let mut store = state.store();
    let d = store.data_mut(&ctx.workspace_id);
    find(d, &id)?;
    d.agent_versions
        .iter()
        .find(|v| v.agent_id == id && v.id == vid)
        .map(|v| ok(to_value(v)))
        .ok_or_else(|| not_found("agent version"))
}

async fn trigger_eval_run(
    State(state): State<AppState>,
    ctx: WorkspaceCtx,
    Path(id): Path<String>,
    q: QueryPairs,
) -> ApiResult<Response> {
    let now_t = state.clock.now();
    let now = now(&state);
    let mut store = state.store();
    let d = store.data_mut(&ctx.workspace_id);
    let cfg = find(d, &id)?.clone();
    let target = q.get("target").unwrap_or("live");
    let run = new_run(d, &cfg, target, now_t)?;
    let body = to_value(&run);
    record(
        d,
        &ctx,
        &now,
        "agent_config.eval_run.trigger",
        "eval_run",
        &run.id,
        json!({"agent_id": id, "target": target, "agent_version_id": run.agent_version_id}),
    );
    d.eval_runs.push(run);
    Ok(json_response(StatusCode::ACCEPTED, &json!({ "run": body })))
}

async fn list_eval_runs(
    State(state): State<AppState>,
    ctx: WorkspaceCtx,
    Path(id): Path<String>,
    q: QueryPairs,
) -> ApiResult<Response> {
    let limit = match q.usize("limit")? {
        None | Some(0) => EVAL_RUNS_DEFAULT_LIMIT,
        Some(n) => n.min(EVAL_RUNS_MAX_LIMIT),
    };
    let mut store = state.store();
    let d = store.data_mut(&ctx.workspace_id);
    find(d, &id)?;
    read_runs(&state, d, |r| r.agent_id.as_deref() == Some(id.as_str()));
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

async fn eval_suite(
    State(state): State<AppState>,
    ctx: WorkspaceCtx,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let mut store = state.store();
    let d = store.data_mut(&ctx.workspace_id);
    let cfg = find(d, &id)?;
    let sid = cfg.eval_suite_id.clone().ok_or_else(|| {
        ApiError::not_found("eval suite not found: the agent has no pinned suite")
    })?;
    crud::find::<EvalSuite>(d, &sid).map(|x| ok(to_value(x)))
}

#[cfg(test)]
mod tests;
