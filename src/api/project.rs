//! Project metadata and metrics.

use super::endpoint::Endpoint;
use crate::call::Call;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub id: String,
    #[serde(default)]
    pub team_id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

pub const GET_PROJECT: Endpoint = Endpoint::get("getProject", "project");
pub const GET_METRICS: Endpoint = Endpoint::get("getMetrics", "metrics");

pub mod calls {
    use super::*;

    pub fn get_project() -> Call {
        GET_PROJECT.fixed()
    }

    pub fn get_metrics() -> Call {
        GET_METRICS.fixed()
    }
}

#[cfg(target_arch = "wasm32")]
impl crate::client::Client {
    /// `GET /project`.
    pub async fn get_project(&self) -> Result<Project, crate::Error> {
        self.json(calls::get_project()).await
    }

    /// `GET /metrics` (kept as JSON: its counters grow with the platform).
    pub async fn get_metrics(&self) -> Result<Value, crate::Error> {
        self.json(calls::get_metrics()).await
    }
}
