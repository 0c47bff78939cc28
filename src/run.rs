//! Agent runs: which events end a run and what a finished run reports.
//! Pure; both run loops (`js::stream` for JS, `api::agents` for Rust) apply it.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Token counts as the stream reports them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tokens {
    #[serde(default)]
    pub prompt: i64,
    #[serde(default)]
    pub completion: i64,
}

/// The `summary` of a terminal `done` event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    #[serde(default)]
    pub session_id: String,
    #[serde(default)]
    pub steps: i64,
    #[serde(default)]
    pub tokens: Tokens,
    /// Anything newer servers add.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One agent event (`data:` of an SSE frame). `type` is an open set:
/// unknown types are kept, never dropped.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AgentEvent {
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub args: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<RunSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens: Option<Tokens>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An `input_request` event normalised, as `asInputRequest` does in JS.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InputRequest {
    /// Answer with `respond_to_agent_input(session, request_id, value)`.
    pub request_id: String,
    /// `confirm` (a boolean), `choice` (one of `options`), `text`, or newer.
    pub input_type: String,
    /// `args.message`, else the event's `content`.
    pub message: String,
    /// `args.options`, its strings only.
    pub options: Vec<String>,
    pub placeholder: String,
}

impl AgentEvent {
    /// The event as an input request when it is one (whatever its args
    /// lack), else `None`.
    pub fn as_input_request(&self) -> Option<InputRequest> {
        if self.kind != "input_request" {
            return None;
        }
        let arg = |k: &str| {
            self.args
                .as_ref()
                .and_then(|a| a.get(k))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let message = Some(arg("message"))
            .filter(|m| !m.is_empty())
            .or_else(|| self.content.clone())
            .unwrap_or_default();
        let options = self
            .args
            .as_ref()
            .and_then(|a| a.get("options"))
            .and_then(Value::as_array)
            .map(|o| {
                o.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        Some(InputRequest {
            request_id: arg("request_id"),
            input_type: arg("input_type"),
            message,
            options,
            placeholder: arg("placeholder"),
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Terminal {
    /// Not the end.
    No,
    Done,
    Error,
}

/// A run ends on event name `done`/`error` **or** payload `type`
/// `done`/`error` (the official SDKs check only the name, so `event: step`
/// carrying `type:"done"` reads on to EOF there).
pub fn terminal(event_name: &str, payload_type: Option<&str>) -> Terminal {
    match (event_name, payload_type) {
        ("error", _) | (_, Some("error")) => Terminal::Error,
        ("done", _) | (_, Some("done")) => Terminal::Done,
        _ => Terminal::No,
    }
}

/// The message of a terminal error event: its `content`, else a default.
pub fn error_message(content: Option<&str>) -> String {
    match content {
        Some(c) if !c.trim().is_empty() => c.to_string(),
        _ => "the agent reported an error".to_string(),
    }
}

/// The lines of a multi-line `data` when the joined text is not one JSON
/// value but each line is: the official SDKs deliver each `data:` line as
/// its own event, and so do we. `None` otherwise (then the frame is a
/// `parse_error`). Call it only after the joined text failed to parse.
pub fn json_lines(data: &str, parses: impl Fn(&str) -> bool) -> Option<Vec<&str>> {
    if !data.contains('\n') {
        return None;
    }
    let lines: Vec<&str> = data.split('\n').collect();
    lines.iter().all(|l| parses(l)).then_some(lines)
}

#[cfg(test)]
mod tests {
    #[test]
    fn input_requests_are_normalised() {
        let e: super::AgentEvent = serde_json::from_str(
            r#"{"type":"input_request","content":"c","args":{"request_id":"rq_1","input_type":"choice","message":"Pick","options":["a",2,"b"],"placeholder":"p"}}"#,
        )
        .unwrap();
        let r = e.as_input_request().unwrap();
        assert_eq!(
            (
                r.request_id.as_str(),
                r.input_type.as_str(),
                r.message.as_str(),
                r.placeholder.as_str()
            ),
            ("rq_1", "choice", "Pick", "p")
        );
        assert_eq!(r.options, ["a", "b"]);
        let bare: super::AgentEvent =
            serde_json::from_str(r#"{"type":"input_request","content":"Sure?"}"#).unwrap();
        assert_eq!(
            bare.as_input_request(),
            Some(super::InputRequest {
                message: "Sure?".into(),
                ..Default::default()
            })
        );
        let other: super::AgentEvent = serde_json::from_str(r#"{"type":"response"}"#).unwrap();
        assert_eq!(other.as_input_request(), None);
    }

    #[test]
    fn data_lines_that_are_each_json_become_events() {
        let parses = |l: &str| serde_json::from_str::<serde_json::Value>(l).is_ok();
        assert_eq!(
            super::json_lines("{\"type\":\"a\"}\n{\"type\":\"b\"}", parses),
            Some(vec!["{\"type\":\"a\"}", "{\"type\":\"b\"}"])
        );
        // One JSON value over two lines is not split (it parsed joined, so
        // this is never asked; and a line alone does not parse).
        assert_eq!(super::json_lines("{\"type\":\n\"a\"}", parses), None);
        assert_eq!(
            super::json_lines("{\"type\":\"a\"}\nnot json", parses),
            None
        );
        assert_eq!(super::json_lines("not json", parses), None);
    }

    use super::*;

    #[test]
    fn terminal_by_name_or_type() {
        assert_eq!(terminal("step", Some("response")), Terminal::No);
        assert_eq!(terminal("step", Some("done")), Terminal::Done);
        assert_eq!(terminal("done", None), Terminal::Done);
        assert_eq!(terminal("error", Some("done")), Terminal::Error);
        assert_eq!(terminal("message", Some("error")), Terminal::Error);
        assert_eq!(terminal("quantum_leap", Some("quantum_leap")), Terminal::No);
    }

    #[test]
    fn events_keep_unknown_fields_and_types() {
        let e: AgentEvent = serde_json::from_str(
            r#"{"type":"quantum_leap","content":"x","novel":{"a":1},"tokens":{"prompt":3,"completion":4}}"#,
        )
        .unwrap();
        assert_eq!(e.kind, "quantum_leap");
        assert_eq!(e.extra["novel"]["a"], 1);
        assert_eq!(
            e.tokens,
            Some(Tokens {
                prompt: 3,
                completion: 4
            })
        );
        let back = serde_json::to_value(&e).unwrap();
        assert_eq!(back["novel"]["a"], 1);
    }

    #[test]
    fn summary_parses_with_missing_parts() {
        let s: RunSummary =
            serde_json::from_str(r#"{"session_id":"as_1","steps":4,"replay_of":"as_0"}"#).unwrap();
        assert_eq!(s.steps, 4);
        assert_eq!(s.tokens, Tokens::default());
        assert_eq!(s.extra["replay_of"], "as_0");
        assert_eq!(error_message(Some("  ")), "the agent reported an error");
    }
}
