use serde_json::{json, Value};

use super::route_table;
use crate::testutil::TestServer;

// Coverage of the REST seed by `route_table()` is checked once, against the
// seed file itself, in the root crate's `tests/contract.rs`.

/// `{param}` segments replaced by ids that exist nowhere.
fn concrete(template: &str) -> String {
    template
        .split('/')
        .map(
            |seg| match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => format!("missing_{}", name.to_ascii_lowercase()),
                None => seg.to_string(),
            },
        )
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn every_route_table_entry_is_routed() {
    let s = TestServer::start().await;
    let key = s.api_key().await;
    // Sanity: what a route miss looks like.
    let r = s.sdk_get(&key, "/api/sdk/no-such-thing/missing_id").await;
    assert_eq!(r.status(), 404);
    let miss: Value = r.json().await.unwrap();
    assert_eq!(miss["message"], "no such route");
    let r = s
        .client
        .put(s.url("/api/sdk/indexes"))
        .header("X-API-Key", &key)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);

    for (method, template) in route_table() {
        let path = format!("/api/sdk{}", concrete(template));
        let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut req = s.client.request(m, s.url(&path)).header("X-API-Key", &key);
        if method != "GET" && method != "DELETE" {
            req = req.json(&json!({}));
        }
        let r = req.send().await.unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap_or_default();
        assert_ne!(status, 405, "{method} {template}: {text}");
        assert_ne!(status, 401, "{method} {template}: {text}");
        if status == 404 {
            let b: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            let msg = b["message"].as_str().unwrap_or_default();
            assert_eq!(b["code"], "NOT_FOUND", "{method} {template}: {text}");
            assert_ne!(msg, "no such route", "{method} {template} is not routed");
            assert!(msg.contains("not found"), "{method} {template}: {msg}");
            // Routes without parameters never answer 404.
            assert!(template.contains('{'), "{method} {template}: {text}");
        }
    }
}
