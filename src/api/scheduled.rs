//! Scheduled runs: a message sent to an agent session on a cron schedule.

use super::endpoint::Endpoint;
use super::fields::{get_str, is_blank, opt, req, to_object, Field, Kind};
use crate::call::{Call, Method};
use crate::error::Error;
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

fn valid_new_run(body: &Map<String, Value>) -> Result<(), Error> {
    if is_blank(body, "agent_session_id") {
        return Err(Error::invalid("agent_session_id must not be empty"));
    }
    check_cron(get_str(body, "cron_expression").unwrap_or(""))?;
    if is_blank(body, "message") {
        return Err(Error::invalid("message must not be empty"));
    }
    Ok(())
}

fn valid_run_update(body: &Map<String, Value>) -> Result<(), Error> {
    if let Some(c) = get_str(body, "cron_expression") {
        check_cron(c)?;
    }
    if body.contains_key("message") && is_blank(body, "message") {
        return Err(Error::invalid("message must not be empty when set"));
    }
    Ok(())
}

pub const LIST_SCHEDULED_RUNS: Endpoint =
    Endpoint::get("listScheduledRuns", "scheduled-runs").unwrapping("scheduled_runs");
pub const CREATE_SCHEDULED_RUN: Endpoint =
    Endpoint::new("createScheduledRun", Method::Post, "scheduled-runs").body_ruled(
        "createScheduledRun input",
        CREATE_SCHEDULED_RUN_FIELDS,
        valid_new_run,
    );
pub const GET_SCHEDULED_RUN: Endpoint =
    Endpoint::get("getScheduledRun", "scheduled-runs/{scheduled run id}");
pub const UPDATE_SCHEDULED_RUN: Endpoint = Endpoint::new(
    "updateScheduledRun",
    Method::Patch,
    "scheduled-runs/{scheduled run id}",
)
.body_ruled(
    "updateScheduledRun input",
    UPDATE_SCHEDULED_RUN_FIELDS,
    valid_run_update,
);
pub const DELETE_SCHEDULED_RUN: Endpoint =
    Endpoint::delete("deleteScheduledRun", "scheduled-runs/{scheduled run id}");

pub mod calls {
    use super::*;

    pub fn list_scheduled_runs() -> Call {
        LIST_SCHEDULED_RUNS.fixed()
    }

    pub fn create_scheduled_run(input: &CreateScheduledRun) -> Result<Call, Error> {
        create_scheduled_run_body(to_object(input)?)
    }

    pub fn create_scheduled_run_body(body: Map<String, Value>) -> Result<Call, Error> {
        CREATE_SCHEDULED_RUN.call(&[], Some(body))
    }

    pub fn get_scheduled_run(id: &str) -> Result<Call, Error> {
        GET_SCHEDULED_RUN.call(&[id], None)
    }

    pub fn update_scheduled_run(id: &str, input: &UpdateScheduledRun) -> Result<Call, Error> {
        update_scheduled_run_body(id, to_object(input)?)
    }

    pub fn update_scheduled_run_body(id: &str, body: Map<String, Value>) -> Result<Call, Error> {
        UPDATE_SCHEDULED_RUN.call(&[id], Some(body))
    }

    pub fn delete_scheduled_run(id: &str) -> Result<Call, Error> {
        DELETE_SCHEDULED_RUN.call(&[id], None)
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
