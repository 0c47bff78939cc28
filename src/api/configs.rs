//! Agent configs (created by source sync), their immutable versions, and
//! advisory eval runs.

use super::endpoint::Endpoint;
pub use super::evals::EvalRun;
use super::fields::{opt, to_object, Field, Kind};
use crate::call::{Call, Method};
use crate::error::Error;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AgentConfig {
    pub id: String,
    #[serde(default, alias = "app_id")]
    pub project_id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub created_by: String,
    #[serde(default)]
    pub persona_md: String,
    /// `[{skill_id, version}]`, or that array as a JSON string (wire contract §10.15).
    #[serde(default)]
    pub skills_json: Value,
    /// Index ids, or that array as a JSON string.
    #[serde(default)]
    pub stores_json: Value,
    #[serde(default)]
    pub provider: String,
    #[serde(default)]
    pub model: String,
    #[serde(default)]
    pub enabled_capabilities: Option<Vec<String>>,
    #[serde(default)]
    pub eval_suite_id: Option<String>,
    #[serde(default)]
    pub active_version_id: Option<String>,
    #[serde(default)]
    pub published_at: Option<String>,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_first_project: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_first_local_id: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AgentVersion {
    pub id: String,
    #[serde(default)]
    pub agent_id: String,
    #[serde(default)]
    pub semver: String,
    #[serde(default)]
    pub persona_md: String,
    #[serde(default)]
    pub skills_json: Value,
    #[serde(default)]
    pub stores_json: Value,
    #[serde(default)]
    pub provider: String,
    #[serde(default)]
    pub model: String,
    #[serde(default)]
    pub eval_suite_id: Option<String>,
    #[serde(default)]
    pub eval_suite_version: Option<String>,
    #[serde(default)]
    pub created_by: String,
    #[serde(default)]
    pub created_at: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `PATCH /agent-configs/{id}/settings`. `eval_suite_id`: `None` keeps
/// the pin, `Some("")` clears it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AgentSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eval_suite_id: Option<String>,
    /// Go SDK only; sent only when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_eval_on_publish: Option<bool>,
}

/// Which agent version an advisory eval runs against.
pub fn check_target(target: Option<&str>) -> Result<(), Error> {
    match target {
        None | Some("live") | Some("draft") => Ok(()),
        Some(_) => Err(Error::invalid("target must be \"live\" or \"draft\"")),
    }
}

/// The server's default page of advisory eval runs (max 50).
pub const DEFAULT_EVAL_RUNS_LIMIT: u32 = 5;

/// The wire shape of [`AgentSettings`].
pub const AGENT_SETTINGS_FIELDS: &[Field] = &[
    opt("eval_suite_id", Kind::Str),
    opt("run_eval_on_publish", Kind::Bool),
];

/// A bare array.
pub const LIST_AGENT_CONFIGS: Endpoint = Endpoint::get("listAgentConfigs", "agent-configs");
pub const GET_AGENT_CONFIG: Endpoint =
    Endpoint::get("getAgentConfig", "agent-configs/{agent config id}");
pub const DELETE_AGENT_CONFIG: Endpoint =
    Endpoint::delete("deleteAgentConfig", "agent-configs/{agent config id}");
pub const UPDATE_AGENT_SETTINGS: Endpoint = Endpoint::new(
    "updateAgentSettings",
    Method::Patch,
    "agent-configs/{agent config id}/settings",
)
.body("updateAgentSettings input", AGENT_SETTINGS_FIELDS);
/// A bare array.
pub const LIST_AGENT_VERSIONS: Endpoint = Endpoint::get(
    "listAgentVersions",
    "agent-configs/{agent config id}/versions",
);
pub const GET_AGENT_VERSION: Endpoint = Endpoint::get(
    "getAgentVersion",
    "agent-configs/{agent config id}/versions/{version id}",
);
/// No body; 202 `{"run": …}`. `?target=`: `live` (default) or `draft`.
pub const TRIGGER_AGENT_EVAL: Endpoint = Endpoint::new(
    "triggerAgentEval",
    Method::Post,
    "agent-configs/{agent config id}/eval-runs",
)
.unwrapping("run");
/// A bare array; `?limit=` defaults to 5 and is always sent.
pub const LIST_AGENT_EVAL_RUNS: Endpoint = Endpoint::get(
    "listAgentEvalRuns",
    "agent-configs/{agent config id}/eval-runs",
);
/// The pinned suite; shape unspecified (kept as JSON).
pub const GET_AGENT_EVAL_SUITE: Endpoint = Endpoint::get(
    "getAgentEvalSuite",
    "agent-configs/{agent config id}/eval-suite",
);

pub mod calls {
    use super::*;

    pub fn list_agent_configs() -> Call {
        LIST_AGENT_CONFIGS.fixed()
    }

    pub fn get_agent_config(id: &str) -> Result<Call, Error> {
        GET_AGENT_CONFIG.call(&[id], None)
    }

    pub fn delete_agent_config(id: &str) -> Result<Call, Error> {
        DELETE_AGENT_CONFIG.call(&[id], None)
    }

    pub fn update_agent_settings(id: &str, input: &AgentSettings) -> Result<Call, Error> {
        update_agent_settings_body(id, to_object(input)?)
    }

    pub fn update_agent_settings_body(id: &str, body: Map<String, Value>) -> Result<Call, Error> {
        UPDATE_AGENT_SETTINGS.call(&[id], Some(body))
    }

    pub fn list_agent_versions(id: &str) -> Result<Call, Error> {
        LIST_AGENT_VERSIONS.call(&[id], None)
    }

    pub fn get_agent_version(id: &str, version_id: &str) -> Result<Call, Error> {
        GET_AGENT_VERSION.call(&[id, version_id], None)
    }

    pub fn trigger_agent_eval(id: &str, target: Option<&str>) -> Result<Call, Error> {
        check_target(target)?;
        let path = TRIGGER_AGENT_EVAL.path(&[id])?.query_opt("target", target);
        TRIGGER_AGENT_EVAL.call_at(path, None)
    }

    pub fn list_agent_eval_runs(id: &str, limit: Option<u32>) -> Result<Call, Error> {
        let limit = limit.unwrap_or(DEFAULT_EVAL_RUNS_LIMIT);
        if limit == 0 {
            return Err(Error::invalid("limit must be at least 1"));
        }
        let path = LIST_AGENT_EVAL_RUNS
            .path(&[id])?
            .query("limit", &limit.to_string());
        LIST_AGENT_EVAL_RUNS.call_at(path, None)
    }

    pub fn get_agent_eval_suite(id: &str) -> Result<Call, Error> {
        GET_AGENT_EVAL_SUITE.call(&[id], None)
    }
}

#[cfg(target_arch = "wasm32")]
impl crate::client::Client {
    /// `GET /agent-configs`.
    pub async fn list_agent_configs(&self) -> Result<Vec<AgentConfig>, Error> {
        self.json(calls::list_agent_configs()).await
    }

    /// `GET /agent-configs/{id}`.
    pub async fn get_agent_config(&self, id: &str) -> Result<AgentConfig, Error> {
        self.json(calls::get_agent_config(id)?).await
    }

    /// `DELETE /agent-configs/{id}`.
    pub async fn delete_agent_config(&self, id: &str) -> Result<(), Error> {
        self.empty(calls::delete_agent_config(id)?).await
    }

    /// `PATCH /agent-configs/{id}/settings`.
    pub async fn update_agent_settings(
        &self,
        id: &str,
        input: &AgentSettings,
    ) -> Result<AgentConfig, Error> {
        self.json(calls::update_agent_settings(id, input)?).await
    }

    /// `GET /agent-configs/{id}/versions`.
    pub async fn list_agent_versions(&self, id: &str) -> Result<Vec<AgentVersion>, Error> {
        self.json(calls::list_agent_versions(id)?).await
    }

    /// `GET /agent-configs/{id}/versions/{vid}`.
    pub async fn get_agent_version(
        &self,
        id: &str,
        version_id: &str,
    ) -> Result<AgentVersion, Error> {
        self.json(calls::get_agent_version(id, version_id)?).await
    }

    /// `POST /agent-configs/{id}/eval-runs[?target=]`.
    pub async fn trigger_agent_eval(
        &self,
        id: &str,
        target: Option<&str>,
    ) -> Result<EvalRun, Error> {
        self.json(calls::trigger_agent_eval(id, target)?).await
    }

    /// `GET /agent-configs/{id}/eval-runs?limit=`.
    pub async fn list_agent_eval_runs(
        &self,
        id: &str,
        limit: Option<u32>,
    ) -> Result<Vec<EvalRun>, Error> {
        self.json(calls::list_agent_eval_runs(id, limit)?).await
    }

    /// `GET /agent-configs/{id}/eval-suite` (shape unspecified: JSON).
    pub async fn get_agent_eval_suite(&self, id: &str) -> Result<Value, Error> {
        self.json(calls::get_agent_eval_suite(id)?).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_the_struct() {
        crate::api::fields::testing::assert_matches(
            &AgentSettings {
                eval_suite_id: Some("".into()),
                run_eval_on_publish: Some(false),
            },
            AGENT_SETTINGS_FIELDS,
            "updateAgentSettings input",
        );
    }
}
