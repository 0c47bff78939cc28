//! Session forensics: the enriched trace, replay from a step (a streaming
//! run, like `run_agent`, in a **new** session) and AI fix analysis.

use super::agents::AgentSession;
use super::endpoint::Endpoint;
use super::fields::{get_i64, is_blank, is_empty_str, opt, req, to_object, Field, Kind};
use crate::call::{Answer, Call, Method};
use crate::error::Error;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StudioTrace {
    pub session: AgentSession,
    /// Raw step objects; their shape depends on `step_type`.
    #[serde(default)]
    pub steps: Vec<Value>,
    #[serde(default)]
    pub system_prompt: String,
    #[serde(default)]
    pub tools: Vec<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `POST /studio/{sessionID}/replay`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReplayRequest {
    pub from_step: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system_prompt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// `POST /studio/{sessionID}/analyze`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AnalyzeFixRequest {
    pub failed_steps: Vec<i64>,
    pub expected_outcome: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SuggestedEvalCase {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub prompt: String,
    #[serde(default)]
    pub criteria: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AnalyzeFixResult {
    #[serde(default)]
    pub prompt_changes: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eval_case: Option<SuggestedEvalCase>,
    #[serde(default)]
    pub reasoning: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The new session's id announced by a `replay_started` event (wire contract §10.13):
/// a top-level `session_id`, else `args.session_id`, else the `content`.
pub fn replay_started_id(event: &Value) -> Option<String> {
    if event.get("type").and_then(Value::as_str) != Some("replay_started") {
        return None;
    }
    let pick = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    pick(event.get("session_id"))
        .or_else(|| pick(event.get("args").and_then(|a| a.get("session_id"))))
        .or_else(|| pick(event.get("content")))
}

/// The wire shape of [`ReplayRequest`].
pub const REPLAY_FIELDS: &[Field] = &[
    req("from_step", Kind::Int),
    opt("system_prompt", Kind::Str),
    opt("message", Kind::Str),
];

/// The wire shape of [`AnalyzeFixRequest`].
pub const ANALYZE_FIX_FIELDS: &[Field] = &[
    req("failed_steps", Kind::Ints),
    req("expected_outcome", Kind::Str),
];

fn valid_replay(body: &Map<String, Value>) -> Result<(), Error> {
    if get_i64(body, "from_step").is_some_and(|s| s < 0) {
        return Err(Error::invalid("from_step must not be negative"));
    }
    if is_empty_str(body, "message") {
        return Err(Error::invalid("message must not be empty when set"));
    }
    Ok(())
}

fn valid_fix_request(body: &Map<String, Value>) -> Result<(), Error> {
    if is_blank(body, "expected_outcome") {
        return Err(Error::invalid("expected_outcome must not be empty"));
    }
    let steps = body.get("failed_steps").and_then(Value::as_array);
    if steps
        .into_iter()
        .flatten()
        .any(|s| s.as_i64().is_some_and(|s| s < 0))
    {
        return Err(Error::invalid("failed_steps must not be negative"));
    }
    Ok(())
}

pub const GET_STUDIO_TRACE: Endpoint = Endpoint::get("getStudioTrace", "studio/{session id}");
/// A streaming call (`Accept: text/event-stream`).
pub const REPLAY_FROM_STEP: Endpoint =
    Endpoint::new("replayFromStep", Method::Post, "studio/{session id}/replay")
        .body_ruled("replayFromStep input", REPLAY_FIELDS, valid_replay)
        .answering(Answer::Stream);
pub const ANALYZE_FIX: Endpoint = Endpoint::new(
    "analyzeFix",
    Method::Post,
    "studio/{session id}/analyze",
)
.body_ruled("analyzeFix input", ANALYZE_FIX_FIELDS, valid_fix_request);

pub mod calls {
    use super::*;

    pub fn get_studio_trace(session_id: &str) -> Result<Call, Error> {
        GET_STUDIO_TRACE.call(&[session_id], None)
    }

    pub fn replay_from_step(session_id: &str, input: &ReplayRequest) -> Result<Call, Error> {
        replay_from_step_body(session_id, to_object(input)?)
    }

    pub fn replay_from_step_body(
        session_id: &str,
        body: Map<String, Value>,
    ) -> Result<Call, Error> {
        REPLAY_FROM_STEP.call(&[session_id], Some(body))
    }

    pub fn analyze_fix(session_id: &str, input: &AnalyzeFixRequest) -> Result<Call, Error> {
        analyze_fix_body(session_id, to_object(input)?)
    }

    pub fn analyze_fix_body(session_id: &str, body: Map<String, Value>) -> Result<Call, Error> {
        ANALYZE_FIX.call(&[session_id], Some(body))
    }
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::*;
    use crate::client::Client;
    use crate::run::{AgentEvent, RunSummary};
    use web_sys::AbortSignal;

    impl Client {
        /// `GET /studio/{sessionID}`.
        pub async fn get_studio_trace(&self, session_id: &str) -> Result<StudioTrace, Error> {
            self.json(calls::get_studio_trace(session_id)?).await
        }

        /// `POST /studio/{sessionID}/replay`: streams the replay exactly like
        /// [`run_agent`](Client::run_agent). The summary's `session_id` is
        /// the **new** session (taken from a `replay_started` event when
        /// the `done` summary lacks it).
        pub async fn replay_from_step(
            &self,
            session_id: &str,
            input: &ReplayRequest,
            mut on_event: impl FnMut(&str, &AgentEvent),
            signal: Option<AbortSignal>,
        ) -> Result<RunSummary, Error> {
            let call = calls::replay_from_step(session_id, input)?;
            let mut started: Option<String> = None;
            let mut summary = self
                .run_call(
                    &call,
                    |name, ev| {
                        if ev.kind == "replay_started" {
                            if let Ok(v) = serde_json::to_value(ev) {
                                started = replay_started_id(&v).or(started.take());
                            }
                        }
                        on_event(name, ev)
                    },
                    signal,
                )
                .await?;
            if summary.session_id.is_empty() {
                summary.session_id = started.unwrap_or_default();
            }
            Ok(summary)
        }

        /// `POST /studio/{sessionID}/analyze`.
        pub async fn analyze_fix(
            &self,
            session_id: &str,
            input: &AnalyzeFixRequest,
        ) -> Result<AnalyzeFixResult, Error> {
            self.json(calls::analyze_fix(session_id, input)?).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::fields::testing::assert_matches;

    #[test]
    fn tables_match_the_structs() {
        assert_matches(
            &ReplayRequest {
                from_step: 2,
                system_prompt: Some("s".into()),
                message: Some("m".into()),
            },
            REPLAY_FIELDS,
            "replayFromStep input",
        );
        assert_matches(
            &AnalyzeFixRequest {
                failed_steps: vec![1, 2],
                expected_outcome: "o".into(),
            },
            ANALYZE_FIX_FIELDS,
            "analyzeFix input",
        );
    }
}
