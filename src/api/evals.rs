//! Eval cases, runs and suites (read-only; cases arrive through source sync).

use crate::call::Call;
use crate::error::Error;
use crate::url::Path;
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

pub mod calls {
    use super::*;

    pub fn list_eval_cases() -> Call {
        Call::get(Path::new().lit("evals")).unwrapping("cases")
    }

    pub fn get_eval_case(id: &str) -> Result<Call, Error> {
        Ok(Call::get(Path::new().lit("evals").id("eval case id", id)?))
    }

    pub fn list_eval_runs() -> Call {
        Call::get(Path::new().lit("eval-runs")).unwrapping("runs")
    }

    pub fn get_eval_run(id: &str) -> Result<Call, Error> {
        Ok(Call::get(
            Path::new().lit("eval-runs").id("eval run id", id)?,
        ))
    }

    /// A bare array.
    pub fn list_eval_suites() -> Call {
        Call::get(Path::new().lit("eval-suites"))
    }

    pub fn get_eval_suite(id: &str) -> Result<Call, Error> {
        Ok(Call::get(
            Path::new().lit("eval-suites").id("eval suite id", id)?,
        ))
    }

    /// Shape unspecified (R only): a `versions` wrapper is unwrapped if
    /// present; otherwise the answer is returned as it is.
    pub fn list_eval_suite_versions(id: &str) -> Result<Call, Error> {
        Ok(Call::get(
            Path::new()
                .lit("eval-suites")
                .id("eval suite id", id)?
                .lit("versions"),
        )
        .unwrapping("versions"))
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
