use std::collections::HashSet;

use serde_json::{json, Value};

use super::route_table;
use crate::testutil::TestServer;

/// The REST seed's endpoint list (`001_f3096a0d8aae5f10.txt`), verbatim.
const SEED_ROUTES: &[(&str, &str)] = &[
    ("GET", "/project"),
    ("GET", "/metrics"),
    ("GET", "/indexes"),
    ("POST", "/indexes"),
    ("GET", "/indexes/:id"),
    ("PATCH", "/indexes/:id"),
    ("DELETE", "/indexes/:id"),
    ("POST", "/indexes/:id/documents"),
    ("GET", "/indexes/:id/documents"),
    ("GET", "/indexes/:id/documents/:docId"),
    ("GET", "/indexes/:id/documents/by-name/:name"),
    ("GET", "/indexes/:id/documents/by-name/:name/versions"),
    ("DELETE", "/indexes/:id/documents/:docId"),
    ("GET", "/documents"),
    ("GET", "/documents/:id"),
    ("DELETE", "/documents/:id"),
    ("POST", "/search"),
    ("POST", "/indexes/:id/search"),
    ("POST", "/secret-vaults"),
    ("GET", "/secret-vaults"),
    ("GET", "/secret-vaults/:id"),
    ("PATCH", "/secret-vaults/:id"),
    ("DELETE", "/secret-vaults/:id"),
    ("GET", "/secret-vaults/:id/secrets"),
    ("PUT", "/secret-vaults/:id/secrets/:name"),
    ("DELETE", "/secret-vaults/:id/secrets/:name"),
    ("GET", "/agents/system-prompt"),
    ("POST", "/agents"),
    ("GET", "/agents"),
    ("GET", "/agents/:id"),
    ("DELETE", "/agents/:id"),
    ("POST", "/agents/:id/run"),
    ("POST", "/agents/:id/input"),
    ("GET", "/agent-configs"),
    ("GET", "/agent-configs/:id"),
    ("DELETE", "/agent-configs/:id"),
    ("PATCH", "/agent-configs/:id/settings"),
    ("GET", "/agent-configs/:id/versions"),
    ("GET", "/agent-configs/:id/versions/:vid"),
    ("POST", "/agent-configs/:id/eval-runs"),
    ("GET", "/agent-configs/:id/eval-runs"),
    ("GET", "/agent-configs/:id/eval-suite"),
    ("PUT", "/source-sync"),
    ("POST", "/source-validate"),
    ("POST", "/source-deploy"),
    ("POST", "/source-rename"),
    ("POST", "/source-delete"),
    ("POST", "/chat/completions"),
    ("POST", "/conversations"),
    ("GET", "/conversations"),
    ("GET", "/conversations/:id"),
    ("DELETE", "/conversations/:id"),
    ("POST", "/conversations/:id/messages"),
    ("GET", "/skills"),
    ("GET", "/skills/:id"),
    ("POST", "/skills/validate"),
    ("GET", "/skills/authoring-guide"),
    ("GET", "/scheduled-runs"),
    ("POST", "/scheduled-runs"),
    ("GET", "/scheduled-runs/:id"),
    ("PATCH", "/scheduled-runs/:id"),
    ("DELETE", "/scheduled-runs/:id"),
    ("GET", "/evals"),
    ("GET", "/evals/:id"),
    ("GET", "/eval-runs"),
    ("GET", "/eval-runs/:id"),
    ("GET", "/eval-suites"),
    ("GET", "/eval-suites/:id"),
    ("GET", "/eval-suites/:id/versions"),
    ("GET", "/prompt-templates"),
    ("POST", "/prompt-templates"),
    ("GET", "/prompt-templates/:id"),
    ("PATCH", "/prompt-templates/:id"),
    ("DELETE", "/prompt-templates/:id"),
    ("GET", "/studio/:sessionID"),
    ("POST", "/studio/:sessionID/replay"),
    ("POST", "/studio/:sessionID/analyze"),
    ("GET", "/audit-log"),
    ("GET", "/audit-log/export"),
];

#[test]
fn route_table_covers_the_seed_exactly_once() {
    let table = route_table();
    let set: HashSet<_> = table.iter().copied().collect();
    assert_eq!(set.len(), table.len(), "duplicates in route_table()");
    assert_eq!(SEED_ROUTES.len(), 79);
    for r in SEED_ROUTES {
        assert!(
            set.contains(r),
            "seed route {r:?} missing from route_table()"
        );
    }
    // The only extra is the legacy alias of GET /project.
    let extra: Vec<_> = table.iter().filter(|r| !SEED_ROUTES.contains(r)).collect();
    assert_eq!(extra, vec![&("GET", "/app")]);
    for (m, p) in &table {
        assert!(["GET", "POST", "PUT", "PATCH", "DELETE"].contains(m));
        assert!(p.starts_with('/') && !p.contains('{'), "{p}");
    }
}

/// `:param` segments replaced by ids that exist nowhere.
fn concrete(template: &str) -> String {
    template
        .split('/')
        .map(|seg| match seg.strip_prefix(':') {
            Some(name) => format!("missing_{}", name.to_ascii_lowercase()),
            None => seg.to_string(),
        })
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
            assert!(template.contains(':'), "{method} {template}: {text}");
        }
    }
}
