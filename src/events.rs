//! The agent event kinds (`type` of an event's payload) as a closed enum
//! with an `Unknown` arm: a match names every kind this version knows, and
//! a kind added by a newer server still reaches the caller, by name.
//! Pure; the same list as `EventType` in the npm package (pkg-template/chat.js).

use std::fmt;

use crate::run::AgentEvent;

/// What an agent event is, from its payload's `type`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// Partial LLM text or a sandbox primitive (`args.kind`, `args.summary`).
    SandboxEvent,
    /// A complete JS block the agent runs (`content` = source).
    ExecuteJs,
    /// The sandbox's answer to `ExecuteJs` (`content` = formatted, `result` = raw).
    ExecuteJsResult,
    /// A function-call tool started (`tool`, `args`).
    ToolCall,
    /// A function-call tool finished (`tool`, `content`, `result`).
    ToolResult,
    /// The user-visible answer (`content`).
    Response,
    /// The run is paused until the app answers (`args.request_id`, …).
    InputRequest,
    /// Terminal failure (`content` = message).
    Error,
    /// Terminal success (`summary`).
    Done,
    /// Session data changed (`args` = changed keys).
    DataUpdate,
    /// An LLM reasoning step (`think` or `thinking`).
    Think,
    /// A replay's new session.
    ReplayStarted,
    /// A kind this version does not know, by its `type`.
    Unknown(String),
}

/// Every known kind with its wire name (`Think` also reads `thinking`).
const KNOWN: [(&str, EventKind); 12] = [
    ("sandbox_event", EventKind::SandboxEvent),
    ("execute_js", EventKind::ExecuteJs),
    ("execute_js_result", EventKind::ExecuteJsResult),
    ("tool_call", EventKind::ToolCall),
    ("tool_result", EventKind::ToolResult),
    ("response", EventKind::Response),
    ("input_request", EventKind::InputRequest),
    ("error", EventKind::Error),
    ("done", EventKind::Done),
    ("data_update", EventKind::DataUpdate),
    ("think", EventKind::Think),
    ("replay_started", EventKind::ReplayStarted),
];

impl EventKind {
    /// The kind a payload `type` names.
    pub fn from_type(kind: &str) -> EventKind {
        if kind == "thinking" {
            return EventKind::Think;
        }
        KNOWN
            .iter()
            .find(|(name, _)| *name == kind)
            .map(|(_, k)| k.clone())
            .unwrap_or_else(|| EventKind::Unknown(kind.to_string()))
    }

    /// The wire name (`Unknown` gives back the `type` it was read from).
    pub fn as_str(&self) -> &str {
        match self {
            EventKind::Unknown(name) => name,
            known => KNOWN
                .iter()
                .find(|(_, k)| k == known)
                .map_or("", |(name, _)| name),
        }
    }

    /// Whether a run ends with this kind.
    pub fn is_terminal(&self) -> bool {
        matches!(self, EventKind::Done | EventKind::Error)
    }

    /// Whether this version knows the kind.
    pub fn is_known(&self) -> bool {
        !matches!(self, EventKind::Unknown(_))
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl AgentEvent {
    /// The event's kind, from its `type`.
    pub fn event_kind(&self) -> EventKind {
        EventKind::from_type(&self.kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_kind_round_trips_by_name() {
        for (name, kind) in KNOWN.iter() {
            assert_eq!(&EventKind::from_type(name), kind);
            assert_eq!(kind.as_str(), *name);
            assert!(kind.is_known());
        }
        assert_eq!(EventKind::from_type("thinking"), EventKind::Think);
    }

    #[test]
    fn unknown_kinds_keep_their_name() {
        let k = EventKind::from_type("quantum_leap");
        assert_eq!(k, EventKind::Unknown("quantum_leap".into()));
        assert_eq!(k.to_string(), "quantum_leap");
        assert!(!k.is_known() && !k.is_terminal());
        // Case matters on the wire: `Done` is not `done`.
        assert_eq!(
            EventKind::from_type("Done"),
            EventKind::Unknown("Done".into())
        );
        assert_eq!(EventKind::from_type(""), EventKind::Unknown(String::new()));
    }

    #[test]
    fn terminal_kinds_are_done_and_error() {
        let terminal: Vec<&str> = KNOWN
            .iter()
            .filter(|(_, k)| k.is_terminal())
            .map(|(n, _)| *n)
            .collect();
        assert_eq!(terminal, ["error", "done"]);
    }

    #[test]
    fn events_parsed_from_the_wire_tell_their_kind() {
        let e: AgentEvent = serde_json::from_str(
            r#"{"type":"input_request","args":{"request_id":"ir_1","input_type":"confirm"}}"#,
        )
        .unwrap();
        assert_eq!(e.event_kind(), EventKind::InputRequest);
        let e: AgentEvent = serde_json::from_str(r#"{"type":"telemetry","args":{}}"#).unwrap();
        assert_eq!(e.event_kind(), EventKind::Unknown("telemetry".into()));
    }

    /// The npm package's `EventType` constants name the same kinds.
    #[test]
    fn the_js_event_type_constants_match() {
        let js = include_str!("../pkg-template/agent-events.js");
        let start = js
            .find("export const EventType")
            .expect("EventType in agent-events.js");
        let block = &js[start..start + js[start..].find("});").expect("end of EventType")];
        let mut names: Vec<&str> = block
            .split('\'')
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, s)| s)
            .collect();
        names.sort_unstable();
        let mut want: Vec<&str> = KNOWN.iter().map(|(n, _)| *n).collect();
        want.push("thinking");
        want.sort_unstable();
        assert_eq!(names, want);
    }
}
