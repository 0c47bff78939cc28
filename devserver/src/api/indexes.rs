//! Indexes (RAG containers): list, create, get (wrapped), patch, delete.

use crate::prelude::*;
use serde_json::Map;

#[derive(Debug, Clone, Serialize)]
pub struct Index {
    pub id: String,
    pub project_id: String,
    pub name: String,
    pub description: String,
    pub metadata: Value,
    pub created_at: String,
    pub updated_at: String,
}

pub fn routes() -> Api {
    Api::default().crud::<Index>("/indexes", "/indexes/{id}")
}

impl Record for Index {
    const LIST: &'static str = "indexes";
    const SUBJECT: &'static str = "index";

    fn view(&self) -> Value {
        json!({ "index": self })
    }

    fn created_meta(&self) -> Value {
        json!({"name": self.name})
    }

    /// The index's documents (and their chunks) go too.
    fn cascade(d: &mut WorkspaceData, id: &str) -> Value {
        let before = d.documents.len();
        d.documents.retain(|doc| doc.index_id != id);
        json!({"documents_deleted": before - d.documents.len()})
    }
}

#[derive(Deserialize)]
pub struct NewIndex {
    name: NonBlank,
    description: Option<String>,
    metadata: Option<Map<String, Value>>,
}

impl Create for Index {
    type New = NewIndex;

    fn create(new: NewIndex, ctx: &WorkspaceCtx, _: &WorkspaceData) -> ApiResult<Self> {
        Ok(Index {
            id: new_id("idx"),
            project_id: ctx.workspace_id.clone(),
            name: new.name.0,
            description: new.description.unwrap_or_default(),
            metadata: Value::Object(new.metadata.unwrap_or_default()),
            created_at: ctx.now.stamp.clone(),
            updated_at: ctx.now.stamp.clone(),
        })
    }
}

#[derive(Deserialize)]
pub struct IndexPatch {
    name: Option<String>,
    description: Option<String>,
    metadata: Option<Map<String, Value>>,
}

impl Update for Index {
    type Patch = IndexPatch;

    fn update(&mut self, p: IndexPatch, now: &Now) -> ApiResult<()> {
        // The Go SDK always sends `name`, even empty: empty means keep.
        if let Some(n) = p.name.filter(|n| !n.trim().is_empty()) {
            self.name = n;
        }
        if let Some(desc) = p.description {
            self.description = desc;
        }
        if let Some(m) = p.metadata {
            self.metadata = Value::Object(m);
        }
        self.updated_at = now.stamp.clone();
        Ok(())
    }
}

pub fn exists(d: &WorkspaceData, id: &str) -> bool {
    d.indexes.iter().any(|i| i.id == id)
}

/// 404 unless the index exists.
pub fn require(d: &mut WorkspaceData, id: &str) -> ApiResult<()> {
    crud::find::<Index>(d, id).map(drop)
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use crate::state::SECOND_WORKSPACE;
    use crate::testutil::TestServer;

    #[tokio::test]
    async fn index_crud_shapes_and_codes() {
        let s = TestServer::start().await;
        let key = s.api_key().await;
        let r = s
            .sdk_post(
                &key,
                "/api/sdk/indexes",
                json!({"name": "Handbook", "description": "HR docs", "metadata": {"team": "hr"}}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        assert_eq!(r.headers()["content-type"], "application/json");
        let idx: Value = r.json().await.unwrap();
        let id = idx["id"].as_str().unwrap().to_string();
        assert!(id.starts_with("idx_"));
        assert_eq!(idx["project_id"], crate::state::DEMO_WORKSPACE);
        assert_eq!(idx["metadata"], json!({"team": "hr"}));
        assert!(idx["created_at"].as_str().unwrap().ends_with('Z'));

        // GET by id is wrapped; the list too.
        let g: Value = s
            .sdk_get(&key, &format!("/api/sdk/indexes/{id}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(g["index"], idx);
        let l: Value = s
            .sdk_get(&key, "/api/sdk/indexes")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(l["indexes"].as_array().unwrap().len(), 1);

        // PATCH: empty name keeps, omitted metadata keeps, {} clears.
        let p = s
            .client
            .patch(s.url(&format!("/api/sdk/indexes/{id}")))
            .header("X-API-Key", &key)
            .json(&json!({"name": "", "description": "People docs"}))
            .send()
            .await
            .unwrap();
        assert_eq!(p.status(), 200);
        let p: Value = p.json().await.unwrap();
        assert_eq!(p["name"], "Handbook");
        assert_eq!(p["description"], "People docs");
        assert_eq!(p["metadata"], json!({"team": "hr"}));
        let p: Value = s
            .client
            .patch(s.url(&format!("/api/sdk/indexes/{id}")))
            .header("X-API-Key", &key)
            .json(&json!({"name": "HB", "metadata": {}}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            (p["name"].as_str(), &p["metadata"]),
            (Some("HB"), &json!({}))
        );

        // Validation.
        for bad in [
            json!({}),
            json!({"name": ""}),
            json!({"name": 3}),
            json!({"name": "x", "metadata": [1]}),
        ] {
            let r = s
                .sdk_post(&key, "/api/sdk/indexes", bad)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 400);
            let e: Value = r.json().await.unwrap();
            assert_eq!(e["code"], "invalid_request");
            assert!(e["field"].is_string());
        }

        // Another workspace cannot see it.
        let key2 = s.api_key_for("demo@tavora.dev", SECOND_WORKSPACE).await;
        let r = s.sdk_get(&key2, &format!("/api/sdk/indexes/{id}")).await;
        assert_eq!(r.status(), 404);

        // Delete: 204 then 404.
        let r = s
            .delete(&format!("/api/sdk/indexes/{id}"))
            .header("X-API-Key", &key)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 204);
        assert!(r.bytes().await.unwrap().is_empty());
        let r = s.sdk_get(&key, &format!("/api/sdk/indexes/{id}")).await;
        assert_eq!(r.status(), 404);
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["code"], "NOT_FOUND");
        assert_eq!(e["message"], "index not found");
    }
}
