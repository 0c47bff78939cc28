//! The shape most areas share: records kept in a workspace list, listed,
//! created, read, updated and deleted, every change recorded in the audit
//! log, an unknown id answered with 404 `"<name> not found"`. An area
//! implements [`Record`] (and [`Create`], [`Update`] where it offers them)
//! and routes the handlers below that it serves.

use axum::extract::Path;
use axum::response::Response;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

use super::audit::record;
use super::{not_found, to_value};
use crate::auth::WorkspaceCtx;
pub use crate::clock::Now;
use crate::error::{created, no_content, ok, ApiError, ApiResult};
use crate::extract::{JsonBody, Page};
use crate::state::{AppState, WorkspaceData};

/// A record kept in a workspace list and addressed by its `id`.
pub trait Stored: Serialize + Sized + Send + 'static {
    fn id(&self) -> &str;
    fn items(d: &mut WorkspaceData) -> &mut Vec<Self>;
}

macro_rules! stored {
    ($($t:ty => $field:ident),* $(,)?) => {$(
        impl Stored for $t {
            fn id(&self) -> &str {
                &self.id
            }
            fn items(d: &mut WorkspaceData) -> &mut Vec<Self> {
                &mut d.$field
            }
        }
    )*};
}

stored!(
    super::agents::AgentSession => sessions,
    super::configs::AgentConfig => agent_configs,
    super::conversations::Conversation => conversations,
    super::evals::EvalCase => eval_cases,
    super::evals::EvalRun => eval_runs,
    super::evals::EvalSuite => eval_suites,
    super::indexes::Index => indexes,
    super::scheduled::ScheduledRun => scheduled_runs,
    super::skills::Skill => skills,
    super::templates::PromptTemplate => templates,
    super::vaults::SecretVault => vaults,
);

/// How an area serves a [`Stored`] record.
pub trait Record: Stored {
    /// The audit log's subject type (`prompt_template`); with spaces for
    /// `_`, it names the record in 404s (`prompt template not found`).
    const SUBJECT: &'static str;
    /// The prefix of its audit actions (`prompt_template.create`).
    const ACTION: &'static str = Self::SUBJECT;
    /// The key of the list answer `{KEY: [...]}`; empty answers a bare array.
    const LIST: &'static str = "";

    /// Checked before anything else (e.g. 503 without vault encryption).
    fn available(_state: &AppState) -> ApiResult<()> {
        Ok(())
    }
    /// The answer of `GET …/{id}`.
    fn view(&self) -> Value {
        to_value(self)
    }
    /// The audit metadata of its creation.
    fn created_meta(&self) -> Value {
        json!({})
    }
    /// Removes what hangs off a deleted record; returns the delete's audit metadata.
    fn cascade(_d: &mut WorkspaceData, _id: &str) -> Value {
        json!({})
    }
}

pub trait Create: Record {
    type New: DeserializeOwned + Send;
    /// Builds the record, or refuses the body (400, 409) given the workspace's data.
    fn create(new: Self::New, ctx: &WorkspaceCtx, d: &WorkspaceData) -> ApiResult<Self>;
}

pub trait Update: Record {
    type Patch: DeserializeOwned + Send;
    /// Applies the body, checking it all before changing anything.
    fn update(&mut self, patch: Self::Patch, now: &Now) -> ApiResult<()>;
}

/// The record `id`, or 404.
pub fn find<'a, R: Record>(d: &'a mut WorkspaceData, id: &str) -> ApiResult<&'a mut R> {
    R::items(d)
        .iter_mut()
        .find(|x| x.id() == id)
        .ok_or_else(|| not_found(&R::SUBJECT.replace('_', " ")))
}

fn audit<R: Record>(d: &mut WorkspaceData, ctx: &WorkspaceCtx, verb: &str, id: &str, meta: Value) {
    let action = format!("{}.{verb}", R::ACTION);
    record(d, ctx, &action, R::SUBJECT, id, meta);
}

fn listed<R: Record>(items: Vec<Value>) -> Value {
    match R::LIST {
        "" => Value::Array(items),
        key => json!({ key: items }),
    }
}

/// `GET /things`, in creation order.
pub async fn list<R: Record>(ctx: WorkspaceCtx) -> ApiResult<Response> {
    R::available(&ctx.state)?;
    let mut d = ctx.data();
    let items = R::items(&mut d);
    Ok(ok(listed::<R>(items.iter().map(to_value).collect())))
}

/// `GET /things?limit=&offset=`, newest first.
pub async fn list_newest<R: Record>(ctx: WorkspaceCtx, page: Page) -> ApiResult<Response> {
    R::available(&ctx.state)?;
    let mut d = ctx.data();
    let items = R::items(&mut d);
    Ok(ok(listed::<R>(
        page.apply(items.iter().rev().map(to_value)),
    )))
}

/// `GET /things/{id}`.
pub async fn get<R: Record>(ctx: WorkspaceCtx, Path(id): Path<String>) -> ApiResult<Response> {
    R::available(&ctx.state)?;
    find::<R>(&mut ctx.data(), &id).map(|r| ok(r.view()))
}

/// `POST /things`: 201 with the bare record.
pub async fn create<R: Create>(
    ctx: WorkspaceCtx,
    body: Result<JsonBody<R::New>, ApiError>,
) -> ApiResult<Response> {
    R::available(&ctx.state)?;
    let JsonBody(new) = body?;
    let mut d = ctx.data();
    let rec = R::create(new, &ctx, &d)?;
    let body = to_value(&rec);
    audit::<R>(&mut d, &ctx, "create", rec.id(), rec.created_meta());
    R::items(&mut d).push(rec);
    Ok(created(body))
}

/// `PATCH /things/{id}`: the bare record. An unknown id is a 404 before the
/// body is looked at.
pub async fn update<R: Update>(
    ctx: WorkspaceCtx,
    Path(id): Path<String>,
    body: Result<JsonBody<R::Patch>, ApiError>,
) -> ApiResult<Response> {
    R::available(&ctx.state)?;
    let mut d = ctx.data();
    let rec = find::<R>(&mut d, &id)?;
    let JsonBody(patch) = body?;
    rec.update(patch, &ctx.now)?;
    let body = to_value(&*rec);
    audit::<R>(&mut d, &ctx, "update", &id, json!({}));
    Ok(ok(body))
}

/// `DELETE /things/{id}`: 204.
pub async fn delete<R: Record>(ctx: WorkspaceCtx, Path(id): Path<String>) -> ApiResult<Response> {
    R::available(&ctx.state)?;
    let mut d = ctx.data();
    let items = R::items(&mut d);
    let at = items
        .iter()
        .position(|x| x.id() == id)
        .ok_or_else(|| not_found(&R::SUBJECT.replace('_', " ")))?;
    items.remove(at);
    let meta = R::cascade(&mut d, &id);
    audit::<R>(&mut d, &ctx, "delete", &id, meta);
    Ok(no_content())
}
