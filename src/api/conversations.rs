//! Stored conversations and their messages.

use super::chat::Usage;
use super::endpoint::Endpoint;
use super::fields::{is_blank, is_empty_str, opt, req, to_object, Field, Kind};
use super::ListOptions;
use crate::call::{Call, Method};
use crate::error::Error;
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

/// The wire shape of [`CreateConversation`].
pub const CREATE_CONVERSATION_FIELDS: &[Field] = &[
    opt("title", Kind::Str),
    opt("system_prompt", Kind::Str),
    opt("model", Kind::Str),
    opt("metadata", Kind::Any),
];

/// The wire shape of [`SendMessage`].
pub const SEND_MESSAGE_FIELDS: &[Field] = &[
    req("content", Kind::Str),
    opt("use_rag", Kind::Bool),
    opt("index_id", Kind::Str),
];

fn valid_message(body: &Map<String, Value>) -> Result<(), Error> {
    if is_blank(body, "content") {
        return Err(Error::invalid("content must not be empty"));
    }
    if is_empty_str(body, "index_id") {
        return Err(Error::invalid("index_id must not be empty when set"));
    }
    Ok(())
}

pub const CREATE_CONVERSATION: Endpoint =
    Endpoint::new("createConversation", Method::Post, "conversations")
        .body("createConversation input", CREATE_CONVERSATION_FIELDS);
pub const LIST_CONVERSATIONS: Endpoint =
    Endpoint::get("listConversations", "conversations").unwrapping("conversations");
pub const GET_CONVERSATION: Endpoint =
    Endpoint::get("getConversation", "conversations/{conversation id}");
pub const DELETE_CONVERSATION: Endpoint =
    Endpoint::delete("deleteConversation", "conversations/{conversation id}");
pub const SEND_MESSAGE: Endpoint = Endpoint::new(
    "sendMessage",
    Method::Post,
    "conversations/{conversation id}/messages",
)
.body_ruled("sendMessage input", SEND_MESSAGE_FIELDS, valid_message);

pub mod calls {
    use super::*;

    pub fn create_conversation(input: &CreateConversation) -> Result<Call, Error> {
        create_conversation_body(to_object(input)?)
    }

    pub fn create_conversation_body(body: Map<String, Value>) -> Result<Call, Error> {
        CREATE_CONVERSATION.call(&[], Some(body))
    }

    pub fn list_conversations(opts: ListOptions) -> Result<Call, Error> {
        LIST_CONVERSATIONS.call_at(opts.apply(LIST_CONVERSATIONS.path(&[])?)?, None)
    }

    pub fn get_conversation(id: &str) -> Result<Call, Error> {
        GET_CONVERSATION.call(&[id], None)
    }

    pub fn delete_conversation(id: &str) -> Result<Call, Error> {
        DELETE_CONVERSATION.call(&[id], None)
    }

    pub fn send_message(id: &str, input: &SendMessage) -> Result<Call, Error> {
        send_message_body(id, to_object(input)?)
    }

    pub fn send_message_body(id: &str, body: Map<String, Value>) -> Result<Call, Error> {
        SEND_MESSAGE.call(&[id], Some(body))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::fields::testing::assert_matches;

    #[test]
    fn tables_match_the_structs() {
        assert_matches(
            &CreateConversation {
                title: Some("t".into()),
                system_prompt: Some("s".into()),
                model: Some("m".into()),
                metadata: Some(serde_json::json!({"k": [1]})),
            },
            CREATE_CONVERSATION_FIELDS,
            "createConversation input",
        );
        assert_matches(
            &SendMessage {
                content: "c".into(),
                use_rag: Some(true),
                index_id: Some("i".into()),
            },
            SEND_MESSAGE_FIELDS,
            "sendMessage input",
        );
    }
}
