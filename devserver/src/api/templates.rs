//! Prompt templates CRUD. When `variables` is omitted on create, the
//! `{{name}}` placeholders of the content are used.

use crate::prelude::*;

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

pub fn routes() -> Api {
    Api::default().crud::<PromptTemplate>("/prompt-templates", "/prompt-templates/{id}")
}

impl Record for PromptTemplate {
    const LIST: &'static str = "templates";
    const SUBJECT: &'static str = "prompt_template";

    fn created_meta(&self) -> Value {
        json!({"name": self.name})
    }
}

/// The body of both create and update: `name` and `content` are required.
#[derive(Deserialize)]
pub struct TemplateBody {
    name: NonBlank,
    content: NonBlank,
    variables: Option<Vec<String>>,
}

impl Create for PromptTemplate {
    type New = TemplateBody;

    fn create(b: TemplateBody, ctx: &WorkspaceCtx, _: &WorkspaceData) -> ApiResult<Self> {
        Ok(PromptTemplate {
            id: new_id("pt"),
            project_id: ctx.workspace_id.clone(),
            variables: b.variables.unwrap_or_else(|| placeholders(&b.content.0)),
            name: b.name.0,
            content: b.content.0,
            created_at: ctx.now.stamp.clone(),
            updated_at: ctx.now.stamp.clone(),
        })
    }
}

impl Update for PromptTemplate {
    type Patch = TemplateBody;

    fn update(&mut self, b: TemplateBody, now: &Now) -> ApiResult<()> {
        self.name = b.name.0;
        self.content = b.content.0;
        if let Some(v) = b.variables {
            self.variables = v;
        }
        self.updated_at = now.stamp.clone();
        Ok(())
    }
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
