//! Stateless, OpenAI-style chat completions.

use super::endpoint::Endpoint;
use super::fields::{is_empty_str, opt, req, to_object, Field, Kind};
use crate::call::{Call, Method};
use crate::error::Error;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatMessage {
    pub role: String,
    pub content: String,
}

/// `POST /chat/completions`. The last message must come from the user.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletionRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    pub messages: Vec<ChatMessage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_rag: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index_id: Option<String>,
}

/// Token counts of a completion or a conversation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    #[serde(default)]
    pub prompt_tokens: i64,
    #[serde(default)]
    pub completion_tokens: i64,
    #[serde(default)]
    pub total_tokens: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatChoice {
    #[serde(default)]
    pub index: i64,
    #[serde(default)]
    pub message: ChatMessage,
    #[serde(default)]
    pub finish_reason: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletion {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub object: String,
    /// Unix seconds.
    #[serde(default)]
    pub created: i64,
    #[serde(default)]
    pub model: String,
    #[serde(default)]
    pub choices: Vec<ChatChoice>,
    #[serde(default)]
    pub usage: Usage,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The wire shape of [`ChatMessage`].
pub const CHAT_MESSAGE_FIELDS: &[Field] = &[req("role", Kind::Str), req("content", Kind::Str)];

/// The wire shape of [`ChatCompletionRequest`].
pub const CHAT_COMPLETION_FIELDS: &[Field] = &[
    opt("model", Kind::Str),
    req("messages", Kind::Objects(CHAT_MESSAGE_FIELDS)),
    opt("use_rag", Kind::Bool),
    opt("index_id", Kind::Str),
];

fn valid_messages(body: &Map<String, Value>) -> Result<(), Error> {
    fn role(m: &Value) -> &str {
        m.get("role").and_then(Value::as_str).unwrap_or("")
    }
    let messages = body.get("messages").and_then(Value::as_array);
    let Some(last) = messages.and_then(|m| m.last()) else {
        return Err(Error::invalid("messages must not be empty"));
    };
    if messages
        .into_iter()
        .flatten()
        .any(|m| role(m).trim().is_empty())
    {
        return Err(Error::invalid("every message needs a role"));
    }
    if role(last) != "user" {
        return Err(Error::invalid("the last message must have role \"user\""));
    }
    if is_empty_str(body, "index_id") {
        return Err(Error::invalid("index_id must not be empty when set"));
    }
    Ok(())
}

pub const CHAT_COMPLETION: Endpoint =
    Endpoint::new("chatCompletion", Method::Post, "chat/completions").body_ruled(
        "chatCompletion input",
        CHAT_COMPLETION_FIELDS,
        valid_messages,
    );

pub mod calls {
    use super::*;

    pub fn chat_completion(input: &ChatCompletionRequest) -> Result<Call, Error> {
        chat_completion_body(to_object(input)?)
    }

    pub fn chat_completion_body(body: Map<String, Value>) -> Result<Call, Error> {
        CHAT_COMPLETION.call(&[], Some(body))
    }
}

#[cfg(target_arch = "wasm32")]
impl crate::client::Client {
    /// `POST /chat/completions`.
    pub async fn chat_completion(
        &self,
        input: &ChatCompletionRequest,
    ) -> Result<ChatCompletion, Error> {
        self.json(calls::chat_completion(input)?).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_the_struct() {
        let full = ChatCompletionRequest {
            model: Some("m".into()),
            messages: vec![ChatMessage {
                role: "user".into(),
                content: "hi".into(),
            }],
            use_rag: Some(true),
            index_id: Some("i".into()),
        };
        crate::api::fields::testing::assert_matches(
            &full,
            CHAT_COMPLETION_FIELDS,
            "chatCompletion input",
        );
        let bad = serde_json::json!({"messages": [{"role": "user"}]});
        let Value::Object(bad) = bad else {
            unreachable!()
        };
        let err = calls::chat_completion_body(bad).unwrap_err().to_string();
        assert!(
            err.contains("chatCompletion input: messages[0].content is required"),
            "{err}"
        );
    }
}
