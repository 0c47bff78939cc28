//! Secret vaults. Values go in, never come out: secrets are listed redacted.

use super::endpoint::Endpoint;
use super::fields::{is_blank, opt, req, to_object, Field, Kind};
use crate::call::{Call, Method};
use crate::error::Error;
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

fn named(body: &Map<String, Value>) -> Result<(), Error> {
    if is_blank(body, "name") {
        return Err(Error::invalid("name must not be empty"));
    }
    Ok(())
}

pub const CREATE_SECRET_VAULT: Endpoint = Endpoint::new(
    "createSecretVault",
    Method::Post,
    "secret-vaults",
)
.body_ruled("createSecretVault input", CREATE_SECRET_VAULT_FIELDS, named);
pub const LIST_SECRET_VAULTS: Endpoint =
    Endpoint::get("listSecretVaults", "secret-vaults").unwrapping("secret_vaults");
pub const GET_SECRET_VAULT: Endpoint = Endpoint::get("getSecretVault", "secret-vaults/{vault id}");
pub const UPDATE_SECRET_VAULT: Endpoint = Endpoint::new(
    "updateSecretVault",
    Method::Patch,
    "secret-vaults/{vault id}",
)
.body("updateSecretVault input", UPDATE_SECRET_VAULT_FIELDS);
pub const DELETE_SECRET_VAULT: Endpoint =
    Endpoint::delete("deleteSecretVault", "secret-vaults/{vault id}");
pub const LIST_SECRETS: Endpoint =
    Endpoint::get("listSecrets", "secret-vaults/{vault id}/secrets").unwrapping("secrets");
/// The body is `{"value": …}`, from the method's third argument.
pub const PUT_SECRET: Endpoint = Endpoint::new(
    "putSecret",
    Method::Put,
    "secret-vaults/{vault id}/secrets/{secret name}",
);
pub const DELETE_SECRET: Endpoint = Endpoint::delete(
    "deleteSecret",
    "secret-vaults/{vault id}/secrets/{secret name}",
);

pub mod calls {
    use super::*;

    pub fn create_secret_vault(input: &CreateSecretVault) -> Result<Call, Error> {
        create_secret_vault_body(to_object(input)?)
    }

    pub fn create_secret_vault_body(body: Map<String, Value>) -> Result<Call, Error> {
        CREATE_SECRET_VAULT.call(&[], Some(body))
    }

    pub fn list_secret_vaults() -> Call {
        LIST_SECRET_VAULTS.fixed()
    }

    pub fn get_secret_vault(id: &str) -> Result<Call, Error> {
        GET_SECRET_VAULT.call(&[id], None)
    }

    pub fn update_secret_vault(id: &str, input: &UpdateSecretVault) -> Result<Call, Error> {
        update_secret_vault_body(id, to_object(input)?)
    }

    pub fn update_secret_vault_body(id: &str, body: Map<String, Value>) -> Result<Call, Error> {
        UPDATE_SECRET_VAULT.call(&[id], Some(body))
    }

    pub fn delete_secret_vault(id: &str) -> Result<Call, Error> {
        DELETE_SECRET_VAULT.call(&[id], None)
    }

    pub fn list_secrets(vault_id: &str) -> Result<Call, Error> {
        LIST_SECRETS.call(&[vault_id], None)
    }

    pub fn put_secret(vault_id: &str, name: &str, value: &str) -> Result<Call, Error> {
        if value.is_empty() {
            return Err(Error::invalid("secret value must not be empty"));
        }
        let mut body = Map::new();
        body.insert("value".into(), Value::from(value));
        let path = PUT_SECRET.path(&[vault_id, name])?;
        Ok(Call::with_json(Method::Put, path, &Value::Object(body)))
    }

    pub fn delete_secret(vault_id: &str, name: &str) -> Result<Call, Error> {
        DELETE_SECRET.call(&[vault_id, name], None)
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
