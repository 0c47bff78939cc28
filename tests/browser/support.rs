//! Talking to the dev server's test-control API, signing in, and building
//! clients the way an app would.

use futures_util::future::{FutureExt, LocalBoxFuture};
use serde_json::Value;
use std::cell::RefCell;
use std::rc::Rc;
use tavora_wasm::auth::{JwtSource, Secret};
use tavora_wasm::{Client, Error, ExchangeOptions, StorageKind};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestInit, Response};

pub const WS1: &str = "11111111-1111-4111-8111-111111111111";
pub const WS2: &str = "22222222-2222-4222-8222-222222222222";
pub const WS_OTHER_TEAM: &str = "33333333-3333-4333-8333-333333333333";

pub fn server() -> &'static str {
    let url = option_env!("TAVORA_DEVSERVER_URL").unwrap_or("");
    assert!(
        !url.is_empty(),
        "TAVORA_DEVSERVER_URL must be set at compile time (run scripts/browser-tests.sh)"
    );
    url
}

/// A plain fetch to the dev server (no SDK involved).
pub async fn raw(method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
    let init = RequestInit::new();
    init.set_method(method);
    if let Some(b) = body {
        init.set_body(&JsValue::from_str(&b.to_string()));
        let h = web_sys::Headers::new().unwrap();
        h.set("Content-Type", "application/json").unwrap();
        init.set_headers(&h);
    }
    let window = web_sys::window().unwrap();
    let url = format!("{}{}", server(), path);
    let resp: Response = JsFuture::from(window.fetch_with_str_and_init(&url, &init))
        .await
        .unwrap()
        .dyn_into()
        .unwrap();
    let text = JsFuture::from(resp.text().unwrap())
        .await
        .unwrap()
        .as_string()
        .unwrap();
    let json = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (resp.status(), json)
}

pub async fn control(path: &str, body: Value) -> Value {
    let (status, json) = raw("POST", &format!("/__test/{path}"), Some(&body)).await;
    assert!(status < 300, "control {path} failed: {status} {json}");
    json
}

/// Clears faults, counters, the clock offset and overrides; forgets keys
/// cached by earlier tests.
pub async fn reset() {
    control("reset", serde_json::json!({})).await;
    if let Some(s) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = s.clear();
    }
}

pub async fn fault(body: Value) {
    control("faults", body).await;
}

pub async fn requests() -> Value {
    raw("GET", "/__test/requests", None).await.1
}

/// How many requests the server saw for `route` ("POST /api/auth/session-token").
pub async fn count(route: &str) -> u64 {
    requests().await["counts"][route].as_u64().unwrap_or(0)
}

pub const MINT: &str = "POST /api/auth/session-token";
pub const PROJECT: &str = "GET /api/sdk/project";

pub async fn sign_in(email: &str) -> String {
    let (status, json) = raw(
        "POST",
        "/api/dev/sign-in",
        Some(&serde_json::json!({ "email": email })),
    )
    .await;
    assert_eq!(status, 200, "{json}");
    json["jwt"].as_str().unwrap().to_string()
}

/// The app's JWT, swappable mid-test (another user signs in).
#[derive(Clone)]
pub struct Jwt(pub Rc<RefCell<String>>);

impl Jwt {
    pub fn new(jwt: String) -> Jwt {
        Jwt(Rc::new(RefCell::new(jwt)))
    }
    pub fn set(&self, jwt: String) {
        *self.0.borrow_mut() = jwt;
    }
}

impl JwtSource for Jwt {
    fn jwt(&self) -> LocalBoxFuture<'static, Result<Secret, Error>> {
        let j = self.0.borrow().clone();
        async move { Ok(Secret::new(j)) }.boxed_local()
    }
}

pub fn exchange_options(workspace: &str, jwt: &Jwt) -> ExchangeOptions {
    let mut o = ExchangeOptions::new(server(), workspace, Rc::new(jwt.clone()));
    o.storage = StorageKind::Session;
    o
}

pub fn client(workspace: &str, jwt: &Jwt) -> Client {
    Client::with_exchange(exchange_options(workspace, jwt)).unwrap()
}

/// A signed-in demo user's client for WS1.
pub async fn demo_client() -> (Client, Jwt) {
    let jwt = Jwt::new(sign_in("demo@tavora.dev").await);
    (client(WS1, &jwt), jwt)
}

/// Real time plus an offset the test moves forward ("the machine slept").
#[derive(Clone, Default)]
pub struct ShiftedClock(pub Rc<std::cell::Cell<f64>>);

impl ShiftedClock {
    pub fn advance(&self, ms: f64) {
        self.0.set(self.0.get() + ms);
    }
}

impl tavora_wasm::auth::Clock for ShiftedClock {
    fn now_ms(&self) -> f64 {
        js_sys::Date::now() + self.0.get()
    }
}

/// Log entries for one route ("GET /api/sdk/project"), in order.
pub async fn log_of(route: &str) -> Vec<Value> {
    let (method, path) = route.split_once(' ').unwrap();
    requests().await["log"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|e| e["method"] == method && e["path"] == path)
        .collect()
}

/// The `X-API-Key` each logged request to `route` carried.
pub async fn keys_sent(route: &str) -> Vec<String> {
    log_of(route)
        .await
        .iter()
        .map(|e| e["headers"]["x-api-key"].as_str().unwrap_or("").to_string())
        .collect()
}

pub async fn sleep_ms(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

/// Runs a snippet of page JavaScript (to make storage misbehave, etc.).
pub fn js(code: &str) -> JsValue {
    js_sys::Function::new_no_args(code)
        .call0(&JsValue::NULL)
        .unwrap()
}

pub fn session_entries() -> Vec<(String, String)> {
    let s = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    (0..s.length().unwrap())
        .filter_map(|i| s.key(i).unwrap())
        .map(|k| {
            let v = s.get_item(&k).unwrap().unwrap_or_default();
            (k, v)
        })
        .collect()
}

pub fn slot(workspace: &str, sub: &str) -> String {
    format!("tavora_sdk_session_key:{}|{workspace}|sub:{sub}", server())
}
