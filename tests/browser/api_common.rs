//! Helpers for the per-area API tests: the seed data reset, what the
//! server received, and the JS client.

use super::support::*;
use serde_json::Value;
use tavora_wasm::js::client::JsClient;
use tavora_wasm::{Client, Error};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// Restores the dev server's seed data (and forgets keys), then signs in.
pub async fn fresh() -> Client {
    control("reset", serde_json::json!({"data": true})).await;
    reset().await;
    demo_client().await.0
}

/// Every logged request to `/api/sdk/*` so far.
pub async fn sdk_log() -> Vec<Value> {
    requests().await["log"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|e| {
            e["path"]
                .as_str()
                .is_some_and(|p| p.starts_with("/api/sdk/"))
        })
        .collect()
}

/// The last request the server saw for `METHOD /api/sdk<path>`.
pub async fn last(method: &str, path: &str) -> Value {
    let full = format!("/api/sdk{path}");
    sdk_log()
        .await
        .into_iter()
        .rev()
        .find(|e| e["method"] == method && e["path"] == full.as_str())
        .unwrap_or_else(|| panic!("no {method} {full} in the request log"))
}

/// The logged request's body as JSON.
pub fn body(entry: &Value) -> Value {
    let text = entry["body"].as_str().unwrap_or("");
    serde_json::from_str(text).unwrap_or_else(|_| panic!("body is not JSON: {text:?}"))
}

/// The logged request's query string (`""` when none).
pub fn query(entry: &Value) -> String {
    entry["query"].as_str().unwrap_or("").to_string()
}

pub fn header(entry: &Value, name: &str) -> String {
    entry["headers"][name].as_str().unwrap_or("").to_string()
}

/// Runs `f` and asserts it failed as invalid input without any request.
pub async fn rejected_locally<T: std::fmt::Debug>(
    f: impl std::future::Future<Output = Result<T, Error>>,
) {
    let before = sdk_log().await.len();
    let r = f.await;
    assert!(
        matches!(r, Err(Error::InvalidInput { .. })),
        "expected invalid input, got {r:?}"
    );
    assert_eq!(sdk_log().await.len(), before, "a request was sent");
}

/// A JS `TavoraClient` for the demo user (the JS surface under test).
pub async fn js_client() -> JsClient {
    js_client_with(&[]).await
}

/// [`js_client`] with more client options (`timeoutMs`, hooks, …).
pub async fn js_client_with(extra: &[(&str, JsValue)]) -> JsClient {
    let jwt = sign_in("demo@tavora.dev").await;
    let get_jwt = js_sys::Function::new_no_args(&format!("return {};", Value::String(jwt)));
    let opts = js_sys::Object::new();
    let set = |k: &str, v: &JsValue| {
        js_sys::Reflect::set(&opts, &JsValue::from_str(k), v).unwrap();
    };
    set("baseUrl", &JsValue::from_str(server()));
    set("workspaceId", &JsValue::from_str(WS1));
    set("getJwt", &get_jwt);
    set("storage", &JsValue::from_str("memory"));
    for (k, v) in extra {
        set(k, v);
    }
    JsClient::new(opts.into()).unwrap_or_else(|e| panic!("{e:?}"))
}

/// The arguments of `JsClient::invoke` (an endpoint-table method).
pub fn js_args(args: &[JsValue]) -> js_sys::Array {
    args.iter().collect()
}

/// Awaits a JS promise: `Ok(value)` or `Err(the rejection)`.
pub async fn settle(p: js_sys::Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(p).await
}

/// A property of a JS value.
pub fn prop(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A JS object from JSON.
pub fn jv(v: Value) -> JsValue {
    js_sys::JSON::parse(&v.to_string()).unwrap()
}

pub fn obj_map(v: Value) -> serde_json::Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}
