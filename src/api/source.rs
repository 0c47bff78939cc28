//! The code-first source surface the `tavora` CLI uses (wire contract §4.8).
//! Unlike the rest of the API its JSON keys are **camelCase**. File
//! `content` is sent as given: raw UTF-8 for text (wire contract §10.10).

use super::endpoint::Endpoint;
use super::fields::{fill, get_bool, get_str, opt, req, to_object, Field, Kind};
use crate::call::{Call, Method};
use crate::error::Error;
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

/// The wire shape of [`SourceFile`].
pub const SOURCE_FILE_FIELDS: &[Field] = &[
    req("path", Kind::Str),
    req("hash", Kind::Str),
    req("size", Kind::Int),
    opt("content", Kind::Str),
];

/// The wire shape of [`SourceAgent`].
pub const SOURCE_AGENT_FIELDS: &[Field] = &[
    req("id", Kind::Str),
    req("sourceHash", Kind::Str),
    fill("files", Kind::Objects(SOURCE_FILE_FIELDS)),
];

/// The wire shape of [`SourceManifest`].
pub const SOURCE_MANIFEST_FIELDS: &[Field] = &[
    req("project", Kind::Str),
    opt("environment", Kind::Str),
    req("sourceHash", Kind::Str),
    fill("agents", Kind::Objects(SOURCE_AGENT_FIELDS)),
    req("generatedAt", Kind::Str),
];

/// The wire shape of [`SourceDeploy`].
pub const SOURCE_DEPLOY_FIELDS: &[Field] = &[
    req("project", Kind::Str),
    opt("environment", Kind::Str),
    opt("localAgentId", Kind::Str),
    opt("runEvals", Kind::Bool),
];

/// The wire shape of [`SourceRename`].
pub const SOURCE_RENAME_FIELDS: &[Field] = &[
    req("project", Kind::Str),
    req("oldLocalId", Kind::Str),
    req("newLocalId", Kind::Str),
];

/// The wire shape of [`SourceDelete`].
pub const SOURCE_DELETE_FIELDS: &[Field] = &[
    req("project", Kind::Str),
    req("localId", Kind::Str),
    req("force", Kind::Bool),
];

fn required(body: &Map<String, Value>, key: &str, what: &str) -> Result<(), Error> {
    if get_str(body, key).unwrap_or("").trim().is_empty() {
        Err(Error::invalid(format!("{what} must not be empty")))
    } else {
        Ok(())
    }
}

fn objects<'a>(
    body: &'a Map<String, Value>,
    key: &str,
) -> impl Iterator<Item = &'a Map<String, Value>> {
    body.get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
}

fn valid_manifest(m: &Map<String, Value>) -> Result<(), Error> {
    required(m, "project", "project")?;
    for a in objects(m, "agents") {
        required(a, "id", "agent id")?;
        for f in objects(a, "files") {
            required(f, "path", "file path")?;
            if f.get("size").and_then(Value::as_i64).is_some_and(|s| s < 0) {
                return Err(Error::invalid("file size must not be negative"));
            }
        }
    }
    Ok(())
}

fn valid_deploy(body: &Map<String, Value>) -> Result<(), Error> {
    required(body, "project", "project")
}

fn valid_rename(body: &Map<String, Value>) -> Result<(), Error> {
    required(body, "project", "project")?;
    required(body, "oldLocalId", "oldLocalId")?;
    required(body, "newLocalId", "newLocalId")
}

fn valid_delete(body: &Map<String, Value>) -> Result<(), Error> {
    required(body, "project", "project")?;
    required(body, "localId", "localId")?;
    if get_bool(body, "force") != Some(true) {
        return Err(Error::invalid(
            "force must be true: deleting a code-managed agent cascades",
        ));
    }
    Ok(())
}

pub const SOURCE_SYNC: Endpoint = Endpoint::new("sourceSync", Method::Put, "source-sync")
    .body_ruled(
        "sourceSync manifest",
        SOURCE_MANIFEST_FIELDS,
        valid_manifest,
    );
/// Answers 200 whatever the severity; `{"issues": […]}` is unwrapped.
pub const SOURCE_VALIDATE: Endpoint =
    Endpoint::new("sourceValidate", Method::Post, "source-validate")
        .body_ruled(
            "sourceValidate manifest",
            SOURCE_MANIFEST_FIELDS,
            valid_manifest,
        )
        .unwrapping("issues");
pub const SOURCE_DEPLOY: Endpoint = Endpoint::new("sourceDeploy", Method::Post, "source-deploy")
    .body_ruled("sourceDeploy input", SOURCE_DEPLOY_FIELDS, valid_deploy);
pub const SOURCE_RENAME: Endpoint = Endpoint::new("sourceRename", Method::Post, "source-rename")
    .body_ruled("sourceRename input", SOURCE_RENAME_FIELDS, valid_rename);
pub const SOURCE_DELETE: Endpoint = Endpoint::new("sourceDelete", Method::Post, "source-delete")
    .body_ruled("sourceDelete input", SOURCE_DELETE_FIELDS, valid_delete);

pub mod calls {
    use super::*;

    pub fn source_sync(manifest: &SourceManifest) -> Result<Call, Error> {
        source_sync_body(to_object(manifest)?)
    }

    pub fn source_sync_body(body: Map<String, Value>) -> Result<Call, Error> {
        SOURCE_SYNC.call(&[], Some(body))
    }

    pub fn source_validate(manifest: &SourceManifest) -> Result<Call, Error> {
        source_validate_body(to_object(manifest)?)
    }

    pub fn source_validate_body(body: Map<String, Value>) -> Result<Call, Error> {
        SOURCE_VALIDATE.call(&[], Some(body))
    }

    pub fn source_deploy(input: &SourceDeploy) -> Result<Call, Error> {
        source_deploy_body(to_object(input)?)
    }

    pub fn source_deploy_body(body: Map<String, Value>) -> Result<Call, Error> {
        SOURCE_DEPLOY.call(&[], Some(body))
    }

    pub fn source_rename(input: &SourceRename) -> Result<Call, Error> {
        source_rename_body(to_object(input)?)
    }

    pub fn source_rename_body(body: Map<String, Value>) -> Result<Call, Error> {
        SOURCE_RENAME.call(&[], Some(body))
    }

    pub fn source_delete(input: &SourceDelete) -> Result<Call, Error> {
        source_delete_body(to_object(input)?)
    }

    pub fn source_delete_body(body: Map<String, Value>) -> Result<Call, Error> {
        SOURCE_DELETE.call(&[], Some(body))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::fields::testing::assert_matches;

    #[test]
    fn tables_match_the_structs() {
        let file = SourceFile {
            path: "a.md".into(),
            hash: "sha256:00".into(),
            size: 3,
            content: Some("abc".into()),
        };
        assert_matches(&file, SOURCE_FILE_FIELDS, "file");
        let agent = SourceAgent {
            id: "a".into(),
            source_hash: "h".into(),
            files: vec![file],
        };
        assert_matches(&agent, SOURCE_AGENT_FIELDS, "agent");
        assert_matches(
            &SourceManifest {
                project: "p".into(),
                environment: Some("dev".into()),
                source_hash: "h".into(),
                agents: vec![agent],
                generated_at: "2026-01-01T00:00:00Z".into(),
            },
            SOURCE_MANIFEST_FIELDS,
            "sourceSync manifest",
        );
        assert_matches(
            &SourceDeploy {
                project: "p".into(),
                environment: Some("e".into()),
                local_agent_id: Some("l".into()),
                run_evals: Some(true),
            },
            SOURCE_DEPLOY_FIELDS,
            "sourceDeploy input",
        );
        assert_matches(
            &SourceRename {
                project: "p".into(),
                old_local_id: "o".into(),
                new_local_id: "n".into(),
            },
            SOURCE_RENAME_FIELDS,
            "sourceRename input",
        );
        assert_matches(
            &SourceDelete {
                project: "p".into(),
                local_id: "l".into(),
                force: true,
            },
            SOURCE_DELETE_FIELDS,
            "sourceDelete input",
        );
    }

    #[test]
    fn manifest_defaults_and_nested_errors() {
        let body = serde_json::json!({
            "generatedAt": "t", "project": "p", "sourceHash": "h",
            "agents": [{"id": "a", "sourceHash": "h"}]
        });
        let Value::Object(body) = body else {
            unreachable!()
        };
        let call = calls::source_sync_body(body.clone()).unwrap();
        assert_eq!(
            call.body,
            crate::call::Body::Json(
                br#"{"project":"p","sourceHash":"h","agents":[{"id":"a","sourceHash":"h","files":[]}],"generatedAt":"t"}"#
                    .to_vec()
            )
        );
        let mut bad = body;
        bad.insert(
            "agents".into(),
            serde_json::json!([{"id": "a", "sourceHash": "h", "files": [{"path": "x", "hash": "y", "size": 1.5}]}]),
        );
        let err = calls::source_validate_body(bad).unwrap_err().to_string();
        assert!(
            err.contains("sourceValidate manifest: agents[0].files[0].size must be a whole number"),
            "{err}"
        );
    }
}
