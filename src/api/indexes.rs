//! Indexes: the RAG containers documents are uploaded into.

use super::endpoint::Endpoint;
use super::fields::{is_blank, opt, req, to_object, Field, Kind};
use crate::call::{Call, Method};
use crate::error::Error;
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

/// The wire shape of [`CreateIndex`] and [`UpdateIndex`].
pub const INDEX_FIELDS: &[Field] = &[
    req("name", Kind::Str),
    opt("description", Kind::Str),
    opt("metadata", Kind::Object),
];

fn named(body: &Map<String, Value>) -> Result<(), Error> {
    if is_blank(body, "name") {
        return Err(Error::invalid("name must not be empty"));
    }
    Ok(())
}

pub const LIST_INDEXES: Endpoint = Endpoint::get("listIndexes", "indexes").unwrapping("indexes");
pub const CREATE_INDEX: Endpoint = Endpoint::new("createIndex", Method::Post, "indexes")
    .body_ruled("createIndex input", INDEX_FIELDS, named);
/// The answer is `{"index": …}`; a bare index is accepted too.
pub const GET_INDEX: Endpoint = Endpoint::get("getIndex", "indexes/{index id}").unwrapping("index");
pub const UPDATE_INDEX: Endpoint = Endpoint::new(
    "updateIndex",
    Method::Patch,
    "indexes/{index id}",
)
.body_ruled("updateIndex input", INDEX_FIELDS, named);
pub const DELETE_INDEX: Endpoint = Endpoint::delete("deleteIndex", "indexes/{index id}");

pub mod calls {
    use super::*;

    pub fn list_indexes() -> Call {
        LIST_INDEXES.fixed()
    }

    pub fn create_index(input: &CreateIndex) -> Result<Call, Error> {
        create_index_body(to_object(input)?)
    }

    pub fn create_index_body(body: Map<String, Value>) -> Result<Call, Error> {
        CREATE_INDEX.call(&[], Some(body))
    }

    pub fn get_index(id: &str) -> Result<Call, Error> {
        GET_INDEX.call(&[id], None)
    }

    pub fn update_index(id: &str, input: &UpdateIndex) -> Result<Call, Error> {
        update_index_body(id, to_object(input)?)
    }

    pub fn update_index_body(id: &str, body: Map<String, Value>) -> Result<Call, Error> {
        UPDATE_INDEX.call(&[id], Some(body))
    }

    pub fn delete_index(id: &str) -> Result<Call, Error> {
        DELETE_INDEX.call(&[id], None)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::fields::testing::assert_matches;

    #[test]
    fn tables_match_the_structs() {
        let metadata = Some(Map::from_iter([("k".to_string(), Value::from("v"))]));
        assert_matches(
            &CreateIndex {
                name: "n".into(),
                description: Some("d".into()),
                metadata: metadata.clone(),
            },
            INDEX_FIELDS,
            "createIndex input",
        );
        assert_matches(
            &UpdateIndex {
                name: "n".into(),
                description: Some("d".into()),
                metadata,
            },
            INDEX_FIELDS,
            "updateIndex input",
        );
    }
}
