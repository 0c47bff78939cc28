//! Secret vaults and their redacted secrets. Values are never returned and
//! never kept in plaintext: the dev server stores only a sha256 of each
//! value. With `--no-vault-encryption` every route answers 503.

use serde_json::Map;

use super::sha256_hex;
use crate::prelude::*;

/// The key-encryption key id reported on every secret.
pub const KEK_ID: &str = "kek_dev_local_1";

#[derive(Debug, Clone, Serialize)]
pub struct SecretVault {
    pub id: String,
    pub project_id: String,
    pub name: String,
    pub metadata: Value,
    pub created_at: String,
    pub updated_at: String,
}

/// A secret as the API shows it (redacted).
#[derive(Debug, Clone, Serialize)]
pub struct Secret {
    pub vault_id: String,
    pub name: String,
    pub kek_id: String,
    pub created_at: String,
    pub updated_at: String,
    /// sha256 of the value; the value itself is dropped.
    #[serde(skip)]
    pub value_sha256: String,
}

pub fn routes() -> Api {
    Api::default()
        .crud::<SecretVault>("/secret-vaults", "/secret-vaults/{id}")
        .get("/secret-vaults/{id}/secrets", list_secrets)
        .put("/secret-vaults/{id}/secrets/{name}", put_secret)
        .delete("/secret-vaults/{id}/secrets/{name}", delete_secret)
}

impl Record for SecretVault {
    const LIST: &'static str = "secret_vaults";
    const SUBJECT: &'static str = "secret_vault";
    const ACTION: &'static str = "vault";

    fn available(state: &AppState) -> ApiResult<()> {
        if state.config.vault_encryption {
            return Ok(());
        }
        Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "vault_encryption_unavailable",
            "secret vaults are unavailable: encryption is not configured",
        ))
    }

    fn created_meta(&self) -> Value {
        json!({"name": self.name})
    }

    /// Its secrets go too.
    fn cascade(d: &mut WorkspaceData, id: &str) -> Value {
        let before = d.secrets.len();
        d.secrets.retain(|s| s.vault_id != id);
        json!({"secrets_deleted": before - d.secrets.len()})
    }
}

#[derive(Deserialize)]
pub struct NewVault {
    name: NonBlank,
    metadata: Option<Map<String, Value>>,
}

impl Create for SecretVault {
    type New = NewVault;

    fn create(new: NewVault, ctx: &WorkspaceCtx, d: &WorkspaceData) -> ApiResult<Self> {
        let name = new.name.0;
        if d.vaults.iter().any(|v| v.name == name) {
            return Err(ApiError::conflict(
                "vault_name_taken",
                format!("a secret vault named {name:?} already exists"),
            )
            .with_detail("field", "name"));
        }
        Ok(SecretVault {
            id: new_id("sv"),
            project_id: ctx.workspace_id.clone(),
            name,
            metadata: Value::Object(new.metadata.unwrap_or_default()),
            created_at: ctx.now.stamp.clone(),
            updated_at: ctx.now.stamp.clone(),
        })
    }
}

#[derive(Deserialize)]
pub struct VaultPatch {
    metadata: Option<Map<String, Value>>,
}

impl Update for SecretVault {
    type Patch = VaultPatch;

    fn update(&mut self, p: VaultPatch, now: &Now) -> ApiResult<()> {
        if let Some(m) = p.metadata {
            self.metadata = Value::Object(m);
        }
        self.updated_at = now.stamp.clone();
        Ok(())
    }
}

/// 503 without encryption, else 404 unless the vault exists.
fn require(state: &AppState, d: &mut WorkspaceData, id: &str) -> ApiResult<()> {
    SecretVault::available(state)?;
    crud::find::<SecretVault>(d, id).map(drop)
}

#[derive(Deserialize)]
pub struct SecretValue {
    value: String,
}

async fn list_secrets(ctx: WorkspaceCtx, Path(id): Path<String>) -> ApiResult<Response> {
    let mut d = ctx.data();
    require(&ctx.state, &mut d, &id)?;
    let mut secrets: Vec<&Secret> = d.secrets.iter().filter(|s| s.vault_id == id).collect();
    secrets.sort_by(|a, b| a.name.cmp(&b.name));
    let items: Vec<Value> = secrets.into_iter().map(to_value).collect();
    Ok(ok(json!({ "secrets": items })))
}

async fn put_secret(
    ctx: WorkspaceCtx,
    Path((id, name)): Path<(String, String)>,
    body: Result<JsonBody<SecretValue>, ApiError>,
) -> ApiResult<Response> {
    let now = ctx.now.stamp.clone();
    let mut d = ctx.data();
    require(&ctx.state, &mut d, &id)?;
    if name.trim().is_empty() || name.len() > 256 {
        return invalid("name", "secret name must be 1 to 256 bytes");
    }
    let JsonBody(SecretValue { value }) = body?;
    let hash = sha256_hex(value.as_bytes());
    drop(value);
    let secret = match d
        .secrets
        .iter_mut()
        .find(|s| s.vault_id == id && s.name == name)
    {
        Some(s) => {
            s.value_sha256 = hash;
            s.updated_at = now.clone();
            s.clone()
        }
        None => {
            let s = Secret {
                vault_id: id.clone(),
                name: name.clone(),
                kek_id: KEK_ID.to_string(),
                created_at: now.clone(),
                updated_at: now.clone(),
                value_sha256: hash,
            };
            d.secrets.push(s.clone());
            s
        }
    };
    record(
        &mut d,
        &ctx,
        "vault.secret.put",
        "secret",
        &format!("{id}/{name}"),
        json!({"vault_id": id, "name": name}),
    );
    Ok(ok(to_value(&secret)))
}

async fn delete_secret(
    ctx: WorkspaceCtx,
    Path((id, name)): Path<(String, String)>,
) -> ApiResult<Response> {
    let mut d = ctx.data();
    require(&ctx.state, &mut d, &id)?;
    let before = d.secrets.len();
    d.secrets.retain(|s| !(s.vault_id == id && s.name == name));
    if d.secrets.len() != before {
        record(
            &mut d,
            &ctx,
            "vault.secret.delete",
            "secret",
            &format!("{id}/{name}"),
            json!({"vault_id": id, "name": name}),
        );
    }
    Ok(no_content())
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use crate::testutil::TestServer;

    async fn send(r: reqwest::RequestBuilder, key: &str) -> reqwest::Response {
        r.header("X-API-Key", key).send().await.unwrap()
    }

    #[tokio::test]
    async fn vaults_and_redacted_secrets() {
        let s = TestServer::start().await;
        let key = s.api_key().await;
        let r = s
            .sdk_post(
                &key,
                "/api/sdk/secret-vaults",
                json!({"name": "prod", "metadata": {"env": "prod"}}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let v: Value = r.json().await.unwrap();
        let id = v["id"].as_str().unwrap().to_string();
        assert_eq!(v["metadata"], json!({"env": "prod"}));
        // Duplicate name → 409; missing name → 400.
        let r = s
            .sdk_post(&key, "/api/sdk/secret-vaults", json!({"name": "prod"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 409);
        let r = s
            .sdk_post(&key, "/api/sdk/secret-vaults", json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400);

        let l: Value = s
            .sdk_get(&key, "/api/sdk/secret-vaults")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(l["secret_vaults"][0]["id"], id.as_str());
        let g: Value = s
            .sdk_get(&key, &format!("/api/sdk/secret-vaults/{id}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(g, v);

        // PATCH metadata only; omitted keeps.
        let p: Value = send(
            s.client
                .patch(s.url(&format!("/api/sdk/secret-vaults/{id}")))
                .json(&json!({"metadata": {"env": "staging"}})),
            &key,
        )
        .await
        .json()
        .await
        .unwrap();
        assert_eq!(p["metadata"], json!({"env": "staging"}));
        assert_eq!(p["name"], "prod");

        // PUT a secret whose name needs encoding: decoded once, `+` kept.
        let raw_name = "openai_api_key/a+b c";
        let enc = "openai_api_key%2Fa+b%20c";
        let r = send(
            s.client
                .put(s.url(&format!("/api/sdk/secret-vaults/{id}/secrets/{enc}")))
                .json(&json!({"value": "sk-super-secret"})),
            &key,
        )
        .await;
        assert_eq!(r.status(), 200);
        let text = r.text().await.unwrap();
        assert!(!text.contains("sk-super-secret"));
        let sec: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(sec["name"], raw_name);
        assert_eq!(sec["vault_id"], id.as_str());
        assert_eq!(sec["kek_id"], super::KEK_ID);
        assert!(sec.get("value").is_none());
        // Overwrite keeps created_at; value must be a string.
        let r = send(
            s.client
                .put(s.url(&format!(
                    "/api/sdk/secret-vaults/{id}/secrets/brave_api_key"
                )))
                .json(&json!({"value": 5})),
            &key,
        )
        .await;
        assert_eq!(r.status(), 400);
        send(
            s.client
                .put(s.url(&format!(
                    "/api/sdk/secret-vaults/{id}/secrets/brave_api_key"
                )))
                .json(&json!({"value": "b"})),
            &key,
        )
        .await;
        let l: Value = s
            .sdk_get(&key, &format!("/api/sdk/secret-vaults/{id}/secrets"))
            .await
            .json()
            .await
            .unwrap();
        let names: Vec<&str> = l["secrets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, vec!["brave_api_key", raw_name]);
        assert!(!l.to_string().contains("sk-super-secret"));

        // Delete a secret: 204, idempotent.
        for _ in 0..2 {
            let r = send(
                s.delete(&format!("/api/sdk/secret-vaults/{id}/secrets/{enc}")),
                &key,
            )
            .await;
            assert_eq!(r.status(), 204);
        }
        // Delete the vault cascades; then 404s.
        let r = send(s.delete(&format!("/api/sdk/secret-vaults/{id}")), &key).await;
        assert_eq!(r.status(), 204);
        let r = s
            .sdk_get(&key, &format!("/api/sdk/secret-vaults/{id}/secrets"))
            .await;
        assert_eq!(r.status(), 404);
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["message"], "secret vault not found");
        let st = s.handle.state.store();
        assert!(st
            .data(crate::state::DEMO_WORKSPACE)
            .unwrap()
            .secrets
            .is_empty());
    }

    #[tokio::test]
    async fn no_vault_encryption_flag_gives_503() {
        let s = TestServer::start_with(|c| c.vault_encryption = false).await;
        let key = s.api_key().await;
        let r = s.sdk_get(&key, "/api/sdk/secret-vaults").await;
        assert_eq!(r.status(), 503);
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["code"], "vault_encryption_unavailable");
        let r = s
            .sdk_post(&key, "/api/sdk/secret-vaults", json!({"name": "x"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 503);
    }
}
