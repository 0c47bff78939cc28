//! Agent sessions, streaming runs and input requests.

use super::endpoint::Endpoint;
use super::fields::{get_str, opt, to_object, Field, Kind};
use super::ListOptions;
use crate::call::{Answer, Call, Method};
use crate::error::Error;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AgentSession {
    pub id: String,
    /// `project_id`, or the Go SDK era's `app_id`.
    #[serde(default, alias = "app_id")]
    pub project_id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub system_prompt: String,
    #[serde(default)]
    pub model: String,
    #[serde(default)]
    pub tools_config: Value,
    #[serde(default)]
    pub metadata: Value,
    #[serde(default)]
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index_ids: Option<Vec<String>>,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AgentStep {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub session_id: String,
    #[serde(default)]
    pub step_index: i64,
    #[serde(default)]
    pub step_type: String,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub tool_name: String,
    #[serde(default)]
    pub tool_args: Value,
    #[serde(default)]
    pub duration_ms: i64,
    #[serde(default)]
    pub created_at: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AgentSessionDetail {
    pub session: AgentSession,
    #[serde(default)]
    pub steps: Vec<AgentStep>,
}

/// `POST /agents`. Every field is optional; unset ones are not sent.
/// `index_ids`: `None` = all indexes, `Some(vec![])` = none (wire contract §10.8).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateAgentSession {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_version_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system_prompt: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tools: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index_ids: Option<Vec<String>>,
}

/// The wire shape of [`CreateAgentSession`].
pub const CREATE_AGENT_SESSION_FIELDS: &[Field] = &[
    opt("agent_version_id", Kind::Str),
    opt("title", Kind::Str),
    opt("system_prompt", Kind::Str),
    opt("model", Kind::Str),
    opt("tools", Kind::Strings),
    opt("metadata", Kind::Any),
    opt("agent_id", Kind::Str),
    opt("target", Kind::Str),
    opt("index_ids", Kind::Strings),
];

/// `agent_version_id` with `system_prompt` or `model` is sent as given: the
/// TS SDK documents those as overrides of the pinned version, and the
/// server decides.
fn valid_target(body: &Map<String, Value>) -> Result<(), Error> {
    if let Some(t) = get_str(body, "target") {
        if t != "live" && t != "draft" {
            return Err(Error::invalid("target must be \"live\" or \"draft\""));
        }
    }
    Ok(())
}

pub const GET_AGENT_SYSTEM_PROMPT: Endpoint =
    Endpoint::get("getAgentSystemPrompt", "agents/system-prompt").unwrapping("prompt");
pub const CREATE_AGENT_SESSION: Endpoint =
    Endpoint::new("createAgentSession", Method::Post, "agents").body_ruled(
        "createAgentSession input",
        CREATE_AGENT_SESSION_FIELDS,
        valid_target,
    );
pub const LIST_AGENT_SESSIONS: Endpoint =
    Endpoint::get("listAgentSessions", "agents").unwrapping("sessions");
pub const GET_AGENT_SESSION: Endpoint = Endpoint::get("getAgentSession", "agents/{session id}");
pub const DELETE_AGENT_SESSION: Endpoint =
    Endpoint::delete("deleteAgentSession", "agents/{session id}");
/// A stream; the body is `{"message": …}`.
pub const RUN_AGENT: Endpoint =
    Endpoint::new("runAgent", Method::Post, "agents/{session id}/run").answering(Answer::Stream);
/// The body is `{"request_id": …, "value": …}`, the value as given.
pub const RESPOND_TO_AGENT_INPUT: Endpoint = Endpoint::new(
    "respondToAgentInput",
    Method::Post,
    "agents/{session id}/input",
)
.answering(Answer::Empty);

pub mod calls {
    use super::*;

    pub fn get_agent_system_prompt() -> Call {
        GET_AGENT_SYSTEM_PROMPT.fixed()
    }

    pub fn create_agent_session(input: &CreateAgentSession) -> Result<Call, Error> {
        create_agent_session_body(to_object(input)?)
    }

    pub fn create_agent_session_body(body: Map<String, Value>) -> Result<Call, Error> {
        CREATE_AGENT_SESSION.call(&[], Some(body))
    }

    pub fn list_agent_sessions(opts: ListOptions) -> Result<Call, Error> {
        LIST_AGENT_SESSIONS.call_at(opts.apply(LIST_AGENT_SESSIONS.path(&[])?)?, None)
    }

    pub fn get_agent_session(id: &str) -> Result<Call, Error> {
        GET_AGENT_SESSION.call(&[id], None)
    }

    pub fn delete_agent_session(id: &str) -> Result<Call, Error> {
        DELETE_AGENT_SESSION.call(&[id], None)
    }

    /// The run body is built by the caller (Rust: serde; JS: a string).
    pub fn run_agent(id: &str, message: &str) -> Result<Call, Error> {
        if message.is_empty() {
            return Err(Error::invalid("message must not be empty"));
        }
        let mut body = Map::new();
        body.insert("message".into(), Value::from(message));
        let call = RUN_AGENT.call(&[id], None)?;
        Ok(call.body_bytes(crate::json::to_vec(&Value::Object(body))))
    }

    pub fn respond_to_agent_input(
        id: &str,
        request_id: &str,
        value: &Value,
    ) -> Result<Call, Error> {
        if request_id.is_empty() {
            return Err(Error::invalid("request id must not be empty"));
        }
        let mut body = Map::new();
        body.insert("request_id".into(), Value::from(request_id));
        body.insert("value".into(), value.clone());
        let call = RESPOND_TO_AGENT_INPUT.call(&[id], None)?;
        Ok(call.body_bytes(crate::json::to_vec(&Value::Object(body))))
    }
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::*;
    use crate::client::Client;
    use crate::error::StreamFailure;
    use crate::run::{terminal, AgentEvent, RunSummary, Terminal};
    use crate::web::stream::EventStream;
    use futures_util::{Stream, StreamExt};
    use web_sys::AbortSignal;

    impl Client {
        /// `GET /agents/system-prompt`.
        pub async fn get_agent_system_prompt(&self) -> Result<String, Error> {
            self.json(calls::get_agent_system_prompt()).await
        }

        /// `POST /agents`.
        pub async fn create_agent_session(
            &self,
            input: &CreateAgentSession,
        ) -> Result<AgentSession, Error> {
            self.json(calls::create_agent_session(input)?).await
        }

        /// `GET /agents`.
        pub async fn list_agent_sessions(
            &self,
            opts: ListOptions,
        ) -> Result<Vec<AgentSession>, Error> {
            self.json(calls::list_agent_sessions(opts)?).await
        }

        /// `GET /agents/{id}`: the session and its steps.
        pub async fn get_agent_session(&self, id: &str) -> Result<AgentSessionDetail, Error> {
            self.json(calls::get_agent_session(id)?).await
        }

        /// `DELETE /agents/{id}`.
        pub async fn delete_agent_session(&self, id: &str) -> Result<(), Error> {
            self.empty(calls::delete_agent_session(id)?).await
        }

        /// `POST /agents/{id}/input`: answers a paused `input_request`.
        pub async fn respond_to_agent_input(
            &self,
            id: &str,
            request_id: &str,
            value: &Value,
        ) -> Result<(), Error> {
            self.empty(calls::respond_to_agent_input(id, request_id, value)?)
                .await
        }

        /// `POST /agents/{id}/run`: streams the turn, calling `on_event(name,
        /// event)` for every event in order, and returns the `done` summary.
        /// A frame whose data is not JSON arrives as a `parse_error` event
        /// (`extra.raw`, `extra.error`) and the run goes on.
        pub async fn run_agent(
            &self,
            id: &str,
            message: &str,
            on_event: impl FnMut(&str, &AgentEvent),
            signal: Option<AbortSignal>,
        ) -> Result<RunSummary, Error> {
            self.run_call(&calls::run_agent(id, message)?, on_event, signal)
                .await
        }

        /// The same run as a [`Stream`] of `(event name, event)`, for
        /// `while let Some(item) = run.next().await`. It ends after `done`;
        /// an `error` event is yielded and then followed by
        /// `Err(Error::Stream(AgentError))`; a cut stream ends with
        /// `Err(Interrupted)`, an abort with `Err(Aborted)`. Dropping the
        /// stream closes the connection.
        pub fn stream_agent(
            &self,
            id: &str,
            message: &str,
            signal: Option<AbortSignal>,
        ) -> impl Stream<Item = Result<(String, AgentEvent), Error>> + 'static {
            self.stream_call(calls::run_agent(id, message), signal)
        }

        /// The event stream under `stream_agent`, `run_agent` and
        /// `replay_from_step`.
        pub(crate) fn stream_call(
            &self,
            call: Result<Call, Error>,
            signal: Option<AbortSignal>,
        ) -> impl Stream<Item = Result<(String, AgentEvent), Error>> + 'static {
            let start = Step::Open(self.clone(), call, signal);
            futures_util::stream::unfold(start, |step| async move {
                let (mut stream, mut received) = match step {
                    Step::Open(client, call, signal) => {
                        let opened = match call {
                            Ok(call) => client.stream(&call, signal).await,
                            Err(e) => Err(e),
                        };
                        match opened {
                            Ok(stream) => (stream, 0),
                            Err(e) => return Some((Err(e), Step::End)),
                        }
                    }
                    Step::Reading(stream, received) => (stream, received),
                    Step::Fail(e) => return Some((Err(e), Step::End)),
                    Step::End => return None,
                };
                loop {
                    let ev = match stream.next_event().await {
                        Ok(Some(ev)) => ev,
                        Ok(None) => {
                            let cut = Error::Stream(StreamFailure::Interrupted {
                                events_received: received,
                            });
                            return Some((Err(cut), Step::End));
                        }
                        Err(e) => return Some((Err(e), Step::End)),
                    };
                    received += 1;
                    let (name, event) = match serde_json::from_str::<AgentEvent>(&ev.data) {
                        Ok(event) => (ev.event, event),
                        // Each line of the data is JSON, the whole is not: the
                        // lines are put back as events of their own.
                        Err(_) if split_lines(&mut stream, &ev) => {
                            received -= 1;
                            continue;
                        }
                        Err(e) => {
                            let event = parse_error_event(&ev.event, &ev.data, &e.to_string());
                            let next = Step::Reading(stream, received);
                            return Some((Ok(("parse_error".to_string(), event)), next));
                        }
                    };
                    let next = match terminal(&name, Some(&event.kind)) {
                        Terminal::No => Step::Reading(stream, received),
                        Terminal::Done => {
                            stream.cancel();
                            Step::End
                        }
                        Terminal::Error => {
                            stream.cancel();
                            let message = crate::run::error_message(event.content.as_deref());
                            let payload = serde_json::to_value(&event).unwrap_or(Value::Null);
                            Step::Fail(Error::Stream(StreamFailure::AgentError {
                                message,
                                payload,
                            }))
                        }
                    };
                    return Some((Ok((name, event)), next));
                }
            })
        }

        /// Drives [`stream_call`](Self::stream_call) into a callback and
        /// returns the `done` summary.
        pub(crate) async fn run_call(
            &self,
            call: &Call,
            mut on_event: impl FnMut(&str, &AgentEvent),
            signal: Option<AbortSignal>,
        ) -> Result<RunSummary, Error> {
            let mut events = std::pin::pin!(self.stream_call(Ok(call.clone()), signal));
            let mut summary = None;
            while let Some(item) = events.next().await {
                let (name, event) = item?;
                on_event(&name, &event);
                if name != "parse_error" && terminal(&name, Some(&event.kind)) == Terminal::Done {
                    summary = Some(event.summary.unwrap_or_default());
                }
            }
            // The stream ends without an error only after `done`.
            Ok(summary.unwrap_or_default())
        }
    }

    /// Where [`Client::stream_call`] is between two events.
    enum Step {
        Open(Client, Result<Call, Error>, Option<AbortSignal>),
        Reading(EventStream, u64),
        /// The agent reported an error: yield it after its event.
        Fail(Error),
        End,
    }

    /// `run::json_lines` for a frame that did not parse: its lines go back
    /// to the front of the stream as events of their own.
    fn split_lines(stream: &mut EventStream, ev: &crate::sse::SseEvent) -> bool {
        let parses = |l: &str| serde_json::from_str::<AgentEvent>(l).is_ok();
        match crate::run::json_lines(&ev.data, parses) {
            Some(lines) => {
                let events = lines
                    .into_iter()
                    .map(|data| crate::sse::SseEvent {
                        data: data.to_string(),
                        ..ev.clone()
                    })
                    .collect();
                stream.unread(events);
                true
            }
            None => false,
        }
    }

    fn parse_error_event(event: &str, raw: &str, error: &str) -> AgentEvent {
        let mut extra = Map::new();
        extra.insert("event".into(), Value::String(event.to_string()));
        extra.insert("raw".into(), Value::String(raw.to_string()));
        extra.insert("error".into(), Value::String(error.to_string()));
        AgentEvent {
            kind: "parse_error".into(),
            extra,
            ..AgentEvent::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::Body;

    #[test]
    fn create_session_sends_only_what_is_set() {
        let call = calls::create_agent_session(&CreateAgentSession {
            title: Some("t".into()),
            index_ids: Some(vec![]),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(call.route_name(), "POST /agents");
        assert_eq!(
            call.body,
            Body::Json(br#"{"title":"t","index_ids":[]}"#.to_vec())
        );
    }

    #[test]
    fn bad_input_is_rejected_before_sending() {
        assert!(calls::create_agent_session(&CreateAgentSession {
            target: Some("prod".into()),
            ..Default::default()
        })
        .is_err());
        assert!(calls::get_agent_session("").is_err());
        assert!(calls::run_agent("as_1", "").is_err());
        assert!(calls::respond_to_agent_input("as_1", "", &Value::Bool(true)).is_err());
        assert!(calls::list_agent_sessions(ListOptions {
            limit: 0,
            offset: 0
        })
        .is_err());
    }

    #[test]
    fn run_and_input_paths() {
        let run = calls::run_agent("a/b", "hi").unwrap();
        assert_eq!(run.path.as_str(), "/agents/a%2Fb/run");
        assert_eq!(run.accept, "text/event-stream");
        let input = calls::respond_to_agent_input("as_1", "rq_1", &Value::Bool(true)).unwrap();
        assert_eq!(
            input.body,
            Body::Json(br#"{"request_id":"rq_1","value":true}"#.to_vec())
        );
        let list = calls::list_agent_sessions(ListOptions::default()).unwrap();
        assert_eq!(list.path.as_str(), "/agents?limit=50&offset=0");
    }

    #[test]
    fn table_matches_the_struct() {
        crate::api::fields::testing::assert_matches(
            &CreateAgentSession {
                agent_version_id: Some("v".into()),
                title: Some("t".into()),
                system_prompt: Some("s".into()),
                model: Some("m".into()),
                tools: Some(vec!["a".into()]),
                metadata: Some(serde_json::json!({"k": 1})),
                agent_id: Some("a".into()),
                target: Some("live".into()),
                index_ids: Some(vec![]),
            },
            CREATE_AGENT_SESSION_FIELDS,
            "createAgentSession input",
        );
    }

    #[test]
    fn sessions_read_app_id_and_keep_extras() {
        let s: AgentSession =
            serde_json::from_str(r#"{"id":"as_1","app_id":"p1","status":"active","step_count":3}"#)
                .unwrap();
        assert_eq!(s.project_id, "p1");
        assert_eq!(s.extra["step_count"], 3);
    }

    #[test]
    fn a_pinned_version_with_overrides_is_sent_as_given() {
        let input = CreateAgentSession {
            agent_version_id: Some("av_1".into()),
            system_prompt: Some("be brief".into()),
            model: Some("m".into()),
            ..Default::default()
        };
        let call = calls::create_agent_session(&input).unwrap();
        let Body::Json(bytes) = &call.body else {
            panic!("{:?}", call.body)
        };
        let sent: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        assert_eq!(sent["agent_version_id"], "av_1");
        assert_eq!(sent["system_prompt"], "be brief");
        assert_eq!(sent["model"], "m");
    }
}
