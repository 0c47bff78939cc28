//! Stateless OpenAI-style chat completions and stored conversations, both
//! answered by a deterministic scripted model (optionally quoting the top
//! search hit when `use_rag` is set).

use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Serialize;
use serde_json::{json, Map, Value};

use super::audit::record;
use super::documents::{preview, search, settle};
use super::{
    approx_tokens, by_id, by_id_mut, indexes, not_found, now, opt_bool, remove_by_id, req_str,
    to_value,
};
use crate::auth::WorkspaceCtx;
use crate::error::{created, no_content, ok, ApiError, ApiResult};
use crate::extract::{opt_str, JsonObject, Page};
use crate::state::{new_id, random_hex, AppState, WorkspaceData};

pub const DEFAULT_MODEL: &str = "gemini-2.5-flash";

#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Usage {
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
    pub total_tokens: i64,
}

impl Usage {
    fn new(prompt: i64, completion: i64) -> Usage {
        Usage {
            prompt_tokens: prompt,
            completion_tokens: completion,
            total_tokens: prompt + completion,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Message {
    pub id: String,
    pub conversation_id: String,
    pub role: String,
    pub content: String,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize)]
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

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/chat/completions", post(completions))
        .route("/conversations", post(create).get(list))
        .route("/conversations/{id}", get(get_one).delete(remove))
        .route("/conversations/{id}/messages", post(send_message))
}

/// RAG options of a request: `None` = no RAG, `Some(scope)` = search
/// `scope` (one index) or every index.
fn rag_scope(d: &WorkspaceData, b: &Map<String, Value>) -> ApiResult<Option<Option<String>>> {
    let use_rag = opt_bool(b, "use_rag")?.unwrap_or(false);
    let index_id = opt_str(b, "index_id")?.filter(|i| !i.is_empty());
    if let Some(i) = &index_id {
        if !indexes::exists(d, i) {
            return Err(ApiError::invalid_field(
                "index_id",
                format!("unknown index {i}"),
            ));
        }
    }
    Ok(use_rag.then_some(index_id))
}

/// The deterministic reply of the scripted model.
pub fn scripted_reply(
    state: &AppState,
    d: &mut WorkspaceData,
    content: &str,
    rag: Option<Option<String>>,
) -> String {
    let short: String = content.chars().take(120).collect();
    let words = content.split_whitespace().count();
    let mut reply = format!(
        "You said: “{short}”. That is {words} word{}.",
        if words == 1 { "" } else { "s" }
    );
    if content.trim_end().ends_with('?') {
        reply.push_str(
            " Good question — this is the dev server's scripted model, so the answer is canned.",
        );
    }
    if let Some(scope) = rag {
        settle(d, state.clock.now(), state.config.processing_ms);
        match search(d, scope.as_deref(), content).first() {
            Some(h) => {
                let doc = &d.documents[h.doc];
                let c = &doc.chunks[h.chunk];
                reply.push_str(&format!(
                    "\n\nFrom **{}** (score {:.2}): {}",
                    doc.filename,
                    h.score,
                    preview(&c.content)
                ));
            }
            None => reply.push_str("\n\nNo matching documents were found."),
        }
    }
    reply
}

fn count_usage(d: &mut WorkspaceData, u: Usage) {
    d.llm_requests += 1;
    d.chat_prompt_tokens += u.prompt_tokens;
    d.chat_completion_tokens += u.completion_tokens;
}

async fn completions(
    State(state): State<AppState>,
    ctx: WorkspaceCtx,
    body: Result<JsonObject, ApiError>,
) -> ApiResult<Response> {
    let JsonObject(b) = body?;
    let model = opt_str(&b, "model")?
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| DEFAULT_MODEL.to_string());
    let invalid = |msg: &str| ApiError::invalid_field("messages", msg.to_string());
    let messages = match b.get("messages") {
        Some(Value::Array(a)) if !a.is_empty() => a,
        Some(Value::Array(_)) | None | Some(Value::Null) => {
            return Err(invalid("messages must contain at least one message"))
        }
        Some(_) => return Err(invalid("messages must be an array")),
    };
    let mut parsed = Vec::new();
    for m in messages {
        let role = m.get("role").and_then(Value::as_str);
        let content = m.get("content").and_then(Value::as_str);
        match (role, content) {
            (Some(r), Some(c)) if !r.is_empty() => parsed.push((r.to_string(), c.to_string())),
            _ => {
                return Err(invalid(
                    "each message needs a string role and a string content",
                ))
            }
        }
    }
    let Some((last_role, last)) = parsed.last().cloned() else {
        return Err(invalid("messages must contain at least one message"));
    };
    if last_role != "user" {
        return Err(invalid("the last message must come from the user"));
    }
    let mut store = state.store();
    let d = store.data_mut(&ctx.workspace_id);
    let rag = rag_scope(d, &b)?;
    let reply = scripted_reply(&state, d, &last, rag);
    let prompt: String = parsed.iter().map(|(_, c)| c.as_str()).collect();
    let usage = Usage::new(approx_tokens(&prompt) + 8, approx_tokens(&reply));
    count_usage(d, usage);
    Ok(ok(json!({
        "id": format!("chatcmpl-{}", random_hex(12)),
        "object": "chat.completion",
        "created": state.clock.now_unix(),
        "model": model,
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": reply},
            "finish_reason": "stop",
        }],
        "usage": usage,
    })))
}

async fn create(
    State(state): State<AppState>,
    ctx: WorkspaceCtx,
    body: Result<JsonObject, ApiError>,
) -> ApiResult<Response> {
    let JsonObject(b) = body?;
    let title = opt_str(&b, "title")?.unwrap_or_default();
    let system_prompt = opt_str(&b, "system_prompt")?.unwrap_or_default();
    let model = opt_str(&b, "model")?
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| DEFAULT_MODEL.to_string());
    let now = now(&state);
    let conv = Conversation {
        id: new_id("conv"),
        project_id: ctx.workspace_id.clone(),
        title,
        system_prompt,
        model,
        metadata: b.get("metadata").cloned().unwrap_or(Value::Null),
        created_at: now.clone(),
        updated_at: now.clone(),
        messages: Vec::new(),
        usage: None,
    };
    let body = to_value(&conv);
    let mut store = state.store();
    let d = store.data_mut(&ctx.workspace_id);
    record(
        d,
        &ctx,
        &now,
        "conversation.create",
        "conversation",
        &conv.id,
        json!({}),
    );
    d.conversations.push(conv);
    Ok(created(body))
}

async fn list(State(state): State<AppState>, ctx: WorkspaceCtx, page: Page) -> Response {
    let mut store = state.store();
    let d = store.data_mut(&ctx.workspace_id);
    let items = page.apply(d.conversations.iter().rev().map(to_value));
    ok(json!({ "conversations": items }))
}

async fn get_one(
    State(state): State<AppState>,
    ctx: WorkspaceCtx,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let mut store = state.store();
    let d = store.data_mut(&ctx.workspace_id);
    let c = by_id(&d.conversations, &id, "conversation")?;
    let messages: Vec<Value> = c.messages.iter().map(to_value).collect();
    Ok(ok(json!({
        "conversation": to_value(c),
        "messages": messages,
        "token_usage": c.usage,
    })))
}

async fn remove(
    State(state): State<AppState>,
    ctx: WorkspaceCtx,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let now = now(&state);
    let mut store = state.store();
    let d = store.data_mut(&ctx.workspace_id);
    remove_by_id(&mut d.conversations, &id, "conversation")?;
    record(
        d,
        &ctx,
        &now,
        "conversation.delete",
        "conversation",
        &id,
        json!({}),
    );
    Ok(no_content())
}

async fn send_message(
    State(state): State<AppState>,
    ctx: WorkspaceCtx,
    Path(id): Path<String>,
    body: Result<JsonObject, ApiError>,
) -> ApiResult<Response> {
    let now = now(&state);
    let mut store = state.store();
    let d = store.data_mut(&ctx.workspace_id);
    if !d.conversations.iter().any(|c| c.id == id) {
        return Err(not_found("conversation"));
    }
    let JsonObject(b) = body?;
    let content = req_str(&b, "content")?;
    let rag = rag_scope(d, &b)?;
    let reply = scripted_reply(&state, d, &content, rag);
    let conv = by_id_mut(&mut d.conversations, &id, "conversation")?;
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
    count_usage(d, usage);
    record(
        d,
        &ctx,
        &now,
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
    async fn chat_completions_shape_and_validation() {
        let s = TestServer::start().await;
        let key = s.api_key().await;
        let r = s
            .sdk_post(
                &key,
                "/api/sdk/chat/completions",
                json!({"messages": [{"role": "system", "content": "Be brief"},
                                    {"role": "user", "content": "hello there"}]}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let c: Value = r.json().await.unwrap();
        assert!(c["id"].as_str().unwrap().starts_with("chatcmpl-"));
        assert_eq!(c["object"], "chat.completion");
        assert_eq!(c["model"], "gemini-2.5-flash");
        assert!(c["created"].as_i64().unwrap() > 1_700_000_000);
        assert_eq!(c["choices"][0]["index"], 0);
        assert_eq!(c["choices"][0]["message"]["role"], "assistant");
        assert_eq!(c["choices"][0]["finish_reason"], "stop");
        let text = c["choices"][0]["message"]["content"].as_str().unwrap();
        assert!(text.contains("hello there"), "{text}");
        let u = &c["usage"];
        assert_eq!(
            u["total_tokens"].as_i64().unwrap(),
            u["prompt_tokens"].as_i64().unwrap() + u["completion_tokens"].as_i64().unwrap()
        );
        // Deterministic.
        let c2: Value = s
            .sdk_post(
                &key,
                "/api/sdk/chat/completions",
                json!({"model": "m", "messages": [{"role": "user", "content": "hello there"}]}),
            )
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(c2["choices"][0]["message"]["content"], text);
        assert_eq!(c2["model"], "m");
        for bad in [
            json!({}),
            json!({"messages": []}),
            json!({"messages": "hi"}),
            json!({"messages": [{"role": "user"}]}),
            json!({"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]}),
        ] {
            let r = s
                .sdk_post(&key, "/api/sdk/chat/completions", bad)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 400);
            let e: Value = r.json().await.unwrap();
            assert_eq!(
                (e["code"].as_str(), e["field"].as_str()),
                (Some("invalid_request"), Some("messages"))
            );
        }
        let r = s
            .sdk_post(
                &key,
                "/api/sdk/chat/completions",
                json!({"use_rag": true, "index_id": "idx_nope", "messages": [{"role": "user", "content": "a"}]}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400);
        // Metrics count chat tokens.
        let m: Value = s
            .sdk_get(&key, "/api/sdk/metrics")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(m["tokens"]["request_count"], 2);
        assert!(m["tokens"]["total_tokens"].as_i64().unwrap() > 0);
    }

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
