//! Helpers for tests that talk to a real server over loopback HTTP.

use serde_json::{json, Value};

use crate::config::Config;
use crate::state::DEMO_WORKSPACE;
use crate::{serve, ServerHandle};

/// The cross-origin origin the test servers allow.
pub const TEST_ORIGIN: &str = "http://localhost:9999";

pub struct TestServer {
    pub base: String,
    pub client: reqwest::Client,
    pub handle: ServerHandle,
}

impl TestServer {
    /// `--dev --test-control --cors-origin TEST_ORIGIN --stream-delay-ms 0` on a free port.
    pub async fn start() -> TestServer {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(f: impl FnOnce(&mut Config)) -> TestServer {
        let mut cfg = Config {
            port: 0,
            dev: true,
            test_control: true,
            keep_alive: false,
            stream_delay_ms: 0,
            cors_origins: vec![TEST_ORIGIN.to_string()],
            ..Config::default()
        };
        f(&mut cfg);
        let (addr, handle) = serve(cfg).await.expect("bind");
        TestServer {
            base: format!("http://{addr}"),
            client: reqwest::Client::new(),
            handle,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.client.get(self.url(path))
    }

    pub fn post(&self, path: &str) -> reqwest::RequestBuilder {
        self.client.post(self.url(path))
    }

    pub fn delete(&self, path: &str) -> reqwest::RequestBuilder {
        self.client.delete(self.url(path))
    }

    /// A user JWT via the dev sign-in.
    pub async fn jwt(&self, email: &str) -> String {
        let r = self
            .post("/api/dev/sign-in")
            .json(&json!({ "email": email }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let b: Value = r.json().await.unwrap();
        b["jwt"].as_str().unwrap().to_string()
    }

    /// A fresh API key for the demo workspace.
    pub async fn api_key(&self) -> String {
        self.api_key_for("demo@tavora.dev", DEMO_WORKSPACE).await
    }

    pub async fn api_key_for(&self, email: &str, workspace: &str) -> String {
        let jwt = self.jwt(email).await;
        let r = self
            .post("/api/auth/session-token")
            .bearer_auth(jwt)
            .json(&json!({ "workspace_id": workspace }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let b: Value = r.json().await.unwrap();
        b["api_key"].as_str().unwrap().to_string()
    }

    pub async fn sdk_get(&self, key: &str, path: &str) -> reqwest::Response {
        self.get(path)
            .header("X-API-Key", key)
            .send()
            .await
            .unwrap()
    }

    pub fn sdk_post(&self, key: &str, path: &str, body: Value) -> reqwest::RequestBuilder {
        self.post(path).header("X-API-Key", key).json(&body)
    }

    /// POSTs to a control route and returns the JSON body (asserting 200).
    pub async fn control(&self, path: &str, body: Value) -> Value {
        let r = self.post(path).json(&body).send().await.unwrap();
        let status = r.status();
        let b: Value = r.json().await.unwrap();
        assert_eq!(status, 200, "{path}: {b}");
        b
    }

    pub async fn fault(&self, spec: Value) {
        self.control("/__test/faults", spec).await;
    }

    pub async fn requests(&self) -> Value {
        self.get("/__test/requests")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// Creates an agent session and returns its id.
    pub async fn create_session(&self, key: &str, body: Value) -> String {
        let r = self
            .sdk_post(key, "/api/sdk/agents", body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let b: Value = r.json().await.unwrap();
        b["id"].as_str().unwrap().to_string()
    }

    pub async fn run(&self, key: &str, session: &str, message: &str) -> reqwest::Response {
        self.sdk_post(
            key,
            &format!("/api/sdk/agents/{session}/run"),
            json!({ "message": message }),
        )
        .header("Accept", "text/event-stream")
        .send()
        .await
        .unwrap()
    }

    /// Runs to the end and returns the whole body as text.
    pub async fn run_text(&self, key: &str, session: &str, message: &str) -> String {
        let r = self.run(key, session, message).await;
        assert_eq!(r.status(), 200);
        r.text().await.unwrap()
    }
}

/// Parses an LF-framed SSE body into `(event name, parsed data)`; comments
/// are skipped and unparseable data becomes `Value::String(raw)`.
pub fn parse_sse(text: &str) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for frame in text.split("\n\n") {
        let mut name = String::from("message");
        let mut data = None;
        for line in frame.lines() {
            if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                data =
                    Some(serde_json::from_str(d).unwrap_or_else(|_| Value::String(d.to_string())));
            }
        }
        if let Some(d) = data {
            out.push((name, d));
        }
    }
    out
}

/// Polls `/__test/requests` until `pred` holds (up to ~5 s).
pub async fn wait_until(s: &TestServer, pred: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..100 {
        let r = s.requests().await;
        if pred(&r) {
            return r;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let r = s.requests().await;
    panic!("condition not reached: {r}");
}
