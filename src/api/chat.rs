//! Stateless, OpenAI-style chat completions.

use crate::call::{Call, Method};
use crate::error::Error;
use crate::url::Path;
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

pub mod calls {
    use super::*;

    pub fn chat_completion(input: &ChatCompletionRequest) -> Result<Call, Error> {
        let Some(last) = input.messages.last() else {
            return Err(Error::invalid("messages must not be empty"));
        };
        if input.messages.iter().any(|m| m.role.trim().is_empty()) {
            return Err(Error::invalid("every message needs a role"));
        }
        if last.role != "user" {
            return Err(Error::invalid("the last message must have role \"user\""));
        }
        if input.index_id.as_deref() == Some("") {
            return Err(Error::invalid("index_id must not be empty when set"));
        }
        Call::with_json(
            Method::Post,
            Path::new().lit("chat").lit("completions"),
            input,
        )
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
