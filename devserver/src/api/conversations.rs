//! Stored conversations: the scripted model of [`super::chat`] answers each
//! message, with the conversation's history counted in its usage.

use super::approx_tokens;
use super::chat::{count_usage, rag_scope, scripted_reply, Usage, DEFAULT_MODEL};
use crate::prelude::*;

#[derive(Debug, Clone, Serialize)]
pub struct Message {
    pub id: String,
    pub conversation_id: String,
    pub role: String,
    pub content: String,
    pub created_at: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Conversation {
    pub id: String,
    pub project_id: String,
    pub title: String,
    pub system_prompt: String,
    pub model: String,
    pub metadata: Value,
    pub created_at: String,
    pub updated_at: String,
    #[serde(skip)]
    pub messages: Vec<Message>,
    /// Summed over all exchanges; `None` before the first.
    #[serde(skip)]
    pub usage: Option<Usage>,
}

pub fn routes() -> Api {
    Api::default()
        .post("/conversations", crud::create::<Conversation>)
        .get("/conversations", crud::list_newest::<Conversation>)
        .get("/conversations/{id}", crud::get::<Conversation>)
        .delete("/conversations/{id}", crud::delete::<Conversation>)
        .post("/conversations/{id}/messages", send_message)
}

impl Record for Conversation {
    const LIST: &'static str = "conversations";
    const SUBJECT: &'static str = "conversation";

    fn view(&self) -> Value {
        let messages: Vec<Value> = self.messages.iter().map(to_value).collect();
        json!({"conversation": self, "messages": messages, "token_usage": self.usage})
    }
}

#[derive(Deserialize)]
pub struct NewConversation {
    title: Option<String>,
    system_prompt: Option<String>,
    model: Option<String>,
    #[serde(default)]
    metadata: Value,
}

impl Create for Conversation {
    type New = NewConversation;

    fn create(new: NewConversation, ctx: &WorkspaceCtx, _: &WorkspaceData) -> ApiResult<Self> {
        Ok(Conversation {
            id: new_id("conv"),
            project_id: ctx.workspace_id.clone(),
            title: new.title.unwrap_or_default(),
            system_prompt: new.system_prompt.unwrap_or_default(),
            model: new
                .model
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| DEFAULT_MODEL.to_string()),
            metadata: new.metadata,
            created_at: ctx.now.stamp.clone(),
            updated_at: ctx.now.stamp.clone(),
            ..Default::default()
        })
    }
}

#[derive(Deserialize)]
pub struct NewMessage {
    content: NonBlank,
    use_rag: Option<bool>,
    index_id: Option<String>,
}

async fn send_message(
    ctx: WorkspaceCtx,
    Path(id): Path<String>,
    body: Result<JsonBody<NewMessage>, ApiError>,
) -> ApiResult<Response> {
    let now = ctx.now.stamp.clone();
    let mut d = ctx.data();
    crud::find::<Conversation>(&mut d, &id)?;
    let JsonBody(b) = body?;
    let content = b.content.0;
    let rag = rag_scope(&d, b.use_rag, b.index_id)?;
    let reply = scripted_reply(&ctx.state, &mut d, &content, rag);
    let conv = crud::find::<Conversation>(&mut d, &id)?;
    let history: String = conv.messages.iter().map(|m| m.content.as_str()).collect();
    let usage = Usage::new(
        approx_tokens(&format!("{}{history}{content}", conv.system_prompt)) + 8,
        approx_tokens(&reply),
    );
    let msg = |role: &str, text: String| Message {
        id: new_id("msg"),
        conversation_id: id.clone(),
        role: role.to_string(),
        content: text,
        created_at: now.clone(),
    };
    let user_message = msg("user", content.clone());
    let answer = msg("assistant", reply);
    conv.messages.push(user_message.clone());
    conv.messages.push(answer.clone());
    let total = conv.usage.unwrap_or_default();
    conv.usage = Some(Usage::new(
        total.prompt_tokens + usage.prompt_tokens,
        total.completion_tokens + usage.completion_tokens,
    ));
    if conv.title.is_empty() {
        conv.title = content.chars().take(60).collect();
    }
    conv.updated_at = now.clone();
    count_usage(&mut d, usage);
    record(
        &mut d,
        &ctx,
        "conversation.message.send",
        "conversation",
        &id,
        json!({"message_id": user_message.id}),
    );
    Ok(ok(json!({
        "user_message": to_value(&user_message),
        "message": to_value(&answer),
        "token_usage": usage,
    })))
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use crate::testutil::TestServer;

    #[tokio::test]
    async fn conversations_with_messages_and_rag() {
        let s = TestServer::start_with(|c| c.processing_ms = 0).await;
        let key = s.api_key().await;
        // An index with one markdown document.
        let idx: Value = s
            .sdk_post(&key, "/api/sdk/indexes", json!({"name": "kb"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let idx = idx["id"].as_str().unwrap().to_string();
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(
                b"# Refunds\n\nRefunds take five business days.".to_vec(),
            )
            .file_name("refunds.md"),
        );
        let r = s
            .post(&format!("/api/sdk/indexes/{idx}/documents"))
            .header("X-API-Key", &key)
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);

        let r = s
            .sdk_post(
                &key,
                "/api/sdk/conversations",
                json!({"system_prompt": "Be nice", "metadata": {"k": 1}}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let conv: Value = r.json().await.unwrap();
        let id = conv["id"].as_str().unwrap().to_string();
        assert_eq!(conv["model"], "gemini-2.5-flash");
        assert_eq!(conv["metadata"], json!({"k": 1}));
        let d: Value = s
            .sdk_get(&key, &format!("/api/sdk/conversations/{id}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(d["messages"], json!([]));
        assert!(d["token_usage"].is_null());

        let r = s
            .sdk_post(
                &key,
                &format!("/api/sdk/conversations/{id}/messages"),
                json!({"content": "How long do refunds take?", "use_rag": true, "index_id": idx}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let m: Value = r.json().await.unwrap();
        assert_eq!(m["user_message"]["role"], "user");
        assert_eq!(m["user_message"]["conversation_id"], id.as_str());
        assert_eq!(m["message"]["role"], "assistant");
        let reply = m["message"]["content"].as_str().unwrap();
        assert!(
            reply.contains("refunds.md") && reply.contains("five business days"),
            "{reply}"
        );
        assert!(m["token_usage"]["total_tokens"].as_i64().unwrap() > 0);
        // Without RAG no document is quoted.
        let m2: Value = s
            .sdk_post(
                &key,
                &format!("/api/sdk/conversations/{id}/messages"),
                json!({"content": "thanks"}),
            )
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(!m2["message"]["content"]
            .as_str()
            .unwrap()
            .contains("refunds.md"));
        let d: Value = s
            .sdk_get(&key, &format!("/api/sdk/conversations/{id}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(d["messages"].as_array().unwrap().len(), 4);
        assert_eq!(d["conversation"]["title"], "How long do refunds take?");
        assert_eq!(
            d["token_usage"]["total_tokens"].as_i64().unwrap(),
            m["token_usage"]["total_tokens"].as_i64().unwrap()
                + m2["token_usage"]["total_tokens"].as_i64().unwrap()
        );
        // Validation and 404s.
        let r = s
            .sdk_post(
                &key,
                &format!("/api/sdk/conversations/{id}/messages"),
                json!({}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400);
        let r = s
            .sdk_post(
                &key,
                "/api/sdk/conversations/conv_nope/messages",
                json!({"content": "x"}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);

        // List pagination, newest first.
        s.sdk_post(&key, "/api/sdk/conversations", json!({"title": "second"}))
            .send()
            .await
            .unwrap();
        let l: Value = s
            .sdk_get(&key, "/api/sdk/conversations?limit=1&offset=0")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(l["conversations"].as_array().unwrap().len(), 1);
        assert_eq!(l["conversations"][0]["title"], "second");
        let l: Value = s
            .sdk_get(&key, "/api/sdk/conversations?limit=0")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(l["conversations"].as_array().unwrap().len(), 2);

        let r = s
            .delete(&format!("/api/sdk/conversations/{id}"))
            .header("X-API-Key", &key)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 204);
        let r = s
            .sdk_get(&key, &format!("/api/sdk/conversations/{id}"))
            .await;
        assert_eq!(r.status(), 404);
    }
}
