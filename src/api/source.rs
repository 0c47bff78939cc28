//! The code-first source surface the `tavora` CLI uses (contract §4.8).
//! Unlike the rest of the API its JSON keys are **camelCase**. File
//! `content` is sent as given: raw UTF-8 for text (§10.10).

use crate::call::{Call, Method};
use crate::error::Error;
use crate::url::Path;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceFile {
    pub path: String,
    /// `sha256:<hex>`.
    pub hash: String,
    pub size: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceAgent {
    pub id: String,
    pub source_hash: String,
    #[serde(default)]
    pub files: Vec<SourceFile>,
}

/// The manifest `PUT /source-sync` and `POST /source-validate` take.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceManifest {
    pub project: String,
    /// Empty = the key's default dev environment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    pub source_hash: String,
    #[serde(default)]
    pub agents: Vec<SourceAgent>,
    pub generated_at: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceIssue {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<i64>,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// `fatal` (blocks sync) or `warn`.
    #[serde(default)]
    pub severity: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncedAgent {
    #[serde(default)]
    pub local_id: String,
    #[serde(default)]
    pub agent_id: String,
    #[serde(default)]
    pub draft_id: String,
    #[serde(default)]
    pub source_hash: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceSyncResult {
    #[serde(default)]
    pub draft_hash: String,
    #[serde(default)]
    pub agents: Vec<SyncedAgent>,
    #[serde(default)]
    pub synced_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_issues: Option<Vec<SourceIssue>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `POST /source-deploy`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceDeploy {
    pub project: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_agent_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_evals: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeployedAgent {
    #[serde(default)]
    pub local_id: String,
    #[serde(default)]
    pub agent_id: String,
    #[serde(default)]
    pub version_id: String,
    #[serde(default)]
    pub semver: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceDeployResult {
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub agents: Vec<DeployedAgent>,
    #[serde(default)]
    pub deployed_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_issues: Option<Vec<SourceIssue>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `POST /source-rename`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceRename {
    pub project: String,
    pub old_local_id: String,
    pub new_local_id: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceRenameResult {
    #[serde(default)]
    pub agent_id: String,
    #[serde(default)]
    pub old_local_id: String,
    #[serde(default)]
    pub new_local_id: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `POST /source-delete`. `force` must be true: deleting cascades.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceDelete {
    pub project: String,
    pub local_id: String,
    #[serde(default)]
    pub force: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceDeleteResult {
    #[serde(default)]
    pub agent_id: String,
    #[serde(default)]
    pub local_id: String,
    #[serde(default)]
    pub deleted: bool,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn required(value: &str, what: &str) -> Result<(), Error> {
    if value.trim().is_empty() {
        Err(Error::invalid(format!("{what} must not be empty")))
    } else {
        Ok(())
    }
}

fn check_manifest(m: &SourceManifest) -> Result<(), Error> {
    required(&m.project, "project")?;
    for a in &m.agents {
        required(&a.id, "agent id")?;
        for f in &a.files {
            required(&f.path, "file path")?;
            if f.size < 0 {
                return Err(Error::invalid("file size must not be negative"));
            }
        }
    }
    Ok(())
}

pub mod calls {
    use super::*;

    pub fn source_sync(manifest: &SourceManifest) -> Result<Call, Error> {
        check_manifest(manifest)?;
        Call::with_json(Method::Put, Path::new().lit("source-sync"), manifest)
    }

    /// Answers 200 whatever the severity; `{"issues": […]}` is unwrapped.
    pub fn source_validate(manifest: &SourceManifest) -> Result<Call, Error> {
        check_manifest(manifest)?;
        Ok(
            Call::with_json(Method::Post, Path::new().lit("source-validate"), manifest)?
                .unwrapping("issues"),
        )
    }

    pub fn source_deploy(input: &SourceDeploy) -> Result<Call, Error> {
        required(&input.project, "project")?;
        Call::with_json(Method::Post, Path::new().lit("source-deploy"), input)
    }

    pub fn source_rename(input: &SourceRename) -> Result<Call, Error> {
        required(&input.project, "project")?;
        required(&input.old_local_id, "oldLocalId")?;
        required(&input.new_local_id, "newLocalId")?;
        Call::with_json(Method::Post, Path::new().lit("source-rename"), input)
    }

    pub fn source_delete(input: &SourceDelete) -> Result<Call, Error> {
        required(&input.project, "project")?;
        required(&input.local_id, "localId")?;
        if !input.force {
            return Err(Error::invalid(
                "force must be true: deleting a code-managed agent cascades",
            ));
        }
        Call::with_json(Method::Post, Path::new().lit("source-delete"), input)
    }
}

#[cfg(target_arch = "wasm32")]
impl crate::client::Client {
    /// `PUT /source-sync`: upserts dev drafts from a manifest.
    pub async fn source_sync(&self, manifest: &SourceManifest) -> Result<SourceSyncResult, Error> {
        self.json(calls::source_sync(manifest)?).await
    }

    /// `POST /source-validate`: the issues, nothing persisted.
    pub async fn source_validate(
        &self,
        manifest: &SourceManifest,
    ) -> Result<Vec<SourceIssue>, Error> {
        self.json(calls::source_validate(manifest)?).await
    }

    /// `POST /source-deploy`.
    pub async fn source_deploy(&self, input: &SourceDeploy) -> Result<SourceDeployResult, Error> {
        self.json(calls::source_deploy(input)?).await
    }

    /// `POST /source-rename`.
    pub async fn source_rename(&self, input: &SourceRename) -> Result<SourceRenameResult, Error> {
        self.json(calls::source_rename(input)?).await
    }

    /// `POST /source-delete`.
    pub async fn source_delete(&self, input: &SourceDelete) -> Result<SourceDeleteResult, Error> {
        self.json(calls::source_delete(input)?).await
    }
}
