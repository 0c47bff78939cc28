//! Stored conversations and messages.

use super::api_common::*;
use serde_json::json;
use tavora_wasm::api::conversations::{CreateConversation, SendMessage};
use tavora_wasm::api::ListOptions;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn conversation_lifecycle() {
    let c = fresh().await;
    let conv = c
        .create_conversation(&CreateConversation {
            title: Some("support".into()),
            metadata: Some(json!({"ticket": 7})),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        body(&last("POST", "/conversations").await),
        json!({"title": "support", "metadata": {"ticket": 7}})
    );
    assert_eq!(conv.title, "support");
    assert_eq!(conv.metadata["ticket"], 7);

    let sent = c
        .send_message(
            &conv.id,
            &SendMessage {
                content: "Where is my order?".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        body(&last("POST", &format!("/conversations/{}/messages", conv.id)).await),
        json!({"content": "Where is my order?"})
    );
    assert_eq!(sent.user_message.content, "Where is my order?");
    assert_eq!(sent.message.role, "assistant");

    let detail = c.get_conversation(&conv.id).await.unwrap();
    assert_eq!(detail.conversation.id, conv.id);
    assert_eq!(detail.messages.len(), 2);

    let list = c
        .list_conversations(ListOptions {
            limit: 10,
            offset: 0,
        })
        .await
        .unwrap();
    assert_eq!(
        query(&last("GET", "/conversations").await),
        "limit=10&offset=0"
    );
    assert!(list.iter().any(|x| x.id == conv.id));

    c.delete_conversation(&conv.id).await.unwrap();
    assert!(c
        .get_conversation(&conv.id)
        .await
        .unwrap_err()
        .is_not_found());

    rejected_locally(c.send_message(&conv.id, &SendMessage::default())).await;
    rejected_locally(c.list_conversations(ListOptions {
        limit: 0,
        offset: 0,
    }))
    .await;

    // JS: listConversations resolves to an array; a wrong limit is refused locally.
    let jc = js_client().await;
    let arr = settle(jc.invoke("listConversations", js_args(&[JsValue::UNDEFINED])))
        .await
        .unwrap();
    assert!(js_sys::Array::is_array(&arr));
    let err = settle(jc.invoke("listConversations", js_args(&[jv(json!({"limit": -1}))])))
        .await
        .unwrap_err();
    assert_eq!(
        prop(&err, "code").as_string().as_deref(),
        Some("invalid_input")
    );
}
