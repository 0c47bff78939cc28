//! Eval cases, runs and suites (read-only; cases arrive through source sync).

use super::endpoint::Endpoint;
use crate::call::Call;
use crate::error::Error;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EvalCase {
    pub id: String,
    #[serde(default, alias = "app_id")]
    pub project_id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub set_name: String,
    #[serde(default, rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub config: Value,
    #[serde(default)]
    pub prompt: String,
    #[serde(default)]
    pub criteria: String,
    #[serde(default)]
    pub system_prompt: String,
    #[serde(default)]
    pub tools: Value,
    #[serde(default)]
    pub pass_threshold: i64,
    #[serde(default)]
    pub created_at: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EvalRun {
    pub id: String,
    /// `pending`, `running`, `passed`, `failed`, … (an open set).
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub total_cases: i64,
    #[serde(default)]
    pub passed: i64,
    #[serde(default)]
    pub failed: i64,
    #[serde(default)]
    pub average_score: f64,
    #[serde(default)]
    pub judge_model: String,
    #[serde(default)]
    pub created_at: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EvalResult {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub case_name: String,
    #[serde(default)]
    pub set_name: String,
    #[serde(default)]
    pub score: i64,
    #[serde(default)]
    pub pass: bool,
    #[serde(default)]
    pub reasoning: String,
    #[serde(default)]
    pub response: String,
    #[serde(default)]
    pub tool_calls: Value,
    #[serde(default)]
    pub duration_ms: i64,
    #[serde(default)]
    pub error: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /eval-runs/{id}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EvalRunDetail {
    pub run: EvalRun,
    #[serde(default)]
    pub results: Vec<EvalResult>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EvalSuite {
    pub id: String,
    #[serde(default, alias = "app_id")]
    pub project_id: String,
    #[serde(default)]
    pub agent_id: Option<String>,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// 0–1.
    #[serde(default)]
    pub threshold: f64,
    #[serde(default)]
    pub active_version_id: Option<String>,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EvalSuiteVersion {
    pub id: String,
    #[serde(default)]
    pub suite_id: String,
    #[serde(default)]
    pub semver: String,
    #[serde(default)]
    pub created_at: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

pub const LIST_EVAL_CASES: Endpoint = Endpoint::get("listEvalCases", "evals").unwrapping("cases");
pub const GET_EVAL_CASE: Endpoint = Endpoint::get("getEvalCase", "evals/{eval case id}");
pub const LIST_EVAL_RUNS: Endpoint = Endpoint::get("listEvalRuns", "eval-runs").unwrapping("runs");
pub const GET_EVAL_RUN: Endpoint = Endpoint::get("getEvalRun", "eval-runs/{eval run id}");
/// A bare array.
pub const LIST_EVAL_SUITES: Endpoint = Endpoint::get("listEvalSuites", "eval-suites");
pub const GET_EVAL_SUITE: Endpoint = Endpoint::get("getEvalSuite", "eval-suites/{eval suite id}");
/// Shape unspecified (R only): a `versions` wrapper is unwrapped if
/// present; otherwise the answer is returned as it is.
pub const LIST_EVAL_SUITE_VERSIONS: Endpoint = Endpoint::get(
    "listEvalSuiteVersions",
    "eval-suites/{eval suite id}/versions",
)
.unwrapping("versions");

pub mod calls {
    use super::*;

    pub fn list_eval_cases() -> Call {
        LIST_EVAL_CASES.fixed()
    }

    pub fn get_eval_case(id: &str) -> Result<Call, Error> {
        GET_EVAL_CASE.call(&[id], None)
    }

    pub fn list_eval_runs() -> Call {
        LIST_EVAL_RUNS.fixed()
    }

    pub fn get_eval_run(id: &str) -> Result<Call, Error> {
        GET_EVAL_RUN.call(&[id], None)
    }

    pub fn list_eval_suites() -> Call {
        LIST_EVAL_SUITES.fixed()
    }

    pub fn get_eval_suite(id: &str) -> Result<Call, Error> {
        GET_EVAL_SUITE.call(&[id], None)
    }

    pub fn list_eval_suite_versions(id: &str) -> Result<Call, Error> {
        LIST_EVAL_SUITE_VERSIONS.call(&[id], None)
    }
}

#[cfg(target_arch = "wasm32")]
impl crate::client::Client {
    /// `GET /evals`.
    pub async fn list_eval_cases(&self) -> Result<Vec<EvalCase>, Error> {
        self.json(calls::list_eval_cases()).await
    }

    /// `GET /evals/{id}`.
    pub async fn get_eval_case(&self, id: &str) -> Result<EvalCase, Error> {
        self.json(calls::get_eval_case(id)?).await
    }

    /// `GET /eval-runs`.
    pub async fn list_eval_runs(&self) -> Result<Vec<EvalRun>, Error> {
        self.json(calls::list_eval_runs()).await
    }

    /// `GET /eval-runs/{id}`: the run and its per-case results.
    pub async fn get_eval_run(&self, id: &str) -> Result<EvalRunDetail, Error> {
        self.json(calls::get_eval_run(id)?).await
    }

    /// `GET /eval-suites`.
    pub async fn list_eval_suites(&self) -> Result<Vec<EvalSuite>, Error> {
        self.json(calls::list_eval_suites()).await
    }

    /// `GET /eval-suites/{id}`.
    pub async fn get_eval_suite(&self, id: &str) -> Result<EvalSuite, Error> {
        self.json(calls::get_eval_suite(id)?).await
    }

    /// `GET /eval-suites/{id}/versions` (shape unspecified: kept as JSON).
    pub async fn list_eval_suite_versions(&self, id: &str) -> Result<Value, Error> {
        self.json(calls::list_eval_suite_versions(id)?).await
    }
}
