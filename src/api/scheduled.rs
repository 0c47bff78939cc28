//! Scheduled runs: a message sent to an agent session on a cron schedule.

use super::fields::{check, encode, get_str, is_blank, opt, req, to_object, Field, Kind};
use crate::call::{Call, Method};
use crate::error::Error;
use crate::url::Path;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScheduledRun {
    pub id: String,
    #[serde(default, alias = "app_id")]
    pub project_id: String,
    #[serde(default)]
    pub agent_session_id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub cron_expression: String,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub last_run_at: Option<String>,
    #[serde(default)]
    pub next_run_at: Option<String>,
    #[serde(default)]
    pub run_count: i64,
    #[serde(default)]
    pub last_error: String,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `POST /scheduled-runs`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateScheduledRun {
    pub agent_session_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub cron_expression: String,
    pub message: String,
}

/// `PATCH /scheduled-runs/{id}`: only what is set changes. Only a cron
/// change recomputes `next_run_at`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateScheduledRun {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cron_expression: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// Five or six space-separated fields, or an `@` shorthand (`@hourly`).
fn check_cron(cron: &str) -> Result<(), Error> {
    let t = cron.trim();
    let fields = t.split_whitespace().count();
    if t.is_empty() || !(t.starts_with('@') || (5..=6).contains(&fields)) {
        return Err(Error::invalid(
            "cron_expression must have 5 or 6 fields (or be an @ shorthand)",
        ));
    }
    Ok(())
}

/// The wire shape of [`CreateScheduledRun`].
pub const CREATE_SCHEDULED_RUN_FIELDS: &[Field] = &[
    req("agent_session_id", Kind::Str),
    opt("name", Kind::Str),
    req("cron_expression", Kind::Str),
    req("message", Kind::Str),
];

/// The wire shape of [`UpdateScheduledRun`].
pub const UPDATE_SCHEDULED_RUN_FIELDS: &[Field] = &[
    opt("name", Kind::Str),
    opt("cron_expression", Kind::Str),
    opt("message", Kind::Str),
    opt("enabled", Kind::Bool),
];

pub mod calls {
    use super::*;

    fn run(id: &str) -> Result<Path, Error> {
        Path::new().lit("scheduled-runs").id("scheduled run id", id)
    }

    pub fn list_scheduled_runs() -> Call {
        Call::get(Path::new().lit("scheduled-runs")).unwrapping("scheduled_runs")
    }

    pub fn create_scheduled_run(input: &CreateScheduledRun) -> Result<Call, Error> {
        create_scheduled_run_body(to_object(input)?)
    }

    pub fn create_scheduled_run_body(body: Map<String, Value>) -> Result<Call, Error> {
        let fields = CREATE_SCHEDULED_RUN_FIELDS;
        let body = check(body, fields, "createScheduledRun input")?;
        if is_blank(&body, "agent_session_id") {
            return Err(Error::invalid("agent_session_id must not be empty"));
        }
        check_cron(get_str(&body, "cron_expression").unwrap_or(""))?;
        if is_blank(&body, "message") {
            return Err(Error::invalid("message must not be empty"));
        }
        Ok(Call::new(Method::Post, Path::new().lit("scheduled-runs"))
            .body_bytes(encode(&body, fields)))
    }

    pub fn get_scheduled_run(id: &str) -> Result<Call, Error> {
        Ok(Call::get(run(id)?))
    }

    pub fn update_scheduled_run(id: &str, input: &UpdateScheduledRun) -> Result<Call, Error> {
        update_scheduled_run_body(id, to_object(input)?)
    }

    pub fn update_scheduled_run_body(id: &str, body: Map<String, Value>) -> Result<Call, Error> {
        let path = run(id)?;
        let fields = UPDATE_SCHEDULED_RUN_FIELDS;
        let body = check(body, fields, "updateScheduledRun input")?;
        if let Some(c) = get_str(&body, "cron_expression") {
            check_cron(c)?;
        }
        if body.contains_key("message") && is_blank(&body, "message") {
            return Err(Error::invalid("message must not be empty when set"));
        }
        Ok(Call::new(Method::Patch, path).body_bytes(encode(&body, fields)))
    }

    pub fn delete_scheduled_run(id: &str) -> Result<Call, Error> {
        Ok(Call::delete(run(id)?))
    }
}

#[cfg(target_arch = "wasm32")]
impl crate::client::Client {
    /// `GET /scheduled-runs`.
    pub async fn list_scheduled_runs(&self) -> Result<Vec<ScheduledRun>, Error> {
        self.json(calls::list_scheduled_runs()).await
    }

    /// `POST /scheduled-runs`.
    pub async fn create_scheduled_run(
        &self,
        input: &CreateScheduledRun,
    ) -> Result<ScheduledRun, Error> {
        self.json(calls::create_scheduled_run(input)?).await
    }

    /// `GET /scheduled-runs/{id}`.
    pub async fn get_scheduled_run(&self, id: &str) -> Result<ScheduledRun, Error> {
        self.json(calls::get_scheduled_run(id)?).await
    }

    /// `PATCH /scheduled-runs/{id}`.
    pub async fn update_scheduled_run(
        &self,
        id: &str,
        input: &UpdateScheduledRun,
    ) -> Result<ScheduledRun, Error> {
        self.json(calls::update_scheduled_run(id, input)?).await
    }

    /// `DELETE /scheduled-runs/{id}`.
    pub async fn delete_scheduled_run(&self, id: &str) -> Result<(), Error> {
        self.empty(calls::delete_scheduled_run(id)?).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::fields::testing::assert_matches;

    #[test]
    fn tables_match_the_structs() {
        assert_matches(
            &CreateScheduledRun {
                agent_session_id: "as_1".into(),
                name: Some("n".into()),
                cron_expression: "0 * * * *".into(),
                message: "m".into(),
            },
            CREATE_SCHEDULED_RUN_FIELDS,
            "createScheduledRun input",
        );
        assert_matches(
            &UpdateScheduledRun {
                name: Some("n".into()),
                cron_expression: Some("@hourly".into()),
                message: Some("m".into()),
                enabled: Some(false),
            },
            UPDATE_SCHEDULED_RUN_FIELDS,
            "updateScheduledRun input",
        );
    }
}
