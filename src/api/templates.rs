//! Prompt templates.

use super::fields::{check, encode, get_str, is_blank, opt, req, to_object, Field, Kind};
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

/// The wire shape of [`PromptTemplateInput`].
pub const PROMPT_TEMPLATE_FIELDS: &[Field] = &[
    req("name", Kind::Str),
    req("content", Kind::Str),
    opt("variables", Kind::Strings),
];

fn checked(body: Map<String, Value>, what: &str) -> Result<Vec<u8>, Error> {
    let body = check(body, PROMPT_TEMPLATE_FIELDS, what)?;
    if is_blank(&body, "name") {
        return Err(Error::invalid("name must not be empty"));
    }
    if get_str(&body, "content").unwrap_or("").is_empty() {
        return Err(Error::invalid("content must not be empty"));
    }
    Ok(encode(&body, PROMPT_TEMPLATE_FIELDS))
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
        create_prompt_template_body(to_object(input)?)
    }

    pub fn create_prompt_template_body(body: Map<String, Value>) -> Result<Call, Error> {
        let bytes = checked(body, "createPromptTemplate input")?;
        Ok(Call::new(Method::Post, Path::new().lit("prompt-templates")).body_bytes(bytes))
    }

    pub fn get_prompt_template(id: &str) -> Result<Call, Error> {
        Ok(Call::get(template(id)?))
    }

    pub fn update_prompt_template(id: &str, input: &PromptTemplateInput) -> Result<Call, Error> {
        update_prompt_template_body(id, to_object(input)?)
    }

    pub fn update_prompt_template_body(id: &str, body: Map<String, Value>) -> Result<Call, Error> {
        let path = template(id)?;
        let bytes = checked(body, "updatePromptTemplate input")?;
        Ok(Call::new(Method::Patch, path).body_bytes(bytes))
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
