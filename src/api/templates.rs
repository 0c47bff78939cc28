//! Prompt templates.

use crate::call::{Call, Method};
use crate::error::Error;
use crate::url::Path;
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

fn check(input: &PromptTemplateInput) -> Result<(), Error> {
    if input.name.trim().is_empty() {
        return Err(Error::invalid("name must not be empty"));
    }
    if input.content.is_empty() {
        return Err(Error::invalid("content must not be empty"));
    }
    Ok(())
}

pub mod calls {
    use super::*;

    fn template(id: &str) -> Result<Path, Error> {
        Path::new().lit("prompt-templates").id("template id", id)
    }

    pub fn list_prompt_templates() -> Call {
        Call::get(Path::new().lit("prompt-templates")).unwrapping("templates")
    }

    pub fn create_prompt_template(input: &PromptTemplateInput) -> Result<Call, Error> {
        check(input)?;
        Call::with_json(Method::Post, Path::new().lit("prompt-templates"), input)
    }

    pub fn get_prompt_template(id: &str) -> Result<Call, Error> {
        Ok(Call::get(template(id)?))
    }

    pub fn update_prompt_template(id: &str, input: &PromptTemplateInput) -> Result<Call, Error> {
        let path = template(id)?;
        check(input)?;
        Call::with_json(Method::Patch, path, input)
    }

    pub fn delete_prompt_template(id: &str) -> Result<Call, Error> {
        Ok(Call::delete(template(id)?))
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
