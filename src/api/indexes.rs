//! Indexes: the RAG containers documents are uploaded into.

use crate::call::{Call, Method};
use crate::error::Error;
use crate::url::Path;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Index {
    pub id: String,
    /// `project_id`, or the Go SDK era's `app_id`.
    #[serde(default, alias = "app_id")]
    pub project_id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Customer-owned, opaque.
    #[serde(default)]
    pub metadata: Map<String, Value>,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `POST /indexes`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateIndex {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
}

/// `PATCH /indexes/{id}`. `name` is always sent (the wire requires it);
/// `metadata`: `None` keeps it, `Some({})` clears it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateIndex {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
}

pub mod calls {
    use super::*;

    pub(crate) fn index(id: &str) -> Result<Path, Error> {
        Path::new().lit("indexes").id("index id", id)
    }

    pub fn list_indexes() -> Call {
        Call::get(Path::new().lit("indexes")).unwrapping("indexes")
    }

    pub fn create_index(input: &CreateIndex) -> Result<Call, Error> {
        if input.name.trim().is_empty() {
            return Err(Error::invalid("name must not be empty"));
        }
        Call::with_json(Method::Post, Path::new().lit("indexes"), input)
    }

    /// The answer is `{"index": …}`; a bare index is accepted too.
    pub fn get_index(id: &str) -> Result<Call, Error> {
        Ok(Call::get(index(id)?).unwrapping("index"))
    }

    pub fn update_index(id: &str, input: &UpdateIndex) -> Result<Call, Error> {
        if input.name.trim().is_empty() {
            return Err(Error::invalid("name must not be empty"));
        }
        Call::with_json(Method::Patch, index(id)?, input)
    }

    pub fn delete_index(id: &str) -> Result<Call, Error> {
        Ok(Call::delete(index(id)?))
    }
}

#[cfg(target_arch = "wasm32")]
impl crate::client::Client {
    /// `GET /indexes`.
    pub async fn list_indexes(&self) -> Result<Vec<Index>, Error> {
        self.json(calls::list_indexes()).await
    }

    /// `POST /indexes`.
    pub async fn create_index(&self, input: &CreateIndex) -> Result<Index, Error> {
        self.json(calls::create_index(input)?).await
    }

    /// `GET /indexes/{id}`.
    pub async fn get_index(&self, id: &str) -> Result<Index, Error> {
        self.json(calls::get_index(id)?).await
    }

    /// `PATCH /indexes/{id}`.
    pub async fn update_index(&self, id: &str, input: &UpdateIndex) -> Result<Index, Error> {
        self.json(calls::update_index(id, input)?).await
    }

    /// `DELETE /indexes/{id}`.
    pub async fn delete_index(&self, id: &str) -> Result<(), Error> {
        self.empty(calls::delete_index(id)?).await
    }
}
