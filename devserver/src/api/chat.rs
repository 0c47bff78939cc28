//! Stateless OpenAI-style chat completions, answered by a deterministic
//! scripted model (optionally quoting the top search hit when `use_rag` is
//! set), which the conversations use too.

use super::documents::{preview, search, settle};
use super::{approx_tokens, indexes};
use crate::prelude::*;
use crate::state::random_hex;

pub const DEFAULT_MODEL: &str = "gemini-2.5-flash";

#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Usage {
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
    pub total_tokens: i64,
}

impl Usage {
    pub fn new(prompt: i64, completion: i64) -> Usage {
        Usage {
            prompt_tokens: prompt,
            completion_tokens: completion,
            total_tokens: prompt + completion,
        }
    }
}

pub fn routes() -> Api {
    Api::default().post("/chat/completions", completions)
}

/// The RAG options of a request: `None` = no RAG, `Some(scope)` = search
/// `scope` (one index) or every index.
pub fn rag_scope(
    d: &WorkspaceData,
    use_rag: Option<bool>,
    index_id: Option<String>,
) -> ApiResult<Option<Option<String>>> {
    let index_id = index_id.filter(|i| !i.is_empty());
    if let Some(i) = &index_id {
        if !indexes::exists(d, i) {
            return invalid("index_id", format!("unknown index {i}"));
        }
    }
    Ok(use_rag.unwrap_or(false).then_some(index_id))
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

pub fn count_usage(d: &mut WorkspaceData, u: Usage) {
    d.llm_requests += 1;
    d.chat_prompt_tokens += u.prompt_tokens;
    d.chat_completion_tokens += u.completion_tokens;
}

#[derive(Deserialize)]
struct ChatMessage {
    role: String,
    content: String,
}

#[derive(Deserialize)]
pub struct Completion {
    messages: Vec<ChatMessage>,
    model: Option<String>,
    use_rag: Option<bool>,
    index_id: Option<String>,
}

async fn completions(ctx: WorkspaceCtx, JsonBody(b): JsonBody<Completion>) -> ApiResult<Response> {
    let model = b
        .model
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| DEFAULT_MODEL.to_string());
    let invalid = |msg: &str| ApiError::invalid_field("messages", msg.to_string());
    if b.messages.iter().any(|m| m.role.is_empty()) {
        return Err(invalid(
            "each message needs a string role and a string content",
        ));
    }
    let Some(last) = b.messages.last() else {
        return Err(invalid("messages must contain at least one message"));
    };
    if last.role != "user" {
        return Err(invalid("the last message must come from the user"));
    }
    let mut d = ctx.data();
    let rag = rag_scope(&d, b.use_rag, b.index_id)?;
    let reply = scripted_reply(&ctx.state, &mut d, &last.content, rag);
    let prompt: String = b.messages.iter().map(|m| m.content.as_str()).collect();
    let usage = Usage::new(approx_tokens(&prompt) + 8, approx_tokens(&reply));
    count_usage(&mut d, usage);
    Ok(ok(json!({
        "id": format!("chatcmpl-{}", random_hex(12)),
        "object": "chat.completion",
        "created": ctx.state.clock.now_unix(),
        "model": model,
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": reply},
            "finish_reason": "stop",
        }],
        "usage": usage,
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
}
