//! Stored conversations and their messages.

use super::chat::Usage;
use super::ListOptions;
use crate::call::{Call, Method};
use crate::error::Error;
use crate::url::Path;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    pub id: String,
    #[serde(default, alias = "app_id")]
    pub project_id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub system_prompt: String,
    #[serde(default)]
    pub model: String,
    #[serde(default)]
    pub metadata: Value,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ConversationMessage {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub conversation_id: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub created_at: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /conversations/{id}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ConversationDetail {
    pub conversation: Conversation,
    #[serde(default)]
    pub messages: Vec<ConversationMessage>,
    #[serde(default)]
    pub token_usage: Option<Usage>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `POST /conversations`; every field optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateConversation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system_prompt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
}

/// `POST /conversations/{id}/messages`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SendMessage {
    pub content: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_rag: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index_id: Option<String>,
}

/// The user's message as stored, the assistant's reply, and the tokens used.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SendMessageResult {
    pub user_message: ConversationMessage,
    pub message: ConversationMessage,
    #[serde(default)]
    pub token_usage: Usage,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

pub mod calls {
    use super::*;

    fn conversation(id: &str) -> Result<Path, Error> {
        Path::new().lit("conversations").id("conversation id", id)
    }

    pub fn create_conversation(input: &CreateConversation) -> Result<Call, Error> {
        Call::with_json(Method::Post, Path::new().lit("conversations"), input)
    }

    pub fn list_conversations(opts: ListOptions) -> Result<Call, Error> {
        Ok(Call::get(opts.apply(Path::new().lit("conversations"))?).unwrapping("conversations"))
    }

    pub fn get_conversation(id: &str) -> Result<Call, Error> {
        Ok(Call::get(conversation(id)?))
    }

    pub fn delete_conversation(id: &str) -> Result<Call, Error> {
        Ok(Call::delete(conversation(id)?))
    }

    pub fn send_message(id: &str, input: &SendMessage) -> Result<Call, Error> {
        if input.content.trim().is_empty() {
            return Err(Error::invalid("content must not be empty"));
        }
        if input.index_id.as_deref() == Some("") {
            return Err(Error::invalid("index_id must not be empty when set"));
        }
        Call::with_json(Method::Post, conversation(id)?.lit("messages"), input)
    }
}

#[cfg(target_arch = "wasm32")]
impl crate::client::Client {
    /// `POST /conversations`.
    pub async fn create_conversation(
        &self,
        input: &CreateConversation,
    ) -> Result<Conversation, Error> {
        self.json(calls::create_conversation(input)?).await
    }

    /// `GET /conversations`.
    pub async fn list_conversations(&self, opts: ListOptions) -> Result<Vec<Conversation>, Error> {
        self.json(calls::list_conversations(opts)?).await
    }

    /// `GET /conversations/{id}`: the conversation with its messages.
    pub async fn get_conversation(&self, id: &str) -> Result<ConversationDetail, Error> {
        self.json(calls::get_conversation(id)?).await
    }

    /// `DELETE /conversations/{id}`.
    pub async fn delete_conversation(&self, id: &str) -> Result<(), Error> {
        self.empty(calls::delete_conversation(id)?).await
    }

    /// `POST /conversations/{id}/messages`.
    pub async fn send_message(
        &self,
        id: &str,
        input: &SendMessage,
    ) -> Result<SendMessageResult, Error> {
        self.json(calls::send_message(id, input)?).await
    }
}
