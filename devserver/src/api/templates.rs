//! Prompt templates CRUD. When `variables` is omitted on create, the
//! `{{name}}` placeholders of the content are used.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Serialize;
use serde_json::{json, Value};

use super::audit::record;
use super::{by_id, by_id_mut, not_found, now, remove_by_id, req_str, to_value};
use crate::auth::WorkspaceCtx;
use crate::error::{created, no_content, ok, ApiError, ApiResult};
use crate::extract::{opt_str_array, JsonObject};
use crate::state::{new_id, AppState};

#[derive(Debug, Clone, Serialize)]
pub struct PromptTemplate {
    pub id: String,
    pub project_id: String,
    pub name: String,
    pub content: String,
    pub variables: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/prompt-templates", get(list).post(create))
        .route(
            "/prompt-templates/{id}",
            get(get_one).patch(update).delete(remove),
        )
}

/// The distinct `{{name}}` placeholders of `content`, in order.
pub fn placeholders(content: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = content;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let name = after[..end].trim().to_string();
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
        rest = &after[end + 2..];
    }
    out
}

async fn list(State(state): State<AppState>, ctx: WorkspaceCtx) -> Response {
    let mut store = state.store();
    let d = store.data_mut(&ctx.workspace_id);
    let items: Vec<Value> = d.templates.iter().map(to_value).collect();
    ok(json!({ "templates": items }))
}

async fn create(
    State(state): State<AppState>,
    ctx: WorkspaceCtx,
    body: Result<JsonObject, ApiError>,
) -> ApiResult<Response> {
    let JsonObject(b) = body?;
    let name = req_str(&b, "name")?;
    let content = req_str(&b, "content")?;
    let variables = opt_str_array(&b, "variables")?.unwrap_or_else(|| placeholders(&content));
    let now = now(&state);
    let t = PromptTemplate {
        id: new_id("pt"),
        project_id: ctx.workspace_id.clone(),
        name,
        content,
        variables,
        created_at: now.clone(),
        updated_at: now.clone(),
    };
    let body = to_value(&t);
    let mut store = state.store();
    let d = store.data_mut(&ctx.workspace_id);
    record(
        d,
        &ctx,
        &now,
        "prompt_template.create",
        "prompt_template",
        &t.id,
        json!({"name": t.name}),
    );
    d.templates.push(t);
    Ok(created(body))
}

async fn get_one(
    State(state): State<AppState>,
    ctx: WorkspaceCtx,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let mut store = state.store();
    let d = store.data_mut(&ctx.workspace_id);
    by_id(&d.templates, &id, "prompt template").map(|x| ok(to_value(x)))
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
    if !d.templates.iter().any(|t| t.id == id) {
        return Err(not_found("prompt template"));
    }
    let JsonObject(b) = body?;
    let name = req_str(&b, "name")?;
    let content = req_str(&b, "content")?;
    let variables = opt_str_array(&b, "variables")?;
    let t = by_id_mut(&mut d.templates, &id, "prompt template")?;
    t.name = name;
    t.content = content;
    if let Some(v) = variables {
        t.variables = v;
    }
    t.updated_at = now.clone();
    let body = to_value(&*t);
    record(
        d,
        &ctx,
        &now,
        "prompt_template.update",
        "prompt_template",
        &id,
        json!({}),
    );
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
    remove_by_id(&mut d.templates, &id, "prompt template")?;
    record(
        d,
        &ctx,
        &now,
        "prompt_template.delete",
        "prompt_template",
        &id,
        json!({}),
    );
    Ok(no_content())
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::placeholders;
    use crate::testutil::TestServer;

    #[test]
    fn placeholder_extraction() {
        assert_eq!(
            placeholders("Hi {{ name }}, {{topic}} {{name}} {{"),
            vec!["name", "topic"]
        );
    }

    #[tokio::test]
    async fn template_crud() {
        let s = TestServer::start().await;
        let key = s.api_key().await;
        let r = s
            .sdk_post(
                &key,
                "/api/sdk/prompt-templates",
                json!({"name": "greet", "content": "Hello {{name}}"}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let t: Value = r.json().await.unwrap();
        let id = t["id"].as_str().unwrap().to_string();
        assert_eq!(t["variables"], json!(["name"]));
        let r = s
            .sdk_post(
                &key,
                "/api/sdk/prompt-templates",
                json!({"name": "x", "content": "y", "variables": ["a", "b"]}),
            )
            .send()
            .await
            .unwrap();
        let t2: Value = r.json().await.unwrap();
        assert_eq!(t2["variables"], json!(["a", "b"]));
        let r = s
            .sdk_post(&key, "/api/sdk/prompt-templates", json!({"name": "x"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400);

        let l: Value = s
            .sdk_get(&key, "/api/sdk/prompt-templates")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(l["templates"].as_array().unwrap().len(), 2);
        let url = s.url(&format!("/api/sdk/prompt-templates/{id}"));
        // PATCH needs both name and content.
        let r = s
            .client
            .patch(&url)
            .header("X-API-Key", &key)
            .json(&json!({"name": "n"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400);
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["field"], "content");
        let r = s
            .client
            .patch(&url)
            .header("X-API-Key", &key)
            .json(&json!({"name": "greet2", "content": "Hey {{who}}"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let p: Value = r.json().await.unwrap();
        assert_eq!(p["name"], "greet2");
        assert_eq!(
            p["variables"],
            json!(["name"]),
            "omitted variables are kept"
        );
        let g: Value = s
            .sdk_get(&key, &format!("/api/sdk/prompt-templates/{id}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(g, p);
        let r = s
            .delete(&format!("/api/sdk/prompt-templates/{id}"))
            .header("X-API-Key", &key)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 204);
        let r = s
            .delete(&format!("/api/sdk/prompt-templates/{id}"))
            .header("X-API-Key", &key)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
    }
}
