//! The deterministic scripted agent behind `POST /agents/{id}/run` (and the
//! studio replay): the message picks a script, played as server-sent events.

use std::time::Instant;

use tokio::sync::oneshot;

use super::{AgentStep, InputKind, PendingInput};
use crate::clock::rfc3339;
use crate::prelude::*;
use crate::sse::{SseWriter, StreamShaping, StreamStop};

/// Largest `big:N` payload.
pub const MAX_BIG_BYTES: usize = 16 * 1024 * 1024;
/// Largest `many:N` count.
pub const MAX_MANY_EVENTS: usize = 100_000;
/// Sprinkled into scripted content so chunk splits land inside multi-byte characters.
pub const NON_ASCII: &str = "naïve café ✓ 😀";

/// Which script a message selects (see README).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Default,
    Input(InputKind),
    Big(usize),
    Many(usize),
    Fail,
    Surprise,
}

/// The number right after `tag` (e.g. `big:1024`), if the tag is present.
fn number_after(lower: &str, tag: &str) -> Option<Result<usize, ()>> {
    let start = lower.find(tag)? + tag.len();
    let digits: String = lower[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    Some(digits.parse::<usize>().map_err(|_| ()))
}

/// Picks the script for a message. Checked in this order: `big:N`,
/// `many:N`, `fail`, `confirm`, `choose`, `your name`, `surprise`.
pub fn pick_script(message: &str) -> ApiResult<Script> {
    let lower = message.to_lowercase();
    if let Some(n) = number_after(&lower, "big:") {
        return match n {
            Ok(n) if n <= MAX_BIG_BYTES => Ok(Script::Big(n)),
            _ => invalid(
                "message",
                format!("big:N needs N between 0 and {MAX_BIG_BYTES}"),
            ),
        };
    }
    if let Some(n) = number_after(&lower, "many:") {
        return match n {
            Ok(n) if n <= MAX_MANY_EVENTS => Ok(Script::Many(n)),
            _ => invalid(
                "message",
                format!("many:N needs N between 0 and {MAX_MANY_EVENTS}"),
            ),
        };
    }
    Ok(if lower.contains("fail") {
        Script::Fail
    } else if lower.contains("confirm") {
        Script::Input(InputKind::Confirm)
    } else if lower.contains("choose") {
        Script::Input(InputKind::Choice)
    } else if lower.contains("your name") {
        Script::Input(InputKind::Text)
    } else if lower.contains("surprise") {
        Script::Surprise
    } else {
        Script::Default
    })
}

/// Plays `script` on `session_id` as an SSE response (also used by the
/// studio replay). The `prelude` events (name, payload) are sent first and
/// recorded like the script's own events.
pub fn start_run(
    ctx: WorkspaceCtx,
    session_id: String,
    message: String,
    script: Script,
    stream: StreamShaping,
    prelude: Vec<(String, Value)>,
) -> Response {
    let (writer, resp) = SseWriter::start(&ctx.state, stream);
    let mut run = Run {
        delay_ms: ctx.state.stream_delay_ms(),
        ctx,
        session_id,
        message,
        w: writer,
        steps: 0,
        prompt: 0,
        completion: 0,
        llm_calls: 0,
        started: Instant::now(),
        first: true,
    };
    tokio::spawn(async move {
        run.record_step("user_message", &json!({"content": run.message.clone()}));
        let mut stopped = None;
        for (name, ev) in prelude {
            if let Err(stop) = run.emit(&name, ev, true).await {
                stopped = Some(Outcome::Stopped(stop));
                break;
            }
        }
        let outcome = match stopped {
            Some(o) => o,
            None => run.play(script).await,
        };
        run.finish(outcome).await;
    });
    resp
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Done,
    Error,
    Stopped(StreamStop),
}

struct Run {
    ctx: WorkspaceCtx,
    session_id: String,
    message: String,
    w: SseWriter,
    delay_ms: u64,
    steps: i64,
    prompt: i64,
    completion: i64,
    llm_calls: u64,
    started: Instant,
    first: bool,
}

fn tokens(prompt: i64, completion: i64) -> Value {
    json!({"prompt": prompt, "completion": completion})
}

/// `text` quoted as a Markdown blockquote.
fn blockquote(text: &str) -> String {
    text.lines()
        .map(|l| format!("> {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn chars_of(s: &str) -> i64 {
    s.chars().count() as i64
}

/// Exactly `n` bytes of UTF-8 text with multi-byte characters throughout.
pub fn big_text(n: usize) -> String {
    let pattern = format!("{NON_ASCII} — Tavora big payload line\n");
    let mut s = String::with_capacity(n + pattern.len());
    while s.len() + pattern.len() <= n {
        s.push_str(&pattern);
    }
    while s.len() < n {
        s.push('.');
    }
    s
}

impl Run {
    /// Sends one event (after the pacing delay when `paced`) and records it.
    async fn emit(&mut self, name: &str, ev: Value, paced: bool) -> Result<(), StreamStop> {
        if paced && !self.first {
            self.w.pause(self.delay_ms).await?;
        }
        self.first = false;
        self.w.event(name, &ev).await?;
        if let Some(t) = ev.get("tokens") {
            self.prompt += t["prompt"].as_i64().unwrap_or(0);
            self.completion += t["completion"].as_i64().unwrap_or(0);
            self.llm_calls += 1;
        }
        if name != "done" && name != "error" {
            self.steps += 1;
        }
        self.record_step(ev["type"].as_str().unwrap_or(name), &ev);
        Ok(())
    }

    async fn step(&mut self, ev: Value) -> Result<(), StreamStop> {
        self.emit("step", ev, true).await
    }

    fn record_step(&self, step_type: &str, ev: &Value) {
        let now = rfc3339(self.ctx.state.clock.now());
        let mut data = self.ctx.data();
        if !data.sessions.iter().any(|s| s.id == self.session_id) {
            return;
        }
        let steps = data.steps.entry(self.session_id.clone()).or_default();
        let content = match &ev["content"] {
            Value::String(s) => s.clone(),
            _ => ev.get("summary").map(|s| s.to_string()).unwrap_or_default(),
        };
        let tokens = |k: &str| ev["tokens"][k].as_i64().unwrap_or(0);
        steps.push(AgentStep {
            id: new_id("st"),
            session_id: self.session_id.clone(),
            step_index: steps.len() as i64,
            step_type: step_type.to_string(),
            content,
            tool_name: ev["tool"].as_str().unwrap_or_default().to_string(),
            tool_args: ev["args"].clone(),
            duration_ms: if self.first { 0 } else { self.delay_ms as i64 },
            prompt_tokens: tokens("prompt"),
            completion_tokens: tokens("completion"),
            created_at: now,
        });
    }

    fn thinking(&self) -> Value {
        let short: String = self.message.chars().take(60).collect();
        json!({
            "type": "sandbox_event",
            "args": {"kind": "ai", "summary": format!("Thinking about “{short}” — {NON_ASCII}")},
            "tokens": tokens(100 + chars_of(&self.message) / 4, 12),
        })
    }

    fn response(&self, body: String) -> Value {
        let content = format!("{body}\n\nRun `agent.run()` again any time — {NON_ASCII}");
        let completion = chars_of(&content) / 4 + 1;
        json!({
            "type": "response",
            "content": content,
            "tokens": tokens(180 + chars_of(&self.message) / 4, completion),
        })
    }

    async fn done(&mut self, paced: bool) -> Result<Outcome, StreamStop> {
        let tokens = tokens(self.prompt, self.completion);
        let summary = json!({"session_id": self.session_id, "steps": self.steps, "tokens": tokens});
        let ev = json!({"type": "done", "summary": summary});
        self.emit("done", ev, paced).await?;
        Ok(Outcome::Done)
    }

    async fn play(&mut self, script: Script) -> Outcome {
        let r = match script {
            Script::Default => self.default_script().await,
            Script::Input(kind) => self.input_script(kind).await,
            Script::Big(n) => self.big_script(n).await,
            Script::Many(n) => self.many_script(n).await,
            Script::Fail => self.fail_script().await,
            Script::Surprise => self.surprise_script().await,
        };
        r.unwrap_or_else(Outcome::Stopped)
    }

    async fn default_script(&mut self) -> Result<Outcome, StreamStop> {
        let msg = self.message.clone();
        let words = msg.split_whitespace().count();
        let chars = msg.chars().count();
        self.step(self.thinking()).await?;
        let msg_js = serde_json::to_string(&msg).unwrap_or_default();
        self.step(json!({
            "type": "execute_js",
            "content": format!(
                "const message = {msg_js};\nconst words = message.split(/\\s+/).filter(Boolean);\nreturn {{ words: words.length, chars: [...message].length }};"
            ),
        }))
        .await?;
        let result = json!({"words": words, "chars": chars});
        self.step(json!({
            "type": "execute_js_result",
            "content": serde_json::to_string_pretty(&result).unwrap_or_default(),
            "result": result,
        }))
        .await?;
        self.step(json!({
            "type": "tool_call",
            "tool": "web_search",
            "args": {"query": msg, "top_k": 1},
        }))
        .await?;
        self.step(json!({
            "type": "tool_result",
            "tool": "web_search",
            "content": "1 result",
            "result": {"results": [{
                "title": "Tavora SDK docs",
                "url": "https://docs.tavora.ai/sdk",
                "snippet": format!("Streaming agent runs from the browser — {NON_ASCII}"),
            }]},
        }))
        .await?;
        self.w.comment("keepalive").await?;
        let body = format!(
            "{}\n\nHere is what I found:\n\n- **Words:** {words}\n- **Characters:** {chars}\n- **Sources:** 1 web result ([Tavora SDK docs](https://docs.tavora.ai/sdk))",
            blockquote(&msg)
        );
        self.step(self.response(body)).await?;
        self.done(true).await
    }

    async fn input_script(&mut self, kind: InputKind) -> Result<Outcome, StreamStop> {
        self.step(self.thinking()).await?;
        let request_id = new_id("ir");
        let (tx, rx) = oneshot::channel();
        let (prompt, options, placeholder) = match kind {
            InputKind::Confirm => ("Shall I go ahead?", vec![], None),
            InputKind::Choice => (
                "Which colour should I use?",
                vec!["red".to_string(), "green".to_string(), "blue".to_string()],
                None,
            ),
            InputKind::Text => ("What is your name?", vec![], Some("Ada Lovelace")),
        };
        self.ctx.data().pending_inputs.insert(
            request_id.clone(),
            PendingInput {
                session_id: self.session_id.clone(),
                kind,
                options: options.clone(),
                sender: Some(tx),
                resolved: false,
            },
        );
        let mut args =
            json!({"request_id": request_id, "input_type": kind.as_str(), "message": prompt});
        if kind == InputKind::Choice {
            args["options"] = json!(options);
        }
        if let Some(p) = placeholder {
            args["placeholder"] = json!(p);
        }
        let ev = json!({"type": "input_request", "content": prompt, "args": args});
        self.emit("input_request", ev, true).await?;
        let value = self.w.wait_for(rx).await?;
        // History shows the answer as its own step, so a reloaded chat
        // renders the request as answered, with the value.
        self.record_step(
            "input_response",
            &json!({"args": {"request_id": request_id, "value": value}}),
        );
        let shown = match &value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let verdict = match (kind, &value) {
            (InputKind::Confirm, Value::Bool(true)) => "Confirmed — going ahead.".to_string(),
            (InputKind::Confirm, _) => "Understood — I will not go ahead.".to_string(),
            (InputKind::Choice, _) => format!("Using **{shown}**."),
            (InputKind::Text, _) => format!("Nice to meet you, **{shown}**!"),
        };
        let body = format!(
            "{}\n\nYou answered: `{shown}`\n\n- {verdict}",
            blockquote(&self.message)
        );
        self.step(self.response(body)).await?;
        self.done(true).await
    }

    async fn big_script(&mut self, n: usize) -> Result<Outcome, StreamStop> {
        let ev = json!({
            "type": "execute_js_result",
            "content": big_text(n),
            "result": {"bytes": n},
        });
        self.emit("step", ev, false).await?;
        let resp = self.response(format!("Produced a payload of **{n}** bytes."));
        self.emit("step", resp, false).await?;
        self.done(false).await
    }

    async fn many_script(&mut self, n: usize) -> Result<Outcome, StreamStop> {
        for i in 1..=n {
            let ev = json!({
                "type": "sandbox_event",
                "args": {"kind": "progress", "summary": format!("event {i} of {n}")},
            });
            self.emit("step", ev, false).await?;
        }
        self.done(false).await
    }

    async fn fail_script(&mut self) -> Result<Outcome, StreamStop> {
        self.step(self.thinking()).await?;
        self.step(json!({
            "type": "execute_js",
            "content": "const res = await fetch(\"https://unreachable.invalid/\");\nreturn res.status;",
        }))
        .await?;
        let ev = json!({
            "type": "error",
            "content": format!("sandbox error: fetch failed (the message asked for a failure) — {NON_ASCII}"),
        });
        self.emit("error", ev, true).await?;
        Ok(Outcome::Error)
    }

    async fn surprise_script(&mut self) -> Result<Outcome, StreamStop> {
        self.step(self.thinking()).await?;
        self.step(json!({
            "type": "quantum_leap",
            "content": format!("Leapt into an unknown step type — {NON_ASCII}"),
            "args": {"from": "step", "to": "somewhere new"},
        }))
        .await?;
        let ev = json!({"type": "telemetry", "args": {"cpu_ms": 7, "note": "unknown event name"}});
        self.emit("telemetry", ev, true).await?;
        let body = format!(
            "{}\n\n- An unknown step type (`quantum_leap`) and an unknown event (`telemetry`) came first.",
            blockquote(&self.message)
        );
        self.step(self.response(body)).await?;
        self.done(true).await
    }

    /// Updates the session's counters and closes the stream.
    async fn finish(self, outcome: Outcome) {
        let now = rfc3339(self.ctx.state.clock.now());
        {
            let mut data = self.ctx.data();
            data.llm_requests += self.llm_calls;
            if let Some(s) = data.sessions.iter_mut().find(|s| s.id == self.session_id) {
                s.prompt_tokens += self.prompt;
                s.completion_tokens += self.completion;
                s.step_count += self.steps;
                s.duration_ms += self.started.elapsed().as_millis() as i64;
                s.updated_at = now.clone();
                // A run that stopped early leaves the session as it was.
                let status = match outcome {
                    Outcome::Done => "completed",
                    Outcome::Error => "error",
                    Outcome::Stopped(_) => "",
                };
                if !status.is_empty() {
                    s.status = status.to_string();
                    s.finished_at = Some(now);
                }
            }
        }
        let completed = matches!(outcome, Outcome::Done | Outcome::Error);
        self.w.finish(completed).await;
    }
}
