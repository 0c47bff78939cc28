//! Advisory evals, read-only: cases, runs (with results), suites and suite
//! versions. Runs are started per agent (`POST /agent-configs/:id/eval-runs`,
//! or `runEvals` on a source deploy) by [`new_run`]; they are `pending`,
//! then `running`, then `passed`/`failed` — each read of a run advances it
//! one stage, and runs older than `--processing-ms` settle on any read.
//! Scores are deterministic integers 0–100 derived from the run target and
//! case; `average_score` is their mean (0–100).

use time::OffsetDateTime;

use super::configs::AgentConfig;
use super::sha256_hex;
use crate::clock::rfc3339;
use crate::prelude::*;

pub const JUDGE_MODEL: &str = "gemini-2.5-pro";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EvalCase {
    pub id: String,
    #[serde(default)]
    pub project_id: String,
    pub name: String,
    pub description: String,
    pub set_name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub config: Value,
    pub prompt: String,
    pub criteria: String,
    pub system_prompt: String,
    pub tools: Value,
    pub pass_threshold: i64,
    pub created_at: String,
    /// The agent config whose source defined the case (extra to the contract).
    pub agent_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EvalSuite {
    pub id: String,
    #[serde(default)]
    pub project_id: String,
    pub agent_id: Option<String>,
    pub name: String,
    pub description: String,
    pub threshold: f64,
    pub active_version_id: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EvalSuiteVersion {
    pub id: String,
    pub suite_id: String,
    pub semver: String,
    pub created_at: String,
    /// The cases frozen into this version (extra to the contract).
    pub case_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvalResult {
    pub id: String,
    pub case_name: String,
    pub set_name: String,
    pub score: i64,
    pub pass: bool,
    pub reasoning: String,
    pub response: String,
    pub tool_calls: Value,
    pub duration_ms: i64,
    pub error: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct EvalRun {
    pub id: String,
    pub status: String,
    pub total_cases: i64,
    pub passed: i64,
    pub failed: i64,
    pub average_score: f64,
    pub judge_model: String,
    pub created_at: String,
    /// Extra to the contract: what the run evaluated.
    pub agent_id: Option<String>,
    pub target: Option<String>,
    pub suite_id: Option<String>,
    pub agent_version_id: Option<String>,
    #[serde(skip)]
    pub results: Vec<EvalResult>,
    /// Unix ms on the server clock.
    #[serde(skip)]
    pub created_ms: i128,
    #[serde(skip)]
    pub reads: u32,
}

impl EvalRun {
    pub fn is_complete(&self) -> bool {
        self.status == "passed" || self.status == "failed"
    }
}

pub fn routes() -> Api {
    Api::default()
        .get("/evals", crud::list::<EvalCase>)
        .get("/evals/{id}", crud::get::<EvalCase>)
        .get("/eval-runs", list_runs)
        .get("/eval-runs/{id}", get_run)
        .get("/eval-suites", crud::list::<EvalSuite>)
        .get("/eval-suites/{id}", crud::get::<EvalSuite>)
        .get("/eval-suites/{id}/versions", suite_versions)
}

impl Record for EvalCase {
    const SUBJECT: &'static str = "eval_case";
    const LIST: &'static str = "cases";
}

impl Record for EvalSuite {
    const SUBJECT: &'static str = "eval_suite";
}

impl Record for EvalRun {
    const SUBJECT: &'static str = "eval_run";
}

/// Starts a run of `cfg`'s pinned suite against its live version or staged draft.
pub fn new_run(
    d: &WorkspaceData,
    cfg: &AgentConfig,
    target: &str,
    now: OffsetDateTime,
) -> ApiResult<EvalRun> {
    let (seed, version_id) = match target {
        "live" => {
            let v = cfg.active_version_id.clone().ok_or_else(|| {
                ApiError::conflict(
                    "no_published_version",
                    "the agent has no published version to evaluate",
                )
            })?;
            (v.clone(), Some(v))
        }
        "draft" => {
            let staged = cfg.staged.as_ref().ok_or_else(|| {
                ApiError::conflict(
                    "nothing_staged",
                    "target=draft but the agent has no staged draft",
                )
            })?;
            (format!("draft:{}", staged.draft_id), None)
        }
        other => {
            return invalid(
                "target",
                format!("target must be \"live\" or \"draft\", not {other:?}"),
            )
        }
    };
    let suite = cfg
        .eval_suite_id
        .as_ref()
        .and_then(|sid| d.eval_suites.iter().find(|s| &s.id == sid))
        .ok_or_else(|| ApiError::conflict("no_eval_suite", "the agent has no pinned eval suite"))?;
    let version = suite
        .active_version_id
        .as_ref()
        .and_then(|v| d.eval_suite_versions.iter().find(|x| &x.id == v));
    let cases: Vec<&EvalCase> = match version {
        Some(v) => v
            .case_ids
            .iter()
            .filter_map(|id| d.eval_cases.iter().find(|c| &c.id == id))
            .collect(),
        None => d
            .eval_cases
            .iter()
            .filter(|c| c.agent_id.as_deref() == Some(cfg.id.as_str()))
            .collect(),
    };
    if cases.is_empty() {
        return Err(ApiError::conflict(
            "no_eval_cases",
            "the pinned eval suite has no cases",
        ));
    }
    let results: Vec<EvalResult> = cases
        .iter()
        .map(|c| {
            let h = sha256_hex(format!("{seed}/{}", c.id).as_bytes());
            let byte = u8::from_str_radix(&h[..2], 16).unwrap_or(0);
            let score = 55 + i64::from(byte % 46);
            let pass = score >= c.pass_threshold;
            EvalResult {
                id: new_id("eres"),
                case_name: c.name.clone(),
                set_name: c.set_name.clone(),
                score,
                pass,
                reasoning: format!(
                    "The response {} the criteria: {}",
                    if pass { "meets" } else { "misses part of" },
                    c.criteria
                ),
                response: format!("Scripted answer to: {}", c.prompt),
                tool_calls: json!([]),
                duration_ms: 200 + i64::from(byte) * 3,
                error: String::new(),
            }
        })
        .collect();
    Ok(EvalRun {
        id: new_id("er"),
        status: "pending".to_string(),
        total_cases: results.len() as i64,
        judge_model: JUDGE_MODEL.to_string(),
        created_at: rfc3339(now),
        agent_id: Some(cfg.id.clone()),
        target: Some(target.to_string()),
        suite_id: Some(suite.id.clone()),
        agent_version_id: version_id,
        results,
        created_ms: now.unix_timestamp_nanos() / 1_000_000,
        ..Default::default()
    })
}

/// Advances runs: see the module docs.
pub fn settle_runs(d: &mut WorkspaceData, now: OffsetDateTime, processing_ms: u64) {
    for r in d.eval_runs.iter_mut().filter(|r| !r.is_complete()) {
        let elapsed = now.unix_timestamp_nanos() / 1_000_000 - r.created_ms;
        if r.reads >= 2 || elapsed >= i128::from(processing_ms) {
            r.passed = r.results.iter().filter(|x| x.pass).count() as i64;
            r.failed = r.total_cases - r.passed;
            let sum: i64 = r.results.iter().map(|x| x.score).sum();
            r.average_score = if r.total_cases > 0 {
                ((sum as f64 / r.total_cases as f64) * 100.0).round() / 100.0
            } else {
                0.0
            };
            r.status = if r.failed == 0 { "passed" } else { "failed" }.to_string();
        } else if r.reads >= 1 || elapsed * 2 >= i128::from(processing_ms) {
            r.status = "running".to_string();
        }
    }
}

/// Marks the runs matching `pred` as read once, then settles.
pub fn read_runs(state: &AppState, d: &mut WorkspaceData, pred: impl Fn(&EvalRun) -> bool) {
    for r in d.eval_runs.iter_mut().filter(|r| pred(r)) {
        r.reads += 1;
    }
    settle_runs(d, state.clock.now(), state.config.processing_ms);
}

async fn list_runs(ctx: WorkspaceCtx) -> Response {
    let mut d = ctx.data();
    read_runs(&ctx.state, &mut d, |_| true);
    let items: Vec<Value> = d.eval_runs.iter().rev().map(to_value).collect();
    ok(json!({ "runs": items }))
}

async fn get_run(ctx: WorkspaceCtx, Path(id): Path<String>) -> ApiResult<Response> {
    let mut d = ctx.data();
    read_runs(&ctx.state, &mut d, |r| r.id == id);
    let run = crud::find::<EvalRun>(&mut d, &id)?;
    // Results appear once the run has finished.
    let results: Vec<Value> = if run.is_complete() {
        run.results.iter().map(to_value).collect()
    } else {
        Vec::new()
    };
    Ok(ok(json!({"run": to_value(run), "results": results})))
}

async fn suite_versions(ctx: WorkspaceCtx, Path(id): Path<String>) -> ApiResult<Response> {
    let mut d = ctx.data();
    crud::find::<EvalSuite>(&mut d, &id)?;
    let items: Vec<Value> = d
        .eval_suite_versions
        .iter()
        .rev()
        .filter(|v| v.suite_id == id)
        .map(to_value)
        .collect();
    Ok(ok(Value::Array(items)))
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use crate::testutil::TestServer;

    #[tokio::test]
    async fn seeded_cases_suites_and_versions() {
        let s = TestServer::start().await;
        let key = s.api_key().await;
        let c: Value = s
            .sdk_get(&key, "/api/sdk/evals")
            .await
            .json()
            .await
            .unwrap();
        let cases = c["cases"].as_array().unwrap();
        assert_eq!(cases.len(), 4);
        assert_eq!(cases[0]["id"], "ec_greeting");
        assert_eq!(cases[0]["type"], "llm_judge");
        assert!(cases[0]["pass_threshold"].is_i64());
        let one: Value = s
            .sdk_get(&key, "/api/sdk/evals/ec_refund")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(one["set_name"], "support");
        let r = s.sdk_get(&key, "/api/sdk/evals/ec_nope").await;
        assert_eq!(r.status(), 404);

        let suites: Value = s
            .sdk_get(&key, "/api/sdk/eval-suites")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(suites.as_array().unwrap().len(), 2);
        let su: Value = s
            .sdk_get(&key, "/api/sdk/eval-suites/es_support")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(su["active_version_id"], "esv_support_2");
        assert_eq!(su["threshold"], 0.8);
        let v: Value = s
            .sdk_get(&key, "/api/sdk/eval-suites/es_support/versions")
            .await
            .json()
            .await
            .unwrap();
        let v = v.as_array().unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!(v[0]["semver"], "1.1.0");
        assert_eq!(v[0]["suite_id"], "es_support");
        let r = s
            .sdk_get(&key, "/api/sdk/eval-suites/es_nope/versions")
            .await;
        assert_eq!(r.status(), 404);

        // No runs yet.
        let runs: Value = s
            .sdk_get(&key, "/api/sdk/eval-runs")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(runs["runs"], serde_json::json!([]));
        let r = s.sdk_get(&key, "/api/sdk/eval-runs/er_nope").await;
        assert_eq!(r.status(), 404);
    }
}
