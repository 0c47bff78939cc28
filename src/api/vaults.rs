//! Secret vaults. Values go in, never come out: secrets are listed redacted.

use super::fields::{check, encode, is_blank, opt, req, to_object, Field, Kind};
use crate::call::{Call, Method};
use crate::error::Error;
use crate::url::Path;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SecretVault {
    pub id: String,
    #[serde(default, alias = "app_id")]
    pub project_id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub metadata: Map<String, Value>,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A secret without its value.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RedactedSecret {
    #[serde(default)]
    pub vault_id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kek_id: String,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `POST /secret-vaults`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateSecretVault {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
}

/// `PATCH /secret-vaults/{id}`: only metadata can change (`None` keeps it).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateSecretVault {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
}

/// The wire shape of [`CreateSecretVault`].
pub const CREATE_SECRET_VAULT_FIELDS: &[Field] =
    &[req("name", Kind::Str), opt("metadata", Kind::Object)];

/// The wire shape of [`UpdateSecretVault`].
pub const UPDATE_SECRET_VAULT_FIELDS: &[Field] = &[opt("metadata", Kind::Object)];

pub mod calls {
    use super::*;

    fn vault(id: &str) -> Result<Path, Error> {
        Path::new().lit("secret-vaults").id("vault id", id)
    }

    fn secret(vault_id: &str, name: &str) -> Result<Path, Error> {
        vault(vault_id)?.lit("secrets").id("secret name", name)
    }

    pub fn create_secret_vault(input: &CreateSecretVault) -> Result<Call, Error> {
        create_secret_vault_body(to_object(input)?)
    }

    pub fn create_secret_vault_body(body: Map<String, Value>) -> Result<Call, Error> {
        let fields = CREATE_SECRET_VAULT_FIELDS;
        let body = check(body, fields, "createSecretVault input")?;
        if is_blank(&body, "name") {
            return Err(Error::invalid("name must not be empty"));
        }
        Ok(Call::new(Method::Post, Path::new().lit("secret-vaults"))
            .body_bytes(encode(&body, fields)))
    }

    pub fn list_secret_vaults() -> Call {
        Call::get(Path::new().lit("secret-vaults")).unwrapping("secret_vaults")
    }

    pub fn get_secret_vault(id: &str) -> Result<Call, Error> {
        Ok(Call::get(vault(id)?))
    }

    pub fn update_secret_vault(id: &str, input: &UpdateSecretVault) -> Result<Call, Error> {
        update_secret_vault_body(id, to_object(input)?)
    }

    pub fn update_secret_vault_body(id: &str, body: Map<String, Value>) -> Result<Call, Error> {
        let fields = UPDATE_SECRET_VAULT_FIELDS;
        let body = check(body, fields, "updateSecretVault input")?;
        Ok(Call::new(Method::Patch, vault(id)?).body_bytes(encode(&body, fields)))
    }

    pub fn delete_secret_vault(id: &str) -> Result<Call, Error> {
        Ok(Call::delete(vault(id)?))
    }

    pub fn list_secrets(vault_id: &str) -> Result<Call, Error> {
        Ok(Call::get(vault(vault_id)?.lit("secrets")).unwrapping("secrets"))
    }

    pub fn put_secret(vault_id: &str, name: &str, value: &str) -> Result<Call, Error> {
        if value.is_empty() {
            return Err(Error::invalid("secret value must not be empty"));
        }
        let mut body = Map::new();
        body.insert("value".into(), Value::from(value));
        Ok(Call::with_json(
            Method::Put,
            secret(vault_id, name)?,
            &Value::Object(body),
        ))
    }

    pub fn delete_secret(vault_id: &str, name: &str) -> Result<Call, Error> {
        Ok(Call::delete(secret(vault_id, name)?))
    }
}

#[cfg(target_arch = "wasm32")]
impl crate::client::Client {
    /// `POST /secret-vaults`.
    pub async fn create_secret_vault(
        &self,
        input: &CreateSecretVault,
    ) -> Result<SecretVault, Error> {
        self.json(calls::create_secret_vault(input)?).await
    }

    /// `GET /secret-vaults`.
    pub async fn list_secret_vaults(&self) -> Result<Vec<SecretVault>, Error> {
        self.json(calls::list_secret_vaults()).await
    }

    /// `GET /secret-vaults/{id}`.
    pub async fn get_secret_vault(&self, id: &str) -> Result<SecretVault, Error> {
        self.json(calls::get_secret_vault(id)?).await
    }

    /// `PATCH /secret-vaults/{id}`.
    pub async fn update_secret_vault(
        &self,
        id: &str,
        input: &UpdateSecretVault,
    ) -> Result<SecretVault, Error> {
        self.json(calls::update_secret_vault(id, input)?).await
    }

    /// `DELETE /secret-vaults/{id}` (its secrets go too).
    pub async fn delete_secret_vault(&self, id: &str) -> Result<(), Error> {
        self.empty(calls::delete_secret_vault(id)?).await
    }

    /// `GET /secret-vaults/{id}/secrets` (redacted).
    pub async fn list_secrets(&self, vault_id: &str) -> Result<Vec<RedactedSecret>, Error> {
        self.json(calls::list_secrets(vault_id)?).await
    }

    /// `PUT /secret-vaults/{id}/secrets/{name}`.
    pub async fn put_secret(
        &self,
        vault_id: &str,
        name: &str,
        value: &str,
    ) -> Result<RedactedSecret, Error> {
        self.json(calls::put_secret(vault_id, name, value)?).await
    }

    /// `DELETE /secret-vaults/{id}/secrets/{name}` (idempotent).
    pub async fn delete_secret(&self, vault_id: &str, name: &str) -> Result<(), Error> {
        self.empty(calls::delete_secret(vault_id, name)?).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::fields::testing::assert_matches;

    #[test]
    fn tables_match_the_structs() {
        let metadata = Some(Map::from_iter([("k".to_string(), Value::from("v"))]));
        assert_matches(
            &CreateSecretVault {
                name: "n".into(),
                metadata: metadata.clone(),
            },
            CREATE_SECRET_VAULT_FIELDS,
            "createSecretVault input",
        );
        assert_matches(
            &UpdateSecretVault { metadata },
            UPDATE_SECRET_VAULT_FIELDS,
            "updateSecretVault input",
        );
    }
}
