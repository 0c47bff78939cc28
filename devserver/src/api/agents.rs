//! Agent sessions, their runs (the scripted agent of [`script`]) and
//! `POST /agents/{id}/input`.

mod script;

use tokio::sync::oneshot;

pub use script::{
    big_text, pick_script, start_run, Script, MAX_BIG_BYTES, MAX_MANY_EVENTS, NON_ASCII,
};

use super::indexes;
use crate::prelude::*;
use crate::sse::StreamShaping;

pub const SYSTEM_PROMPT: &str = "You are a Tavora agent running in the local dev server. \
Think step by step, run JavaScript in the sandbox with execute_js, call tools when useful, \
ask the user with input_request when you need a decision, and finish with a concise Markdown \
response.";

#[derive(Debug, Clone, Default, Serialize)]
pub struct AgentSession {
    pub id: String,
    pub project_id: String,
    pub title: String,
    pub system_prompt: String,
    pub model: String,
    pub tools_config: Value,
    pub metadata: Value,
    pub status: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub index_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_version_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
    pub step_count: i64,
    pub duration_ms: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgentStep {
    pub id: String,
    pub session_id: String,
    pub step_index: i64,
    pub step_type: String,
    pub content: String,
    pub tool_name: String,
    pub tool_args: Value,
    pub duration_ms: i64,
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
    pub created_at: String,
}

/// An `input_request` waiting for `POST /agents/{id}/input`.
#[derive(Debug)]
pub struct PendingInput {
    pub session_id: String,
    pub kind: InputKind,
    pub options: Vec<String>,
    pub sender: Option<oneshot::Sender<Value>>,
    pub resolved: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Confirm,
    Choice,
    Text,
}

impl InputKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Confirm => "confirm",
            InputKind::Choice => "choice",
            InputKind::Text => "text",
        }
    }
}

pub fn routes() -> Api {
    Api::default()
        .get("/agents/system-prompt", system_prompt)
        .post("/agents", crud::create::<AgentSession>)
        .get("/agents", crud::list_newest::<AgentSession>)
        .get("/agents/{id}", get_session)
        .delete("/agents/{id}", crud::delete::<AgentSession>)
        .post("/agents/{id}/run", run_session)
        .post("/agents/{id}/input", submit_input)
}

impl Record for AgentSession {
    const LIST: &'static str = "sessions";
    const SUBJECT: &'static str = SUBJECT;

    fn created_meta(&self) -> Value {
        json!({"session_id": self.id})
    }

    /// Its steps go too, and its runs stop waiting for input.
    fn cascade(d: &mut WorkspaceData, id: &str) -> Value {
        d.steps.remove(id);
        d.pending_inputs.retain(|_, p| p.session_id != id);
        json!({"session_id": id})
    }
}

const SUBJECT: &str = "agent_session";

#[derive(Deserialize)]
pub struct NewSession {
    title: Option<String>,
    system_prompt: Option<String>,
    model: Option<String>,
    tools: Option<Vec<String>>,
    index_ids: Option<Vec<String>>,
    agent_id: Option<String>,
    agent_version_id: Option<String>,
    target: Option<String>,
    #[serde(default)]
    metadata: Value,
}

impl Create for AgentSession {
    type New = NewSession;

    fn create(b: NewSession, ctx: &WorkspaceCtx, d: &WorkspaceData) -> ApiResult<Self> {
        if let Some(t) = b
            .target
            .as_deref()
            .filter(|t| *t != "live" && *t != "draft")
        {
            return invalid(
                "target",
                format!("target must be \"live\" or \"draft\", not {t:?}"),
            );
        }
        let index_ids = b.index_ids.unwrap_or_default();
        // Every index id must belong to this workspace.
        if let Some(bad) = index_ids.iter().find(|i| !indexes::exists(d, i)) {
            return invalid("index_ids", format!("unknown index id {bad}"));
        }
        Ok(AgentSession {
            id: new_id("as"),
            project_id: ctx.workspace_id.clone(),
            title: b.title.unwrap_or_default(),
            system_prompt: b.system_prompt.unwrap_or_default(),
            model: b.model.unwrap_or_else(|| "gemini-2.5-flash".to_string()),
            tools_config: b.tools.map(|t| json!(t)).unwrap_or(Value::Null),
            metadata: b.metadata,
            status: "active".to_string(),
            index_ids,
            agent_id: b.agent_id,
            agent_version_id: b.agent_version_id,
            target: b.target,
            created_at: ctx.now.stamp.clone(),
            updated_at: ctx.now.stamp.clone(),
            ..Default::default()
        })
    }
}

async fn system_prompt() -> Response {
    ok(json!({ "prompt": SYSTEM_PROMPT }))
}

async fn get_session(ctx: WorkspaceCtx, Path(id): Path<String>) -> ApiResult<Response> {
    let mut d = ctx.data();
    let session = to_value(crud::find::<AgentSession>(&mut d, &id)?);
    let steps: Vec<Value> = d
        .steps
        .get(&id)
        .map(|s| s.iter().map(to_value).collect())
        .unwrap_or_default();
    Ok(ok(json!({"session": session, "steps": steps})))
}

#[derive(Deserialize)]
pub struct Input {
    request_id: NonBlank,
    value: Option<Value>,
}

async fn submit_input(
    ctx: WorkspaceCtx,
    Path(id): Path<String>,
    body: Result<JsonBody<Input>, ApiError>,
) -> ApiResult<Response> {
    let mut d = ctx.data();
    crud::find::<AgentSession>(&mut d, &id)?;
    let JsonBody(b) = body?;
    let pending = d
        .pending_inputs
        .get_mut(&b.request_id.0)
        .filter(|p| p.session_id == id)
        .ok_or_else(|| ApiError::not_found("no such input request"))?;
    if pending.resolved {
        return Err(ApiError::conflict(
            "input_already_resolved",
            "this input request was already answered",
        ));
    }
    let value = b
        .value
        .ok_or_else(|| ApiError::invalid_field("value", "value is required"))?;
    let valid = match pending.kind {
        InputKind::Confirm => value.is_boolean(),
        InputKind::Text => value.is_string(),
        InputKind::Choice => value
            .as_str()
            .is_some_and(|v| pending.options.iter().any(|o| o == v)),
    };
    if !valid {
        let want = match pending.kind {
            InputKind::Confirm => "a boolean".to_string(),
            InputKind::Text => "a string".to_string(),
            InputKind::Choice => format!("one of {:?}", pending.options),
        };
        return invalid("value", format!("value must be {want}"));
    }
    pending.resolved = true;
    let delivered = pending
        .sender
        .take()
        .is_some_and(|tx| tx.send(value).is_ok());
    if !delivered {
        return Err(ApiError::conflict(
            "input_not_pending",
            "the run waiting for this input has ended",
        ));
    }
    audit(&mut d, &ctx, "agent_session.input", &id);
    Ok(ok(json!({"ok": true})))
}

#[derive(Deserialize)]
pub struct RunBody {
    message: NonBlank,
}

async fn run_session(
    ctx: WorkspaceCtx,
    Path(id): Path<String>,
    stream: StreamShaping,
    body: Result<JsonBody<RunBody>, ApiError>,
) -> ApiResult<Response> {
    crud::find::<AgentSession>(&mut ctx.data(), &id)?;
    let JsonBody(RunBody { message }) = body?;
    let script = pick_script(&message.0)?;
    audit(&mut ctx.data(), &ctx, "agent_session.run", &id);
    Ok(start_run(ctx, id, message.0, script, stream, Vec::new()))
}

/// Records a call that changed session `id` in the audit log.
fn audit(d: &mut WorkspaceData, ctx: &WorkspaceCtx, action: &str, id: &str) {
    record(d, ctx, action, SUBJECT, id, json!({"session_id": id}));
}

#[cfg(test)]
mod tests;
