//! Stateless chat completions.

use super::api_common::*;
use serde_json::json;
use tavora_wasm::api::chat::{ChatCompletionRequest, ChatMessage};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn chat_completion_round_trip() {
    let c = fresh().await;
    let out = c
        .chat_completion(&ChatCompletionRequest {
            model: Some("gemini-2.5-flash".into()),
            messages: vec![
                ChatMessage {
                    role: "system".into(),
                    content: "Be brief.".into(),
                },
                ChatMessage {
                    role: "user".into(),
                    content: "Hello there".into(),
                },
            ],
            use_rag: None,
            index_id: None,
        })
        .await
        .unwrap();
    let req = last("POST", "/chat/completions").await;
    assert_eq!(
        body(&req),
        json!({"model": "gemini-2.5-flash", "messages": [
            {"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hello there"}]})
    );
    assert_eq!(out.choices.len(), 1);
    assert_eq!(out.choices[0].message.role, "assistant");
    assert!(!out.choices[0].message.content.is_empty());
    assert!(out.usage.total_tokens > 0);

    rejected_locally(c.chat_completion(&ChatCompletionRequest::default())).await;
    rejected_locally(c.chat_completion(&ChatCompletionRequest {
        messages: vec![ChatMessage {
            role: "assistant".into(),
            content: "x".into(),
        }],
        ..Default::default()
    }))
    .await;
}
