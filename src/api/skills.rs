//! Skills (read-only; they arrive through source sync), the skill linter
//! and the live authoring guide.

use super::endpoint::Endpoint;
use super::fields::{is_blank, is_empty_str, opt, req, to_object, Field, Kind};
use crate::call::{Answer, Call, Method};
use crate::error::Error;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Skill {
    pub id: String,
    #[serde(default, alias = "app_id")]
    pub project_id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// `prompt`, `webhook`, `module` or `mcp`.
    #[serde(default, rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub prompt: String,
    #[serde(default)]
    pub config: Value,
    #[serde(default)]
    pub parameters: Value,
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `POST /skills/validate`. The contract does not name the fields; this
/// SDK sends `{"source": <JS or Markdown text>, "type"?: "module"|"prompt"}`
/// and returns the answer as JSON, unread.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ValidateSkill {
    pub source: String,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

/// The wire shape of [`ValidateSkill`].
pub const VALIDATE_SKILL_FIELDS: &[Field] = &[req("source", Kind::Str), opt("type", Kind::Str)];

fn valid_skill(body: &Map<String, Value>) -> Result<(), Error> {
    if is_blank(body, "source") {
        return Err(Error::invalid("source must not be empty"));
    }
    if is_empty_str(body, "type") {
        return Err(Error::invalid("type must not be empty when set"));
    }
    Ok(())
}

pub const LIST_SKILLS: Endpoint = Endpoint::get("listSkills", "skills").unwrapping("skills");
pub const GET_SKILL: Endpoint = Endpoint::get("getSkill", "skills/{skill id}");
pub const VALIDATE_SKILL: Endpoint = Endpoint::new(
    "validateSkill",
    Method::Post,
    "skills/validate",
)
.body_ruled("validateSkill input", VALIDATE_SKILL_FIELDS, valid_skill);
/// Markdown text, not JSON.
pub const GET_SKILL_AUTHORING_GUIDE: Endpoint =
    Endpoint::get("getSkillAuthoringGuide", "skills/authoring-guide").answering(Answer::Raw);

pub mod calls {
    use super::*;

    pub fn list_skills() -> Call {
        LIST_SKILLS.fixed()
    }

    pub fn get_skill(id: &str) -> Result<Call, Error> {
        GET_SKILL.call(&[id], None)
    }

    pub fn validate_skill(input: &ValidateSkill) -> Result<Call, Error> {
        validate_skill_body(to_object(input)?)
    }

    pub fn validate_skill_body(body: Map<String, Value>) -> Result<Call, Error> {
        VALIDATE_SKILL.call(&[], Some(body))
    }

    pub fn get_skill_authoring_guide() -> Call {
        GET_SKILL_AUTHORING_GUIDE.fixed().accepting("text/markdown")
    }
}

#[cfg(target_arch = "wasm32")]
impl crate::client::Client {
    /// `GET /skills`.
    pub async fn list_skills(&self) -> Result<Vec<Skill>, Error> {
        self.json(calls::list_skills()).await
    }

    /// `GET /skills/{id}`.
    pub async fn get_skill(&self, id: &str) -> Result<Skill, Error> {
        self.json(calls::get_skill(id)?).await
    }

    /// `POST /skills/validate` (answer shape unspecified: JSON as sent).
    pub async fn validate_skill(&self, input: &ValidateSkill) -> Result<Value, Error> {
        self.json(calls::validate_skill(input)?).await
    }

    /// `GET /skills/authoring-guide`: Markdown.
    pub async fn get_skill_authoring_guide(&self) -> Result<String, Error> {
        let call = calls::get_skill_authoring_guide();
        let bytes = self.bytes(call.clone()).await?;
        String::from_utf8(bytes).map_err(|_| Error::decode(&call.route_name(), "not UTF-8 text"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_the_struct() {
        crate::api::fields::testing::assert_matches(
            &ValidateSkill {
                source: "export default {}".into(),
                kind: Some("module".into()),
            },
            VALIDATE_SKILL_FIELDS,
            "validateSkill input",
        );
    }
}
