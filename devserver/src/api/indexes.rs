//! Indexes (RAG containers): list, create, get (wrapped), patch, delete.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Serialize;
use serde_json::{json, Value};

use super::audit::record;
use super::{by_id, by_id_mut, not_found, now, opt_obj, remove_by_id, req_str, to_value};
use crate::auth::WorkspaceCtx;
use crate::error::{created, no_content, ok, ApiError, ApiResult};
use crate::extract::{opt_str, JsonObject};
use crate::state::{new_id, AppState, WorkspaceData};

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

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/indexes", get(list).post(create))
        .route("/indexes/{id}", get(get_one).patch(update).delete(remove))
}

/// Whether `id` names an index of this workspace.
pub fn exists(d: &WorkspaceData, id: &str) -> bool {
    d.indexes.iter().any(|i| i.id == id)
}

/// 404 unless the index exists.
pub fn require(d: &WorkspaceData, id: &str) -> ApiResult<()> {
    by_id(&d.indexes, id, "index").map(drop)
}

async fn list(State(state): State<AppState>, ctx: WorkspaceCtx) -> Response {
    let mut store = state.store();
    let d = store.data_mut(&ctx.workspace_id);
    let items: Vec<Value> = d.indexes.iter().map(to_value).collect();
    ok(json!({ "indexes": items }))
}

async fn create(
    State(state): State<AppState>,
    ctx: WorkspaceCtx,
    body: Result<JsonObject, ApiError>,
) -> ApiResult<Response> {
    let JsonObject(b) = body?;
    let name = req_str(&b, "name")?;
    let description = opt_str(&b, "description")?.unwrap_or_default();
    let metadata = opt_obj(&b, "metadata")?.unwrap_or_default();
    let now = now(&state);
    let index = Index {
        id: new_id("idx"),
        project_id: ctx.workspace_id.clone(),
        name,
        description,
        metadata: Value::Object(metadata),
        created_at: now.clone(),
        updated_at: now.clone(),
    };
    let body = to_value(&index);
    let mut store = state.store();
    let d = store.data_mut(&ctx.workspace_id);
    record(
        d,
        &ctx,
        &now,
        "index.create",
        "index",
        &index.id,
        json!({"name": index.name}),
    );
    d.indexes.push(index);
    Ok(created(body))
}

async fn get_one(
    State(state): State<AppState>,
    ctx: WorkspaceCtx,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let mut store = state.store();
    let d = store.data_mut(&ctx.workspace_id);
    let index = by_id(&d.indexes, &id, "index")?;
    Ok(ok(json!({ "index": to_value(index) })))
}

async fn update(
    State(state): State<AppState>,
    ctx: WorkspaceCtx,
    Path(id): Path<String>,
    body: Result<JsonObject, ApiError>,
) -> ApiResult<Response> {
    let now = now(&state);
    let mut store = state.store();
    let d = store.data_mut(&ctx.workspace_id);
    if !exists(d, &id) {
        return Err(not_found("index"));
    }
    let JsonObject(b) = body?;
    // The Go SDK always sends `name`, even empty: empty means keep.
    let name = opt_str(&b, "name")?.filter(|n| !n.trim().is_empty());
    let description = opt_str(&b, "description")?;
    let metadata = opt_obj(&b, "metadata")?;
    let index = by_id_mut(&mut d.indexes, &id, "index")?;
    if let Some(n) = name {
        index.name = n;
    }
    if let Some(desc) = description {
        index.description = desc;
    }
    if let Some(m) = metadata {
        index.metadata = Value::Object(m);
    }
    index.updated_at = now.clone();
    let body = to_value(&*index);
    record(d, &ctx, &now, "index.update", "index", &id, json!({}));
    Ok(ok(body))
}

async fn remove(
    State(state): State<AppState>,
    ctx: WorkspaceCtx,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let now = now(&state);
    let mut store = state.store();
    let d = store.data_mut(&ctx.workspace_id);
    remove_by_id(&mut d.indexes, &id, "index")?;
    // Cascade: the index's documents (and their chunks) go too.
    let before = d.documents.len();
    d.documents.retain(|doc| doc.index_id != id);
    let removed = before - d.documents.len();
    record(
        d,
        &ctx,
        &now,
        "index.delete",
        "index",
        &id,
        json!({"documents_deleted": removed}),
    );
    Ok(no_content())
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
