//! Prompt templates.

use super::endpoint::Endpoint;
use super::fields::{get_str, is_blank, opt, req, to_object, Field, Kind};
use crate::call::{Call, Method};
use crate::error::Error;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PromptTemplate {
    pub id: String,
    #[serde(default, alias = "app_id")]
    pub project_id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub content: String,
    /// Sent as a string array; kept as JSON when read.
    #[serde(default)]
    pub variables: Value,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `POST /prompt-templates` and `PATCH /prompt-templates/{id}` (the
/// update sends `name` and `content` too: the wire requires both).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PromptTemplateInput {
    pub name: String,
    pub content: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variables: Option<Vec<String>>,
}

/// The wire shape of [`PromptTemplateInput`].
pub const PROMPT_TEMPLATE_FIELDS: &[Field] = &[
    req("name", Kind::Str),
    req("content", Kind::Str),
    opt("variables", Kind::Strings),
];

fn valid_template(body: &Map<String, Value>) -> Result<(), Error> {
    if is_blank(body, "name") {
        return Err(Error::invalid("name must not be empty"));
    }
    if get_str(body, "content").unwrap_or("").is_empty() {
        return Err(Error::invalid("content must not be empty"));
    }
    Ok(())
}

pub const LIST_PROMPT_TEMPLATES: Endpoint =
    Endpoint::get("listPromptTemplates", "prompt-templates").unwrapping("templates");
pub const CREATE_PROMPT_TEMPLATE: Endpoint =
    Endpoint::new("createPromptTemplate", Method::Post, "prompt-templates").body_ruled(
        "createPromptTemplate input",
        PROMPT_TEMPLATE_FIELDS,
        valid_template,
    );
pub const GET_PROMPT_TEMPLATE: Endpoint =
    Endpoint::get("getPromptTemplate", "prompt-templates/{template id}");
pub const UPDATE_PROMPT_TEMPLATE: Endpoint = Endpoint::new(
    "updatePromptTemplate",
    Method::Patch,
    "prompt-templates/{template id}",
)
.body_ruled(
    "updatePromptTemplate input",
    PROMPT_TEMPLATE_FIELDS,
    valid_template,
);
pub const DELETE_PROMPT_TEMPLATE: Endpoint =
    Endpoint::delete("deletePromptTemplate", "prompt-templates/{template id}");

pub mod calls {
    use super::*;

    pub fn list_prompt_templates() -> Call {
        LIST_PROMPT_TEMPLATES.fixed()
    }

    pub fn create_prompt_template(input: &PromptTemplateInput) -> Result<Call, Error> {
        create_prompt_template_body(to_object(input)?)
    }

    pub fn create_prompt_template_body(body: Map<String, Value>) -> Result<Call, Error> {
        CREATE_PROMPT_TEMPLATE.call(&[], Some(body))
    }

    pub fn get_prompt_template(id: &str) -> Result<Call, Error> {
        GET_PROMPT_TEMPLATE.call(&[id], None)
    }

    pub fn update_prompt_template(id: &str, input: &PromptTemplateInput) -> Result<Call, Error> {
        update_prompt_template_body(id, to_object(input)?)
    }

    pub fn update_prompt_template_body(id: &str, body: Map<String, Value>) -> Result<Call, Error> {
        UPDATE_PROMPT_TEMPLATE.call(&[id], Some(body))
    }

    pub fn delete_prompt_template(id: &str) -> Result<Call, Error> {
        DELETE_PROMPT_TEMPLATE.call(&[id], None)
    }
}

#[cfg(target_arch = "wasm32")]
impl crate::client::Client {
    /// `GET /prompt-templates`.
    pub async fn list_prompt_templates(&self) -> Result<Vec<PromptTemplate>, Error> {
        self.json(calls::list_prompt_templates()).await
    }

    /// `POST /prompt-templates`.
    pub async fn create_prompt_template(
        &self,
        input: &PromptTemplateInput,
    ) -> Result<PromptTemplate, Error> {
        self.json(calls::create_prompt_template(input)?).await
    }

    /// `GET /prompt-templates/{id}`.
    pub async fn get_prompt_template(&self, id: &str) -> Result<PromptTemplate, Error> {
        self.json(calls::get_prompt_template(id)?).await
    }

    /// `PATCH /prompt-templates/{id}`.
    pub async fn update_prompt_template(
        &self,
        id: &str,
        input: &PromptTemplateInput,
    ) -> Result<PromptTemplate, Error> {
        self.json(calls::update_prompt_template(id, input)?).await
    }

    /// `DELETE /prompt-templates/{id}`.
    pub async fn delete_prompt_template(&self, id: &str) -> Result<(), Error> {
        self.empty(calls::delete_prompt_template(id)?).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_the_struct() {
        crate::api::fields::testing::assert_matches(
            &PromptTemplateInput {
                name: "n".into(),
                content: "Hello {{who}}".into(),
                variables: Some(vec!["who".into()]),
            },
            PROMPT_TEMPLATE_FIELDS,
            "createPromptTemplate input",
        );
    }
}
